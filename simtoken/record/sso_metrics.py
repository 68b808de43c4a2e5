"""Single sign-on metrics: silent sign-ins, and what each app keeps after its user logs out.

With several apps per user (``apps``), one password signs the user in everywhere: the other
apps ride the IdP session (``silent_sign_in`` events). And one logout may or may not sign the
user out everywhere (``logout_kind``). Two questions, per app, measure how far a logout really
reached, both from the trace alone and both in seconds after the user's logout at L (the first
``logout`` request of one of the user's apps: the app the user logs out of, or one a logout
notice logged out):

* ``residual_access_by_app``: until when an access token of the app still works at its API:
  max over the app's access tokens of the instant it stops working, minus L, at least 0 and at
  most the horizon minus L. A token stops working at ``exp + leeway``; once its grant is
  revoked at r, at r under ``denylist``, and under ``introspection`` at the end of the freshest
  *active* answer the API cached before r (r if none); a revocation changes nothing under
  ``local`` validation. Whoever holds the token (the app, or a copy of it anywhere) can use it
  that long.
* ``residual_refresh_by_app``: until when a refresh token of the app is still honoured: max
  over the app's grants (token families) with a refresh token of min(the family's ``exp``, its
  revocation, its last use + ``refresh_token_idle_lifetime`` if there is one), minus L, within
  the same bounds: how long the app (or a copy of its refresh token) keeps getting new access
  tokens without the user.

Both count the app's grants that the user did not have to type a password for after L: the
grants started before the user's first interactive ``login`` after L (if there is one) and all
their tokens, also those refreshed or silently signed in after L, because no password stopped
them. A grant started at or after that login is a new session, not a residue. Only the apps of
users who logged out are listed (each tab is its own app: its own ``client_id``); an app with
no such token has 0.

``silent_sign_ins`` counts the users' apps' ``silent_sign_in`` events: the sign-ins single
sign-on saved a password for (``victim_logins`` counts only the ``login`` events).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from simtoken.config.run import RunConfig
from simtoken.record.events import (
    Accepted,
    Event,
    Issued,
    Login,
    Request,
    Revoked,
    SilentSignIn,
)
from simtoken.record.trace import Trace

__all__ = ["sso_metrics"]


@dataclass
class _Apps:
    """What the SSO metrics read from a trace, gathered in one pass."""

    users: dict[str, str]
    silent: int = 0
    logout: dict[str, float] = field(default_factory=dict)
    """user -> time of the user's first logout request."""
    cutoff: dict[str, float] = field(default_factory=dict)
    """user -> time of the user's first interactive login after that logout."""
    started: dict[str, float] = field(default_factory=dict)
    """grant (sid) -> time of its first token."""
    last_use: dict[str, float] = field(default_factory=dict)
    tokens: dict[str, list[Issued]] = field(default_factory=dict)
    """app -> the tokens issued to it, in order."""
    revoked: dict[str, float] = field(default_factory=dict)
    introspected: dict[str, list[float]] = field(default_factory=dict)
    """access token -> when each *active* introspection answer about it reached its API."""

    def add(self, e: Event, trace: Trace, latency: float) -> None:
        if isinstance(e, Issued):
            self.started.setdefault(e.session, e.t)
            self.last_use[e.session] = e.t
            self.tokens.setdefault(e.holder, []).append(e)
        elif isinstance(e, Request):
            self._request(e, trace, latency)
        elif isinstance(e, Revoked):
            self.revoked.setdefault(e.session, e.t)
        elif isinstance(e, SilentSignIn) and e.actor in self.users:
            self.silent += 1
        elif isinstance(e, Login) and e.actor in self.users:
            user = self.users[e.actor]
            if user in self.logout and e.t > self.logout[user]:
                self.cutoff.setdefault(user, e.t)

    def _request(self, e: Request, trace: Trace, latency: float) -> None:
        if e.endpoint == "logout" and e.actor in self.users:
            self.logout.setdefault(self.users[e.actor], e.t)
        elif e.endpoint == "introspect" and e.token is not None:
            answer = trace.outcome(e.request_id)
            if isinstance(answer, Accepted):
                self.introspected.setdefault(e.token, []).append(answer.t + latency)


def sso_metrics(trace: Trace, config: RunConfig, users: Mapping[str, str]) -> dict[str, Any]:
    """``silent_sign_ins``, ``residual_access_by_app``, ``residual_refresh_by_app``.

    ``users`` maps each of the users' apps (client actors) to its user.
    """
    apps = _Apps(dict(users))
    for signed_in in trace.only(SilentSignIn):
        apps.users.setdefault(signed_in.actor, signed_in.user)
    # One class at a time: a login after a logout is later in time, so seeing every logout
    # first changes nothing (a login sets a cutoff only if it is later than the first logout).
    for request in trace.only(Request):
        apps.add(request, trace, config.latency)
    # Tokens, revocations and logins only matter to an app whose user logged out.
    for kind in (Issued, Revoked, SilentSignIn, Login) if apps.logout else (SilentSignIn,):
        for e in trace.only(kind):
            apps.add(e, trace, config.latency)
    access: dict[str, float] = {}
    refresh: dict[str, float] = {}
    for app, user in sorted(apps.users.items()):
        if user not in apps.logout:
            continue
        since = apps.logout[user]
        before = apps.cutoff.get(user, float("inf"))
        mine = [t for t in apps.tokens.get(app, []) if apps.started[t.session] < before]
        end = config.horizon - since
        access[app] = _within(
            max((_dies(t, apps, config) for t in mine), default=since), since, end
        )
        families = {t.session: t for t in mine if t.token_type == "refresh"}
        honoured = (_honoured(sid, mine, apps, config) for sid in families)
        refresh[app] = _within(max(honoured, default=since), since, end)
    return {
        "silent_sign_ins": apps.silent,
        "residual_access_by_app": access,
        "residual_refresh_by_app": refresh,
    }


def _within(until: float, since: float, end: float) -> float:
    """``until - since``, at least 0 and at most ``end``, to the microsecond."""
    return round(min(max(until - since, 0.0), end), 6)


def _dies(token: Issued, apps: _Apps, config: RunConfig) -> float:
    """When an access token stops working at its API (see the module docstring)."""
    policy = config.policy
    dies = token.expires + policy.leeway
    revoked = apps.revoked.get(token.session)
    if token.token_type != "access":
        return float("-inf")
    if revoked is None or policy.validation == "local":
        return dies
    if policy.validation == "denylist":
        return min(dies, max(revoked, token.t))
    cached = [f for f in apps.introspected.get(token.token, []) if f <= revoked]
    until = max(cached) + policy.introspection_cache_ttl if cached else revoked
    return min(dies, max(until, revoked))


def _honoured(sid: str, mine: list[Issued], apps: _Apps, config: RunConfig) -> float:
    """Until when the auth server honours the refresh tokens of grant ``sid``."""
    policy = config.policy
    ends = [max(t.expires for t in mine if t.session == sid and t.token_type == "refresh")]
    if sid in apps.revoked:
        ends.append(apps.revoked[sid])
    if policy.refresh_token_idle_lifetime:
        ends.append(apps.last_use[sid] + policy.refresh_token_idle_lifetime)
    return min(ends)
