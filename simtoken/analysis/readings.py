"""Readings: a few runs of one question, side by side, as exact values and as text tables.

A lesson often runs one scenario a few times, changing one or two settings (strict rotation,
a grace interval, a single-flight lock), and reads the same few columns of each run. That is
a small experiment, and this module is its bench: :func:`run_variants` runs the variants on one
seed (so every difference is the settings' doing, as in :mod:`simtoken.analysis.compare`),
:func:`variants_table` prints the chosen columns, and :func:`column` and :func:`by_label` return
the same values, exact, for a check. A column is a metric or a fact
(:mod:`simtoken.analysis.facts`). :func:`result_table` and :func:`values_of` read one run;
:func:`means_by` reads a sweep's means one row of its heatmap at a time.

Variants given as a list are labelled by their settings: every setting any variant sets, with
the value each run really had (the scenario's default where a variant does not set it), so the
baseline run ``{}`` reads, say, ``grace_interval=0, single_flight=False``.

>>> tabs = run_variants("concurrent-tabs", [{}, {"single_flight": True}], seed=7, settings={
...     "horizon": 86_400, "request_interval": 7200, "algorithm": "HS256"})
>>> print(variants_table(tabs, "false_logouts", "refreshes"))
variant              false_logouts  refreshes
single_flight=False              4         26
single_flight=True               0         17
>>> column(tabs, "false_logouts"), values_of(tabs[1], "victim_logins", "refreshes")
((4, 0), (0, 17))
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import overload

from simtoken._text import MISSING, approx_duration, text_table
from simtoken.analysis.compare import Comparison
from simtoken.analysis.facts import Column, column_name, value_of
from simtoken.analysis.sweep_table import SweepResult
from simtoken.config.budget import DEFAULT_MAX_EVENTS
from simtoken.config.settings import flatten
from simtoken.errors import ConfigError, UnknownNameError
from simtoken.record.result import Result
from simtoken.runner import configure, run

__all__ = [
    "Runs",
    "Variants",
    "by_label",
    "column",
    "means_by",
    "result_table",
    "run_variants",
    "show",
    "values_of",
    "variants_table",
]


@dataclass(frozen=True)
class Variants(Sequence[Result]):
    """Labelled runs, in order: ``variants[0]`` or ``variants["label"]`` is one run's result."""

    labels: tuple[str, ...]
    results: tuple[Result, ...]

    def __post_init__(self) -> None:
        if len(self.labels) != len(self.results):
            raise ConfigError("labels", self.labels, f"one label per run ({len(self.results)})")
        for i, label in enumerate(self.labels):
            if label in self.labels[:i]:
                raise ConfigError("labels", label, "distinct labels (each variant once)")

    @overload
    def __getitem__(self, key: int | str) -> Result: ...
    @overload
    def __getitem__(self, key: slice) -> Sequence[Result]: ...
    def __getitem__(self, key: int | str | slice) -> Result | Sequence[Result]:
        if isinstance(key, str):
            if key not in self.labels:
                raise UnknownNameError("variant", key, self.labels)
            return self.results[self.labels.index(key)]
        return self.results[key]

    def __len__(self) -> int:
        return len(self.results)

    def __iter__(self) -> Iterator[Result]:
        return iter(self.results)

    def items(self) -> tuple[tuple[str, Result], ...]:
        """``(label, result)`` pairs, in order."""
        return tuple(zip(self.labels, self.results, strict=True))

    @classmethod
    def of(cls, runs: Runs) -> Variants:
        """``runs`` as variants: a comparison's rows, or a ``{label: result}`` mapping."""
        if isinstance(runs, Variants):
            return runs
        if isinstance(runs, Comparison):
            return cls(tuple(r.label for r in runs.rows), tuple(r.result for r in runs.rows))
        return cls(tuple(runs), tuple(runs.values()))


Runs = Variants | Comparison | Mapping[str, Result]
"""Labelled runs: :class:`Variants`, a :class:`~simtoken.analysis.compare.Comparison`, or a
``{label: result}`` mapping."""


def _setting_text(value: object) -> str:
    if value is None:
        return MISSING
    if isinstance(value, list | tuple):
        return ",".join(map(str, value)) or MISSING
    return f"{value:g}" if isinstance(value, float) else str(value)


def _labels(variants: Sequence[Mapping[str, object]], results: Sequence[Result]) -> list[str]:
    """Each variant's label: every setting any variant sets, with the value its run had."""
    keys = list(dict.fromkeys(key for variant in variants for key in variant))
    labels = []
    for variant, result in zip(variants, results, strict=True):
        had = flatten(result.config)
        values = {k: had[k] if k in had else variant.get(k) for k in keys}
        labels.append(", ".join(f"{k}={_setting_text(v)}" for k, v in values.items()))
    return [label or "defaults" for label in labels]


def run_variants(
    scenario: str,
    variants: Sequence[Mapping[str, object]] | Mapping[str, Mapping[str, object]],
    *,
    seed: int = 0,
    settings: Mapping[str, object] | None = None,
    max_events: int = DEFAULT_MAX_EVENTS,
) -> Variants:
    """Run ``scenario`` once per variant on one ``seed``: ``settings``, then the variant's own.

    A variant is ``{setting: value}`` (as ``simtoken.run`` takes them; ``"preset"`` names a
    preset). A mapping ``{label: variant}`` names the variants; a list is labelled by the
    settings (see the module docstring). Two variants with the same label are a
    :class:`~simtoken.errors.ConfigError`.
    """
    named = dict(variants) if isinstance(variants, Mapping) else None
    knobs = list(variants.values()) if isinstance(variants, Mapping) else list(variants)
    results = []
    for variant in knobs:
        extra = {**(settings or {}), **variant}
        preset = extra.pop("preset", None)
        if preset is not None and not isinstance(preset, str):
            raise ConfigError("preset", preset, "a preset name")
        config = configure(scenario, preset, extra)
        results.append(run(scenario, seed=seed, config=config, max_events=max_events))
    labels = list(named) if named is not None else _labels(knobs, results)
    return Variants(tuple(labels), tuple(results))


def show(name: str, value: object) -> str:
    """How a column's value reads in a table.

    None is ``-``; seconds (a name ending in ``_s``) from a minute on also read in human units,
    ``19224.774099 (5 h 20 min)``; a mapping (``rejections``) reads ``expired: 38, reused: 1``
    (``-`` if empty); anything else is its exact ``str``.
    """
    if value is None:
        return MISSING
    if name.endswith("_s") and isinstance(value, int | float) and value >= 60:
        return f"{value} ({approx_duration(value)})"
    if isinstance(value, Mapping):
        return ", ".join(f"{k}: {v}" for k, v in value.items()) or MISSING
    return str(value)


def column(runs: Runs, of: Column) -> tuple[object, ...]:
    """The value of column ``of`` in each run, in order."""
    return tuple(value_of(result, of) for result in Variants.of(runs))


def by_label(runs: Runs, *columns: Column) -> dict[str, tuple[object, ...]]:
    """For each run's label, the values of ``columns`` in that run."""
    return {label: values_of(result, *columns) for label, result in Variants.of(runs).items()}


def variants_table(runs: Runs, *columns: Column, label: str = "variant") -> str:
    """An aligned text table: one row per run (its label first), one column per column.

    Values read as :func:`show` writes them; the label column is headed ``label``.
    """
    if not columns:
        raise ConfigError("columns", columns, "one or more metric or fact names")
    names = [column_name(c) for c in columns]
    lines = [[label, *names]]
    for run_label, result in Variants.of(runs).items():
        values = values_of(result, *columns)
        lines.append([run_label, *(show(n, v) for n, v in zip(names, values, strict=True))])
    return text_table(lines, right_from=1)


def values_of(result: Result, *columns: Column) -> tuple[object, ...]:
    """The values of ``columns`` in one run, exact (as :func:`column` gives them)."""
    return tuple(value_of(result, c) for c in columns)


def result_table(result: Result, *columns: Column) -> str:
    """One run's ``columns``, one per line: the name, then the value as :func:`show` writes it."""
    names = [column_name(c) for c in columns]
    values = values_of(result, *columns)
    return text_table([[n, show(n, v)] for n, v in zip(names, values, strict=True)])


def means_by(grid: SweepResult, metric: str, by: str) -> dict[object, tuple[float | None, ...]]:
    """A sweep's means of ``metric`` for each value of the grid setting ``by``, in grid order.

    With two grid settings this is one row of the heatmap per value of ``by``: the means (over
    the seeds) at each value of the other setting.

    Raises:
        UnknownNameError: ``by`` is not one of the sweep's grid settings, or ``metric`` is
            not a metric a sweep summarizes.
    """
    if by not in grid.parameters:
        raise UnknownNameError("by", by, grid.parameters)
    rows: dict[object, list[float | None]] = {}
    for point in grid.summary(metric):
        rows.setdefault(point.params[by], []).append(point.mean)
    return {value: tuple(means) for value, means in rows.items()}
