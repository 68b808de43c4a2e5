"""The quiz and prediction widgets: they check answers and keep predictions as promised."""

from __future__ import annotations

import pytest

from simtoken.course.questions import questions
from simtoken.errors import ConfigError
from simtoken.widgets import Prediction, QuestionWidget, predict, quiz


def test_a_quiz_has_one_widget_per_question_and_checks_each() -> None:
    widget = quiz("01")
    assert [w.question for w in widget.children] == list(questions("01"))
    first: QuestionWidget = widget.children[0]
    assert first.answer() is None and first.feedback.value == "Pick one of the four answers first."
    first.choice.value = "A"
    assert first.answer() is False and "The answer is B." in first.feedback.value
    first.choice.value = "B"
    first.button.click()
    assert "correct" in first.feedback.value and "green" in first.feedback.value


def test_a_prediction_is_locked_in_then_revealed() -> None:
    guess: Prediction = predict("How many re-logins?", ["0", "1", "2"])
    assert guess.lock() is None and guess.reveal("1").endswith("(No prediction was locked in.)")
    guess.choice.value = "2"
    guess.button.click()
    assert guess.locked == "2" and guess.choice.disabled and guess.button.disabled
    assert guess.reveal("1") == "How many re-logins? The run says: 1; you predicted 2."
    assert guess.reveal("2").endswith("you predicted it.")


def test_a_prediction_needs_two_distinct_options() -> None:
    with pytest.raises(ConfigError, match="options"):
        predict("?", ["same"])
    with pytest.raises(ConfigError, match="options"):
        predict("?", ["a", "a"])
