"""Scenario: a named, documented, seeded setup of a world with an expected outcome.

A scenario is a recipe: default settings (a :class:`~simtoken.config.run.RunConfig`), an optional
``setup`` step that adds extra actors to the world, and a description stating what it covers,
the story it tells and the outcome to expect. Settings given to :func:`simtoken.run` or on the
command line override the defaults.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from simtoken.config.run import RunConfig

if TYPE_CHECKING:
    from simtoken.world import World

__all__ = ["Scenario"]


def _no_setup(world: World) -> None:
    """Nothing beyond the standard world."""


@dataclass(frozen=True)
class Scenario:
    """A named scenario (see the module docstring)."""

    name: str
    summary: str
    description: str
    defaults: RunConfig
    setup: Callable[[World], None] = _no_setup
