"""Streaming metrics: keep_trace=False gives exactly the full-trace metrics, with far fewer events."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import simtoken
from simtoken.record.events import Accepted, Issued, Rejected, Request
from simtoken.record.result import Result
from simtoken.record.stream import MetricsLog, stand_in
from simtoken.runner import build, configure
from simtoken.scenarios import SCENARIOS

# Scenarios whose metrics read what the stream is most tempted to drop: users' calls and their
# answers (refresh), thefts and the victim's page (theft-f2, theft-f3), DPoP nonce retries
# (dpop-nonce), detector alerts on users' requests (detection), forged calls (key-compromise).
TEMPTING = ("refresh", "theft-f2", "theft-f3", "dpop-nonce", "detection", "key-compromise")


def both(name: str, seed: int, horizon: float | None = None) -> tuple[Result, Result]:
    config = configure(name, None, {} if horizon is None else {"horizon": horizon})
    full = simtoken.run(name, seed=seed, config=config)
    return full, simtoken.run(name, seed=seed, config=config, keep_trace=False)


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_every_scenario_streams_to_the_same_metrics(name: str) -> None:
    full, streamed = both(name, 7)
    assert streamed.metrics == full.metrics
    assert streamed.metrics.to_dict() == full.metrics.to_dict()


@settings(max_examples=12, deadline=None)
@given(name=st.sampled_from(TEMPTING), seed=st.integers(0, 2**32 - 1))
def test_streamed_metrics_equal_the_full_traces_whatever_the_seed(name: str, seed: int) -> None:
    full, streamed = both(name, seed, horizon=8 * 3600)
    assert streamed.metrics == full.metrics


def test_a_population_run_keeps_about_a_third_of_its_events_and_no_trace() -> None:
    knobs = {"clients": 20, "horizon": 86_400.0, "request_interval": 1800.0, "algorithm": "HS256"}
    config = configure("refresh", None, knobs)
    full = simtoken.run("refresh", seed=3, config=config)
    world = build("refresh", config, 3)
    streamed = world.run(keep_trace=False)
    assert streamed.metrics == full.metrics
    assert len(streamed.trace) == 0
    log = world._log._metrics
    assert log is not None
    assert log.recorded == len(full.trace) == 3438
    assert Counter(e.kind for e in full.trace) == {
        "request": 1261,
        "accepted": 876,
        "call": 471,
        "issued": 425,
        "rejected": 385,
        "login": 20,
    }
    # Kept: every token issued, every login and refresh with its answer; no ordinary call.
    assert Counter(e.kind for e in log.kept) == {
        "issued": 425,
        "request": 405,
        "accepted": 405,
        "login": 20,
    }
    assert (full.metrics.api_calls, full.metrics.refreshes) == (471, 385)


def test_an_ordinary_call_is_dropped_only_once_its_answer_is_in() -> None:
    log = MetricsLog({"client-1": "user-1"}, "auth-server")

    def ask(rid: int, note: str = "") -> Request:
        return Request(
            t=rid, actor="client-1", request_id=rid, target="api-1", endpoint="api", token="t",
            note=note,
        )  # fmt: skip

    first = ask(1)
    log.add(first)
    assert list(log.kept) == [first]  # in flight: its answer may yet be a nonce retry
    log.add(Accepted(t=0.1, actor="api-1", request_id=1, token="t"))
    assert list(log.kept) == []
    second = ask(2)
    nonce = Rejected(
        t=1.1, actor="api-1", request_id=2, token="t", reason="use_dpop_nonce", detail=""
    )
    log.add(second)
    log.add(nonce)
    assert list(log.kept) == [second, nonce]  # nonce_retries counts it
    paged = ask(3, note="page")
    log.add(paged)
    log.add(Accepted(t=2.1, actor="api-1", request_id=3, token="t"))
    assert list(log.kept[2:]) == [paged, Accepted(t=2.1, actor="api-1", request_id=3, token="t")]
    assert (log.recorded, log.tally.rejections) == (6, {"use_dpop_nonce": 1})


def test_a_population_run_keeps_token_stand_ins_not_tokens() -> None:
    knobs = {"clients": 5, "horizon": 6 * 3600.0, "request_interval": 1800.0}
    config = configure("refresh", None, knobs)
    full = simtoken.run("refresh", seed=4, config=config)
    world = build("refresh", config, 4)
    streamed = world.run(keep_trace=False)
    assert streamed.metrics == full.metrics
    log = world._log._metrics
    assert log is not None and log.stand_ins
    issued = [e.token for e in full.trace if isinstance(e, Issued)]
    kept = [e.token for e in log.kept if isinstance(e, Issued)]
    assert kept == [stand_in(t) for t in issued] and len(set(kept)) == len(issued) == 32
    assert {len(t) for t in kept} == {22}
    with pytest.raises(RuntimeError, match="looks_up_tokens"):
        world.latest_issued(holder="client-1", audience="https://as.example")


def test_tokens_stay_whole_when_a_metric_or_a_scenario_reads_them() -> None:
    def stand_ins(name: str, knobs: dict[str, object]) -> bool:
        world = build(name, configure(name, None, {"horizon": 3600.0, **knobs}), 1)
        world.run(keep_trace=False)
        return world._log.stand_ins

    assert stand_ins("refresh", {})
    assert not stand_ins("refresh", {"fingerprint": True})  # its claims are read
    assert not stand_ins("key-compromise", {})  # kids are read after the leak
    assert not stand_ins("reuse-detection", {})  # presents a token it looks up


def test_a_stand_in_is_a_digest_of_the_token() -> None:
    token = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyLTEifQ.c2ln"
    # Known answers: base64url of the 128-bit BLAKE2b digest of the token's UTF-8 bytes.
    assert stand_in(token) == "mh6PpOnGe4PfyPCmyrYjTA"
    assert stand_in(token + "x") == "Q2wV8X0Q3ArdJuGOw8aL0w"
