"""Tampered and misused tokens shown to a running world: each is rejected, with its own reason."""

from __future__ import annotations

from collections.abc import Iterator

import jwt

import simtoken
from simtoken import Accepted, Lost, Rejected, Request, RunConfig, World, apply_settings
from simtoken.record.events import Event
from simtoken.record.trace import Trace

CONFIG = apply_settings(
    RunConfig(), {"horizon": 600, "audiences": "https://api.example,https://other.example"}
)


def tamper_signature(token: str) -> str:
    head, _, sig = token.rpartition(".")
    return f"{head}.{sig[:10]}{'A' if sig[10] != 'A' else 'B'}{sig[11:]}"


def alg_none(token: str) -> str:
    return jwt.encode(jwt.decode(token, options={"verify_signature": False}), "", algorithm="none")


def test_attack_classes_are_rejected_with_distinct_reasons_in_the_trace() -> None:
    world = World(CONFIG, seed=7)
    victim = world.clients[0].name

    def access() -> str:
        issued = world.latest_issued(holder=victim, audience="https://api.example")
        assert issued is not None
        return issued.token

    def refresh() -> str:
        issued = world.latest_issued(holder=victim, audience="https://as.example")
        assert issued is not None
        return issued.token

    attacks = {
        "flipped-byte": lambda: tamper_signature(access()),
        "alg-none": lambda: alg_none(access()),
        "refresh-as-access": refresh,
        "other-audience": access,
    }
    targets = {"other-audience": "other.example"}
    for i, (name, make) in enumerate(attacks.items()):
        world.present(make, at=10.0 + i, to=targets.get(name, "api.example"), actor=name)
    world.present(access, at=20.0, to="auth-server", endpoint="refresh", actor="access-as-refresh")
    result = world.run()

    outcome = {}
    for request in (
        e
        for e in result.trace
        if isinstance(e, Request) and e.actor in (*attacks, "access-as-refresh")
    ):
        rejected = result.trace.outcome(request.request_id)
        assert isinstance(rejected, Rejected)
        outcome[request.actor] = rejected.reason
    assert outcome == {
        "flipped-byte": "bad_signature",
        "alg-none": "alg_not_allowed",
        "refresh-as-access": "wrong_token_type",
        "other-audience": "wrong_audience",
        "access-as-refresh": "wrong_token_type",
    }
    # Presenters are not users: the victim's metrics are untouched.
    assert result.metrics.victim_availability == 1.0


def test_every_request_has_exactly_one_outcome_even_for_garbage() -> None:
    world = World(CONFIG, seed=1)
    for i, junk in enumerate(["", "x.y.z", "\ud800", "a" * 5000]):
        world.present(junk, at=5.0 + i, to="api.example", actor=f"junk-{i}")
    result = world.run()
    requests = [e.request_id for e in result.trace if isinstance(e, Request)]
    outcomes = [e.request_id for e in result.trace if isinstance(e, Accepted | Rejected | Lost)]
    assert sorted(requests) == sorted(outcomes)
    junk_ids = {
        e.request_id for e in result.trace if isinstance(e, Request) and e.actor.startswith("junk-")
    }
    reasons = [
        e.reason for e in result.trace if isinstance(e, Rejected) and e.request_id in junk_ids
    ]
    assert reasons == ["malformed"] * 4


def test_trace_joins_each_request_to_its_one_outcome() -> None:
    result = simtoken.run("lost-response", seed=3, horizon=7200)
    trace = result.trace
    requests = [e for e in trace if isinstance(e, Request)]
    outcomes = [e for e in trace if isinstance(e, Accepted | Rejected | Lost)]
    assert len(requests) == len(outcomes) > 20
    assert {type(e) for e in outcomes} == {Accepted, Rejected}
    for request in requests:
        outcome = trace.outcome(request.request_id)
        assert outcome is not None and outcome.request_id == request.request_id
        assert outcome in outcomes and outcome.t >= request.t
        assert trace.request(request.request_id) is request
    assert trace.outcome(-1) is None and trace.request(-1) is None
    assert trace[:1].outcome(requests[0].request_id) is None  # a slice has only its own events
    assert Trace.of(trace) is trace and Trace.of(list(trace)) == trace


class _CountedScans(tuple[Event, ...]):
    scans = 0

    def __iter__(self) -> Iterator[Event]:
        _CountedScans.scans += 1
        return super().__iter__()


def test_trace_indexes_its_requests_once() -> None:
    events = simtoken.run("expiry", seed=7, horizon=600).trace.events
    trace = Trace(_CountedScans(events))
    ids = [e.request_id for e in events if isinstance(e, Request)]
    for _ in range(3):
        assert [trace.outcome(i) is not None for i in ids] == [True] * len(ids)
    assert _CountedScans.scans == 1
