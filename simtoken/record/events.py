"""Events: the typed, immutable records a run leaves behind.

The trace is the product's truth: every request and its single outcome, every token issued,
every login is one record with the sim time ``t`` (seconds) and the ``actor`` that did it.
Plots, metrics and tables are all computed from these records, never from actors' private state.

================== ================================================================================
kind               meaning
================== ================================================================================
``login``          the user typed a password: an interactive login (``reason``, ``cause``)
``request``        an actor sent a request (``endpoint``: login, refresh, api ...) to ``target``;
                   at an API, the ``operation`` (read, write, delete) when APIs have operations;
                   at the token endpoint, the ``grant_type``
``accepted``       the receiver accepted request ``request_id``
``rejected``       the receiver rejected it, with a named ``reason`` and PyJWT's ``detail``
``lost``           the network dropped it; nobody answered
``issued``         the auth server minted a token (``token_type``, ``subject``, ``expires``,
                   ``scope``: an access token's ``scope`` claim, a refresh token's grant's)
``call``           a user-level API call finished: ``ok`` after any refresh, login or retry
``response_lost``  the network dropped a server's answer (the server did act)
``reuse_detected`` the auth server saw an already-rotated refresh token come back
``revoked``        the auth server revoked a session (token family) and says why
``stolen``         the attacker took a token (or a DPoP key) from the victim
``theft_failed``   a theft attempt (or part of one) got nothing (HttpOnly cookie, keystore, TLS ...)
``page``           the victim's page the attacker acts through opened or closed (ground truth)
``forged``         the attacker made a token itself, by an attack class of the forgery catalog
``code_issued``    the auth server issued an authorization code (bound to ``client_id``,
                   ``redirect_uri``, the PKCE challenge, the user and the IdP session)
``redirect``       a browser delivered an authorization response (its ``location``) to the app that
                   handles that address, which took it or dropped it (``refused``)
``silent_sign_in`` an app of a multi-app user (``apps`` > 1) was signed in by riding the IdP session
                   with ``prompt=none``: no password typed (single sign-on; not a ``login``)
``idp_logout``     the auth server ended an IdP session at an app's request (RP-initiated logout),
                   naming the ``apps`` that had signed in through it
``logout_notice``  an app took a front- or back-channel logout notice (``channel``) for an ended IdP
                   session and logged itself out: it forgot its tokens
``cookie_blocked`` the browser refused to store a cookie, or kept it off a request, and the rule
================== ================================================================================

Reasons (of a rejection, a revocation, a login) are names from the closed sets of
:mod:`simtoken.record.reasons`, kept as the bare name (a plain ``str``, the member's value).

Every request has exactly one outcome (``accepted``, ``rejected`` or ``lost``) with the same
``request_id``; requests in flight at the horizon are carried to their outcome. Every record
that involves a token carries the full token string (and a request its DPoP ``proof``, if any).
A request of the authorization flows (``authorize``, and ``token`` with its ``grant_type``)
also keeps its ``params`` (all but a client secret), so that an auditor can check a code's
redemption from the trace, as does a logout through the browser (``end_session``,
``frontchannel_logout``); other requests have none. A request's ``operation``, ``grant_type``
and ``params`` and a token's ``scope`` are left out of :meth:`Event.to_dict` when empty, so the
records of a run that uses none of them read as they always did.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, ClassVar

__all__ = [
    "Accepted",
    "Call",
    "CodeIssued",
    "CookieBlocked",
    "Event",
    "Forged",
    "IdpLogout",
    "Issued",
    "Login",
    "LogoutNotice",
    "Lost",
    "Page",
    "Redirect",
    "Rejected",
    "Request",
    "ResponseLost",
    "ReuseDetected",
    "Revoked",
    "SilentSignIn",
    "Stolen",
    "TheftFailed",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class Event:
    """Base of all trace records: when (sim seconds) and who."""

    kind: ClassVar[str] = "event"
    t: float
    actor: str

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: ``t``, ``kind``, ``actor``, then the record's own fields.

        ``token`` is left out when no token was involved (a login request, for instance), and
        the other optional fields when empty (:data:`_OMITTED`).
        """
        data = asdict(self)
        out: dict[str, Any] = {"t": round(self.t, 6), "kind": self.kind, "actor": self.actor}
        out.update(
            (k, dict(v) if k == "params" else v)
            for k, v in data.items()
            if k not in ("t", "actor") and not (k in _OMITTED and v == _OMITTED[k])
        )
        return out


_OMITTED: dict[str, object] = {
    "token": None,
    "proof": None,
    "operation": "",
    "grant_type": "",
    "scope": "",
    "params": (),
}
"""Fields left out of :meth:`Event.to_dict` when they hold this value (nothing to say)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Login(Event):
    """The user logged in interactively.

    ``reason`` names a :class:`~simtoken.record.reasons.LoginReason` (first,
    access_token_expired, no_refresh_token or refresh_failed); for a failed refresh, ``cause``
    is the auth server's rejection reason (a :data:`~simtoken.record.reasons.RefusalReason`)
    or ``lost``.
    """

    kind: ClassVar[str] = "login"
    user: str
    reason: str
    cause: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Request(Event):
    """``actor`` sent a request to ``target``; ``token`` is the credential it presented."""

    kind: ClassVar[str] = "request"
    request_id: int
    target: str
    endpoint: str
    token: str | None
    note: str = ""
    proof: str | None = None
    """The DPoP proof sent with the request, if any."""
    params: tuple[tuple[str, str], ...] = ()
    """The parameters of an authorization-flow request (``authorize``, ``token``) or of a
    browser's logout (``end_session``, ``frontchannel_logout``), in the order sent, without a
    client secret; empty for every other request."""
    operation: str = ""
    """At an API: the operation asked for (read, write, delete; empty: none named)."""
    grant_type: str = ""
    """At the token endpoint: the grant type asked for (RFC 6749 §4)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Accepted(Event):
    """``actor`` (a server) accepted request ``request_id``."""

    kind: ClassVar[str] = "accepted"
    request_id: int
    token: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class Rejected(Event):
    """``actor`` (a server) rejected request ``request_id`` with a named ``reason``.

    ``reason`` is the name of a :data:`~simtoken.record.reasons.RefusalReason`.
    """

    kind: ClassVar[str] = "rejected"
    request_id: int
    token: str | None
    reason: str
    detail: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Lost(Event):
    """The network (``actor``) dropped request ``request_id``: no server ever saw it."""

    kind: ClassVar[str] = "lost"
    request_id: int
    token: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class Issued(Event):
    """The auth server minted ``token`` for ``holder``; ``expires`` is ``exp`` in sim seconds."""

    kind: ClassVar[str] = "issued"
    token: str
    token_type: str
    holder: str
    subject: str
    session: str
    audience: str
    jti: str
    expires: float
    scope: str = ""
    """An access token's ``scope`` claim; a refresh token's grant's scope (RFC 6749 §6)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Call(Event):
    """A user-level API call of ``actor`` to ``target`` finished; ``ok`` if it finally succeeded."""

    kind: ClassVar[str] = "call"
    call_id: int
    target: str
    ok: bool
    token: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class ResponseLost(Event):
    """The network (``actor``) dropped the *answer* to request ``request_id``.

    The server did handle the request (its outcome is recorded); the sender never learns the
    result, as when an app is killed or a connection drops mid-refresh.
    """

    kind: ClassVar[str] = "response_lost"
    request_id: int


@dataclass(frozen=True, slots=True, kw_only=True)
class ReuseDetected(Event):
    """The auth server saw an already-rotated refresh ``token`` presented by ``presenter``."""

    kind: ClassVar[str] = "reuse_detected"
    token: str
    presenter: str
    session: str
    generation: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Revoked(Event):
    """The auth server revoked ``session`` (a token family) of ``user``, for ``reason``.

    ``reason`` names a :class:`~simtoken.record.reasons.RevocationReason`: reuse_detected,
    logout, password_change, admin, revocation_endpoint, code_reused or idp_logout.
    """

    kind: ClassVar[str] = "revoked"
    session: str
    user: str
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Stolen(Event):
    """The attacker (``actor``) took ``token`` (a ``token_type`` token) from ``victim``."""

    kind: ClassVar[str] = "stolen"
    victim: str
    vector: str
    token: str
    token_type: str


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


@dataclass(frozen=True, slots=True, kw_only=True)
class Forged(Event):
    """The attacker (``actor``) made ``token`` itself, by the attack class ``attack``."""

    kind: ClassVar[str] = "forged"
    attack: str
    token: str


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
