"""``simtoken check``: an exercise's visible tests run on a learner's notebook (self-study)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from simtoken.cli._args import Parser
from simtoken.exercises import check

__all__ = ["add_check", "cmd_check"]

if TYPE_CHECKING:  # generic only to the type checker, not at run time
    _Subcommands = argparse._SubParsersAction[Parser]


def add_check(sub: _Subcommands) -> None:
    """``simtoken check E4 [NOTEBOOK]``: an assignment's visible tests run on a learner's copy."""
    parser = sub.add_parser(
        "check",
        help="run an exercise's visible tests on your notebook (self-study, no nbgrader)",
        description="Run your notebook of an nbgrader assignment (exercises/) from the top in a "
        "fresh kernel and report each visible test: passed, failed (and what to look at next) or "
        "still to do. Exit 0 when every test passes, 1 otherwise, 2 on bad usage.",
    )
    parser.add_argument("assignment", metavar="ASSIGNMENT", help="E1, E2, ... (see exercises/)")
    parser.add_argument(
        "notebook",
        metavar="NOTEBOOK",
        nargs="?",
        help="your .ipynb (default: ASSIGNMENT.ipynb here, or exercises/release/ASSIGNMENT/)",
    )


def cmd_check(args: argparse.Namespace) -> int:
    """Print the self-check's report; exit 0 when every visible test passes, else 1."""
    report = check(args.assignment, args.notebook)
    print(report)
    return 0 if report.passed else 1
