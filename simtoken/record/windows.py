"""Theft accounting: what the attacker could do, and did, computed from ground truth.

No server knows which tokens were stolen; the simulator does (``stolen`` events, every token
issued to the attacker, and ``page`` events: when the victim's page the attacker acts through
was open). From that and the trace's rotations, revocations and introspection answers it
computes the attacker metrics (exact definitions in :mod:`simtoken.record.metrics`):

* *offline* windows: the attacker holds an access token an API would accept
  (``attacker_access_s``) or a refresh token the auth server would honour, usable without the
  victim's page (``attacker_refresh_s``; never a confidential client's refresh token, which
  the auth server honours only with the client's secret, and the attacker has none);
* the *online* window (``attacker_online_s``): the victim's page is open, a request the
  attacker makes through it would be accepted, and it holds no usable access token of its own:
  a script riding a backend-for-frontend session (the BFF forwards with the session's tokens),
  calling the refresh endpoint with the page's ``HttpOnly`` refresh cookie (``cookie_rt``: the
  session's tokens reach as far), or signing with the page's non-extractable DPoP key
  (RFC 9449 §11.4) the bound tokens it holds. A bound refresh token counts towards
  ``attacker_refresh_s`` while the page is open;
* the accepted requests (``attacker_api_calls``, ``attacker_online_calls``) and the
  *detection latency* (from the theft to the first revocation of a family the attacker held).

Fingerprint- and certificate-bound tokens: :mod:`simtoken.record.binding_windows`. Under
introspection (RFC 7662) a revoked token keeps working at an API only while an *active* answer
that API cached (``introspection_cache_ttl``) is fresh, as for ``residual_access_s``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

from simtoken.config.run import RunConfig
from simtoken.names import ATTACKER
from simtoken.record.binding_windows import bound_holdings
from simtoken.record.events import (
    Accepted,
    Event,
    Issued,
    Page,
    Request,
    ResponseLost,
    ReuseDetected,
    Revoked,
    Stolen,
)
from simtoken.record.trace import Trace

__all__ = ["ONLINE_NOTES", "attacker_metrics", "union_length"]

Interval = tuple[float, float]

INTROSPECT = "introspection"  # only then does an API's cached answer extend a token's life
ONLINE_NOTES = frozenset({"page", "riding"})
"""Request notes that mark a request made through the victim's open page."""


def _merged(intervals: Sequence[Interval]) -> list[Interval]:
    """The disjoint, sorted union of [start, end) intervals (empty ones dropped)."""
    out: list[Interval] = []
    for start, stop in sorted(intervals):
        if stop <= start:
            continue
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], stop))
        else:
            out.append((start, stop))
    return out


def union_length(intervals: Sequence[Interval]) -> float:
    """Total length covered by a set of [start, end) intervals."""
    return round(sum((stop - start for start, stop in _merged(intervals)), 0.0), 6)


def _intersect(a: Sequence[Interval], b: Sequence[Interval]) -> list[Interval]:
    """The instants in both ``a`` and ``b``."""
    return _merged([(max(s, t), min(e, u)) for s, e in _merged(a) for t, u in _merged(b)])


def _subtract(a: Sequence[Interval], b: Sequence[Interval]) -> list[Interval]:
    """The instants in ``a`` but not in ``b``."""
    out = _merged(a)
    for t, u in _merged(b):
        out = [piece for s, e in out for piece in ((s, min(e, t)), (max(s, u), e))]
        out = _merged(out)
    return out


@dataclass(frozen=True)
class _Windows:
    """What the trace says about each token's usability (see the module docstring)."""

    config: RunConfig
    issued: dict[str, Issued]
    revoked: dict[str, tuple[float, int]]
    """Family -> (time, trace position) of its first revocation."""
    fills: dict[str, list[tuple[int, float]]]
    """Access token -> (trace position of the auth server's answer, when it reached the API)."""
    rotated: dict[str, float]
    uses: dict[str, list[float]]

    @classmethod
    def of(cls, events: Trace, config: RunConfig) -> _Windows:
        issued = {e.token: e for e in events.only(Issued)}
        revoked: dict[str, tuple[float, int]] = {}
        for i, e in events.located(Revoked):
            revoked.setdefault(e.session, (e.t, i))
        policy = config.policy
        return cls(
            config,
            issued,
            revoked,
            _introspection_fills(events, config.latency) if policy.validation == INTROSPECT else {},
            _rotations(events) if policy.rotation else {},
            _family_uses(events, issued) if policy.refresh_token_idle_lifetime else {},
        )

    def access(self, minted: Issued, since: float) -> Interval:
        """When ``minted`` (an access token held from ``since``) works at its API."""
        policy = self.config.policy
        dies = minted.expires + policy.leeway
        revocation = self.revoked.get(minted.session)
        if revocation is not None:
            at, position = revocation
            if policy.validation == "denylist":
                dies = min(dies, at)
            elif policy.validation == INTROSPECT:  # only while an active answer is cached
                ttl = policy.introspection_cache_ttl
                fills = [f + ttl for i, f in self.fills.get(minted.token, []) if i < position]
                dies = min(dies, max([at, *fills]))
        return since, min(dies, self.config.horizon)

    def refresh(self, minted: Issued, since: float) -> list[Interval]:
        """When ``minted`` (a refresh token held from ``since``) is honoured."""
        policy = self.config.policy
        revocation = self.revoked.get(minted.session)
        stop = min(self.config.horizon, minted.expires)
        if revocation is not None:
            stop = min(stop, revocation[0])
        if minted.token in self.rotated:
            stop = min(stop, self.rotated[minted.token] + policy.grace_interval)
        idle = policy.refresh_token_idle_lifetime
        if idle:  # honoured only within `idle` seconds of the family's last use
            return [(max(since, u), min(stop, u + idle)) for u in self.uses.get(minted.session, [])]
        return [(since, stop)]

    def usable(self, tokens: dict[str, float]) -> tuple[list[Interval], list[Interval]]:
        """The access and the refresh windows of ``tokens`` (token -> held since)."""
        access: list[Interval] = []
        refresh: list[Interval] = []
        for token, since in tokens.items():
            minted = self.issued.get(token)
            if minted is None:
                continue
            if minted.token_type == "access":
                access.append(self.access(minted, since))
            else:
                refresh.extend(self.refresh(minted, since))
        return access, refresh


def attacker_metrics(events: Sequence[Event], config: RunConfig) -> dict[str, Any]:
    """The attacker metrics of a run (see the module docstring)."""
    trace = Trace.of(events)
    windows = _Windows.of(trace, config)
    held, theft_at, key_stolen = _holdings(trace)
    victims_families = {e.session for e in windows.issued.values() if e.holder != ATTACKER}
    bound = config.policy.sender_constraint == "dpop" and not key_stolen
    usable = held if config.client_type == "public" else _without_refresh(windows, held)
    offline = {
        t: s for t, s in usable.items() if not _page_bound(windows, t, bound, victims_families)
    }
    offline = bound_holdings(trace, config, windows.issued, offline)  # fingerprint, mTLS
    access, refresh = windows.usable(offline)
    paged = windows.usable({t: s for t, s in usable.items() if offline.get(t) != s})
    page_access, page_refresh = paged
    pages, victim = _page_windows(trace, config.horizon)
    if config.storage in ("cookie_bff", "cookie_rt"):  # the page's session reaches as far
        session = {
            t: e.t
            for t, e in windows.issued.items()
            if e.holder != ATTACKER and e.subject == victim
        }
        reach = [w for ws in windows.usable(session) for w in ws]
    else:
        reach = page_access + page_refresh
    online = _subtract(_intersect(reach, pages), access)
    sessions = {windows.issued[t].session for t in held if t in windows.issued}
    ends = cast(tuple[Revoked | ReuseDetected, ...], trace.only(Revoked, ReuseDetected))
    detections = [(e.t, e.session) for e in ends]
    first = min((t for t, s in detections if s in sessions and t >= (theft_at or 0)), default=None)
    api_calls, online_calls = _accepted(trace)
    return {
        "attacker_access_s": union_length(access),
        "attacker_online_s": union_length(online),
        "attacker_online_calls": online_calls,
        "attacker_refresh_s": union_length(refresh + _intersect(page_refresh, pages)),
        "attacker_api_calls": api_calls,
        "detection_latency_s": None
        if first is None or theft_at is None
        else round(first - theft_at, 6),
    }


def _holdings(events: Trace) -> tuple[dict[str, float], float | None, bool]:
    """Tokens the attacker holds (token -> since), the theft time, whether it took a DPoP key."""
    held: dict[str, float] = {}
    theft_at: float | None = None
    key_stolen = False
    for e in events.only(Stolen, Issued):
        if isinstance(e, Stolen) and e.token_type == "dpop_key":
            key_stolen = True
        elif isinstance(e, Stolen) or (isinstance(e, Issued) and e.holder == ATTACKER):
            held.setdefault(e.token, e.t)
        else:
            continue
        theft_at = e.t if theft_at is None else theft_at
    return held, theft_at, key_stolen


def _without_refresh(windows: _Windows, held: dict[str, float]) -> dict[str, float]:
    """``held`` but refresh tokens: a confidential client's need its secret, never stolen."""
    return {
        t: since
        for t, since in held.items()
        if t not in windows.issued or windows.issued[t].token_type != "refresh"
    }


def _page_bound(windows: _Windows, token: str, bound: bool, victims: set[str]) -> bool:
    """A token bound to the victim's key the attacker lacks: usable only through the page."""
    minted = windows.issued.get(token)
    return bound and minted is not None and minted.session in victims


def _page_windows(events: Trace, horizon: float) -> tuple[list[Interval], str]:
    """When the victim's page the attacker acts through was open, and the victim (user)."""
    opened: float | None = None
    victim = ""
    out: list[Interval] = []
    for e in events.only(Page):
        victim = e.victim
        if e.is_open and opened is None:
            opened = e.t
        elif not e.is_open and opened is not None:
            out.append((opened, e.t))
            opened = None
    if opened is not None:
        out.append((opened, horizon))
    return out, victim


def _introspection_fills(events: Trace, latency: float) -> dict[str, list[tuple[int, float]]]:
    """Each access token's introspection answers that reached the asking API (its cache)."""
    lost = {e.request_id for e in events.only(ResponseLost)}
    out: dict[str, list[tuple[int, float]]] = {}
    for i, e in events.located(Accepted):
        if e.request_id not in lost:
            asked = _request(events, e, "introspect")
            if asked is not None and asked.token is not None:
                out.setdefault(asked.token, []).append((i, e.t + latency))
    return out


def _request(events: Trace, answer: Accepted, endpoint: str) -> Request | None:
    """The request ``answer`` accepted, if it went to ``endpoint``."""
    request = events.request(answer.request_id)
    return request if request is not None and request.endpoint == endpoint else None


def _rotations(events: Trace) -> dict[str, float]:
    """When each refresh token was first exchanged (its rotation time, under rotation)."""
    out: dict[str, float] = {}
    for e in events.only(Accepted):
        if e.token is not None and _request(events, e, "refresh"):
            out.setdefault(e.token, e.t)
    return out


def _family_uses(events: Trace, issued: dict[str, Issued]) -> dict[str, list[float]]:
    """When each family was created or successfully refreshed (what renews an idle lifetime)."""
    uses: dict[str, list[float]] = {}
    for minted in issued.values():
        if minted.token_type == "refresh":
            uses.setdefault(minted.session, []).append(minted.t)
    for e in events.only(Accepted):
        if e.token in issued and _request(events, e, "refresh"):
            uses.setdefault(issued[e.token].session, []).append(e.t)
    return {session: sorted(times) for session, times in uses.items()}


def _accepted(events: Trace) -> tuple[int, int]:
    """Accepted API calls of the attacker; accepted requests made through the victim's page."""
    api = online = 0
    for e in events.only(Request):  # the cheap tests first: most requests are neither
        mine, paged = e.endpoint == "api" and e.actor == ATTACKER, e.note in ONLINE_NOTES
        if (mine or paged) and isinstance(events.outcome(e.request_id), Accepted):
            api, online = api + mine, online + paged
    return api, online
