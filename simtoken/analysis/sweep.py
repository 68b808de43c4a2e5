"""Sweeps: one scenario over a grid of settings and several seeds, as a table of metrics.

A sweep is a wind-tunnel campaign: the same wing is tested at every speed and every angle on
the list, several times each, and the result is a table, not an anecdote. Here the wing is a
scenario, the speeds and angles are ``--set`` settings (``access_token_lifetime=60,300,900``),
and the repeated trials are seeds. Every combination (the grid's Cartesian product, first key
varying slowest) runs once per seed with :func:`simtoken.run`, possibly on several CPU cores;
the rows come back in grid order whatever order the runs finish in, so a sweep is as
deterministic as a single run.

>>> table = sweep("refresh", {"access_token_lifetime": [300, 900]}, settings={"horizon": 7200})
>>> [(row["access_token_lifetime"], row["seed"], row["refreshes"]) for row in table.to_dicts()]
[(300, 7, 3), (900, 7, 1)]
"""

from __future__ import annotations

import importlib
import itertools
import json
import os
import pickle
import sys
import traceback
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from typing import Any

from tqdm import tqdm

from simtoken._text import text_table
from simtoken.config.budget import DEFAULT_MAX_EVENTS, SECONDS_PER_EVENT, check_budget
from simtoken.config.run import settings as known_settings
from simtoken.errors import ConfigError, UnknownNameError
from simtoken.record.metrics import Metrics
from simtoken.runner import resolve_config, run
from simtoken.scenarios import get_scenario
from simtoken.world import check_seed

__all__ = [
    "METRICS",
    "SWEEP_BUDGET_FACTOR",
    "PointSummary",
    "SweepPlan",
    "SweepResult",
    "SweepRow",
    "check_metric",
    "plan_sweep",
    "sweep",
]

SWEEP_BUDGET_FACTOR = 10
"""All the runs of a sweep together may do this many times one run's ``max_events``."""

SWEEP_FORMAT = "simtoken.sweep/1"  # the "format" of SweepResult.to_json documents

METRICS: tuple[str, ...] = tuple(
    name
    for name in Metrics(
        victim_logins=0, victim_availability=None, as_load_per_h=0.0, api_calls=0, refreshes=0
    ).to_dict()
    if name != "rejections"
)
"""The numeric metrics a sweep can summarize and tabulate (names as in :class:`Metrics`)."""

_USER_METRICS = ("victim_logins", "false_logouts", "victim_availability", "as_load_per_h")
_THEFT_METRICS = (
    "attacker_access_s",
    "attacker_online_s",
    "attacker_online_calls",
    "attacker_refresh_s",
    "detection_latency_s",
)


def check_metric(name: str) -> str:
    """``name`` if it is one of :data:`METRICS`; :class:`UnknownNameError` otherwise."""
    if name not in METRICS:
        raise UnknownNameError("metric", name, METRICS)
    return name


@dataclass(frozen=True)
class SweepRow:
    """One run of a sweep: its grid point, its seed and its metrics (``Metrics.to_dict()``)."""

    params: Mapping[str, object]
    seed: int
    metrics: Mapping[str, object]

    def to_dict(self) -> dict[str, Any]:
        """One flat dict: each grid setting, ``seed``, then each metric."""
        return {**self.params, "seed": self.seed, **self.metrics}


@dataclass(frozen=True)
class PointSummary:
    """One metric at one grid point over the seeds; ``count`` seeds had a value (not None)."""

    params: Mapping[str, object]
    count: int
    mean: float | None
    min: float | None
    max: float | None


@dataclass(frozen=True)
class SweepResult:
    """The rows of a sweep, in grid order (seeds innermost), with table and JSON views."""

    scenario: str
    preset: str | None
    parameters: tuple[str, ...]
    seeds: tuple[int, ...]
    rows: tuple[SweepRow, ...]
    settings: Mapping[str, object] = field(default_factory=dict)
    """The settings every run shared (``settings=`` / ``--set``)."""

    def to_dicts(self) -> list[dict[str, Any]]:
        """One flat dict per run: ``{each grid setting..., "seed": ..., each metric...}``."""
        return [row.to_dict() for row in self.rows]

    def to_json(self, indent: int | None = 2) -> str:
        """The sweep as JSON text, byte-identical for the same sweep.

        Keys: ``format`` (``simtoken.sweep/1``), ``scenario``, ``preset``, ``parameters``,
        ``seeds``, ``settings`` and ``rows`` (the flat dicts of :meth:`to_dicts`).
        """
        doc = {
            "format": SWEEP_FORMAT,
            "scenario": self.scenario,
            "preset": self.preset,
            "parameters": list(self.parameters),
            "seeds": list(self.seeds),
            "settings": {k: _jsonable(v) for k, v in self.settings.items()},
            "rows": [{k: _jsonable(v) for k, v in r.items()} for r in self.to_dicts()],
        }
        return json.dumps(doc, indent=indent, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> SweepResult:
        """Read back :meth:`to_json`'s text: ``SweepResult.from_json(r.to_json()) == r``."""
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("format") != SWEEP_FORMAT:
            found = data.get("format") if isinstance(data, dict) else data
            raise ConfigError("format", found, SWEEP_FORMAT)
        known, keys = known_settings(), tuple(data["parameters"])
        rows = []
        for flat in data["rows"]:
            params = {k: known[k].parse(flat.pop(k)) for k in keys}
            rows.append(SweepRow(params, flat.pop("seed"), flat))
        fixed = {k: known[k].parse(v) for k, v in data["settings"].items()}
        seeds = tuple(data["seeds"])
        return cls(data["scenario"], data["preset"], keys, seeds, tuple(rows), fixed)

    def to_dataframe(self) -> Any:
        """The rows of :meth:`to_dicts` as a pandas DataFrame (pandas is optional)."""
        try:
            pd = importlib.import_module("pandas")
        except ImportError as exc:
            raise ImportError("SweepResult.to_dataframe needs pandas: pip install pandas") from exc
        return pd.DataFrame(self.to_dicts())

    def default_metrics(self) -> tuple[str, ...]:
        """The metrics a table shows by default: the user's, plus the attacker's in a theft."""
        base = resolve_config(get_scenario(self.scenario).defaults, self.preset, self.settings)
        vectors = {row.params.get("theft_vector", base.theft_vector) for row in self.rows}
        return _USER_METRICS + (_THEFT_METRICS if vectors - {"none"} else ())

    def summary(self, metric: str) -> list[PointSummary]:
        """Per grid point (in grid order): ``metric``'s mean, min and max over the seeds."""
        check_metric(metric)
        out, n = [], len(self.seeds)
        for chunk in (self.rows[i : i + n] for i in range(0, len(self.rows), n)):
            got = [v for r in chunk if isinstance(v := r.metrics[metric], int | float)]
            mean = round(sum(got) / len(got), 6) if got else None
            low, high = min(got, default=None), max(got, default=None)
            out.append(PointSummary(dict(chunk[0].params), len(got), mean, low, high))
        return out

    def format_table(self, metric: str | Sequence[str] | None = None) -> str:
        """An aligned text table: one row per grid point, one column per metric.

        ``metric`` is one name or several (default: :meth:`default_metrics`). With several seeds
        a cell reads ``mean (min-max)``, plus ``[k/n]`` when only k of the n seeds have a value
        (a detection latency is None when nothing was detected).
        """
        if metric is None:
            metric = self.default_metrics()
        metrics = (metric,) if isinstance(metric, str) else tuple(metric)
        if not metrics:
            raise ConfigError("metric", metric, "one or more metric names")
        columns = [self.summary(m) for m in metrics]
        lines = [[*self.parameters, *metrics]]
        for i, point in enumerate(columns[0]):
            cells = [_show(point.params[key]) for key in self.parameters]
            lines.append(cells + [_cell(column[i], len(self.seeds)) for column in columns])
        return text_table(lines, right_from=len(self.parameters))


def _cell(s: PointSummary, n: int) -> str:
    spread = f" ({_fmt(s.min)}-{_fmt(s.max)})" if n > 1 and s.count else ""
    return _fmt(s.mean) + spread + (f" [{s.count}/{n}]" if 0 < s.count < n else "")


def _jsonable(value: object) -> object:
    return list(value) if isinstance(value, tuple) else value


def _show(value: object) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    return ",".join(map(str, value)) if isinstance(value, tuple) else str(value)


def _fmt(value: float | None) -> str:
    if value is None:
        return "-"
    if isinstance(value, int) or value.is_integer():
        return f"{value:.0f}"
    return f"{value:.1f}" if abs(value) >= 100 else f"{value:.3g}"


@dataclass(frozen=True)
class _Task:
    """One run, as it crosses to a worker process: only plain, picklable values."""

    scenario: str
    preset: str | None
    settings: dict[str, object]
    seed: int
    max_events: int = DEFAULT_MAX_EVENTS


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
    config = resolve_config(get_scenario(task.scenario).defaults, task.preset, task.settings)
    return run(
        task.scenario, seed=task.seed, config=config, max_events=task.max_events
    ).metrics.to_dict()


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


def _run_all(tasks: Sequence[_Task], workers: int, show: bool) -> list[dict[str, Any]]:
    """The metrics of every task, in task order, whatever order the runs finish in."""
    options: dict[str, Any] = {"total": len(tasks), "unit": "run", "file": sys.stderr}
    options.update(desc=f"sweep {tasks[0].scenario}", disable=not show)
    done: dict[int, dict[str, Any]] = {}
    if workers == 1:
        with tqdm(**options) as bar:
            for index, task in enumerate(tasks):
                done[index] = _run_task(task)
                bar.update()
        return list(done.values())
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = {pool.submit(_run_in_worker, t): i for i, t in enumerate(tasks)}
        with tqdm(**options) as bar:  # created after the workers start: no thread is forked
            for future in as_completed(futures):
                out, index = future.result(), futures[future]
                if isinstance(out, _Failure):
                    pool.shutdown(wait=False, cancel_futures=True)
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
    resolve_config(spec.defaults, preset, fixed)
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
    for point in points:
        config = resolve_config(spec.defaults, preset, {**fixed, **point})
        total += check_budget(config, max_events, spec.name).events * len(seed_list)
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
        _Task(spec.name, preset, {**fixed, **p}, s, max_events) for p in points for s in seed_list
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
) -> SweepResult:
    """Run ``scenario`` at every point of ``grid`` (``{setting: [values...]}``) for every seed.

    ``seeds`` is a list of seeds, or a count N for the seeds 0 … N-1. ``preset`` and
    ``settings`` apply to every run (as ``--preset`` and ``--set``). Every key, value and
    combination is validated before any run starts (a :class:`ConfigError` names the field),
    and so is the work (:mod:`simtoken.config.budget`): each run within ``max_events``, all of them
    together within ``SWEEP_BUDGET_FACTOR`` (10) times it.
    ``workers`` processes share the runs (default: one per CPU, at most one per run; 1 runs
    everything in this process). ``progress`` shows a bar on stderr (default: for more than
    8 runs when stderr is a terminal).
    """
    tasks, points, seed_list, _ = _plan(scenario, grid, seeds, preset, settings, max_events)
    if workers is not None and (not isinstance(workers, int) or isinstance(workers, bool)):
        raise ConfigError("workers", workers, "a whole number >= 1")
    if workers is not None and workers < 1:
        raise ConfigError("workers", workers, "a whole number >= 1")
    show = progress if progress is not None else len(tasks) > 8 and sys.stderr.isatty()
    results = _run_all(tasks, min(workers or os.cpu_count() or 1, len(tasks)), show)
    runs = [(point, seed) for point in points for seed in seed_list]
    rows = tuple(SweepRow(p, s, m) for (p, s), m in zip(runs, results, strict=True))
    known = known_settings()
    shared = {k: known[k].parse(v) for k, v in dict(settings or {}).items()}
    return SweepResult(tasks[0].scenario, preset, tuple(grid), seed_list, rows, shared)
