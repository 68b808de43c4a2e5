"""The explorer base: controls in, one pure function, a table and a picture out, errors shown.

An explorer is a remote control, not a machine. Its knobs (ipywidgets *controls*, each named
after the simtoken setting it sets) are read into a frozen *choices* value; a pure, typed,
cached function of those choices runs the seeded simulation and returns a frozen *outcome*;
the explorer paints the outcome (an HTML caption and table, a PNG picture). Tests and
benchmarks call the same pure functions without any notebook.

**Three kinds of failure, three places.**

* An **impossible combination** of controls (a :class:`~simtoken.errors.ConfigError`, such as
  reuse detection without rotation) is the learner's question, not a bug: the explorer shows
  the error's one line (field, value, what is allowed) in its ``message`` area, hides the stale
  table and picture, and waits for the next move. Nothing is raised.
* Any **other exception** in a control's callback runs inside the explorer's ``errors``
  :class:`ipywidgets.Output`: in a kernel the traceback appears in the notebook (which nbval
  fails on) instead of vanishing into the kernel log; outside IPython (plain pytest, a script)
  it propagates to whoever set the control's value.
* **Building** an explorer renders it once, outside any guard: bad arguments (including an
  impossible combination of initial values) raise in the cell like any other code.

Runs go through :func:`simulate`, which is :func:`simtoken.run` with the settings as a mapping.
"""

from __future__ import annotations

import contextlib
import functools
import html
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, Generic, TypeVar

import ipywidgets as widgets

from simtoken.config.run import RunConfig
from simtoken.errors import ConfigError, UnknownNameError
from simtoken.plots import format_duration
from simtoken.record.result import Result
from simtoken.runner import resolve_config, run
from simtoken.scenarios import get_scenario

__all__ = [
    "DAY",
    "STYLE",
    "Explorer",
    "cached",
    "clear_caches",
    "configure",
    "durations",
    "html_table",
    "problem_html",
    "simulate",
    "slider",
]

DAY = 86_400.0
"""One simulated day, the explorers' default horizon."""

OutcomeT = TypeVar("OutcomeT")
T = TypeVar("T")

_CACHES: list[functools._lru_cache_wrapper[Any]] = []


def cached(function: Callable[..., T], *, maxsize: int = 256) -> functools._lru_cache_wrapper[T]:
    """Wrap a pure function of hashable choices in ``functools.lru_cache``.

    :func:`clear_caches` clears it; errors are not cached.
    """
    wrapper = functools.lru_cache(maxsize=maxsize)(function)
    _CACHES.append(wrapper)
    return wrapper


def clear_caches() -> None:
    """Forget every cached run of every explorer (the benchmark times uncached updates)."""
    for wrapper in _CACHES:
        wrapper.cache_clear()


def configure(
    scenario: str, preset: str | None = None, values: Mapping[str, object] | None = None
) -> RunConfig:
    """The configuration :func:`simtoken.run` builds from these arguments.

    Raises :class:`~simtoken.errors.UnknownNameError` or :class:`~simtoken.errors.ConfigError`.
    """
    return resolve_config(get_scenario(scenario).defaults, preset, values or {})


def simulate(
    scenario: str, seed: int, preset: str | None = None, values: Mapping[str, object] | None = None
) -> Result:
    """``simtoken.run(scenario, seed=seed, preset=preset, **values)``."""
    config = configure(scenario, preset, values)
    return run(scenario, seed=seed, config=config)


STYLE = {"description_width": "initial"}
"""Control style: descriptions as wide as their text."""


def durations(values: Sequence[float], off: str | None = None) -> list[tuple[str, Any]]:
    """``(label, seconds)`` slider options labelled ``5 min``, ``24 h``; ``off`` names 0."""
    return [(off if v == 0 and off else format_duration(v), v) for v in values]


def slider(
    description: str, options: Sequence[tuple[str, Any]], value: Any, *, continuous: bool = True
) -> Any:
    """A ``SelectionSlider`` over ``options``; a ``value`` not among them is added in order.

    ``continuous=False`` updates only when the slider is released (for a slider whose
    update can take longer than the 100 ms a drag allows).
    """
    choices = list(options)
    if value not in [v for _, v in choices]:
        choices = sorted([*choices, (str(value), value)], key=lambda o: o[1])
    return widgets.SelectionSlider(
        options=choices,
        value=value,
        description=description,
        continuous_update=continuous,
        style=STYLE,
    )


_CELL = 'style="padding: 2px 10px; text-align: {}"'


def html_table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A small HTML table: the first column left-aligned, the others right-aligned."""

    def row(cells: Sequence[object], tag: str) -> str:
        return (
            "<tr>"
            + "".join(
                f"<{tag} {_CELL.format('right' if i else 'left')}>{html.escape(str(c))}</{tag}>"
                for i, c in enumerate(cells)
            )
            + "</tr>"
        )

    return "<table>" + row(header, "th") + "".join(row(r, "td") for r in rows) + "</table>"


def problem_html(error: ConfigError) -> str:
    """An impossible combination, said in words: what to change, and the error's own line."""
    return (
        '<div style="border-left: 4px solid #d55e00; padding: 4px 10px; background: #fff4ec">'
        f"<b>This combination cannot run.</b> Change <code>{html.escape(error.field)}</code> "
        f"or the setting it conflicts with.<br><code>{html.escape(str(error))}</code></div>"
    )


class Explorer(widgets.VBox, Generic[OutcomeT]):  # type: ignore[misc]  # ipywidgets is untyped
    """Controls, caption, message, table, chart, legend, errors, in that order (module docstring).

    Subclasses define :meth:`compute` (controls' values → outcome, through a cached pure
    function) and :meth:`paint` (outcome → caption, table and chart).

    Attributes:
        controls: the control widgets by setting name; set ``controls[name].value`` to move one.
        caption: an ``HTML`` widget saying what was simulated.
        message: an ``HTML`` widget showing an impossible combination (empty otherwise).
        table: an ``HTML`` widget with the outcome's numbers.
        chart: an ``Image`` widget with the outcome's picture (PNG).
        legend: an ``HTML`` widget with the picture's legend (empty if it is in the picture).
        errors: an ``Output`` widget where callback exceptions are shown in a notebook.
        current: the outcome on display (the last one computed without error).
        error: the impossible combination on display, or None.
    """

    def __init__(self, controls: Mapping[str, Any], *, seed: int) -> None:
        self.seed = seed
        self.controls: dict[str, Any] = dict(controls)
        self.caption = widgets.HTML()
        self.message = widgets.HTML()
        self.table = widgets.HTML()
        self.chart = widgets.Image(format="png")
        self.legend = widgets.HTML()
        self.errors = widgets.Output()
        self.error: ConfigError | None = None
        self._held = 0
        boxes = [widgets.VBox(list(self.controls.values())[i::2]) for i in (0, 1)]
        super().__init__(
            children=(
                widgets.HBox(boxes),
                self.caption,
                self.message,
                self.table,
                self.chart,
                self.legend,
                self.errors,
            )
        )
        self.current: OutcomeT = self.compute(self.values())  # the first render raises
        self.paint(self.current)
        for control in self.controls.values():
            control.observe(self._on_change, names="value")

    def values(self) -> dict[str, Any]:
        """The controls' current values, by setting name."""
        return {name: control.value for name, control in self.controls.items()}

    def compute(self, values: Mapping[str, Any]) -> OutcomeT:
        """Run the simulation for these control values (subclasses; may raise ConfigError)."""
        raise NotImplementedError

    def paint(self, outcome: OutcomeT) -> None:
        """Show ``outcome`` in the caption, table and chart (subclasses)."""
        raise NotImplementedError

    def update(self) -> OutcomeT | None:
        """Recompute from the controls and repaint; return the outcome.

        Returns None when the controls form an impossible combination, then shown in
        :attr:`message` while the stale caption, table, chart and legend are hidden.
        """
        try:
            outcome = self.compute(self.values())
        except ConfigError as error:
            self.error = error
            self.message.value = problem_html(error)
            for shown in (self.caption, self.table, self.chart, self.legend):
                shown.layout.display = "none"
            return None
        self.error = None
        self.message.value = ""
        for shown in (self.caption, self.table, self.chart, self.legend):
            shown.layout.display = None
        self.current = outcome
        self.paint(outcome)
        return outcome

    def set(self, **values: Any) -> OutcomeT | None:
        """Move several controls, in the order given, each as if by hand; then update once.

        Returns what :meth:`update` returns.
        """
        for name in values:
            if name not in self.controls:
                raise UnknownNameError("control", name, self.controls)
        with self.hold():
            for name, value in values.items():
                control = self.controls[name]
                old = control.value
                control.value = value
                if control.value != old:
                    self.react({"name": "value", "owner": control, "old": old, "new": value})
        return self._guarded()

    def react(self, change: Mapping[str, Any]) -> None:
        """Adjust other controls after a control moved, before the update (default: nothing).

        Runs while the explorer is held, so moving controls here updates nothing by itself.
        """

    @contextlib.contextmanager
    def hold(self) -> Iterator[None]:
        """Within this block, moving a control does not update the explorer."""
        self._held += 1
        try:
            yield
        finally:
            self._held -= 1

    def _guarded(self, change: Mapping[str, Any] | None = None) -> OutcomeT | None:
        self.errors.outputs = ()
        with self.errors:  # shows the traceback in a kernel; re-raises everywhere else
            if change is not None:
                with self.hold():
                    self.react(change)
            return self.update()
        return None  # pragma: no cover - reached only in a kernel, after an exception

    def _on_change(self, change: Mapping[str, Any]) -> None:
        if not self._held:
            self._guarded(change)

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={value!r}" for name, value in self.values().items())
        return f"{type(self).__name__}(seed={self.seed}, {shown})"
