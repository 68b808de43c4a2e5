"""Request contexts: the honest users' noisy model, the attacker's, and the detector's scoring."""

from __future__ import annotations

import itertools
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

import simtoken
from simtoken import ConfigError, UnknownNameError
from simtoken.actors.contexts import HOMES, ContextModel, attacker_context
from simtoken.actors.detector import FamilyHistory, Signal, score
from simtoken.config.run import RunConfig
from simtoken.record.context import Place, RequestContext, distance_km
from simtoken.world import World

_DAY = 86_400.0


def model(seed: int, index: int = 1, horizon: float = 14 * _DAY) -> ContextModel:
    return ContextModel(random.Random(f"{seed}/user-{index}/context"), index, horizon)


def test_a_model_is_a_pure_function_of_its_seed() -> None:
    a, b = model(3), model(3)
    times = [i * 977.0 for i in range(1000)]
    assert [a(t) for t in times] == [b(t) for t in times]
    assert [a(t) for t in times] != [model(4)(t) for t in times]


def test_a_query_order_does_not_change_the_answers() -> None:
    m = model(5)
    forward = [m(t) for t in range(0, 1_000_000, 5000)]
    backward = [m(t) for t in reversed(range(0, 1_000_000, 5000))]
    assert forward == backward[::-1]


@pytest.mark.parametrize("seed", range(12))
def test_flights_move_at_a_plausible_speed(seed: int) -> None:
    m = model(seed)
    for s in (s for s in m.stretches if s.origin is not None):
        points = [s.start + f * (s.end - s.start) / 20 for f in range(20)]  # in the air
        for t0, t1 in itertools.pairwise(points):
            km = distance_km(m(t0).place, m(t1).place)
            assert km / ((t1 - t0) / 3600) < 1000.0  # below the detector's default


def test_honest_noise_shows_every_documented_kind_over_two_weeks() -> None:
    asns = {c.asn for i in range(1, 9) for c in map(model(1, i), range(0, 14 * 86_400, 600))}
    assert {64510, 65548, 65551} <= asns  # a VPN, a hotel, a flight
    updated = [m for m in (model(1, i) for i in range(1, 9)) if m.update_at < 14 * _DAY]
    assert updated  # some browser updates within two weeks, one version up
    before, after = updated[0].user_agent(0.0), updated[0].user_agent(14 * _DAY)
    assert int(after.partition("/")[2]) == int(before.partition("/")[2]) + 1


def test_a_careful_thief_copies_the_victim_and_a_careless_one_does_not() -> None:
    victim = model(2)
    careful = attacker_context("careful", victim, 3600.0)
    careless = attacker_context("careless", victim, 3600.0)
    home, language = HOMES[0]
    assert (careful.place, careful.language) == (home, language)
    assert careful.user_agent == victim(3600.0).user_agent
    assert careful.ip != victim(3600.0).ip
    assert distance_km(careless.place, home) > 5000 and careless.user_agent != careful.user_agent


def test_a_run_without_contexts_is_the_same_run() -> None:
    """Stamping contexts changes no draw and no outcome: only the records' context label."""
    config = RunConfig(horizon=20_000.0, theft_vector="xss", theft_at=3600.0)
    stamped = World(config, seed=7).run()
    bare = World(config, seed=7)
    bare.network.contexts = None
    plain = bare.run()
    strip = [{k: v for k, v in e.to_dict().items() if k != "context"} for e in stamped.trace]
    assert strip == [e.to_dict() for e in plain.trace]
    assert stamped.metrics == plain.metrics


_BERLIN = RequestContext("192.0.2.1", 64496, HOMES[0][0], "Firefox/120", "de-DE")
_SAO_PAULO = RequestContext("203.0.113.66", 64511, Place("Sao Paulo", "BR", -23.55, -46.6),
                            "Chrome/119", "en-US")  # fmt: skip


def scored(
    before: list[tuple[float, RequestContext]], t: float, ctx: RequestContext
) -> tuple[float, tuple[Signal, ...]]:
    history = FamilyHistory()
    for i, (u, c) in enumerate(before):
        history.seen(u, c, refresh=i > 0, window=600.0)
    return score(history, t, ctx, max_kmh=1000.0, window=600.0, min_gap=150.0)


def test_a_careless_thief_after_the_victim_trips_travel_browser_and_network() -> None:
    points, signals = scored([(0.0, _BERLIN)], 3600.0, _SAO_PAULO)
    assert signals == (Signal.IMPOSSIBLE_TRAVEL, Signal.USER_AGENT_CHANGE, Signal.ASN_CHANGE)
    assert points == 6.0


def test_a_flip_back_within_the_window_is_concurrent_use() -> None:
    other = RequestContext("192.0.2.99", 64496, HOMES[0][0], "Firefox/120", "de-DE")
    assert scored([(0.0, _BERLIN), (200.0, other)], 400.0, _BERLIN)[1] == (Signal.CONCURRENT_USE,)
    assert scored([(0.0, _BERLIN), (200.0, other)], 900.0, _BERLIN)[1] == ()


@given(st.floats(min_value=0.0, max_value=1e7), st.integers(min_value=0, max_value=7))
def test_the_same_context_again_scores_nothing_but_its_pace(t: float, home: int) -> None:
    ctx = RequestContext("192.0.2.5", 64500, HOMES[home][0], "Firefox/121", "fr-FR")
    points, signals = scored([(0.0, ctx)], t, ctx)
    assert signals == ()  # the first request is a login, not a refresh: no pace to compare
    assert points == 0  # nothing signalled, nothing scored


def test_detection_settings_are_checked() -> None:
    with pytest.raises(UnknownNameError):
        RunConfig(detector_action="shout")  # type: ignore[arg-type]
    with pytest.raises(UnknownNameError):
        RunConfig(attacker_context="sloppy")  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="detector_threshold"):
        RunConfig(detector_threshold=0.0)
    with pytest.raises(ConfigError, match="remediation_at"):
        RunConfig(remediation_at=-1.0)
    assert simtoken.run("refresh", seed=7, horizon=3600).metrics.detection_rate is None
