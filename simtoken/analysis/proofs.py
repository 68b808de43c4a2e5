"""A DPoP proof under the microscope: every way a server refuses one, each shown once.

A DPoP proof (RFC 9449 §4) is a small JWT the client signs for one request: header ``typ``
``dpop+jwt``, its ``alg`` and its public key (``jwk``); claims ``jti`` (unique), ``htm`` and
``htu`` (the request's method and URL), ``iat`` (when), and for a resource request ``ath`` (the
hash of the access token it accompanies), plus a server ``nonce`` when one is required (§8, §9).
A server checks them in the order of §4.3 and refuses the first failure with its own name.

:func:`proof_refusals` builds one good proof and then, one change at a time, a request that
breaks each check, and asks simtoken's :class:`~simtoken.jose.dpop.ProofVerifier` about each:
one row per :class:`~simtoken.jose.dpop.DPoPReason`, so a learner sees every refusal happen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import jwt

from simtoken._text import text_table
from simtoken.analysis.anatomy import tampered
from simtoken.jose.clock import SimClock
from simtoken.jose.dpop import ProofVerdict, ProofVerifier
from simtoken.jose.dpop_client import PROOF_TYP, DPoPKey, derive_dpop_key, make_proof
from simtoken.names import api_url

__all__ = ["proof_refusals", "refusal_cases"]

_URL = api_url("https://api.example")
_NOW = 100.0
_TOKEN = "the-access-token"


def _proof(key: DPoPKey, clock: SimClock, **changes: Any) -> str:
    """A proof for ``GET`` on the API at sim time 100 with the access token, with ``changes``."""
    args: dict[str, Any] = {"htm": "GET", "htu": _URL, "now": _NOW, "jti": "proof-1"}
    args |= {"clock": clock, "access_token": _TOKEN} | changes
    return make_proof(key, **args)


def _resigned(key: DPoPKey, header: dict[str, Any], alg: str, secret: Any) -> str:
    """The good proof's claims under another header or algorithm."""
    claims = jwt.decode(_proof(key, SimClock()), options={"verify_signature": False})
    return jwt.encode(claims, secret, algorithm=alg, headers=header)


def refusal_cases(seed: int = 7) -> list[tuple[str, Callable[[ProofVerifier], ProofVerdict]]]:
    """Each change and the check it runs: the good proof first, then one per refusal reason."""
    key, other = derive_dpop_key(seed, "client-1"), derive_dpop_key(seed, "attacker")
    clock = SimClock()
    good = _proof(key, clock)
    hs = _resigned(key, {"typ": PROOF_TYP}, "HS256", b"k" * 32)
    no_jwk = _resigned(key, {"typ": PROOF_TYP, "jwk": {"kty": "oct"}}, "EdDSA", key.private_key)

    def check(proof: object, **kw: Any) -> Callable[[ProofVerifier], ProofVerdict]:
        args: dict[str, Any] = {"htm": "GET", "htu": _URL, "now": _NOW, "access_token": _TOKEN}
        args |= {"expected_jkt": key.thumbprint} | kw
        return lambda verifier: verifier.check(proof, **args)

    def twice(verifier: ProofVerifier) -> ProofVerdict:
        check(good)(verifier)
        return check(good)(verifier)

    return [
        ("nothing: the proof as the client made it", check(good)),
        ("no DPoP header at all", check(None)),
        ("not a JWS", check("not-a-proof")),
        (
            "typ JWT instead of dpop+jwt",
            check(_resigned(key, {"typ": "JWT"}, "EdDSA", key.private_key)),
        ),
        ("signed with HS256", check(hs)),
        ("the jwk is not a public key", check(no_jwk)),
        ("a claim changed after signing", check(tampered(good, htm="POST"))),
        ("sent with POST, made for GET", check(good, htm="POST")),
        ("sent to another URL", check(good, htu=api_url("https://billing.example"))),
        ("made an hour earlier", check(_proof(key, clock, now=_NOW - 3600))),
        ("for another access token", check(good, access_token="another-token")),
        ("signed by the attacker's own key", check(_proof(other, clock))),
        ("the same proof sent twice", twice),
        ("no nonce, the server wants one", check(good, nonces=("n-1",))),
        ("an old nonce", check(_proof(key, clock, nonce="n-0"), nonces=("n-1",))),
    ]


def proof_refusals(seed: int = 7) -> str:
    """One line per case of :func:`refusal_cases`: the change, and accepted or the refusal."""
    rows = [["what is wrong", "verdict"]]
    for change, run in refusal_cases(seed):
        verdict = run(ProofVerifier(SimClock()))
        rows.append([change, "accepted" if verdict.accepted else str(verdict.reason)])
    return text_table(rows)
