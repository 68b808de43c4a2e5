"""DPoP proofs (RFC 9449): real signed proofs, one named reason per failure, never a crash."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import Callable
from typing import Any

import jwt
import jwt.utils
import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from hypothesis import given, settings
from hypothesis import strategies as st
from jwt.algorithms import RSAAlgorithm

from simtoken.errors import ConfigError
from simtoken.jose.clock import SimClock
from simtoken.jose.dpop import (
    ALLOWED_ALGORITHMS,
    MAX_PROOF_LENGTH,
    DPoPReason,
    ProofVerdict,
    ProofVerifier,
)
from simtoken.jose.dpop_client import (
    PROOF_TYP,
    DPoPKey,
    access_token_hash,
    confirmation_claim,
    derive_dpop_key,
    make_proof,
)
from simtoken.jose.keys import derive_key, jwk_thumbprint

CLOCK = SimClock()
ALICE = derive_dpop_key(7, "alice")
MALLORY = derive_dpop_key(7, "mallory")
URL = "https://api.example/data"
AT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyLTEifQ.c2lnbmF0dXJl"
OTHER_AT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyLTIifQ.c2lnbmF0dXJl"
IAT = CLOCK.numeric_date(100.0)


def proof(
    key: DPoPKey = ALICE,
    *,
    htm: str = "GET",
    htu: str = URL,
    now: float = 100.0,
    jti: str = "p-1",
    access_token: str | None = None,
) -> str:
    return make_proof(
        key, htm=htm, htu=htu, now=now, jti=jti, clock=CLOCK, access_token=access_token
    )


def check(
    token: object,
    *,
    verifier: ProofVerifier | None = None,
    htm: str = "GET",
    htu: str = URL,
    now: float = 100.0,
    access_token: str | None = None,
    expected_jkt: str | None = None,
) -> ProofVerdict:
    verifier = verifier or ProofVerifier(CLOCK)
    return verifier.check(
        token, htm=htm, htu=htu, now=now, access_token=access_token, expected_jkt=expected_jkt
    )


def b64(data: bytes) -> str:
    return jwt.utils.base64url_encode(data).decode("ascii")


def claims(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"jti": "p-1", "htm": "GET", "htu": URL, "iat": IAT}
    base.update(changes)
    return {name: value for name, value in base.items() if value is not None}


def header(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"typ": PROOF_TYP, "alg": "EdDSA", "jwk": dict(ALICE.public_jwk)}
    base.update(changes)
    return {name: value for name, value in base.items() if value is not None}


def jws(
    head: dict[str, Any],
    body: object,
    sign: Callable[[bytes], bytes] = ALICE.private_key.sign,
) -> str:
    """A compact JWS built by hand, so any header can be signed with any key."""
    signing_input = f"{b64(json.dumps(head).encode())}.{b64(json.dumps(body).encode())}"
    return f"{signing_input}.{b64(sign(signing_input.encode('ascii')))}"


def decoded_segments(token: str) -> list[bytes]:
    return [jwt.utils.base64url_decode(part) for part in token.split(".")]


# --- the proof itself -------------------------------------------------------------------------


def test_valid_proof_is_accepted_and_names_its_key() -> None:
    verdict = check(proof(), expected_jkt=ALICE.thumbprint)
    assert verdict == ProofVerdict(True, None, "", ALICE.thumbprint)


def test_proof_is_a_real_jwt_with_rfc9449_header_and_claims() -> None:
    token = proof(htu=URL + "?page=2#top", access_token=AT)
    assert jwt.get_unverified_header(token) == {
        "alg": "EdDSA",
        "jwk": {"crv": "Ed25519", "kty": "OKP", "x": ALICE.public_jwk["x"]},
        "typ": "dpop+jwt",
    }
    body = jwt.decode(token, jwt.PyJWK(ALICE.public_jwk), algorithms=["EdDSA"])
    assert body == {
        "jti": "p-1",
        "htm": "GET",
        "htu": URL,
        "iat": IAT,
        "ath": access_token_hash(AT),
    }


def test_same_inputs_give_byte_identical_proofs() -> None:
    first = proof(access_token=AT)
    derive_dpop_key.cache_clear()
    again = derive_dpop_key(7, "alice")
    assert again == ALICE and again is not ALICE
    assert (
        make_proof(again, htm="GET", htu=URL, now=100.0, jti="p-1", clock=CLOCK, access_token=AT)
        == first
    )
    assert proof(jti="p-2") != proof() != proof(MALLORY)


def test_proof_bytes_are_pinned() -> None:
    # Ed25519 signatures are deterministic (RFC 8032): the same on any machine, run after run.
    assert proof() == (
        "eyJhbGciOiJFZERTQSIsImp3ayI6eyJjcnYiOiJFZDI1NTE5Iiwia3R5IjoiT0tQIiwieCI6InJqWUpabWRZVEdy"
        "bjEyd3lpbkFUM0tfeTdBQ3RIMTlrM0tGUG9teXJoREUifSwidHlwIjoiZHBvcCtqd3QifQ"
        ".eyJqdGkiOiJwLTEiLCJodG0iOiJHRVQiLCJodHUiOiJodHRwczovL2FwaS5leGFtcGxlL2RhdGEiLCJpYXQiOj"
        "E3NjcyMjU3MDB9"
        ".wzrJ5U7ePpuypVOkKAzwefESy6-jGJwb4Ns5kIkp37ndp_7fZrtQcnbRp53yDT0pEcqnQaCRTgJ7hRRWn-2cCg"
    )


def test_thumbprint_is_rfc7638_of_the_public_jwk() -> None:
    jwk = ALICE.public_jwk
    canonical = json.dumps(
        {"crv": jwk["crv"], "kty": jwk["kty"], "x": jwk["x"]}, separators=(",", ":")
    )
    expected = b64(hashlib.sha256(canonical.encode()).digest())
    assert ALICE.thumbprint == expected == jwk_thumbprint(jwk)
    raw = ALICE.private_key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    assert jwk == {"kty": "OKP", "crv": "Ed25519", "x": b64(raw)}
    # RFC 8037 Appendix A.3: the published thumbprint of the example Ed25519 key.
    rfc8037 = {"kty": "OKP", "crv": "Ed25519", "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}
    assert jwk_thumbprint(rfc8037) == "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k"


def test_ath_matches_rfc9449_example() -> None:
    # RFC 9449 §7.1: the example access token and the ath of the proof sent with it.
    token = "Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU"
    assert access_token_hash(token) == "fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo"


def test_confirmation_claim_and_key_identity() -> None:
    assert confirmation_claim(ALICE) == {"jkt": ALICE.thumbprint}
    assert ALICE.owner == "alice" and not ALICE.extractable
    assert derive_dpop_key(7, "alice", extractable=True).extractable
    assert derive_dpop_key(8, "alice").thumbprint != ALICE.thumbprint != MALLORY.thumbprint
    assert "private_key" not in repr(ALICE) and ALICE.thumbprint in repr(ALICE)
    assert len({ALICE, MALLORY, derive_dpop_key(7, "alice")}) == 2


def test_es256_and_rs256_proofs_are_also_accepted() -> None:
    assert ALLOWED_ALGORITHMS == ("EdDSA", "ES256", "RS256")
    for algorithm in ("ES256", "RS256"):
        key = derive_key(7, algorithm)
        token = jwt.encode(
            claims(),
            key.signing_key,
            algorithm=algorithm,
            headers=header(alg=algorithm, jwk=key.public_jwk),
        )
        assert check(token) == ProofVerdict(True, None, "", key.kid)


def test_bad_window_or_leeway_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="window"):
        ProofVerifier(CLOCK, window=0)
    with pytest.raises(ConfigError, match="leeway"):
        ProofVerifier(CLOCK, leeway=-1)
    with pytest.raises(ConfigError, match="window"):
        ProofVerifier(CLOCK, window=float("nan"))


# --- one named reason per failure -------------------------------------------------------------


@pytest.mark.parametrize("missing", [None, ""])
def test_no_proof_is_dpop_missing(missing: str | None) -> None:
    assert check(missing).reason is DPoPReason.MISSING


def test_replayed_jti_is_dpop_replayed() -> None:
    verifier = ProofVerifier(CLOCK)
    token = proof()
    assert check(token, verifier=verifier).accepted
    replay = check(token, verifier=verifier, now=101.0)
    assert replay.reason is DPoPReason.REPLAYED
    assert isinstance(replay.reason, str) and f"{replay.reason}" == "dpop_replayed"
    # A fresh proof that reuses the jti is a replay too; a new jti is fine.
    assert check(proof(now=150.0), verifier=verifier, now=150.0).reason is DPoPReason.REPLAYED
    assert check(proof(jti="p-2"), verifier=verifier).accepted


def test_rejected_proof_does_not_burn_its_jti() -> None:
    verifier = ProofVerifier(CLOCK)
    token = proof()
    assert check(token, verifier=verifier, htm="POST").reason is DPoPReason.WRONG_HTM
    assert (
        check(token, verifier=verifier, expected_jkt=MALLORY.thumbprint).reason
        is DPoPReason.WRONG_KEY
    )
    assert check(token, verifier=verifier).accepted


def test_same_jti_from_two_clients_is_not_a_replay() -> None:
    verifier = ProofVerifier(CLOCK)
    assert check(proof(ALICE), verifier=verifier).accepted
    assert check(proof(MALLORY), verifier=verifier).accepted


def test_replay_cache_forgets_proofs_once_they_are_stale() -> None:
    verifier = ProofVerifier(CLOCK, window=60)
    token = proof()
    assert check(token, verifier=verifier).accepted and verifier.remembered == 1
    assert check(token, verifier=verifier, now=160.0).reason is DPoPReason.REPLAYED
    later = check(proof(jti="p-2", now=161.0), verifier=verifier, now=161.0)
    assert later.accepted and verifier.remembered == 1
    assert check(token, verifier=verifier, now=161.0).reason is DPoPReason.STALE


def test_wrong_method_is_dpop_wrong_htm() -> None:
    assert check(proof(htm="GET"), htm="POST").reason is DPoPReason.WRONG_HTM
    assert check(proof(htm="get"), htm="GET").reason is DPoPReason.WRONG_HTM  # case-sensitive


def test_wrong_uri_is_dpop_wrong_htu() -> None:
    assert check(proof(), htu="https://api.example/admin").reason is DPoPReason.WRONG_HTU
    assert check(proof(), htu="https://evil.example/data").reason is DPoPReason.WRONG_HTU
    assert check(proof(), htu="http://api.example/data").reason is DPoPReason.WRONG_HTU
    assert check(proof(), htu="https://api.example:8443/data").reason is DPoPReason.WRONG_HTU
    assert check(proof(), htu="/data").reason is DPoPReason.WRONG_HTU
    assert check(proof(), htu="https://[::1/data").reason is DPoPReason.WRONG_HTU


def test_query_and_fragment_in_htu_are_ignored() -> None:
    assert check(proof(), htu=URL + "?page=2&sort=asc#section").accepted
    hand_made = jws(header(), claims(htu=URL + "?page=2"))
    assert check(hand_made, htu=URL + "?page=3").accepted


def test_htu_compared_after_scheme_and_host_normalization() -> None:
    assert check(proof(), htu="HTTPS://API.Example:443/data").accepted
    assert check(proof(htu="https://api.example"), htu="https://api.example/").accepted
    assert check(proof(htu="https://[::1]/data"), htu="https://[::1]:443/data").accepted
    assert check(proof(htu="https://api.example/Data"), htu=URL).reason is DPoPReason.WRONG_HTU


def test_old_iat_is_dpop_stale() -> None:
    token = proof(now=100.0)
    assert check(token, now=400.0).accepted  # exactly the 300 s window
    assert check(token, now=401.0).reason is DPoPReason.STALE


def test_future_iat_is_dpop_stale() -> None:
    token = proof(now=500.0)
    assert check(token, now=200.0).accepted
    verdict = check(token, now=199.0)
    assert verdict.reason is DPoPReason.STALE and "future" in verdict.detail


def test_absurd_iat_is_dpop_stale_not_a_crash() -> None:
    for iat in (10**400, -(10**400), 0, 1e300, -1.5):
        assert check(jws(header(), claims(iat=iat))).reason is DPoPReason.STALE


def test_leeway_widens_the_window_and_window_is_configurable() -> None:
    token = proof(now=100.0)
    assert check(token, verifier=ProofVerifier(CLOCK, leeway=30), now=430.0).accepted
    assert (
        check(token, verifier=ProofVerifier(CLOCK, leeway=30), now=431.0).reason is DPoPReason.STALE
    )
    assert (
        check(token, verifier=ProofVerifier(CLOCK, window=10), now=111.0).reason is DPoPReason.STALE
    )


def test_ath_of_another_token_is_dpop_wrong_ath() -> None:
    assert check(proof(access_token=AT), access_token=AT).accepted
    assert check(proof(access_token=OTHER_AT), access_token=AT).reason is DPoPReason.WRONG_ATH
    assert check(proof(access_token=AT), access_token="\ud800").reason is DPoPReason.WRONG_ATH


def test_missing_ath_is_dpop_wrong_ath() -> None:
    verdict = check(proof(), access_token=AT)
    assert verdict.reason is DPoPReason.WRONG_ATH and "no ath" in verdict.detail
    # At the token endpoint there is no access token: an ath is then not checked.
    assert check(proof(access_token=AT)).accepted


def test_thiefs_own_key_is_dpop_wrong_key() -> None:
    # Mallory stole Alice's bound token and signs a perfect proof with her own key.
    verdict = check(proof(MALLORY, access_token=AT), access_token=AT, expected_jkt=ALICE.thumbprint)
    assert verdict.reason is DPoPReason.WRONG_KEY
    assert verdict.jkt == MALLORY.thumbprint


def test_alg_none_is_dpop_alg_not_allowed() -> None:
    token = jwt.encode(claims(), "", algorithm="none", headers=header(alg=None))
    assert token.endswith(".")
    assert check(token).reason is DPoPReason.ALG_NOT_ALLOWED


def test_hs256_is_dpop_alg_not_allowed() -> None:
    secret = b"s" * 32
    oct_jwk = {"kty": "oct", "k": b64(secret)}
    token = jwt.encode(claims(), secret, algorithm="HS256", headers=header(alg=None, jwk=oct_jwk))
    assert check(token).reason is DPoPReason.ALG_NOT_ALLOWED

    def sign(data: bytes) -> bytes:
        return hmac.new(secret, data, hashlib.sha256).digest()

    assert check(jws(header(alg="HS256"), claims(), sign)).reason is DPoPReason.ALG_NOT_ALLOWED
    for alg in ("RS512", "ES384", "PS256", "", 5, ["EdDSA"]):
        assert check(jws(header(alg=alg), claims())).reason is DPoPReason.ALG_NOT_ALLOWED


def test_jwk_with_private_member_is_dpop_bad_key() -> None:
    d = ALICE.private_key.private_bytes_raw()
    verdict = check(jws(header(jwk=dict(ALICE.public_jwk, d=b64(d))), claims()))
    assert verdict.reason is DPoPReason.BAD_KEY and "'d'" in verdict.detail


@pytest.mark.parametrize(
    "jwk",
    [
        None,
        "not a jwk",
        {},
        {"kty": "EC", "crv": "P-256", "x": "AA", "y": "AA"},
        {"kty": "OKP", "crv": "X25519", "x": "AA"},
        {"kty": "OKP", "crv": "Ed25519"},
        {"kty": "OKP", "crv": "Ed25519", "x": "AAAA"},
        {"kty": "OKP", "crv": "Ed25519", "x": 5},
        {"kty": "OKP", "crv": "Ed25519", "x": "é"},
        {"kty": ["OKP"], "crv": {"Ed25519": 1}, "x": "AA"},
    ],
)
def test_unusable_jwk_is_dpop_bad_key(jwk: object) -> None:
    assert check(jws(header(jwk=jwk), claims())).reason is DPoPReason.BAD_KEY


def test_short_rsa_key_is_dpop_bad_key() -> None:
    weak = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    jwk = RSAAlgorithm.to_jwk(weak.public_key(), as_dict=True)

    def sign(data: bytes) -> bytes:
        return weak.sign(data, padding.PKCS1v15(), hashes.SHA256())

    verdict = check(jws(header(alg="RS256", jwk=jwk), claims(), sign))
    assert verdict.reason is DPoPReason.BAD_KEY and "1024" in verdict.detail


def test_tampered_signature_is_dpop_bad_signature() -> None:
    head, body, sig = proof().split(".")
    flipped = sig[:20] + ("A" if sig[20] != "A" else "B") + sig[21:]
    assert check(f"{head}.{body}.{flipped}").reason is DPoPReason.BAD_SIGNATURE
    other_body = proof(htm="POST").split(".")[1]
    assert check(f"{head}.{other_body}.{sig}", htm="POST").reason is DPoPReason.BAD_SIGNATURE


def test_proof_signed_by_another_key_than_its_jwk_is_dpop_bad_signature() -> None:
    token = jws(header(), claims(), MALLORY.private_key.sign)
    verdict = check(token)
    assert verdict.reason is DPoPReason.BAD_SIGNATURE and verdict.jkt is None


@pytest.mark.parametrize("typ", ["JWT", "at+jwt", "DPOP+JWT", None, 5])
def test_other_typ_is_dpop_wrong_typ(typ: object) -> None:
    assert check(jws(header(typ=typ), claims())).reason is DPoPReason.WRONG_TYP


@pytest.mark.parametrize(
    "garbage",
    ["garbage", "a.b", "a.b.c.d", "a.b.c", "!!!.???.***", "é.é.é", "\ud800.x.y", " " + "a.b.c"],
)
def test_garbage_is_dpop_malformed(garbage: str) -> None:
    assert check(garbage).reason is DPoPReason.MALFORMED


@pytest.mark.parametrize("value", [5, b"a.b.c", ["a.b.c"], object()])
def test_non_string_proof_is_dpop_malformed(value: object) -> None:
    assert check(value).reason is DPoPReason.MALFORMED


@pytest.mark.parametrize(
    "body",
    [
        claims(jti=None),
        claims(htm=None),
        claims(htu=None),
        claims(iat=None),
        claims(jti=""),
        claims(jti=7),
        claims(htm=["GET"]),
        claims(iat="1767225700"),
        claims(iat=True),
        claims(iat=float("nan")),
        claims(iat=float("inf")),
        claims(ath=5),
    ],
)
def test_missing_or_mistyped_claims_are_dpop_malformed(body: dict[str, Any]) -> None:
    verdict = check(jws(header(), body))
    assert verdict.reason is DPoPReason.MALFORMED
    assert not verdict.accepted


def test_unreadable_segments_are_dpop_malformed() -> None:
    head, body, sig = proof().split(".")
    not_json = b64(b"not json")
    assert check(f"{not_json}.{body}.{sig}").reason is DPoPReason.MALFORMED
    assert check(f"{b64(b'[1]')}.{body}.{sig}").reason is DPoPReason.MALFORMED
    assert check(f"{head}.{b64(b'[1, 2]')}.{sig}").reason is DPoPReason.BAD_SIGNATURE
    assert check(jws(header(), [1, 2])).reason is DPoPReason.MALFORMED
    assert check(proof()[:-30]).reason in (DPoPReason.MALFORMED, DPoPReason.BAD_SIGNATURE)
    deep = b64(b"[" * 100_000 + b"]" * 100_000)
    assert check(f"{deep}.{body}.{sig}").reason is DPoPReason.MALFORMED
    assert check(jws(header(kid=5), claims())).reason is DPoPReason.MALFORMED


# --- fuzzing: nothing escapes as an exception, nothing mangled gets in ------------------------

REAL_PROOFS = [proof(), proof(access_token=AT)]


@settings(max_examples=200, deadline=None)
@given(st.text(), st.text() | st.none())
def test_random_strings_never_raise_and_never_pass(text: str, access_token: str | None) -> None:
    verdict = check(text, access_token=access_token)
    assert not verdict.accepted and verdict.reason is not None


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(REAL_PROOFS),
    st.lists(
        st.tuples(st.integers(min_value=0, max_value=10_000), st.characters()),
        min_size=1,
        max_size=4,
    ),
)
def test_mangled_real_proofs_are_rejected_not_crashed(
    token: str, edits: list[tuple[int, str]]
) -> None:
    chars = list(token)
    for position, char in edits:
        chars[position % len(chars)] = char
    mangled = "".join(chars)
    verdict = check(mangled, expected_jkt=ALICE.thumbprint)
    if verdict.accepted:
        assert decoded_segments(mangled) == decoded_segments(token)
    else:
        assert verdict.reason is not None


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=300), st.sampled_from([0, 1, 2]))
def test_random_bytes_in_a_segment_are_rejected(blob: bytes, segment: int) -> None:
    parts = REAL_PROOFS[0].split(".")
    parts[segment] = base64.urlsafe_b64encode(blob).rstrip(b"=").decode()
    assert not check(".".join(parts)).accepted


PLAUSIBLE = st.sampled_from(["dpop+jwt", "EdDSA", "OKP", "Ed25519", "GET", URL, IAT, "b64"])
JSON = st.recursive(
    PLAUSIBLE | st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3)
    ),
    max_leaves=5,
)


@settings(max_examples=100, deadline=None)
@given(
    st.dictionaries(st.sampled_from(["typ", "alg", "jwk", "crit", "b64", "x5c"]), JSON, max_size=4),
    st.dictionaries(
        st.sampled_from(["kty", "crv", "x", "y", "n", "e", "d", "alg"]), JSON, max_size=4
    ),
    st.dictionaries(
        st.sampled_from(["jti", "htm", "htu", "iat", "ath", "exp", "sub"]), JSON, max_size=5
    ),
)
def test_signed_proofs_with_random_fields_never_raise(
    head_changes: dict[str, Any], jwk_changes: dict[str, Any], body: dict[str, Any]
) -> None:
    head = header(jwk=dict(ALICE.public_jwk) | jwk_changes) | head_changes
    verdict = check(jws(head, claims() | body), access_token=AT)
    assert verdict.accepted is (verdict.reason is None)


# --- htu normal form, userinfo, strict JSON, size (RFC 9449 §4.3, RFC 3986 §6.2) ----------


@pytest.mark.parametrize(
    ("proof_htu", "request_htu"),
    [
        ("https://api.example/a/./b/../data", "https://api.example/a/data"),  # §6.2.2.3
        ("https://api.example/%7Euser/data", "https://api.example/~user/data"),  # §6.2.2.2
        ("https://api.example/x%2fy", "https://api.example/x%2Fy"),  # §6.2.2.1 hex case
        ("https://api.example:/data", URL),  # §6.2.3 empty port
        ("https://api.example/../data", URL),  # §5.2.4: .. above the root stays at the root
    ],
)
def test_htu_compared_after_syntax_based_normalisation(proof_htu: str, request_htu: str) -> None:
    assert check(proof(htu=proof_htu), htu=request_htu).accepted


@pytest.mark.parametrize(
    "proof_htu",
    [
        "https://evil@api.example/data",
        "https://user:pass@api.example/data",
        "https://api.example@evil.example/data",
        "https://@api.example/data",
    ],
)
def test_htu_with_userinfo_is_dpop_wrong_htu(proof_htu: str) -> None:
    verdict = check(proof(htu=proof_htu))
    assert verdict.reason is DPoPReason.WRONG_HTU


def test_still_different_uris_after_normalisation() -> None:
    assert check(proof(htu="https://api.example/x%2Fy"), htu="https://api.example/x/y").reason is (
        DPoPReason.WRONG_HTU
    )


def _raw_jws(head: str, body: str) -> str:
    signing_input = f"{b64(head.encode())}.{b64(body.encode())}"
    return f"{signing_input}.{b64(ALICE.private_key.sign(signing_input.encode('ascii')))}"


def test_duplicate_names_in_the_proof_are_dpop_malformed() -> None:
    head = json.dumps(header())
    body = json.dumps(claims())
    in_claims = _raw_jws(head, body[:-1] + ', "htu": "https://evil.example/data"}')
    in_header = _raw_jws(head[:-1] + ', "typ": "dpop+jwt"}', body)
    for duplicated in (in_claims, in_header):
        verdict = check(duplicated)
        assert verdict.reason is DPoPReason.MALFORMED and "Duplicate name" in verdict.detail


def test_oversized_proof_is_dpop_malformed() -> None:
    big = jws(header(), claims(pad="x" * 4000))
    assert len(big) > MAX_PROOF_LENGTH == 4096
    verdict = check(big)
    assert verdict.reason is DPoPReason.MALFORMED and "limit is 4096" in verdict.detail
    assert check(jws(header(), claims(pad="x" * 2000))).accepted
