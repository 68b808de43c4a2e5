"""Controls: an explorer's knobs, declared as data and built by its base class.

A control spec is a form's blank, not the filled-in form: it says what kind of knob a setting
gets (a checkbox, a dropdown, a slider over labelled stops, an integer slider, a multiple
choice), its description and its options, and nothing about any particular value. An explorer
declares one spec per setting it lets the learner move (``{"tabs": Count("tabs", 1, 8),
...}``, each name a field of its frozen *choices*); :class:`~simtoken.widgets._base.Explorer`
builds the ipywidgets from the spec and the first choices (:meth:`Control.widget`) and reads
each moved value back into a choice (:meth:`Control.read`).

Every kind accepts a first value outside its options rather than failing: a dropdown or a slider
adds it (a slider in order, a dropdown at the end), an integer slider stretches its maximum.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import ipywidgets as widgets

from simtoken.plots import format_duration

__all__ = ["STYLE", "Choice", "Control", "Count", "Several", "Steps", "Toggle", "durations"]

STYLE = {"description_width": "initial"}
"""Control style: descriptions as wide as their text."""


def durations(values: Sequence[float], off: str | None = None) -> tuple[tuple[str, Any], ...]:
    """``(label, seconds)`` options labelled ``5 min``, ``24 h``; ``off`` names 0."""
    return tuple((off if v == 0 and off else format_duration(v), v) for v in values)


def _values(options: Sequence[Any]) -> list[Any]:
    return [o[1] if isinstance(o, tuple) else o for o in options]


@dataclass(frozen=True)
class Control:
    """One knob: its description (the label the learner reads); subclasses say which widget."""

    description: str

    def widget(self, value: Any) -> Any:
        """A new ipywidget showing ``value`` (subclasses)."""
        raise NotImplementedError  # pragma: no cover - abstract

    def read(self, value: Any) -> Any:
        """The choice a widget value stands for (the value itself, unless a kind says not)."""
        return value


@dataclass(frozen=True)
class Toggle(Control):
    """A ``Checkbox`` for a yes/no setting."""

    def widget(self, value: Any) -> Any:
        """A checkbox."""
        return widgets.Checkbox(value=value, description=self.description, style=STYLE)


@dataclass(frozen=True)
class Choice(Control):
    """A ``Dropdown`` over ``options``: all values, or all ``(label, value)`` pairs.

    ``none`` is the option value that stands for a choice of None (a dropdown cannot show None).
    """

    options: tuple[Any, ...]
    none: object = None

    def widget(self, value: Any) -> Any:
        """A dropdown; a first value not among the options is added at the end."""
        shown = self.none if value is None else value
        pairs = any(isinstance(o, tuple) for o in self.options)
        extra = [(str(shown), shown) if pairs else shown]
        if shown is None or shown in _values(self.options):
            extra = []
        return widgets.Dropdown(
            options=[*self.options, *extra], value=shown, description=self.description, style=STYLE
        )

    def read(self, value: Any) -> Any:
        """None for the ``none`` option, else the value."""
        return None if self.none is not None and value == self.none else value


@dataclass(frozen=True)
class Steps(Control):
    """A ``SelectionSlider`` over ``(label, value)`` stops.

    ``continuous=False`` updates only when the slider is released (for a slider whose update can
    take longer than the 100 ms a drag allows); ``width`` is a CSS width (the default: ipywidgets').
    """

    options: tuple[tuple[str, Any], ...]
    continuous: bool = True
    width: str | None = None

    def widget(self, value: Any) -> Any:
        """A selection slider; a first value not among the stops is added in order."""
        stops = list(self.options)
        if value not in _values(stops):
            stops = sorted([*stops, (str(value), value)], key=lambda o: o[1])
        layout = {} if self.width is None else {"layout": widgets.Layout(width=self.width)}
        return widgets.SelectionSlider(
            options=stops,
            value=value,
            description=self.description,
            continuous_update=self.continuous,
            style=STYLE,
            **layout,
        )


@dataclass(frozen=True)
class Count(Control):
    """An ``IntSlider`` from ``low`` to ``high`` (stretched to a larger first value)."""

    low: int
    high: int

    def widget(self, value: Any) -> Any:
        """An integer slider."""
        return widgets.IntSlider(
            value=value,
            min=self.low,
            max=max(self.high, value),
            description=self.description,
            style=STYLE,
        )


@dataclass(frozen=True)
class Several(Control):
    """A ``SelectMultiple`` over ``options``, ``rows`` of them visible; read as a tuple."""

    options: tuple[Any, ...]
    rows: int = 8

    def widget(self, value: Any) -> Any:
        """A multiple-selection list."""
        return widgets.SelectMultiple(
            options=list(self.options),
            value=value,
            rows=self.rows,
            description=self.description,
            style=STYLE,
        )

    def read(self, value: Any) -> Any:
        """The selected values, as a tuple."""
        return tuple(value)
