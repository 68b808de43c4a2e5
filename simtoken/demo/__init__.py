"""The demo: the whole story of simtoken in five steps in the terminal, and a report to look at.

``simtoken demo`` (and ``make demo``) prints, for each step, a setup line (who holds what, what
is stolen when and how, the lifetimes), a compact table of only the metrics that matter for it,
one sentence that reads the table (computed from its numbers) and the notebook that explains it
(:mod:`simtoken.demo.steps`). It then writes a self-contained ``report.html`` with the pictures
(:mod:`simtoken.demo.report`); the last line printed names that file. Every run is seeded, so the
output is the same on every machine.
"""

from __future__ import annotations

from pathlib import Path

from simtoken.demo.report import write_report
from simtoken.demo.steps import STEPS, Step

__all__ = ["STEPS", "Step", "demo_lines", "write_report"]


def demo_lines(out: Path) -> list[str]:
    """Run every step and write the report into ``out``; returns the lines to print."""
    lines = ["simtoken demo: five seeded runs, what each shows, and where to read more", ""]
    for number, step in enumerate(STEPS, 1):
        lines += step().lines(number)
    path = write_report(out)
    lines.append(f"Pictures (timeline, comparison, sweep, sequence diagram): {path}")
    return lines
