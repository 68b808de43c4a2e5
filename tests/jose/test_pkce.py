"""PKCE (RFC 7636): the Appendix B vector, the verifier's shape, and the server's comparison."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from simtoken.jose.pkce import code_challenge, code_verifier, is_verifier, random_string, verify

# RFC 7636 Appendix B: the verifier, its S256 challenge.
RFC_VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
RFC_CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"


def test_rfc7636_appendix_b_vector() -> None:
    assert code_challenge(RFC_VERIFIER, "S256") == RFC_CHALLENGE
    assert verify(RFC_VERIFIER, RFC_CHALLENGE, "S256")
    # Appendix B's verifier is itself base64url of 32 octets, the recommended shape (§4.1).
    octets = bytes.fromhex(
        "7418dfb49799e0254ffa607dd8adbbba16d4254d69d6bff05b58055853848d79"
    )  # the octets 116, 24, 223, 180, ... 141, 121 of Appendix B
    assert random_string(_Fixed(octets)) == RFC_VERIFIER


class _Fixed(random.Random):
    """A generator whose next 256 bits are the given 32 octets."""

    def __init__(self, octets: bytes) -> None:
        super().__init__(0)
        self.octets = octets

    def getrandbits(self, k: int) -> int:
        assert k == 8 * len(self.octets)
        return int.from_bytes(self.octets, "big")


def test_plain_is_the_verifier_itself_and_a_wrong_verifier_never_matches() -> None:
    assert code_challenge(RFC_VERIFIER, "plain") == RFC_VERIFIER
    assert verify(RFC_VERIFIER, RFC_VERIFIER, "plain")
    assert not verify(RFC_VERIFIER, RFC_VERIFIER, "S256")  # the method matters
    assert not verify(RFC_VERIFIER[:-1] + "Y", RFC_CHALLENGE, "S256")
    assert not verify("short", "short", "plain")  # not a verifier's shape (§4.1)
    assert not verify(RFC_VERIFIER, RFC_CHALLENGE, "S512")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="code_challenge_method 'S512'"):
        code_challenge(RFC_VERIFIER, "S512")  # type: ignore[arg-type]


@given(st.integers(min_value=0, max_value=2**64))
def test_every_drawn_verifier_has_the_rfc_shape_and_matches_its_own_challenge(seed: int) -> None:
    verifier = code_verifier(random.Random(seed))
    assert is_verifier(verifier) and len(verifier) == 43
    assert verifier == code_verifier(random.Random(seed))  # seeded: reproducible
    for method in ("S256", "plain"):
        assert verify(verifier, code_challenge(verifier, method), method)
    assert len(code_challenge(verifier, "S256")) == 43


@given(st.text(max_size=140))
def test_is_verifier_accepts_exactly_43_to_128_unreserved_characters(text: str) -> None:
    unreserved = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
    assert is_verifier(text) == (43 <= len(text) <= 128 and set(text) <= unreserved)
