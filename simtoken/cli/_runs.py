"""The ``simtoken`` subcommands that run scenarios: list, settings, run, compare, sweep."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from simtoken._text import approx_duration, show_value, text_table
from simtoken.actors.webapp import cookie_notes
from simtoken.analysis.compare import compare
from simtoken.analysis.sweep import plan_sweep, sweep
from simtoken.analysis.sweep_table import check_metric
from simtoken.cli._args import UsageError, parse_grid, parse_settings, parse_variant
from simtoken.cli._listing import expected_rejections
from simtoken.cli._matrix import cmd_matrix
from simtoken.cli._progress import SLOW_S, progress_bar
from simtoken.config.budget import SECONDS_PER_EVENT, estimate
from simtoken.config.notes import setting_notes
from simtoken.config.settings import settings
from simtoken.policy.presets import get_preset
from simtoken.record.mermaid import to_mermaid
from simtoken.record.result import Result
from simtoken.runner import build, configure
from simtoken.scenarios import SCENARIOS, get_scenario

__all__ = [
    "ATTACKER_METRICS",
    "LONG_SWEEP_S",
    "cmd_compare",
    "cmd_list",
    "cmd_run",
    "cmd_settings",
    "cmd_sweep",
]

LONG_SWEEP_S = 10.0
"""A sweep estimated to take this many seconds or more announces its size on stderr first."""


def cmd_sweep(args: argparse.Namespace) -> int:
    args.scenario = get_scenario(args.scenario).name
    metrics = [check_metric(m) for m in args.metrics] or None
    grid, fixed = parse_grid(args.grid), parse_settings(args.settings)
    options = {"preset": args.preset, "settings": fixed, "max_events": args.max_events}
    plan = plan_sweep(args.scenario, grid, args.seeds, **options)
    workers = args.workers or os.cpu_count() or 1
    if plan.seconds(workers) >= LONG_SWEEP_S and args.scheduler is None:
        print(
            f"sweep {args.scenario}: {plan.runs} runs, ~{plan.events:.3g} events estimated, "
            f"up to ~{plan.seconds(workers) / 60:.1f} min on {min(workers, plan.runs)} worker(s)",
            file=sys.stderr,
        )
    result = sweep(
        args.scenario,
        grid,
        args.seeds,
        workers=args.workers,
        progress=args.progress,
        scheduler=args.scheduler,
        **options,
    )
    if args.json:
        print(result.to_json())
        return 0
    n, seeds = len(result.seeds), ", ".join(map(str, result.seeds))
    if n > 5:
        seeds = f"{result.seeds[0]}, {result.seeds[1]}, … {result.seeds[-1]}"
    cells = "mean (min-max) over the seeds" if n > 1 else "one run each"
    points = len(result.rows) // n
    print(f"sweep {result.scenario}: {points} point(s) x {n} seed(s) ({seeds}); {cells}")
    print(result.format_table(metrics))
    return 0


def cmd_list() -> int:
    print(text_table([[name, spec.summary] for name, spec in SCENARIOS.items()]))
    return 0


def cmd_settings() -> int:
    rows = [(s.name, repr(s.default), " ".join(s.doc.split())) for s in settings().values()]
    print(text_table(rows))
    return 0


def _write_all(outputs: dict[str, tuple[str, str]]) -> bool:
    """Write each option's text to its file; then print the one whose file is ``-`` (True)."""
    for option, (path, text) in outputs.items():
        if path != "-":
            try:
                Path(path).write_text(text, encoding="utf-8")
            except OSError as exc:
                raise UsageError(f"{option}: cannot write {path!r}: {exc.strerror}") from None
    for path, text in outputs.values():
        if path == "-":
            sys.stdout.write(text)
            return True
    return False


def cmd_run(args: argparse.Namespace) -> int:
    _check_run_args(args)
    plot = _plot_path(args.plot) if args.plot else None
    args.scenario = get_scenario(args.scenario).name  # before a malformed --set; any case
    config = configure(args.scenario, args.preset, parse_settings(args.settings))
    for note in [*setting_notes(config), *cookie_notes(config)]:
        print(f"simtoken: note: {note}", file=sys.stderr)
    world = build(args.scenario, config, args.seed, max_events=args.max_events)
    slow = estimate(config, args.scenario).events * SECONDS_PER_EVENT > SLOW_S
    with progress_bar(slow, sys.stderr, args.scenario) as progress:
        result = world.run(progress)
    if plot:
        _write_plot(result, plot)
    outputs: dict[str, tuple[str, str]] = {}
    if args.mermaid:
        window = args.mermaid_window or (None, None)
        limit = 200 if args.mermaid_max is None else args.mermaid_max or None
        outputs["--mermaid"] = (args.mermaid, to_mermaid(result, *window, max_messages=limit))
    if args.jwks:
        outputs["--jwks"] = (args.jwks, json.dumps(result.jwks, indent=2) + "\n")
    if _write_all(outputs):
        return 0
    if args.json:
        print(result.to_json())
        return 0
    _print_run(args, result)
    if plot:
        print(f"timeline written to {plot}")
    if args.mermaid:
        print(f"sequence diagram written to {args.mermaid}")
    if args.jwks:
        print(f"JWKS ({len(result.jwks['keys'])} key(s)) written to {args.jwks}")
    return 0


def _check_run_args(args: argparse.Namespace) -> None:
    """The output options of ``run`` that cannot go together, or are out of range."""
    if (args.mermaid_window or args.mermaid_max is not None) and not args.mermaid:
        raise UsageError("--mermaid-window and --mermaid-max need --mermaid FILE")
    to_stdout = [f"--{n} -" for n in ("mermaid", "jwks") if getattr(args, n) == "-"]
    if len(to_stdout) + bool(args.json) > 1:
        both = " and ".join((["--json"] if args.json else []) + to_stdout)
        raise UsageError(f"{both} cannot both print to stdout")
    if args.mermaid_max is not None and args.mermaid_max < 0:
        raise UsageError(f"--mermaid-max: invalid value {args.mermaid_max}; allowed: N >= 0")


def _write_plot(result: Result, plot: str) -> None:
    """The run's timeline, saved to ``plot`` (matplotlib is imported only when plotting)."""
    from simtoken.plots import timeline

    figure = timeline(result)
    try:
        figure.savefig(plot, dpi=110)
    except OSError as exc:
        raise UsageError(f"--plot: cannot write {plot!r}: {exc.strerror}") from None


def _print_run(args: argparse.Namespace, result: Result) -> None:
    """The run's summary: scenario, preset, policy, world, metrics and the first events."""
    spec = SCENARIOS[result.scenario]
    print(f"scenario {result.scenario} (seed {result.seed}): {spec.summary}")
    if args.preset:
        preset = get_preset(args.preset)
        print(f"preset: {preset.name} ({preset.title})")
    policy = result.config.policy
    print(
        f"policy: access_token_lifetime={policy.access_token_lifetime}s "
        f"refresh_token_lifetime={policy.refresh_token_lifetime}s leeway={policy.leeway:g}s "
        f"algorithm={policy.algorithm} rotation={str(policy.rotation).lower()} "
        f"reuse_detection={policy.reuse_detection} grace_interval={policy.grace_interval:g}s "
        f"validation={policy.validation}"
    )
    cfg = result.config
    access = (f" workers={cfg.workers}" if cfg.workers else "") + (
        f" client_type={cfg.client_type}" if cfg.client_type != "public" else ""
    )
    if cfg.operations:
        access += f" operations={','.join(cfg.operations)}"
    access += "" if cfg.login_flow == "direct" else f" login_flow={cfg.login_flow}"
    access += f" flow_attack={cfg.flow_attack}" if cfg.attacks_flow else ""
    print(
        f"world: clients={cfg.clients} tabs={cfg.tabs} "
        f"horizon={cfg.horizon:g}s refresh={cfg.refresh}{access}"
    )
    print("metrics:")
    for key, value in _shown_metrics(result, args.all_metrics).items():
        print(f"  {key}: {_metric_value(key, value)}")
    if args.events > 0:
        print(f"first events ({len(result.trace)} in all):")
        labels = expected_rejections(result.trace)
        print(result.trace.format_table(limit=args.events, labels=labels))


ATTACKER_METRICS = frozenset(
    {
        "attacker_access_s",
        "attacker_online_s",
        "attacker_online_calls",
        "attacker_refresh_s",
        "attacker_api_calls",
        "detection_latency_s",
        "forged_accepted",
        "attacker_api_calls_by_scope",
        "attacker_scope_refusals",
        "csrf_accepted",
        "attacker_precomputed_calls",
        "attacker_precomputed_reach_s",
    }
)
"""Metrics only a run with an attacker (a theft, a forger, a flow attack or a leaked key) can make
other than 0 or None; ``calls_as_other_user`` needs a flow attack (login CSRF)."""

SCOPE_METRICS = frozenset({"attacker_api_calls_by_scope", "attacker_scope_refusals"})
"""Metrics that stay empty unless the APIs have operations (``operations``)."""


def _shown_metrics(result: Result, everything: bool) -> dict[str, object]:
    """The metrics ``run`` prints: those the run's configuration can produce, or ``everything``."""
    metrics = result.metrics.to_dict()
    if everything:
        return metrics
    config = result.config
    hidden: set[str] = set()
    leak = config.key_leak_at > 0  # the key thief's forged calls
    if config.theft_vector == "none" and config.forge == "none" and not config.attacks_flow:
        hidden |= set() if leak else ATTACKER_METRICS
    if not config.key_rotation_interval and not leak:
        hidden.add("key_outage_s")
    if config.forge == "none" and not leak:
        hidden.add("forged_window_s")
    if not config.emergency_rotation_at:
        hidden |= {"forged_after_rotation_s", "users_forced_to_log_in"}
    if not config.attacks_flow:
        hidden.add("calls_as_other_user")
    if config.apps == 1:
        hidden.add("silent_sign_ins")
    if config.logout_at <= 0:
        hidden |= {"residual_access_by_app", "residual_refresh_by_app"}
    if not config.operations:
        hidden |= SCOPE_METRICS
    if config.theft_vector != "csrf":  # only a cross-site request forgery makes it other than 0
        hidden.add("csrf_accepted")
    if config.attacker_strategy != "precompute":
        hidden |= {"attacker_precomputed_calls", "attacker_precomputed_reach_s"}
    if not config.use_dpop_nonce:
        hidden.add("nonce_retries")
    if not config.infostealer:  # only a session cookie copied off the device makes them count
        hidden |= {"attacker_cookie_s", "attacker_cookie_calls"}
    return {key: value for key, value in metrics.items() if key not in hidden}


def _metric_value(key: str, value: object) -> str:
    """A metric as ``run`` prints it: ``-`` if missing; a duration also in human units."""
    if key.endswith("_s") and isinstance(value, float) and value:
        return f"{value} ({approx_duration(value)})"
    return show_value(value)


def _plot_path(path: str) -> str:
    """``path`` if matplotlib can write its extension's format; a one-line error otherwise."""
    from matplotlib.figure import Figure

    formats = sorted(Figure().canvas.get_supported_filetypes())
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix not in formats:
        found = f"format {suffix!r}" if suffix else "no extension"
        raise UsageError(
            f"--plot: cannot write {path!r}: {found}; allowed: a file name ending in "
            + ", ".join(f".{f}" for f in formats)
        )
    return path


def cmd_compare(args: argparse.Namespace) -> int:
    args.scenario = get_scenario(args.scenario).name
    if args.over or args.against:
        return cmd_matrix(args)
    pairs = [parse_variant(v) for v in args.variants]
    variants = dict(pairs)
    if len(variants) < len(pairs):
        twice = next(label for i, (label, _) in enumerate(pairs) if label in dict(pairs[:i]))
        raise UsageError(f"--variant: label {twice!r} given twice")
    if not args.presets and not variants:
        raise UsageError("compare: give at least one --preset or --variant")
    table = compare(
        args.scenario,
        args.presets,
        seed=args.seed,
        settings=parse_settings(args.settings),
        variants=variants,
        max_events=args.max_events,
    )
    print(table.to_json() if args.json else table.format_table())
    return 0
