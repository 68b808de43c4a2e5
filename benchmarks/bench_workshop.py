"""Workshop benchmark: how long the lab's updates take, uncached, and the assessment's 18 runs.

What is measured
================

The lab (:class:`simtoken.workshop.lab.Lab`) updates in three ways:

* **switch** (one run): a mitigation switch or the storage control moves; the baseline column
  (every mitigation off) is unchanged and comes from the cache, so the update is one one-day
  run of the mitigated scene, its figures, sentence and timeline (PNG). This is the update the
  issue's budget is about: it is **gated at 100 ms median CPU** (``--wall``: wall time).
* **scene** (two runs): a scene control (vector, attacker, time, preset) moves, so both columns
  rerun and redraw. Reported, not gated (``--strict`` gates it too).
* **presenter**: one press of *next step* from the step before it (two runs at most).

Before each timed update every lab cache is cleared (``simtoken.workshop.lab.clear_caches``),
then, for a switch, the baseline column is computed untimed. A full garbage collection runs
before each timed update. The assessment (:func:`simtoken.analysis.exposure.assess`, 18 runs:
nine failure modes under your configuration and under the BCP) is timed a few times and shown
with its per-run median: it is the multi-run panel, which shows a progress bar instead.

Run::

    .venv/bin/python benchmarks/bench_workshop.py            # 20 updates of each kind
    .venv/bin/python benchmarks/bench_workshop.py --quick    # 6
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import os
import statistics
import sys
import time
from collections.abc import Callable, Sequence

from simtoken.analysis.exposure import Configuration, assess
from simtoken.workshop.lab import Lab, _result, _timeline_png, clear_caches
from simtoken.workshop.presenter import STEPS, step_choices
from simtoken.workshop.scene import LabChoices

BUDGET_S = 0.100

SWITCHES: tuple[dict[str, object], ...] = (
    {"storage": "cookie_bff"},
    {"storage": "cookie_rt"},
    {"rotation": True},
    {"dpop": True},
    {"validation": "denylist"},
    {"idle_lifetime": 7200},
    {"revoke_on_logout": True},
    {"detector": True},
)
SCENES: tuple[dict[str, object], ...] = (
    {"theft_vector": "persistent_xss"},
    {"attacker_strategy": "quiet"},
    {"theft_at": 4 * 3600.0},
    {"preset": "auth0-spa"},
    {"theft_vector": "device"},
)


def _timed(action: Callable[[], object]) -> tuple[float, float]:
    gc.collect()
    wall, cpu = time.perf_counter(), time.process_time()
    action()
    return time.perf_counter() - wall, time.process_time() - cpu


def _switch(lab: Lab, changes: dict[str, object]) -> tuple[float, float]:
    clear_caches()
    choices = dataclasses.replace(LabChoices(), **changes)  # type: ignore[arg-type]
    _result(choices.baseline(), lab.seed)
    _timeline_png(choices.baseline(), lab.seed)
    lab.set(LabChoices())
    clear_caches()
    _result(choices.baseline(), lab.seed)
    _timeline_png(choices.baseline(), lab.seed)
    return _timed(lambda: lab.set(choices))


def _scene(lab: Lab, changes: dict[str, object]) -> tuple[float, float]:
    lab.set(LabChoices())
    clear_caches()
    choices = dataclasses.replace(LabChoices(), **changes)  # type: ignore[arg-type]
    return _timed(lambda: lab.set(choices))


def _step(lab: Lab, index: int) -> tuple[float, float]:
    lab.set(step_choices(index - 1) if index else LabChoices())
    clear_caches()
    return _timed(lambda: lab.present(index))


def _row(name: str, samples: Sequence[tuple[float, float]], gated: bool, wall: bool) -> bool:
    walls, cpus = [s[0] for s in samples], [s[1] for s in samples]
    median = statistics.median(walls if wall else cpus)
    over = gated and median > BUDGET_S
    gate = ("over budget" if over else "ok") if gated else "not gated"
    print(
        f"{name:<10} n={len(samples):<3} median wall {statistics.median(walls) * 1000:6.1f} ms  "
        f"median CPU {statistics.median(cpus) * 1000:6.1f} ms  "
        f"max wall {max(walls) * 1000:6.1f} ms  {gate}"
    )
    return over


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="6 updates of each kind, not 20")
    parser.add_argument("--wall", action="store_true", help="gate on wall time, not CPU")
    parser.add_argument("--strict", action="store_true", help="gate the two-run updates too")
    args = parser.parse_args(argv)
    n = 6 if args.quick else 20
    lab = Lab()
    for _ in range(2):  # warm-up: imports, fonts, the first layout
        _switch(lab, dict(SWITCHES[0]))
    print(f"load average {os.getloadavg()[0]:.2f}; budget {BUDGET_S * 1000:.0f} ms per update")
    switches = [_switch(lab, dict(SWITCHES[i % len(SWITCHES)])) for i in range(n)]
    scenes = [_scene(lab, dict(SCENES[i % len(SCENES)])) for i in range(n)]
    steps = [_step(lab, i % len(STEPS)) for i in range(n)]
    over = _row("switch", switches, True, args.wall)
    over |= _row("scene", scenes, args.strict, args.wall)
    over |= _row("presenter", steps, args.strict, args.wall)
    runs = [
        _timed(lambda: assess(Configuration("keycloak-default")))
        for _ in range(2 if args.quick else 3)
    ]
    _row("assess", runs, False, args.wall)
    per_run = statistics.median(r[0] for r in runs) / 18
    print(f"assess: 18 runs, {per_run * 1000:.0f} ms per run (wall)")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
