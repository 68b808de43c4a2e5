"""The self-check: run an assignment's visible tests on your notebook, without nbgrader.

An nbgrader assignment (``exercises/``) is a notebook whose cells have roles: cells the student
fills (*answers*), *tests* that grade them (each worth points) and *written answers* that an
instructor grades by hand. nbgrader's autograder runs the tests that the student sees and hidden
ones that re-run the answer on seeds and inputs the student has not seen. A learner studying
alone has no autograder; :func:`check` gives them the first half: it executes their notebook
from the top in a fresh Jupyter kernel (as ``Restart & Run All`` would), then says, test by test,
what passed, what failed and why (the assertion's message), and what to look at next (the test's
own ``# If it fails:`` line). An answer still raising ``NotImplementedError`` is reported as not
done yet, not as wrong.

Passing the visible tests is necessary, not sufficient: the hidden tests decide the grade, and
the report says so. A cell that calls the self-check itself (``simtoken.exercises.check(...)``,
``!simtoken check ...``) is skipped, so a learner may keep one at the end of their notebook.
Every cell has a time limit (:data:`CELL_TIMEOUT_S`): an answer that loops forever is stopped
and reported.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

from simtoken.course.assignments import assignment
from simtoken.errors import ConfigError
from simtoken.exercises.report import CellCheck, CheckReport, Status
from simtoken.validate import number

__all__ = ["CELL_TIMEOUT_S", "check", "find_notebook"]

CELL_TIMEOUT_S = 120
"""How long one cell may run before the check stops it (nbgrader's course uses the same)."""

_SELF_CALLS = ("exercises.check(", "simtoken check")
_BLANK_TEXT = "YOUR ANSWER HERE"


def find_notebook(name: str, notebook: str | Path | None = None) -> Path:
    """The learner's notebook for assignment ``name``: ``notebook`` if given, else found.

    Found: the first of ``NAME.ipynb``, ``NAME/NAME.ipynb``, ``release/NAME/NAME.ipynb`` and
    ``exercises/release/NAME/NAME.ipynb`` under the current folder that exists.
    """
    assignment(name)  # an unknown assignment is refused by name, before any file is looked at
    if notebook is not None:
        path = Path(notebook)
        if not path.is_file():
            raise ConfigError("notebook", str(notebook), "an existing .ipynb file")
        return path
    tried = [
        Path(f"{name}.ipynb"),
        Path(name, f"{name}.ipynb"),
        Path("release", name, f"{name}.ipynb"),
        Path("exercises", "release", name, f"{name}.ipynb"),
    ]
    for path in tried:
        if path.is_file():
            return path
    raise ConfigError(
        "notebook", None, "a notebook path, or one of " + ", ".join(str(p) for p in tried)
    )


def check(
    name: str, notebook: str | Path | None = None, *, timeout_s: float = CELL_TIMEOUT_S
) -> CheckReport:
    """Run the visible tests of assignment ``name`` (``"E4"``) on the learner's notebook.

    ``notebook`` is the path of the learner's copy (see :func:`find_notebook` for where it is
    looked for otherwise); ``timeout_s`` is each cell's time limit. Returns a
    :class:`~simtoken.exercises.report.CheckReport`: print it, or let Jupyter show it.
    """
    number("timeout_s", timeout_s, positive=True)
    path = find_notebook(name, notebook)
    document = _read(path)
    executed = _execute(document, path.parent, timeout_s)
    cells = tuple(c for cell in executed["cells"] if (c := _judge(cell)) is not None)
    return CheckReport(assignment(name), str(path), cells)


def _read(path: Path) -> dict[str, Any]:
    try:
        document: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ConfigError("notebook", str(path), f"a readable .ipynb (JSON) file: {exc}") from None
    cells = document.get("cells")
    if not isinstance(cells, list) or not all(isinstance(cell, dict) for cell in cells):
        raise ConfigError("notebook", str(path), "an .ipynb document with a list of cells")
    return document


def _execute(document: dict[str, Any], folder: Path, timeout_s: float) -> dict[str, Any]:
    """Run every code cell in a fresh kernel, errors and all; self-checks are left out.

    A cell past its time limit, or a kernel that dies, stops the run: the cells after it keep no
    outputs, and a last pseudo-cell says what stopped it.
    """
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    cells = [
        {"id": f"cell-{i}", **cell, "source": _text(cell)}  # old notebooks have no cell ids
        for i, cell in enumerate(document["cells"])
    ]
    for cell in cells:
        if cell.get("cell_type") == "code" and any(c in _text(cell) for c in _SELF_CALLS):
            cell["source"] = "# (the self-check is not run inside the self-check)"
    version = {"nbformat": 4, "nbformat_minor": 5}
    node = nbformat.from_dict({**document, "cells": cells, **version})  # type: ignore[no-untyped-call]
    client = NotebookClient(
        node,
        timeout=timeout_s,
        allow_errors=True,
        kernel_name="python3",
        resources={"metadata": {"path": str(folder)}},
    )
    stopped: list[dict[str, Any]] = []
    try:
        client.execute(stderr=subprocess.DEVNULL)  # the kernel's own log lines are not for us
    except (CellTimeoutError, DeadKernelError) as exc:
        stopped.append({"cell_type": "code", "metadata": {"simtoken_stopped": str(exc)}})
    executed: list[dict[str, Any]] = json.loads(json.dumps(node["cells"]))
    return {"cells": executed + stopped}


def _text(cell: dict[str, Any]) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def _judge(cell: dict[str, Any]) -> CellCheck | None:
    """What one graded or answer cell says after the run (None: a cell of no role)."""
    meta = cell.get("metadata", {})
    if "simtoken_stopped" in meta:
        return CellCheck("(stopped)", "test", 0, Status.FAILED, "", str(meta["simtoken_stopped"]))
    grading = meta.get("nbgrader", {})
    grade_id = str(grading.get("grade_id", ""))
    points = int(grading.get("points", 0) or 0)
    source = _text(cell)
    if cell.get("cell_type") == "markdown":
        if not (grading.get("grade") and grading.get("solution")):
            return None
        blank = _BLANK_TEXT in source or not source.strip()
        return CellCheck(grade_id, "written", points, Status.TODO if blank else Status.WRITTEN)
    if not (grading.get("grade") or grading.get("solution")):
        return None
    kind = "answer"
    if grading.get("grade"):
        kind = "test"
        if "BEGIN HIDDEN TESTS" in source or not _code_lines(source):
            kind = "hidden test"  # the instructor's copy, or the release's empty placeholder
        if not _code_lines(source):
            return CellCheck(
                grade_id, kind, points, Status.GRADER, _comment(source, "Hidden tests")
            )
    status, detail = _outcome(cell.get("outputs", []), ran=cell.get("execution_count") is not None)
    if kind == "answer" and status is Status.PASSED and "raise NotImplementedError" in source:
        status, detail = (
            Status.TODO,
            "this cell still raises NotImplementedError: write your answer",
        )
    checks, hint = _comment(source, "Checks"), _comment(source, "If it fails")
    return CellCheck(grade_id, kind, points, status, checks, detail, hint)


def _outcome(outputs: list[dict[str, Any]], ran: bool) -> tuple[Status, str]:
    for output in outputs:
        if output.get("output_type") == "error":
            name, value = output.get("ename", ""), output.get("evalue", "")
            if name == "NotImplementedError":
                return Status.TODO, "an answer still raises NotImplementedError: fill it in"
            return Status.FAILED, f"{name}: {value}".rstrip(": ")
    return (Status.PASSED, "") if ran else (Status.FAILED, "did not run (a cell above stopped)")


def _code_lines(source: str) -> list[str]:
    return [
        line for line in source.splitlines() if line.strip() and not line.lstrip().startswith("#")
    ]


def _comment(source: str, label: str) -> str:
    for line in source.splitlines():
        if line.startswith(f"# {label}:"):
            return line.split(":", 1)[1].strip()
    return ""
