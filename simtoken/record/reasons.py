"""Reasons: the closed sets of names a trace gives for a refusal, a revocation and a login.

Every refusal a server answers carries one named reason, recorded in its ``rejected`` event,
counted in ``metrics.rejections`` and read by the metrics that tell a false logout from the
policy working as intended. The names come from three places:

* the token verifier's :class:`~simtoken.jose.verify.Reason` (``expired``, ``bad_signature``,
  ``wrong_token_type`` ...), for a token that does not verify;
* the DPoP proof verifier's :class:`~simtoken.jose.dpop.DPoPReason` (``dpop_missing``,
  ``dpop_wrong_key`` ...), for a missing or wrong proof (RFC 9449 §4.3);
* :class:`ServerReason`, what a server itself decides about a token that verifies (below).

Together they are :data:`RefusalReason`. All are :class:`~enum.StrEnum` members: the servers
answer with members and the metrics match members, and a member equals its name
(``ServerReason.REUSED == "reused"``). The records of a trace keep the bare name (the member's
value, a plain ``str``), so a trace, a ``--json`` document and anything printed from them read
the same whatever made them; :func:`refusal_reason` turns a name back into its member.

Each :class:`ServerReason`, who answers it, and when:

* ``unknown_session`` (auth): the refresh token's grant (``sid``) or the token is not known
* ``revoked`` (auth, API): the grant was revoked; at an API: the ``jti`` is on the denylist
* ``idle_expired`` (auth): the grant went unused for ``refresh_token_idle_lifetime``
* ``reused`` (auth): a rotated refresh token came back unforgiven (RFC 9700 §4.14.2)
* ``invalid_target`` (auth): an audience the server does not serve (RFC 8707 §2)
* ``invalid_request`` (auth): a login without a user (RFC 6749 §5.2)
* ``unsupported_endpoint`` (both): no such endpoint
* ``inactive`` (API): introspection: the token is no longer active (RFC 7662 §2.2)
* ``introspection_failed`` (API): the auth server did not answer the introspection
* ``unsupported_grant_type`` (auth): the token endpoint does not know the ``grant_type``
  (RFC 6749 §5.2)
* ``no_cookie`` (auth, API): a browser request (it carries an ``Origin``) to an endpoint the app's
  cookie authenticates (the refresh endpoint with ``storage=cookie_rt``, the backend-for-frontend
  with ``cookie_bff``) came without that cookie: the browser kept it off (``SameSite``, ``Path``,
  ``Secure``, ``Max-Age``) or never stored it
* ``origin_mismatch`` (auth, API): with ``origin_check``, a browser request whose ``Origin`` is not
  the app's own (a cross-site request; OWASP CSRF Prevention Cheat Sheet)
* ``csrf_token_invalid`` (auth, API): with ``csrf_token``, a browser request without the anti-CSRF
  token the app's pages carry (a cross-site page cannot read it)

:class:`RevocationReason` names why the auth server revoked a grant (the ``revoked`` event),
and :class:`LoginReason` why a user had to log in interactively (the ``login`` event).
"""

from __future__ import annotations

from enum import StrEnum

from simtoken.jose.dpop import DPoPReason
from simtoken.jose.reasons import Reason

__all__ = [
    "REFUSAL_REASONS",
    "LoginReason",
    "RefusalReason",
    "RevocationReason",
    "ServerReason",
    "refusal_reason",
]


class ServerReason(StrEnum):
    """A server's own refusal of a token that verifies (see the module docstring)."""

    UNKNOWN_SESSION = "unknown_session"
    REVOKED = "revoked"
    IDLE_EXPIRED = "idle_expired"
    REUSED = "reused"
    INVALID_TARGET = "invalid_target"
    INVALID_REQUEST = "invalid_request"
    UNSUPPORTED_ENDPOINT = "unsupported_endpoint"
    INACTIVE = "inactive"
    INTROSPECTION_FAILED = "introspection_failed"
    UNSUPPORTED_GRANT_TYPE = "unsupported_grant_type"
    NO_COOKIE = "no_cookie"
    ORIGIN_MISMATCH = "origin_mismatch"
    CSRF_TOKEN_INVALID = "csrf_token_invalid"


RefusalReason = Reason | DPoPReason | ServerReason
"""Every reason a server can refuse a request with: the verifier's, DPoP's or its own."""

REFUSAL_REASONS: frozenset[str] = frozenset(
    member.value for enum in (Reason, DPoPReason, ServerReason) for member in enum
)
"""The names of every :data:`RefusalReason` (the three sets share no name)."""


def refusal_reason(name: str) -> RefusalReason:
    """The member named ``name``; a :class:`ValueError` if no refusal reason has that name.

    >>> refusal_reason("reused"), refusal_reason("expired")
    (<ServerReason.REUSED: 'reused'>, <Reason.EXPIRED: 'expired'>)
    """
    for enum in (Reason, DPoPReason, ServerReason):
        if name in {member.value for member in enum}:
            return enum(name)
    raise ValueError(f"{name!r} is not a refusal reason; allowed: {sorted(REFUSAL_REASONS)}")


class RevocationReason(StrEnum):
    """Why the auth server revoked a grant (token family)."""

    REUSE_DETECTED = "reuse_detected"
    """A rotated refresh token came back and was not forgiven (RFC 9700 §4.14.2)."""
    LOGOUT = "logout"
    PASSWORD_CHANGE = "password_change"
    ADMIN = "admin"
    REVOCATION_ENDPOINT = "revocation_endpoint"
    """RFC 7009 §2.1: a refresh token was presented to the revocation endpoint."""


class LoginReason(StrEnum):
    """Why a user logged in interactively (the ``login`` event's ``reason``)."""

    FIRST = "first"
    NO_REFRESH_TOKEN = "no_refresh_token"
    ACCESS_TOKEN_EXPIRED = "access_token_expired"
    """The access token was wanting and the client may not (or cannot) refresh."""
    REFRESH_FAILED = "refresh_failed"
    """The refresh was refused or lost; the ``login`` event's ``cause`` names why."""
