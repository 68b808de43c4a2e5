"""Verification: deciding whether a token is acceptable *at a given simulated instant*.

A verifier is the bouncer at a door. It checks, in this order:

1. the token is well-formed: at most :data:`~simtoken.segments.MAX_TOKEN_LENGTH` characters
   (else ``oversized``), three base64url segments of strict JSON (UTF-8, no duplicate names,
   no ``NaN``/``Infinity``, shallow nesting; else ``malformed`` or ``duplicate_claim``, see
   :mod:`simtoken.segments`), and no ``crit`` extension it does not implement (RFC 7515
   §4.1.11; else ``unsupported_critical``);
2. the header's ``alg`` is one the verifier was configured with, never the one the token asks
   for (RFC 8725 §3.1; this is what defeats ``alg: none``) (else ``alg_not_allowed``);
3. the header's ``typ`` is the expected token type (RFC 8725 §3.11 explicit typing; else
   ``wrong_token_type``), so a refresh token shown to an API fails as what it is;
4. the ``kid`` names a key it trusts (else ``unknown_key``); the ``jku``, ``jwk`` and ``x5u``
   headers are never used to find a key (RFC 8725 §3.10);
5. the signature, ``aud``, ``iss`` and the presence of required claims, all by PyJWT itself
   (``bad_signature``, ``wrong_audience``, ``wrong_issuer``, ``missing_claim``);
6. ``iat``/``nbf``/``exp`` against the **simulated** clock, with exactly PyJWT's comparisons
   and leeway (``not_yet_valid``, ``expired``);
7. the signed ``token_use`` claim matches the type too (``wrong_token_type``).

PyJWT only ever compares time claims with the wall clock and takes no "now", so step 5 runs
with PyJWT's time checks off and step 6 repeats them against sim time: a token is expired when
``exp <= now - leeway`` and not yet valid when ``iat > now + leeway`` or ``nbf > now + leeway``.
Failures raise PyJWT's own exception classes, so what a learner sees here is what real code
raises. :meth:`Verifier.check` wraps the same steps and returns a :class:`Verdict` with a
named :class:`Reason` instead of raising.

A verifier built with ``weaknesses`` (see :mod:`simtoken.weakness`) is a different animal: it
runs the hand-rolled pipeline of :mod:`simtoken.naive`, with exactly those checks missing, to
show what each check is for.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import jwt
import jwt.utils

from simtoken.claims import check_crit, check_times, check_token_use
from simtoken.clock import SimClock
from simtoken.errors import (
    DuplicateClaimError,
    OversizedTokenError,
    UnknownKeyError,
    UnsupportedCriticalError,
    WrongTokenTypeError,
)
from simtoken.keys import SigningKey
from simtoken.segments import check_length, parse_segment
from simtoken.tokens import TokenType
from simtoken.weakness import KeySources, Weakness

__all__ = ["REQUIRED_CLAIMS", "Reason", "Verdict", "Verifier", "reason_of"]

REQUIRED_CLAIMS = ("iss", "sub", "aud", "iat", "exp", "jti", "token_use")
"""Claims a token must carry to be accepted (PyJWT's ``require`` option)."""

DEFAULT_CLOCK = SimClock()
_SEGMENTS = re.compile(r"[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*")


class Reason(StrEnum):
    """Why a token was rejected: one stable name per failure class."""

    MALFORMED = "malformed"
    ALG_NOT_ALLOWED = "alg_not_allowed"
    UNKNOWN_KEY = "unknown_key"
    BAD_SIGNATURE = "bad_signature"
    WRONG_AUDIENCE = "wrong_audience"
    WRONG_ISSUER = "wrong_issuer"
    MISSING_CLAIM = "missing_claim"
    NOT_YET_VALID = "not_yet_valid"
    EXPIRED = "expired"
    WRONG_TOKEN_TYPE = "wrong_token_type"
    UNSUPPORTED_CRITICAL = "unsupported_critical"
    DUPLICATE_CLAIM = "duplicate_claim"
    OVERSIZED = "oversized"
    INVALID = "invalid"


_REASONS: tuple[tuple[type[jwt.InvalidTokenError], Reason], ...] = (
    (jwt.InvalidSignatureError, Reason.BAD_SIGNATURE),
    (jwt.InvalidAlgorithmError, Reason.ALG_NOT_ALLOWED),
    (UnknownKeyError, Reason.UNKNOWN_KEY),
    (jwt.InvalidAudienceError, Reason.WRONG_AUDIENCE),
    (jwt.InvalidIssuerError, Reason.WRONG_ISSUER),
    (jwt.MissingRequiredClaimError, Reason.MISSING_CLAIM),
    (jwt.ExpiredSignatureError, Reason.EXPIRED),
    (jwt.ImmatureSignatureError, Reason.NOT_YET_VALID),
    (WrongTokenTypeError, Reason.WRONG_TOKEN_TYPE),
    (UnsupportedCriticalError, Reason.UNSUPPORTED_CRITICAL),
    (DuplicateClaimError, Reason.DUPLICATE_CLAIM),
    (OversizedTokenError, Reason.OVERSIZED),
    (jwt.DecodeError, Reason.MALFORMED),
    (jwt.InvalidIssuedAtError, Reason.MALFORMED),
)


def reason_of(exc: jwt.InvalidTokenError) -> Reason:
    """The named reason for a PyJWT (or simtoken) token error."""
    for cls, reason in _REASONS:
        if isinstance(exc, cls):
            return reason
    return Reason.INVALID


@dataclass(frozen=True)
class Verdict:
    """The outcome of checking a token: accepted, or rejected with a reason and PyJWT's message."""

    accepted: bool
    reason: Reason | None = None
    detail: str = ""
    error: str = ""
    claims: Mapping[str, Any] = field(default_factory=dict)


class _StrictJWT(jwt.PyJWT):
    """PyJWT, with its documented payload-decoding hook parsing claims strictly."""

    def _decode_payload(self, decoded: dict[str, Any]) -> dict[str, Any]:
        return parse_segment(decoded["payload"], "payload", encoded=False)


_STRICT_JWT = _StrictJWT()


@dataclass(frozen=True)
class Verifier:
    """Verifies tokens of one issuer against a set of trusted keys, on the simulated clock.

    ``keys`` maps ``kid`` to a verification key (a public key object, or an HMAC secret);
    ``algorithms`` is the allow-list; ``leeway`` is PyJWT's single margin in seconds.
    """

    keys: Mapping[str, Any]
    algorithms: tuple[str, ...]
    issuer: str
    clock: SimClock = DEFAULT_CLOCK
    leeway: float = 0.0
    weaknesses: frozenset[Weakness] = frozenset()
    sources: KeySources | None = None
    """Where a weak verifier may look for keys besides ``keys`` (see :mod:`simtoken.naive`)."""

    @classmethod
    def for_keys(
        cls,
        keys: Iterable[SigningKey],
        issuer: str,
        clock: SimClock = DEFAULT_CLOCK,
        leeway: float = 0.0,
    ) -> Verifier:
        """A verifier trusting these signing keys and only their algorithms."""
        keys = tuple(keys)
        return cls(
            keys={k.kid: k.verification_key for k in keys},
            algorithms=tuple(dict.fromkeys(k.algorithm for k in keys)),
            issuer=issuer,
            clock=clock,
            leeway=leeway,
        )

    @classmethod
    def from_jwks(
        cls,
        jwks: Mapping[str, Any],
        issuer: str,
        clock: SimClock = DEFAULT_CLOCK,
        leeway: float = 0.0,
    ) -> Verifier:
        """A verifier trusting the keys of a JWKS document (as printed by ``simtoken jwks``)."""
        keys: dict[str, Any] = {}
        algorithms: list[str] = []
        for entry in jwks.get("keys", []):
            pyjwk = jwt.PyJWK(dict(entry))
            keys[str(entry["kid"])] = pyjwk.key
            algorithms.append(str(entry["alg"]))
        return cls(keys, tuple(dict.fromkeys(algorithms)), issuer, clock, leeway)

    def verify(
        self,
        token: object,
        *,
        now: float,
        audience: str,
        expected_type: TokenType,
    ) -> dict[str, Any]:
        """Return the token's claims if it is acceptable at sim time ``now``; raise otherwise.

        Raises a subclass of ``jwt.InvalidTokenError`` naming what is wrong.
        """
        if not isinstance(token, str):
            raise jwt.DecodeError(f"A token must be a string, not {type(token).__name__}")
        if self.weaknesses:
            from simtoken.naive import verify_naive  # the weak pipeline builds on this module

            return verify_naive(
                self, token, now=now, audience=audience, expected_type=expected_type
            )
        check_length(token)
        if not token.isascii() or not _SEGMENTS.fullmatch(token):
            raise jwt.DecodeError("Not a JWT: expected three base64url segments separated by '.'")
        header = parse_segment(token.partition(".")[0], "header")
        check_crit(header)
        alg = header.get("alg")
        if alg not in self.algorithms:
            raise jwt.InvalidAlgorithmError("The specified alg value is not allowed")
        if header.get("typ") != expected_type.typ_header:
            raise WrongTokenTypeError(
                f"Expected a {expected_type} token (typ {expected_type.typ_header!r}), "
                f"got typ {header.get('typ')!r}"
            )
        kid = header.get("kid")
        if not isinstance(kid, str) or kid not in self.keys:
            raise UnknownKeyError(f"No trusted key has kid {kid!r}")
        claims: dict[str, Any] = _STRICT_JWT.decode(
            token,
            self.keys[kid],
            algorithms=[alg],
            audience=audience,
            issuer=self.issuer,
            options={
                "verify_exp": False,
                "verify_nbf": False,
                "verify_iat": False,
                "require": list(REQUIRED_CLAIMS),
            },
        )
        check_times(claims, self.clock.epoch_seconds + now, self.leeway)
        check_token_use(claims, expected_type)
        return claims

    def check(
        self,
        token: object,
        *,
        now: float,
        audience: str,
        expected_type: TokenType,
    ) -> Verdict:
        """Like :meth:`verify`, but return a :class:`Verdict` instead of raising."""
        try:
            claims = self.verify(token, now=now, audience=audience, expected_type=expected_type)
        except jwt.InvalidTokenError as exc:
            return Verdict(False, reason_of(exc), str(exc), type(exc).__name__)
        return Verdict(True, claims=claims)
