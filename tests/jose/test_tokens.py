from __future__ import annotations

import base64
import json
from typing import Any

import jwt
import pytest

from simtoken import ALGORITHMS, SimClock, TokenMinter, TokenType, derive_key
from simtoken.jose.keys import jwk_thumbprint

ISS = "https://as.example"
AUD = "https://api.example"


def _mint(alg: str = "RS256", token_type: TokenType = TokenType.ACCESS, **kw: Any) -> str:
    minter = TokenMinter(derive_key(7, alg), ISS, SimClock())
    args: dict[str, Any] = dict(
        subject="user-1",
        audience=AUD,
        client_id="client-1",
        session="s1",
        jti="j1",
        now=12.7,
        lifetime=300,
    )
    args.update(kw)
    token, _ = minter.mint(token_type, **args)
    return token


def _segment(token: str, i: int) -> dict[str, Any]:
    part = token.split(".")[i]
    data: dict[str, Any] = json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))
    return data


def test_access_token_claims_and_header() -> None:
    token = _mint()
    header, claims = _segment(token, 0), _segment(token, 1)
    epoch = SimClock().epoch_seconds
    assert header == {"alg": "RS256", "kid": derive_key(7).kid, "typ": "at+jwt"}
    assert claims == {
        "iss": ISS,
        "sub": "user-1",
        "aud": AUD,
        "client_id": "client-1",
        "iat": epoch + 12,
        "nbf": epoch + 12,
        "exp": epoch + 12 + 300,
        "jti": "j1",
        "sid": "s1",
        "token_use": "access",
    }


def test_refresh_token_is_typed_differently() -> None:
    token = _mint(token_type=TokenType.REFRESH, audience=ISS, lifetime=86400)
    assert _segment(token, 0)["typ"] == "rt+jwt"
    claims = _segment(token, 1)
    assert claims["token_use"] == "refresh"
    assert claims["exp"] - claims["iat"] == 86400


def test_epoch_is_2026_new_year() -> None:
    assert SimClock().epoch_seconds == 1767225600
    assert SimClock().isoformat(90) == "2026-01-01T00:01:30+00:00"


@pytest.mark.parametrize("alg", ["RS256", "EdDSA", "HS256"])
def test_tokens_are_byte_identical_for_same_inputs(alg: str) -> None:
    assert _mint(alg) == _mint(alg)


def test_es256_signatures_are_randomized_but_verify() -> None:
    a, b = _mint("ES256"), _mint("ES256")
    assert a.rsplit(".", 1)[0] == b.rsplit(".", 1)[0]
    key = derive_key(7, "ES256").verification_key
    for token in (a, b):
        jwt.decode(
            token,
            key,
            algorithms=["ES256"],
            audience=AUD,
            options={"verify_exp": False, "verify_iat": False, "verify_nbf": False},
        )


@pytest.mark.parametrize("alg", ALGORITHMS)
def test_jwks_verifies_with_plain_pyjwt(alg: str) -> None:
    key = derive_key(3, alg)
    jwks = jwt.PyJWKSet.from_dict(key.jwks())
    token, _ = TokenMinter(key, ISS, SimClock()).mint(
        TokenType.ACCESS,
        subject="u",
        audience=AUD,
        client_id="c",
        session="s",
        jti="j",
        now=0,
        lifetime=60,
    )
    claims = jwt.decode(
        token,
        jwks[key.kid].key,
        algorithms=[alg],
        audience=AUD,
        options={"verify_exp": False, "verify_iat": False, "verify_nbf": False},
    )
    assert claims["exp"] - claims["iat"] == 60


def test_keys_depend_on_seed_and_algorithm() -> None:
    kids = {derive_key(s, a).kid for s in (1, 2) for a in ALGORITHMS}
    assert len(kids) == 2 * len(ALGORITHMS)
    assert derive_key(1, "RS256").kid == derive_key(1, "RS256").kid


def test_kid_is_rfc7638_thumbprint() -> None:
    # RFC 7638 §3.1 example key and its published thumbprint.
    jwk = {
        "kty": "RSA",
        "n": "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw",
        "e": "AQAB",
        "alg": "RS256",
        "kid": "2011-04-29",
    }
    assert jwk_thumbprint(jwk) == "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"


def test_hs256_secret_is_at_least_32_bytes() -> None:
    secret = derive_key(0, "HS256").signing_key
    assert isinstance(secret, bytes) and len(secret) >= 32
