"""FastPyJWS: PyJWT's segment decoding, alphabet checked by a regex, with PyJWT's very verdicts."""

from __future__ import annotations

import jwt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simtoken.jose.pyjws import FastPyJWS, decode_segment
from simtoken.jose.segments import StrictPyJWT

pyjwt_decode = jwt.PyJWS._decode_base64url_segment

ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
NEAR = ALPHABET + "=+/.! \n\x00é"  # base64url, padding, standard base64 and junk


def verdict(decode: object, segment: bytes) -> bytes | str:
    try:
        return decode(segment, "payload")  # type: ignore[operator, no-any-return]
    except jwt.DecodeError as exc:
        return f"DecodeError: {exc}"


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(NEAR, max_size=40).map(str.encode), st.binary(max_size=40)))
def test_every_segment_gets_pyjwts_own_verdict(segment: bytes) -> None:
    assert verdict(decode_segment, segment) == verdict(pyjwt_decode, segment)


@pytest.mark.parametrize(
    ("segment", "expected"),
    [
        (b"eyJhIjoxfQ", b'{"a":1}'),
        (b"eyJhIjoxfQ==", b'{"a":1}'),  # padding, as some issuers send
        (b"eyJhIjoxfQ===", "DecodeError: Invalid payload padding"),
        (b"eyJhIjoxfR", "DecodeError: Invalid payload padding"),  # non-canonical last char
        (b"!!!!", "DecodeError: Invalid payload padding"),
        (b"ab+/", "DecodeError: Invalid payload padding"),  # base64, not base64url
        (b"a", "DecodeError: Invalid payload padding"),
    ],
)
def test_known_segments(segment: bytes, expected: bytes | str) -> None:
    assert verdict(decode_segment, segment) == expected == verdict(pyjwt_decode, segment)


def test_the_strict_verifier_decodes_through_it() -> None:
    strict = StrictPyJWT()
    assert isinstance(strict._jws, FastPyJWS)
    token = jwt.encode({"sub": "u"}, "k" * 32, algorithm="HS256")
    assert strict.decode(token, "k" * 32, algorithms=["HS256"]) == {"sub": "u"}
