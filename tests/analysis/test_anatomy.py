"""A JWT taken apart, tampered with, and judged at several sim times."""

from __future__ import annotations

import hashlib

import jwt

from simtoken import SimClock, Verifier
from simtoken.analysis.anatomy import parts, tampered, verdicts
from simtoken.jose.keys import hmac_key
from simtoken.jose.tokens import TokenType

SECRET = hashlib.sha256(b"test anatomy").digest()
KEY = hmac_key(SECRET)
IAT = SimClock().numeric_date(0)
CLAIMS = {
    "iss": "https://auth.example",
    "sub": "user-1",
    "aud": "https://api.example",
    "iat": IAT,
    "nbf": IAT + 60,
    "exp": IAT + 360,
    "jti": "at-1",
    "token_use": "access",
}
TOKEN = jwt.encode(CLAIMS, SECRET, algorithm="HS256", headers={"typ": "at+jwt", "kid": KEY.kid})
VERIFIER = Verifier.for_keys([KEY], "https://auth.example")


def test_parts_decodes_header_and_payload_and_sizes_the_signature() -> None:
    lines = parts(TOKEN).splitlines()
    assert lines[0].split() == ["part", "base64url", "(start)", "decodes", "to"]
    assert lines[1].startswith("header") and '"alg":"HS256"' in lines[1]
    assert '"sub":"user-1"' in lines[2] and lines[3].endswith("32 bytes, not JSON")


def test_a_tampered_token_keeps_its_signature_and_fails_it() -> None:
    forged = tampered(TOKEN, sub="admin")
    assert forged.rsplit(".", 1)[1] == TOKEN.rsplit(".", 1)[1]
    assert jwt.decode(forged, options={"verify_signature": False})["sub"] == "admin"
    assert (
        tampered(TOKEN)
        == TOKEN.split(".")[0] + "." + TOKEN.split(".")[1] + "." + TOKEN.split(".")[2]
    )
    assert "bad_signature" in verdicts(forged, VERIFIER, [100], audience="https://api.example")


def test_verdicts_follow_nbf_and_exp_on_the_sim_clock() -> None:
    table = verdicts(TOKEN, VERIFIER, [0, 60, 359, 360], audience="https://api.example")
    assert [line.split()[2] for line in table.splitlines()[1:]] == [
        "rejected",
        "accepted",
        "accepted",
        "rejected",
    ]
    assert "not_yet_valid" in table.splitlines()[1] and "expired" in table.splitlines()[4]
    assert "2026-01-01T00:06:00+00:00" in table


def test_an_es256_token_has_a_second_valid_form_with_the_same_claims() -> None:
    import simtoken
    from simtoken.analysis.anatomy import malleated
    from simtoken.names import ISSUER

    run = simtoken.run("refresh", seed=7, algorithm="ES256", horizon=600)
    issued = run.issued("access")[0]
    twin = malleated(issued.token)
    assert twin != issued.token and twin.rsplit(".", 1)[0] == issued.token.rsplit(".", 1)[0]
    assert malleated(twin) == issued.token  # n - (n - s) = s
    verifier = Verifier.from_jwks(run.jwks, issuer=ISSUER)
    for token in (issued.token, twin):
        verdict = verifier.check(
            token, now=issued.t, audience="https://api.example", expected_type=TokenType.ACCESS
        )
        assert verdict.accepted and verdict.claims["jti"] == issued.jti


def test_only_es256_signatures_are_malleated() -> None:
    import pytest

    from simtoken.analysis.anatomy import malleated

    with pytest.raises(ValueError, match="not 'HS256'"):
        malleated(TOKEN)


def test_library_verdict_shows_pyjwt_defaults_and_their_fixes() -> None:
    from simtoken.analysis.anatomy import library_verdict

    bare = jwt.encode({"sub": "admin"}, SECRET, algorithm="HS256")  # no exp, no aud, no iss
    assert library_verdict(bare, SECRET, algorithms=["HS256"]) == 'accepted: {"sub":"admin"}'
    required = library_verdict(bare, SECRET, algorithms=["HS256"], options={"require": ["exp"]})
    assert required == 'refused: MissingRequiredClaimError: Token is missing the "exp" claim'
    for_api = jwt.encode({"sub": "u", "aud": "https://api.example"}, SECRET, algorithm="HS256")
    refused = library_verdict(for_api, SECRET, algorithms=["HS256"])  # no wall-clock claim here
    assert refused == "refused: InvalidAudienceError: Invalid audience"
