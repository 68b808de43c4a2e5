"""Running a scenario: the library's front door, ``simtoken.run``.

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
from simtoken.config.run import RunConfig, apply_settings
from simtoken.policy.presets import get_preset
from simtoken.record.result import Result
from simtoken.scenarios import get_scenario
from simtoken.world import World, check_seed

__all__ = ["resolve_config", "run"]


def resolve_config(
    base: RunConfig, preset: str | None, settings: Mapping[str, object]
) -> RunConfig:
    """``base`` with a preset's policy (if one is named), then ``settings``, applied."""
    if preset is not None:
        base = dataclasses.replace(base, policy=get_preset(preset).policy)
    return apply_settings(base, settings)


def run(
    scenario: str,
    *,
    seed: int = 0,
    preset: str | None = None,
    config: RunConfig | None = None,
    max_events: int = DEFAULT_MAX_EVENTS,
    **settings: object,
) -> Result:
    """Run a named scenario with a seed; ``settings`` override its defaults (as ``--set`` does).

    Layers, each overriding the one before: the scenario's defaults (or ``config``), then the
    named ``preset``'s policy (which replaces the whole policy), then ``settings``.

    A run whose estimated work (:mod:`simtoken.config.budget`) exceeds ``max_events`` is refused
    with a :class:`~simtoken.errors.ConfigError` before it starts.
    """
    spec = get_scenario(scenario)
    check_seed(seed)
    cfg = resolve_config(spec.defaults if config is None else config, preset, settings)
    check_budget(cfg, max_events, spec.name)
    world = World(cfg, seed, spec.name)
    spec.setup(world)
    return world.run()
