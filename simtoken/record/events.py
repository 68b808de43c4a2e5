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
``alert``          the detector scored a refresh at or above ``detector_threshold``: ``score``,
                   ``signals``, the ``action`` it took (:mod:`simtoken.record.detection_events`)
``remediated``     the injected script was removed and every session of ``user`` revoked (``by``
                   the detector or an operator)
``key_leaked``     the attacker obtained the auth server's private signing key (ground truth)
``key_rotated``    an emergency rotation: the auth server replaced a leaked signing key and took it
                   out of its JWKS at once
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

Where they live: the base :class:`Event` in :mod:`simtoken.record.event_base`; the records of
requests, outcomes, tokens and logins (``login`` to ``revoked`` in the table) here; the
attacker's ground truth (``stolen``, ``theft_failed``, ``page``, ``forged``) in
:mod:`simtoken.record.attack_events`; the detector's (``alert``, ``remediated``) in
:mod:`simtoken.record.detection_events`; the browser flows' (``code_issued`` to
``cookie_blocked``) in :mod:`simtoken.record.flow_events`; a key's compromise (``key_leaked``,
``key_rotated``) in :mod:`simtoken.record.key_events`. Every one is importable from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from simtoken._records import quick_init
from simtoken.record.attack_events import Forged, Page, Stolen, TheftFailed
from simtoken.record.detection_events import Alert, Remediated
from simtoken.record.event_base import Event
from simtoken.record.flow_events import (
    CodeIssued,
    CookieBlocked,
    IdpLogout,
    LogoutNotice,
    Redirect,
    SilentSignIn,
)
from simtoken.record.key_events import KeyLeaked, KeyRotated

__all__ = [
    "Accepted",
    "Alert",
    "Call",
    "CodeIssued",
    "CookieBlocked",
    "Event",
    "Forged",
    "IdpLogout",
    "Issued",
    "KeyLeaked",
    "KeyRotated",
    "Login",
    "LogoutNotice",
    "Lost",
    "Page",
    "Redirect",
    "Rejected",
    "Remediated",
    "Request",
    "ResponseLost",
    "ReuseDetected",
    "Revoked",
    "SilentSignIn",
    "Stolen",
    "TheftFailed",
]


@quick_init
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


@quick_init
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
    context: str = ""
    """Where the request seems to come from: its context's compact label (IP, ASN, place,
    User-Agent, language; :mod:`simtoken.record.context`); empty if none was stamped."""


@quick_init
@dataclass(frozen=True, slots=True, kw_only=True)
class Accepted(Event):
    """``actor`` (a server) accepted request ``request_id``."""

    kind: ClassVar[str] = "accepted"
    request_id: int
    token: str | None


@quick_init
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


@quick_init
@dataclass(frozen=True, slots=True, kw_only=True)
class Lost(Event):
    """The network (``actor``) dropped request ``request_id``: no server ever saw it."""

    kind: ClassVar[str] = "lost"
    request_id: int
    token: str | None


@quick_init
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


@quick_init
@dataclass(frozen=True, slots=True, kw_only=True)
class Call(Event):
    """A user-level API call of ``actor`` to ``target`` finished; ``ok`` if it finally succeeded."""

    kind: ClassVar[str] = "call"
    call_id: int
    target: str
    ok: bool
    token: str | None


@quick_init
@dataclass(frozen=True, slots=True, kw_only=True)
class ResponseLost(Event):
    """The network (``actor``) dropped the *answer* to request ``request_id``.

    The server did handle the request (its outcome is recorded); the sender never learns the
    result, as when an app is killed or a connection drops mid-refresh.
    """

    kind: ClassVar[str] = "response_lost"
    request_id: int


@quick_init
@dataclass(frozen=True, slots=True, kw_only=True)
class ReuseDetected(Event):
    """The auth server saw an already-rotated refresh ``token`` presented by ``presenter``."""

    kind: ClassVar[str] = "reuse_detected"
    token: str
    presenter: str
    session: str
    generation: int


@quick_init
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
