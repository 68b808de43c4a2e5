"""Background workers on the client-credentials grant: a cron schedule, no refresh token ever."""

from __future__ import annotations

import math

import jwt
import pytest

import simtoken
from simtoken import Request, Result


def token_requests(result: Result) -> list[Request]:
    return [e for e in result.trace if isinstance(e, Request) and e.endpoint == "token"]


@pytest.mark.parametrize(("interval", "calls", "tokens"), [(60, 1440, 360), (100, 864, 288)])
def test_a_worker_asks_again_every_ceil_of_lifetime_minus_margin_over_its_interval(
    interval: int, calls: int, tokens: int
) -> None:
    result = simtoken.run("client-credentials", seed=7, worker_interval=interval)
    renew_every = math.ceil((300 - 60) / interval) * interval  # AT 300 s, margin 60 s
    assert (calls, tokens) == (86_400 // interval, math.ceil(86_400 / renew_every))
    m = result.metrics
    assert (m.api_calls, m.victim_availability, m.refreshes, m.victim_logins) == (calls, 1.0, 0, 0)
    requests = token_requests(result)
    assert len(requests) == tokens
    assert {e.grant_type for e in requests} == {"client_credentials"}
    assert [e.t for e in requests[:3]] == [0.0, float(renew_every), float(2 * renew_every)]
    assert result.issued("refresh") == []
    assert m.as_load_per_h == round(tokens / 24, 6)


def test_a_401_makes_the_worker_ask_again_and_retry_once() -> None:
    # The API's clock runs 150 s ahead: a token looks expired 150 s early.
    result = simtoken.run("client-credentials", seed=7, rs_skew=150, horizon=3600)
    m = result.metrics
    assert (m.api_calls, m.victim_availability, m.rejections) == (60, 1.0, {"expired": 19})
    assert len(token_requests(result)) == 20
    assert result.audit() == []


def test_each_worker_has_its_own_identity_tokens_and_grants() -> None:
    result = simtoken.run("client-credentials", seed=7, workers=2, horizon=600)
    by_holder: dict[str, set[str]] = {}
    for event in result.issued("access"):
        claims = jwt.decode(event.token, options={"verify_signature": False})
        assert claims["sub"] == claims["client_id"] == event.holder == event.subject
        assert claims["scope"] == "api.example:read api.example:write"
        by_holder.setdefault(event.holder, set()).add(event.session)
    assert set(by_holder) == {"worker-1", "worker-2"}
    assert not by_holder["worker-1"] & by_holder["worker-2"]
    assert result.metrics.api_calls == 20


def test_a_worker_without_operations_gets_a_token_without_scope() -> None:
    result = simtoken.run("client-credentials", seed=7, operations="", horizon=300)
    claims = jwt.decode(result.issued("access")[0].token, options={"verify_signature": False})
    assert "scope" not in claims and claims["sub"] == "worker-1"
    assert result.metrics.victim_availability == 1.0


def test_workers_next_to_users_leave_the_users_draws_alone() -> None:
    alone = simtoken.run("refresh", seed=7, horizon=7200)
    beside = simtoken.run("refresh", seed=7, horizon=7200, workers=1)

    def user(result: Result) -> list[tuple[float, str]]:
        return [(round(e.t, 9), e.kind) for e in result.trace if e.actor == "client-1"]

    assert user(alone) == user(beside) and len(user(alone)) > 50
    assert beside.metrics.api_calls == alone.metrics.api_calls + 120  # the worker's, each minute
