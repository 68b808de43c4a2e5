"""Excerpts: finding the events a story is about in a trace of thousands.

A run of two days leaves thousands of events; a lesson is about one of them (the first 401, the
second reuse detection, the first refresh answer the network dropped) and the few events around
it. :func:`select` keeps the events of one kind whose fields have given values;
:func:`find` gives the position of the ``nth`` of them, so that a slice of the trace around it
(``trace[i - 3 : i + 6].format_table()``) shows the story in order.

A field an outcome event lacks is looked up on the request it answers: every ``accepted``,
``rejected``, ``lost`` and ``response_lost`` event carries the ``request_id`` of its request,
so ``find(trace, "response_lost", endpoint="refresh")`` is the first dropped answer to a
refresh (the ``endpoint`` is the request's).

>>> import simtoken
>>> trace = simtoken.run("refresh", seed=7).trace
>>> i = find(trace, "rejected", actor="auth-server")
>>> trace[i].reason, trace[i].t > 86_400  # the refresh token expired after a day
('expired', True)
>>> len(select(trace, "login")), find(trace, "login", nth=1) > 0
(2, True)
"""

from __future__ import annotations

from collections.abc import Mapping

from simtoken.record.events import Event
from simtoken.record.trace import Trace

__all__ = ["find", "select"]

_ABSENT = object()


def _field(trace: Trace, event: Event, name: str) -> object:
    """``event``'s field ``name``, or the field of the request it answers, or ``_ABSENT``."""
    value = getattr(event, name, _ABSENT)
    request_id = getattr(event, "request_id", None)
    if value is _ABSENT and isinstance(request_id, int):
        request = trace.request(request_id)
        if request is not None and request is not event:
            value = getattr(request, name, _ABSENT)
    return value


def _matches(trace: Trace, event: Event, kind: str, fields: Mapping[str, object]) -> bool:
    return event.kind == kind and all(
        _field(trace, event, name) == value for name, value in fields.items()
    )


def select(trace: Trace, kind: str, **fields: object) -> Trace:
    """The events of ``kind`` whose ``fields`` have the given values, in order.

    A field an outcome lacks is matched on its request (see the module docstring).
    """
    return Trace(tuple(e for e in trace if _matches(trace, e, kind, fields)))


def find(trace: Trace, kind: str, nth: int = 0, **fields: object) -> int:
    """The position in ``trace`` of the ``nth`` (from 0) event that :func:`select` would keep.

    Raises:
        ValueError: fewer than ``nth + 1`` events match (as ``list.index`` does).
    """
    seen = 0
    for i, event in enumerate(trace):
        if _matches(trace, event, kind, fields):
            if seen == nth:
                return i
            seen += 1
    wanted = ", ".join(f"{name}={value!r}" for name, value in fields.items())
    raise ValueError(f"no {kind} event #{nth} {f'with {wanted} ' if wanted else ''}in the trace")
