"""paused_collection: the cyclic collector is off during a run and as it was after it."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

import simtoken
from simtoken.record.collector import paused_collection
from simtoken.runner import build, configure


@pytest.fixture
def collector_on() -> Iterator[None]:
    was_on = gc.isenabled()
    gc.enable()
    yield
    if not was_on:
        gc.disable()


@pytest.mark.usefixtures("collector_on")
def test_off_inside_and_on_after_even_on_error() -> None:
    with pytest.raises(ZeroDivisionError), paused_collection():
        assert not gc.isenabled()
        with paused_collection():  # nested: the outer block turns it back on
            assert not gc.isenabled()
        assert not gc.isenabled()
        _ = 1 / 0
    assert gc.isenabled()


@pytest.mark.usefixtures("collector_on")
def test_a_collector_that_was_off_stays_off() -> None:
    gc.disable()
    with paused_collection():
        assert not gc.isenabled()
    assert not gc.isenabled()


@pytest.mark.usefixtures("collector_on")
def test_a_run_pauses_the_collector_and_makes_no_cyclic_garbage() -> None:
    world = build("refresh", configure("refresh", None, {"clients": 20}), 3)
    seen: list[bool] = []
    gc.collect()
    result = world.run(progress=lambda _fraction: seen.append(gc.isenabled()))
    assert seen == [False] * 100
    assert gc.isenabled()
    assert gc.collect() < 20  # with the world and its result held: nothing to free
    assert result.metrics == simtoken.run("refresh", seed=3, clients=20).metrics
