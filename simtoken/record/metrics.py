"""Metrics: the numbers a run is judged by, computed from the trace alone.

Names and definitions, exactly (the words are defined in ``docs/glossary.md``):

======================== =====================================================================
``victim_logins``        interactive logins the legitimate users had to perform after their first
                         (the *forced re-logins*)
``false_logouts``        those of them with no attacker involved and no deliberate revocation:
                         the refresh failed because of a race between the user's own tabs, a
                         lost request or answer, clock skew ... (not because a refresh token
                         reached its absolute or idle expiry, nor because the browser stopped
                         sending the refresh cookie, ``no_cookie``, nor because of a logout, a
                         password change or an admin)
``victim_availability``  fraction of the users' (and workers') API calls that succeeded (None if
                         none were made)
``as_load_per_h``        requests handled by the auth server per simulated hour
``residual_access_s``    after a logout or a revocation: the longest time an access token issued
                         before it still works at the APIs (None if nothing was revoked)
``attacker_access_s``    seconds during which the attacker holds at least one access token an API
                         would accept at that instant *on its own*, without the victim's page
                         (see *Attacker windows* below)
``attacker_online_s``    seconds, outside ``attacker_access_s``, during which the victim's page
                         is open and a request the attacker makes through it would be accepted
``attacker_online_calls`` accepted requests (API calls and refreshes) made through the victim's
                         open page
``attacker_refresh_s``   seconds during which the attacker holds a refresh token the auth server
                         would honour from it
``attacker_api_calls``   API calls of the attacker that an API accepted, with a token it holds or
                         through the victim's page
``detection_latency_s``  from the theft to the first reuse detection or revocation of a family
                         the attacker holds tokens of (None if never, or if there was no theft)
``forged_accepted``      requests carrying a token the attacker forged that a server accepted
                         (failure mode F10; the target is 0)
``csrf_accepted``        cross-site requests (noted ``csrf``) that the victim's browser sent for
                         the attacker's page, riding the app's cookie, and a server accepted: a
                         refresh (``cookie_rt``: it mints tokens and rotates the cookie, though
                         the attacker reads none of them) or a call through the
                         backend-for-frontend (``cookie_bff``). Not in ``attacker_api_calls``:
                         the victim's browser sent them (the target is 0)
``key_outage_s``         seconds during which the users' genuine tokens were refused as
                         ``unknown_key`` (from such a refusal to the next accepted user call;
                         failure mode K1, a JWKS cache that does not know a new key yet)
``calls_as_other_user``  the users' API calls that succeeded (``call`` events with ``ok``) with an
                         access token whose ``sub`` is another user than the calling app's: the
                         app was signed in to someone else's account (login CSRF, RFC 6749
                         §10.12: the victim's data goes to the attacker's account); 0 otherwise
``attacker_api_calls_by_scope`` with API ``operations``: the attacker's *accepted* API calls per
                         scope needed (``<api>:<operation>``); they add up to
                         ``attacker_api_calls`` (empty without operations;
                         :mod:`simtoken.record.reach`)
``attacker_scope_refusals`` with API ``operations``: the attacker's API calls refused 403
                         ``insufficient_scope``, per scope needed (what its token did not allow)
======================== =====================================================================

**Attacker windows.** The attacker metrics use ground truth no server has: which tokens were
stolen and when (``stolen`` events, tokens ``issued`` to the attacker), and when the victim's
page the attacker acts through was open (``page`` events). Each is exactly:

* ``attacker_access_s``: the length of the union, over the access tokens the attacker holds
  (from the ``stolen`` or ``issued`` event on), of [held since, dies), where dies is
  ``exp + leeway``, and, once the token's family is ``revoked`` at r: r under ``denylist``;
  under ``introspection`` the end of the freshest *active* answer the API actually cached, i.e.
  max(r, f + ``introspection_cache_ttl``) over the introspection answers decided before r that
  reached the API at f (none: r); nothing changes under ``local``. A token bound by DPoP to the
  victim's key does not count unless the attacker also stole that (extractable) key. Capped at
  the horizon. It is what the attacker could do, not what it did.
* ``attacker_online_s``: the length of (reach ∩ page open) minus the ``attacker_access_s``
  windows. *Page open* runs from each ``page`` event with ``is_open`` to the next without (the
  user is in an active period and has not closed the app for good; recorded only where the
  attacker acts through the page: riding a BFF session, ``storage=cookie_bff``, refreshing
  with the page's ``HttpOnly`` refresh cookie, ``storage=cookie_rt``, or signing with the
  page's non-extractable DPoP key). *Reach*: with a BFF or a refresh cookie, the windows of the
  victim's own session (its access and refresh tokens, as above from their ``issued`` time: the
  BFF forwards a riding request with the access token, refreshing it first; the page refreshes
  with the cookie); with DPoP, the windows of the victim-key-bound access and refresh tokens the
  attacker holds.
* ``attacker_online_calls``: ``accepted`` outcomes of requests noted ``page`` (the attacker's
  API calls and refreshes signed with the page's key, and its refreshes with the page's
  refresh cookie) or ``riding`` (its API calls riding a BFF session, and the BFF's refresh made
  first for one of them). An access token a refresh through the page hands the script is a
  ``stolen`` bearer token from then on: it counts in ``attacker_access_s``.
* ``attacker_refresh_s``: the length of the union, over the refresh tokens the attacker holds,
  of [held since, min(``exp``, revocation, rotation + ``grace_interval``, horizon)) (with an
  idle lifetime: only within it of the family's creation or last refresh); a refresh token
  bound to the victim's non-extractable DPoP key counts only while the page is open (the
  attacker can sign its refresh through the page); a confidential client's
  (``client_type=confidential``) never counts: the auth server honours it only with the client's
  secret, which the attacker never has. A BFF's refreshes are not the attacker's: they count in
  ``attacker_online_calls``.
* ``attacker_api_calls``: ``accepted`` outcomes of ``api`` requests sent by the attacker, with
  any token (held, forged, or the page's); it includes the online API calls.

The users are the legitimate clients: the users' apps and tabs, and the background workers
(``workers``, the client-credentials grant), who never log in interactively.

Counters that explain them ride along: ``api_calls`` (user-level calls), ``refreshes`` (refresh
requests the auth server handled), ``reuse_detections``, ``family_revocations`` and
``rejections`` (count per reason, over all servers). Because they are computed from the trace,
a metric can never disagree with what the timeline shows.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
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
from simtoken.record.reach import attacker_reach
from simtoken.record.reasons import LoginReason, RevocationReason, ServerReason
from simtoken.record.trace import Trace
from simtoken.record.windows import attacker_metrics

__all__ = ["ATTACKER_METRICS", "CSRF_NOTE", "USER_METRICS", "Metrics", "compute_metrics"]

ATTACKER_METRICS = (
    "attacker_access_s",
    "attacker_online_s",
    "attacker_online_calls",
    "attacker_refresh_s",
    "attacker_api_calls",
    "detection_latency_s",
)
"""What a thief got, and when it was caught: the first columns of a comparison."""

USER_METRICS = ("victim_logins", "false_logouts", "victim_availability", "as_load_per_h")
"""What a policy costs the users and the auth server: the last columns of a comparison."""

NATURAL_ENDS = frozenset({Reason.EXPIRED, ServerReason.IDLE_EXPIRED, ServerReason.NO_COOKIE})
"""Refresh refusals that are the policy working as intended, not a false logout (``no_cookie``:
the browser no longer sends the refresh cookie, as its ``Max-Age`` or attributes say)."""
CSRF_NOTE = "csrf"
"""The note of a cross-site request the attacker's page made the victim's browser send."""
DELIBERATE = frozenset(
    set(RevocationReason) - {RevocationReason.REUSE_DETECTED, RevocationReason.CODE_REUSED}
)
"""Revocation reasons that someone asked for."""


@dataclass(frozen=True)
class Metrics:
    """The metrics of one run (see the module docstring for definitions)."""

    victim_logins: int
    victim_availability: float | None
    as_load_per_h: float
    api_calls: int
    refreshes: int
    rejections: Mapping[str, int] = field(default_factory=dict)
    false_logouts: int = 0
    reuse_detections: int = 0
    family_revocations: int = 0
    residual_access_s: float | None = None
    attacker_access_s: float = 0.0
    attacker_online_s: float = 0.0
    attacker_online_calls: int = 0
    attacker_refresh_s: float = 0.0
    attacker_api_calls: int = 0
    detection_latency_s: float | None = None
    forged_accepted: int = 0
    key_outage_s: float = 0.0
    calls_as_other_user: int = 0
    attacker_api_calls_by_scope: Mapping[str, int] = field(default_factory=dict)
    attacker_scope_refusals: Mapping[str, int] = field(default_factory=dict)
    csrf_accepted: int = 0

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict, keys named as in the table of this module's docstring."""
        return {
            "attacker_access_s": self.attacker_access_s,
            "attacker_online_s": self.attacker_online_s,
            "attacker_online_calls": self.attacker_online_calls,
            "attacker_refresh_s": self.attacker_refresh_s,
            "attacker_api_calls": self.attacker_api_calls,
            "detection_latency_s": self.detection_latency_s,
            "forged_accepted": self.forged_accepted,
            "csrf_accepted": self.csrf_accepted,
            "key_outage_s": self.key_outage_s,
            "calls_as_other_user": self.calls_as_other_user,
            "victim_logins": self.victim_logins,
            "false_logouts": self.false_logouts,
            "victim_availability": self.victim_availability,
            "as_load_per_h": self.as_load_per_h,
            "residual_access_s": self.residual_access_s,
            "api_calls": self.api_calls,
            "refreshes": self.refreshes,
            "reuse_detections": self.reuse_detections,
            "family_revocations": self.family_revocations,
            "rejections": dict(sorted(self.rejections.items())),
            "attacker_api_calls_by_scope": dict(sorted(self.attacker_api_calls_by_scope.items())),
            "attacker_scope_refusals": dict(sorted(self.attacker_scope_refusals.items())),
        }


@dataclass
class _Tally:
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
        if isinstance(e, Stolen) and e.token in self.session_of:
            self.stolen_sessions.add(self.session_of[e.token])
        if isinstance(e, Issued):
            self.session_of[e.token] = e.session
            self.subject_of[e.token] = e.subject
            if e.token_type == "access":
                self.access.setdefault(e.session, []).append(e)
        elif isinstance(e, Request):
            self._request(e)
        elif isinstance(e, Accepted | Rejected):
            self._outage(e)
            if e.actor == self.auth_server:
                self.handled += 1
                self.refreshes += e.request_id in self.refresh_ids
            if isinstance(e, Rejected):
                self.rejections[e.reason] += 1
            elif e.request_id in self.logout_ids:
                self.ends.append((e.t, self.logout_ids[e.request_id]))
        elif isinstance(e, Call) and e.actor in self.clients:
            self.calls += 1
            self.ok_calls += e.ok
            subject = self.subject_of.get(e.token or "")
            user = self.users.get(e.actor)
            self.as_other_user += (
                e.ok and subject is not None and user is not None and subject != user
            )
        elif isinstance(e, ReuseDetected):
            self.detections += 1
            self.detector = e.presenter
        elif isinstance(e, Revoked):
            self.revoked.setdefault(e.session, (e.t, e.reason, self.detector))
            self.ends.append((e.t, e.session))
        elif isinstance(e, Login) and e.actor in self.clients:
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
        if e.note.startswith("forged:"):
            self.forged_ids.add(e.request_id)
        elif e.note.startswith(CSRF_NOTE):  # the attacker's doing: no false logout
            if e.note == CSRF_NOTE:
                self.csrf_ids.add(e.request_id)
            if e.token in self.session_of:
                self.stolen_sessions.add(self.session_of[e.token])

    def _outage(self, e: Accepted | Rejected) -> None:
        if isinstance(e, Accepted) and e.request_id in self.forged_ids:
            self.forged_accepted += 1
        if isinstance(e, Accepted) and e.request_id in self.csrf_ids:
            self.csrf_accepted += 1
        if e.request_id not in self.user_api_ids:
            return
        if isinstance(e, Rejected) and e.reason == Reason.UNKNOWN_KEY:
            if self.outage_since is None:
                self.outage_since = e.t
        elif isinstance(e, Accepted) and self.outage_since is not None:
            self.key_outage += e.t - self.outage_since
            self.outage_since = None

    def _is_false(self, login: Login) -> bool:
        if login.cause in NATURAL_ENDS:
            return False
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


def _residual(tally: _Tally, events: Trace, config: RunConfig) -> float | None:
    """Longest time an access token outlives the logout or revocation that should end it."""
    if not tally.ends:
        return None
    policy = config.policy
    introspected: dict[str, list[float]] = {}
    for e in events:
        if isinstance(e, Request) and e.endpoint == "introspect" and e.token is not None:
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


def compute_metrics(
    events: Iterable[Event],
    *,
    config: RunConfig,
    auth_server: str,
    clients: Iterable[str] | Mapping[str, str],
) -> Metrics:
    """Compute :class:`Metrics` from a trace.

    ``clients`` are the legitimate client actors, or a mapping of each to its user (without
    one, a client's user is the one its first login names); ``auth_server`` is the auth
    server's actor name.
    """
    users = dict(clients) if isinstance(clients, Mapping) else {}
    tally = _Tally(set(clients), auth_server, users)
    trace = Trace.of(events)
    for e in trace:
        tally.add(e)
    return Metrics(
        victim_logins=sum(n - 1 for n in tally.logins.values() if n > 0),
        victim_availability=round(tally.ok_calls / tally.calls, 6) if tally.calls else None,
        as_load_per_h=round(tally.handled / (config.horizon / 3600.0), 6),
        api_calls=tally.calls,
        refreshes=tally.refreshes,
        rejections=dict(tally.rejections),
        false_logouts=tally.false_logouts,
        reuse_detections=tally.detections,
        family_revocations=len(tally.revoked),
        residual_access_s=_residual(tally, trace, config),
        **attacker_metrics(trace, config),
        **attacker_reach(trace, config)._asdict(),
        forged_accepted=tally.forged_accepted,
        csrf_accepted=tally.csrf_accepted,
        key_outage_s=round(
            tally.key_outage
            + (config.horizon - tally.outage_since if tally.outage_since is not None else 0.0),
            6,
        ),
        calls_as_other_user=tally.as_other_user,
    )
