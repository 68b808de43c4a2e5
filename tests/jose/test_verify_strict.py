"""The verifier lets nothing through and never raises: alg/key binding, claim types, typ, JWKS."""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import hmac
import importlib
import itertools
import json
from pathlib import Path
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from hypothesis import given, settings
from hypothesis import strategies as st

import simtoken
from simtoken import ConfigError, Reason, SimClock, TokenMinter, TokenType, Verifier, derive_key
from simtoken.forgery.bench import Bench
from simtoken.jose.keys import jwk_thumbprint
from simtoken.jose.segments import NOT_A_JWS, ShapeProblem, shape_problem
from simtoken.jose.weakness import Weakness

ISS = "https://as.example"
AUD = "https://api.example"
KEYS = {alg: derive_key(7, alg) for alg in ("RS256", "ES256", "EdDSA", "HS256")}
MIXED = Verifier.for_keys(list(KEYS.values()), ISS)
_, CLAIMS = TokenMinter(KEYS["RS256"], ISS, SimClock()).mint(
    TokenType.ACCESS,
    subject="user-1",
    audience=AUD,
    client_id="client-1",
    session="s1",
    jti="j1",
    now=100.0,
    lifetime=300,
)


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def hs256(payload: str, header: dict[str, Any] | None = None, secret: bytes | None = None) -> str:
    """An HS256 token over exactly this payload text (PyJWT's encoder refuses bad claim types)."""
    head = b64(
        json.dumps(
            {"alg": "HS256", "kid": KEYS["HS256"].kid, "typ": "at+jwt"} | (header or {})
        ).encode()
    )
    body = b64(payload.encode())
    key = KEYS["HS256"].signing_key if secret is None else secret
    return f"{head}.{body}.{b64(hmac.new(key, f'{head}.{body}'.encode(), hashlib.sha256).digest())}"


def check(verifier: Verifier, token: str, typ: TokenType = TokenType.ACCESS) -> Reason | None:
    audience = AUD if typ is TokenType.ACCESS else ISS
    return verifier.check(token, now=100.0, audience=audience, expected_type=typ).reason


# -- 1. alg must be the algorithm of the key the kid names (RFC 8725 §3.1, §2.1) --------------

PAIRS = [(a, k) for a, k in itertools.permutations(KEYS, 2)]


@pytest.mark.parametrize(("alg", "kid_alg"), PAIRS)
def test_alg_of_another_key_type_is_alg_not_allowed(alg: str, kid_alg: str) -> None:
    headers = {"kid": KEYS[kid_alg].kid, "typ": "at+jwt"}
    token = jwt.encode(CLAIMS, KEYS[alg].signing_key, algorithm=alg, headers=headers)
    verdict = MIXED.check(token, now=100.0, audience=AUD, expected_type=TokenType.ACCESS)
    assert verdict.reason is Reason.ALG_NOT_ALLOWED
    assert f"is a {kid_alg} key, the token asks for {alg}" in verdict.detail


def test_key_confusion_with_hs256_trusted_is_alg_not_allowed() -> None:
    pem = KEYS["RS256"].verification_key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    token = hs256(json.dumps(CLAIMS), {"kid": KEYS["RS256"].kid}, secret=pem)
    assert check(MIXED, token) is Reason.ALG_NOT_ALLOWED
    # ... and a naive verifier that takes alg from the header still falls for it
    weak = dataclasses.replace(MIXED, weaknesses=frozenset({Weakness.ALG_FROM_HEADER}))
    assert weak.check(token, now=100.0, audience=AUD, expected_type=TokenType.ACCESS).accepted


@pytest.mark.parametrize("alg", list(KEYS))
def test_each_key_still_verifies_its_own_tokens(alg: str) -> None:
    headers = {"kid": KEYS[alg].kid, "typ": "at+jwt"}
    token = jwt.encode(CLAIMS, KEYS[alg].signing_key, algorithm=alg, headers=headers)
    assert check(MIXED, token) is None
    assert MIXED.key_algorithms[KEYS[alg].kid] == alg


@pytest.mark.parametrize(("alg", "kid_alg"), PAIRS)
def test_naive_verifier_without_weaknesses_refuses_mismatches(alg: str, kid_alg: str) -> None:
    weak = dataclasses.replace(MIXED, weaknesses=frozenset({Weakness.SKIP_AUDIENCE}))
    headers = {"kid": KEYS[kid_alg].kid, "typ": "at+jwt"}
    token = jwt.encode(CLAIMS, KEYS[alg].signing_key, algorithm=alg, headers=headers)
    assert check(weak, token) is Reason.ALG_NOT_ALLOWED


# -- 2. NumericDate and claim types (RFC 7519 §2, §4.1) -------------------------------------

BAD_CLAIMS = [
    ("exp", "1767225900"),
    ("iat", True),
    ("nbf", False),
    ("exp", "".join(chr(0xFF10 + int(d)) for d in "1767225900")),  # full-width digits
    ("exp", 1e300),
    ("iat", -1e300),
    ("exp", 253402300800),  # year 10000
    ("exp", 10**30),
    ("exp", [1]),
    ("sub", 5),
    ("jti", []),
    ("iss", 5),
    ("aud", [5]),
    ("aud", 5),
    ("sid", {}),
    ("token_use", 1),
    ("scope", 5),
    ("client_id", 5),
]


@pytest.mark.parametrize(("name", "value"), BAD_CLAIMS)
def test_claims_of_the_wrong_json_type_are_malformed_and_named(name: str, value: object) -> None:
    token = hs256(json.dumps(CLAIMS | {name: value}, ensure_ascii=False))
    verdict = MIXED.check(token, now=100.0, audience=AUD, expected_type=TokenType.ACCESS)
    assert verdict.reason is Reason.MALFORMED
    assert f"Claim {name!r}" in verdict.detail


@pytest.mark.parametrize(("name", "literal"), [("exp", "1e400"), ("iat", "-1e400")])
def test_numbers_that_overflow_to_infinity_are_malformed(name: str, literal: str) -> None:
    text = json.dumps(CLAIMS).replace(f'"{name}": {CLAIMS[name]}', f'"{name}": {literal}')
    verdict = MIXED.check(hs256(text), now=100.0, audience=AUD, expected_type=TokenType.ACCESS)
    assert (verdict.reason, "finite" in verdict.detail) == (Reason.MALFORMED, True)


def test_numeric_date_bounds_are_datetimes_range() -> None:
    assert check(MIXED, hs256(json.dumps(CLAIMS | {"exp": 253402300799}))) is None
    assert check(MIXED, hs256(json.dumps(CLAIMS | {"exp": 1767226000.5}))) is None
    assert check(MIXED, hs256(json.dumps(CLAIMS | {"exp": None}))) is Reason.MISSING_CLAIM


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["exp", "nbf", "iat", "iss", "sub", "aud", "jti", "sid", "scope", "cnf"]),
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
        max_leaves=5,
    ),
)
def test_no_claim_value_ends_unnamed_or_raises(name: str, value: object) -> None:
    token = hs256(json.dumps(CLAIMS | {name: value}))
    verdict = MIXED.check(token, now=100.0, audience=AUD, expected_type=TokenType.ACCESS)
    assert verdict.reason is not Reason.INVALID


# -- 3. typ is a media type (RFC 7515 §4.1.9, RFC 9068 §4) ----------------------------------


@pytest.mark.parametrize("typ", ["at+jwt", "application/at+jwt", "APPLICATION/AT+JWT", "At+Jwt"])
def test_access_typ_spellings_are_accepted(typ: str) -> None:
    assert check(MIXED, hs256(json.dumps(CLAIMS), {"typ": typ})) is None


@pytest.mark.parametrize(
    "typ", ["application/jwt", "jwt", "application/at+jwt; q=1", "at+jwt ", "application/rt+jwt", 5]
)
def test_other_typs_stay_wrong_token_type(typ: object) -> None:
    assert check(MIXED, hs256(json.dumps(CLAIMS), {"typ": typ})) is Reason.WRONG_TOKEN_TYPE


@pytest.mark.parametrize("typ", ["application/rt+jwt", "RT+JWT"])
def test_refresh_typ_spellings_are_accepted(typ: str) -> None:
    refresh = CLAIMS | {"aud": ISS, "token_use": "refresh"}
    assert check(MIXED, hs256(json.dumps(refresh), {"typ": typ}), TokenType.REFRESH) is None


# -- 4. from_jwks (RFC 7517 §4.2, §4.4, §4.5) -----------------------------------------------

RS_JWK = dict(KEYS["RS256"].public_jwk)
RS_TOKEN = jwt.encode(
    CLAIMS,
    KEYS["RS256"].signing_key,
    algorithm="RS256",
    headers={"kid": KEYS["RS256"].kid, "typ": "at+jwt"},
)


def without(jwk: dict[str, Any], *names: str) -> dict[str, Any]:
    return {k: v for k, v in jwk.items() if k not in names}


def test_jwk_without_alg_gets_the_one_its_key_type_admits() -> None:
    jwks = {"keys": [without(KEYS[a].public_jwk, "alg") for a in ("RS256", "ES256", "EdDSA")]}
    verifier = Verifier.from_jwks(jwks, ISS)
    assert sorted(verifier.key_algorithms.values()) == ["ES256", "EdDSA", "RS256"]
    assert check(verifier, RS_TOKEN) is None


def test_jwk_without_kid_is_known_by_its_thumbprint() -> None:
    verifier = Verifier.from_jwks({"keys": [without(RS_JWK, "kid")]}, ISS)
    assert list(verifier.keys) == [jwk_thumbprint(RS_JWK)] == [KEYS["RS256"].kid]
    assert check(verifier, RS_TOKEN) is None


def test_encryption_keys_are_skipped_and_recorded() -> None:
    enc = dict(KEYS["ES256"].public_jwk, use="enc")
    verifier = Verifier.from_jwks({"keys": [RS_JWK, enc]}, ISS)
    assert list(verifier.keys) == [KEYS["RS256"].kid]
    assert verifier.skipped == ("jwks.keys[1] (use 'enc', key_ops None): not a signature key",)
    with pytest.raises(ConfigError, match="at least one signature key"):
        Verifier.from_jwks({"keys": [dict(RS_JWK, use="enc")]}, ISS)


@pytest.mark.parametrize(
    ("jwks", "field"),
    [
        ({"keys": []}, "jwks.keys"),
        ({}, "jwks.keys"),
        ([], "jwks.keys"),
        ({"keys": "x"}, "jwks.keys"),
        ({"keys": [5]}, "jwks.keys[0]"),
        ({"keys": [{"kty": "XYZ"}]}, "jwks.keys[0].kty"),
        ({"keys": [dict(KEYS["ES256"].public_jwk, crv="P-999")]}, "jwks.keys[0].crv"),
        ({"keys": [dict(RS_JWK, n="!!!")]}, "jwks.keys[0].n"),
        ({"keys": [dict(RS_JWK, n="AA")]}, "jwks.keys[0]"),
        ({"keys": [without(KEYS["HS256"].public_jwk, "alg")]}, "jwks.keys[0].alg"),
        ({"keys": [dict(RS_JWK, alg="HS256")]}, "jwks.keys[0].alg"),
        ({"keys": [dict(RS_JWK, kid=5)]}, "jwks.keys[0].kid"),
        ({"keys": [RS_JWK, RS_JWK]}, "jwks.keys[1].kid"),
        ({"keys": [dict(RS_JWK, d="AQAB")]}, "jwks.keys[0].d"),
    ],
)
def test_unusable_sets_are_config_errors_naming_the_field(jwks: object, field: str) -> None:
    with pytest.raises(ConfigError) as raised:
        Verifier.from_jwks(jwks, ISS)
    assert raised.value.field == field


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4)
    ),
    max_leaves=12,
)
JWK_LIKE = st.fixed_dictionaries(
    {"kty": st.sampled_from(["RSA", "EC", "OKP", "oct", "x"])},
    optional={
        name: st.sampled_from(["AQAB", "", "P-256", "Ed25519", "sig", "enc", "HS256"]) | JSON
        for name in ("n", "e", "crv", "x", "y", "k", "alg", "kid", "use", "key_ops")
    },
)


@settings(max_examples=400, deadline=None)
@given(JSON | st.fixed_dictionaries({"keys": st.lists(JWK_LIKE | JSON, max_size=3)}))
def test_random_documents_build_a_verifier_or_raise_config_error(document: object) -> None:
    try:
        verifier = Verifier.from_jwks(document, ISS)
    except ConfigError:
        return
    assert verifier.keys and set(verifier.keys) == set(verifier.key_algorithms)


# -- 5. now and leeway ----------------------------------------------------------------------


@pytest.mark.parametrize("now", [float("nan"), float("inf"), float("-inf"), "100", None, True])
def test_now_must_be_a_finite_number(now: object) -> None:
    with pytest.raises(ConfigError) as raised:
        MIXED.check(RS_TOKEN, now=now, audience=AUD, expected_type=TokenType.ACCESS)  # type: ignore[arg-type]
    assert raised.value.field == "now"


@pytest.mark.parametrize("leeway", [float("nan"), float("inf"), -1.0])
def test_leeway_must_be_finite_and_not_negative(leeway: float) -> None:
    with pytest.raises(ConfigError) as raised:
        Verifier.for_keys([KEYS["RS256"]], ISS, leeway=leeway)
    assert raised.value.field == "leeway"
    with pytest.raises(ConfigError):
        Verifier.from_jwks({"keys": [RS_JWK]}, ISS, leeway=leeway)


def test_a_garbled_embedded_jwk_is_no_key_for_the_weak_verifier() -> None:
    # Found by the fuzz: an embedded JWK whose "n" is not base64url made PyJWK raise
    # InvalidKeyError out of the naive verifier instead of a verdict.
    bench = Bench(7)
    jwk = {**bench.attacker_key.public_jwk, "n": bench.attacker_key.public_jwk["n"] + "{"}
    token = bench.sign({**bench.header(), "jwk": jwk}, json.dumps(bench.claims()).encode())
    verdict = bench.verifier(frozenset({Weakness.TRUST_EMBEDDED_JWK})).check(
        token, now=bench.now, audience=AUD, expected_type=TokenType.ACCESS
    )
    assert not verdict.accepted and verdict.reason is not None


# -- one shape check for tokens (hardened and naive) and DPoP proofs ---------------------------


@pytest.mark.parametrize(
    ("text", "limit", "problem"),
    [
        ("a.b.c", 10, None),
        ("a.b.", 10, None),  # alg none: no signature
        ("a.b.c", 4, ShapeProblem.OVERSIZED),
        ("a" * 20, None, ShapeProblem.NOT_JWS),
        (".b.c", 10, ShapeProblem.NOT_JWS),
        ("a..c", 10, ShapeProblem.NOT_JWS),
        ("a.b.c.d", 10, ShapeProblem.NOT_JWS),
        ("a=.b.c", 10, ShapeProblem.NOT_JWS),
        ("a+.b.c", 10, ShapeProblem.NOT_JWS),
        ("a.b.cé", 10, ShapeProblem.NOT_JWS),
    ],
)
def test_shape_problem_names_what_is_wrong(
    text: str, limit: int | None, problem: ShapeProblem | None
) -> None:
    assert shape_problem(text, limit) is problem


@pytest.mark.parametrize("weakness", [Weakness.NO_SIZE_LIMIT, Weakness.SKIP_SIGNATURE])
def test_weak_verifiers_share_the_hardened_shape_check(weakness: Weakness) -> None:
    # Before the shared check the naive verifier only split on '.': a padded header was
    # bad_signature under no_size_limit and accepted under skip_signature.
    bench = Bench(7)
    header, payload, signature = bench.issued(TokenType.ACCESS).split(".")
    padded = f"{header}=.{payload}.{signature}"
    for verifier in (bench.verifier(), bench.verifier(frozenset({weakness}))):
        verdict = verifier.check(
            padded, now=bench.now, audience=AUD, expected_type=TokenType.ACCESS
        )
        assert (verdict.reason, verdict.detail) == (Reason.MALFORMED, NOT_A_JWS)


def test_the_jose_verifiers_fit_the_module_limit_and_their_names_have_one_home() -> None:
    jose = Path(simtoken.__file__).parent / "jose"
    for module in ("verify.py", "dpop.py", "dpop_client.py", "reasons.py", "naive.py"):
        assert len((jose / module).read_text(encoding="utf-8").splitlines()) <= 300, module
    reasons = importlib.import_module("simtoken.jose.reasons")
    client = importlib.import_module("simtoken.jose.dpop_client")
    assert simtoken.Reason is reasons.Reason
    assert reasons.reason_of(jwt.ExpiredSignatureError("x")) is Reason.EXPIRED
    assert client.derive_dpop_key(7, "alice").owner == "alice"
    assert "Reason" not in importlib.import_module("simtoken.jose.verify").__all__
    assert "make_proof" not in importlib.import_module("simtoken.jose.dpop").__all__


def test_a_header_that_passed_passes_only_for_its_verifier_and_type() -> None:
    token = hs256(json.dumps(CLAIMS))
    assert check(MIXED, token) is None  # the header segment is now remembered by MIXED
    assert check(MIXED, token, TokenType.REFRESH) is Reason.WRONG_TOKEN_TYPE
    others = Verifier.for_keys([KEYS["RS256"]], ISS)  # does not trust the HS256 key
    assert check(others, token) is Reason.ALG_NOT_ALLOWED
    assert check(MIXED, token) is None


def test_a_failing_header_fails_every_time() -> None:
    token = hs256(json.dumps(CLAIMS), {"kid": "nobody"})
    assert [check(MIXED, token) for _ in range(3)] == [Reason.UNKNOWN_KEY] * 3


def test_a_verifier_keeps_the_keys_it_was_built_with() -> None:
    keys = {KEYS["HS256"].kid: KEYS["HS256"].verification_key}
    verifier = Verifier(keys=keys, algorithms=("HS256",), issuer=ISS)
    token = hs256(json.dumps(CLAIMS))
    assert check(verifier, token) is None
    keys.clear()  # the caller's dict changes; the verifier's keys do not
    assert check(verifier, token) is None
    assert dict(verifier.keys) == {KEYS["HS256"].kid: KEYS["HS256"].verification_key}
