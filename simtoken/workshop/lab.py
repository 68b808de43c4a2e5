"""The lab page: scene, mitigations, the two runs side by side, and the presenter.

The page is a remote control for :func:`simtoken.workshop.scene.lab_outcome`: every control is
a field of :class:`~simtoken.workshop.scene.LabChoices`; a move reads the controls, runs (or
fetches from the cache) the baseline and the mitigated scene, and paints both columns: the
figures (the attacker's windows, the user's cost, the auth server's load, each in an element
``data-run`` / ``data-figure`` names), each run's timeline, and the sentence of
:func:`~simtoken.workshop.scene.reading`. Choosing a preset sets the switches to the product's
defaults. An impossible combination is said in words (the other figures are hidden) and the lab
waits for the next move.

The presenter (:mod:`simtoken.workshop.presenter`) steps the scene with one button: each click
sets the controls to the next step's scene and shows its talking point.

Runs are cached by their choices, so a switch back and forth, or the baseline column that a
mitigation switch does not change, costs nothing the second time.
"""

from __future__ import annotations

import dataclasses
import functools
import html
from typing import Any

import ipywidgets as widgets

from simtoken.errors import ConfigError
from simtoken.record.result import Result
from simtoken.widgets._canvas import Canvas
from simtoken.widgets._html import problem_html
from simtoken.workshop._spec import SCENE_FIELDS, control
from simtoken.workshop.presenter import START, STEPS, step_choices
from simtoken.workshop.scene import (
    FIGURES,
    MITIGATIONS,
    LabChoices,
    LabOutcome,
    figures,
    reading,
    run_scene,
    span,
)

__all__ = ["Lab", "cached_outcome", "clear_caches", "figure_text", "figures_html", "lab"]


@functools.lru_cache(maxsize=256)
def _result(choices: LabChoices, seed: int) -> Result:
    return run_scene(choices, seed)


@functools.lru_cache(maxsize=128)
def _timeline_png(choices: LabChoices, seed: int) -> bytes:
    canvas = Canvas()
    canvas.draw_timeline(_result(choices, seed))
    return canvas.png()


def cached_outcome(choices: LabChoices, seed: int = 7) -> LabOutcome:
    """:func:`~simtoken.workshop.scene.lab_outcome`, each of its two runs cached."""
    return LabOutcome(choices, seed, _result(choices.baseline(), seed), _result(choices, seed))


def clear_caches() -> None:
    """Forget every cached run and picture (the benchmark times uncached updates)."""
    _result.cache_clear()
    _timeline_png.cache_clear()


def figure_text(name: str, value: float) -> str:
    """How the lab shows one figure: windows as :func:`span`, counts as numbers."""
    if name.endswith("_s"):
        return span(value)
    return f"{value:.2f}" if name == "as_load_per_h" else f"{value:.0f}"


def figures_html(outcome: LabOutcome) -> str:
    """Both columns' figures as one table, each cell marked for a reader or a test.

    Each figure's cell has ``data-run`` (baseline or mitigated), ``data-figure`` (the metric)
    and ``data-value`` (the exact number).
    """
    runs = {"baseline": outcome.baseline.metrics, "mitigated": outcome.mitigated.metrics}
    values = {run: figures(metrics) for run, metrics in runs.items()}
    rows = []
    for name, label in FIGURES:
        cells = "".join(
            f'<td class="lab-figure" data-run="{run}" data-figure="{name}" '
            f'data-value="{values[run][name]!r}" style="text-align: right; padding: 2px 12px">'
            f"{html.escape(figure_text(name, values[run][name]))}</td>"
            for run in runs
        )
        rows.append(f"<tr><td>{html.escape(label)}</td>{cells}</tr>")
    head = "<tr><th></th><th>without mitigations</th><th>with your mitigations</th></tr>"
    return f'<table class="lab-figures">{head}{"".join(rows)}</table>'


class Lab(widgets.VBox):  # type: ignore[misc]  # untyped base
    """The lab (see the module docstring).

    Attributes:
        controls: the widgets by :class:`LabChoices` field name (set ``.value`` to move one).
        figures: an ``HTML`` widget with :func:`figures_html`.
        sentence: an ``HTML`` widget with :func:`reading`.
        message: an ``HTML`` widget showing an impossible combination (empty otherwise).
        timelines: the two ``Image`` widgets (baseline, mitigated).
        current: the outcome on display.
        step: the presenter's last step shown (-1: none yet).
    """

    def __init__(self, choices: LabChoices | None = None, *, seed: int = 7) -> None:
        self.seed = seed
        first = choices or LabChoices()
        self.current = cached_outcome(first, seed)  # bad first choices raise here
        self.controls: dict[str, Any] = {
            name: control(name, _shown(name, getattr(first, name)))
            for name in (*SCENE_FIELDS, *MITIGATIONS)
        }
        self.figures = widgets.HTML()
        self.sentence = widgets.HTML()
        self.message = widgets.HTML()
        self.timelines = (widgets.Image(format="png"), widgets.Image(format="png"))
        self.step = -1
        self.talking_point = widgets.HTML()
        self.next_button = widgets.Button(description="next step ▶", button_style="primary")
        self.reset_button = widgets.Button(description="start again")
        self.next_button.add_class("lab-next")
        self.reset_button.add_class("lab-reset")
        self._held = False
        super().__init__(children=self._panels())
        self.add_class("simtoken-lab")
        self.paint(self.current)
        for widget in self.controls.values():
            widget.observe(self._on_change, names="value")
        self.next_button.on_click(lambda _: self.present(self.step + 1))
        self.reset_button.on_click(lambda _: self.present(-1))

    def _panels(self) -> list[Any]:
        def panel(title: str, *children: Any) -> Any:
            return widgets.VBox([widgets.HTML(f"<h3>{title}</h3>"), *children])

        note = widgets.HTML(
            "<small>The BFF and the refresh-token cookie are storage choices of the scene; "
            "without mitigations, tokens are kept in web storage instead.</small>"
        )
        scene = [self.controls[n] for n in SCENE_FIELDS]
        switches = [self.controls[n] for n in MITIGATIONS]
        columns = widgets.HBox(
            [
                widgets.VBox([widgets.HTML("<b>without mitigations</b>"), self.timelines[0]]),
                widgets.VBox([widgets.HTML("<b>with your mitigations</b>"), self.timelines[1]]),
            ]
        )
        presenter = widgets.HBox([self.next_button, self.reset_button])
        return [
            widgets.HBox(
                [panel("1. The scene", *scene), panel("2. The mitigations", *switches, note)]
            ),
            panel("3. Side by side", self.message, self.sentence, self.figures, columns),
            panel("4. Presenter", presenter, self.talking_point),
        ]

    def choices(self) -> LabChoices:
        """The choices the controls show now."""
        values = {name: widget.value for name, widget in self.controls.items()}
        values["preset"] = values["preset"] or None
        return LabChoices(**values)

    def paint(self, outcome: LabOutcome) -> None:
        """Show ``outcome``: figures, sentence, both timelines."""
        self.figures.value = figures_html(outcome)
        self.sentence.value = f'<p class="lab-reading">{html.escape(reading(outcome))}</p>'
        self.timelines[0].value = _timeline_png(outcome.choices.baseline(), outcome.seed)
        self.timelines[1].value = _timeline_png(outcome.choices, outcome.seed)

    def update(self) -> LabOutcome | None:
        """Recompute from the controls and repaint; None (and a message) if they cannot run.

        While the two runs compute, the message line says so (the page receives it at once).
        """
        self.message.value = '<p class="lab-busy">running the scene without and with…</p>'
        try:
            outcome = cached_outcome(self.choices(), self.seed)
        except ConfigError as error:
            self.message.value = problem_html(error)
            self.figures.layout.display = "none"
            return None
        self.message.value = ""
        self.figures.layout.display = None
        self.current = outcome
        self.paint(outcome)
        return outcome

    def set(self, choices: LabChoices) -> LabOutcome | None:
        """Move every control to ``choices`` at once, then update once."""
        self._held = True
        try:
            for name, widget in self.controls.items():
                widget.value = _shown(name, getattr(choices, name))
        finally:
            self._held = False
        return self.update()

    def present(self, index: int) -> LabOutcome | None:
        """Show the presenter's step ``index`` (-1: the scene before the first step)."""
        self.step = max(-1, min(index, len(STEPS) - 1))
        if self.step < 0:
            self.talking_point.value = "<p>Press <b>next step</b> to begin.</p>"
            return self.set(START)
        step = STEPS[self.step]
        self.talking_point.value = (
            f'<div class="lab-talking-point"><b>Step {self.step + 1} of {len(STEPS)}: '
            f"{html.escape(step.title)}.</b> {html.escape(step.talking_point)}</div>"
        )
        return self.set(step_choices(self.step))

    def _on_change(self, change: dict[str, Any]) -> None:
        if self._held:
            return
        if change["owner"] is self.controls["preset"]:
            chosen = self.choices().from_preset(change["new"] or None)
            self.set(dataclasses.replace(chosen))
            return
        self.update()


def _shown(name: str, value: Any) -> Any:
    return (value or "") if name == "preset" else value


def lab(choices: LabChoices | None = None, *, seed: int = 7) -> Lab:
    """The lab, ready to display (the last expression of a notebook cell)."""
    return Lab(choices, seed=seed)
