"""Forging: how an attacker makes a token the auth server never issued, and the bench to try it.

Stealing a token (:mod:`simtoken.actors.attacker`) uses a real credential; forging makes one.
A forger is a counterfeiter: the paper, the ink and the watermark are all checked by the
verifier, so the counterfeiter looks for a checker who skips one of them. This module holds
the forger's tools, all real cryptography:

* :class:`Bench`: one deployment to attack, built from a seed: the auth server's signing key
  (RS256, or HS256 for the shared-secret attacks), a *retired* key it rotated away from, an
  attacker's own RSA key, another tenant's key at the same provider, the attacker's JWKS
  served at :data:`ATTACKER_JKU`, and legitimately issued tokens the attacker holds (its own
  account's access and refresh tokens, and an expired one from a log).
* :meth:`Bench.sign`: a JWS over any header and payload bytes, signed with PyJWT's own
  algorithm objects (``jwt.get_algorithm_by_name``); ``hs256`` signs with any bytes, even
  those PyJWT refuses as an HMAC key.
* :func:`crack_hs256`: the offline guess of an HS256 secret from a captured token and the
  bundled word list (``simtoken/forgery/data/jwt-secrets.txt``: defaults and examples such as
  jwt.io's ``your-256-bit-secret``, express-session's ``keyboard cat`` and PortSwigger's
  ``secret1``).

The attack classes themselves, and the verdicts, are in :mod:`simtoken.forgery.attacks`.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass, field, replace
from functools import cache, cached_property
from importlib import resources
from typing import Any

import jwt
import jwt.utils

from simtoken.jose.clock import SimClock
from simtoken.jose.keys import KeyPurpose, SigningKey, derive_key, hmac_key
from simtoken.jose.tokens import TokenType
from simtoken.jose.verify import Verifier
from simtoken.jose.weakness import KeySources, Weakness
from simtoken.names import DEFAULT_AUDIENCE, ISSUER

__all__ = [
    "ATTACKER_JKU",
    "OTHER_TENANT",
    "WEAK_SECRET",
    "Bench",
    "crack_hs256",
    "hs256",
    "wordlist",
]

ATTACKER_JKU = "https://attacker.example/.well-known/jwks.json"
"""Where the attacker serves its own JWKS (the ``jku`` attack points here)."""

OTHER_TENANT = "https://as.example/tenants/attacker"
"""The attacker's own tenant at the same multi-tenant identity provider."""

WEAK_SECRET = b"your-256-bit-secret"
"""The HS256 secret of a ``weak_hmac_secret`` deployment: jwt.io's example secret."""

NOW = 3600.0
"""Sim time of every forge attempt (one hour into the run)."""


@cache
def wordlist() -> tuple[bytes, ...]:
    """The bundled list of common JWT secrets, in order."""
    text = resources.files("simtoken").joinpath("forgery/data/jwt-secrets.txt").read_text("utf-8")
    return tuple(line.encode("utf-8") for line in text.splitlines() if line)


def hs256(message: bytes, secret: bytes) -> bytes:
    """HMAC-SHA256 of ``message``: what an HS256 signature is, for any secret."""
    return hmac.new(secret, message, hashlib.sha256).digest()


def crack_hs256(token: str, candidates: tuple[bytes, ...] | None = None) -> bytes | None:
    """The secret that signed an HS256 ``token``, if it is in the word list; else None."""
    signing_input, _, signature = token.rpartition(".")
    wanted = jwt.utils.base64url_decode(signature)
    for word in wordlist() if candidates is None else candidates:
        if hmac.compare_digest(hs256(signing_input.encode("ascii"), word), wanted):
            return word
    return None


def _encode(value: dict[str, Any] | bytes) -> str:
    raw = value if isinstance(value, bytes) else json.dumps(value, separators=(",", ":")).encode()
    return jwt.utils.base64url_encode(raw).decode("ascii")


@dataclass(frozen=True)
class Bench:
    """One deployment under attack, and everything the attacker holds against it.

    ``weak_secret`` (HS256 only) makes the auth server sign with :data:`WEAK_SECRET`.
    """

    seed: int = 7
    algorithm: str = "RS256"
    weak_secret: bool = False
    now: float = NOW
    """Sim time of the forgery: issued tokens are minted then."""
    clock: SimClock = field(default_factory=SimClock)

    @cached_property
    def key(self) -> SigningKey:
        """The auth server's current signing key."""
        if self.weak_secret and self.algorithm == "HS256":
            return hmac_key(WEAK_SECRET)
        return derive_key(self.seed, self.algorithm)

    @cached_property
    def retired_key(self) -> SigningKey:
        """The key the auth server signed with before its last rotation (now leaked)."""
        return derive_key(self.seed, "RS256", 0, KeyPurpose.RETIRED)

    @cached_property
    def attacker_key(self) -> SigningKey:
        """A key pair the attacker generated itself."""
        return derive_key(self.seed, "RS256", 0, KeyPurpose.ATTACKER)

    @cached_property
    def tenant_key(self) -> SigningKey:
        """The provider's signing key for the attacker's own tenant (:data:`OTHER_TENANT`)."""
        return derive_key(self.seed, "RS256", 0, KeyPurpose.OTHER_TENANT)

    def verifier(self, weaknesses: frozenset[Weakness] = frozenset()) -> Verifier:
        """The API's verifier: hardened, or with exactly these weaknesses."""
        hardened = Verifier.for_keys([self.key], ISSUER, self.clock)
        if not weaknesses:
            return hardened
        return replace(hardened, weaknesses=weaknesses, sources=self.key_sources())

    def key_sources(self) -> KeySources:
        """Where a weak verifier of this deployment finds keys besides its trusted ones.

        The retired key (``keep_retired_keys``), the other tenant's key
        (``trust_other_issuers_keys``) and the attacker's JWKS at :data:`ATTACKER_JKU`
        (``follow_jku``).
        """
        return KeySources(
            retired={self.retired_key.kid: self.retired_key.verification_key},
            other_issuers={self.tenant_key.kid: self.tenant_key.verification_key},
            web={ATTACKER_JKU: self.attacker_key.jwks()},
        )

    def epoch(self, sim_seconds: float) -> int:
        """The NumericDate of a sim time."""
        return self.clock.numeric_date(sim_seconds)

    def claims(self, token_type: TokenType = TokenType.ACCESS, /, **changes: Any) -> dict[str, Any]:
        """Claims the auth server would issue at ``now`` to the attacker's own account."""
        iat = self.epoch(self.now)
        claims: dict[str, Any] = {
            "iss": ISSUER,
            "sub": "attacker",
            "aud": DEFAULT_AUDIENCE,
            "client_id": "spa",
            "iat": iat,
            "nbf": iat,
            "exp": iat + (300 if token_type is TokenType.ACCESS else 86_400),
            "jti": f"{token_type.value}-attacker-1",
            "sid": "s-attacker",
            "token_use": token_type.value,
        }
        claims.update(changes)
        return {k: v for k, v in claims.items() if v is not None}

    def header(self, token_type: TokenType = TokenType.ACCESS, /, **changes: Any) -> dict[str, Any]:
        """The header the auth server would write, with ``changes`` (None removes a field)."""
        header = {"alg": self.key.algorithm, "kid": self.key.kid, "typ": token_type.typ_header}
        header.update(changes)
        return {k: v for k, v in header.items() if v is not None}

    def sign(
        self,
        header: dict[str, Any],
        payload: dict[str, Any] | bytes,
        key: SigningKey | bytes | None = None,
    ) -> str:
        """A compact JWS over exactly these header and payload bytes.

        ``key`` is a signing key (default: the auth server's), raw HMAC secret bytes, or
        None with ``alg: none`` (empty signature).
        """
        signing_input = f"{_encode(header)}.{_encode(payload)}"
        message = signing_input.encode("ascii")
        if header.get("alg") == "none":
            signature = b""
        elif isinstance(key, bytes):
            signature = hs256(message, key)
        else:
            signer = key or self.key
            algorithm = jwt.get_algorithm_by_name(signer.algorithm)
            if signer.algorithm == "HS256":  # PyJWT would warn about a short secret: sign as-is
                signature = hs256(message, signer.signing_key)
            else:
                signature = algorithm.sign(message, algorithm.prepare_key(signer.signing_key))
        return f"{signing_input}.{jwt.utils.base64url_encode(signature).decode('ascii')}"

    def issued(self, token_type: TokenType = TokenType.ACCESS, /, **changes: Any) -> str:
        """A token the auth server really issued (to the attacker's own account, by default)."""
        return self.sign(self.header(token_type), self.claims(token_type, **changes))
