"""Logout Tokens (OpenID Connect Back-Channel Logout 1.0 §2.4): minted, and validated (§2.6)."""

from __future__ import annotations

from typing import Any

import jwt
import pytest
from hypothesis import given
from hypothesis import strategies as st

from simtoken import SimClock, UnknownKeyError, WrongTokenTypeError
from simtoken.jose.keys import KeyPurpose, SigningKey, derive_key
from simtoken.jose.logout_token import (
    BACKCHANNEL_LOGOUT_EVENT,
    LOGOUT_TOKEN_LIFETIME,
    NotALogoutTokenError,
    mint_logout_token,
    read_logout_token,
)
from simtoken.jose.reasons import Reason, reason_of
from simtoken.jose.tokens import TokenMinter, TokenType

ISS, APP = "https://as.example", "client-1.app-2"
KEY = derive_key(7, "EdDSA")
KEYS = {KEY.kid: KEY}
IAT = SimClock().numeric_date(3600.0)
NOW = float(IAT)


def minted(**changes: Any) -> str:
    return mint_logout_token(
        KEY, issuer=ISS, audience=APP, subject="user-1", sid="s1", jti="j1", iat=IAT, **changes
    )


def signed(claims: dict[str, Any], typ: str = "logout+jwt", key: SigningKey = KEY) -> str:
    headers = {"kid": key.kid, "typ": typ}
    return jwt.encode(claims, key.signing_key, algorithm=key.algorithm, headers=headers)


def read(token: object, now: float = NOW) -> dict[str, Any]:
    return read_logout_token(token, keys=KEYS, issuer=ISS, audience=APP, now=now)


def test_a_logout_token_has_the_claims_of_section_2_4() -> None:
    token = minted()
    assert jwt.get_unverified_header(token) == {"alg": "EdDSA", "kid": KEY.kid, "typ": "logout+jwt"}
    claims = read(token)
    assert claims == {
        "iss": ISS,
        "sub": "user-1",
        "aud": APP,
        "iat": IAT,
        "exp": IAT + LOGOUT_TOKEN_LIFETIME,
        "jti": "j1",
        "sid": "s1",
        "events": {BACKCHANNEL_LOGOUT_EVENT: {}},
    }
    assert "nonce" not in claims


def _claims(**changes: Any) -> dict[str, Any]:
    claims: dict[str, Any] = {
        "iss": ISS,
        "sub": "user-1",
        "aud": APP,
        "iat": IAT,
        "exp": IAT + 120,
        "jti": "j1",
        "sid": "s1",
        "events": {BACKCHANNEL_LOGOUT_EVENT: {}},
    }
    claims.update(changes)
    return {k: v for k, v in claims.items() if v is not None}


OTHER_KEY = derive_key(7, "EdDSA", 1, KeyPurpose.ATTACKER)


@pytest.mark.parametrize(
    ("token", "reason"),
    [
        (signed(_claims(nonce="n")), "invalid_logout_token"),  # §2.4: MUST NOT carry a nonce
        (signed(_claims(events=None)), "missing_claim"),
        (signed(_claims(events={"other": {}})), "invalid_logout_token"),
        (signed(_claims(events={BACKCHANNEL_LOGOUT_EVENT: "yes"})), "invalid_logout_token"),
        (signed(_claims(sub=None, sid=None)), "invalid_logout_token"),
        (signed(_claims(), typ="JWT"), Reason.WRONG_TOKEN_TYPE),
        (signed(_claims(), typ="at+jwt"), Reason.WRONG_TOKEN_TYPE),  # cross-JWT confusion, §4.1
        (signed(_claims(aud="client-1.app-1")), Reason.WRONG_AUDIENCE),
        (signed(_claims(iss="https://attacker.example")), Reason.WRONG_ISSUER),
        (signed(_claims(exp=IAT - 1)), Reason.EXPIRED),
        (signed(_claims(iat=IAT + 60)), Reason.NOT_YET_VALID),
        (signed(_claims(), key=OTHER_KEY), Reason.UNKNOWN_KEY),
        (minted()[:-4] + "AAAA", Reason.BAD_SIGNATURE),
        ("not.a.token", Reason.MALFORMED),
    ],
)
def test_each_check_of_section_2_6_refuses_with_its_reason(token: str, reason: str) -> None:
    with pytest.raises(jwt.InvalidTokenError) as info:
        read(token)
    found = "invalid_logout_token" if isinstance(info.value, NotALogoutTokenError) else None
    assert (found or reason_of(info.value)) == reason


def test_alg_none_is_refused_even_with_a_known_kid() -> None:
    header = jwt.utils.base64url_encode(
        f'{{"alg":"none","kid":"{KEY.kid}","typ":"logout+jwt"}}'.encode()
    )
    body = jwt.utils.base64url_encode(b'{"iss":"x"}')
    with pytest.raises(jwt.InvalidAlgorithmError):
        read(f"{header.decode()}.{body.decode()}.")


def test_an_access_token_is_not_a_logout_token() -> None:
    """Cross-JWT confusion (§4.1): a token of the same issuer and key, of another type."""
    access, _ = TokenMinter(KEY, ISS, SimClock()).mint(
        TokenType.ACCESS,
        subject="user-1",
        audience=APP,
        client_id=APP,
        session="s1",
        jti="j1",
        now=3600.0,
        lifetime=300,
    )
    with pytest.raises(WrongTokenTypeError):
        read(access)


def test_an_unknown_key_and_a_non_string_are_refused() -> None:
    with pytest.raises(UnknownKeyError):
        read_logout_token(minted(), keys={}, issuer=ISS, audience=APP, now=NOW)
    with pytest.raises(jwt.DecodeError):
        read(None)


@given(st.text(max_size=300))
def test_any_text_is_a_logout_token_or_a_named_refusal(text: str) -> None:
    with pytest.raises(jwt.InvalidTokenError) as info:
        read(text)
    assert isinstance(info.value, NotALogoutTokenError) or reason_of(info.value) != Reason.INVALID
