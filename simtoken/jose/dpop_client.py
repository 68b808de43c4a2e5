"""The client's half of DPoP (RFC 9449): its proof key, and the proofs it signs with it.

A DPoP client holds a key pair; the auth server binds its tokens to the public key's
thumbprint (``cnf.jkt``, RFC 9449 §6.1), and every request carries a fresh proof: a small JWT
signed with the private key, naming the request it belongs to (RFC 9449 §4.2). Checking a
proof is the server's half, :mod:`simtoken.jose.dpop`.

Client keys are Ed25519, derived from the run's seed and the owner's name. Ed25519 (``EdDSA``)
signatures are deterministic, so the same run yields the same proof bytes; ES256 (ECDSA)
signatures are randomized and would break byte-identical traces.

>>> key = derive_dpop_key(7, "alice")
>>> proof = make_proof(key, htm="GET", htu="https://api.example/data?x=1", now=10.0,
...                    jti="p-1", clock=SimClock())
>>> jwt.get_unverified_header(proof)["typ"]
'dpop+jwt'
>>> jwt.decode(proof, options={"verify_signature": False})["htu"]  # no query (RFC 9449 §4.2)
'https://api.example/data'
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import jwt
import jwt.utils
from cryptography.hazmat.primitives.asymmetric import ed25519
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from simtoken.jose.clock import SimClock
from simtoken.jose.keys import KeyPurpose, derive_key, jwk_thumbprint
from simtoken.jose.uris import without_query

__all__ = [
    "PROOF_TYP",
    "DPoPKey",
    "Prover",
    "access_token_hash",
    "confirmation_claim",
    "derive_dpop_key",
    "make_proof",
]

PROOF_TYP = "dpop+jwt"
"""The ``typ`` header every DPoP proof carries (RFC 9449 §4.2)."""


@dataclass(frozen=True)
class DPoPKey:
    """A client's proof key pair: the private half signs proofs, the public half travels in them.

    ``extractable`` says whether the private key can be copied out of the client's storage.
    A WebCrypto key created non-extractable can sign but never be exported, so a thief who
    steals the storage gets the tokens but not this key.
    """

    owner: str
    private_key: ed25519.Ed25519PrivateKey = field(repr=False, compare=False)
    public_jwk: dict[str, str] = field(repr=False, compare=False, hash=False)
    thumbprint: str
    extractable: bool = False


@lru_cache(maxsize=256)
def derive_dpop_key(seed: int, owner: str, *, extractable: bool = False) -> DPoPKey:
    """The proof key of ``owner`` in a run: a pure function of seed and owner name.

    >>> derive_dpop_key(7, "alice") == derive_dpop_key(7, "alice")
    True
    >>> derive_dpop_key(7, "alice").thumbprint == derive_dpop_key(7, "mallory").thumbprint
    False
    """
    derived = derive_key(seed, "EdDSA", owner, KeyPurpose.DPOP)  # simtoken.jose.keys' one scheme
    private: ed25519.Ed25519PrivateKey = derived.signing_key
    raw = private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    jwk = {"kty": "OKP", "crv": "Ed25519", "x": jwt.utils.base64url_encode(raw).decode("ascii")}
    return DPoPKey(owner, private, jwk, jwk_thumbprint(jwk), extractable)


def access_token_hash(token: str) -> str:
    """The ``ath`` claim: base64url of the SHA-256 of the access token (RFC 9449 §4.2)."""
    digest = hashlib.sha256(token.encode("utf-8", "surrogatepass")).digest()
    return jwt.utils.base64url_encode(digest).decode("ascii")


def confirmation_claim(key: DPoPKey) -> dict[str, str]:
    """The ``cnf`` claim that binds a token to ``key`` (RFC 9449 §6.1)."""
    return {"jkt": key.thumbprint}


def make_proof(
    key: DPoPKey,
    *,
    htm: str,
    htu: str,
    now: float,
    jti: str,
    clock: SimClock,
    access_token: str | None = None,
    nonce: str | None = None,
) -> str:
    """A DPoP proof for one request at sim time ``now``, signed with ``key`` (EdDSA).

    Query and fragment are dropped from ``htu``, as RFC 9449 §4.2 asks. With an
    ``access_token``, the proof carries its hash as ``ath``; with a server ``nonce``, that
    (RFC 9449 §4.2, §8).
    """
    claims: dict[str, Any] = {
        "jti": jti,
        "htm": htm,
        "htu": without_query(htu),
        "iat": clock.numeric_date(now),
    }
    if access_token is not None:
        claims["ath"] = access_token_hash(access_token)
    if nonce is not None:
        claims["nonce"] = nonce
    headers = {"typ": PROOF_TYP, "jwk": dict(key.public_jwk)}
    return jwt.encode(claims, key.private_key, algorithm="EdDSA", headers=headers)


class Prover:
    """Signs a fresh proof per request for one key, on the sim clock.

    Proof ids come from the holder's own seeded generator, so runs stay deterministic. Calling
    it with ``(htm, htu, access_token)`` returns the proof JWT. It remembers the last server
    nonce each server handed out (:meth:`learn`, by ``htu``) and puts it in that server's
    proofs (RFC 9449 §8, §9).
    """

    def __init__(
        self, key: DPoPKey, clock: SimClock, now: Callable[[], float], rng: random.Random
    ) -> None:
        self.key = key
        self.clock = clock
        self.now = now
        self.rng = rng
        self.nonces: dict[str, str] = {}
        """The last ``DPoP-Nonce`` each server sent, by the ``htu`` of its endpoint."""

    def learn(self, htu: str, nonce: str) -> None:
        """Remember the server nonce the server at ``htu`` just handed out."""
        self.nonces[without_query(htu)] = nonce

    def __call__(self, htm: str, htu: str, access_token: str | None = None) -> str:
        """A proof for the request ``htm htu`` now (bound to ``access_token`` if given)."""
        return make_proof(
            self.key,
            htm=htm,
            htu=htu,
            now=self.now(),
            jti=f"{self.rng.getrandbits(64):016x}",
            clock=self.clock,
            access_token=access_token,
            nonce=self.nonces.get(without_query(htu)),
        )
