"""Sweep rows: flat records of runs, grouped and averaged over seeds for the sweep plots.

A sweep is a grid of runs: each row is one run, a flat mapping with one key per swept setting
(``access_token_lifetime``, ``grace_interval`` ...), its ``seed``, and every metric by name (as
:class:`simtoken.record.metrics.Metrics` names them). That is what ``SweepResult.to_dicts()``
returns, and what a loop over :func:`simtoken.run` easily builds. Runs that differ only in their
seed are repetitions of one experiment: the plots show their mean, and their spread (min to max) as
the honest error bar of a simulation.

>>> rows = [{"grace_interval": 0, "seed": s, "false_logouts": s} for s in (1, 2, 3)]
>>> group(as_rows(rows), ("grace_interval",), "false_logouts")
{(0,): Cell(mean=2.0, low=1.0, high=3.0, values=(1.0, 2.0, 3.0), missing=0)}
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NamedTuple, Protocol, TypeAlias, runtime_checkable

from simtoken.errors import ConfigError, UnknownNameError
from simtoken.record.metrics import Metrics

__all__ = [
    "Cell",
    "Rows",
    "SupportsToDicts",
    "as_rows",
    "check_keys",
    "group",
    "parameters",
    "sort_key",
]

_METRIC_NAMES = frozenset({f.name for f in dataclasses.fields(Metrics)} | set(Metrics().to_dict()))


@runtime_checkable
class SupportsToDicts(Protocol):
    """Anything with a ``to_dicts()`` method returning rows (a sweep's result)."""

    def to_dicts(self) -> Iterable[Mapping[str, Any]]:
        """The rows."""
        ...  # pragma: no cover


Rows: TypeAlias = Iterable[Mapping[str, Any]] | SupportsToDicts
"""Rows of a sweep: an iterable of flat mappings, or an object with ``to_dicts()``."""


class Cell(NamedTuple):
    """The runs of one grid point: mean, min and max over seeds of the values that exist."""

    mean: float | None
    low: float | None
    high: float | None
    values: tuple[float, ...]
    missing: int
    """How many runs had no value (None: e.g. a theft never detected)."""


def as_rows(rows: Rows) -> list[Mapping[str, Any]]:
    """The rows as a list (calling ``to_dicts()`` when there is one); at least one row."""
    found = list(rows.to_dicts() if isinstance(rows, SupportsToDicts) else rows)
    if not found:
        raise ConfigError("rows", found, "at least one row")
    return found


def check_keys(rows: Sequence[Mapping[str, Any]], **fields: str) -> None:
    """Check that every ``fields`` value (``x="grace_interval"`` ...) is a key of every row."""
    keys = set(rows[0]).intersection(*rows[1:])
    for field, key in fields.items():
        if key not in keys:
            raise UnknownNameError(field, key, sorted(keys))


def parameters(rows: Sequence[Mapping[str, Any]], exclude: Iterable[str] = ()) -> list[str]:
    """The swept settings that vary across rows: not the seed, a metric or one of ``exclude``."""
    skip = {"seed", *_METRIC_NAMES, *exclude}
    keys = [k for k in rows[0] if k not in skip]
    return [k for k in keys if len({_hashable(r.get(k)) for r in rows}) > 1]


def _hashable(value: object) -> object:
    return tuple(value) if isinstance(value, list) else value


def sort_key(value: object) -> tuple[int, float, str]:
    """Numbers in order, then everything else by its text."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return (0, float(value), "")
    return (1, 0.0, str(value))


def _number(metric: str, value: object) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
        raise ConfigError("metric", metric, f"a metric with numeric values, not {value!r}")
    return float(value)


def group(
    rows: Sequence[Mapping[str, Any]], keys: Sequence[str], metric: str
) -> dict[tuple[Any, ...], Cell]:
    """Group rows by the values of ``keys`` and summarise ``metric`` in each group.

    Groups come sorted by their key values (numbers in order).
    """
    raw: dict[tuple[Any, ...], list[float | None]] = {}
    for row in rows:
        key = tuple(_hashable(row[k]) for k in keys)
        raw.setdefault(key, []).append(_number(metric, row[metric]))
    out = {}
    for key in sorted(raw, key=lambda k: tuple(sort_key(v) for v in k)):
        present = tuple(v for v in raw[key] if v is not None)
        missing = len(raw[key]) - len(present)
        if present:
            out[key] = Cell(
                sum(present) / len(present), min(present), max(present), present, missing
            )
        else:
            out[key] = Cell(None, None, None, (), missing)
    return out
