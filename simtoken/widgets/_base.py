"""The explorer base: controls in, one pure function, a table and a picture out, errors shown.

An explorer is a remote control, not a machine. Its knobs (ipywidgets *controls*, each named
after the simtoken setting it sets) are read into a frozen *choices* value; a pure, typed,
cached function of those choices runs the seeded simulation and returns a frozen *outcome*;
the explorer paints the outcome (an HTML caption and table, a PNG picture). Tests and
benchmarks call the same pure functions without any notebook.

**What the base does, what an explorer says.** :class:`Explorer` builds the controls from a
declarative spec (:mod:`simtoken.widgets._controls`), lays them out, runs the update loop
(a control moves, the controls become choices, the choices an outcome, the outcome a
picture), shows errors and keeps the one figure an explorer redraws
(:class:`~simtoken.widgets._canvas.Canvas`). An explorer supplies three things: its spec
(:attr:`Explorer.SPEC`), :meth:`Explorer.outcome` (choices → outcome, through its cached
pure function) and :meth:`Explorer.draw` (outcome → :class:`Picture`).

**Three kinds of failure, three places.**

* An **impossible combination** of controls (a :class:`~simtoken.errors.ConfigError`, such as
  reuse detection without rotation) is the learner's question, not a bug: the explorer shows
  the error's one line (field, value, what is allowed) in its ``message`` area, hides the stale
  table and picture, and waits for the next move. Nothing is raised.
* Any **other exception** in a control's callback runs inside the explorer's ``errors``
  :class:`ipywidgets.Output`: in a kernel the traceback appears in the notebook (which nbval
  fails on) instead of vanishing into the kernel log; outside IPython (plain pytest, a script)
  it propagates to whoever set the control's value.
* **Building** an explorer runs its first choices before any control exists, outside any
  guard: bad arguments (including an impossible combination of initial values) raise in the
  cell like any other code.

Runs go through :func:`simulate`: the configuration :func:`simtoken.runner.configure` makes
of a scenario, a preset and settings, run as :func:`simtoken.run` runs it.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

import ipywidgets as widgets

from simtoken.errors import ConfigError, UnknownNameError
from simtoken.record.result import Result
from simtoken.runner import build, configure
from simtoken.widgets._canvas import Canvas
from simtoken.widgets._controls import Control
from simtoken.widgets._html import problem_html

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

__all__ = [
    "DAY",
    "Explorer",
    "Picture",
    "cached",
    "clear_caches",
    "simulate",
]

DAY = 86_400.0
"""One simulated day, the explorers' default horizon."""

ChoicesT = TypeVar("ChoicesT", bound="DataclassInstance")
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


def simulate(
    scenario: str, seed: int, preset: str | None = None, values: Mapping[str, object] | None = None
) -> Result:
    """``simtoken.run(scenario, seed=seed, preset=preset, **values)``.

    Raises :class:`~simtoken.errors.UnknownNameError` or :class:`~simtoken.errors.ConfigError`.
    """
    return build(scenario, configure(scenario, preset, values), seed).run()


@dataclass(frozen=True)
class Picture:
    """What an explorer shows of an outcome: caption and table (HTML), chart (PNG), legend."""

    caption: str
    table: str
    chart: bytes
    legend: str = ""


class Explorer(widgets.VBox, Generic[ChoicesT, OutcomeT]):  # type: ignore[misc]  # untyped base
    """Controls, caption, message, table, chart, legend, errors, in that order (module docstring).

    A subclass declares :attr:`SPEC` and implements :meth:`outcome` and :meth:`draw`; it may
    adjust controls after a move (:meth:`react`).

    Attributes:
        choices: the first choices; the controls' names are fields of it.
        spec: the control spec, by setting name.
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

    SPEC: ClassVar[Mapping[str, Control]] = {}
    """The controls, by setting name, in display order (``spec=`` overrides it per explorer)."""

    def __init__(
        self, choices: ChoicesT, *, seed: int, spec: Mapping[str, Control] | None = None
    ) -> None:
        self.choices = choices
        self.seed = seed
        self.spec: dict[str, Control] = dict(self.SPEC if spec is None else spec)
        self.outcome(choices)  # invalid choices raise here, before any control exists
        self.controls: dict[str, Any] = {
            name: control.widget(getattr(choices, name)) for name, control in self.spec.items()
        }
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
        self.current: OutcomeT = self.compute(self.values())
        self.paint(self.current)
        for control in self.controls.values():
            control.observe(self._on_change, names="value")

    @functools.cached_property
    def canvas(self) -> Canvas:
        """The one figure this explorer redraws (made when first drawn into)."""
        return Canvas()

    def outcome(self, choices: ChoicesT) -> OutcomeT:
        """Run (or fetch from the cache) these choices (subclasses; may raise ConfigError)."""
        raise NotImplementedError  # pragma: no cover - abstract

    def draw(self, outcome: OutcomeT) -> Picture:
        """What to show of ``outcome`` (subclasses; may draw into :attr:`canvas`)."""
        raise NotImplementedError  # pragma: no cover - abstract

    def values(self) -> dict[str, Any]:
        """The controls' current values, by setting name."""
        return {name: control.value for name, control in self.controls.items()}

    def compute(self, values: Mapping[str, Any]) -> OutcomeT:
        """The outcome of the choices these control values stand for (may raise ConfigError)."""
        read = {name: self.spec[name].read(value) for name, value in values.items()}
        return self.outcome(dataclasses.replace(self.choices, **read))

    def paint(self, outcome: OutcomeT) -> None:
        """Show ``outcome`` in the caption, table, chart and legend."""
        picture = self.draw(outcome)
        self.caption.value = picture.caption
        self.table.value = picture.table
        self.chart.value = picture.chart
        self.legend.value = picture.legend

    def update(self) -> OutcomeT | None:
        """Recompute from the controls and repaint; return the outcome.

        Returns None when the controls form an impossible combination, then shown in
        :attr:`message` while the stale caption, table, chart and legend are hidden.
        """
        try:
            outcome = self.compute(self.values())
        except ConfigError as error:
            self._show(error)
            return None
        self._show(None)
        self.current = outcome
        self.paint(outcome)
        return outcome

    def _show(self, error: ConfigError | None) -> None:
        """Show ``error`` with the outcome hidden, or (None) the outcome without a message."""
        self.error = error
        self.message.value = "" if error is None else problem_html(error)
        for shown in (self.caption, self.table, self.chart, self.legend):
            shown.layout.display = None if error is None else "none"

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
