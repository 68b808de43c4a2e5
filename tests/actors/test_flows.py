"""The apps' login flows (login_flow=code and implicit), whole seeded runs."""

from __future__ import annotations

from typing import Any

import jwt
from conftest import rows

import simtoken
from simtoken import Login, Request
from simtoken.jose.pkce import code_challenge
from simtoken.record.events import CodeIssued, Redirect


def test_code_flow_whole_trace_seed_7() -> None:
    result = simtoken.run("refresh", seed=7, horizon=120, login_flow="code")
    assert rows(result) == [
        (0, "login", "client-1", "user-1", "", "first"),
        (0, "request", "user-1/browser", "auth-server", 1, "authorize code"),
        (0.05, "code_issued", "auth-server", "client-1", "", "code for user-1, PKCE S256"),
        (0.05, "accepted", "auth-server", "", 1, ""),
        (0.1, "redirect", "user-1/browser", "client-1", "", "taken"),
        (0.1, "request", "client-1", "auth-server", 2, "token authorization_code"),
        (0.15, "issued", "auth-server", "client-1", "", "refresh token"),
        (0.15, "issued", "auth-server", "client-1", "", "access token"),
        (0.15, "accepted", "auth-server", "", 2, ""),
        (0.2, "request", "client-1", "api.example", 3, "api"),
        (0.25, "accepted", "api.example", "", 3, ""),
        (0.3, "call", "client-1", "api.example", "", "ok"),
        (9.847, "request", "client-1", "api.example", 4, "api"),
        (9.897, "accepted", "api.example", "", 4, ""),
        (9.947, "call", "client-1", "api.example", "", "ok"),
        (35.721, "request", "client-1", "api.example", 5, "api"),
        (35.771, "accepted", "api.example", "", 5, ""),
        (35.821, "call", "client-1", "api.example", "", "ok"),
        (54.401, "request", "client-1", "api.example", 6, "api"),
        (54.451, "accepted", "api.example", "", 6, ""),
        (54.501, "call", "client-1", "api.example", "", "ok"),
        (82.422, "request", "client-1", "api.example", 7, "api"),
        (82.472, "accepted", "api.example", "", 7, ""),
        (82.522, "call", "client-1", "api.example", "", "ok"),
        (108.484, "request", "client-1", "api.example", 8, "api"),
        (108.534, "accepted", "api.example", "", 8, ""),
        (108.584, "call", "client-1", "api.example", "", "ok"),
    ]
    assert result.audit() == []


def test_the_flow_requests_keep_their_parameters_and_the_verifier_matches() -> None:
    result = simtoken.run("refresh", seed=7, horizon=120, login_flow="code")
    requests = [e for e in result.trace if isinstance(e, Request)]
    authorize, token = (dict(r.params) for r in requests[:2])
    assert authorize == {
        "response_type": "code",
        "client_id": "client-1",
        "redirect_uri": "https://app.example/callback",
        "scope": "openid offline_access",
        "audience": "https://api.example",
        "nonce": "GaNMxBYige5azfUt2s6x4Q",
        "state": "LUgKj2OEbzpqaLPBn8GaVQ",
        "code_challenge": "pfGZwE5LFfur3GcsXgPgdEvQQ62p-IYd1LW2Ult2jOc",
        "code_challenge_method": "S256",
        "user": "user-1",
    }
    (issued,) = [e for e in result.trace if isinstance(e, CodeIssued)]
    assert token == {
        "grant_type": "authorization_code",
        "code": issued.code,
        "redirect_uri": "https://app.example/callback",
        "client_id": "client-1",
        "code_verifier": token["code_verifier"],
    }
    assert code_challenge(token["code_verifier"], "S256") == authorize["code_challenge"]
    (redirect,) = [e for e in result.trace if isinstance(e, Redirect)]
    assert redirect.location == (
        f"https://app.example/callback?code={issued.code}&state=LUgKj2OEbzpqaLPBn8GaVQ"
    )
    # Other requests carry no parameters, and their records read as they always did.
    api = next(r for r in requests if r.endpoint == "api").to_dict()
    assert "params" not in api and "params" in requests[0].to_dict()


def test_later_logins_ride_the_idp_session_and_every_grant_remembers_it() -> None:
    config = simtoken.apply_settings(
        simtoken.get_scenario("expiry").defaults, {"login_flow": "code", "horizon": 1200}
    )
    world = simtoken.World(config, seed=7)
    result = world.run()
    assert result.metrics.victim_logins == 3  # the access token expired: log in again
    (session,) = world.auth_server.idp_sessions.sessions.values()  # one password, at 0
    assert {g.idp_session for g in world.auth_server.grants.values()} == {session.sid}
    assert len(world.auth_server.grants) == 4 and session.apps == ["client-1"]
    authorizes = [e for e in result.trace if isinstance(e, Request) and e.endpoint == "authorize"]
    assert [dict(e.params).get("idp_session") for e in authorizes] == [None] + [session.sid] * 3


def test_an_implicit_app_renews_silently_with_prompt_none() -> None:
    result = simtoken.run(
        "refresh", seed=7, horizon=1200, login_flow="implicit", allow_implicit=True
    )
    authorizes = [e for e in result.trace if isinstance(e, Request) and e.endpoint == "authorize"]
    assert [dict(e.params).get("prompt") for e in authorizes] == [None, "none", "none", "none"]
    assert all(dict(e.params)["response_type"] == "token" for e in authorizes)
    assert [e.reason for e in result.trace if isinstance(e, Login)] == ["first"]
    assert result.issued("refresh") == [] and len(result.issued("access")) == 4
    assert result.metrics.victim_availability == 1.0 and result.audit() == []


def test_an_implicit_app_at_a_server_without_the_implicit_grant_cannot_log_in() -> None:
    result = simtoken.run("refresh", seed=7, horizon=120, login_flow="implicit")
    logins = [(e.reason, e.cause) for e in result.trace if isinstance(e, Login)]
    assert logins[:3] == [
        ("first", ""),
        ("login_failed", "unsupported_response_type"),
        ("login_failed", "unsupported_response_type"),
    ]
    assert result.metrics.victim_availability == 0.0
    assert result.metrics.rejections["unsupported_response_type"] == len(logins)


def test_require_pkce_refuses_an_app_without_pkce() -> None:
    result = simtoken.run(
        "refresh", seed=7, horizon=120, login_flow="code", pkce="none", require_pkce=True
    )
    assert {(e.reason, e.cause) for e in result.trace if isinstance(e, Login)} == {
        ("first", ""),
        ("login_failed", "pkce_required"),
    }
    assert result.metrics.victim_availability == 0.0 and result.issued() == []
    with_plain = simtoken.run("refresh", seed=7, horizon=120, login_flow="code", pkce="plain")
    assert with_plain.metrics.victim_availability == 1.0


def test_a_lost_answer_to_a_redemption_is_retried_with_the_same_code_and_refused() -> None:
    result = simtoken.run("refresh", seed=4, horizon=7200, login_flow="code", response_loss=0.3)
    assert [e.cause for e in result.trace if isinstance(e, Login)] == [
        "",
        "code_reused",
        "code_reused",
        "code_reused",
    ]
    assert result.metrics.rejections["code_reused"] == 4
    assert result.metrics.false_logouts == 0 and result.audit() == []


def test_code_flow_runs_are_pure_functions_of_config_and_seed() -> None:
    settings: dict[str, Any] = {"login_flow": "code", "clients": 2, "tabs": 2, "horizon": 3600}
    first = simtoken.run("rotation", seed=11, **settings)
    assert first.to_json() == simtoken.run("rotation", seed=11, **settings).to_json()
    assert first.audit() == []


def test_a_code_redeemed_with_a_dpop_proof_binds_the_grant_to_the_apps_key() -> None:
    world = simtoken.World(
        simtoken.apply_settings(
            simtoken.get_scenario("refresh").defaults,
            {"login_flow": "code", "sender_constraint": "dpop", "horizon": 1200},
        ),
        seed=7,
    )
    result = world.run()
    assert result.audit() == [] and result.metrics.victim_availability == 1.0
    (grant,) = world.auth_server.grants.values()
    assert grant.jkt == world.clients[0].prover.key.thumbprint  # type: ignore[union-attr]
    redemption = next(e for e in result.trace if isinstance(e, Request) and e.endpoint == "token")
    assert redemption.proof is not None
    claims = jwt.decode(result.issued("access")[0].token, options={"verify_signature": False})
    assert claims["cnf"] == {"jkt": grant.jkt}
