"""Flow events: authorization codes, the browser's redirects, single sign-on, logout, cookies.

The authorization code flow (RFC 6749 §4.1, with PKCE, RFC 7636) and single sign-on run
through the user's browser, the front channel; these records keep what happened there:

* ``code_issued``: the auth server issued an authorization code, with everything its
  redemption is checked against (RFC 6749 §4.1.2);
* ``redirect``: a browser delivered an authorization response to the app (or attacker) that
  handles its address, which took it or dropped it;
* ``silent_sign_in``: an app was signed in by riding the IdP session with ``prompt=none``
  (OpenID Connect Core §3.1.2.1), no password typed;
* ``idp_logout``: the auth server ended an IdP session at an app's request (OpenID Connect
  RP-Initiated Logout 1.0 §2);
* ``logout_notice``: an app took a front- or back-channel logout notice and logged out
  (OpenID Connect Front-Channel Logout 1.0 §3, Back-Channel Logout 1.0 §2.5, §2.6);
* ``cookie_blocked``: the browser refused to store a cookie, or kept it off a request
  (RFC 6265bis).

They are listed with every other kind in :mod:`simtoken.record.events`, which re-exports them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from simtoken._records import quick_init
from simtoken.record.event_base import Event

__all__ = ["CodeIssued", "CookieBlocked", "IdpLogout", "LogoutNotice", "Redirect", "SilentSignIn"]


@quick_init
@dataclass(frozen=True, slots=True, kw_only=True)
class CodeIssued(Event):
    """The auth server (``actor``) issued authorization ``code`` (RFC 6749 §4.1.2).

    Bound to what its redemption is checked against: ``client_id``, ``redirect_uri``, the PKCE
    ``code_challenge`` and method (empty: none, RFC 7636); for ``user``, in the IdP session
    ``idp_session``; redeemable until ``expires`` (sim seconds).
    """

    kind: ClassVar[str] = "code_issued"
    code: str
    client_id: str
    redirect_uri: str
    user: str
    idp_session: str
    code_challenge: str
    code_challenge_method: str
    expires: float


@quick_init
@dataclass(frozen=True, slots=True, kw_only=True)
class Redirect(Event):
    """A browser (``actor``) delivered an authorization response to ``receiver``.

    Ground truth of the front channel: ``location``, the address it ended at after any redirect
    (a code and ``state`` in its query, or an implicit grant's token in its fragment); the app or
    attacker handling it (``""``: none); ``refused``, a
    :class:`~simtoken.record.reasons.CallbackRefusal` if it was dropped, else ``""``.
    """

    kind: ClassVar[str] = "redirect"
    receiver: str
    location: str
    refused: str = ""


@quick_init
@dataclass(frozen=True, slots=True, kw_only=True)
class SilentSignIn(Event):
    """The IdP signed ``user`` in to app ``actor`` (``client_id``) from ``idp_session``, silently.

    Single sign-on (:mod:`simtoken.actors.apps`): the app's authorization request carried
    ``prompt=none`` (OpenID Connect Core §3.1.2.1) and the browser's session cookie, and the
    authorization endpoint answered with a redirect at once, no login page: recorded when that
    answer reaches the app. ``session_expires`` is when the IdP session stops signing anyone in
    (sim seconds); ``reason`` (a :class:`~simtoken.record.reasons.LoginReason`) is why the app
    needed tokens. Recorded by the apps of a user with several (``apps`` > 1); it is not a
    ``login``: nobody typed a password, and ``victim_logins`` does not count it.
    """

    kind: ClassVar[str] = "silent_sign_in"
    user: str
    client_id: str
    idp_session: str
    session_expires: float
    reason: str


@quick_init
@dataclass(frozen=True, slots=True, kw_only=True)
class IdpLogout(Event):
    """The auth server (``actor``) ended IdP session ``idp_session`` of ``user``.

    RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0 §2): the app ``client_id`` sent
    the user's browser to the ``end_session`` endpoint. ``apps`` lists, comma-separated, the
    ``client_id`` of every app that had signed in through the session, first sign-in first:
    those the IdP tells by front or back channel, if they registered for it.
    """

    kind: ClassVar[str] = "idp_logout"
    idp_session: str
    user: str
    client_id: str
    apps: str


@quick_init
@dataclass(frozen=True, slots=True, kw_only=True)
class LogoutNotice(Event):
    """The app ``actor`` took a logout notice for IdP session ``idp_session`` and logged out.

    ``channel`` is ``frontchannel`` (the IdP's logout page loaded the app's logout URI in an
    iframe, OpenID Connect Front-Channel Logout 1.0 §3) or ``backchannel`` (the IdP POSTed a
    Logout Token that the app validated, Back-Channel Logout 1.0 §2.5, §2.6). The app forgets
    its tokens at this instant and sends its refresh token to the logout endpoint, as when its
    user logs out of it.
    """

    kind: ClassVar[str] = "logout_notice"
    user: str
    channel: str
    idp_session: str


@quick_init
@dataclass(frozen=True, slots=True, kw_only=True)
class CookieBlocked(Event):
    """The browser of ``actor`` (a user's app) refused a cookie, or kept it off a request.

    ``action`` is ``store`` (a ``Set-Cookie`` for ``url`` was ignored) or ``send`` (the cookie
    stayed off the request to ``url``); ``rule`` names the browser's rule
    (:class:`~simtoken.actors.cookies.CookieRule`: ``samesite``, ``secure_over_http``,
    ``path``, ``expired`` ...), as RFC 6265bis states it.
    """

    kind: ClassVar[str] = "cookie_blocked"
    cookie: str
    action: str
    url: str
    rule: str
