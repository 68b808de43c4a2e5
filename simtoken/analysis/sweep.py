"""Sweeps: one scenario over a grid of settings and several seeds, as a table of metrics.

A sweep is a wind-tunnel campaign: the same wing is tested at every speed and every angle on
the list, several times each, and the result is a table, not an anecdote. Here the wing is a
scenario, the speeds and angles are ``--set`` settings (``access_token_lifetime=60,300,900``),
and the repeated trials are seeds. Every combination (the grid's Cartesian product, first key
varying slowest) runs once per seed with :func:`simtoken.run`, possibly on several CPU cores
or a Dask cluster (:mod:`simtoken.analysis.sweep_cluster`);
the rows come back in grid order whatever order the runs finish in, so a sweep is as
deterministic as a single run. The result, its summaries and its text table live in
:mod:`simtoken.analysis.sweep_table`.

>>> table = sweep("refresh", {"access_token_lifetime": [300, 900]}, settings={"horizon": 7200})
>>> [(row["access_token_lifetime"], row["seed"], row["refreshes"]) for row in table.to_dicts()]
[(300, 7, 3), (900, 7, 1)]
"""

from __future__ import annotations

import itertools
import os
import pickle
import sys
import traceback
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from tqdm import tqdm

from simtoken.analysis.sweep_cluster import completions
from simtoken.analysis.sweep_table import SweepResult, SweepRow
from simtoken.config.budget import DEFAULT_MAX_EVENTS, SECONDS_PER_EVENT, check_budget
from simtoken.config.settings import settings as known_settings
from simtoken.errors import ConfigError, UnknownNameError
from simtoken.runner import configure, run
from simtoken.scenarios import get_scenario
from simtoken.validate import check_seed, whole

__all__ = ["SWEEP_BUDGET_FACTOR", "SweepPlan", "plan_sweep", "sweep"]

SWEEP_BUDGET_FACTOR = 10
"""All the runs of a sweep together may do this many times one run's ``max_events``."""


@dataclass(frozen=True)
class _Task:
    """One run, as it crosses to a worker process: only plain, picklable values."""

    scenario: str
    preset: str | None
    settings: dict[str, object]
    seed: int
    max_events: int = DEFAULT_MAX_EVENTS
    estimated: int = 0
    """The run's estimated events (:mod:`simtoken.config.budget`): the longest are sent first."""


@dataclass(frozen=True)
class _Failure:
    """A worker's exception as data, rebuilt as the same type (a ConfigError won't unpickle)."""

    kind: type[Exception]
    args: tuple[Any, ...]
    state: dict[str, Any]
    trace: str

    def rebuild(self, task: _Task) -> Exception:
        exc = self.kind.__new__(self.kind)
        exc.args = self.args
        exc.__dict__.update(self.state)
        exc.add_note(f"in a sweep worker ({task.settings}, seed {task.seed}):\n{self.trace}")
        return exc


def _run_task(task: _Task) -> dict[str, Any]:
    config = configure(task.scenario, task.preset, task.settings)
    # A sweep keeps only metrics: the runs need not keep their traces (record/stream.py).
    outcome = run(
        task.scenario, seed=task.seed, config=config, max_events=task.max_events, keep_trace=False
    )
    return outcome.metrics.to_dict()


def _run_in_worker(task: _Task) -> dict[str, Any] | _Failure:
    """``_run_task`` in a worker process; an exception comes back as a :class:`_Failure`."""
    try:
        return _run_task(task)
    except Exception as exc:
        failure = _Failure(type(exc), exc.args, dict(vars(exc)), traceback.format_exc())
        try:
            pickle.dumps(failure)
            return failure
        except Exception:
            return _Failure(RuntimeError, (f"{type(exc).__name__}: {exc}",), {}, failure.trace)


def _run_all(
    tasks: Sequence[_Task], workers: int, show: bool, scheduler: object = None
) -> list[dict[str, Any]]:
    """The metrics of every task, in task order, whatever order (and wherever) the runs finish."""
    options: dict[str, Any] = {"total": len(tasks), "unit": "run", "file": sys.stderr}
    options.update(desc=f"sweep {tasks[0].scenario}", disable=not show)
    fn = _run_task if workers == 1 and scheduler is None else _run_in_worker
    done: dict[int, dict[str, Any]] = {}
    # The bar is created after the workers start: no thread is forked.
    longest_first = sorted(range(len(tasks)), key=lambda i: -tasks[i].estimated)
    with (
        completions(fn, tasks, workers, scheduler, longest_first) as finished,
        tqdm(**options) as bar,
    ):
        for index, out in finished:
            if isinstance(out, _Failure):
                raise out.rebuild(tasks[index])
            done[index] = out
            bar.update()
    return [done[i] for i in range(len(tasks))]


def _check_seeds(seeds: Sequence[int] | int) -> tuple[int, ...]:
    allowed = "a count >= 1, or a non-empty list of distinct seeds"
    if isinstance(seeds, int) and not isinstance(seeds, bool) and seeds >= 1:
        return tuple(range(seeds))
    if isinstance(seeds, int | str) or not isinstance(seeds, Sequence) or not seeds:
        raise ConfigError("seeds", seeds, allowed)
    out = tuple(check_seed(s) for s in seeds)
    if len(set(out)) != len(out):
        raise ConfigError("seeds", list(seeds), allowed)
    return out


@dataclass(frozen=True)
class SweepPlan:
    """The runs of a sweep, validated, and their estimated work (:mod:`simtoken.config.budget`)."""

    runs: int
    events: int
    """The estimated events of all the runs together."""

    def seconds(self, workers: int = 1) -> float:
        """A rough wall time on ``workers`` processes (from :data:`SECONDS_PER_EVENT`)."""
        return self.events * SECONDS_PER_EVENT / max(1, min(workers, self.runs))


def _plan(
    scenario: str,
    grid: Mapping[str, Sequence[object]],
    seeds: Sequence[int] | int,
    preset: str | None,
    settings: Mapping[str, object] | None,
    max_events: int,
) -> tuple[list[_Task], list[dict[str, object]], tuple[int, ...], int]:
    spec = get_scenario(scenario)
    fixed = dict(settings or {})
    configure(spec.name, preset, fixed)
    known = known_settings()
    seed_list = _check_seeds(seeds)
    axes: list[list[object]] = []
    for key, values in grid.items():
        if key not in known:
            raise UnknownNameError("setting", key, sorted(known))
        if key in fixed:
            raise ConfigError(key, fixed[key], "a grid setting or a fixed setting, not both")
        if isinstance(values, str | bytes) or not isinstance(values, Sequence) or not values:
            raise ConfigError(key, values, "a non-empty list of values to sweep")
        axes.append([known[key].parse(v) for v in values])
        if len({repr(v) for v in axes[-1]}) != len(values):
            raise ConfigError(key, list(values), "distinct values")
    points = [dict(zip(grid, combo, strict=True)) for combo in itertools.product(*axes)]
    total = 0
    events: list[int] = []  # each point's estimated events per run
    for point in points:
        config = configure(spec.name, preset, {**fixed, **point})
        events.append(check_budget(config, max_events, spec.name).events)
        total += events[-1] * len(seed_list)
    limit = SWEEP_BUDGET_FACTOR * max_events
    if total > limit:
        runs = len(points) * len(seed_list)
        raise ConfigError(
            "grid",
            f"{runs} runs",
            f"a sweep within the budget of {limit:,} events ({SWEEP_BUDGET_FACTOR} x "
            f"max_events; this one: ~{total:.3g}); raise it with max_events / --max-events",
        )
    tasks = [
        _Task(spec.name, preset, {**fixed, **p}, s, max_events, e)
        for p, e in zip(points, events, strict=True)
        for s in seed_list
    ]
    return tasks, points, seed_list, total


def plan_sweep(
    scenario: str,
    grid: Mapping[str, Sequence[object]],
    seeds: Sequence[int] | int = (7,),
    *,
    preset: str | None = None,
    settings: Mapping[str, object] | None = None,
    max_events: int = DEFAULT_MAX_EVENTS,
) -> SweepPlan:
    """How many runs :func:`sweep` would do with these arguments, and their estimated events.

    Raises what :func:`sweep` would raise before any run starts (an invalid grid, a run over
    ``max_events``, or all runs together over ``SWEEP_BUDGET_FACTOR`` x ``max_events``).
    """
    tasks, _, _, total = _plan(scenario, grid, seeds, preset, settings, max_events)
    return SweepPlan(len(tasks), total)


def sweep(
    scenario: str,
    grid: Mapping[str, Sequence[object]],
    seeds: Sequence[int] | int = (7,),
    *,
    preset: str | None = None,
    settings: Mapping[str, object] | None = None,
    workers: int | None = None,
    progress: bool | None = None,
    max_events: int = DEFAULT_MAX_EVENTS,
    scheduler: object = None,
) -> SweepResult:
    """Run ``scenario`` at every point of ``grid`` (``{setting: [values...]}``) for every seed.

    ``seeds`` is a list of seeds, or a count N for the seeds 0 … N-1. ``preset`` and
    ``settings`` apply to every run (as ``--preset`` and ``--set``). Every key, value and
    combination is validated before any run starts (a :class:`ConfigError` names the field),
    and so is the work (:mod:`simtoken.config.budget`): each run within ``max_events``, all of them
    together within ``SWEEP_BUDGET_FACTOR`` (10) times it.
    ``workers`` processes share the runs (default: one per CPU, at most one per run; 1 runs
    everything in this process). ``progress`` shows a bar on stderr (default: for more than
    8 runs when stderr is a terminal). ``scheduler`` sends the runs to a Dask distributed
    cluster instead (``"tcp://HOST:PORT"`` or a ``distributed.Client``; ``workers`` is then
    ignored; see :mod:`simtoken.analysis.sweep_cluster`): same bar, same rows, same order.
    """
    tasks, points, seed_list, _ = _plan(scenario, grid, seeds, preset, settings, max_events)
    if workers is not None:
        whole("workers", workers, minimum=1)
    show = progress if progress is not None else len(tasks) > 8 and sys.stderr.isatty()
    cores = min(workers or os.cpu_count() or 1, len(tasks))
    results = _run_all(tasks, cores, show, scheduler)
    runs = [(point, seed) for point in points for seed in seed_list]
    rows = tuple(SweepRow(p, s, m) for (p, s), m in zip(runs, results, strict=True))
    known = known_settings()
    shared = {k: known[k].parse(v) for k, v in dict(settings or {}).items()}
    return SweepResult(tasks[0].scenario, preset, tuple(grid), seed_list, rows, shared)
