"""Pausing Python's cyclic garbage collector while a run records its events.

A population run creates millions of objects (trace records, tokens, grants) that live until
the run ends and hold no reference cycles. CPython's cyclic collector cannot know that: each
time enough objects have been allocated it examines the young ones, and now and then all of
them, so a long run spends a growing share of its time re-examining records it can never free.
:func:`paused_collection` turns the automatic collector off while a run simulates and computes
its metrics, and when the run ends, however it ends, turns it back on (if it was on) and
examines the young objects once (``gc.collect(1)``): the run pays that examination itself
instead of leaving it to whatever code allocates next. Reference counting frees everything
else as usual, and a run makes next to no cyclic garbage while it runs (a 1,000-user, two-day
``refresh`` run: the collection after it, with the world and its result still held, found 6
objects). On that run the pause saves about 15 % of the CPU time (8.2 s instead of 9.6 s,
the final collection included). Nothing a run computes depends on it. See the :mod:`gc`
documentation (``gc.disable``, ``gc.isenabled``, ``gc.collect``).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["paused_collection"]


@contextmanager
def paused_collection() -> Iterator[None]:
    """Automatic cyclic garbage collection off inside the block (see the module docstring).

    Nested blocks are fine: only the outermost turns the collector back on and collects.
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()
            gc.collect(1)
