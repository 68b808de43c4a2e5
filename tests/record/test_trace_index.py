"""Trace.only / located: the events of some classes, as a filter over the trace finds them."""

from __future__ import annotations

import functools

from hypothesis import given, settings
from hypothesis import strategies as st

import simtoken
from simtoken.record import events
from simtoken.record.event_base import Event
from simtoken.record.trace import Trace

CLASSES = sorted(
    (cls for name in events.__all__ if (cls := getattr(events, name)) is not Event),
    key=lambda cls: cls.__name__,
)
"""Every class of event (a trace holds none of the base class itself)."""


@functools.cache
def traces() -> tuple[Trace, ...]:
    """Traces with many kinds of event: key leak, reuse, detection, flows, logout, a page."""
    runs = [
        ("key-compromise", 2),
        ("reuse-detection", 1),
        ("detection", 1),
        ("single-logout", 1),
        ("precomputed-proofs", 1),
        ("code-interception", 1),
    ]
    return tuple(simtoken.run(name, seed=seed).trace for name, seed in runs)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(CLASSES), min_size=1, max_size=4, unique=True))
def test_only_is_the_filter_by_class(classes: list[type[Event]]) -> None:
    wanted = tuple(classes)
    for trace in traces():
        expected = [(i, e) for i, e in enumerate(trace) if isinstance(e, wanted)]
        assert trace.only(*wanted) == tuple(e for _, e in expected)
        if len(wanted) == 1:
            assert trace.located(wanted[0]) == expected


def test_the_traces_hold_many_kinds() -> None:
    kinds = {type(e) for trace in traces() for e in trace}
    assert len(kinds) == 19
