"""Altering a DPoP proof one change at a time: the bench of the proof exercise."""

from __future__ import annotations

import json
from typing import Any

import jwt

from simtoken.analysis.proof_edits import (
    ALTERATIONS,
    alteration_problem,
    changed,
    claims_of,
    sign,
    situation,
)
from simtoken.jose.dpop_client import DPoPKey, access_token_hash


def tamper(proof: str, key: DPoPKey, other: DPoPKey) -> str:
    header, _, signature = proof.split(".")
    claims = claims_of(proof) | {"htm": "POST"}
    body = jwt.utils.base64url_encode(json.dumps(claims).encode()).decode()
    return f"{header}.{body}.{signature}"


def symmetric(proof: str, key: DPoPKey, other: DPoPKey) -> str:
    return jwt.encode(claims_of(proof), "s" * 32, algorithm="HS256", headers={"typ": "dpop+jwt"})


def stale(proof: str, key: DPoPKey, other: DPoPKey) -> str:
    claims: dict[str, Any] = claims_of(proof)
    return sign(claims | {"iat": claims["iat"] - 3600}, key)


def another_token(proof: str, key: DPoPKey, other: DPoPKey) -> str:
    return sign(claims_of(proof) | {"ath": access_token_hash("another")}, key)


def own_key(proof: str, key: DPoPKey, other: DPoPKey) -> str:
    return sign(claims_of(proof), other)


RIGHT = (tamper, symmetric, stale, another_token, own_key)


def test_the_unaltered_proof_is_accepted_and_resigned_claims_change_only_the_signature() -> None:
    here = situation(7)
    assert here.check(here.proof) == "accepted"
    assert changed(here.proof, here.proof) == frozenset()
    assert changed(here.proof, sign(claims_of(here.proof), here.key)) == frozenset()
    assert changed(here.proof, sign(claims_of(here.proof), here.other)) == {"header", "signature"}


def test_each_right_alteration_is_refused_for_its_reason_on_any_seed() -> None:
    assert [f.__name__ for f in RIGHT] == list(ALTERATIONS)
    for seed, now, token in ((7, 100.0, "the-access-token"), (11, 5000.0, "x")):
        assert [alteration_problem(f, seed, now, token) for f in RIGHT] == [""] * 5


def test_a_proof_rebuilt_for_seed_7_is_caught_on_another_seed() -> None:
    def stale(proof: str, key: DPoPKey, other: DPoPKey) -> str:  # ignores the proof it is given
        seven = situation(7)
        return sign(
            claims_of(seven.proof) | {"iat": claims_of(seven.proof)["iat"] - 3600}, seven.key
        )

    assert alteration_problem(stale, 7) == ""
    assert alteration_problem(stale, 11) == (
        "stale changed ['header', 'iat', 'jti', 'signature'], not ['iat', 'signature']"
    )


def test_a_wrong_refusal_is_named() -> None:
    def own_key(proof: str, key: DPoPKey, other: DPoPKey) -> str:  # alters nothing
        return proof

    assert alteration_problem(own_key, 7) == "own_key: the API says accepted, not dpop_wrong_key"
