"""The graded exercises: the nbgrader assignments of ``exercises/``, as data.

Each notebook of the course practises in an *assignment*: a notebook of its own in
``exercises/source/<id>/`` with a task, hints, cells the student fills and tests that grade them
(nbgrader's autograder runs the visible tests and the hidden ones, which re-run the answer on
seeds and inputs the student has not seen). Some assignments also ask for a paragraph of
reasoning that an instructor grades by hand (a *manually graded* cell). An :class:`Assignment`
says what the instructor needs to plan with: which notebook it follows, which learning
objectives it assesses, its level and its points. The notebooks' intro cells repeat these facts,
and a test holds both to the same values.

The levels follow the course's three kinds of learner tasks: an *apprentice* reads and runs, a
*practitioner* chooses settings and measures, an *expert* writes the security-critical code
(a verifier, a forger, a policy).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from simtoken.errors import UnknownNameError

__all__ = ["ASSIGNMENTS", "Assignment", "Level", "assignment", "assignment_table", "assignments_of"]


class Level(StrEnum):
    """How much an assignment asks of the learner."""

    APPRENTICE = "apprentice"
    PRACTITIONER = "practitioner"
    EXPERT = "expert"


@dataclass(frozen=True)
class Assignment:
    """One graded exercise of the nbgrader course."""

    id: str
    """Its name in ``exercises/source/`` (``"E4"``)."""
    title: str
    notebook: str
    """The course notebook it practises (``"03"``)."""
    objectives: tuple[str, ...]
    level: Level
    points: int
    """Its total points: autograded tests plus manually graded answers."""
    manual_points: int = 0
    """Of those, the points an instructor gives by hand (a paragraph of reasoning)."""


ASSIGNMENTS: tuple[Assignment, ...] = (
    Assignment(
        "E1", "Decode a token and report what it says", "01", ("LO1", "LO14"), Level.APPRENTICE, 3
    ),
    Assignment(
        "E2", "Break a signature, then make one", "01", ("LO14", "LO1"), Level.APPRENTICE, 5
    ),
    Assignment(
        "E3", "How long may an access token live?", "09", ("LO1", "LO8"), Level.PRACTITIONER, 4
    ),
    Assignment(
        "E4",
        "The smallest grace interval that stops the tabs' false logouts",
        "03",
        ("LO5",),
        Level.PRACTITIONER,
        4,
    ),
    Assignment(
        "E5", "The forgiveness rule of rotation", "03", ("LO4", "LO5"), Level.PRACTITIONER, 4
    ),
    Assignment(
        "E6",
        "Leave the F3 thief no token, and the user one login in two days",
        "04",
        ("LO3", "LO6", "LO10"),
        Level.PRACTITIONER,
        5,
        manual_points=2,
    ),
    Assignment(
        "E7",
        "Predict F1 and F2 before you run them",
        "04",
        ("LO1", "LO3", "LO4"),
        Level.PRACTITIONER,
        8,
        manual_points=2,
    ),
    Assignment(
        "E8",
        "Forge an admin token for four weak verifiers",
        "05",
        ("LO14",),
        Level.PRACTITIONER,
        8,
    ),
    Assignment("E9", "Write the API's verifier", "05", ("LO14", "LO2"), Level.EXPERT, 6),
    Assignment(
        "E10",
        "An (iss, jti) denylist whose entries expire at exp",
        "09",
        ("LO8", "LO9"),
        Level.PRACTITIONER,
        4,
    ),
    Assignment("E11", "Five ways to break a DPoP proof", "11", ("LO6",), Level.EXPERT, 5),
    Assignment(
        "E12",
        "A detector threshold for a false-positive budget, and what it misses",
        "12",
        ("LO12",),
        Level.PRACTITIONER,
        4,
    ),
    Assignment(
        "E13",
        "The capstone: one design against every failure mode",
        "14",
        ("LO1", "LO3", "LO4", "LO5", "LO6", "LO7", "LO8", "LO10", "LO14"),
        Level.EXPERT,
        8,
        manual_points=3,
    ),
)
"""Every assignment, in order."""

_BY_ID = {a.id: a for a in ASSIGNMENTS}


def assignment(name: str) -> Assignment:
    """The assignment called ``name`` (``"E4"``); an unknown one is refused by name."""
    try:
        return _BY_ID[name]
    except KeyError:
        raise UnknownNameError("assignment", name, list(_BY_ID)) from None


def assignments_of(number: str) -> tuple[str, ...]:
    """The ids of the assignments that practise notebook ``number``, in order."""
    return tuple(a.id for a in ASSIGNMENTS if a.notebook == number)


def assignment_table() -> str:
    """The assignments as a Markdown table (the README's and the instructors' guide's)."""
    rows = [
        "| assignment | task | notebook | objectives | level | points |",
        "|---|---|---|---|---|---|",
    ]
    for a in ASSIGNMENTS:
        points = f"{a.points} ({a.manual_points} written)" if a.manual_points else str(a.points)
        objectives = ", ".join(a.objectives)
        rows.append(f"| {a.id} | {a.title} | {a.notebook} | {objectives} | {a.level} | {points} |")
    return "\n".join(rows)
