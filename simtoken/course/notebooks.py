"""The notebooks of the course, what each teaches, and the paths through them.

The course is fourteen numbered notebooks (``notebooks/NN-slug.ipynb``), from "what a JWT is" to
a capstone, about nine hours in all. Each :class:`Notebook` names its learning objectives
(:mod:`simtoken.course.objectives`), its time and the scenarios of ``simtoken list`` it runs;
``written`` says whether it is in the repository yet (a notebook still to be written is listed
so that the map shows the whole course, and says so). :data:`PATHS` names two ways through it: a
one-day developer course and the full two-day course. :func:`course_map` is the README's table.
"""

from __future__ import annotations

from dataclasses import dataclass

from simtoken.course.assignments import assignments_of
from simtoken.errors import UnknownNameError

__all__ = ["COURSE", "PATHS", "Notebook", "course_map", "coverage_table", "notebook"]


@dataclass(frozen=True)
class Notebook:
    """One notebook of the course."""

    number: str
    slug: str
    title: str
    minutes: int
    objectives: tuple[str, ...]
    scenarios: tuple[str, ...]
    written: bool = True

    @property
    def filename(self) -> str:
        """Its file name under ``notebooks/``: ``NN-slug.ipynb``."""
        return f"{self.number}-{self.slug}.ipynb"


COURSE: tuple[Notebook, ...] = (
    Notebook(
        "01",
        "what-is-a-jwt",
        "What a JWT is, and why two tokens",
        40,
        ("LO1", "LO2", "LO14"),
        ("refresh",),
    ),
    Notebook(
        "02", "expiry-and-refresh", "Expiry and refresh", 30, ("LO1", "LO7"), ("expiry", "refresh")
    ),
    Notebook(
        "03",
        "rotation-and-races",
        "Rotation and races",
        40,
        ("LO3", "LO4", "LO5", "LO7"),
        ("rotation", "reuse-detection", "concurrent-tabs", "lost-response", "grace-interval"),
    ),
    Notebook(
        "04",
        "theft-and-mitigations",
        "Theft and mitigations",
        45,
        ("LO1", "LO3", "LO4", "LO6", "LO8", "LO10"),
        ("theft-f1", "theft-f2", "theft-f3", "theft-f3b", "theft-f4"),
    ),
    Notebook(
        "05",
        "forged-tokens",
        "Forged tokens",
        30,
        ("LO2", "LO14"),
        ("forgery",),
    ),
    Notebook(
        "06",
        "oauth-in-context",
        "OAuth 2.0 in context: where tokens come from",
        40,
        ("LO15", "LO2"),
        ("refresh", "code-interception", "redirect-uri", "login-csrf", "implicit-leak", "theft"),
    ),
    Notebook(
        "07",
        "storage-cookies-csrf",
        "Where the browser keeps tokens",
        40,
        ("LO10", "LO6"),
        ("theft", "cookie-refresh", "csrf"),
    ),
    Notebook(
        "08",
        "sso-audiences-scopes",
        "SSO, audiences and scopes",
        40,
        ("LO2", "LO8"),
        ("sso", "sso-apps", "single-logout", "scopes"),
    ),
    Notebook(
        "09",
        "logout-revocation-denylists",
        "Logout, revocation and denylists",
        35,
        ("LO8", "LO9"),
        ("logout",),
    ),
    Notebook(
        "10",
        "mobile-and-workers",
        "Mobile apps and background workers",
        35,
        ("LO7", "LO5"),
        ("mobile", "background", "sliding-lifetime", "theft-f8", "client-credentials"),
    ),
    Notebook(
        "11",
        "proof-of-possession",
        "Proof of possession: DPoP, mTLS, fingerprints, DBSC",
        40,
        ("LO6", "LO11", "LO13"),
        (
            "theft",
            "theft-f3",
            "precomputed-proofs",
            "dpop-nonce",
            "theft-f4",
            "fingerprint",
            "dbsc",
        ),
    ),
    Notebook(
        "12",
        "detecting-stolen-sessions",
        "Detecting stolen sessions",
        40,
        ("LO12", "LO4"),
        ("detection", "detection-careful-attacker", "remediation"),
    ),
    Notebook(
        "13",
        "keys-and-verifiers",
        "Keys and verifiers in production",
        35,
        ("LO14", "LO9"),
        ("key-rotation", "key-compromise", "logout"),
    ),
    Notebook(
        "14",
        "capstone",
        "Capstone: design, attack, defend",
        90,
        tuple(f"LO{i}" for i in range(1, 16)),
        ("concurrent-tabs",),
    ),
)
"""The notebooks, in order."""

PATHS: dict[str, tuple[str, ...]] = {
    "90-minute workshop": ("01", "04"),
    "one-day developer course": ("01", "02", "03", "04", "05", "07"),
    "two-day course": tuple(n.number for n in COURSE),
}
"""Named paths through the course: the notebooks each takes, in order."""

_BY_NUMBER = {n.number: n for n in COURSE}


def notebook(number: str) -> Notebook:
    """The notebook numbered ``number`` (``"03"``); an unknown one is refused by name."""
    try:
        return _BY_NUMBER[number]
    except KeyError:
        raise UnknownNameError("notebook", number, list(_BY_NUMBER)) from None


def course_map() -> str:
    """The course as a Markdown table: notebook, objectives, time, exercises (the README's map)."""
    rows = ["| notebook | objectives | time | exercises |", "|---|---|---|---|"]
    for n in COURSE:
        name = (
            f"[{n.number} {n.title}](notebooks/{n.filename})"
            if n.written
            else (f"{n.number} {n.title} (to be written)")
        )
        exercises = ", ".join(assignments_of(n.number)) or "-"
        rows.append(f"| {name} | {', '.join(n.objectives)} | {n.minutes} min | {exercises} |")
    return "\n".join(rows)


def coverage_table() -> str:
    """Each written notebook and its objectives, then the ones still to write (the LO page's)."""
    rows = ["| notebook | objectives |", "|---|---|"]
    rows += [f"| `{n.filename[:-6]}` | {', '.join(n.objectives)} |" for n in COURSE if n.written]
    planned = [n.number for n in COURSE if not n.written]
    if planned:
        rows.append(f"| to be written: {', '.join(planned)} | see the README's course map |")
    return "\n".join(rows)
