"""DPoP server nonces (RFC 9449 §8, §9): the nonce source and the verifier's nonce check."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from simtoken.errors import ConfigError
from simtoken.jose.clock import SimClock
from simtoken.jose.dpop import DPoPReason, ProofVerifier
from simtoken.jose.dpop_client import Prover, derive_dpop_key, make_proof
from simtoken.jose.dpop_nonce import NonceSource

CLOCK = SimClock()
ALICE = derive_dpop_key(7, "alice")
URL = "https://api.example/data"


def _source(lifetime: float = 300.0) -> NonceSource:
    return NonceSource(random.Random("7/auth-server/dpop-nonce"), lifetime)


def test_a_nonce_lives_one_period_and_is_accepted_one_more() -> None:
    nonces = _source()
    first, second = nonces.current(0.0), nonces.current(300.0)
    assert first != second and len(first) == 22  # 16 random bytes, base64url without padding
    assert nonces.accepted(299.9) == (first,)
    assert nonces.accepted(300.0) == (second, first)
    assert first not in nonces.accepted(600.0)
    assert nonces.retired_at(first) == 600.0
    assert nonces.retired_at("never-issued") is None


def test_nonces_do_not_depend_on_the_order_they_are_asked_in() -> None:
    late_first = _source()
    late = late_first.current(3000.0)
    in_order = _source()
    assert [in_order.current(t) for t in (0.0, 3000.0)] == [late_first.current(0.0), late]


@given(st.floats(min_value=0, max_value=1e7, allow_nan=False))
def test_the_current_nonce_is_always_accepted(now: float) -> None:
    nonces = _source(90.0)
    assert nonces.accepted(now)[0] == nonces.current(now)
    assert 1 <= len(nonces.accepted(now)) <= 2


@pytest.mark.parametrize("lifetime", [0.0, -1.0, float("nan"), float("inf")])
def test_a_nonce_lifetime_must_be_a_positive_number(lifetime: float) -> None:
    with pytest.raises(ConfigError, match="dpop_nonce_lifetime"):
        _source(lifetime)


def _checked(nonce: str | None, accepted: tuple[str, ...] | None, htm: str = "GET") -> object:
    proof = make_proof(ALICE, htm=htm, htu=URL, now=10.0, jti="j", clock=CLOCK, nonce=nonce)
    verdict = ProofVerifier(CLOCK).check(proof, htm="GET", htu=URL, now=10.0, nonces=accepted)
    return verdict.reason if not verdict.accepted else "accepted"


def test_the_verifier_names_a_missing_and_a_retired_nonce() -> None:
    assert _checked(None, ("n-2", "n-1")) is DPoPReason.USE_NONCE
    assert _checked("n-0", ("n-2", "n-1")) is DPoPReason.NONCE_INVALID
    assert _checked("n-1", ("n-2", "n-1")) == "accepted"
    assert _checked(None, None) == "accepted"  # a server without nonces asks for none
    # RFC 9449 §4.3: the method and URI are checked before the nonce
    assert _checked(None, ("n-1",), htm="POST") is DPoPReason.WRONG_HTM


def test_a_prover_puts_the_nonce_it_learned_for_that_server_in_its_proofs() -> None:
    import jwt

    prover = Prover(ALICE, CLOCK, lambda: 10.0, random.Random("7/alice/dpop"))
    assert "nonce" not in jwt.decode(prover("GET", URL), options={"verify_signature": False})
    prover.learn(URL + "?page=2", "n-1")  # the query is not part of htu (RFC 9449 §4.2)
    claims = jwt.decode(prover("GET", URL), options={"verify_signature": False})
    other = jwt.decode(
        prover("POST", "https://as.example/token"), options={"verify_signature": False}
    )
    assert (claims["nonce"], "nonce" in other) == ("n-1", False)
