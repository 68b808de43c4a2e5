"""The question bank exported for an LMS: GIFT and Moodle XML, from the one source."""

from __future__ import annotations

import re
from xml.etree import ElementTree as ET

from simtoken.course.export import all_questions, to_gift, to_moodle_xml
from simtoken.course.questions import LETTERS

BANK = all_questions()


def test_the_bank_holds_every_question_of_the_course() -> None:
    assert len(BANK) == 61
    assert len({(q.notebook, q.number) for q in BANK}) == len(BANK)


def test_moodle_xml_has_one_multichoice_per_question_with_its_one_right_answer() -> None:
    quiz = ET.fromstring(to_moodle_xml(BANK))
    items = quiz.findall("question[@type='multichoice']")
    assert len(items) == len(BANK)
    assert len(quiz.findall("question[@type='category']")) == 14
    for item, q in zip(items, BANK, strict=True):
        assert item.findtext("name/text") == f"{q.notebook}-Q{q.number}"
        assert item.findtext("questiontext/text") == q.prompt
        fractions = [a.get("fraction") for a in item.findall("answer")]
        assert fractions == ["100" if letter == q.answer else "0" for letter in LETTERS]
        assert [t.text for t in item.findall("tags/tag/text")] == list(q.objectives)


def test_gift_escapes_its_special_characters_and_marks_one_answer_right() -> None:
    gift = to_gift(BANK)
    blocks = re.findall(r"^::(\S+)::(.*?) \{\n(.*?)\n\}$", gift, flags=re.M | re.S)
    assert len(blocks) == len(BANK)
    for (name, prompt, answers), q in zip(blocks, BANK, strict=True):
        assert name == f"{q.notebook}-Q{q.number}"
        lines = answers.split("\n")
        assert [line[0] for line in lines] == ["=" if x == q.answer else "~" for x in LETTERS]
        assert re.search(r"(?<!\\)[{}=~#]", prompt) is None  # nothing unescaped in a prompt
    assert "\\: an encoding" in gift  # the colon of the first question's reason is escaped
