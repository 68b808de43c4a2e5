"""Seeded scenarios: whole traces, pinned metrics, and the outcomes their docstrings promise."""

from __future__ import annotations

import jwt
from conftest import quiet_metrics, rows

import simtoken
from simtoken import Issued, Login, Rejected, Request, Result, SimClock
from simtoken.scenarios import SCENARIOS, THEFT_SCENARIOS
from simtoken.widgets.theft import THEFT_SCENARIOS as WIDGET_THEFT_SCENARIOS


def assert_tokens_flow(result: Result) -> None:
    """Every API request carries the access token most recently issued to its sender.

    Not vacuous: the run must contain API requests, and every one must come from a sender the
    auth server has issued an access token to.
    """
    latest: dict[str, str] = {}
    checked = 0
    for event in result.trace:
        if isinstance(event, Issued) and event.token_type == "access":
            latest[event.holder] = event.token
        elif isinstance(event, Request) and event.endpoint == "api":
            assert event.actor in latest, f"{event.actor} called an API before any token"
            assert event.token == latest[event.actor]
            checked += 1
    assert checked > 0, "no API request to check"


def test_expiry_whole_trace() -> None:
    result = simtoken.run("expiry", seed=7, horizon=700, request_interval=150)
    assert rows(result) == [
        (0, "login", "client-1", "user-1", "", "first"),
        (0, "request", "client-1", "auth-server", 1, "login"),
        (0.05, "issued", "auth-server", "client-1", "", "access token"),
        (0.05, "accepted", "auth-server", "", 1, ""),
        (0.1, "request", "client-1", "api.example", 2, "api"),
        (0.15, "accepted", "api.example", "", 2, ""),
        (0.2, "call", "client-1", "api.example", "", "ok"),
        (24.069, "request", "client-1", "api.example", 3, "api"),
        (24.119, "accepted", "api.example", "", 3, ""),
        (24.169, "call", "client-1", "api.example", "", "ok"),
        (88.603, "request", "client-1", "api.example", 4, "api"),
        (88.653, "accepted", "api.example", "", 4, ""),
        (88.703, "call", "client-1", "api.example", "", "ok"),
        (135.153, "request", "client-1", "api.example", 5, "api"),
        (135.203, "accepted", "api.example", "", 5, ""),
        (135.253, "call", "client-1", "api.example", "", "ok"),
        (205.054, "request", "client-1", "api.example", 6, "api"),
        (205.104, "accepted", "api.example", "", 6, ""),
        (205.154, "call", "client-1", "api.example", "", "ok"),
        (270.061, "request", "client-1", "api.example", 7, "api"),
        (270.111, "accepted", "api.example", "", 7, ""),
        (270.161, "call", "client-1", "api.example", "", "ok"),
        # exp = iat + 300 = 300: the next call, at 334.6, meets a 401 and the user logs in again.
        (334.585, "request", "client-1", "api.example", 8, "api"),
        (334.635, "rejected", "api.example", "", 8, "expired"),
        (334.685, "login", "client-1", "user-1", "", "access_token_expired"),
        (334.685, "request", "client-1", "auth-server", 9, "login"),
        (334.735, "issued", "auth-server", "client-1", "", "access token"),
        (334.735, "accepted", "auth-server", "", 9, ""),
        (334.785, "request", "client-1", "api.example", 10, "api"),
        (334.835, "accepted", "api.example", "", 10, ""),
        (334.885, "call", "client-1", "api.example", "", "ok"),
        (456.515, "request", "client-1", "api.example", 11, "api"),
        (456.565, "accepted", "api.example", "", 11, ""),
        (456.615, "call", "client-1", "api.example", "", "ok"),
        (535.845, "request", "client-1", "api.example", 12, "api"),
        (535.895, "accepted", "api.example", "", 12, ""),
        (535.945, "call", "client-1", "api.example", "", "ok"),
        (672.823, "request", "client-1", "api.example", 13, "api"),
        (672.873, "rejected", "api.example", "", 13, "expired"),
        (672.923, "login", "client-1", "user-1", "", "access_token_expired"),
        (672.923, "request", "client-1", "auth-server", 14, "login"),
        (672.973, "issued", "auth-server", "client-1", "", "access token"),
        (672.973, "accepted", "auth-server", "", 14, ""),
        (673.023, "request", "client-1", "api.example", 15, "api"),
        (673.073, "accepted", "api.example", "", 15, ""),
        (673.123, "call", "client-1", "api.example", "", "ok"),
    ]
    assert result.metrics.victim_logins == 2
    assert result.issued("refresh") == []  # refresh=none: no offline_access, no refresh token
    assert_tokens_flow(result)


def test_refresh_whole_trace() -> None:
    result = simtoken.run(
        "refresh",
        seed=3,
        horizon=1300,
        request_interval=120,
        refresh_token_lifetime=900,
        active_period=1e6,
        idle_period=0,
    )
    assert rows(result) == [
        (0, "login", "client-1", "user-1", "", "first"),
        (0, "request", "client-1", "auth-server", 1, "login"),
        (0.05, "issued", "auth-server", "client-1", "", "refresh token"),
        (0.05, "issued", "auth-server", "client-1", "", "access token"),
        (0.05, "accepted", "auth-server", "", 1, ""),
        (0.1, "request", "client-1", "api.example", 2, "api"),
        (0.15, "accepted", "api.example", "", 2, ""),
        (0.2, "call", "client-1", "api.example", "", "ok"),
        (238.453, "request", "client-1", "api.example", 3, "api"),
        (238.503, "accepted", "api.example", "", 3, ""),
        (238.553, "call", "client-1", "api.example", "", "ok"),
        (398.262, "request", "client-1", "api.example", 4, "api"),
        (398.312, "rejected", "api.example", "", 4, "expired"),
        (398.362, "request", "client-1", "auth-server", 5, "refresh (reactive)"),
        (398.412, "issued", "auth-server", "client-1", "", "access token"),
        (398.412, "accepted", "auth-server", "", 5, ""),
        (398.462, "request", "client-1", "api.example", 6, "api"),
        (398.512, "accepted", "api.example", "", 6, ""),
        (398.562, "call", "client-1", "api.example", "", "ok"),
        (711.085, "request", "client-1", "api.example", 7, "api"),
        (711.135, "rejected", "api.example", "", 7, "expired"),
        (711.185, "request", "client-1", "auth-server", 8, "refresh (reactive)"),
        (711.235, "issued", "auth-server", "client-1", "", "access token"),
        (711.235, "accepted", "auth-server", "", 8, ""),
        (711.285, "request", "client-1", "api.example", 9, "api"),
        (711.335, "accepted", "api.example", "", 9, ""),
        (711.385, "call", "client-1", "api.example", "", "ok"),
        (818.254, "request", "client-1", "api.example", 10, "api"),
        (818.304, "accepted", "api.example", "", 10, ""),
        (818.354, "call", "client-1", "api.example", "", "ok"),
        (851.948, "request", "client-1", "api.example", 11, "api"),
        (851.998, "accepted", "api.example", "", 11, ""),
        (852.048, "call", "client-1", "api.example", "", "ok"),
        (914.077, "request", "client-1", "api.example", 12, "api"),
        (914.127, "accepted", "api.example", "", 12, ""),
        (914.177, "call", "client-1", "api.example", "", "ok"),
        (952.431, "request", "client-1", "api.example", 13, "api"),
        (952.481, "accepted", "api.example", "", 13, ""),
        (952.531, "call", "client-1", "api.example", "", "ok"),
        (974.586, "request", "client-1", "api.example", 14, "api"),
        (974.636, "accepted", "api.example", "", 14, ""),
        (974.686, "call", "client-1", "api.example", "", "ok"),
        # The refresh token (exp = 900) is dead: the refresh is rejected and the user logs in.
        (1110.483, "request", "client-1", "api.example", 15, "api"),
        (1110.533, "rejected", "api.example", "", 15, "expired"),
        (1110.583, "request", "client-1", "auth-server", 16, "refresh (reactive)"),
        (1110.633, "rejected", "auth-server", "", 16, "expired"),
        (1110.683, "login", "client-1", "user-1", "", "refresh_failed"),
        (1110.683, "request", "client-1", "auth-server", 17, "login"),
        (1110.733, "issued", "auth-server", "client-1", "", "refresh token"),
        (1110.733, "issued", "auth-server", "client-1", "", "access token"),
        (1110.733, "accepted", "auth-server", "", 17, ""),
        (1110.783, "request", "client-1", "api.example", 18, "api"),
        (1110.833, "accepted", "api.example", "", 18, ""),
        (1110.883, "call", "client-1", "api.example", "", "ok"),
        (1195.823, "request", "client-1", "api.example", 19, "api"),
        (1195.873, "accepted", "api.example", "", 19, ""),
        (1195.923, "call", "client-1", "api.example", "", "ok"),
        (1206.493, "request", "client-1", "api.example", 20, "api"),
        (1206.543, "accepted", "api.example", "", 20, ""),
        (1206.593, "call", "client-1", "api.example", "", "ok"),
    ]
    # The same refresh token is presented on every refresh (no rotation yet).
    first_rt = result.issued("refresh")[0].token
    refreshes = [e for e in result.trace if isinstance(e, Request) and e.endpoint == "refresh"]
    assert [e.token for e in refreshes] == [first_rt] * 3
    assert_tokens_flow(result)


def test_pinned_metrics_of_the_default_scenarios(
    expiry7: Result, refresh7: Result, sso7: Result
) -> None:
    assert expiry7.metrics.to_dict() == quiet_metrics(
        victim_logins=32,
        victim_availability=1.0,
        as_load_per_h=11.0,
        api_calls=346,
        rejections={"expired": 32},
    )
    assert refresh7.metrics.to_dict() == quiet_metrics(
        victim_logins=1,
        victim_availability=1.0,
        as_load_per_h=2.541667,
        api_calls=698,
        refreshes=120,
        rejections={"expired": 121},
    )
    assert sso7.metrics.to_dict() == quiet_metrics(
        victim_availability=1.0,
        as_load_per_h=7.625,
        api_calls=199,
        refreshes=60,
        rejections={"expired": 59, "wrong_audience": 1},
    )


def test_expiry_outcome_matches_its_docstring(expiry7: Result) -> None:
    horizon, lifetime = expiry7.config.horizon, expiry7.config.policy.access_token_lifetime
    assert 0.8 * horizon / lifetime <= expiry7.metrics.victim_logins <= horizon / lifetime
    assert set(expiry7.metrics.rejections) == {"expired"}
    assert_tokens_flow(expiry7)


def test_leeway_delays_each_expiry_by_exactly_the_leeway() -> None:
    base = simtoken.run("expiry", seed=7, horizon=2000)
    lenient = simtoken.run("expiry", seed=7, horizon=2000, leeway=30)
    clock = SimClock()

    def last_accept_and_first_reject(result: Result) -> tuple[float, float]:
        token = result.issued("access")[0]
        exp = token.expires
        uses = [
            (e.t, e.kind)
            for e in result.trace
            if e.kind in ("accepted", "rejected") and getattr(e, "token", None) == token.token
        ]
        accepted = max(t for t, k in uses if k == "accepted")
        rejected = min(t for t, k in uses if k == "rejected")
        assert (
            clock.numeric_date(exp)
            == jwt.decode(token.token, options={"verify_signature": False})["exp"]
        )
        return accepted - exp, rejected - exp

    acc, rej = last_accept_and_first_reject(base)
    assert acc < 0 <= rej
    acc, rej = last_accept_and_first_reject(lenient)
    assert acc < 30 <= rej


def test_api_clock_behind_rejects_fresh_tokens_until_leeway_covers_the_skew() -> None:
    skewed = simtoken.run("expiry", seed=7, horizon=1800, rs_skew=-5)
    assert skewed.metrics.rejections.get("not_yet_valid", 0) > 0
    assert skewed.metrics.victim_availability is not None and skewed.metrics.victim_availability < 1
    covered = simtoken.run("expiry", seed=7, horizon=1800, rs_skew=-5, leeway=5)
    assert "not_yet_valid" not in covered.metrics.rejections


def test_refresh_outcome_matches_its_docstring(refresh7: Result) -> None:
    m = refresh7.metrics
    assert m.victim_logins == 1
    login = [e for e in refresh7.trace if isinstance(e, Login)]
    assert [e.reason for e in login] == ["first", "refresh_failed"]
    assert login[1].t >= refresh7.config.policy.refresh_token_lifetime
    assert m.victim_availability == 1.0
    assert_tokens_flow(refresh7)


def test_proactive_refresh_avoids_401s_while_the_refresh_token_lives(refresh7: Result) -> None:
    proactive = simtoken.run("refresh", seed=7, refresh="proactive")
    assert proactive.metrics.rejections == {"expired": 1}  # the one refresh token expiry
    assert proactive.metrics.victim_logins == refresh7.metrics.victim_logins
    # Same seed, same user behaviour: the same number of API calls in both modes.
    assert proactive.metrics.api_calls == refresh7.metrics.api_calls


def test_refresh_load_scales_with_access_token_lifetime() -> None:
    loads = [
        simtoken.run("refresh", seed=7, horizon=86_000, access_token_lifetime=lt).metrics.refreshes
        for lt in (60, 300, 1800)
    ]
    assert loads == [108, 38, 10]


def test_sso_one_login_two_audiences_and_replay_rejected(sso7: Result) -> None:
    assert sso7.metrics.victim_logins == 0
    access = sso7.issued("access")
    assert {e.audience for e in access} == {"https://mail.example", "https://calendar.example"}
    for event in access:
        assert jwt.decode(event.token, options={"verify_signature": False})["aud"] == event.audience
    replays = [e for e in sso7.trace if isinstance(e, Request) and e.actor == "mail.example"]
    assert len(replays) == 1
    outcome = sso7.trace.outcome(replays[0].request_id)
    assert isinstance(outcome, Rejected) and outcome.reason == "wrong_audience"
    mail_tokens = {e.token for e in access if e.audience == "https://mail.example"}
    assert replays[0].token in mail_tokens
    first_calendar = next(
        e for e in sso7.trace if isinstance(e, Request) and e.target == "calendar.example"
    )
    before = [
        e
        for e in sso7.trace
        if isinstance(e, Request) and e.endpoint == "refresh" and e.t < first_calendar.t
    ]
    assert [e.note for e in before][-1:] == ["new_audience"]


def test_sso_replayed_token_was_otherwise_valid(sso7: Result) -> None:
    """Only the audience check stops the replay: signature, type and expiry are all fine."""
    replay = next(e for e in sso7.trace if isinstance(e, Request) and e.actor == "mail.example")
    rs = simtoken.Verifier.from_jwks(sso7.jwks, "https://as.example")
    verdict = rs.check(
        replay.token,
        now=replay.t,
        audience="https://mail.example",
        expected_type=simtoken.TokenType.ACCESS,
    )
    assert verdict.accepted  # seed 7: the replayed mail token was still fresh at noon


def test_runs_are_deterministic_and_seed_dependent() -> None:
    a = simtoken.run("refresh", seed=11, horizon=20_000).to_json()
    b = simtoken.run("refresh", seed=11, horizon=20_000).to_json()
    c = simtoken.run("refresh", seed=12, horizon=20_000).to_json()
    assert a == b
    assert a != c


def test_many_clients_each_log_in_once_first(refresh7: Result) -> None:
    result = simtoken.run("refresh", seed=7, clients=5, horizon=3600)
    firsts = [e for e in result.trace if isinstance(e, Login) and e.reason == "first"]
    assert sorted(e.actor for e in firsts) == [f"client-{i}" for i in range(1, 6)]
    assert_tokens_flow(result)


def test_lost_requests_fail_calls_but_never_crash() -> None:
    result = simtoken.run("refresh", seed=7, horizon=20_000, loss=0.2)
    m = result.metrics
    assert m.victim_availability is not None and 0.5 < m.victim_availability < 1.0
    lost = result.trace.of_kind("lost")
    assert len(lost) > 0


def test_theft_scenarios_are_derived_from_the_catalog() -> None:
    expected = (
        *("theft", "theft-f1", "theft-f2", "theft-f3", "theft-f3b", "theft-f4", "theft-f8"),
        *("scopes", "cookie-refresh", "csrf", "fingerprint", "dbsc", "dpop-nonce"),
        *("precomputed-proofs", "detection", "detection-careful-attacker", "remediation"),
    )
    assert expected == THEFT_SCENARIOS
    assert WIDGET_THEFT_SCENARIOS is THEFT_SCENARIOS  # one home: the widgets re-export it
    assert all(SCENARIOS[n].defaults.theft_vector != "none" for n in THEFT_SCENARIOS)
