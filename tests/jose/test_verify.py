"""The verifier on the simulated clock: PyJWT's rules, PyJWT's exceptions, named reasons."""

from __future__ import annotations

import base64
import json
from typing import Any

import jwt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simtoken import (
    Reason,
    SimClock,
    TokenMinter,
    TokenType,
    UnknownKeyError,
    Verifier,
    WrongTokenTypeError,
    derive_key,
)

ISS = "https://as.example"
AUD = "https://api.example"
KEY = derive_key(7, "RS256")
MINTER = TokenMinter(KEY, ISS, SimClock())
VERIFIER = Verifier.for_keys([KEY], ISS)


def mint(
    token_type: TokenType = TokenType.ACCESS, *, now: float = 100.0, lifetime: int = 300
) -> str:
    audience = AUD if token_type is TokenType.ACCESS else ISS
    token, _ = MINTER.mint(
        token_type,
        subject="user-1",
        audience=audience,
        client_id="client-1",
        session="s1",
        jti="j1",
        now=now,
        lifetime=lifetime,
    )
    return token


ACCESS = mint()
REFRESH = mint(TokenType.REFRESH, lifetime=86400)


def check(
    token: object, now: float = 100.0, audience: str = AUD, leeway: float = 0.0
) -> Reason | None:
    verifier = Verifier.for_keys([KEY], ISS, leeway=leeway) if leeway else VERIFIER
    return verifier.check(token, now=now, audience=audience, expected_type=TokenType.ACCESS).reason


def resign(claims: dict[str, Any], header: dict[str, Any] | None = None) -> str:
    headers = {"kid": KEY.kid, "typ": "at+jwt"}
    headers.update(header or {})
    return jwt.encode(claims, KEY.signing_key, algorithm="RS256", headers=headers)


def claims_of(token: str) -> dict[str, Any]:
    return dict(jwt.decode(token, options={"verify_signature": False}))


def test_expiry_boundary_is_pyjwts() -> None:
    # iat = 100, exp = 400: valid at 399.999, expired at exactly 400 (exp <= now).
    assert check(ACCESS, now=399.999) is None
    assert check(ACCESS, now=400.0) is Reason.EXPIRED
    with pytest.raises(jwt.ExpiredSignatureError, match="Signature has expired"):
        VERIFIER.verify(ACCESS, now=400.0, audience=AUD, expected_type=TokenType.ACCESS)


def test_leeway_extends_expiry_and_allows_early_iat() -> None:
    assert check(ACCESS, now=429.999, leeway=30) is None
    assert check(ACCESS, now=430.0, leeway=30) is Reason.EXPIRED
    assert check(ACCESS, now=99.0) is Reason.NOT_YET_VALID
    assert check(ACCESS, now=70.0, leeway=30) is None
    assert check(ACCESS, now=69.9, leeway=30) is Reason.NOT_YET_VALID


def test_future_iat_raises_pyjwts_immature_error() -> None:
    with pytest.raises(jwt.ImmatureSignatureError, match=r"\(iat\)"):
        VERIFIER.verify(ACCESS, now=50.0, audience=AUD, expected_type=TokenType.ACCESS)


def test_future_nbf_is_not_yet_valid() -> None:
    claims = claims_of(ACCESS)
    claims["nbf"] = claims["iat"] + 60
    token = resign(claims)
    with pytest.raises(jwt.ImmatureSignatureError, match=r"\(nbf\)"):
        VERIFIER.verify(token, now=150.0, audience=AUD, expected_type=TokenType.ACCESS)
    assert check(token, now=160.0) is None


def flip_byte(token: str, index: int) -> str:
    chars = list(token)
    chars[index] = "A" if chars[index] != "A" else "B"
    return "".join(chars)


def alg_none(token: str) -> str:
    return jwt.encode(claims_of(token), "", algorithm="none")


def test_each_attack_has_its_own_reason() -> None:
    reasons = {
        "flipped signature byte": check(flip_byte(ACCESS, len(ACCESS) - 10)),
        "alg none": check(alg_none(ACCESS)),
        "refresh token used as access token": VERIFIER.check(
            REFRESH, now=100, audience=ISS, expected_type=TokenType.ACCESS
        ).reason,
        "access token for another audience": check(ACCESS, audience="https://other.example"),
    }
    assert reasons == {
        "flipped signature byte": Reason.BAD_SIGNATURE,
        "alg none": Reason.ALG_NOT_ALLOWED,
        "refresh token used as access token": Reason.WRONG_TOKEN_TYPE,
        "access token for another audience": Reason.WRONG_AUDIENCE,
    }


def test_access_token_used_as_refresh_token_is_rejected() -> None:
    with pytest.raises(WrongTokenTypeError):
        VERIFIER.verify(ACCESS, now=100, audience=AUD, expected_type=TokenType.REFRESH)


def test_type_confusion_needs_both_header_and_claim() -> None:
    # A refresh token whose header was re-labelled at+jwt (and re-signed) still says refresh inside.
    token = resign(claims_of(REFRESH) | {"aud": AUD})
    assert check(token) is Reason.WRONG_TOKEN_TYPE


def test_unknown_kid_wrong_issuer_missing_claim() -> None:
    assert check(resign(claims_of(ACCESS), {"kid": "nope"})) is Reason.UNKNOWN_KEY
    with pytest.raises(UnknownKeyError):
        VERIFIER.verify(
            resign(claims_of(ACCESS), {"kid": "nope"}),
            now=100,
            audience=AUD,
            expected_type=TokenType.ACCESS,
        )
    assert check(resign(claims_of(ACCESS) | {"iss": "https://evil.example"})) is Reason.WRONG_ISSUER
    no_exp = claims_of(ACCESS)
    del no_exp["exp"]
    assert check(resign(no_exp)) is Reason.MISSING_CLAIM


def test_token_signed_by_another_key_fails_signature() -> None:
    other = derive_key(8, "RS256")
    token = jwt.encode(
        claims_of(ACCESS),
        other.signing_key,
        algorithm="RS256",
        headers={"kid": KEY.kid, "typ": "at+jwt"},
    )
    assert check(token) is Reason.BAD_SIGNATURE


def test_rs256_to_hs256_confusion_is_rejected() -> None:
    # The classic algorithm-confusion forgery: HS256 keyed with the public key's PEM.
    assert check(resign_hs256_with_public_key(ACCESS)) is Reason.ALG_NOT_ALLOWED


def resign_hs256_with_public_key(token: str) -> str:
    import hmac
    from hashlib import sha256

    from cryptography.hazmat.primitives import serialization

    pem = KEY.verification_key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )

    def b64(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

    header = b64(json.dumps({"alg": "HS256", "kid": KEY.kid, "typ": "at+jwt"}).encode())
    payload = token.split(".")[1]
    signature = hmac.new(pem, f"{header}.{payload}".encode(), sha256).digest()
    return f"{header}.{payload}.{b64(signature)}"


@pytest.mark.parametrize(
    "garbage",
    [
        "",
        "garbage",
        "a.b",
        "a.b.c.d",
        "a.b.c",
        "!!!.???.***",
        "eyJhbGciOiJub25lIn0.e30",
        "é.é.é",
        "\ud800.x.y",
    ],
)
def test_malformed_tokens_are_named_malformed(garbage: str) -> None:
    assert check(garbage) is Reason.MALFORMED


def test_truncated_and_non_json_segments() -> None:
    assert check(ACCESS[: len(ACCESS) // 2]) is Reason.MALFORMED
    not_json = base64.urlsafe_b64encode(b"not json").rstrip(b"=").decode()
    assert check(f"{not_json}.{ACCESS.split('.')[1]}.{ACCESS.split('.')[2]}") is Reason.MALFORMED
    header, _, sig = ACCESS.split(".")
    assert check(f"{header}.{not_json}.{sig}") in (Reason.MALFORMED, Reason.BAD_SIGNATURE)
    bad_b64 = ACCESS[:5] + "=" + ACCESS[6:]
    assert check(bad_b64) is Reason.MALFORMED


def test_non_string_tokens_are_malformed() -> None:
    for value in (None, 5, b"bytes", ["a"]):
        assert check(value) is Reason.MALFORMED


@settings(max_examples=400, deadline=None)
@given(st.text())
def test_random_strings_never_escape_as_exceptions(text: str) -> None:
    verdict = VERIFIER.check(text, now=100, audience=AUD, expected_type=TokenType.ACCESS)
    assert not verdict.accepted and verdict.reason is not None


@settings(max_examples=400, deadline=None)
@given(
    st.sampled_from([ACCESS, REFRESH]),
    st.lists(
        st.tuples(st.integers(min_value=0, max_value=10_000), st.characters()),
        min_size=1,
        max_size=4,
    ),
)
def test_mangled_real_tokens_are_rejected_not_crashed(
    token: str, edits: list[tuple[int, str]]
) -> None:
    chars = list(token)
    for pos, ch in edits:
        chars[pos % len(chars)] = ch
    mangled = "".join(chars)
    verdict = VERIFIER.check(mangled, now=100, audience=AUD, expected_type=TokenType.ACCESS)
    if verdict.accepted:
        # Only a string that decodes to the very same bytes can pass (base64 has spare bits).
        assert decoded_segments(mangled) == decoded_segments(ACCESS) and token == ACCESS
    else:
        assert verdict.reason is not None


def decoded_segments(token: str) -> list[bytes]:
    return [jwt.utils.base64url_decode(part) for part in token.split(".")]


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300), st.sampled_from([0, 1, 2]))
def test_random_bytes_in_a_segment_are_rejected(blob: bytes, segment: int) -> None:
    parts = ACCESS.split(".")
    parts[segment] = base64.urlsafe_b64encode(blob).rstrip(b"=").decode()
    verdict = VERIFIER.check(".".join(parts), now=100, audience=AUD, expected_type=TokenType.ACCESS)
    assert not verdict.accepted
