"""Comparison explorer: the same theft under several policies, side by side.

A comparison is a crash test with several cars and one dummy: the same seeded user and the same
attacker, each run under a different policy (a product's preset, or a preset with one mitigation
added), so every difference in the table is the policy's doing. Pick a theft scenario and the
policies; the explorer shows :mod:`simtoken.analysis.compare`'s table (the attacker's windows and
calls, with a token of its own and through the victim's open page, the detection latency, and what
each policy costs the user and the auth server) and a chart of the attacker's windows next to the
user's forced logins.

>>> outcome = compare_outcome(CompareChoices(rows=("naive", "auth0-spa + BFF")))
>>> [round(r.result.metrics.attacker_refresh_s / 3600, 1) for r in outcome.comparison.rows]
[23.0, 0.0]
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from simtoken.analysis.compare import Comparison, ComparisonRow
from simtoken.errors import ConfigError, UnknownNameError
from simtoken.plots import format_duration
from simtoken.policy.presets import PRESETS
from simtoken.widgets._base import DAY, Explorer, Picture, cached, simulate
from simtoken.widgets._canvas import Canvas
from simtoken.widgets._controls import Choice, Control, Several, durations
from simtoken.widgets._html import html_table, percent
from simtoken.widgets.theft import THEFT_SCENARIOS, hours

__all__ = [
    "COMPARED_IN_CHART",
    "COMPARE_ROWS",
    "CompareChoices",
    "CompareExplorer",
    "CompareOutcome",
    "compare_explorer",
    "compare_outcome",
    "comparison_table",
    "draw_comparison",
]


def _variants() -> dict[str, dict[str, object]]:
    rows: dict[str, dict[str, object]] = {name: {"preset": name} for name in PRESETS}
    for base in ("naive", "auth0-spa", "rfc9700-bcp"):
        rows[f"{base} + DPoP"] = {"preset": base, "sender_constraint": "dpop"}
        rows[f"{base} + BFF"] = {"preset": base, "storage": "cookie_bff"}
    rows["naive + rotation"] = {"preset": "naive", "rotation": True, "reuse_detection": "family"}
    rows["naive + denylist"] = {"preset": "naive", "validation": "denylist"}
    return rows


COMPARED_IN_CHART = ("attacker_access_s", "attacker_online_s", "victim_logins")
"""The metrics the chart shows, one panel each: what the attacker got (with a token of its own,
and through the victim's open page), what the user paid (the table shows every compared
metric; each more panel costs about 40 ms per update)."""

COMPARE_ROWS: Mapping[str, Mapping[str, object]] = MappingProxyType(_variants())
"""The policies a comparison can show: every preset, and presets with one mitigation added
(``{"preset": name, **settings}``, as ``simtoken compare --variant``)."""


@dataclass(frozen=True)
class CompareChoices:
    """What the comparison explorer runs.

    ``rows`` are labels of :data:`COMPARE_ROWS`; ``access_token_lifetime`` (seconds, 0: each
    policy's own) is applied to every row, like ``simtoken compare --set``. The last four
    fields fix the world, as in :class:`~simtoken.widgets.theft.TheftChoices`.
    """

    scenario: str = "theft-f3"
    rows: tuple[str, ...] = ("naive", "auth0-spa", "rfc9700-bcp")
    access_token_lifetime: int = 0
    request_interval: float = 600.0
    attacker_interval: float = 3600.0
    horizon: float = DAY
    algorithm: str = "HS256"

    def settings(self) -> dict[str, Any]:
        """The settings every row gets."""
        common: dict[str, Any] = {
            "request_interval": self.request_interval,
            "attacker_interval": self.attacker_interval,
            "horizon": self.horizon,
            "algorithm": self.algorithm,
        }
        if self.access_token_lifetime:
            common["access_token_lifetime"] = self.access_token_lifetime
        return common


@dataclass(frozen=True)
class CompareOutcome:
    """One comparison: the choices, the seed and :mod:`simtoken.analysis.compare`'s table."""

    choices: CompareChoices
    seed: int
    comparison: Comparison


def compare_outcome(choices: CompareChoices, seed: int = 7) -> CompareOutcome:
    """Run ``choices.scenario`` once per row, as ``simtoken.analysis.compare`` does (uncached).

    Raises:
        ConfigError: no rows, or a row's settings form an impossible combination.
        UnknownNameError: an unknown scenario or row label.
    """
    if not choices.rows:
        raise ConfigError("rows", choices.rows, "one or more policies to compare")
    rows = []
    for label in choices.rows:
        if label not in COMPARE_ROWS:
            raise UnknownNameError("rows", label, COMPARE_ROWS)
        knobs = dict(COMPARE_ROWS[label])
        preset = knobs.pop("preset")
        assert isinstance(preset, str)
        values = {**choices.settings(), **knobs}
        rows.append(ComparisonRow(label, simulate(choices.scenario, seed, preset, values)))
    return CompareOutcome(choices, seed, Comparison(choices.scenario, seed, tuple(rows)))


_cached_outcome = cached(compare_outcome)


def _cell(name: str, value: object) -> str:
    if value is None:
        return "never" if name == "detection_latency_s" else "n/a"
    if name.endswith("_s") and isinstance(value, float | int):
        return hours(float(value))
    if name == "victim_availability" and isinstance(value, float):
        return percent(value)
    return f"{value:.2f}" if isinstance(value, float) else str(value)


def comparison_table(outcome: CompareOutcome) -> str:
    """The comparison as an HTML table: one row per policy, one column per compared metric."""
    columns = outcome.comparison.columns  # csrf_accepted too when an attack is CSRF
    rows = [
        (row.label, *(_cell(name, v) for name, v in row.metrics(columns).items()))
        for row in outcome.comparison.rows
    ]
    return html_table(("policy", *columns), rows)


def draw_comparison(canvas: Canvas, outcome: CompareOutcome) -> None:
    """Draw the comparison with :func:`simtoken.plots.plot_comparison` into ``canvas``."""
    canvas.draw_comparison(outcome.comparison, COMPARED_IN_CHART)


_SPEC: dict[str, Control] = {
    "scenario": Choice("scenario", THEFT_SCENARIOS),
    "rows": Several("policies", tuple(COMPARE_ROWS)),
    "access_token_lifetime": Choice(
        "access token", durations((0, 300, 600, 3600, 86_400), off="each policy's own")
    ),
}


class CompareExplorer(Explorer[CompareChoices, CompareOutcome]):
    """The comparison explorer (see the module docstring and :class:`Explorer`)."""

    SPEC = _SPEC

    def outcome(self, choices: CompareChoices) -> CompareOutcome:
        """Run (or fetch from the cache) the comparison of these choices."""
        return _cached_outcome(choices, self.seed)

    def draw(self, outcome: CompareOutcome) -> Picture:
        """The comparison's chart, a caption (the common settings) and the table."""
        draw_comparison(self.canvas, outcome)
        c = outcome.choices
        lifetime = (
            f"every access token lives {format_duration(c.access_token_lifetime)}"
            if c.access_token_lifetime
            else "each policy keeps its own access-token lifetime"
        )
        caption = (
            f"Scenario <code>{html.escape(c.scenario)}</code>, one user, "
            f"{format_duration(c.horizon)}, seed {outcome.seed}, the same user and attacker under "
            f"{len(c.rows)} policies; {lifetime}."
        )
        return Picture(caption, comparison_table(outcome), self.canvas.png())


def compare_explorer(choices: CompareChoices | None = None, *, seed: int = 7) -> CompareExplorer:
    """Build the comparison explorer (see the module docstring).

    Args:
        choices: the scenario, the policies and the common access-token lifetime; the
            defaults (``theft-f3`` under ``naive``, ``auth0-spa`` and ``rfc9700-bcp``) by default.
        seed: the seed of every run.

    Returns:
        The widget; display it by making it the last expression of a cell.

    Raises:
        ConfigError: no policies, or an impossible combination.
        UnknownNameError: an unknown scenario or policy label.
    """
    return CompareExplorer(choices or CompareChoices(), seed=seed)
