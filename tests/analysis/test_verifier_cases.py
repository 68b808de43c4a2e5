"""Verifier cases: which tokens, which verdicts, and the hardened verifier switched off."""

from __future__ import annotations

import pytest

from simtoken.analysis.verifier_cases import verifier_cases, verifier_switched_off
from simtoken.forgery.attacks import ATTACKS
from simtoken.forgery.bench import Bench
from simtoken.jose.tokens import TokenType
from simtoken.names import DEFAULT_AUDIENCE


def test_every_api_attack_is_refused_and_genuine_tokens_live_from_iat_to_exp() -> None:
    cases = verifier_cases([(7, 3600.0)])
    aimed = [a.name for a in ATTACKS if a.judge is None and a.present_as is TokenType.ACCESS]
    assert len(aimed) == 25 and len(cases) == 25 + 4 * 4
    assert all(c.expected is None for c in cases[:25])
    assert [c.name.split("/")[0] for c in cases[:25]] == aimed
    accepted = [c.name for c in cases if c.expected is not None]
    assert accepted == [
        f"genuine {a}/7 at iat{o}"
        for a in ("RS256", "ES256", "EdDSA", "HS256")
        for o in ("+0", "+299")
    ]
    assert all(c.expected and c.expected["sub"] == "user-7" for c in cases if c.name in accepted)


def test_a_case_carries_the_apis_configuration_and_a_numeric_date() -> None:
    (case,) = [c for c in verifier_cases([(5, 100.0)]) if c.name == "genuine ES256/5 at iat+0"]
    bench = Bench(seed=5, algorithm="ES256", now=100.0)
    assert case.keys == {bench.key.kid: bench.key.verification_key}
    assert (case.algorithm, case.now) == ("ES256", bench.epoch(100.0))


def test_the_hardened_verifier_can_be_switched_off_for_a_while() -> None:
    bench = Bench()

    def check() -> bool:
        verifier = bench.verifier()
        verdict = verifier.check(
            bench.issued(), now=bench.now, audience=DEFAULT_AUDIENCE, expected_type=TokenType.ACCESS
        )
        return verdict.accepted

    with verifier_switched_off(), pytest.raises(AssertionError, match="PyJWT"):
        check()
    assert check()
