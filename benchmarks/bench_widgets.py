"""Widget benchmark: how long one explorer update takes, uncached, simulation vs drawing.

What is measured
================

For each explorer (``simtoken.widgets``), built with its default choices (one user, one
simulated day), ``N`` updates exactly as a control move performs them:
:meth:`Explorer.compute` (the simulation through the explorer's pure function) followed by
:meth:`Explorer.paint` (caption and table HTML, the picture redrawn into the explorer's one
figure and rendered to PNG bytes for its ``Image`` widget). Every explorer cache is cleared
before every update (``simtoken.widgets.clear_caches``), so each update really re-runs the
simulation: this is the *uncached* update, the slowest a learner can meet. Two warm-up updates
run first (imports, fonts, the figure's first layout), and a full garbage collection runs,
untimed, before each timed update. What stays warm on purpose is what a live explorer keeps
between two moves: its figure and axes, and the pixels of texts it drew before (tick labels,
lane names: ``simtoken.widgets._textcache``); ``--cold`` clears those stencils too before
every update (the cost of a move after which every text is new).

Per explorer the report shows the median and 90th percentile of the update's wall time, its
median CPU time, the median time simulating and drawing and their shares. The benchmark exits
with 1 if a gated explorer's median update exceeds the budget (100 ms) in CPU time: an update
is single-threaded and CPU-bound, so its CPU time is the latency a learner meets on a machine
of their own, while on a shared machine (this project's two-core development box, with other
test runs going on) wall time also counts waiting for a CPU; the load average is printed.
``--wall`` gates on wall time instead.

Every explorer is gated, including the two that run several simulations per update:
**compare** runs one simulation per policy (three by default) and redraws
:func:`simtoken.plots.plot_comparison`'s panels, kept between updates, like every explorer's
figure; **lifetime** draws a sweep of two runs per lifetime on the slider (18 runs), which is
why its slider has ``continuous_update=False`` and relies on its cache. Its row times one
slider move to a lifetime not yet simulated (two uncached one-day runs, the rest of the sweep
from the cache, the sweep chart redrawn into its kept panels). ``Case.gated=False`` would
report an explorer without gating it (``--strict`` gates such a case too).

``--strategies`` also times the two ways to show a figure in a widget for the rotation
explorer's timeline: this package's (redraw into a kept figure, render PNG once, set an
``Image``) against ``display(fig)`` in an ``Output``, where the inline backend renders a fresh
figure with ``bbox_inches="tight"`` (IPython's ``print_figure``, what the notebook would run).

Run::

    .venv/bin/python benchmarks/bench_widgets.py            # 30 updates per explorer
    .venv/bin/python benchmarks/bench_widgets.py --quick    # 10 updates per explorer
    .venv/bin/python benchmarks/bench_widgets.py --only race --profile 25
    .venv/bin/python benchmarks/bench_widgets.py --wall --strict --strategies
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import os
import pstats
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import matplotlib

matplotlib.use("Agg")

import simtoken.widgets as w
from simtoken.plots import timeline

BUDGET_MS = 100.0
FULL_N = 30
QUICK_N = 10
WARMUP = 2


@dataclass(frozen=True)
class Sample:
    """One update: wall seconds simulating and drawing, and CPU seconds of the whole."""

    sim: float
    draw: float
    cpu: float

    @property
    def total(self) -> float:
        """Wall seconds of the whole update."""
        return self.sim + self.draw


@dataclass(frozen=True)
class Case:
    """An explorer to time: its name, how to build it, whether the budget applies."""

    name: str
    build: Callable[[], Any]
    gated: bool = True
    prepare: Callable[[Any], None] | None = None


def _lifetime_prepare(explorer: Any) -> None:
    """Cache the sweep except the lifetime the update will simulate (a fresh slider stop)."""
    w.clear_caches()
    for lifetime in explorer.lifetimes:
        if lifetime != explorer.slider.value:
            w.lifetime_metrics(explorer.seed, lifetime, horizon=explorer.horizon)


CASES = (
    Case("rotation", w.rotation_explorer),
    Case("race", w.race_explorer),
    Case("theft", w.theft_explorer),
    Case("compare", w.compare_explorer),
    Case(
        "lifetime",
        lambda: w.lifetime_explorer(horizon=w.DAY),
        prepare=_lifetime_prepare,
    ),
)


def update_once(
    explorer: Any, prepare: Callable[[Any], None] | None, *, cold: bool = False
) -> Sample:
    """One uncached update of ``explorer`` (caches cleared first), timed in two halves."""
    if cold and hasattr(explorer, "canvas"):
        explorer.canvas.texts.clear()
    if prepare is None:
        w.clear_caches()
    else:
        prepare(explorer)
    gc.collect()
    cpu0 = time.process_time()
    t0 = time.perf_counter()
    outcome = explorer.compute(explorer.values())
    t1 = time.perf_counter()
    explorer.paint(outcome)
    t2 = time.perf_counter()
    cpu1 = time.process_time()
    if not bytes(explorer.chart.value).startswith(b"\x89PNG"):  # pragma: no cover
        raise RuntimeError(f"{type(explorer).__name__} painted no PNG")
    return Sample(t1 - t0, t2 - t1, cpu1 - cpu0)


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-quantile (0..1) of ``values``, linearly interpolated."""
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def measure(case: Case, n: int, *, cold: bool = False) -> list[Sample]:
    """Build the explorer, warm it up, and time ``n`` uncached updates."""
    explorer = case.build()
    for _ in range(WARMUP):
        update_once(explorer, case.prepare, cold=cold)
    return [update_once(explorer, case.prepare, cold=cold) for _ in range(n)]


def strategies(n: int) -> None:
    """Time the rotation explorer's picture both ways (see the module docstring)."""
    from IPython.core import pylabtools

    print_figure: Callable[..., object] = pylabtools.print_figure  # what display(fig) runs
    explorer = w.rotation_explorer()
    result = explorer.current.result
    kept: list[float] = []
    fresh: list[float] = []
    for _ in range(WARMUP + n):
        t0 = time.perf_counter()
        explorer.canvas.draw_timeline(result)
        explorer.canvas.png()
        t1 = time.perf_counter()
        print_figure(timeline(result), "png", bbox_inches="tight")
        t2 = time.perf_counter()
        kept.append(t1 - t0)
        fresh.append(t2 - t1)
    kept, fresh = kept[WARMUP:], fresh[WARMUP:]
    print("\nShowing a figure in a widget (rotation timeline, median of", n, "draws)")
    print(f"  kept figure, PNG into an Image       {1000 * statistics.median(kept):7.1f} ms")
    print(f"  new figure, display() in an Output   {1000 * statistics.median(fresh):7.1f} ms")


def profile(case: Case, n: int, top: int) -> None:
    """cProfile ``n`` updates of one explorer; print the top functions (times inflated)."""
    explorer = case.build()
    update_once(explorer, case.prepare)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(n):
        update_once(explorer, case.prepare)
    profiler.disable()
    for order in ("cumulative", "tottime"):
        print(f"\n-- cProfile of {n} {case.name} updates, by {order} --")
        pstats.Stats(profiler).sort_stats(order).print_stats(top)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line (see the module docstring)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_N} updates per explorer")
    parser.add_argument("-n", type=int, default=None, help=f"updates per explorer ({FULL_N})")
    parser.add_argument("--only", choices=[c.name for c in CASES], action="append")
    parser.add_argument("--strategies", action="store_true", help="Image vs Output, timed")
    parser.add_argument("--wall", action="store_true", help="gate on wall time, not CPU time")
    parser.add_argument("--strict", action="store_true", help="gate every explorer")
    parser.add_argument("--cold", action="store_true", help="clear the text cache each update")
    parser.add_argument("--profile", type=int, metavar="TOP", help="cProfile, top functions")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; 1 if a gated explorer's median update exceeds the budget."""
    args = parse_args(argv)
    n = args.n or (QUICK_N if args.quick else FULL_N)
    cases = [c for c in CASES if not args.only or c.name in args.only]
    if args.profile:
        for case in cases:
            profile(case, n, args.profile)
        return 0
    load = os.getloadavg()[0]
    texts = "cold text cache" if args.cold else "text cache kept"
    print(f"simtoken widget benchmark: {n} uncached updates per explorer (one user, one day)")
    print(f"  pure-function caches cleared before every update; {texts}")
    clock = "wall" if args.wall else "CPU"
    print(
        f"  budget {BUDGET_MS:.0f} ms median {clock} time per update; "
        f"load average {load:.2f} (1 min) on {os.cpu_count()} CPUs"
    )
    header = (
        f"\n  {'explorer':<10} {'median':>8} {'p90':>8} {'cpu':>8}   "
        f"{'sim':>7} {'draw':>7}   {'sim %':>5} {'draw %':>6}"
    )
    print(header)
    failures = []
    for case in cases:
        samples = measure(case, n, cold=args.cold)
        totals = [s.total for s in samples]
        median = statistics.median(totals)
        sim = statistics.median(s.sim for s in samples)
        draw = statistics.median(s.draw for s in samples)
        cpu = statistics.median(s.cpu for s in samples)
        share = 100 * sim / (sim + draw)
        gated = case.gated or args.strict
        over = 1000 * (median if args.wall else cpu) > BUDGET_MS
        mark = "" if gated else "  (not gated: several runs per update)"
        if over and gated:
            failures.append(case.name)
            mark = "  OVER BUDGET"
        print(
            f"  {case.name:<10} {1000 * median:6.1f}ms {1000 * percentile(totals, 0.9):6.1f}ms "
            f"{1000 * cpu:6.1f}ms   {1000 * sim:5.1f}ms {1000 * draw:5.1f}ms   "
            f"{share:4.0f}% {100 - share:5.0f}%{mark}"
        )
    print(f"  load average after: {os.getloadavg()[0]:.2f}")
    if args.strategies:
        strategies(n)
    if failures:
        print(f"\nFAIL: median {clock} time above {BUDGET_MS:.0f} ms: {', '.join(failures)}")
        return 1
    print(f"\nOK: every gated explorer's median update within {BUDGET_MS:.0f} ms ({clock})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
