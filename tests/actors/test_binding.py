"""Binding pieces on their own: the fingerprint cookie and check, client certificates, DBSC."""

from __future__ import annotations

import base64
import random

import jwt
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from hypothesis import given
from hypothesis import strategies as st

import simtoken
from simtoken import Issued
from simtoken.actors.binding import certificate_refusal
from simtoken.actors.cookies import CookieRule, storage_refusal
from simtoken.actors.dbsc import SESSION_PARAM, SessionCookies, device_key, refresh_proof
from simtoken.actors.fingerprint import (
    FINGERPRINT_CLAIM,
    Fingerprints,
    fingerprint_hash,
    fingerprint_refusal,
)
from simtoken.actors.network import Message
from simtoken.config.run import RunConfig
from simtoken.jose.certs import client_certificate, x5t_s256
from simtoken.jose.clock import DEFAULT_EPOCH, SimClock


def test_the_fingerprint_cookie_is_the_hardened_one_of_the_cheat_sheet() -> None:
    fingerprints = Fingerprints(random.Random("test"), 300)
    cookie = fingerprints.cookie("sid-1")
    assert cookie.set_cookie() == (
        f"__Secure-Fgp={cookie.value}; Path=/; Max-Age=300; Secure; HttpOnly; SameSite=Strict"
    )
    assert fingerprints.claims("sid-1") == {FINGERPRINT_CLAIM: fingerprint_hash(cookie.value)}
    assert fingerprints.cookie("sid-2").value != cookie.value  # one per grant
    assert storage_refusal(cookie, "http://app.example/") is CookieRule.SECURE_FROM_HTTP


@pytest.mark.parametrize(
    ("cookie", "reason"),
    [
        (None, "fingerprint_missing"),
        ("other=1", "fingerprint_missing"),
        ("__Secure-Fgp=wrong", "fingerprint_mismatch"),
        ("a=b; __Secure-Fgp=right", None),
    ],
)
def test_the_api_recomputes_the_hash_from_the_cookie(
    cookie: str | None, reason: str | None
) -> None:
    claims = {FINGERPRINT_CLAIM: fingerprint_hash("right")}
    refused = fingerprint_refusal(claims, {} if cookie is None else {"cookie": cookie})
    assert (None if refused is None else refused.reason) == reason


def test_every_access_token_carries_the_hash_of_the_cookie_the_browser_holds() -> None:
    from simtoken.runner import build, configure

    world = build("fingerprint", configure("fingerprint", settings={"theft_vector": "none"}), 7)
    result = world.run()
    client = world.clients[0]
    held = client.browser.jar.read("app.example", "__Secure-Fgp", 0.0)
    assert held is not None
    access = [e for e in result.trace if isinstance(e, Issued) and e.token_type == "access"]
    claims = {
        jwt.decode(e.token, options={"verify_signature": False})[FINGERPRINT_CLAIM] for e in access
    }
    assert claims == {fingerprint_hash(held.value)}  # one grant all day
    refresh = [e for e in result.trace if isinstance(e, Issued) and e.token_type == "refresh"]
    assert all(
        FINGERPRINT_CLAIM not in jwt.decode(e.token, options={"verify_signature": False})
        for e in refresh
    )


def test_a_client_certificate_is_real_deterministic_and_dated_from_the_epoch() -> None:
    der = client_certificate(7, "client-1")
    assert der == client_certificate(7, "client-1") != client_certificate(8, "client-1")
    certificate = x509.load_der_x509_certificate(der)
    assert certificate.not_valid_before_utc == DEFAULT_EPOCH
    digest = certificate.fingerprint(hashes.SHA256())
    assert x5t_s256(der) == base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
    assert certificate_refusal(x5t_s256(der), der) is None
    other = client_certificate(7, "attacker")
    assert certificate_refusal(x5t_s256(der), other).reason == "mtls_wrong_certificate"  # type: ignore[union-attr]
    assert certificate_refusal(x5t_s256(der), None).reason == "mtls_no_certificate"  # type: ignore[union-attr]


def test_mtls_binds_access_tokens_to_the_certificate_not_refresh_tokens() -> None:
    result = simtoken.run(
        "refresh", seed=7, client_type="confidential", sender_constraint="mtls", clients=1
    )
    bound = x5t_s256(client_certificate(7, "client-1"))
    for e in result.trace:
        if isinstance(e, Issued):
            claims = jwt.decode(e.token, options={"verify_signature": False})
            expected = {"x5t#S256": bound} if e.token_type == "access" else None
            assert claims.get("cnf") == expected
    assert result.metrics.victim_availability == 1.0
    assert not any(r.startswith("mtls") for r in result.metrics.rejections)


def test_a_dbsc_cookie_is_renewed_only_with_the_device_key() -> None:
    clock = SimClock()
    config = RunConfig(storage="cookie_bff", dbsc=True, dbsc_cookie_lifetime=600.0)
    sessions = SessionCookies(config, random.Random("bff"), 7, clock)
    held = sessions.start("user-1", 0.0)

    def call(value: str, at: float) -> str:
        refused = sessions.refusal(Message(1, "u", "api", "api", None, {SESSION_PARAM: value}), at)
        return "" if refused is None else str(refused.reason)

    assert (call(held.value, 599.0), call(held.value, 600.0)) == ("", "session_cookie_invalid")

    def renew(owner: str, at: float, challenge: str = held.challenge, iat: float = 0.0) -> str:
        proof = refresh_proof(device_key(7, owner), challenge, clock.numeric_date(iat or at))
        message = Message(2, "u", "api", "dbsc_refresh", held.value, {}, proof)
        answer = sessions.refresh(message, at)
        return str(answer.reason) if not answer.ok else str(answer.body[SESSION_PARAM])

    assert renew("attacker", 700.0) == "dbsc_proof_invalid"  # a key the session never saw
    assert renew("user-1", 700.0, challenge="an old one") == "dbsc_proof_invalid"
    assert renew("user-1", 700.0, iat=1.0) == "dbsc_proof_invalid"  # signed too long ago
    fresh = renew("user-1", 700.0)
    assert call(fresh, 1299.0) == "" and call(held.value, 701.0) == "session_cookie_invalid"
    assert renew("user-1", 710.0) == "session_cookie_invalid"  # the old value is retired


def test_a_dbsc_proof_is_a_dbsc_jwt_over_the_challenge() -> None:
    proof = refresh_proof(device_key(7, "user-1"), "abc", 1767225600)
    assert jwt.get_unverified_header(proof)["typ"] == "dbsc+jwt"
    assert jwt.decode(proof, options={"verify_signature": False}) == {
        "jti": "abc",
        "iat": 1767225600,
    }


_TEXT = st.text(max_size=80)


@given(
    st.dictionaries(_TEXT, st.one_of(_TEXT, st.integers(), st.none()), max_size=4),
    st.dictionaries(st.one_of(st.sampled_from(["cookie", "session", "origin"]), _TEXT), _TEXT),
    st.one_of(st.none(), st.binary(max_size=300)),
    st.one_of(st.none(), _TEXT),
)
def test_the_binding_checks_answer_any_request_with_a_named_reason(
    claims: dict[str, object],
    params: dict[str, str],
    certificate: bytes | None,
    proof: str | None,
) -> None:
    fingerprinted = fingerprint_refusal(claims, params)
    assert fingerprinted is None or fingerprinted.reason.startswith("fingerprint_")
    bound = certificate_refusal(str(claims.get("x5t#S256", "")), certificate)
    assert bound is None or bound.reason.startswith("mtls_")
    sessions = SessionCookies(
        RunConfig(storage="cookie_bff", dbsc=True), random.Random("f"), 7, SimClock()
    )
    sessions.start("user-1", 0.0)
    message = Message(1, "user-1", "api", "dbsc_refresh", params.get("session"), params, proof)
    assert sessions.refresh(message, 10.0).reason in (
        "session_cookie_invalid",
        "dbsc_proof_invalid",
    )
    refused = sessions.refusal(message, 10.0)
    assert refused is None or refused.reason == "session_cookie_invalid"
