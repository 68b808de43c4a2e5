"""Exam-style questions: each notebook's multiple-choice checks, with answers and reasons.

A notebook ends with three to five multiple-choice questions in the style of a certification
exam (one best answer among four). They are data, kept in ``simtoken/course/data/NN.toml``
(one file per notebook, ``[[question]]`` tables with ``prompt``, ``choices``, ``answer`` as a
letter, ``why`` and ``objectives``), validated when loaded: four distinct choices, an answer
among their letters, known objective identifiers, three to five questions a notebook.

:func:`check` says whether a chosen letter is right and why, the same text the notebook's quiz
widget (:func:`simtoken.widgets.quiz`) shows; a wrong letter gets the reason of the right
answer too, so that the learner never has to guess what was wrong.
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from importlib import resources
from typing import Any

from simtoken.course.objectives import objective
from simtoken.errors import ConfigError, UnknownNameError

__all__ = ["LETTERS", "Feedback", "Question", "check", "questions"]

LETTERS = ("A", "B", "C", "D")
"""The letters of a question's four choices, in order."""

_PER_NOTEBOOK = (3, 5)
"""The fewest and the most questions a notebook has."""


@dataclass(frozen=True)
class Question:
    """One multiple-choice question of a notebook: four choices, one best answer."""

    notebook: str
    number: int
    prompt: str
    choices: tuple[str, ...]
    answer: str
    why: str
    objectives: tuple[str, ...]

    @property
    def label(self) -> str:
        """``Q<number>`` with the objectives it checks, e.g. ``Q2 (LO3, LO4)``."""
        return f"Q{self.number} ({', '.join(self.objectives)})"


@dataclass(frozen=True)
class Feedback:
    """Whether a choice was right, and the text that says so and why."""

    correct: bool
    text: str


def check(question: Question, choice: str) -> Feedback:
    """Check ``choice`` (a letter, any case) against ``question``'s answer, with the reason."""
    letter = choice.strip().upper() if isinstance(choice, str) else choice
    if letter not in LETTERS:
        raise UnknownNameError(f"{question.label} choice", choice, list(LETTERS))
    if letter == question.answer:
        return Feedback(True, f"{letter}: correct. {question.why}")
    return Feedback(False, f"{letter}: not quite. The answer is {question.answer}. {question.why}")


@functools.cache
def questions(notebook: str) -> tuple[Question, ...]:
    """The questions of ``notebook`` (its number, ``"01"``), loaded and validated once."""
    name = f"{notebook}.toml"
    data = resources.files("simtoken.course").joinpath("data", name)
    if not data.is_file():
        known = sorted(p.name.removesuffix(".toml") for p in _data_files())
        raise UnknownNameError("notebook", notebook, known)
    tables = tomllib.loads(data.read_text(encoding="utf-8")).get("question", [])
    low, high = _PER_NOTEBOOK
    if not low <= len(tables) <= high:
        raise ConfigError(f"{name} questions", len(tables), f"{low} to {high} questions")
    return tuple(_question(notebook, i, t) for i, t in enumerate(tables, start=1))


def _data_files() -> list[Any]:
    folder = resources.files("simtoken.course").joinpath("data")
    return [p for p in folder.iterdir() if p.name.endswith(".toml")]


def _question(notebook: str, number: int, table: dict[str, Any]) -> Question:
    """One ``[[question]]`` table, checked field by field."""
    where = f"{notebook}.toml question {number}"
    for key in ("prompt", "choices", "answer", "why", "objectives"):
        if key not in table:
            raise ConfigError(f"{where} {key}", None, "a value (it is missing)")
    choices = tuple(str(c) for c in table["choices"])
    if len(choices) != len(LETTERS) or len(set(choices)) != len(choices):
        raise ConfigError(f"{where} choices", len(choices), "four distinct choices")
    if table["answer"] not in LETTERS:
        raise UnknownNameError(f"{where} answer", table["answer"], list(LETTERS))
    objectives = tuple(str(o) for o in table["objectives"])
    for identifier in objectives:
        objective(identifier)
    if not objectives:
        raise ConfigError(f"{where} objectives", [], "at least one objective (LO1 ... LO15)")
    return Question(
        notebook,
        number,
        str(table["prompt"]),
        choices,
        table["answer"],
        str(table["why"]),
        objectives,
    )
