"""The self-check runs a learner's notebook and says, test by test, what passed and what's next."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from simtoken.cli import main
from simtoken.errors import ConfigError, UnknownNameError
from simtoken.exercises import Status, check, find_notebook

ROOT = Path(__file__).resolve().parents[2]
RELEASE = ROOT / "exercises" / "release" / "E1" / "E1.ipynb"
SOURCE = ROOT / "exercises" / "source" / "E1" / "E1.ipynb"
STUB = "raise NotImplementedError()"

pytestmark = pytest.mark.slow  # each check starts a Jupyter kernel


def _answered(tmp_path: Path, answer: str, *extra: str) -> Path:
    """The E1 release with its stub replaced by ``answer`` and ``extra`` code cells appended."""
    notebook: dict[str, Any] = json.loads(RELEASE.read_text(encoding="utf-8"))
    for cell in notebook["cells"]:
        cell["source"] = "".join(cell["source"]).replace(STUB, answer)
    for source in extra:
        notebook["cells"].append(
            {"cell_type": "code", "metadata": {}, "outputs": [], "source": source}
        )
        notebook["cells"][-1]["execution_count"] = None
    path = tmp_path / "E1.ipynb"
    path.write_text(json.dumps(notebook), encoding="utf-8")
    return path


def _statuses(report: Any) -> list[tuple[str, str, Status]]:
    return [(c.grade_id, c.kind, c.status) for c in report.cells]


def test_the_blank_release_is_to_do_and_the_hidden_tests_are_the_graders() -> None:
    report = check("E1", RELEASE)
    assert _statuses(report) == [
        ("e1-answer", "answer", Status.TODO),
        ("e1-tests", "test", Status.TODO),
        ("e1-hidden", "hidden test", Status.GRADER),
    ]
    assert not report.passed
    assert "Tests: 0 of 1 pass." in report.text()
    assert "report() reads sub, aud and the lifetime" in report.text()


def test_the_instructors_solution_passes_every_test_hidden_ones_included() -> None:
    report = check("E1", SOURCE)
    assert _statuses(report) == [
        ("e1-answer", "answer", Status.PASSED),
        ("e1-tests", "test", Status.PASSED),
        ("e1-hidden", "hidden test", Status.PASSED),
    ]
    assert report.passed and "Tests: 2 of 2 pass." in report.text()


def test_a_wrong_answer_fails_with_its_error_and_what_to_look_at(tmp_path: Path) -> None:
    wrong = 'return {"sub": "user-1", "aud": "https://api.example", "lifetime": 60}'
    report = check("E1", _answered(tmp_path, wrong, 'simtoken.exercises.check("E1")'))
    test = report.cells[1]
    assert (test.status, test.detail) == (Status.FAILED, "AssertionError")
    assert test.hint.startswith('notebook 01, "A token by hand"')
    assert "    look at: notebook 01" in report.text()
    assert not report.passed and len(report.cells) == 3  # the self-call cell was not run


def test_a_right_answer_in_the_learners_folder_is_found_and_passes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    right = 'import jwt\n    c = jwt.decode(token, options={"verify_signature": False})\n'
    right += '    return {"sub": c["sub"], "aud": c["aud"], "lifetime": c["exp"] - c["iat"]}'
    _answered(tmp_path, right)
    monkeypatch.chdir(tmp_path)
    assert find_notebook("E1") == Path("E1.ipynb")
    assert main(["check", "E1"]) == 0


def test_an_answer_that_never_ends_is_stopped_and_reported(tmp_path: Path) -> None:
    report = check("E1", _answered(tmp_path, "while True:\n        pass"), timeout_s=3)
    assert report.cells[-1].status is Status.FAILED
    assert "timed out" in report.cells[-1].detail.lower()
    assert not report.passed


def test_bad_input_is_refused_by_name(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(UnknownNameError, match="assignment: unknown name 'E99'"):
        check("E99", SOURCE)
    with pytest.raises(ConfigError, match=r"notebook: invalid value 'nope\.ipynb'"):
        check("E1", "nope.ipynb")
    (tmp_path / "bad.ipynb").write_text("{not json", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"a readable \.ipynb"):
        check("E1", tmp_path / "bad.ipynb")
    for cells in ("3", "[3]"):
        (tmp_path / "cells.ipynb").write_text(f'{{"cells": {cells}}}', encoding="utf-8")
        with pytest.raises(ConfigError, match="a list of cells"):
            check("E1", tmp_path / "cells.ipynb")
    with pytest.raises(ConfigError, match="timeout_s"):
        check("E1", SOURCE, timeout_s=0)
    assert main(["check", "E1", str(tmp_path / "missing.ipynb")]) == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_without_a_path_the_release_folder_is_searched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError, match=r"E1.ipynb, E1/E1.ipynb, release/E1/E1.ipynb"):
        find_notebook("E1")
    shutil.copytree(ROOT / "exercises" / "release", tmp_path / "exercises" / "release")
    assert find_notebook("E1") == Path("exercises", "release", "E1", "E1.ipynb")
