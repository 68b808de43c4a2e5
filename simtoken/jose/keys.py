"""Signing keys: the auth server's stamp, and the JWKS that lets anyone check the stamp.

An auth server signs every token with a private key; resource servers verify with the matching
public key, which the auth server publishes as a JSON Web Key Set (JWKS, RFC 7517) where each
key carries a ``kid`` (key id). A token's header names its ``kid`` so a verifier knows which
key to try. With HS256 there is no public half: the same shared secret signs and verifies, so
every verifier could also mint tokens. That is why simtoken defaults to RS256, the algorithm
most identity products sign with by default (Auth0, Keycloak, Okta).

Keys here are *derived from the run's seed*, never drawn from the operating system, so the
same seed gives the same keys and the same ``kid`` on any machine. Every key of the package
(the auth server's signing keys and its emergency replacement for a leaked one, the forgery
bench's retired, attacker and other-tenant keys, the clients' DPoP keys, the browsers' DBSC keys,
the TLS client-certificate keys) comes from one scheme, with its :class:`KeyPurpose` in the
input::

    simtoken/key/{purpose}/{algorithm}/{seed}/{index}

``index`` is the key's number (key ``i`` of the rotation schedule) or, for DPoP, DBSC and TLS
client keys, the owner's name. Purpose, algorithm and seed never contain ``/``, so two
different (purpose, algorithm, seed, index) tuples never share an input, and no purpose can
ever yield another's key: the attacker's own key pair is not the auth server's key number 1000.
RSA primes come from a Miller-Rabin search driven by ``random.Random(input)``; EC and Ed25519
private scalars and HMAC secrets come from the input's SHA-256 digest (HMAC secrets are those
32 bytes, the minimum PyJWT accepts without ``InsecureKeyLengthWarning``).

Every key is therefore a public function of the seed, **by design**: runs are reproducible
and learners can verify tokens. Never use such a key outside the simulator.

RS256 (PKCS #1 v1.5, RFC 8017 §8.2), EdDSA (RFC 8032 §5.1.6) and HS256 signatures are
deterministic, so their tokens are byte-identical run to run; ES256 (ECDSA) signatures are
randomized by design (FIPS 186-5 §6.4), so ES256 token strings (and DPoP proofs, which hash
the token) differ between runs even with the same key, while every event, time, outcome and
metric of the run stays identical.

The ``kid`` is the key's RFC 7638 thumbprint, as many real servers use.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import random
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from typing import Any

import gmpy2
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from jwt.algorithms import ECAlgorithm, OKPAlgorithm, RSAAlgorithm

from simtoken.errors import ConfigError, UnknownNameError

__all__ = [
    "ALGORITHMS",
    "NAMED_PURPOSES",
    "KeyPurpose",
    "SigningKey",
    "derivation_input",
    "derive_key",
    "hmac_key",
    "jwk_thumbprint",
]

ALGORITHMS = ("RS256", "ES256", "EdDSA", "HS256")
"""The signing algorithms simtoken supports, default first."""


class KeyPurpose(StrEnum):
    """What a derived key is for; part of every key's derivation input, so purposes never meet."""

    SIGNING = "signing"
    """The auth server's signing keys: key ``i`` of :class:`~simtoken.jose.keyring.KeySchedule`."""
    RETIRED = "retired"
    """The forgery bench's leaked key of a rotation long ago (:mod:`simtoken.forgery.bench`)."""
    ATTACKER = "attacker"
    """The key pair a forger generated itself and serves at its ``jku``."""
    OTHER_TENANT = "other-tenant"
    """The provider's signing key of the attacker's own tenant."""
    DPOP = "dpop"
    """A client's DPoP key (:mod:`simtoken.jose.dpop_client`); its index is the owner's name."""
    EMERGENCY = "emergency"
    """The auth server's replacement for a leaked signing key (an emergency rotation,
    :class:`~simtoken.jose.keyring.KeySchedule`); its index is the leaked key's number."""
    DBSC = "dbsc"
    """A browser's device-bound session key (DBSC, :mod:`simtoken.actors.dbsc`); index: owner."""
    TLS_CLIENT = "tls-client"
    """A confidential client's TLS client-certificate key (RFC 8705, :mod:`simtoken.jose.certs`);
    its index is the client's name."""


NAMED_PURPOSES = frozenset({KeyPurpose.DPOP, KeyPurpose.DBSC, KeyPurpose.TLS_CLIENT})
"""The purposes whose keys are indexed by their owner's name rather than a key number."""


_RSA_BITS = 2048
_RSA_E = 65537
_SMALL_PRIMES = tuple(p for p in range(3, 5000) if all(p % d for d in range(2, int(p**0.5) + 1)))
_PRIMORIAL = math.prod(_SMALL_PRIMES)


def _powmod(base: int, exponent: int, modulus: int) -> int:
    """``pow(base, exponent, modulus)`` computed by GMP (gmpy2).

    The same integer, about ten times faster: that matters when a key-rotation run derives a
    new RSA key every minute of a long horizon.
    """
    return int(gmpy2.powmod(base, exponent, modulus))


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
        x = _powmod(a, d, n)
        if x in (1, n - 1):
            continue
        for _ in range(s - 1):
            x = _powmod(x, 2, n)
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
    return numbers.private_key(unsafe_skip_rsa_key_validation=True)  # we built it: p, q prime


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


def derivation_input(purpose: KeyPurpose, algorithm: str, seed: int, index: int | str = 0) -> str:
    """The text every key is derived from: ``simtoken/key/{purpose}/{algorithm}/{seed}/{index}``.

    >>> derivation_input(KeyPurpose.ATTACKER, "RS256", 7)
    'simtoken/key/attacker/RS256/7/0'
    """
    try:
        purpose = KeyPurpose(purpose)
    except ValueError:
        raise UnknownNameError("purpose", purpose, KeyPurpose) from None
    if algorithm not in ALGORITHMS:
        raise UnknownNameError("algorithm", algorithm, ALGORITHMS)
    named = purpose in NAMED_PURPOSES
    if isinstance(index, str) is not named or isinstance(index, bool):
        wanted = "an owner name (str)" if named else "a key number (int)"
        raise ConfigError("index", index, f"{wanted} for purpose {purpose.value}")
    return f"simtoken/key/{purpose.value}/{algorithm}/{seed}/{index}"


@lru_cache(maxsize=64)
def derive_key(
    seed: int,
    algorithm: str = "RS256",
    index: int | str = 0,
    purpose: KeyPurpose = KeyPurpose.SIGNING,
) -> SigningKey:
    """A key of a run: a pure function of seed, algorithm, index and purpose.

    ``index`` is the key's number, or (for :data:`NAMED_PURPOSES`) its owner's name.

    >>> derive_key(7).kid == derive_key(7).kid
    True
    >>> derive_key(7, "EdDSA", 1000).kid == derive_key(7, "EdDSA", 1000, KeyPurpose.ATTACKER).kid
    False
    """
    material = derivation_input(purpose, algorithm, seed, index)
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
