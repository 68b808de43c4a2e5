"""The result of a run: its configuration, its trace and its metrics, and the JSON document.

``simtoken run NAME --json`` prints :meth:`Result.to_json`, one JSON object:

============ ===========================================================================
key          value
============ ===========================================================================
``format``   ``"simtoken.result/1"``: the document's schema version
``scenario`` the scenario's name
``seed``     the seed
``config``   every setting of the run, flat (``access_token_lifetime``, ``clients`` ...)
``jwks``     the public JWKS that verifies every token of the run
``metrics``  ``victim_logins``, ``victim_availability``, ``as_load_per_h``, and counters
``events``   the trace: each event has ``t`` (sim seconds), ``kind``, ``actor``, its own
             fields (see :mod:`simtoken.record.events`), and ``token`` where one is involved
============ ===========================================================================

Keys appear in that order and the output is byte-identical for the same configuration and
seed (except with ES256, whose signatures are randomized).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from simtoken.config.run import RunConfig
from simtoken.config.settings import flatten
from simtoken.record.audit import Violation, audit
from simtoken.record.events import Issued
from simtoken.record.metrics import Metrics
from simtoken.record.trace import Trace

__all__ = ["RESULT_FORMAT", "Result"]

RESULT_FORMAT = "simtoken.result/1"


@dataclass(frozen=True)
class Result:
    """What one run produced."""

    scenario: str
    seed: int
    config: RunConfig
    trace: Trace
    metrics: Metrics
    jwks: dict[str, Any] = field(repr=False)

    def issued(self, token_type: str | None = None) -> list[Issued]:
        """The ``issued`` events, optionally only ``"access"`` or ``"refresh"`` tokens."""
        return [
            e
            for e in self.trace
            if isinstance(e, Issued) and (token_type is None or e.token_type == token_type)
        ]

    def audit(self) -> list[Violation]:
        """The invariant violations of this run (:mod:`simtoken.record.audit`); [] when clean."""
        return audit(self.to_dict())

    def to_dict(self) -> dict[str, Any]:
        """The JSON document as a dict (see the module docstring)."""
        return {
            "format": RESULT_FORMAT,
            "scenario": self.scenario,
            "seed": self.seed,
            "config": flatten(self.config),
            "jwks": self.jwks,
            "metrics": self.metrics.to_dict(),
            "events": self.trace.to_dicts(),
        }

    def to_json(self, indent: int | None = 2) -> str:
        """The JSON document as text."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)
