"""Attacker events: the ground truth of what a thief took, made and acted through.

No server sees these: a server only sees requests and the tokens they carry. The simulator
records them so that the attacker's windows (:mod:`simtoken.record.windows`) can be measured
from the trace alone, never from an actor's private state:

* ``stolen``: the attacker took a token (or a DPoP key) from the victim;
* ``theft_failed``: a theft attempt (or part of one) got nothing, and why;
* ``page``: the victim's page that the attacker acts through opened or closed;
* ``forged``: the attacker made a token itself, by an attack class of the forgery catalog.

They are listed with every other kind in :mod:`simtoken.record.events`, which re-exports them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from simtoken._records import quick_init
from simtoken.record.event_base import Event

__all__ = ["Forged", "Page", "Stolen", "TheftFailed"]


@quick_init
@dataclass(frozen=True, slots=True, kw_only=True)
class Stolen(Event):
    """The attacker (``actor``) took ``token`` (a ``token_type`` token) from ``victim``."""

    kind: ClassVar[str] = "stolen"
    victim: str
    vector: str
    token: str
    token_type: str


@quick_init
@dataclass(frozen=True, slots=True, kw_only=True)
class TheftFailed(Event):
    """A theft attempt by ``actor`` on ``victim`` got nothing, and ``reason`` says why.

    With ``storage=cookie_rt`` a script's theft can be partial: it copies the access token
    from the page's memory (a ``stolen`` event) but not the ``HttpOnly`` refresh cookie (this
    event, at the same instant).
    """

    kind: ClassVar[str] = "theft_failed"
    victim: str
    vector: str
    reason: str


@quick_init
@dataclass(frozen=True, slots=True, kw_only=True)
class Page(Event):
    """The victim's page that the attacker (``actor``) acts through opened or closed.

    Ground truth, like ``stolen``: recorded from the theft on, and only while the attacker can
    act through the page without holding a usable token itself: a script riding a
    backend-for-frontend session, signing with the page's non-extractable DPoP key
    (RFC 9449 §11.4), or calling the refresh endpoint with the page's ``HttpOnly`` refresh
    cookie (``storage=cookie_rt``). ``client`` is the victim's app (tab); ``is_open`` whether
    it is open now (the user is in an active period and has not closed the app for good).
    """

    kind: ClassVar[str] = "page"
    victim: str
    client: str
    is_open: bool


@quick_init
@dataclass(frozen=True, slots=True, kw_only=True)
class Forged(Event):
    """The attacker (``actor``) made ``token`` itself, by the attack class ``attack``."""

    kind: ClassVar[str] = "forged"
    attack: str
    token: str
