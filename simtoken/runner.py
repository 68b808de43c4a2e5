"""Running a scenario: the library's front door, ``simtoken.run``.

>>> result = run("refresh", seed=7)
>>> result.metrics.victim_logins
1
"""

from __future__ import annotations

from simtoken.config import RunConfig, apply_settings
from simtoken.result import Result
from simtoken.scenarios import get_scenario
from simtoken.world import World, check_seed

__all__ = ["run"]


def run(
    scenario: str, *, seed: int = 0, config: RunConfig | None = None, **settings: object
) -> Result:
    """Run a named scenario with a seed; ``settings`` override its defaults (as ``--set`` does).

    ``config`` replaces the scenario's default configuration before ``settings`` are applied.
    """
    spec = get_scenario(scenario)
    check_seed(seed)
    cfg = apply_settings(config if config is not None else spec.defaults, settings)
    world = World(cfg, seed, spec.name)
    spec.setup(world)
    return world.run()
