"""The course's questions as a bank a learning-management system imports: GIFT or Moodle XML.

The notebooks' multiple-choice questions (:mod:`simtoken.course.questions`) are the one source;
this module writes them in the two formats Moodle (and most LMSs that follow it) import:

* **GIFT**, Moodle's plain-text format: one question a paragraph, ``::name::prompt {=right
  ~wrong ...}``, a feedback after ``#``, and ``~ = # { } :`` escaped with a backslash;
* **Moodle XML**: a ``<quiz>`` of ``<question type="multichoice">`` elements, one category per
  notebook, the right answer at 100 %, the others at 0, the reason as each answer's feedback.

Each question is named after its notebook and number (``01-Q2``) and tagged with its learning
objectives, so a quiz can be built per notebook or per objective. ``make questions`` writes both
files to ``out/``.
"""

from __future__ import annotations

from collections.abc import Iterable
from xml.etree import ElementTree as ET

from simtoken.course.notebooks import COURSE
from simtoken.course.questions import LETTERS, Question, questions

__all__ = ["all_questions", "to_gift", "to_moodle_xml"]

_GIFT_SPECIAL = "\\~=#{}:"


def all_questions() -> tuple[Question, ...]:
    """Every question of every written notebook, in course order."""
    return tuple(q for n in COURSE if n.written for q in questions(n.number))


def _gift(text: str) -> str:
    """``text`` with GIFT's special characters escaped (backslash first)."""
    return "".join("\\" + ch if ch in _GIFT_SPECIAL else ch for ch in text)


def _name(q: Question) -> str:
    return f"{q.notebook}-Q{q.number}"


def to_gift(bank: Iterable[Question]) -> str:
    """The questions in GIFT: a category line per notebook, then one paragraph each."""
    out: list[str] = []
    notebook = None
    for q in bank:
        if q.notebook != notebook:
            notebook = q.notebook
            out.append(f"$CATEGORY: simtoken/notebook {notebook}\n")
        tags = " ".join(q.objectives)
        choices = "\n".join(
            ("=" if letter == q.answer else "~") + _gift(text) + " #" + _gift(q.why)
            for letter, text in zip(LETTERS, q.choices, strict=True)
        )
        out.append(f"// {tags}\n::{_name(q)}::{_gift(q.prompt)} {{\n{choices}\n}}\n")
    return "\n".join(out)


def to_moodle_xml(bank: Iterable[Question]) -> str:
    """The questions as Moodle XML: a category per notebook, multiple choice, one right answer."""
    quiz = ET.Element("quiz")
    notebook = None
    for q in bank:
        if q.notebook != notebook:
            notebook = q.notebook
            category = ET.SubElement(quiz, "question", type="category")
            ET.SubElement(
                ET.SubElement(category, "category"), "text"
            ).text = f"$course$/simtoken/notebook {notebook}"
        item = ET.SubElement(quiz, "question", type="multichoice")
        ET.SubElement(ET.SubElement(item, "name"), "text").text = _name(q)
        prompt = ET.SubElement(item, "questiontext", format="plain_text")
        ET.SubElement(prompt, "text").text = q.prompt
        ET.SubElement(item, "single").text = "true"
        ET.SubElement(item, "shuffleanswers").text = "true"
        for letter, text in zip(LETTERS, q.choices, strict=True):
            right = letter == q.answer
            answer = ET.SubElement(item, "answer", fraction="100" if right else "0")
            ET.SubElement(answer, "text").text = text
            ET.SubElement(ET.SubElement(answer, "feedback"), "text").text = q.why
        tags = ET.SubElement(item, "tags")
        for objective in q.objectives:
            ET.SubElement(ET.SubElement(tags, "tag"), "text").text = objective
    ET.indent(quiz)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(quiz, encoding="unicode") + "\n"
