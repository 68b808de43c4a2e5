"""Verification: deciding whether a token is acceptable *at a given simulated instant*.

A verifier is the bouncer at a door. It checks, in this order:

1. the token is well-formed: at most :data:`~simtoken.jose.segments.MAX_TOKEN_LENGTH` characters
   (else ``oversized``), three base64url segments of strict JSON (UTF-8, no duplicate names,
   no ``NaN``/``Infinity``, shallow nesting; else ``malformed`` or ``duplicate_claim``, see
   :mod:`simtoken.jose.segments`), and no ``crit`` extension it does not implement (RFC 7515
   §4.1.11; else ``unsupported_critical``);
2. the header's ``alg`` is one the verifier was configured with, never the one the token asks
   for (RFC 8725 §3.1; this is what defeats ``alg: none``) (else ``alg_not_allowed``);
3. the header's ``typ`` is the expected token type (RFC 8725 §3.11 explicit typing; compared
   as a media type, so ``application/at+jwt`` is ``at+jwt``, RFC 9068 §4; else
   ``wrong_token_type``), so a refresh token shown to an API fails as what it is;
4. the ``kid`` names a key it trusts (else ``unknown_key``); the ``jku``, ``jwk`` and ``x5u``
   headers are never used to find a key (RFC 8725 §3.10);
5. ``alg`` is *the* algorithm of that key: every key is bound to exactly one algorithm
   (RFC 8725 §3.1, §2.1), so ``alg: HS256`` with an RSA key's ``kid`` (key confusion), or
   ``ES256`` with an Ed25519 key's, is ``alg_not_allowed`` even when the verifier trusts
   HS256 or ES256 keys too;
6. the signature, then the claims' JSON types (``exp``/``nbf``/``iat`` NumericDates, string
   ``iss``/``sub``/``jti`` ...; else ``malformed`` naming the claim, see
   :func:`~simtoken.jose.claims.check_claim_types`), then ``aud``, ``iss`` and the presence of
   required claims, all by PyJWT itself (``bad_signature``, ``wrong_audience``,
   ``wrong_issuer``, ``missing_claim``);
7. ``iat``/``nbf``/``exp`` against the **simulated** clock, with exactly PyJWT's comparisons
   and leeway (``not_yet_valid``, ``expired``);
8. the signed ``token_use`` claim matches the type too (``wrong_token_type``).

PyJWT only ever compares time claims with the wall clock and takes no "now", so step 5 runs
with PyJWT's time checks off and step 6 repeats them against sim time: a token is expired when
``exp <= now - leeway`` and not yet valid when ``iat > now + leeway`` or ``nbf > now + leeway``.
Failures raise PyJWT's own exception classes, so what a learner sees here is what real code
raises. :meth:`Verifier.check` wraps the same steps and returns a :class:`Verdict` with a
named :class:`Reason` instead of raising; every token failure has a name (``invalid`` is a
fallback for a PyJWT error class a future PyJWT might add, never reached by any input today).
``now`` must be a finite number of seconds and ``leeway`` a finite number ≥ 0: anything else is
a :class:`~simtoken.errors.ConfigError` (a mistake of the caller, not of the token).

A verifier built with ``weaknesses`` (see :mod:`simtoken.jose.weakness`) is a different animal: it
runs the hand-rolled pipeline of :mod:`simtoken.jose.naive`, with exactly those checks missing, to
show what each check is for.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import jwt
import jwt.utils

from simtoken._records import quick_init
from simtoken.errors import ConfigError
from simtoken.jose.claims import REQUIRED_CLAIMS, check_times, check_token_use, typed_claims
from simtoken.jose.clock import SimClock
from simtoken.jose.header_checks import check_header
from simtoken.jose.jwks import algorithm_of_key, read_jwks
from simtoken.jose.keys import SigningKey
from simtoken.jose.naive import verify_naive
from simtoken.jose.reasons import Reason, reason_of
from simtoken.jose.segments import StrictPyJWT, check_shape, parsed_header
from simtoken.jose.tokens import TokenType
from simtoken.jose.weakness import KeySources, Weakness

__all__ = ["Verdict", "Verifier"]

"""Claims a token must carry to be accepted (PyJWT's ``require`` option)."""

DEFAULT_CLOCK = SimClock()


@quick_init
@dataclass(frozen=True, slots=True)
class Verdict:
    """The outcome of checking a token: accepted, or rejected with a reason and PyJWT's message."""

    accepted: bool
    reason: Reason | None = None
    detail: str = ""
    error: str = ""
    claims: Mapping[str, Any] = field(default_factory=dict)


class _ClaimsJWT(StrictPyJWT):
    """Strict parsing, then the claims' JSON types, before PyJWT compares any claim."""

    def _decode_payload(self, decoded: dict[str, Any]) -> dict[str, Any]:
        return typed_claims(decoded["payload"]).copy()  # a fresh dict for every caller


_CLAIMS_JWT = _ClaimsJWT()

_DECODE_OPTIONS: dict[bool, Any] = {
    verify_aud: {
        "verify_exp": False,
        "verify_nbf": False,
        "verify_iat": False,
        "verify_aud": verify_aud,
        "require": list(REQUIRED_CLAIMS),
    }
    for verify_aud in (False, True)
}
"""PyJWT's options in step 6, with and without ``aud`` (PyJWT only reads them)."""

_HEADERS_REMEMBERED = 64
"""Distinct header segments a verifier remembers it passed (a run has a handful)."""


@dataclass(frozen=True)
class Verifier:
    """Verifies tokens of one issuer against a set of trusted keys, on the simulated clock.

    ``keys`` maps ``kid`` to a verification key (a public key object, or an HMAC secret);
    ``algorithms`` is the allow-list; ``leeway`` is PyJWT's single margin in seconds.
    ``key_algorithms`` binds each ``kid`` to its one algorithm (RFC 8725 §3.1); a ``kid`` it
    does not list gets the algorithm of its key object's kind (RSA → RS256, P-256 → ES256,
    Ed25519 → EdDSA, a secret → HS256). ``skipped`` records the keys of a JWKS that were not
    signature keys (see :mod:`simtoken.jose.jwks`).
    """

    keys: Mapping[str, Any]
    algorithms: tuple[str, ...]
    issuer: str
    clock: SimClock = DEFAULT_CLOCK
    leeway: float = 0.0
    weaknesses: frozenset[Weakness] = frozenset()
    sources: KeySources | None = None
    """Where a weak verifier may look for keys besides ``keys`` (see :mod:`simtoken.jose.naive`)."""
    key_algorithms: Mapping[str, str] = field(default_factory=dict)
    skipped: tuple[str, ...] = ()
    _passed: dict[tuple[str, TokenType | None], tuple[str, str, TokenType]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    """Header segments (with the type expected) that passed steps 2 to 5, and their outcome."""

    def __post_init__(self) -> None:
        _check_seconds("leeway", self.leeway, "a finite number of seconds >= 0", minimum=0.0)
        object.__setattr__(self, "keys", MappingProxyType(dict(self.keys)))  # a copy: fixed
        bound = dict(self.key_algorithms)
        for kid, key in self.keys.items():
            alg = bound.get(kid) or algorithm_of_key(key)
            if alg is None:
                raise ConfigError(f"keys[{kid!r}]", type(key).__name__, "a JWS verification key")
            bound[kid] = alg
        object.__setattr__(self, "key_algorithms", MappingProxyType(bound))

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
            key_algorithms={k.kid: k.algorithm for k in keys},
        )

    @classmethod
    def from_jwks(
        cls,
        jwks: object,
        issuer: str,
        clock: SimClock = DEFAULT_CLOCK,
        leeway: float = 0.0,
    ) -> Verifier:
        """A verifier trusting the signature keys of a JWKS document (RFC 7517).

        Keys without ``alg`` or ``kid``, encryption keys and unusable sets follow the rules of
        :mod:`simtoken.jose.jwks`; a set that cannot be used raises
        :class:`~simtoken.errors.ConfigError`, nothing else.
        """
        found = read_jwks(jwks)
        return cls(
            keys=found.keys,
            algorithms=tuple(dict.fromkeys(found.algorithms.values())),
            issuer=issuer,
            clock=clock,
            leeway=leeway,
            key_algorithms=found.algorithms,
            skipped=found.skipped,
        )

    def verify(
        self,
        token: object,
        *,
        now: float,
        audience: str,
        expected_type: TokenType,
    ) -> dict[str, Any]:
        """Return the token's claims if it is acceptable at sim time ``now``; raise otherwise.

        Raises a subclass of ``jwt.InvalidTokenError`` naming what is wrong, or a
        :class:`~simtoken.errors.ConfigError` if ``now`` is not a finite number.
        """
        _check_seconds("now", now, "a finite number of seconds")
        if not isinstance(token, str):
            raise jwt.DecodeError(f"A token must be a string, not {type(token).__name__}")
        if self.weaknesses:
            return verify_naive(
                self, token, now=now, audience=audience, expected_type=expected_type
            )
        alg, kid, _ = self._header(token, expected_type)
        claims = self._decode(token, alg, kid, audience)
        check_times(claims, self.clock.epoch_seconds + now, self.leeway)
        check_token_use(claims, expected_type)
        return claims

    def identify(self, token: object) -> tuple[TokenType, dict[str, Any]]:
        """The type and claims of a token signed by a trusted key, whatever its audience or age.

        Every structural, algorithm, key, signature, claim-type and issuer check of
        :meth:`verify` (hardened, even on a weak verifier), but no ``aud`` and no time
        comparison: what a revocation, logout or introspection endpoint needs to know which
        grant a token belongs to. Raises like :meth:`verify`.
        """
        if not isinstance(token, str):
            raise jwt.DecodeError(f"A token must be a string, not {type(token).__name__}")
        alg, kid, token_type = self._header(token, None)
        claims = self._decode(token, alg, kid, None)
        check_token_use(claims, token_type)
        return token_type, claims

    def _header(self, token: str, expected_type: TokenType | None) -> tuple[str, str, TokenType]:
        """Steps 1 to 5: the checked header's ``alg``, ``kid`` and token type.

        Steps 2 to 5 depend only on the header segment and this (frozen) verifier, so a
        segment that passed them once passes again: a run's tokens share a handful of headers.
        A header that fails is checked again every time.
        """
        check_shape(token)
        segment = token.partition(".")[0]
        passed = self._passed.get((segment, expected_type))
        if passed is not None:
            return passed
        header = parsed_header(segment)
        outcome = check_header(
            header, expected_type, self.algorithms, self.keys, self.key_algorithms
        )
        if len(self._passed) >= _HEADERS_REMEMBERED:
            self._passed.clear()
        self._passed[segment, expected_type] = outcome
        return outcome

    def _decode(self, token: str, alg: str, kid: str, audience: str | None) -> dict[str, Any]:
        """Step 6: signature and claim types, then PyJWT's aud, iss and required claims."""
        claims: dict[str, Any] = _CLAIMS_JWT.decode(
            token,
            self.keys[kid],
            algorithms=[alg],
            audience=audience,
            issuer=self.issuer,
            options=_DECODE_OPTIONS[audience is not None],
        )
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


def _check_seconds(name: str, value: object, allowed: str, minimum: float | None = None) -> None:
    """ConfigError unless ``value`` is a finite real number (at least ``minimum``)."""
    if type(value) is float and minimum is None and math.isfinite(value):
        return  # the common case, first
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
        or (minimum is not None and value < minimum)
    ):
        raise ConfigError(name, value, allowed)
