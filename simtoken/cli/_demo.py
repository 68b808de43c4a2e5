"""``simtoken demo``: the five-step story in the terminal and the report (:mod:`simtoken.demo`)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from simtoken.cli._args import Parser
from simtoken.demo import demo_lines

__all__ = ["add_demo", "cmd_demo"]

if TYPE_CHECKING:  # generic only to the type checker, not at run time
    _Subcommands = argparse._SubParsersAction[Parser]


def add_demo(sub: _Subcommands) -> None:
    """Add ``simtoken demo [--out DIR]`` to the subcommands."""
    parser = sub.add_parser("demo", help="tell the story in five seeded steps; write a report")
    parser.add_argument(
        "--out", type=Path, default=Path("out"), metavar="DIR",
        help="directory for report.html (default: out)",
    )  # fmt: skip


def cmd_demo(args: argparse.Namespace) -> int:
    """Print the demo and write ``DIR/report.html``."""
    for line in demo_lines(args.out):
        print(line)
    return 0
