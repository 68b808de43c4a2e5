"""Facts: each named question answered exactly on seeded runs; metrics are columns too."""

from __future__ import annotations

import pytest

import simtoken
from simtoken import Metrics, Result, Stolen, UnknownNameError
from simtoken.analysis.compare import COMPARED_METRICS
from simtoken.analysis.facts import (
    ATTACKER_METRICS,
    FACTS,
    METRIC_NAMES,
    USER_METRICS,
    Fact,
    answer,
    column_name,
    issued_to,
    rejected_as,
    value_of,
)
from simtoken.widgets import RaceChoices, race_outcome


def test_the_metric_groups_are_the_comparison_columns_and_every_metric_is_a_column() -> None:
    assert ATTACKER_METRICS + USER_METRICS == COMPARED_METRICS
    blank = Metrics()
    assert set(METRIC_NAMES) == set(blank.to_dict())
    assert not set(FACTS) & set(METRIC_NAMES)  # a column name means one thing


def test_api_rejections_count_the_apis_401s_not_the_auth_servers_refusals(
    refresh7: Result,
) -> None:
    # 121 expired rejections: 120 at the API, 1 at the auth server (the refresh token's end)
    assert refresh7.metrics.rejections == {"expired": 121}
    assert value_of(refresh7, "api_rejections") == 120
    assert value_of(refresh7, rejected_as("expired")) == 121
    assert value_of(refresh7, rejected_as("reused")) == 0
    sso = simtoken.run(
        "sso", seed=7, horizon=3600, algorithm="HS256"
    )  # several APIs, one audience each
    per_api = [e for e in sso.trace.of_kind("rejected") if e.actor != "auth-server"]
    assert value_of(sso, "api_rejections") == len(per_api) > 0


def test_refresh_tokens_and_relogin_causes(refresh7: Result) -> None:
    assert value_of(refresh7, "refresh_tokens") == len(refresh7.issued("refresh")) == 2
    assert value_of(refresh7, "relogin_causes") == "expired x1"  # the refresh token's end
    lost = simtoken.run("lost-response", seed=7, horizon=2 * 86_400, algorithm="HS256")
    assert value_of(lost, "relogin_causes") == "reused x4"
    assert value_of(lost, "reuse_presenters") == "client-1, client-1, client-1, client-1"
    expiry = simtoken.run(
        "expiry", seed=7, horizon=1200, algorithm="HS256"
    )  # no refresh token at all
    assert value_of(expiry, "relogin_causes") == "access_token_expired x3"
    assert value_of(expiry, "reuse_presenters") == "-"


def test_answer_issued_to_and_reuse_presenters_tell_the_grace_interval_story() -> None:
    grace = simtoken.run("grace-interval", seed=7, algorithm="HS256")
    assert value_of(grace, answer("retry")) == "accepted"
    assert value_of(grace, answer("old-copy")) == "reused"
    assert value_of(grace, answer("nobody")) == "-"
    assert value_of(grace, issued_to("retry")) == 1
    assert value_of(grace, issued_to("retry", "access")) == 1
    assert value_of(grace, "reuse_presenters") == "old-copy"
    dropped = simtoken.run("refresh", seed=0, horizon=600, loss=0.5, algorithm="HS256")
    assert value_of(dropped, answer("client-1")) == "lost"  # the login request was dropped


def test_stolen_access_left_is_the_stolen_tokens_exp_minus_the_theft_time() -> None:
    f4 = simtoken.run("theft-f4", seed=7, algorithm="HS256")
    (stolen,) = [e for e in f4.trace if isinstance(e, Stolen) and e.token_type == "access"]
    (issued,) = [e for e in f4.issued("access") if e.token == stolen.token]
    assert value_of(f4, "stolen_access_left_s") == issued.expires - stolen.t == 38.0
    assert value_of(f4, "attacker_access_s") == 38.0  # all of it, with local validation
    assert value_of(simtoken.run("refresh", seed=7, horizon=600), "stolen_access_left_s") is None


def test_false_logouts_per_100_user_days_is_the_race_explorers_headline() -> None:
    for choices in (RaceChoices(), RaceChoices(race_window=0.5), RaceChoices(clients=2)):
        outcome = race_outcome(choices)
        got = value_of(outcome.result, "false_logouts_per_100_user_days")
        assert got == outcome.per_100_user_days
    assert value_of(race_outcome(RaceChoices()).result, "false_logouts_per_100_user_days") == 400.0


def test_a_metric_column_is_the_metric_and_a_mapping_is_a_copy(refresh7: Result) -> None:
    assert value_of(refresh7, "victim_logins") == refresh7.metrics.victim_logins == 1
    rejections = value_of(refresh7, "rejections")
    assert rejections == {"expired": 121} and rejections is not refresh7.metrics.rejections


def test_a_fact_is_a_column_by_itself_and_names_its_column(refresh7: Result) -> None:
    calls = Fact("calls", lambda r: r.metrics.api_calls, "user API calls")
    assert value_of(refresh7, calls) == refresh7.metrics.api_calls
    assert [column_name(c) for c in (calls, "refreshes", answer("x"), issued_to("y"))] == [
        "calls",
        "refreshes",
        "answer to x",
        "refresh tokens to y",
    ]
    assert column_name(rejected_as("reused")) == "rejected reused"
    assert all(fact.about for fact in FACTS.values())


def test_an_unknown_column_is_a_named_error_with_a_suggestion(refresh7: Result) -> None:
    with pytest.raises(UnknownNameError) as caught:
        value_of(refresh7, "victim_login")
    assert caught.value.field == "column" and caught.value.suggestion == "victim_logins"
    assert "api_rejections" in caught.value.allowed
