"""Running a scenario: the library's front door, ``simtoken.run``.

Every face of simtoken (the command line, comparisons, sweeps, the explorers) turns "a scenario,
maybe a preset, some settings" into a configuration in one place, :func:`configure`, and builds
the world of a run in one place, :func:`build`; :func:`run` is both followed by the run itself.

>>> result = run("refresh", seed=7)
>>> result.metrics.victim_logins
1
>>> run("refresh", seed=7, preset="okta-spa").config.policy.grace_interval
30.0
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from simtoken.config.budget import DEFAULT_MAX_EVENTS, check_budget
from simtoken.config.run import RunConfig
from simtoken.config.settings import apply_settings
from simtoken.policy.presets import get_preset
from simtoken.record.result import Result
from simtoken.scenarios import get_scenario
from simtoken.validate import check_seed
from simtoken.world import World

__all__ = ["build", "configure", "run"]


def _resolve_config(
    base: RunConfig, preset: str | None, settings: Mapping[str, object]
) -> RunConfig:
    """``base`` with a preset's policy (if one is named), then ``settings``, applied."""
    if preset is not None:
        base = dataclasses.replace(base, policy=get_preset(preset).policy)
    return apply_settings(base, settings)


def configure(
    scenario: str,
    preset: str | None = None,
    settings: Mapping[str, object] | None = None,
    *,
    base: RunConfig | None = None,
) -> RunConfig:
    """The configuration of a run of ``scenario``: its defaults (or ``base``), a preset, settings.

    >>> configure("refresh", "okta-spa", {"horizon": 3600}).horizon
    3600.0
    """
    spec = get_scenario(scenario)
    return _resolve_config(spec.defaults if base is None else base, preset, settings or {})


def build(
    scenario: str,
    config: RunConfig,
    seed: int = 0,
    *,
    max_events: int = DEFAULT_MAX_EVENTS,
) -> World:
    """The world of one run, set up by its scenario and ready to :meth:`~World.run`.

    A run whose estimated work (:mod:`simtoken.config.budget`) exceeds ``max_events`` is refused
    with a :class:`~simtoken.errors.ConfigError` before anything is built.
    """
    spec = get_scenario(scenario)
    check_seed(seed)
    check_budget(config, max_events, spec.name)
    world = World(config, seed, spec.name)
    spec.setup(world)
    return world


def run(
    scenario: str,
    *,
    seed: int = 0,
    preset: str | None = None,
    config: RunConfig | None = None,
    max_events: int = DEFAULT_MAX_EVENTS,
    keep_trace: bool = True,
    **settings: object,
) -> Result:
    """Run a named scenario with a seed; ``settings`` override its defaults (as ``--set`` does).

    Layers, each overriding the one before: the scenario's defaults (or ``config``), then the
    named ``preset``'s policy (which replaces the whole policy), then ``settings``.

    A run whose estimated work (:mod:`simtoken.config.budget`) exceeds ``max_events`` is refused
    with a :class:`~simtoken.errors.ConfigError` before it starts. ``keep_trace=False`` keeps
    the metrics (exactly the same) but not the trace, whose ordinary calls are most of a
    population run's memory (:mod:`simtoken.record.stream`); the result's trace is then empty.
    """
    check_seed(seed)
    cfg = configure(scenario, preset, settings, base=config)
    return build(scenario, cfg, seed, max_events=max_events).run(keep_trace=keep_trace)
