"""Sweep benchmark: a 48-run sweep on one worker, on two local workers, and (optionally) on Dask.

What is measured
================

One sweep of the ``theft`` scenario (default: ``access_token_lifetime`` x ``rotation`` x
``theft_vector`` = 3 x 2 x 2 points, 4 seeds each: 48 runs, every run a stolen session over two
simulated days), timed end to end as :func:`simtoken.sweep` runs it: planning and budget checks,
starting the worker processes, the runs, collecting the rows. The same sweep runs
``--repeat`` times per executor, interleaved (1 worker, 2 workers, 1 worker, ...), so that
other load on the machine hits both alike; the report gives the median wall time of each and
the speed-up ``median(1 worker) / median(2 workers)``. Every sweep's JSON must be identical to
the first one's: parallelism never changes a result.

``--scheduler tcp://HOST:PORT`` adds a third executor, a Dask distributed cluster, timed the
same way; ``--local-cluster N`` starts a ``distributed.LocalCluster`` of N worker processes for
it. The report then also prints runs per second per core, from which the cost of a larger
sweep can be extrapolated (a sweep's runs are independent, so its cost is linear in the runs).

Run::

    .venv/bin/python benchmarks/bench_sweep.py                   # 1 vs 2 local workers
    .venv/bin/python benchmarks/bench_sweep.py --repeat 5
    .venv/bin/python benchmarks/bench_sweep.py --local-cluster 2  # also a Dask LocalCluster

The speed-up target is 1.8x on two workers: a worker process costs its start-up (importing
simtoken, ~0.3 s) and its share of the keys derived per seed; the rest is the runs.
This is not a test: nothing here asserts a time, but the script exits non-zero if the results
differ between executors or (with ``--gate``) the speed-up is below the target.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from typing import Any

from simtoken import sweep

SCENARIO = "theft"
GRID: dict[str, Sequence[object]] = {
    "access_token_lifetime": [300, 900, 3600],
    "rotation": [False, True],
    "theft_vector": ["xss", "device"],
}
SEEDS = 4
TARGET = 1.8


def timed_sweep(**executor: Any) -> tuple[float, float, str]:
    """Wall and CPU seconds (this process) of one sweep, and its JSON."""
    cpu0, t0 = time.process_time(), time.perf_counter()
    result = sweep(SCENARIO, GRID, SEEDS, progress=False, **executor)
    return time.perf_counter() - t0, time.process_time() - cpu0, result.to_json()


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeat", type=int, default=3, help="sweeps per executor (3)")
    parser.add_argument("--scheduler", help="also time a Dask cluster at tcp://HOST:PORT")
    parser.add_argument("--local-cluster", type=int, metavar="N", help="start N Dask workers")
    parser.add_argument("--gate", action="store_true", help=f"exit 1 below {TARGET}x")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    runs = SEEDS
    for values in GRID.values():
        runs *= len(values)
    with ExitStack() as stack:
        executors: dict[str, tuple[int, dict[str, Any]]] = {
            "1 worker": (1, {"workers": 1}),
            "2 workers": (2, {"workers": 2}),
        }
        scheduler = args.scheduler
        if args.local_cluster:
            import distributed

            local_cluster: Any = distributed.LocalCluster  # untyped
            cluster = stack.enter_context(
                local_cluster(
                    n_workers=args.local_cluster,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                )
            )
            scheduler = cluster.scheduler_address
        if scheduler:
            cores = args.local_cluster or 0
            executors[f"dask {scheduler}"] = (cores, {"scheduler": scheduler})
        return report(args, runs, executors)


def report(
    args: argparse.Namespace, runs: int, executors: dict[str, tuple[int, dict[str, Any]]]
) -> int:
    print(f"simtoken sweep benchmark: {SCENARIO}, {runs} runs ({dict(GRID)} x {SEEDS} seeds)")
    print(f"  {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} (1 min)")
    walls: dict[str, list[float]] = {name: [] for name in executors}
    reference: str | None = None
    same = True
    for _ in range(args.repeat):
        for name, (_cores, options) in executors.items():
            wall, _cpu, text = timed_sweep(**options)
            walls[name].append(wall)
            reference = reference if reference is not None else text
            same = same and text == reference
    median: Callable[[str], float] = lambda name: statistics.median(walls[name])  # noqa: E731
    for name, (cores, _) in executors.items():
        per_core = f", {runs / median(name) / cores:5.1f} runs/s per core" if cores else ""
        print(f"  {name:<28} median {median(name):7.2f} s wall{per_core}")
    speedup = median("1 worker") / median("2 workers")
    print(f"  speed-up, 2 workers vs 1:    {speedup:.2f}x (target >= {TARGET}x)")
    print(f"  load average after: {os.getloadavg()[0]:.2f}")
    print("  results identical across executors and repeats:", "yes" if same else "NO")
    if not same:
        return 2
    return 1 if args.gate and speedup < TARGET else 0


if __name__ == "__main__":
    sys.exit(main())
