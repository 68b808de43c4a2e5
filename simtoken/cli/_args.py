"""Argument types and parsers shared by the ``simtoken`` subcommands (one-line usage errors)."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import NoReturn

__all__ = [
    "Parser",
    "UsageError",
    "add_policy",
    "count_arg",
    "events_arg",
    "parse_grid",
    "parse_settings",
    "parse_variant",
    "parse_window",
    "seed_arg",
    "seeds_arg",
]


class UsageError(Exception):
    """A command-line mistake, reported as one line with exit code 2."""


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def seed_arg(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"invalid seed {text!r}; allowed: a whole number >= 0"
        ) from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"invalid seed {text!r}; allowed: a whole number >= 0")
    return value


def count_arg(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"invalid value {text!r}; allowed: a whole number >= 1")
    return value


def events_arg(text: str) -> int:
    """A number of events to show: a whole number >= 0 (0: none)."""
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"invalid value {text!r}; allowed: a whole number >= 0")
    return value


def seeds_arg(text: str) -> tuple[int, ...] | int:
    try:
        if "," not in text:
            return int(text)
        return tuple(seed_arg(part) for part in text.split(",") if part.strip())
    except (ValueError, argparse.ArgumentTypeError):
        raise argparse.ArgumentTypeError(
            f"invalid seeds {text!r}; allowed: a count N, or seeds S1,S2,... (whole numbers >= 0)"
        ) from None


def parse_window(text: str) -> tuple[float | None, float | None]:
    first, sep, last = text.partition(":")
    try:
        if not sep:
            raise ValueError(text)
        start = float(first) if first.strip() else None
        end = float(last) if last.strip() else None
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"invalid window {text!r}; allowed: FROM:TO in sim seconds, e.g. 3500:4000"
        ) from None
    if start is not None and end is not None and end < start:
        raise argparse.ArgumentTypeError(f"invalid window {text!r}; allowed: FROM <= TO")
    return start, end


def add_policy(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--preset", metavar="PRESET", help="a product's policy (see `simtoken presets`)"
    )
    parser.add_argument(
        "--set",
        dest="settings",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="override one setting (repeatable; see `simtoken settings`)",
    )


def parse_settings(items: Sequence[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep or not key:
            raise UsageError(f"--set: expected KEY=VALUE, got {item!r}")
        if key in out:
            raise UsageError(f"--set: {key} given twice")
        out[key] = value
    return out


def parse_variant(text: str) -> tuple[str, dict[str, str]]:
    label, sep, body = text.partition(":")
    if not sep or not label.strip():
        raise UsageError(f"--variant: expected LABEL:KEY=VALUE,..., got {text!r}")
    knobs = parse_settings([item for item in body.split(",") if item.strip()])
    return label.strip(), knobs


def parse_grid(items: Sequence[str]) -> dict[str, list[str]]:
    grid: dict[str, list[str]] = {}
    for item in items:
        key, sep, body = item.partition("=")
        key, values = key.strip(), [v.strip() for v in body.split(",")]
        if not sep or not key or not all(values):
            raise UsageError(f"--grid: expected KEY=V1,V2,..., got {item!r}")
        if key in grid:
            raise UsageError(f"--grid: {key} given twice")
        grid[key] = values
    return grid
