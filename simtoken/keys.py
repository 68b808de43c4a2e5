"""Signing keys: the auth server's stamp, and the JWKS that lets anyone check the stamp.

An auth server signs every token with a private key; resource servers verify with the matching
public key, which the auth server publishes as a JSON Web Key Set (JWKS, RFC 7517) where each
key carries a ``kid`` (key id). A token's header names its ``kid`` so a verifier knows which
key to try. With HS256 there is no public half: the same shared secret signs and verifies, so
every verifier could also mint tokens. That is why simtoken defaults to RS256, the algorithm
most identity products sign with by default (Auth0, Keycloak, Okta).

Keys here are *derived from the run's seed*, never drawn from the operating system, so the
same seed gives the same keys, the same ``kid`` and the same token bytes on any machine. RSA
primes come from a seeded Miller-Rabin search, EC and Ed25519 private scalars from a hash of
the seed, and HMAC secrets are 32 bytes (the minimum PyJWT accepts without
``InsecureKeyLengthWarning``). ES256 signatures are randomized by design, so ES256 tokens
differ between runs even with the same key; the other algorithms are byte-identical.

The ``kid`` is the key's RFC 7638 thumbprint, as many real servers use.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import random
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from jwt.algorithms import ECAlgorithm, OKPAlgorithm, RSAAlgorithm

from simtoken.errors import UnknownNameError

__all__ = ["ALGORITHMS", "SigningKey", "derive_key", "hmac_key", "jwk_thumbprint"]

ALGORITHMS = ("RS256", "ES256", "EdDSA", "HS256")
"""The signing algorithms simtoken supports, default first."""

_RSA_BITS = 2048
_RSA_E = 65537
_SMALL_PRIMES = tuple(p for p in range(3, 5000) if all(p % d for d in range(2, int(p**0.5) + 1)))
_PRIMORIAL = math.prod(_SMALL_PRIMES)


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def jwk_thumbprint(jwk: dict[str, Any]) -> str:
    """The RFC 7638 SHA-256 thumbprint of a JWK, base64url-encoded."""
    required = {
        "RSA": ("e", "kty", "n"),
        "EC": ("crv", "kty", "x", "y"),
        "OKP": ("crv", "kty", "x"),
        "oct": ("k", "kty"),
    }[jwk["kty"]]
    canonical = json.dumps({k: jwk[k] for k in required}, separators=(",", ":"), sort_keys=True)
    return _b64url(hashlib.sha256(canonical.encode("utf-8")).digest())


def _is_probable_prime(n: int, rng: random.Random, rounds: int = 6) -> bool:
    """Miller-Rabin; 6 rounds exceed FIPS 186-5 (Table B.1) for random 1024-bit candidates."""
    if math.gcd(n, _PRIMORIAL) != 1:
        return n in _SMALL_PRIMES
    d, s = n - 1, 0
    while d % 2 == 0:
        d //= 2
        s += 1
    for _ in range(rounds):
        a = rng.randrange(2, n - 2)
        x = pow(a, d, n)
        if x in (1, n - 1):
            continue
        for _ in range(s - 1):
            x = pow(x, 2, n)
            if x == n - 1:
                break
        else:
            return False
    return True


def _prime(bits: int, rng: random.Random) -> int:
    while True:
        candidate = rng.getrandbits(bits) | (1 << (bits - 1)) | (1 << (bits - 2)) | 1
        if candidate % _RSA_E != 1 and _is_probable_prime(candidate, rng):
            return candidate


def _rsa_key(rng: random.Random) -> rsa.RSAPrivateKey:
    p = _prime(_RSA_BITS // 2, rng)
    q = _prime(_RSA_BITS // 2, rng)
    while q == p:  # pragma: no cover - astronomically unlikely
        q = _prime(_RSA_BITS // 2, rng)
    p, q = max(p, q), min(p, q)
    d = pow(_RSA_E, -1, (p - 1) * (q - 1))
    numbers = rsa.RSAPrivateNumbers(
        p=p,
        q=q,
        d=d,
        dmp1=rsa.rsa_crt_dmp1(d, p),
        dmq1=rsa.rsa_crt_dmq1(d, q),
        iqmp=rsa.rsa_crt_iqmp(p, q),
        public_numbers=rsa.RSAPublicNumbers(_RSA_E, p * q),
    )
    return numbers.private_key()


@dataclass(frozen=True)
class SigningKey:
    """One signing key: algorithm, ``kid``, the secret part, and the public JWK.

    ``signing_key`` is what :func:`jwt.encode` needs (a private key object, or the HMAC secret);
    ``verification_key`` is what :func:`jwt.decode` needs (the public key, or the same secret).
    """

    algorithm: str
    kid: str
    signing_key: Any = field(repr=False)
    verification_key: Any = field(repr=False)
    public_jwk: dict[str, Any] = field(repr=False, hash=False, compare=False)

    def jwks(self) -> dict[str, Any]:
        """A JWKS document holding this key's public JWK."""
        return {"keys": [dict(self.public_jwk)]}


@lru_cache(maxsize=64)
def derive_key(seed: int, algorithm: str = "RS256", index: int = 0) -> SigningKey:
    """The signing key of a run: a pure function of seed, algorithm and key index.

    >>> derive_key(7).kid == derive_key(7).kid
    True
    """
    if algorithm not in ALGORITHMS:
        raise UnknownNameError("algorithm", algorithm, ALGORITHMS)
    material = f"simtoken/{algorithm}/{seed}/{index}"
    digest = hashlib.sha256(material.encode("utf-8")).digest()
    jwk: dict[str, Any]
    if algorithm == "HS256":
        secret = digest  # 32 bytes: the minimum for HS256 without InsecureKeyLengthWarning
        jwk = {"kty": "oct", "k": _b64url(secret)}
        signing: Any = secret
        verifying: Any = secret
    elif algorithm == "RS256":
        private = _rsa_key(random.Random(material))
        signing, verifying = private, private.public_key()
        jwk = json.loads(RSAAlgorithm.to_jwk(verifying))
    elif algorithm == "ES256":
        order = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
        scalar = int.from_bytes(digest, "big") % (order - 1) + 1
        ec_private = ec.derive_private_key(scalar, ec.SECP256R1())
        signing, verifying = ec_private, ec_private.public_key()
        jwk = json.loads(ECAlgorithm.to_jwk(verifying))
    else:  # EdDSA
        ed_private = ed25519.Ed25519PrivateKey.from_private_bytes(digest)
        signing, verifying = ed_private, ed_private.public_key()
        jwk = json.loads(OKPAlgorithm.to_jwk(verifying))
    kid = jwk_thumbprint(jwk)
    jwk.update({"kid": kid, "alg": algorithm, "use": "sig"})
    return SigningKey(algorithm, kid, signing, verifying, jwk)


def hmac_key(secret: bytes) -> SigningKey:
    """An HS256 key with this exact secret (a weak one, to show why secrets must be random)."""
    jwk = {"kty": "oct", "k": _b64url(secret)}
    kid = jwk_thumbprint(jwk)
    return SigningKey(
        "HS256", kid, secret, secret, {**jwk, "kid": kid, "alg": "HS256", "use": "sig"}
    )
