"""IdP sessions and browsers: the login that single sign-on rides.

Two different things are both called a "session" in OAuth and OpenID Connect, and mixing them up
is the root of most confusion about logout:

* a **grant** (:mod:`simtoken.actors.grants`): what one app holds, its refresh token and the
  access tokens minted from it (the ``sid`` claim of simtoken's tokens);
* an **IdP session**: the auth server's own login session *in the user's browser*, kept by a
  cookie on the auth server's origin. It is what lets the user sign in to a second app without
  typing a password again (single sign-on), and what ``prompt=none`` silent authentication
  (OpenID Connect Core §3.1.2.1) rides: the authorization endpoint sees the cookie and answers
  at once, with no login page.

An app's grant and the IdP session live apart: ending one does not end the other unless
something connects them (a logout that revokes the app's tokens too, front- or back-channel
logout telling each app, OpenID Connect RP-Initiated, Front-Channel and Back-Channel Logout 1.0).

A :class:`Browser` is the user agent one user's apps sign in through: every app that sends the
user to the auth server in the same browser shares the IdP session cookie it holds. (A phone's
system browser plays the same part for native apps, RFC 8252 §8.12.) The simulator keeps only
the IdP cookie's value (the session's id) and says so: its attributes (``HttpOnly``, ``Secure``,
``SameSite``) do not change what the auth server's own origin receives here. The app's own
cookies (the refresh cookie of ``storage=cookie_rt``) live in the browser's
:class:`~simtoken.actors.cookies.CookieJar`, where their attributes do matter.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from simtoken.actors.cookies import CookieJar

__all__ = ["Browser", "IdpSession", "IdpSessions"]


@dataclass
class Browser:
    """One user's browser: the auth server's session cookie that all of the user's apps share."""

    name: str
    user: str
    idp_session: str | None = None
    """The IdP session cookie's value (the session id), or None if there is no cookie."""
    history: list[str] = field(default_factory=list)
    """The addresses the browser showed at the top level, oldest first (its history): where an
    implicit grant's access token, in a redirect's fragment, stays behind (RFC 9700 §4.3.2)."""
    jar: CookieJar = field(default_factory=CookieJar)
    """The app's cookies (``storage=cookie_rt``: the refresh cookie), with their attributes."""


@dataclass
class IdpSession:
    """The auth server's record of one login in one browser (mutable server state)."""

    sid: str
    user: str
    browser: str
    started: float
    """Sim time of the interactive login that started it."""
    expires: float
    """Sim time after which the cookie no longer signs anyone in silently."""
    apps: list[str] = field(default_factory=list)
    """The ``client_id`` of each app that signed in through this session, first sign-in first."""
    ended: float | None = None
    """Sim time of the logout that ended it (None while it runs)."""
    ended_reason: str = ""

    def live(self, now: float) -> bool:
        """True while the session signs the user in silently: not ended, not expired."""
        return self.ended is None and now < self.expires


class IdpSessions:
    """The auth server's IdP sessions, by id."""

    def __init__(self, new_id: Callable[[], str]) -> None:
        self._new_id = new_id
        self.sessions: dict[str, IdpSession] = {}

    def start(self, user: str, browser: str, now: float, lifetime: float) -> IdpSession:
        """A new session for ``user`` in ``browser``, signing in silently for ``lifetime`` s."""
        session = IdpSession(self._new_id(), user, browser, now, now + lifetime)
        self.sessions[session.sid] = session
        return session

    def current(self, sid: str | None, now: float) -> IdpSession | None:
        """The live session a cookie names, or None (no cookie, unknown, ended or expired)."""
        session = self.sessions.get(sid or "")
        return session if session is not None and session.live(now) else None

    def end(self, sid: str, now: float, reason: str) -> IdpSession | None:
        """End the session ``sid`` names (a logout); None if it is unknown or already ended."""
        session = self.sessions.get(sid)
        if session is None or session.ended is not None:
            return None
        session.ended, session.ended_reason = now, reason
        return session
