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
* ``insufficient_scope`` (API): a valid token whose ``scope`` does not cover the operation
  asked for; 403, not 401, so the client does not refresh and retry (RFC 6750 §3.1)
* ``invalid_scope`` (auth): a malformed scope, or a refresh asking for a scope the grant never
  had (RFC 6749 §3.3, §5.2, §6)
* ``invalid_client`` (auth): client authentication failed: a confidential client's secret
  missing or wrong, or a secret for a client that has none; 401 (RFC 6749 §2.3.1, §5.2)
* ``wrong_client`` (auth): the refresh token was issued to another client; RFC 6749 §5.2 names
  this ``invalid_grant`` (§10.4: a refresh token is bound to its client)
* ``unauthorized_client`` (auth): the client is not registered for this grant type, e.g. the
  client-credentials grant asked by a user's app (RFC 6749 §4.4, §5.2)
* ``step_up_required`` (auth): the detector flagged the refresh (``detector_action=step_up``):
  only a fresh login goes on (re-authentication, which a thief cannot do), and the family is
  revoked (reason ``step_up``; :mod:`simtoken.actors.detection`)

The authorization endpoint (``authorize``, :mod:`simtoken.actors.authorization`) refuses:

* ``unknown_client`` (auth): a ``client_id`` no app registered (RFC 6749 §4.1.2.1: no redirect)
* ``unregistered_redirect_uri`` (auth): a ``redirect_uri`` that does not match the client's
  registered ones under ``redirect_uri_matching`` (RFC 6749 §4.1.2.1, RFC 9700 §4.1.3: the
  server MUST NOT redirect, so no code leaves)
* ``unsupported_response_type`` (auth): ``response_type=token`` while the implicit grant is
  off (``allow_implicit``), or an unknown one (RFC 6749 §4.1.2.1)
* ``pkce_required`` (auth): a code request without ``code_challenge`` under ``require_pkce``
  (RFC 9700 §2.1.1)
* ``pkce_method_not_allowed`` (auth): ``code_challenge_method=plain`` while
  ``allow_plain_pkce`` is off, or an unknown method (RFC 7636 §4.4.1)
* ``login_required`` (auth): ``prompt=none`` without a live IdP session (OpenID Connect Core
  §3.1.2.6)
* ``consent_required`` (auth): ``prompt=none`` for a client the user has not consented to,
  under ``require_consent`` (OpenID Connect Core §3.1.2.6)

and the token endpoint's ``authorization_code`` grant (RFC 6749 §4.1.3; each an
``invalid_grant`` of RFC 6749 §5.2, told apart here):

* ``unknown_code`` (auth): a code the server never issued
* ``code_expired`` (auth): a code older than ``code_lifetime`` (RFC 6749 §4.1.2)
* ``client_mismatch`` (auth): a code issued to another ``client_id``
* ``redirect_uri_mismatch`` (auth): a ``redirect_uri`` other than the authorization
  request's (RFC 6749 §4.1.3)
* ``pkce_missing`` (auth): no ``code_verifier`` for a code bound to a challenge (RFC 7636 §4.6)
* ``pkce_mismatch`` (auth): a verifier whose challenge is not the code's, or a verifier for a
  code requested without a challenge (a PKCE downgrade, RFC 9700 §2.1.1)
* ``code_reused`` (auth): a code already redeemed; the tokens issued for it are revoked too
  (RFC 6749 §4.1.2)
* ``no_cookie`` (auth, API): a browser request (it carries an ``Origin``) to an endpoint the app's
  cookie authenticates (the refresh endpoint with ``storage=cookie_rt``, the backend-for-frontend
  with ``cookie_bff``) came without that cookie: the browser kept it off (``SameSite``, ``Path``,
  ``Secure``, ``Max-Age``) or never stored it
* ``origin_mismatch`` (auth, API): with ``origin_check``, a browser request whose ``Origin`` is not
  the app's own (a cross-site request; OWASP CSRF Prevention Cheat Sheet)
* ``csrf_token_invalid`` (auth, API): with ``csrf_token``, a browser request without the anti-CSRF
  token the app's pages carry (a cross-site page cannot read it)

the APIs' binding checks (:mod:`simtoken.actors.binding`), each a 401 of RFC 6750 §3.1:

* ``fingerprint_missing`` (API): with ``fingerprint``, the request carries no ``__Secure-Fgp``
  cookie (OWASP token sidejacking: a token stolen without its hardened cookie)
* ``fingerprint_mismatch`` (API): the cookie's SHA-256 is not the token's ``userFingerprint``
  (or the token has none)
* ``mtls_no_certificate`` (API): a certificate-bound token (``cnf.x5t#S256``) over a connection
  without a TLS client certificate (RFC 8705 §3)
* ``mtls_wrong_certificate`` (API): over a connection whose certificate has another thumbprint
* ``session_cookie_invalid`` (API): with ``dbsc`` (or ``infostealer``), the backend-for-frontend's
  session cookie is missing, unknown or past its short life: the browser must renew it first
* ``dbsc_proof_invalid`` (API): a DBSC refresh of the session cookie without a valid proof signed
  by the key registered for the session (W3C WebAppSec Device Bound Session Credentials)

and an app's logout endpoint (:mod:`simtoken.actors.single_logout`), which takes the IdP's
logout notices:

* ``invalid_logout_token`` (app): a back-channel Logout Token that verifies but is not one: no
  ``events`` member ``http://schemas.openid.net/event/backchannel-logout``, a ``nonce``, or
  neither ``sub`` nor ``sid`` (OpenID Connect Back-Channel Logout 1.0 §2.4, §2.6); a token of
  another type (``typ`` not ``logout+jwt``) is the verifier's ``wrong_token_type``
* ``logout_token_replayed`` (app): a Logout Token whose ``jti`` the app has already taken
  (§2.6: "verify that another Logout Token with the same jti value has not been recently
  received")
* ``unknown_session`` (app): a notice for an IdP session (``sid``) the app never signed in
  through, or for another user
* ``storage_partitioned`` (app): a front-channel logout page loaded in the IdP's iframe while
  the browser blocks third-party cookies: its cookies and storage are partitioned, so the
  app's own tokens are out of its reach (OpenID Connect Front-Channel Logout 1.0 §4.1). A real
  page answers 200 and finds nothing to clear; the simulator refuses, so that the trace says so

:class:`RevocationReason` names why the auth server revoked a grant (the ``revoked`` event),
and :class:`LoginReason` why a user had to log in interactively (the ``login`` event).
"""

from __future__ import annotations

from enum import StrEnum

from simtoken.jose.dpop import DPoPReason
from simtoken.jose.reasons import Reason

__all__ = [
    "REFUSAL_REASONS",
    "CallbackRefusal",
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
    UNKNOWN_CLIENT = "unknown_client"
    UNREGISTERED_REDIRECT_URI = "unregistered_redirect_uri"
    UNSUPPORTED_RESPONSE_TYPE = "unsupported_response_type"
    PKCE_REQUIRED = "pkce_required"
    PKCE_METHOD_NOT_ALLOWED = "pkce_method_not_allowed"
    LOGIN_REQUIRED = "login_required"
    CONSENT_REQUIRED = "consent_required"
    UNKNOWN_CODE = "unknown_code"
    CODE_EXPIRED = "code_expired"
    CLIENT_MISMATCH = "client_mismatch"
    REDIRECT_URI_MISMATCH = "redirect_uri_mismatch"
    PKCE_MISSING = "pkce_missing"
    PKCE_MISMATCH = "pkce_mismatch"
    CODE_REUSED = "code_reused"
    INVALID_LOGOUT_TOKEN = "invalid_logout_token"
    LOGOUT_TOKEN_REPLAYED = "logout_token_replayed"
    STORAGE_PARTITIONED = "storage_partitioned"
    INSUFFICIENT_SCOPE = "insufficient_scope"
    INVALID_SCOPE = "invalid_scope"
    INVALID_CLIENT = "invalid_client"
    WRONG_CLIENT = "wrong_client"
    UNAUTHORIZED_CLIENT = "unauthorized_client"
    NO_COOKIE = "no_cookie"
    ORIGIN_MISMATCH = "origin_mismatch"
    CSRF_TOKEN_INVALID = "csrf_token_invalid"
    FINGERPRINT_MISSING = "fingerprint_missing"
    FINGERPRINT_MISMATCH = "fingerprint_mismatch"
    MTLS_NO_CERTIFICATE = "mtls_no_certificate"
    MTLS_WRONG_CERTIFICATE = "mtls_wrong_certificate"
    SESSION_COOKIE_INVALID = "session_cookie_invalid"
    DBSC_PROOF_INVALID = "dbsc_proof_invalid"
    STEP_UP_REQUIRED = "step_up_required"


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
    CODE_REUSED = "code_reused"
    """An authorization code came back after it was redeemed: the grant its first redemption
    started is revoked (RFC 6749 §4.1.2: "SHOULD revoke ... all tokens previously issued based
    on that authorization code")."""
    IDP_LOGOUT = "idp_logout"
    """The IdP session the grant signed in through ended (RP-initiated logout) and the policy
    ties refresh tokens to it (``revoke_on_idp_logout``)."""
    STEP_UP = "step_up"
    """The detector asked for a fresh login (``detector_action=step_up``): the flagged family
    ends, and the user's new login starts another (:mod:`simtoken.actors.detection`)."""
    DETECTOR = "detector"
    """The stolen-session detector's score reached its threshold (``detector_action`` revoke or
    revoke_all; :mod:`simtoken.actors.detection`)."""
    REMEDIATION = "remediation"
    """Remediation: the injected script was removed and every session of the user revoked (the
    detector's ``remediate`` action, or an operator at ``remediation_at``)."""
    KEY_COMPROMISE = "key_compromise"
    """The key that signed some of the grant's tokens leaked; the emergency rotation revokes
    the grant with it (``revoke_on_compromise``): its user must log in again."""


class LoginReason(StrEnum):
    """Why a user logged in interactively (the ``login`` event's ``reason``)."""

    FIRST = "first"
    NO_REFRESH_TOKEN = "no_refresh_token"
    ACCESS_TOKEN_EXPIRED = "access_token_expired"
    """The access token was wanting and the client may not (or cannot) refresh."""
    REFRESH_FAILED = "refresh_failed"
    """The refresh was refused or lost; the ``login`` event's ``cause`` names why."""
    LOGIN_FAILED = "login_failed"
    """The previous interactive login (an authorization flow) failed; ``cause`` names why:
    the auth server's refusal, ``lost``, or the app's own (a :class:`CallbackRefusal`,
    ``no_redirect``)."""


class CallbackRefusal(StrEnum):
    """Why an app dropped an authorization response delivered to its redirect URI.

    The app, not a server, decides: it is recorded in the ``redirect`` event's ``refused``.
    """

    STATE_MISMATCH = "state_mismatch"
    """The ``state`` is not the one the app sent (or it sent none it still waits for):
    RFC 6749 §10.12, the defence against login CSRF."""
    UNEXPECTED_RESPONSE = "unexpected_response"
    """No authorization of the app is pending (it holds no code verifier to redeem with)."""
    NO_RECEIVER = "no_receiver"
    """No app handles the address the browser ended at."""
