"""The detector's records: an alert on a request, and a remediation.

The detector at the auth server (:mod:`simtoken.actors.detector`) scores each refresh of a token
family from its request context. A refresh whose score reaches ``detector_threshold`` is an
``alert``: which request, which family (``session``) and user, the ``score``, the ``signals``
that made it up and the ``action`` taken (``log``, ``step_up``, ``revoke``, ``revoke_all`` or
``remediate``). A revocation the action takes is a ``revoked`` event (reason ``detector``) at
the same instant. The servers never know whether the request came from the thief; whether an
alert is a true or a false positive is ground truth, read by
:mod:`simtoken.record.detection_metrics`.

A ``remediated`` event says that the injected script was removed from the application (the
stored XSS payload deleted) and every session of ``user`` revoked, by the detector's
``remediate`` action or by an operator at ``remediation_at`` (``by``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from simtoken._records import quick_init
from simtoken.record.event_base import Event

__all__ = ["Alert", "Remediated", "detection_gist"]


@quick_init
@dataclass(frozen=True, slots=True, kw_only=True)
class Alert(Event):
    """The detector (``actor``: the auth server) flagged request ``request_id`` and acted."""

    kind: ClassVar[str] = "alert"
    request_id: int
    session: str
    user: str
    score: float
    signals: str
    """The signals that fired, comma-separated (``impossible_travel,asn_change``)."""
    action: str


@quick_init
@dataclass(frozen=True, slots=True, kw_only=True)
class Remediated(Event):
    """The script was removed and all of ``user``'s sessions revoked (``by``: who did it)."""

    kind: ClassVar[str] = "remediated"
    user: str
    by: str


def detection_gist(e: Event | None) -> str | None:
    """An ``alert`` or a ``remediated`` event in words (a table's or a diagram's); else None.

    >>> detection_gist(Remediated(t=1.0, actor="auth-server", user="user-1", by="operator"))
    'script removed, every session of user-1 revoked (by operator)'
    """
    if isinstance(e, Alert):
        signals = e.signals.replace(",", ", ")
        return (
            f"detector alert on request {e.request_id}: score {e.score:g} ({signals}), {e.action}"
        )
    if isinstance(e, Remediated):
        return f"script removed, every session of {e.user} revoked (by {e.by})"
    return None
