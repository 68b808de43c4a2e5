"""The base of every trace record: when (``t``, sim seconds) and who (``actor``).

A record is a frozen, keyword-only dataclass: it cannot change once written, and it is built
by naming its fields, so adding a field never shifts another. A run builds millions of them,
so each record class is also decorated with :func:`~simtoken._records.quick_init` (the same
``__init__``, storing its fields faster; ``tests/test_records_init.py`` checks every one).
Each subclass names its ``kind``
(the table in :mod:`simtoken.record.events`) as a class variable, so the kind is not a field a
record could get wrong. :meth:`Event.to_dict` is the one JSON form of a record, the one a saved
trace holds: ``t``, ``kind``, ``actor``, then the record's own fields in declaration order; an
optional field that holds its "nothing to say" value (:data:`_OMITTED`) is left out, so the
records of a run that uses no newer feature read as they always did.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, ClassVar

__all__ = ["Event"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Event:
    """Base of all trace records: when (sim seconds) and who."""

    kind: ClassVar[str] = "event"
    t: float
    actor: str

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: ``t``, ``kind``, ``actor``, then the record's own fields.

        ``token`` is left out when no token was involved (a login request, for instance), and
        the other optional fields when empty (:data:`_OMITTED`).
        """
        data = asdict(self)
        out: dict[str, Any] = {"t": round(self.t, 6), "kind": self.kind, "actor": self.actor}
        out.update(
            (k, dict(v) if k == "params" else v)
            for k, v in data.items()
            if k not in ("t", "actor") and not (k in _OMITTED and v == _OMITTED[k])
        )
        return out


_OMITTED: dict[str, object] = {
    "token": None,
    "proof": None,
    "operation": "",
    "grant_type": "",
    "scope": "",
    "params": (),
    "context": "",
}
"""Fields left out of :meth:`Event.to_dict` when they hold this value (nothing to say)."""
