"""What a self-check found: each answer, test and written answer of a notebook, and a verdict.

A :class:`CheckReport` lists the cells that have a role in the assignment, in notebook order,
each as a :class:`CellCheck` with a :class:`Status`. Its text is what a learner reads: a line per
cell (✓ passed, ✗ failed with the error and what to look at next, … still to do), then a
summary that says how many visible tests pass and that the hidden tests decide the grade.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from simtoken.course.assignments import Assignment

__all__ = ["CellCheck", "CheckReport", "Status"]


class Status(StrEnum):
    """Where one cell stands after the run."""

    PASSED = "passed"
    FAILED = "failed"
    TODO = "to do"
    """An answer not yet written: a stub still raising ``NotImplementedError``, or a blank text."""
    WRITTEN = "written"
    """A written answer with text in it: an instructor grades it; no test can."""
    GRADER = "run by the grader"
    """The hidden tests' place in a student's copy: the grader puts them back and runs them."""


_MARKS = {
    Status.PASSED: "✓",
    Status.FAILED: "✗",
    Status.TODO: "…",
    Status.WRITTEN: "✎",
    Status.GRADER: "?",
}


@dataclass(frozen=True)
class CellCheck:
    """One cell's outcome: its nbgrader id, role, points, status and what to say about it."""

    grade_id: str
    kind: str
    """``answer`` (a cell the learner fills), ``test``, ``hidden test`` or ``written``."""
    points: int
    status: Status
    checks: str = ""
    """What the test checks (its ``# Checks:`` line)."""
    detail: str = ""
    """The error that the cell raised, or what is still to do."""
    hint: str = ""
    """What to look at next when it fails (its ``# If it fails:`` line)."""

    def lines(self) -> list[str]:
        """The report's lines about this cell."""
        worth = f" ({self.points} point{'s' * (self.points != 1)})" if self.points else ""
        head = f"{_MARKS[self.status]} {self.kind} {self.grade_id}{worth}: {self.status}"
        lines = [head + (f" — {self.checks}" if self.checks else "")]
        if self.status is Status.WRITTEN:
            lines.append("    an instructor grades this paragraph; the self-check cannot")
        if self.status in (Status.FAILED, Status.TODO) and self.detail:
            lines.append(f"    {self.detail}")
        if self.status is Status.FAILED and self.hint:
            lines.append(f"    look at: {self.hint}")
        return lines


@dataclass(frozen=True)
class CheckReport:
    """The self-check of one notebook against one assignment."""

    assignment: Assignment
    notebook: str
    cells: tuple[CellCheck, ...]

    @property
    def tests(self) -> tuple[CellCheck, ...]:
        """The test cells that ran here (visible, and hidden ones if the notebook has them)."""
        return tuple(c for c in self.cells if c.kind.endswith("test") and c.status != Status.GRADER)

    @property
    def passed(self) -> bool:
        """Every test passes and no answer cell is still to do or failing."""
        graded = [c for c in self.cells if c.kind != "written" and c.status != Status.GRADER]
        return bool(self.tests) and all(c.status is Status.PASSED for c in graded)

    def text(self) -> str:
        """The report as a learner reads it."""
        a = self.assignment
        lines = [f"{a.id} · {a.title} (notebook {a.notebook}) — {self.notebook}"]
        for cell in self.cells:
            lines += ["  " + line for line in cell.lines()]
        passing = sum(c.status is Status.PASSED for c in self.tests)
        lines.append(f"Tests: {passing} of {len(self.tests)} pass.")
        if self.passed:
            lines.append(
                "Next: the grader's hidden tests re-run your answer on seeds and inputs you have"
                " not seen; an answer that measures (rather than copies the example) passes them."
            )
        else:
            lines.append("Next: fix the first cell marked ✗ or …, then check again.")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.text()

    def _repr_pretty_(self, printer: object, cycle: bool) -> None:  # IPython shows the text
        printer.text(self.text())  # type: ignore[attr-defined]
