"""The ``fingerprint`` and ``dbsc`` scenarios and mTLS-bound tokens: pinned seeded outcomes.

Each attack has its vulnerable and its hardened setting: a token stolen by a script is refused
without its fingerprint cookie (and taken by a thief of the device); a session cookie copied off
the device works for minutes with DBSC and for the whole day without; a certificate-bound token
is useless to a thief without the client's certificate.
"""

from __future__ import annotations

from conftest import quiet_metrics

import simtoken
from simtoken import Accepted, Rejected, Request, Result, Stolen, TheftFailed
from simtoken.actors.fingerprint import FINGERPRINT_COOKIE
from simtoken.jose.certs import client_certificate
from simtoken.runner import build, configure

T, S, H, AT = 3600.0, 5 * 3600.0, 8 * 3600.0, 300.0
ATTACKER = "attacker"


def attacker_outcomes(result: Result) -> list[tuple[Request, Accepted | Rejected]]:
    """Each request the attacker sent, with its outcome."""
    out = []
    for e in result.trace:
        if isinstance(e, Request) and e.actor == ATTACKER:
            outcome = result.trace.outcome(e.request_id)
            assert isinstance(outcome, Accepted | Rejected)
            out.append((e, outcome))
    return out


# -- fingerprint -------------------------------------------------------------------------------


def test_fingerprint_refuses_the_stolen_token_without_its_cookie() -> None:
    result = simtoken.run("fingerprint", seed=7)
    assert result.metrics.to_dict() == quiet_metrics(
        stolen_families=1,
        attacker_online_s=4181.020533,
        attacker_online_calls=42,
        attacker_api_calls=28,
        victim_availability=1.0,
        as_load_per_h=4.125,
        api_calls=105,
        refreshes=32,
        rejections={"expired": 18, "fingerprint_missing": 2},
    )
    failures = [e.reason for e in result.trace if isinstance(e, TheftFailed)]
    assert len(failures) == 2 and "__Secure-Fgp" in failures[0]
    for request, outcome in attacker_outcomes(result):
        if request.endpoint == "api" and request.note != "page":  # from the attacker's machine
            assert isinstance(outcome, Rejected) and outcome.reason == "fingerprint_missing"
        if isinstance(outcome, Accepted):  # only from the open page, before the user left
            assert request.note == "page" and outcome.t < S


def test_fingerprint_protects_nothing_against_a_thief_of_the_device() -> None:
    result = simtoken.run("fingerprint", seed=7, theft_vector="device")
    assert result.metrics.to_dict() == quiet_metrics(
        stolen_families=1,
        attacker_access_s=H - T,
        attacker_refresh_s=H - T,
        attacker_api_calls=205,
        victim_availability=1.0,
        as_load_per_h=15.5,
        api_calls=105,
        refreshes=123,
        rejections={"expired": 18},
    )
    taken = {e.token_type for e in result.trace if isinstance(e, Stolen)}
    assert taken == {"access", "refresh", "fingerprint_cookie"}


def test_without_the_fingerprint_the_page_s_tokens_work_from_anywhere() -> None:
    metrics = simtoken.run("fingerprint", seed=7, fingerprint=False).metrics
    assert (metrics.attacker_access_s, metrics.attacker_api_calls) == (3784.743113, 32)
    assert "fingerprint_missing" not in metrics.rejections


def test_a_stolen_refresh_token_brings_its_own_fingerprint_cookie() -> None:
    # Web storage: the script takes the refresh token, and the thief's own refresh answer sets
    # the fingerprint cookie for it: the fingerprint binds access tokens, not refresh tokens.
    bound = simtoken.run("theft", seed=7, fingerprint=True).metrics
    bearer = simtoken.run("theft", seed=7).metrics
    assert (bound.attacker_access_s, bound.attacker_api_calls) == (82893.95, 1738)
    assert bound.to_dict() == bearer.to_dict()


def test_a_cookie_for_another_grant_is_a_mismatch() -> None:
    world = build("fingerprint", configure("fingerprint"), seed=7)
    api = next(iter(world.resource_servers))

    def other_cookie() -> str:  # the user's live token, shown with a cookie of another value
        return world.clients[0].store.access[api].token

    world.present(
        other_cookie,
        at=2000.0,
        to=world.resource_servers[api].name,
        params={"cookie": f"{FINGERPRINT_COOKIE}=not-the-fingerprint"},
    )
    result = world.run()
    shown = [e for e in result.trace if isinstance(e, Request) and e.actor == "presenter"]
    outcome = result.trace.outcome(shown[0].request_id)
    assert isinstance(outcome, Rejected) and outcome.reason == "fingerprint_mismatch"


# -- DBSC --------------------------------------------------------------------------------------


def test_dbsc_bounds_a_copied_session_cookie_to_its_short_life() -> None:
    result = simtoken.run("dbsc", seed=7)
    assert result.metrics.to_dict() == quiet_metrics(
        attacker_api_calls=9,
        victim_availability=1.0,
        as_load_per_h=5.375,
        api_calls=220,
        refreshes=42,
        rejections={"expired": 41, "session_cookie_invalid": 2},
        attacker_cookie_s=374.738377,
        attacker_cookie_calls=9,
    )
    assert result.metrics.attacker_cookie_s <= result.config.dbsc_cookie_lifetime
    sent = attacker_outcomes(result)
    assert [r.endpoint for r, _ in sent[-2:]] == ["api", "dbsc_refresh"]
    assert all(isinstance(o, Rejected) for _, o in sent[-2:])


def test_without_dbsc_a_copied_session_cookie_works_all_day() -> None:
    result = simtoken.run("dbsc", seed=7, dbsc=False)
    assert result.metrics.to_dict() == quiet_metrics(
        attacker_api_calls=371,
        victim_availability=1.0,
        as_load_per_h=9.375,
        api_calls=220,
        refreshes=74,
        rejections={"expired": 32},
        attacker_cookie_s=21589.469649,
        attacker_cookie_calls=371,
    )
    assert H - 2 * T - 60 < result.metrics.attacker_cookie_s < H - 2 * T


def test_dbsc_does_not_stop_malware_that_stays_on_the_device() -> None:
    with_dbsc = simtoken.run("dbsc", seed=7, infostealer=False).metrics
    assert (with_dbsc.attacker_online_s, with_dbsc.attacker_online_calls) == (10746.766334, 175)
    assert with_dbsc.attacker_cookie_calls == 0 and with_dbsc.victim_availability == 1.0


def test_a_thief_renewing_with_its_own_key_is_refused_dbsc_proof_invalid() -> None:
    result = simtoken.run("dbsc", seed=1)
    renewals = [(r, o) for r, o in attacker_outcomes(result) if r.endpoint == "dbsc_refresh"]
    assert [o.reason for _, o in renewals if isinstance(o, Rejected)] == ["dbsc_proof_invalid"]


# -- mTLS --------------------------------------------------------------------------------------


def test_a_leaked_bearer_token_of_a_confidential_client_works() -> None:
    metrics = simtoken.run("theft-f4", seed=7, client_type="confidential").metrics
    assert (metrics.attacker_access_s, metrics.attacker_api_calls) == (38.0, 1)


def test_an_mtls_bound_token_is_refused_without_the_client_certificate() -> None:
    result = simtoken.run("theft-f4", seed=7, client_type="confidential", sender_constraint="mtls")
    assert result.metrics.to_dict() == quiet_metrics(
        stolen_families=1,
        detection_latency_s=10.05,
        victim_availability=1.0,
        as_load_per_h=0.229167,
        residual_access_s=27.95,
        api_calls=58,
        refreshes=9,
        family_revocations=1,
        rejections={"expired": 9, "mtls_no_certificate": 1},
        residual_access_by_app={"client-1": 28.0},
        residual_refresh_by_app={"client-1": 0.05},
    )


def test_an_mtls_bound_token_is_refused_with_another_certificate() -> None:
    settings = {"client_type": "confidential", "sender_constraint": "mtls"}
    world = build("theft-f4", configure("theft-f4", settings=settings), seed=7)
    world.network.certificates[ATTACKER] = client_certificate(7, ATTACKER)  # its own
    result = world.run()
    assert result.metrics.rejections == {"expired": 9, "mtls_wrong_certificate": 1}
    assert result.metrics.attacker_access_s == 0.0
