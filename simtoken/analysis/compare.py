"""Comparison: the same seeded run under several policies, side by side.

Because every actor draws from its own seeded generator, changing the policy leaves the user's
behaviour and the attacker's timing untouched: a comparison shows what the *policy* changes,
nothing else. Each column can be a named preset, or a preset with ``--set`` overrides on top.

>>> table = compare("theft", ["naive", "rfc9700-bcp"], seed=7)
>>> [row.label for row in table.rows]
['naive', 'rfc9700-bcp']
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from simtoken._text import MISSING, approx_duration, text_table
from simtoken.config.budget import DEFAULT_MAX_EVENTS
from simtoken.errors import ConfigError
from simtoken.record.metrics import ATTACKER_METRICS, USER_METRICS
from simtoken.record.result import Result
from simtoken.runner import configure, run
from simtoken.scenarios import get_scenario

__all__ = [
    "COMPARED_METRICS",
    "PROOF_COLUMNS",
    "Comparison",
    "ComparisonRow",
    "compare",
    "metric_cell",
]

COMPARED_METRICS = ATTACKER_METRICS + USER_METRICS
"""The metrics a comparison table shows, in column order (``csrf_accepted`` follows when a row's
attack is cross-site request forgery: its accepted requests must show; likewise
:data:`PROOF_COLUMNS` when a row's attacker pre-computes DPoP proofs or its servers use nonces)."""

PROOF_COLUMNS = ("attacker_precomputed_calls", "attacker_precomputed_reach_s", "nonce_retries")
"""What pre-computed proofs got the attacker and what server nonces cost the users."""


@dataclass(frozen=True)
class ComparisonRow:
    """One policy's run in a comparison."""

    label: str
    result: Result

    def metrics(self, names: Sequence[str] = COMPARED_METRICS) -> dict[str, Any]:
        """The compared metrics of this row (``names``)."""
        data = self.result.metrics.to_dict()
        return {name: data[name] for name in names}


@dataclass(frozen=True)
class Comparison:
    """The rows of a comparison, with text and JSON views."""

    scenario: str
    seed: int
    rows: tuple[ComparisonRow, ...]

    @property
    def columns(self) -> tuple[str, ...]:
        """The metrics shown: :data:`COMPARED_METRICS`, and ``csrf_accepted`` for a CSRF row."""
        csrf = any(row.result.config.theft_vector == "csrf" for row in self.rows)
        proofs = any(
            row.result.config.attacker_strategy == "precompute" or row.result.config.use_dpop_nonce
            for row in self.rows
        )
        return (
            COMPARED_METRICS
            + (("csrf_accepted",) if csrf else ())
            + (PROOF_COLUMNS if proofs else ())
        )

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready document: scenario, seed, and per row its label, settings and metrics."""
        columns = self.columns
        return {
            "scenario": self.scenario,
            "seed": self.seed,
            "rows": [{"label": r.label, "metrics": r.metrics(columns)} for r in self.rows],
        }

    def to_json(self, indent: int | None = 2) -> str:
        """The comparison as JSON text."""
        return json.dumps(self.to_dict(), indent=indent)

    def format_table(self) -> str:
        """An aligned text table: one row per policy, one column per metric.

        Durations (metrics in seconds, ``*_s``) read in human units (``46 h``, ``18 min 42 s``),
        a missing value as ``-``; :meth:`to_json` keeps every number exact.
        """
        columns = self.columns
        lines = [["policy", *columns]]
        for row in self.rows:
            cells = [row.label]
            for name, value in row.metrics(columns).items():
                cells.append(metric_cell(name, value))
            lines.append(cells)
        return text_table(lines, right_from=1)


def metric_cell(name: str, value: object) -> str:
    """A metric in a table cell: ``-`` if missing, a duration (``*_s``) in human units."""
    if value is None:
        return MISSING
    if name.endswith("_s") and isinstance(value, int | float):
        return approx_duration(value)
    return f"{value:,.1f}" if isinstance(value, float) else str(value)


def compare(
    scenario: str,
    presets: Sequence[str],
    *,
    seed: int = 0,
    settings: Mapping[str, object] | None = None,
    variants: Mapping[str, Mapping[str, object]] | None = None,
    max_events: int = DEFAULT_MAX_EVENTS,
) -> Comparison:
    """Run ``scenario`` once per preset (and per named variant), with the same seed and settings.

    ``settings`` (as ``--set``) apply to every row; ``variants`` maps extra row labels to
    ``{"preset": name, **knob overrides}`` (e.g. a storage=cookie_bff column). Row labels must
    be distinct (a preset twice, or a variant named like a preset, is a :class:`ConfigError`).
    ``max_events`` is each run's work budget (:mod:`simtoken.config.budget`).
    """
    labels = [*presets, *(variants or {})]
    for i, label in enumerate(labels):
        if label in labels[:i]:
            raise ConfigError("label", label, "distinct row labels (each preset and variant once)")
    get_scenario(scenario)  # an unknown scenario is an error even with no rows to run
    common = dict(settings or {})

    def row(label: str, preset: str | None, knobs: Mapping[str, object]) -> ComparisonRow:
        config = configure(scenario, preset, {**common, **knobs})
        return ComparisonRow(label, run(scenario, seed=seed, config=config, max_events=max_events))

    rows = [row(p, p, {}) for p in presets]
    for label, knobs in (variants or {}).items():
        extra = dict(knobs)
        preset = extra.pop("preset", None)
        if preset is not None and not isinstance(preset, str):
            raise TypeError(f"variants[{label!r}]['preset'] must be a preset name")
        rows.append(row(label, preset, extra))
    return Comparison(scenario, seed, tuple(rows))
