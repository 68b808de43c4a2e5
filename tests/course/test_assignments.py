"""The assignment catalog says of each nbgrader notebook exactly what the notebook says."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from simtoken.course import ASSIGNMENTS, COURSE, OBJECTIVES, Level, assignment
from simtoken.course.assignments import assignment_table, assignments_of
from simtoken.errors import UnknownNameError

ROOT = Path(__file__).resolve().parents[2]
INTRO = re.compile(
    r"\*\*Notebook:\*\* (?P<notebook>\d\d)[^·]*· \*\*Objectives:\*\* (?P<objectives>[LO\d, ]+) · "
    r"\*\*Level:\*\* (?P<level>\w+) · \*\*Points:\*\* (?P<points>\d+)"
)


def _cells(name: str) -> list[dict[str, Any]]:
    path = ROOT / "exercises" / "source" / name / f"{name}.ipynb"
    cells: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return cells


def _graded(cells: list[dict[str, Any]], manual: bool) -> int:
    total = 0
    for cell in cells:
        meta = cell["metadata"].get("nbgrader", {})
        if meta.get("grade") and (cell["cell_type"] == "markdown") == manual:
            total += int(meta["points"])
    return total


@pytest.mark.parametrize("entry", ASSIGNMENTS, ids=lambda a: a.id)
def test_the_notebook_intro_matches_the_catalog(entry: Any) -> None:
    cells = _cells(entry.id)
    intro = "".join(cells[0]["source"])
    assert intro.startswith(f"# {entry.id} · {entry.title}\n")
    found = INTRO.search(intro)
    assert found, intro[:300]
    assert found["notebook"] == entry.notebook
    assert tuple(found["objectives"].split(", ")) == entry.objectives
    assert Level(found["level"]) is entry.level
    assert int(found["points"]) == entry.points
    assert _graded(cells, manual=False) + _graded(cells, manual=True) == entry.points
    assert _graded(cells, manual=True) == entry.manual_points
    assert "**Hints.**" in intro


def test_every_assignment_follows_a_notebook_and_assesses_known_objectives() -> None:
    numbers = {n.number for n in COURSE}
    known = {o.id for o in OBJECTIVES}
    for entry in ASSIGNMENTS:
        assert entry.notebook in numbers and set(entry.objectives) <= known, entry.id
        assert 0 <= entry.manual_points < entry.points
    assert [int(a.id[1:]) for a in ASSIGNMENTS] == sorted(int(a.id[1:]) for a in ASSIGNMENTS)


def test_assignments_are_found_by_name_and_by_notebook() -> None:
    assert assignment("E4").notebook == "03"
    assert assignments_of("03") == ("E4", "E5")
    assert assignments_of("02") == ()
    with pytest.raises(UnknownNameError, match="assignment: unknown name 'E99'"):
        assignment("E99")


def test_the_readme_and_the_guide_show_the_assignment_table() -> None:
    table = assignment_table()
    assert table.count("\n") == len(ASSIGNMENTS) + 1
    for page in ("README.md", "docs/instructors.md"):
        assert table in (ROOT / page).read_text(encoding="utf-8"), page


def test_the_guide_names_each_answer_key_beside_its_notebook() -> None:
    guide = (ROOT / "docs" / "instructors.md").read_text(encoding="utf-8")
    rows = {line[2:4]: line for line in guide.splitlines() if re.match(r"\| \d\d ", line)}
    assert sorted(rows) == sorted(n.number for n in COURSE)
    for entry in ASSIGNMENTS:
        assert f"`exercises/source/{entry.id}/`" in rows[entry.notebook], entry.id
