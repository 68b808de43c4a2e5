"""Logout Tokens: how an identity provider tells an app, server to server, that a login ended.

With OpenID Connect Back-Channel Logout 1.0 the IdP does not go through the browser to log an
app out: it POSTs a **Logout Token** to the app's back-channel logout endpoint (§2.5). A
Logout Token is a signed JWT, a cousin of the ID token with different claims (§2.4):

========== =======================================================================================
``iss``    the IdP that sends it
``aud``    the ``client_id`` of the app it is for
``iat``    when it was issued; ``exp`` when it stops being taken (simtoken: two minutes later,
           the short life the specification's security considerations encourage, §4)
``jti``    a unique id, so that the app can refuse a replay
``sub``    the user, and ``sid`` the IdP session that ended (at least one of the two, §2.4).
           The ``sid`` of a Logout Token names an *IdP session*, as OpenID Connect defines it;
           simtoken's access and refresh tokens use ``sid`` for their grant instead
``events`` ``{"http://schemas.openid.net/event/backchannel-logout": {}}``: what makes the JWT a
           Logout Token
========== =======================================================================================

and it MUST NOT carry a ``nonce`` (§2.4), so that it can never pass for an ID token in an
authentication response; its header names the type, ``typ: logout+jwt`` (§2.4 recommends
this explicit typing; simtoken's apps require it, as RFC 8725 §3.11 advises), and the key.

:func:`read_logout_token` is the app's validation (§2.6), in order: the shape of the JWT; the
``typ``; the ``kid`` names a key of the IdP and ``alg`` is that key's algorithm (never
``none``); the signature; ``iss`` and ``aud`` (the app's ``client_id``); ``iat`` not in the
future and ``exp`` not past, on the simulated clock; ``sub`` or ``sid``; the ``events`` member;
no ``nonce``. Failures raise PyJWT's (or simtoken's) own exception classes, so that
:func:`~simtoken.jose.reasons.reason_of` names them, and :class:`NotALogoutTokenError` for a
JWT that verifies but is not a Logout Token. What is left to the app (§2.6's optional steps):
refusing a ``jti`` it has seen, and a ``sid`` it does not know.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import jwt

from simtoken.errors import UnknownKeyError, WrongTokenTypeError
from simtoken.jose.claims import check_claim_types, check_crit, check_times
from simtoken.jose.keys import SigningKey
from simtoken.jose.segments import StrictPyJWT, check_shape, parse_segment

__all__ = [
    "BACKCHANNEL_LOGOUT_EVENT",
    "LOGOUT_TOKEN_LIFETIME",
    "LOGOUT_TYP",
    "NotALogoutTokenError",
    "mint_logout_token",
    "read_logout_token",
]

BACKCHANNEL_LOGOUT_EVENT = "http://schemas.openid.net/event/backchannel-logout"
"""The member of the ``events`` claim that makes a JWT a Logout Token (§2.4)."""
LOGOUT_TYP = "logout+jwt"
"""The ``typ`` header of a Logout Token (§2.4; media type ``application/logout+jwt``)."""
LOGOUT_TOKEN_LIFETIME = 120
"""Seconds from ``iat`` to ``exp``: "at most two minutes in the future" (§4)."""

_REQUIRED = ("iss", "aud", "iat", "jti", "events")
_STRICT = StrictPyJWT()


class NotALogoutTokenError(jwt.InvalidTokenError):
    """A JWT that verifies but is not a Logout Token (no ``events`` member, a ``nonce`` ...)."""


def mint_logout_token(
    key: SigningKey,
    *,
    issuer: str,
    audience: str,
    subject: str,
    sid: str,
    jti: str,
    iat: int,
    lifetime: int = LOGOUT_TOKEN_LIFETIME,
) -> str:
    """A Logout Token for the app ``audience``: ``subject``'s IdP session ``sid`` ended.

    >>> from simtoken.jose.keys import derive_key
    >>> key = derive_key(7, "HS256")
    >>> token = mint_logout_token(key, issuer="https://as.example", audience="app",
    ...                           subject="user-1", sid="s1", jti="j1", iat=1_767_225_600)
    >>> jwt.get_unverified_header(token)["typ"]
    'logout+jwt'
    """
    claims: dict[str, Any] = {
        "iss": issuer,
        "sub": subject,
        "aud": audience,
        "iat": iat,
        "exp": iat + lifetime,
        "jti": jti,
        "sid": sid,
        "events": {BACKCHANNEL_LOGOUT_EVENT: {}},
    }
    headers = {"kid": key.kid, "typ": LOGOUT_TYP}
    return jwt.encode(claims, key.signing_key, algorithm=key.algorithm, headers=headers)


def read_logout_token(
    token: object,
    *,
    keys: Mapping[str, SigningKey],
    issuer: str,
    audience: str,
    now: float,
    leeway: float = 0.0,
) -> dict[str, Any]:
    """The claims of a valid Logout Token for ``audience`` at epoch time ``now``; else raise.

    ``keys`` are the IdP's published keys by ``kid``. See the module docstring for the checks.
    """
    if not isinstance(token, str):
        raise jwt.DecodeError(f"A Logout Token must be a string, not {type(token).__name__}")
    check_shape(token)
    header = parse_segment(token.partition(".")[0], "header")
    check_crit(header)
    typ = header.get("typ")
    if not isinstance(typ, str) or typ.lower() not in (LOGOUT_TYP, f"application/{LOGOUT_TYP}"):
        raise WrongTokenTypeError(f"Expected a Logout Token (typ {LOGOUT_TYP!r}), got typ {typ!r}")
    kid = header.get("kid")
    key = keys.get(kid) if isinstance(kid, str) else None
    if key is None:
        raise UnknownKeyError(f"No key of the IdP has kid {kid!r}")
    if header.get("alg") != key.algorithm:
        raise jwt.InvalidAlgorithmError(
            f"The specified alg value is not allowed: key {kid!r} is a {key.algorithm} key"
        )
    claims: dict[str, Any] = _STRICT.decode(
        token,
        key.verification_key,
        algorithms=[key.algorithm],
        audience=audience,
        issuer=issuer,
        options={
            "verify_exp": False,
            "verify_nbf": False,
            "verify_iat": False,
            "require": list(_REQUIRED),
        },
    )
    check_claim_types(claims)
    check_times(claims, now, leeway)
    _check_logout_claims(claims)
    return claims


def _check_logout_claims(claims: Mapping[str, Any]) -> None:
    """§2.4: ``sub`` or ``sid``; the ``events`` member, an object; no ``nonce``."""
    if not claims.get("sub") and not claims.get("sid"):
        raise NotALogoutTokenError("A Logout Token names the user (sub), the session (sid) or both")
    events = claims.get("events")
    if not isinstance(events, dict) or not isinstance(events.get(BACKCHANNEL_LOGOUT_EVENT), dict):
        raise NotALogoutTokenError(f"The events claim has no {BACKCHANNEL_LOGOUT_EVENT!r} object")
    if "nonce" in claims:
        raise NotALogoutTokenError("A Logout Token MUST NOT contain a nonce (§2.4)")
