"""Proofs a script made the victim's page sign ahead (RFC 9449 §11.2): what servers make of them."""

from __future__ import annotations

import random

from simtoken.actors.precompute import ProofStash
from simtoken.jose.clock import SimClock
from simtoken.jose.dpop import DPoPReason, ProofVerifier
from simtoken.jose.dpop_client import Prover, derive_dpop_key

CLOCK = SimClock()
PAGE_KEY = derive_dpop_key(7, "alice")  # non-extractable: the script can only have it sign
URL = "https://api.example/data"
AT, OTHER_AT = "token-a.x.y", "token-b.x.y"


def _stash(nonce: str | None = None) -> ProofStash:
    page = Prover(PAGE_KEY, CLOCK, lambda: 0.0, random.Random("7/client-1/dpop"))
    if nonce is not None:
        page.learn(URL, nonce)
    stash = ProofStash(random.Random("7/attacker/precompute"))
    assert stash.sign_ahead(page, ("GET", URL, AT), now=0.0, until=3600.0, step=60.0) == 61
    return stash


def _check(verifier: ProofVerifier, proof: str | None, now: float, token: str = AT) -> object:
    verdict = verifier.check(
        proof, htm="GET", htu=URL, now=now, access_token=token, expected_jkt=PAGE_KEY.thumbprint
    )
    return "accepted" if verdict.accepted else verdict.reason


def test_a_proof_signed_ahead_passes_every_check_at_its_time_and_only_once() -> None:
    stash, verifier = _stash(), ProofVerifier(CLOCK)
    proof = stash.take("GET", URL, AT, now=3000.0)
    assert _check(verifier, proof, 3000.0) == "accepted"  # an hour after it was signed
    assert _check(verifier, proof, 3010.0) is DPoPReason.REPLAYED  # its jti is remembered
    assert stash.take("GET", URL, AT, now=3000.0) != proof  # the stash never hands it twice


def test_the_iat_window_bounds_each_proof_signed_ahead() -> None:
    stash, verifier = _stash(), ProofVerifier(CLOCK)
    proof = stash.take("GET", URL, AT, now=600.0)  # iat = 600 s
    assert _check(verifier, proof, 600.0 + 301.0) is DPoPReason.STALE  # window ±300 s
    assert stash.take("GET", URL, AT, now=3600.0 + 301.0) is None  # none left for then


def test_ath_binds_a_proof_signed_ahead_to_one_access_token() -> None:
    stash, verifier = _stash(), ProofVerifier(CLOCK)
    assert stash.take("GET", URL, OTHER_AT, now=600.0) is None  # none signed for that token
    proof = stash.take("GET", URL, AT, now=600.0)
    assert _check(verifier, proof, 600.0, token=OTHER_AT) is DPoPReason.WRONG_ATH


def test_a_proof_signed_ahead_carries_the_nonce_of_its_signing_and_dies_with_it() -> None:
    stash, verifier = _stash(nonce="n-0"), ProofVerifier(CLOCK)
    accepted_then, later = ("n-0",), ("n-2", "n-1")  # two rotations later
    proof = stash.take("GET", URL, AT, now=60.0)
    verdict = verifier.check(
        proof, htm="GET", htu=URL, now=60.0, access_token=AT, nonces=accepted_then
    )
    assert verdict.accepted
    proof = stash.take("GET", URL, AT, now=900.0)
    verdict = verifier.check(proof, htm="GET", htu=URL, now=900.0, access_token=AT, nonces=later)
    assert verdict.reason is DPoPReason.NONCE_INVALID


def test_the_script_signs_the_future_again_when_the_page_learns_a_newer_nonce() -> None:
    import jwt

    page = Prover(PAGE_KEY, CLOCK, lambda: 0.0, random.Random("7/client-1/dpop"))
    page.learn(URL, "n-0")
    stash = ProofStash(random.Random("7/attacker/precompute"))
    assert stash.sign_ahead(page, ("GET", URL, AT), now=0.0, until=600.0, step=60.0) == 11
    assert stash.sign_ahead(page, ("GET", URL, AT), now=120.0, until=600.0, step=60.0) == 0
    page.learn(URL, "n-1")
    assert stash.sign_ahead(page, ("GET", URL, AT), now=300.0, until=600.0, step=60.0) == 6
    nonces = [
        jwt.decode(stash.take("GET", URL, AT, now=t) or "", options={"verify_signature": False})
        for t in (0.0, 600.0)
    ]
    assert [claims["nonce"] for claims in nonces] == ["n-0", "n-1"]
