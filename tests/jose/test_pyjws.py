"""FastPyJWS: PyJWT's segment decoding, alphabet checked by a regex, with PyJWT's very verdicts."""

from __future__ import annotations

import json
from typing import Any

import jwt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simtoken.jose import segments
from simtoken.jose.pyjws import FastPyJWS, RememberingHMAC, decode_segment
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
@given(
    st.one_of(
        st.text(ALPHABET, max_size=40).map(str.encode),  # canonical or not by its last character
        st.text(NEAR, max_size=40).map(str.encode),
        st.binary(max_size=40),
    )
)
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
        (b"", b""),
        (b"eQ", b"y"),
        (b"eR", "DecodeError: Invalid payload padding"),  # a low bit set that carries no data
        (b"eXk", b"yy"),
        (b"eXl", "DecodeError: Invalid payload padding"),
    ],
)
def test_known_segments(segment: bytes, expected: bytes | str) -> None:
    assert verdict(decode_segment, segment) == expected == verdict(pyjwt_decode, segment)


def test_the_strict_verifier_decodes_through_it() -> None:
    strict = StrictPyJWT()
    assert isinstance(strict._jws, FastPyJWS)
    token = jwt.encode({"sub": "u"}, "k" * 32, algorithm="HS256")
    assert strict.decode(token, "k" * 32, algorithms=["HS256"]) == {"sub": "u"}


def test_a_token_read_twice_gives_each_caller_its_own_header() -> None:
    token = jwt.encode({"sub": "u"}, "k" * 32, algorithm="HS256", headers={"kid": "a"})
    reader = FastPyJWS()
    first = reader._load(token)
    first[2]["kid"] = "changed by a caller"
    assert reader._load(token) == jwt.PyJWS()._load(token)
    assert reader._load(token)[2]["kid"] == "a"


@pytest.mark.parametrize("token", ["a.b", "!!.e30.", "eyJhIjoxfQ.e30.x"])
def test_a_token_that_cannot_be_read_raises_every_time(token: str) -> None:
    reader = FastPyJWS()
    for _ in range(2):
        assert verdict(lambda t, _n: reader._load(t), token.encode()) == verdict(
            lambda t, _n: jwt.PyJWS()._load(t), token.encode()
        )
        with pytest.raises(jwt.DecodeError):
            reader._load(token)


def test_each_hmac_secret_is_checked_once_and_signs_as_pyjwt_does(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    checked: list[object] = []
    original = jwt.algorithms.HMACAlgorithm.prepare_key

    def counting(self: object, key: str | bytes) -> bytes:
        checked.append(key)
        return original(self, key)  # type: ignore[arg-type]

    monkeypatch.setattr(jwt.algorithms.HMACAlgorithm, "prepare_key", counting)
    strict = StrictPyJWT()
    secret = b"s" * 32
    tokens = [strict.encode({"n": n}, secret, algorithm="HS256") for n in range(3)]
    assert [strict.decode(t, secret, algorithms=["HS256"]) for t in tokens] == [
        {"n": n} for n in range(3)
    ]
    assert checked == [secret]  # six signatures, one check of the secret
    monkeypatch.undo()
    assert tokens == [jwt.encode({"n": n}, secret, algorithm="HS256") for n in range(3)]


def test_an_asymmetric_key_as_hmac_secret_is_refused_every_time() -> None:
    # Key confusion (GHSA-ffqj-6fqr-9h24): a PEM public key offered as the HMAC secret.
    pem = b"-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQ==\n-----END PUBLIC KEY-----\n"
    strict = StrictPyJWT()
    for _ in range(2):
        with pytest.raises(jwt.InvalidKeyError):
            strict.encode({"n": 1}, pem, algorithm="HS256")
    assert isinstance(strict._jws._algorithms["HS256"], RememberingHMAC)


def _outcome(parse: Any, text: str) -> tuple[str, object]:
    try:
        return ("value", parse(text))
    except Exception as exc:  # json.JSONDecodeError, and the hooks' own errors
        return (type(exc).__name__, str(exc))


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.text(max_size=30),
        st.text(alphabet='{}[]":,0123456789 aNIfinty\ufeff\\', max_size=30),
        st.from_regex(r"\ufeff?\{\"a\":(1|NaN|\[\])(,\"a\":2)?\}", fullmatch=True),
    ),
    st.sampled_from([None, segments._unique]),
    st.sampled_from([None, segments._no_constant]),
)
def test_a_kept_decoder_parses_as_json_loads(text: str, hook: Any, constant: Any) -> None:
    kept = _outcome(lambda t: segments._loads(t, hook, constant), text)
    fresh = _outcome(lambda t: json.loads(t, object_pairs_hook=hook, parse_constant=constant), text)
    assert kept == fresh
