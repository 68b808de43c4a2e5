"""Claim checks: the rules for the time claims, the token's type and ``crit``, on any clock.

A token's claims are its visa stamps: *valid from*, *valid until*, *for this purpose*. The
border guard (a verifier) reads them against **its** clock, here the simulated one, with
exactly PyJWT's comparisons (``jwt/api_jwt.py``): a token is expired when
``exp <= now - leeway`` and not yet valid when ``iat > now + leeway`` or
``nbf > now + leeway``; failures raise PyJWT's own exception classes. The hardened verifier
(:mod:`simtoken.verify`) and the naive one (:mod:`simtoken.naive`) share these functions; the
naive one can skip each.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import jwt

from simtoken.errors import UnsupportedCriticalError, WrongTokenTypeError
from simtoken.tokens import TokenType

__all__ = ["check_crit", "check_times", "check_token_use"]


def check_crit(header: Mapping[str, Any]) -> None:
    """Reject any ``crit`` header: simtoken implements no JWS extensions (RFC 7515 §4.1.11)."""
    if "crit" in header:
        raise UnsupportedCriticalError(
            f"Unsupported critical extension(s) {header['crit']!r}: this verifier implements none"
        )


def _int_claim(payload: Mapping[str, Any], name: str, lenient: bool = False) -> float:
    try:
        return int(payload[name])
    except (TypeError, ValueError, OverflowError):
        value = payload[name]
        if lenient and isinstance(value, float):  # NaN or Infinity from lenient JSON
            return value
        if name == "iat":
            raise jwt.InvalidIssuedAtError("Issued At claim (iat) must be an integer.") from None
        raise jwt.DecodeError(f"{name} claim must be an integer.") from None


def check_times(
    claims: Mapping[str, Any],
    now: float,
    leeway: float,
    *,
    not_before: bool = True,
    expiry: bool = True,
    lenient: bool = False,
) -> None:
    """PyJWT's own iat/nbf/exp comparisons (jwt/api_jwt.py) at epoch time ``now``."""
    if not_before:
        if _int_claim(claims, "iat", lenient) > now + leeway:
            raise jwt.ImmatureSignatureError("The token is not yet valid (iat)")
        if "nbf" in claims and _int_claim(claims, "nbf", lenient) > now + leeway:
            raise jwt.ImmatureSignatureError("The token is not yet valid (nbf)")
    if expiry and "exp" in claims and _int_claim(claims, "exp", lenient) <= now - leeway:
        raise jwt.ExpiredSignatureError("Signature has expired")


def check_token_use(claims: Mapping[str, Any], expected_type: TokenType) -> None:
    """The signed ``token_use`` claim must name the expected type."""
    if claims.get("token_use") != expected_type:
        found = claims.get("token_use")
        raise WrongTokenTypeError(f"Expected a {expected_type} token, got token_use {found!r}")
