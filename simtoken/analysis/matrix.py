"""Matrix: one seeded attack over two settings crossed, such as storage against theft vector.

Where a browser app keeps its tokens decides which attacks work, and a table answers it at a
glance: one row per pair of values (``storage=web_storage`` with ``theft_vector=xss`` ...),
the same seed and settings everywhere, and the attacker's metrics side by side. Like a
crash-test grid (every car model against every kind of impact) it compares like with like:
each actor draws from its own seeded generator, so only the two settings change between cells.

``simtoken compare theft --over storage=memory,cookie_rt --against theft_vector=xss,csrf``
prints it; :data:`STORAGE_MATRIX` is the classic grid (five storages, five vectors).

>>> m = matrix("theft", ("storage", ["web_storage", "cookie_rt"]), ("theft_vector", ["xss"]),
...            seed=7, settings={"horizon": 7200, "theft_at": 600})
>>> [(c.over, c.against, c.held, c.metrics()["attacker_refresh_s"]) for c in m.cells]
[('web_storage', 'xss', 'AT+RT', 6600.0), ('cookie_rt', 'xss', 'AT', 0.0)]
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from simtoken._text import text_table
from simtoken.analysis.compare import metric_cell
from simtoken.config.budget import DEFAULT_MAX_EVENTS
from simtoken.config.settings import settings as known_settings
from simtoken.errors import ConfigError, UnknownNameError
from simtoken.names import ATTACKER
from simtoken.record.events import Issued, Stolen
from simtoken.record.result import Result
from simtoken.runner import configure, run
from simtoken.scenarios import get_scenario

__all__ = ["MATRIX_METRICS", "STORAGE_MATRIX", "Matrix", "MatrixCell", "matrix"]

MATRIX_METRICS = (
    "attacker_access_s",
    "attacker_online_s",
    "attacker_online_calls",
    "attacker_refresh_s",
    "attacker_api_calls",
    "csrf_accepted",
    "detection_latency_s",
    "victim_logins",
)
"""The metrics of each cell, in column order: what the attacker could do and did, and the cost."""

STORAGE_MATRIX = (
    ("storage", ("memory", "web_storage", "cookie_rt", "cookie_bff", "keystore")),
    ("theft_vector", ("xss", "persistent_xss", "csrf", "new_flow", "device")),
)
"""Where the app keeps its tokens, against how the attacker gets at them."""

Axis = tuple[str, Sequence[object]]
_SHORT = (("access", "AT"), ("refresh", "RT"), ("dpop_key", "key"))


@dataclass(frozen=True)
class MatrixCell:
    """One pair of values and its run."""

    over: object
    against: object
    result: Result

    @property
    def held(self) -> str:
        """What the attacker held: ``AT``, ``RT``, ``AT+RT`` (``+key``: a DPoP key), or ``-``.

        Tokens it stole, and tokens issued to it (its own flow, ``new_flow``).
        """
        kinds = {
            e.token_type
            for e in self.result.trace
            if isinstance(e, Stolen) or (isinstance(e, Issued) and e.holder == ATTACKER)
        }
        names = [n for k, n in _SHORT if k in kinds]
        return "+".join(names) or "-"

    def metrics(self) -> dict[str, Any]:
        """The cell's :data:`MATRIX_METRICS`."""
        data = self.result.metrics.to_dict()
        return {name: data[name] for name in MATRIX_METRICS}


@dataclass(frozen=True)
class Matrix:
    """The cells of a matrix, row by row (the ``over`` value varies slowest)."""

    scenario: str
    seed: int
    over: str
    against: str
    cells: tuple[MatrixCell, ...]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready document: scenario, seed, the two settings, and each cell's metrics."""
        return {
            "scenario": self.scenario,
            "seed": self.seed,
            "over": self.over,
            "against": self.against,
            "cells": [
                {
                    self.over: c.over,
                    self.against: c.against,
                    "held": c.held,
                    "metrics": c.metrics(),
                }
                for c in self.cells
            ],
        }

    def to_json(self, indent: int | None = 2) -> str:
        """The matrix as JSON text."""
        return json.dumps(self.to_dict(), indent=indent)

    def format_table(self) -> str:
        """One line per cell: the two values, what the attacker held, then the metrics.

        Durations read in human units and a missing value as ``-``, as in ``compare``.
        """
        lines = [[self.over, self.against, "held", *MATRIX_METRICS]]
        for c in self.cells:
            metrics = [metric_cell(name, value) for name, value in c.metrics().items()]
            lines.append([str(c.over), str(c.against), c.held, *metrics])
        return text_table(lines, right_from=3)


def _check_axes(over: Axis, against: Axis) -> None:
    known = known_settings()
    for setting, values in (over, against):
        if setting not in known:
            raise UnknownNameError("setting", setting, sorted(known))
        if not values or len(set(map(str, values))) != len(values):
            raise ConfigError(setting, ",".join(map(str, values)), "one or more distinct values")
    if over[0] == against[0]:
        raise ConfigError("against", against[0], f"a setting other than {over[0]}")


def matrix(
    scenario: str,
    over: Axis,
    against: Axis,
    *,
    seed: int = 0,
    preset: str | None = None,
    settings: Mapping[str, object] | None = None,
    max_events: int = DEFAULT_MAX_EVENTS,
) -> Matrix:
    """Run ``scenario`` once per pair of an ``over`` value and an ``against`` value.

    ``over`` and ``against`` are ``(setting, values)``; ``preset`` and ``settings`` (as
    ``--set``) apply to every cell, the pair on top. Every cell's configuration is checked
    before the first run, so a bad value fails fast. ``max_events`` bounds each run.
    """
    get_scenario(scenario)
    _check_axes(over, against)
    common = dict(settings or {})
    pairs = [(a, b) for a in over[1] for b in against[1]]
    configs = [configure(scenario, preset, {**common, over[0]: a, against[0]: b}) for a, b in pairs]
    cells = tuple(
        MatrixCell(a, b, run(scenario, seed=seed, config=config, max_events=max_events))
        for (a, b), config in zip(pairs, configs, strict=True)
    )
    return Matrix(get_scenario(scenario).name, seed, over[0], against[0], cells)
