"""Theft accounting: how long the attacker could act, computed from ground truth.

No server knows which tokens were stolen; the simulator does (``stolen`` events, and every
token issued to the attacker). From that and the trace's rotations and revocations it computes
the attacker's windows: the union of the intervals in which the attacker held an access token
an API would accept (``attacker_access_s``) or a refresh token the auth server would honour
(``attacker_refresh_s``), its successful API calls, and the *detection latency*: how long
after the theft the auth server first revoked (or flagged) a family the attacker held.

With DPoP, a token bound to the victim's key counts only if the attacker also stole that key
(an extractable one); calls made through the victim's open page with its non-extractable key
count as ``attacker_api_calls`` but not as held time: nothing usable remains once the page
closes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from simtoken.actors.attacker import ATTACKER
from simtoken.config import RunConfig
from simtoken.events import Accepted, Event, Issued, Request, ReuseDetected, Revoked, Stolen

__all__ = ["attacker_metrics", "union_length"]


def union_length(intervals: Sequence[tuple[float, float]]) -> float:
    """Total length covered by a set of [start, end) intervals."""
    total = 0.0
    end = float("-inf")
    for start, stop in sorted(intervals):
        if stop <= start:
            continue
        if start > end:
            total += stop - start
            end = stop
        elif stop > end:
            total += stop - end
            end = stop
    return round(total, 6)


def attacker_metrics(events: Sequence[Event], config: RunConfig) -> dict[str, Any]:
    """The four attacker metrics of a run (see the module docstring)."""
    issued = {e.token: e for e in events if isinstance(e, Issued)}
    held: dict[str, float] = {}  # token -> when the attacker got it
    theft_at: float | None = None
    key_stolen = False
    victims_families = {e.session for e in issued.values() if e.holder != ATTACKER}
    for e in events:
        if isinstance(e, Stolen) and e.token_type == "dpop_key":
            key_stolen = True
        elif isinstance(e, Stolen) or (isinstance(e, Issued) and e.holder == ATTACKER):
            held.setdefault(e.token, e.t)
        else:
            continue
        theft_at = e.t if theft_at is None else theft_at
    if not held:
        return {"attacker_api_calls": _api_calls(events)}
    policy = config.policy
    revoked: dict[str, float] = {}
    detections: list[tuple[float, str]] = []
    for e in events:
        if isinstance(e, Revoked):
            revoked.setdefault(e.session, e.t)
            detections.append((e.t, e.session))
        elif isinstance(e, ReuseDetected):
            detections.append((e.t, e.session))
    rotated = _rotations(events) if policy.rotation else {}
    uses = _family_uses(events, issued) if policy.refresh_token_idle_lifetime else {}
    horizon = config.horizon
    access: list[tuple[float, float]] = []
    refresh: list[tuple[float, float]] = []
    bound = policy.sender_constraint == "dpop"
    for token, since in held.items():
        minted = issued.get(token)
        if minted is None:
            continue
        if bound and not key_stolen and minted.session in victims_families:
            continue  # bound to the victim's key, which the attacker does not have
        end = min(horizon, revoked_end := revoked.get(minted.session, float("inf")))
        if minted.token_type == "access":
            dies = minted.expires + policy.leeway
            if policy.validation == "denylist":
                dies = min(dies, revoked_end)
            elif policy.validation == "introspection":
                dies = min(dies, revoked_end + policy.introspection_cache_ttl)
            access.append((since, min(dies, horizon)))
        else:
            stop = min(end, minted.expires)
            if token in rotated:
                stop = min(stop, rotated[token] + policy.grace_interval)
            idle = policy.refresh_token_idle_lifetime
            if idle:  # honoured only within `idle` seconds of the family's last use
                refresh.extend(
                    (max(since, u), min(stop, u + idle)) for u in uses.get(minted.session, [])
                )
            else:
                refresh.append((since, stop))
    sessions = {issued[t].session for t in held if t in issued}
    first = min((t for t, s in detections if s in sessions and t >= (theft_at or 0)), default=None)
    return {
        "attacker_access_s": union_length(access),
        "attacker_refresh_s": union_length(refresh),
        "attacker_api_calls": _api_calls(events),
        "detection_latency_s": None
        if first is None or theft_at is None
        else round(first - theft_at, 6),
    }


def _rotations(events: Sequence[Event]) -> dict[str, float]:
    """When each refresh token was first exchanged (its rotation time, under rotation)."""
    requests = {
        e.request_id: e for e in events if isinstance(e, Request) and e.endpoint == "refresh"
    }
    out: dict[str, float] = {}
    for e in events:
        if isinstance(e, Accepted) and e.request_id in requests and e.token is not None:
            out.setdefault(e.token, e.t)
    return out


def _family_uses(events: Sequence[Event], issued: dict[str, Issued]) -> dict[str, list[float]]:
    """When each family was created or successfully refreshed (what renews an idle lifetime)."""
    uses: dict[str, list[float]] = {}
    for minted in issued.values():
        if minted.token_type == "refresh":
            uses.setdefault(minted.session, []).append(minted.t)
    refreshes = {
        e.request_id: e for e in events if isinstance(e, Request) and e.endpoint == "refresh"
    }
    for e in events:
        if isinstance(e, Accepted) and e.request_id in refreshes and e.token in issued:
            uses.setdefault(issued[e.token].session, []).append(e.t)
    return {session: sorted(times) for session, times in uses.items()}


def _api_calls(events: Sequence[Event]) -> int:
    api = {
        e.request_id
        for e in events
        if isinstance(e, Request) and e.endpoint == "api" and e.actor == ATTACKER
    }
    return sum(1 for e in events if isinstance(e, Accepted) and e.request_id in api)
