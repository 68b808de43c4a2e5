"""The tally: one pass over the trace that counts what most metrics need.

:func:`~simtoken.record.metrics.compute_metrics` walks the trace once and hands every record to
:meth:`Tally.add`, which keeps the counters (logins per user, calls and successful calls,
requests the auth server handled, refreshes, reuse detections, rejections per reason, forged
and cross-site requests a server accepted, the ``unknown_key`` outage of the users' calls) and
the indexes the other metrics look up (each token's session and subject, each session's access
tokens, revocations and logouts). Definitions of the metrics themselves are in the table of
:mod:`simtoken.record.metrics`.

A *false logout* is decided here, at the ``login`` that follows a failed refresh
(:meth:`Tally._is_false`): not one if the refresh token reached a natural end
(:data:`NATURAL_ENDS`), if an attacker was involved with the session (a theft, a cross-site
request), or if the session was revoked on purpose (:data:`DELIBERATE`), because someone else
redeemed the app's code, or because a rotated refresh token came back from someone other
than a user's app (RFC 9700 §4.14.2: reuse detection revokes the whole family).

:func:`residual_access` then measures ``residual_access_s`` from the tally's logouts and
revocations: how long an access token outlives the end of its session at the APIs.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from simtoken.config.run import RunConfig
from simtoken.jose.reasons import Reason
from simtoken.record.events import (
    Accepted,
    Call,
    Event,
    Issued,
    Login,
    Rejected,
    Request,
    ReuseDetected,
    Revoked,
    Stolen,
)
from simtoken.record.reasons import LoginReason, RevocationReason, ServerReason
from simtoken.record.trace import Trace

__all__ = ["CSRF_NOTE", "DELIBERATE", "NATURAL_ENDS", "Tally", "residual_access"]

NATURAL_ENDS = frozenset({Reason.EXPIRED, ServerReason.IDLE_EXPIRED, ServerReason.NO_COOKIE})
"""Refresh refusals that are the policy working as intended, not a false logout (``no_cookie``:
the browser no longer sends the refresh cookie, as its ``Max-Age`` or attributes say)."""
CSRF_NOTE = "csrf"
"""The note of a cross-site request the attacker's page made the victim's browser send."""
DELIBERATE = frozenset(
    set(RevocationReason) - {RevocationReason.REUSE_DETECTED, RevocationReason.CODE_REUSED}
)
"""Revocation reasons that someone asked for."""


@dataclass
class Tally:
    """The counters and indexes of one pass over a trace (see the module docstring)."""

    clients: set[str]
    auth_server: str
    users: dict[str, str] = field(default_factory=dict)
    """Each client's user (from the world, else from the client's logins)."""
    subject_of: dict[str, str] = field(default_factory=dict)
    as_other_user: int = 0
    logins: Counter[str] = field(default_factory=Counter)
    calls: int = 0
    ok_calls: int = 0
    handled: int = 0
    refreshes: int = 0
    false_logouts: int = 0
    detections: int = 0
    rejections: Counter[str] = field(default_factory=Counter)
    refresh_ids: set[int] = field(default_factory=set)
    session_of: dict[str, str] = field(default_factory=dict)
    last_refresh: dict[str, str | None] = field(default_factory=dict)
    revoked: dict[str, tuple[float, str, str]] = field(default_factory=dict)
    detector: str = ""
    access: dict[str, list[Issued]] = field(default_factory=dict)
    ends: list[tuple[float, str]] = field(default_factory=list)
    logout_ids: dict[int, str] = field(default_factory=dict)
    stolen_sessions: set[str] = field(default_factory=set)
    forged_ids: set[int] = field(default_factory=set)
    forged_accepted: int = 0
    csrf_ids: set[int] = field(default_factory=set)
    csrf_accepted: int = 0
    user_api_ids: set[int] = field(default_factory=set)
    outage_since: float | None = None
    key_outage: float = 0.0

    def add(self, e: Event) -> None:
        """Count ``e`` and index what later records and metrics look up; in trace order.

        Each class of event has its handler (no event class derives from another): a
        population run tallies millions of events.
        """
        handler = _HANDLERS.get(type(e))
        if handler is not None:
            handler(self, e)

    def add_all(self, events: Iterable[Event]) -> None:
        """:meth:`add` each of ``events``, in order."""
        handlers = _HANDLERS
        for e in events:
            handler = handlers.get(type(e))
            if handler is not None:
                handler(self, e)

    def _issued(self, e: Issued) -> None:
        self.session_of[e.token] = e.session
        self.subject_of[e.token] = e.subject
        if e.token_type == "access":
            self.access.setdefault(e.session, []).append(e)

    def _stolen(self, e: Stolen) -> None:
        if e.token in self.session_of:
            self.stolen_sessions.add(self.session_of[e.token])

    def _reuse(self, e: ReuseDetected) -> None:
        self.detections += 1
        self.detector = e.presenter

    def _revoked(self, e: Revoked) -> None:
        self.revoked.setdefault(e.session, (e.t, e.reason, self.detector))
        self.ends.append((e.t, e.session))

    def _accepted(self, e: Accepted) -> None:
        rid = e.request_id
        if rid in self.forged_ids:
            self.forged_accepted += 1
        if rid in self.csrf_ids:
            self.csrf_accepted += 1
        if rid in self.user_api_ids and self.outage_since is not None:
            self.key_outage += e.t - self.outage_since  # the users' calls work again
            self.outage_since = None
        if rid in self.logout_ids:
            self.ends.append((e.t, self.logout_ids[rid]))
        self._answered(e)

    def _rejected(self, e: Rejected) -> None:
        rid = e.request_id
        if (
            e.reason == Reason.UNKNOWN_KEY
            and self.outage_since is None
            and rid in self.user_api_ids
        ):
            self.outage_since = e.t  # a user's call refused for its key: an outage begins
        self.rejections[e.reason] += 1
        self._answered(e)

    def _answered(self, e: Accepted | Rejected) -> None:
        rid = e.request_id
        if e.actor == self.auth_server:
            self.handled += 1
            self.refreshes += rid in self.refresh_ids
        # A request has exactly one answer: forget its id (a population run has millions).
        self.refresh_ids.discard(rid)
        self.user_api_ids.discard(rid)

    def _call(self, e: Call) -> None:
        if e.actor not in self.clients:
            return
        self.calls += 1
        self.ok_calls += e.ok
        subject = self.subject_of.get(e.token or "")
        user = self.users.get(e.actor)
        self.as_other_user += e.ok and subject is not None and user is not None and subject != user

    def _login(self, e: Login) -> None:
        if e.actor not in self.clients:
            return
        self.users.setdefault(e.actor, e.user)
        self.logins[e.user] += 1
        if e.reason == LoginReason.REFRESH_FAILED and self._is_false(e):
            self.false_logouts += 1

    def _request(self, e: Request) -> None:
        if e.endpoint == "refresh":
            self.refresh_ids.add(e.request_id)
            self.last_refresh[e.actor] = e.token
        elif e.endpoint == "logout" and e.token in self.session_of:
            self.logout_ids[e.request_id] = self.session_of[e.token]
        elif e.endpoint == "api" and e.actor in self.clients:
            self.user_api_ids.add(e.request_id)
        if not e.note:
            return
        if e.note.startswith("forged:"):
            self.forged_ids.add(e.request_id)
        elif e.note.startswith(CSRF_NOTE):  # the attacker's doing: no false logout
            if e.note == CSRF_NOTE:
                self.csrf_ids.add(e.request_id)
            if e.token in self.session_of:
                self.stolen_sessions.add(self.session_of[e.token])

    def _is_false(self, login: Login) -> bool:
        if login.cause in NATURAL_ENDS or login.cause == ServerReason.STEP_UP_REQUIRED:
            return False  # a natural end, or the detector asked (counted as its positives)
        token = self.last_refresh.get(login.actor)
        session = self.session_of.get(token or "")
        if session in self.stolen_sessions:
            return False  # an attacker was involved
        revocation = self.revoked.get(session or "")
        if revocation is not None:
            _, reason, presenter = revocation
            if reason in DELIBERATE:
                return False
            if reason == RevocationReason.CODE_REUSED:  # someone else redeemed the app's code
                return False
            if reason == RevocationReason.REUSE_DETECTED:
                return presenter in self.clients
        return True


_HANDLERS: dict[type[Event], Callable[[Tally, Any], None]] = {
    Request: Tally._request,
    Accepted: Tally._accepted,
    Rejected: Tally._rejected,
    Call: Tally._call,
    Issued: Tally._issued,
    Stolen: Tally._stolen,
    ReuseDetected: Tally._reuse,
    Revoked: Tally._revoked,
    Login: Tally._login,
}
"""What :meth:`Tally.add` does with each class of event (the others it does not count)."""


def residual_access(tally: Tally, events: Trace, config: RunConfig) -> float | None:
    """Longest time an access token outlives the logout or revocation that should end it."""
    if not tally.ends:
        return None
    policy = config.policy
    introspected: dict[str, list[float]] = {}
    for e in events.only(Request):
        if e.endpoint == "introspect" and e.token is not None:
            answer = events.outcome(e.request_id)
            if isinstance(answer, Accepted):
                introspected.setdefault(e.token, []).append(answer.t + config.latency)
    worst = 0.0
    for r, session in tally.ends:
        revoked = session in tally.revoked and tally.revoked[session][0] <= r
        for token in tally.access.get(session, []):
            dies = token.expires + policy.leeway
            if token.t > r or dies <= r:
                continue
            if revoked and policy.validation == "denylist":
                window = 0.0
            elif revoked and policy.validation == "introspection":
                cached = [c for c in introspected.get(token.token, []) if c <= r]
                until = max(cached, default=r) + policy.introspection_cache_ttl
                window = max(0.0, min(until, dies) - r) if cached else 0.0
            else:
                window = dies - r
            worst = max(worst, window)
    return round(worst, 6)
