"""Claim checks: the rules for the time claims, claim types, the token's type and ``crit``.

A token's claims are its visa stamps: *valid from*, *valid until*, *for this purpose*. The
border guard (a verifier) reads them against **its** clock, here the simulated one, with
exactly PyJWT's comparisons (``jwt/api_jwt.py``): a token is expired when
``exp <= now - leeway`` and not yet valid when ``iat > now + leeway`` or
``nbf > now + leeway``; failures raise PyJWT's own exception classes. The hardened verifier
(:mod:`simtoken.jose.verify`) and the naive one (:mod:`simtoken.jose.naive`) share these
functions; the naive one can skip each.

Before any comparison, :func:`check_claim_types` makes sure each registered claim has the JSON
type its RFC gives it, so a wrong type is ``malformed`` (with the claim named), never a crash
or a silent pass:

* ``exp``, ``nbf``, ``iat`` are NumericDates (RFC 7519 §2, §4.1.4 to §4.1.6): a JSON number,
  not a string (``"1767225900"``), not a boolean (``true`` is a number to Python), finite, and
  within :data:`MIN_NUMERIC_DATE` to :data:`MAX_NUMERIC_DATE` (0001-01-01 to 9999-12-31 UTC,
  the range of :class:`datetime.datetime`, so every accepted date can be shown as one);
* ``iss``, ``sub``, ``jti`` are strings (RFC 7519 §4.1.1, §4.1.2, §4.1.7), and so are the
  claims simtoken adds: ``sid`` (OpenID Front-Channel Logout §3), ``client_id`` and ``scope``
  (RFC 9068 §2.2, §2.2.3) and ``token_use``;
* ``aud`` is a string or an array of strings (RFC 7519 §4.1.3); ``cnf`` an object
  (RFC 7800 §3.1).

The header's ``typ`` is a media type (RFC 7515 §4.1.9): compared case-insensitively, with
``application/`` implied when it has no ``/``, so ``application/at+jwt`` is ``at+jwt``
(RFC 9068 §4 names both spellings).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import jwt

from simtoken.errors import UnsupportedCriticalError, WrongTokenTypeError
from simtoken.jose.segments import strict_payload
from simtoken.jose.tokens import TokenType

__all__ = [
    "MAX_NUMERIC_DATE",
    "MIN_NUMERIC_DATE",
    "REQUIRED_CLAIMS",
    "check_claim_types",
    "check_crit",
    "check_times",
    "check_token_use",
    "typ_matches",
    "typed_claims",
]

REQUIRED_CLAIMS = ("iss", "sub", "aud", "iat", "exp", "jti", "token_use")
"""Claims every simtoken token carries (RFC 9068 §2.2 and ``token_use``); both verifiers check."""

MIN_NUMERIC_DATE = -62135596800
"""Earliest NumericDate accepted: 0001-01-01T00:00:00Z, :class:`datetime.datetime`'s minimum."""

MAX_NUMERIC_DATE = 253402300799
"""Latest NumericDate accepted: 9999-12-31T23:59:59Z, :class:`datetime.datetime`'s maximum."""

TIME_CLAIMS = ("exp", "nbf", "iat")
STRING_CLAIMS = ("iss", "sub", "jti", "sid", "client_id", "scope", "token_use")


def _numeric_date_problem(value: Any, lenient: bool) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return f"must be a JSON number (a NumericDate), not {type(value).__name__}"
    if isinstance(value, float) and not math.isfinite(value):
        return None if lenient else "must be a finite NumericDate"
    if not MIN_NUMERIC_DATE <= value <= MAX_NUMERIC_DATE:
        return f"must be between {MIN_NUMERIC_DATE} and {MAX_NUMERIC_DATE} (years 1 to 9999)"
    return None


def check_claim_types(claims: Mapping[str, Any], *, lenient: bool = False) -> None:
    """Raise ``jwt.DecodeError`` (``malformed``) naming the first claim of the wrong JSON type.

    Only claims present with a non-null value are checked: PyJWT counts ``null`` as missing,
    and missing required claims are ``missing_claim``. ``lenient`` lets a NaN or Infinity
    through, as a ``lenient_json`` parser does.
    """
    if _plainly_typed(claims):
        return  # the common case; otherwise the checks below, in their order, name the problem
    claims = {name: value for name, value in claims.items() if value is not None}
    for name in TIME_CLAIMS:
        if name in claims:
            problem = _numeric_date_problem(claims[name], lenient)
            if problem:
                raise jwt.DecodeError(f"Claim {name!r} {problem}: {claims[name]!r:.60}")
    for name in STRING_CLAIMS:
        if name in claims and not isinstance(claims[name], str):
            found = type(claims[name]).__name__
            raise jwt.DecodeError(f"Claim {name!r} must be a string, not {found}")
    aud = claims.get("aud", "")
    if not isinstance(aud, str) and not (
        isinstance(aud, list) and all(isinstance(a, str) for a in aud)
    ):
        raise jwt.DecodeError("Claim 'aud' must be a string or an array of strings")
    if "cnf" in claims and not isinstance(claims["cnf"], dict):
        raise jwt.DecodeError("Claim 'cnf' must be a JSON object")


_KIND_OF = {name: "time" for name in TIME_CLAIMS} | {name: "string" for name in STRING_CLAIMS}
_KIND_OF |= {"aud": "aud", "cnf": "cnf"}


def _plainly_typed(claims: Mapping[str, Any]) -> bool:
    """Whether every registered claim has its type beyond doubt (a stricter, quicker test).

    True only where :func:`check_claim_types` passes: an integer NumericDate in range, an exact
    ``str``, an ``aud`` string or list of strings, a ``cnf`` dict. Anything else (a float
    date, say) is left to the full checks, which decide and name the problem.
    """
    for name, value in claims.items():
        kind = _KIND_OF.get(name)
        if kind is None or value is None:
            continue
        if kind == "time":
            plain = type(value) is int and MIN_NUMERIC_DATE <= value <= MAX_NUMERIC_DATE
        elif kind == "string":
            plain = type(value) is str
        elif kind == "aud":
            plain = type(value) is str or (
                type(value) is list and all(type(a) is str for a in value)
            )
        else:  # cnf
            plain = type(value) is dict
        if not plain:
            return False
    return True


@functools.lru_cache(maxsize=4096)
def typed_claims(payload: bytes) -> MappingProxyType[str, Any]:
    """A payload's strict claims, their JSON types checked, read-only and remembered.

    :func:`~simtoken.jose.segments.strict_payload`, then :func:`check_claim_types`; raises as
    they do, every time (exceptions are not cached).
    """
    claims = strict_payload(payload)
    check_claim_types(claims)
    return claims


def _media_type(typ: str) -> str:
    typ = typ.lower()
    return typ if "/" in typ else f"application/{typ}"


def typ_matches(typ: object, expected_type: TokenType) -> bool:
    """Whether a header ``typ`` names ``expected_type`` (RFC 7515 §4.1.9, RFC 9068 §4).

    >>> typ_matches("application/AT+JWT", TokenType.ACCESS), typ_matches("jwt", TokenType.ACCESS)
    (True, False)
    """
    return isinstance(typ, str) and _media_type(typ) == _media_type(expected_type.typ_header)


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
