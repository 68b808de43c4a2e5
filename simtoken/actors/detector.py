"""The stolen-session detector's scoring: signals in a token family's request contexts.

A stolen refresh token is used by two parties, the victim and the thief, from two places. The
auth server cannot see who sends a refresh, but it sees each request's context
(:mod:`simtoken.record.context`) and remembers the recent history of each token family. The
OWASP Session Management Cheat Sheet ("Session Attacks Detection") and Cookie Theft Mitigation
Cheat Sheet suggest the signals; each has a weight, and a refresh whose weights add up to
``detector_threshold`` or more raises an alert:

===================== ====== =====================================================================
signal                weight fires when, against the family's previous request (its login or
                             refresh)
===================== ====== =====================================================================
``impossible_travel``   3    the distance between the two geo-IP places, over the time between
                             them, is faster than ``detector_max_speed_kmh`` (places closer than
                             100 km never count: geo-IP is not that precise)
``user_agent_change``   2    another User-Agent than the previous request's, or than the
                             family's first (its login's): a browser does not change its
                             User-Agent inside a session, except by an update
``asn_change``          1    another network operator (ASN)
``refresh_rate``        1    a refresh less than half an access-token lifetime after the family's
                             previous refresh: a family normally refreshes once per lifetime
``concurrent_use``      1    the family was used from this address, then from another, and now
                             from this one again, all within ``detector_concurrency_window``
===================== ====== =====================================================================

Every signal also fires for honest users (a VPN is an impossible journey, Wi-Fi to mobile data
an ASN change, a browser update a new User-Agent: :mod:`simtoken.actors.contexts`); the weights
and the threshold trade false positives against missed thefts, which a sweep of the threshold
shows as a ROC curve. The weights are the simulator's choice, not a product's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from simtoken.record.context import RequestContext, distance_km

__all__ = ["WEIGHTS", "FamilyHistory", "Signal", "score"]

_NEAR_KM = 100.0


class Signal(StrEnum):
    """A suspicious difference between a family's requests (see the module docstring)."""

    IMPOSSIBLE_TRAVEL = "impossible_travel"
    USER_AGENT_CHANGE = "user_agent_change"
    ASN_CHANGE = "asn_change"
    REFRESH_RATE = "refresh_rate"
    CONCURRENT_USE = "concurrent_use"


WEIGHTS: dict[Signal, float] = {
    Signal.IMPOSSIBLE_TRAVEL: 3.0,
    Signal.USER_AGENT_CHANGE: 2.0,
    Signal.ASN_CHANGE: 1.0,
    Signal.REFRESH_RATE: 1.0,
    Signal.CONCURRENT_USE: 1.0,
}
"""Each signal's weight in the score."""


@dataclass
class FamilyHistory:
    """What the detector remembers of one token family (mutable server state)."""

    last: tuple[float, RequestContext] | None = None
    """The family's previous request: when, and its context."""
    first: RequestContext | None = None
    """The context the family started with (its login, or the first refresh seen)."""
    last_refresh: float | None = None
    recent: list[tuple[float, str]] = field(default_factory=list)
    """The addresses the family was used from, with times, within the concurrency window."""

    def seen(self, t: float, context: RequestContext, *, refresh: bool, window: float) -> None:
        """Remember a request of the family at ``t``."""
        self.last = (t, context)
        if self.first is None:
            self.first = context
        if refresh:
            self.last_refresh = t
        self.recent = [(u, ip) for u, ip in self.recent if t - u <= window]
        self.recent.append((t, context.ip))


def _travel(history: FamilyHistory, t: float, context: RequestContext, max_kmh: float) -> bool:
    assert history.last is not None
    before, prev = history.last
    km = distance_km(prev.place, context.place)
    if km < _NEAR_KM:
        return False
    hours = (t - before) / 3600.0
    return hours <= 0 or km / hours > max_kmh


def _flip_back(history: FamilyHistory, t: float, ip: str, window: float) -> bool:
    """Whether the family went from this address to another and back, within ``window``."""
    mine = False
    for u, seen in history.recent:
        if t - u > window:
            continue
        if seen == ip:
            mine = True
        elif mine:
            return True
    return False


def score(
    history: FamilyHistory,
    t: float,
    context: RequestContext,
    *,
    max_kmh: float,
    window: float,
    min_gap: float,
) -> tuple[float, tuple[Signal, ...]]:
    """The score of a refresh at ``t`` from ``context``, and the signals that fired."""
    if history.last is None:
        return 0.0, ()
    prev = history.last[1]
    ua = context.user_agent
    first_ua = history.first.user_agent if history.first is not None else prev.user_agent
    fired = [
        signal
        for signal, on in (
            (Signal.IMPOSSIBLE_TRAVEL, _travel(history, t, context, max_kmh)),
            (Signal.USER_AGENT_CHANGE, context.user_agent != prev.user_agent or ua != first_ua),
            (Signal.ASN_CHANGE, context.asn != prev.asn),
            (
                Signal.REFRESH_RATE,
                history.last_refresh is not None and t - history.last_refresh < min_gap,
            ),
            (Signal.CONCURRENT_USE, _flip_back(history, t, context.ip, window)),
        )
        if on
    ]
    return sum(WEIGHTS[s] for s in fired), tuple(fired)
