"""The course's data: objectives, notebooks, paths and every notebook's questions."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

import simtoken
from simtoken.course import (
    ASSIGNMENTS,
    COURSE,
    OBJECTIVES,
    PATHS,
    check,
    course_map,
    notebook,
    objective,
)
from simtoken.course.questions import LETTERS, questions
from simtoken.errors import ConfigError, UnknownNameError

ROOT = Path(__file__).resolve().parents[2]
WRITTEN = [n for n in COURSE if n.written]


def test_fifteen_objectives_in_order() -> None:
    assert [o.id for o in OBJECTIVES] == [f"LO{i}" for i in range(1, 16)]
    assert objective("LO12").summary.startswith("detect stolen-session use")
    with pytest.raises(UnknownNameError, match="16"):
        objective("LO" + "16")  # one past the last


def test_fourteen_notebooks_numbered_01_to_14_with_known_objectives_and_scenarios() -> None:
    assert [n.number for n in COURSE] == [f"{i:02d}" for i in range(1, 15)]
    for n in COURSE:
        assert n.objectives and all(objective(o) for o in n.objectives)
        for name in n.scenarios:
            assert simtoken.get_scenario(name).name == name
    assert notebook("03").slug == "rotation-and-races"
    with pytest.raises(UnknownNameError, match="'15'"):
        notebook("15")


def test_the_written_notebooks_are_exactly_the_files_in_notebooks() -> None:
    on_disk = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
    assert sorted(n.filename for n in WRITTEN) == on_disk


def test_the_paths_take_known_notebooks_in_order() -> None:
    numbers = [n.number for n in COURSE]
    for path in PATHS.values():
        assert list(path) == sorted(path) and set(path) <= set(numbers)
    assert PATHS["two-day course"] == tuple(numbers)


def test_the_course_map_links_every_notebook_and_says_which_are_still_to_write(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from simtoken.course import notebooks

    table = course_map()
    assert table.count("\n") == len(COURSE) + 1
    assert "[01 What a JWT is, and why two tokens](notebooks/01-what-is-a-jwt.ipynb)" in table
    assert "to be written" not in table  # all fourteen are in the repository
    assert "| 40 min | E1, E2 |" in table and "| 35 min | E3, E10 |" in table
    planned = (*COURSE[:-1], dataclasses.replace(COURSE[-1], written=False))
    monkeypatch.setattr(notebooks, "COURSE", planned)
    assert "| 14 Capstone: design, attack, defend (to be written) |" in course_map()
    assert course_map().splitlines()[0] == "| notebook | objectives | time | exercises |"
    assert notebooks.coverage_table().endswith(
        "| to be written: 14 | see the README's course map |"
    )


def test_the_readme_shows_the_course_map() -> None:
    assert course_map() in (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("number", [n.number for n in WRITTEN])
def test_every_written_notebook_has_three_to_five_questions_within_its_objectives(
    number: str,
) -> None:
    qs = questions(number)
    assert 3 <= len(qs) <= 5
    for q in qs:
        assert len(q.choices) == 4 and q.answer in LETTERS
        assert set(q.objectives) <= set(notebook(number).objectives), q.label
    nb = (ROOT / "notebooks" / notebook(number).filename).read_text(encoding="utf-8")
    assert re.search(rf"quiz\(\\\"{number}\\\"\)", nb), f"notebook {number} shows no quiz"


def test_check_says_right_or_wrong_and_why() -> None:
    q = questions("01")[1]
    assert check(q, "b").correct and check(q, " B ").text.startswith("B: correct. RFC 7519")
    wrong = check(q, "A")
    assert not wrong.correct and "The answer is B." in wrong.text and q.why in wrong.text
    with pytest.raises(UnknownNameError, match=r"Q2 .* choice: unknown name 'E'"):
        check(q, "E")


def test_an_unknown_notebook_has_no_questions() -> None:
    with pytest.raises(UnknownNameError, match="notebook: unknown name '99'"):
        questions("99")


def test_a_bad_question_file_is_refused_by_field(tmp_path: Path) -> None:
    from simtoken.course.questions import _question

    good = {
        "prompt": "p",
        "choices": ["a", "b", "c", "d"],
        "answer": "A",
        "why": "w",
        "objectives": ["LO1"],
    }
    assert _question("01", 1, good).label == "Q1 (LO1)"
    with pytest.raises(ConfigError, match="choices"):
        _question("01", 1, {**good, "choices": ["a", "a", "c", "d"]})
    with pytest.raises(UnknownNameError, match="answer"):
        _question("01", 1, {**good, "answer": "E"})
    with pytest.raises(UnknownNameError, match="objective"):
        _question("01", 1, {**good, "objectives": ["LO" + "99"]})
    with pytest.raises(ConfigError, match="why: invalid value None"):
        _question("01", 1, {k: v for k, v in good.items() if k != "why"})


def test_the_objectives_page_shows_which_notebook_teaches_what() -> None:
    from simtoken.course import coverage_table

    page = (ROOT / "docs" / "learning-objectives.md").read_text(encoding="utf-8")
    assert page.rstrip().endswith(coverage_table())


def test_every_scenario_is_run_by_some_notebook() -> None:
    run = {name for n in WRITTEN for name in n.scenarios}
    assert set(simtoken.SCENARIOS) - run == set()
    for n in WRITTEN:  # a notebook runs what it says it runs
        text = (ROOT / "notebooks" / n.filename).read_text(encoding="utf-8")
        missing = [name for name in n.scenarios if f'\\"{name}\\"' not in text]
        assert missing == [], n.filename


def test_every_objective_has_a_notebook_with_a_widget_and_a_checked_question_for_it() -> None:
    for lo in OBJECTIVES:
        teaching = [
            n
            for n in WRITTEN
            if lo.id in n.objectives and any(lo.id in q.objectives for q in questions(n.number))
        ]
        assert teaching, lo.id
        for n in teaching:  # the quiz is a widget; most have an explorer too
            text = (ROOT / "notebooks" / n.filename).read_text(encoding="utf-8")
            assert "simtoken.widgets." in text, (lo.id, n.filename)


def test_the_readme_and_the_guide_name_every_path() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    guide = (ROOT / "docs" / "instructors.md").read_text(encoding="utf-8")
    for name, path in PATHS.items():
        assert f"- **{name}**: {', '.join(path)}" in readme
        assert name.split()[0] in guide.lower()


def test_every_assignment_of_the_nbgrader_course_is_in_the_catalog() -> None:
    named = sorted(a.id for a in ASSIGNMENTS)
    assert named == sorted(p.name for p in (ROOT / "exercises" / "source").iterdir())
