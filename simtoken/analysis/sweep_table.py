"""A sweep's result: its rows, per-point summaries over the seeds, a text table and JSON.

:func:`simtoken.analysis.sweep.sweep` runs a scenario at every point of a grid for every seed;
what comes back is a :class:`SweepResult`: one :class:`SweepRow` per run, in grid order (first
key slowest, seeds innermost). :meth:`SweepResult.summary` folds the seeds of each point into
a mean, a minimum and a maximum; :meth:`SweepResult.format_table` shows them as aligned text,
and :meth:`SweepResult.to_json` / :meth:`SweepResult.from_json` round-trip the whole result.

>>> row = SweepRow({"access_token_lifetime": 300}, 7, {"refreshes": 3})
>>> row.to_dict()
{'access_token_lifetime': 300, 'seed': 7, 'refreshes': 3}
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from simtoken._text import MISSING, approx_duration, text_table
from simtoken.config.settings import settings as known_settings
from simtoken.errors import ConfigError, UnknownNameError
from simtoken.record.metrics import USER_METRICS, Metrics
from simtoken.runner import configure

__all__ = ["METRICS", "PointSummary", "SweepResult", "SweepRow", "check_metric"]

SWEEP_FORMAT = "simtoken.sweep/1"  # the "format" of SweepResult.to_json documents

METRICS: tuple[str, ...] = tuple(
    name
    for name, value in Metrics(
        victim_logins=0, victim_availability=None, as_load_per_h=0.0, api_calls=0, refreshes=0
    )
    .to_dict()
    .items()
    if not isinstance(value, dict)  # rejections and the counts by scope are mappings
)
"""The numeric metrics a sweep can summarize and tabulate (names as in :class:`Metrics`)."""

_THEFT_METRICS = (
    "attacker_access_s",
    "attacker_online_s",
    "attacker_online_calls",
    "attacker_refresh_s",
    "detection_latency_s",
)


_DETECTOR_METRICS = (
    "true_positives",
    "false_positives_per_100_user_days",
    "detection_rate",
    "stolen_families",
)


def check_metric(name: str) -> str:
    """``name`` if it is one of :data:`METRICS`; :class:`UnknownNameError` otherwise."""
    if name not in METRICS:
        raise UnknownNameError("metric", name, METRICS)
    return name


@dataclass(frozen=True)
class SweepRow:
    """One run of a sweep: its grid point, its seed and its metrics (``Metrics.to_dict()``)."""

    params: Mapping[str, object]
    seed: int
    metrics: Mapping[str, object]

    def to_dict(self) -> dict[str, Any]:
        """One flat dict: each grid setting, ``seed``, then each metric."""
        return {**self.params, "seed": self.seed, **self.metrics}


@dataclass(frozen=True)
class PointSummary:
    """One metric at one grid point over the seeds; ``count`` seeds had a value (not None)."""

    params: Mapping[str, object]
    count: int
    mean: float | None
    min: float | None
    max: float | None


@dataclass(frozen=True)
class SweepResult:
    """The rows of a sweep, in grid order (seeds innermost), with table and JSON views."""

    scenario: str
    preset: str | None
    parameters: tuple[str, ...]
    seeds: tuple[int, ...]
    rows: tuple[SweepRow, ...]
    settings: Mapping[str, object] = field(default_factory=dict)
    """The settings every run shared (``settings=`` / ``--set``)."""

    def to_dicts(self) -> list[dict[str, Any]]:
        """One flat dict per run: ``{each grid setting..., "seed": ..., each metric...}``."""
        return [row.to_dict() for row in self.rows]

    def to_json(self, indent: int | None = 2) -> str:
        """The sweep as JSON text, byte-identical for the same sweep.

        Keys: ``format`` (``simtoken.sweep/1``), ``scenario``, ``preset``, ``parameters``,
        ``seeds``, ``settings`` and ``rows`` (the flat dicts of :meth:`to_dicts`).
        """
        doc = {
            "format": SWEEP_FORMAT,
            "scenario": self.scenario,
            "preset": self.preset,
            "parameters": list(self.parameters),
            "seeds": list(self.seeds),
            "settings": {k: _jsonable(v) for k, v in self.settings.items()},
            "rows": [{k: _jsonable(v) for k, v in r.items()} for r in self.to_dicts()],
        }
        return json.dumps(doc, indent=indent, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> SweepResult:
        """Read back :meth:`to_json`'s text: ``SweepResult.from_json(r.to_json()) == r``."""
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("format") != SWEEP_FORMAT:
            found = data.get("format") if isinstance(data, dict) else data
            raise ConfigError("format", found, SWEEP_FORMAT)
        known, keys = known_settings(), tuple(data["parameters"])
        rows = []
        for flat in data["rows"]:
            params = {k: known[k].parse(flat.pop(k)) for k in keys}
            rows.append(SweepRow(params, flat.pop("seed"), flat))
        fixed = {k: known[k].parse(v) for k, v in data["settings"].items()}
        seeds = tuple(data["seeds"])
        return cls(data["scenario"], data["preset"], keys, seeds, tuple(rows), fixed)

    def to_dataframe(self) -> Any:
        """The rows of :meth:`to_dicts` as a pandas DataFrame (pandas is optional)."""
        try:
            pd = importlib.import_module("pandas")
        except ImportError as exc:
            raise ImportError("SweepResult.to_dataframe needs pandas: pip install pandas") from exc
        return pd.DataFrame(self.to_dicts())

    def default_metrics(self) -> tuple[str, ...]:
        """The metrics a table shows by default: the user's, plus the attacker's in a theft.

        ``csrf_accepted`` joins them when an attack is a cross-site request forgery,
        ``nonce_retries`` and ``attacker_precomputed_calls`` when a point uses DPoP server nonces
        or an attacker that pre-computes proofs, and the detector's metrics when a detector is on
        (a ROC: ``simtoken.plots.plot_roc``).
        """
        base = configure(self.scenario, self.preset, self.settings)
        vectors = {row.params.get("theft_vector", base.theft_vector) for row in self.rows}
        csrf = ("csrf_accepted",) if "csrf" in vectors else ()
        proofs = any(
            row.params.get("use_dpop_nonce", base.use_dpop_nonce)
            or row.params.get("attacker_strategy", base.attacker_strategy) == "precompute"
            for row in self.rows
        )
        extra = ("nonce_retries", "attacker_precomputed_calls") if proofs else ()
        actions = {row.params.get("detector_action", base.detector_action) for row in self.rows}
        detector = _DETECTOR_METRICS if actions - {"off"} else ()
        theft = _THEFT_METRICS + csrf if vectors - {"none"} else ()
        return USER_METRICS + theft + extra + detector

    def summary(self, metric: str) -> list[PointSummary]:
        """Per grid point (in grid order): ``metric``'s mean, min and max over the seeds."""
        check_metric(metric)
        out, n = [], len(self.seeds)
        for chunk in (self.rows[i : i + n] for i in range(0, len(self.rows), n)):
            got = [v for r in chunk if isinstance(v := r.metrics[metric], int | float)]
            mean = round(sum(got) / len(got), 6) if got else None
            low, high = min(got, default=None), max(got, default=None)
            out.append(PointSummary(dict(chunk[0].params), len(got), mean, low, high))
        return out

    def format_table(self, metric: str | Sequence[str] | None = None) -> str:
        """An aligned text table: one row per grid point, one column per metric.

        ``metric`` is one name or several (default: :meth:`default_metrics`). With several seeds
        a cell reads ``mean (min-max)``, plus ``[k/n]`` when only k of the n seeds have a value
        (a detection latency is None when nothing was detected).
        """
        if metric is None:
            metric = self.default_metrics()
        metrics = (metric,) if isinstance(metric, str) else tuple(metric)
        if not metrics:
            raise ConfigError("metric", metric, "one or more metric names")
        columns = [self.summary(m) for m in metrics]
        lines = [[*self.parameters, *metrics]]
        for i, point in enumerate(columns[0]):
            cells = [_show(point.params[key]) for key in self.parameters]
            lines.append(
                cells
                + [_cell(c[i], len(self.seeds), m) for m, c in zip(metrics, columns, strict=True)]
            )
        return text_table(lines, right_from=len(self.parameters))


def _cell(s: PointSummary, n: int, metric: str) -> str:
    show = _human if metric.endswith("_s") else _fmt  # durations in human units
    spread = f" ({show(s.min)}-{show(s.max)})" if n > 1 and s.count else ""
    return show(s.mean) + spread + (f" [{s.count}/{n}]" if 0 < s.count < n else "")


def _human(value: float | None) -> str:
    return MISSING if value is None else approx_duration(value)


def _jsonable(value: object) -> object:
    return list(value) if isinstance(value, tuple) else value


def _show(value: object) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    return ",".join(map(str, value)) if isinstance(value, tuple) else str(value)


def _fmt(value: float | None) -> str:
    if value is None:
        return "-"
    if isinstance(value, int) or value.is_integer():
        return f"{value:.0f}"
    return f"{value:.1f}" if abs(value) >= 100 else f"{value:.3g}"
