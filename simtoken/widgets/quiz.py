"""Quizzes and predictions: the learner answers, the notebook checks.

Two small widgets that make a notebook ask before it tells:

* :func:`quiz` shows a notebook's exam-style questions (:func:`simtoken.course.questions`), one
  set of four radio buttons each and a *Check* button that says right or wrong and why (the
  same :class:`~simtoken.course.questions.Feedback` text :func:`simtoken.course.check` gives in
  plain Python, so a quiz works without a browser too);
* :func:`predict` asks for a prediction before a run reveals the answer: the learner picks an
  option and locks it in; :meth:`Prediction.reveal` then sets it beside what the run gave.

Neither stores anything beyond the kernel's session; nothing is graded here (graded exercises
are nbgrader's, in ``exercises/``).
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import ipywidgets as widgets

from simtoken.course.questions import LETTERS, Question, check, questions
from simtoken.errors import ConfigError

__all__ = ["Prediction", "QuestionWidget", "predict", "quiz"]


class QuestionWidget(widgets.VBox):  # type: ignore[misc]
    """One question: its prompt, four choices, a *Check* button and the feedback."""

    def __init__(self, question: Question) -> None:
        self.question = question
        self.choice = widgets.RadioButtons(
            options=[
                (f"{letter}. {text}", letter)
                for letter, text in zip(LETTERS, question.choices, strict=True)
            ],
            value=None,
            layout=widgets.Layout(width="auto"),
        )
        self.button = widgets.Button(description="Check", tooltip=question.label)
        self.feedback = widgets.HTML()
        self.button.on_click(lambda _: self.answer())
        prompt = widgets.HTML(f"<b>{question.label}</b> {html.escape(question.prompt)}")
        super().__init__([prompt, self.choice, self.button, self.feedback])

    def answer(self) -> bool | None:
        """Check the chosen letter, show why; None (and a hint) if nothing is chosen yet."""
        if self.choice.value is None:
            self.feedback.value = "Pick one of the four answers first."
            return None
        result = check(self.question, self.choice.value)
        colour = "green" if result.correct else "firebrick"
        self.feedback.value = f'<span style="color:{colour}">{html.escape(result.text)}</span>'
        return result.correct


def quiz(notebook: str) -> widgets.VBox:
    """The questions of ``notebook`` (``"01"``) as one widget, each checked on its own."""
    return widgets.VBox([QuestionWidget(q) for q in questions(notebook)])


class Prediction(widgets.VBox):  # type: ignore[misc]
    """A prediction the learner locks in before the run that answers it."""

    def __init__(self, prompt: str, options: Sequence[str]) -> None:
        if len(options) < 2 or len(set(options)) != len(options):
            raise ConfigError("options", list(options), "at least two distinct options")
        self.prompt = prompt
        self.choice = widgets.RadioButtons(options=list(options), value=None)
        self.button = widgets.Button(description="Lock in")
        self.status = widgets.HTML("Pick your prediction, then lock it in.")
        self.locked: str | None = None
        self.button.on_click(lambda _: self.lock())
        super().__init__(
            [
                widgets.HTML(f"<b>Predict:</b> {html.escape(prompt)}"),
                self.choice,
                self.button,
                self.status,
            ]
        )

    def lock(self) -> str | None:
        """Lock in the chosen option (no change after this); None if nothing is chosen."""
        if self.choice.value is None:
            self.status.value = "Pick one option first."
            return None
        self.locked = str(self.choice.value)
        self.choice.disabled = self.button.disabled = True
        self.status.value = f"Locked in: {html.escape(self.locked)}. Now run the next cells."
        return self.locked

    def reveal(self, actual: str) -> str:
        """One line setting the locked-in prediction beside ``actual`` (what the run gave)."""
        if self.locked is None:
            return f"{self.prompt} The run says: {actual}. (No prediction was locked in.)"
        verdict = "you predicted it" if self.locked == actual else f"you predicted {self.locked}"
        return f"{self.prompt} The run says: {actual}; {verdict}."


def predict(prompt: str, options: Sequence[str]) -> Prediction:
    """A :class:`Prediction` widget: ``prompt`` and its ``options`` (say, fewer / same / more)."""
    return Prediction(prompt, options)
