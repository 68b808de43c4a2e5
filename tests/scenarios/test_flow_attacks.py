"""The four attacks on the login flow, each vulnerable and hardened, seed 7, exact outcomes."""

from __future__ import annotations

from typing import Any

from conftest import quiet_metrics

import simtoken
from simtoken import Login, Result, Revoked, Stolen, TheftFailed
from simtoken.record.events import Redirect

QUIET = quiet_metrics()


def run(name: str, **settings: Any) -> Result:
    result = simtoken.run(name, seed=7, **settings)
    assert result.audit() == []
    return result


def failures(result: Result) -> list[str]:
    return [e.reason for e in result.trace if isinstance(e, TheftFailed)]


def test_code_interception_without_pkce_the_malicious_app_gets_tokens() -> None:
    result = run("code-interception")
    policy = result.config.policy
    assert result.metrics.to_dict() == QUIET | {
        "attacker_access_s": policy.access_token_lifetime - 0.15,  # AT - three hops
        "attacker_refresh_s": 0.1,  # until the app's own redemption revokes it
        "attacker_api_calls": 6,
        "detection_latency_s": 0.15,
        "residual_access_s": 299.75,
        "family_revocations": 1,
        "victim_logins": 1,
        "victim_availability": 1.0,
        "as_load_per_h": 4.5,
        "api_calls": 22,
        "refreshes": 4,
        "stolen_families": 1,  # the family the attacker took tokens of
        "rejections": {"code_reused": 1, "expired": 3, "malformed": 1, "revoked": 1},
    }
    (stolen,) = [e for e in result.trace if isinstance(e, Stolen)]
    assert (stolen.t, stolen.token_type, stolen.vector) == (
        0.1,
        "authorization_code",
        "code_interception",
    )
    assert {e.token_type for e in result.issued() if e.holder == "attacker"} == {
        "access",
        "refresh",
    }
    assert [(e.t, e.reason) for e in result.trace if isinstance(e, Revoked)] == [
        (0.25, "code_reused")
    ]
    assert [(e.reason, e.cause) for e in result.trace if isinstance(e, Login)] == [
        ("first", ""),
        ("login_failed", "code_reused"),
    ]
    redirects = [(e.actor, e.receiver) for e in result.trace if isinstance(e, Redirect)]
    assert redirects[:2] == [("user-1/browser", "attacker"), ("attacker", "client-1")]


def test_code_interception_with_s256_pkce_the_code_is_worthless() -> None:
    result = run("code-interception", pkce="S256")
    assert result.metrics.to_dict() == QUIET | {
        "victim_logins": 0,
        "victim_availability": 1.0,
        "as_load_per_h": 3.0,
        "api_calls": 22,
        "refreshes": 3,
        "rejections": {"expired": 3, "pkce_missing": 1},
    }
    assert failures(result) == ["the auth server refused the code (pkce_missing)"]
    assert not [e for e in result.issued() if e.holder == "attacker"]


def test_code_interception_of_a_web_app_is_impossible() -> None:
    result = run("code-interception", app_kind="web")
    assert result.metrics.attacker_access_s == 0.0 and result.metrics.rejections == {"expired": 3}
    assert failures(result) == [
        "a web app's https redirect URI cannot be registered by another app"
    ]


def test_redirect_uri_with_prefix_matching_the_code_reaches_the_attacker() -> None:
    result = run("redirect-uri")
    rt = result.config.policy.refresh_token_lifetime
    assert result.metrics.to_dict() == QUIET | {
        "attacker_access_s": 86495.85,
        "attacker_refresh_s": rt - 0.15,  # a refresh token of its own grant, a full RT
        "attacker_api_calls": 1810,
        "victim_logins": 1,
        "victim_availability": 1.0,
        "as_load_per_h": 10.125,
        "api_calls": 698,
        "refreshes": 480,
        "stolen_families": 1,  # the family the attacker took tokens of
        "rejections": {"expired": 122},
    }
    assert rt - 0.15 <= result.metrics.attacker_access_s <= rt + 300
    redirect = next(e for e in result.trace if isinstance(e, Redirect) and e.receiver == "attacker")
    assert round(redirect.t, 6) == 3600.1 and redirect.location.startswith(
        "https://attacker.example/collect?code="
    )
    tokens = [e for e in result.issued() if e.holder == "attacker"]
    assert tokens and {e.subject for e in tokens} == {"user-1"}  # the victim's account


def test_redirect_uri_with_exact_matching_no_code_leaves() -> None:
    result = run("redirect-uri", redirect_uri_matching="exact")
    assert result.metrics.to_dict() == QUIET | {
        "victim_logins": 1,
        "victim_availability": 1.0,
        "as_load_per_h": 2.604167,
        "api_calls": 698,
        "refreshes": 120,
        "rejections": {"expired": 121, "unregistered_redirect_uri": 1},
    }
    assert {e.receiver for e in result.trace if isinstance(e, Redirect)} == {"client-1"}
    assert failures(result) == [
        "the auth server refused the crafted link (unregistered_redirect_uri): no code"
    ]


def test_login_csrf_without_state_the_victim_works_in_the_attackers_account() -> None:
    result = run("login-csrf")
    after = [
        e for e in result.trace if e.kind == "call" and e.t > result.config.theft_at
    ]  # every call after the planting
    assert result.metrics.to_dict() == QUIET | {
        "calls_as_other_user": 168,
        "victim_logins": 0,
        "victim_availability": 1.0,
        "as_load_per_h": 10.5,
        "api_calls": 226,
        "refreshes": 38,
        "rejections": {"expired": 38},
    }
    assert len(after) == 168
    planted = next(e for e in result.trace if isinstance(e, Redirect) and e.t >= 3600)
    assert (planted.actor, planted.receiver, planted.refused) == ("user-1/browser", "client-1", "")
    assert {e.subject for e in result.issued() if e.t > 3600} == {"attacker"}


def test_login_csrf_with_state_or_pkce_the_planted_response_is_dropped() -> None:
    for settings, refused in (
        ({"use_state": True}, "state_mismatch"),
        ({"pkce": "S256"}, "unexpected_response"),
    ):
        result = run("login-csrf", **settings)
        assert result.metrics.to_dict() == QUIET | {
            "victim_logins": 0,
            "victim_availability": 1.0,
            "as_load_per_h": 10.5,
            "api_calls": 226,
            "refreshes": 39,
            "rejections": {"expired": 39},
        }
        assert failures(result) == [f"the victim's app dropped the planted response ({refused})"]


def test_implicit_leak_the_token_in_the_history_works_until_it_expires() -> None:
    result = run("implicit-leak")
    cfg = result.config
    assert result.metrics.to_dict() == QUIET | {
        "attacker_access_s": cfg.policy.access_token_lifetime - cfg.theft_at,  # 270 s
        "attacker_api_calls": 6,
        "victim_logins": 0,
        "victim_availability": 1.0,
        "as_load_per_h": 4.0,
        "api_calls": 22,
        "refreshes": 0,
        "stolen_families": 1,  # the family the attacker took tokens of
        "rejections": {"expired": 3},
    }
    (stolen,) = [e for e in result.trace if isinstance(e, Stolen)]
    assert (stolen.t, stolen.token_type) == (30.0, "access")
    assert stolen.token == result.issued("access")[0].token


def test_implicit_leak_the_code_flow_leaves_a_worthless_code() -> None:
    result = run("implicit-leak", login_flow="code")
    assert result.metrics.to_dict() == QUIET | {
        "victim_logins": 0,
        "victim_availability": 1.0,
        "as_load_per_h": 6.0,
        "api_calls": 22,
        "refreshes": 3,
        "rejections": {"expired": 3, "pkce_missing": 1},
    }
    assert [e.token_type for e in result.trace if isinstance(e, Stolen)] == ["authorization_code"]
    assert failures(result) == ["the auth server refused the code (pkce_missing)"]


def test_implicit_leak_a_server_without_the_implicit_grant_leaks_nothing() -> None:
    result = run("implicit-leak", allow_implicit=False)
    assert result.metrics.attacker_access_s == 0.0 and result.metrics.victim_availability == 0.0
    assert result.metrics.rejections["unsupported_response_type"] == 44
    assert failures(result) == ["no authorization response in the browser history"]


def test_without_pkce_a_replayed_code_revokes_the_victims_session() -> None:
    """RFC 6749 §4.1.2: the second redemption revokes what the first got, whoever made it."""
    result = run("implicit-leak", login_flow="code", pkce="none")
    assert [(e.t, e.reason) for e in result.trace if isinstance(e, Revoked)] == [
        (30.05, "code_reused")
    ]
    assert [(e.reason, e.cause) for e in result.trace if isinstance(e, Login)] == [
        ("first", ""),
        ("refresh_failed", "revoked"),
    ]
    assert result.metrics.attacker_access_s == 0.0 and result.metrics.false_logouts == 0


def test_client_authentication_stops_the_thieves_but_not_login_csrf() -> None:
    """A confidential app's secret: the attacker cannot redeem as the app (RFC 6749 §4.1.3)."""
    for name in ("code-interception", "redirect-uri"):
        result = run(name, client_type="confidential")
        assert result.metrics.attacker_access_s == 0.0
        assert result.metrics.rejections["invalid_client"] == 1
        assert failures(result) == ["the auth server refused the code (invalid_client)"]
    csrf = run("login-csrf", client_type="confidential")
    assert csrf.metrics.calls_as_other_user == 168  # the app redeems the planted code itself
