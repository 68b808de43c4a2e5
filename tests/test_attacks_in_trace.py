"""Tampered and misused tokens shown to a running world: each is rejected, with its own reason."""

from __future__ import annotations

import jwt

from simtoken import Accepted, Lost, Rejected, Request, RunConfig, World, apply_settings

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
        (rejected,) = [
            e
            for e in result.trace
            if isinstance(e, Rejected) and e.request_id == request.request_id
        ]
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
