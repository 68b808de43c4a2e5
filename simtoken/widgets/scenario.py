"""The scenario explorer: any scenario, the settings you choose as controls, the metrics you name.

The other explorers each answer one question with controls chosen for it. This one is the
general remote control a notebook builds in one line for the question at hand: a scenario
(``simtoken list``), a few settings as controls (a checkbox for a true-or-false setting, a
dropdown over the values you list for any other), settings held fixed, and the metrics to show.
Each move reruns the scenario on the same seed (cached, so going back is instant) and shows the
named metrics beside the run's timeline::

    scenario_explorer("code-interception", {"pkce": ["none", "S256"]},
                      metrics=["attacker_access_s", "victim_logins"])

The controls' first values are the scenario's own (after the fixed settings), so the first
picture is the scenario as ``simtoken run`` shows it. An impossible combination (a
:class:`~simtoken.errors.ConfigError`) is shown in words, as in every explorer.
"""

from __future__ import annotations

import dataclasses
import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from simtoken.config.settings import flatten, settings
from simtoken.errors import ConfigError, UnknownNameError
from simtoken.plots import format_duration
from simtoken.record.metrics import Metrics
from simtoken.runner import configure
from simtoken.widgets._base import cached, simulate
from simtoken.widgets._controls import Choice, Control, Toggle
from simtoken.widgets._html import html_table
from simtoken.widgets._timeline import RunOutcome, TimelineExplorer

__all__ = ["ScenarioExplorer", "ScenarioRun", "scenario_explorer", "scenario_outcome"]

_METRICS = frozenset(f.name for f in dataclasses.fields(Metrics))


@dataclass(frozen=True)
class ScenarioRun:
    """What one update runs: a scenario, the fixed settings and the controls' values."""

    scenario: str
    fixed: tuple[tuple[str, Any], ...]
    moved: tuple[tuple[str, Any], ...]

    def settings(self) -> dict[str, Any]:
        """The settings of the run: the fixed ones, then the controls'."""
        return dict(self.fixed) | dict(self.moved)


def scenario_outcome(run: ScenarioRun, seed: int = 7) -> RunOutcome[Any]:
    """Run ``run`` with ``seed`` (uncached; the explorer caches it)."""
    return RunOutcome(run, seed, simulate(run.scenario, seed, None, run.settings()))


_cached_outcome = cached(scenario_outcome, maxsize=64)


class ScenarioExplorer(TimelineExplorer[Any, RunOutcome[Any]]):
    """A scenario with chosen settings as controls (see the module docstring)."""

    def __init__(
        self,
        scenario: str,
        choices: Any,
        *,
        spec: Mapping[str, Control],
        fixed: tuple[tuple[str, Any], ...],
        metrics: tuple[str, ...],
        seed: int,
    ) -> None:
        self.scenario = scenario
        self.fixed = fixed
        self.metric_names = metrics
        super().__init__(choices, seed=seed, spec=spec)

    def _run(self, choices: Any) -> ScenarioRun:
        moved = tuple((name, getattr(choices, name)) for name in self.spec)
        return ScenarioRun(self.scenario, self.fixed, moved)

    def outcome(self, choices: Any) -> RunOutcome[Any]:
        """Run (or fetch from the cache) these choices."""
        return _cached_outcome(self._run(choices), self.seed)

    def describe(self, outcome: RunOutcome[Any], title: str) -> tuple[str, str]:
        """The caption (scenario, settings) and the named metrics as a table."""
        shown = ", ".join(f"{k}={v}" for k, v in outcome.choices.settings().items())
        caption = (
            f"<b>{html.escape(title)}</b><br>Scenario <code>{html.escape(self.scenario)}</code>"
            f" with {html.escape(shown) or 'its own settings'}, seed {outcome.seed}, "
            f"{format_duration(outcome.result.config.horizon)}."
        ).replace("\n", "<br>")
        values = outcome.metrics.to_dict()
        rows = [(name, _shown(values[name])) for name in self.metric_names]
        return caption, html_table(("metric", "value"), rows)


def _shown(value: object) -> str:
    if isinstance(value, float):
        return f"{value:,.2f}"
    if isinstance(value, Mapping):
        return ", ".join(f"{k}: {v}" for k, v in value.items()) or "none"
    return "none" if value is None else f"{value:,}" if isinstance(value, int) else str(value)


def scenario_explorer(
    scenario: str,
    controls: Mapping[str, Sequence[Any]],
    *,
    metrics: Sequence[str],
    seed: int = 7,
    **fixed: Any,
) -> ScenarioExplorer:
    """An explorer of ``scenario``: one control per setting in ``controls``, ``metrics`` shown.

    Args:
        scenario: a name of ``simtoken list``.
        controls: setting name → the values its dropdown offers (a true-or-false setting gets a
            checkbox; give it ``[False, True]``).
        metrics: the :class:`~simtoken.record.metrics.Metrics` fields to show, in order.
        seed: the seed of every run.
        fixed: settings held fixed (not controls), like ``horizon=7200``.

    Raises:
        UnknownNameError: an unknown scenario, setting or metric.
        ConfigError: a control without values, or first choices that cannot run.
    """
    known = settings()
    for name in [*controls, *fixed]:
        if name not in known:
            raise UnknownNameError("setting", name, sorted(known))
    for name in metrics:
        if name not in _METRICS:
            raise UnknownNameError("metric", name, sorted(_METRICS))
    first = flatten(configure(scenario, None, fixed))
    spec: dict[str, Control] = {}
    for name, options in controls.items():
        if not options:
            raise ConfigError(f"controls[{name!r}]", list(options), "at least one value")
        is_flag = known[name].type is bool
        spec[name] = Toggle(name) if is_flag else Choice(name, tuple(options))
    choice_type = dataclasses.make_dataclass(
        "ScenarioChoices", [(name, Any) for name in spec], frozen=True
    )
    choices = choice_type(**{name: _first(first[name]) for name in spec})
    return ScenarioExplorer(
        scenario, choices, spec=spec, fixed=tuple(fixed.items()), metrics=tuple(metrics), seed=seed
    )


def _first(value: Any) -> Any:
    """A flattened setting as a control value (a list back to a tuple)."""
    return tuple(value) if isinstance(value, list) else value
