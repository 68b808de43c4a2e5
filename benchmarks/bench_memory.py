"""Memory benchmark: peak memory of a population run with and without its trace.

What is measured
================

The ``refresh`` world of ``benchmarks/bench_core.py`` (default here: 10,000 clients for 7
simulated days, a call every 30 minutes while active, HS256) runs twice, each time in a fresh
child process (both at once, one core each): once keeping its trace (``World.run()``, the
default) and once keeping only what the metrics need (``World.run(keep_trace=False)``,
:mod:`simtoken.record.stream`). Each child
reports its peak resident memory (``ru_maxrss``: the interpreter, simtoken, the world and the
result), its wall and CPU time, the number of events recorded and kept, and a digest of its
metrics; the parent checks that both modes computed the same metrics.

Run::

    .venv/bin/python benchmarks/bench_memory.py                      # 10,000 x 7 days, minutes
    .venv/bin/python benchmarks/bench_memory.py --clients 100 --days 1   # seconds

The target: the streaming run of 10,000 clients x 7 days within 2 GiB. This is not a test.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import resource
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_core import build_world

GIB = 1024**3


def child(args: argparse.Namespace) -> None:
    """One run in this process; print one JSON line about it."""
    world = build_world(
        clients=args.clients,
        days=args.days,
        request_interval=args.request_interval,
        seed=args.seed,
        algorithm=args.algorithm,
    )
    wall0, cpu0 = time.perf_counter(), time.process_time()
    result = world.run(keep_trace=args.mode == "trace")
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    metrics = json.dumps(result.metrics.to_dict(), sort_keys=True)
    log = world._log._metrics
    print(
        json.dumps(
            {
                "mode": args.mode,
                "peak_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
                "wall": wall,
                "cpu": cpu,
                "recorded": len(result.trace) if log is None else log.recorded,
                "kept": len(result.trace) if log is None else len(log.kept),
                "api_calls": result.metrics.api_calls,
                "metrics": hashlib.sha256(metrics.encode()).hexdigest()[:16],
            }
        )
    )


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--clients", type=int, default=10_000)
    parser.add_argument("--days", type=float, default=7.0)
    parser.add_argument("--request-interval", type=float, default=1800.0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--algorithm", default="HS256")
    parser.add_argument("--mode", choices=("trace", "stream"), help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.mode:
        child(args)
        return 0
    print(
        f"simtoken memory benchmark: refresh, {args.clients:,} clients x {args.days:g} days, "
        f"request_interval {args.request_interval:g} s, {args.algorithm}, seed {args.seed}"
    )
    children = {  # both at once (one core each): memory is per process
        mode: subprocess.Popen(
            [sys.executable, __file__, "--mode", mode, *(argv or sys.argv[1:])],
            stdout=subprocess.PIPE,
            text=True,
        )
        for mode in ("stream", "trace")
    }
    reports = {}
    for mode, process in children.items():
        out, _ = process.communicate()
        if process.returncode:
            raise SystemExit(f"the {mode} run failed ({process.returncode})")
        reports[mode] = report = json.loads(out.strip().splitlines()[-1])
        print(
            f"  keep_trace={mode == 'trace'!s:<5}  peak {report['peak_bytes'] / GIB:6.2f} GiB  "
            f"{report['wall']:8.1f} s wall {report['cpu']:8.1f} s cpu  "
            f"events recorded {report['recorded']:,}, kept {report['kept']:,}  "
            f"api_calls {report['api_calls']:,}"
        )
    same = reports["stream"]["metrics"] == reports["trace"]["metrics"]
    print("  metrics identical in both modes:", "yes" if same else "NO")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
