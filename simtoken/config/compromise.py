"""Key compromise and the emergency rotation that answers it: the settings of that topic.

The auth server's signing key leaks at a given time; the attacker mints tokens with it; the
response is an emergency key rotation.

These fields are settings of the run like :class:`~simtoken.config.run.RunConfig`'s own
(``--set``), gathered here so that each topic's knobs and checks live together;
:class:`~simtoken.config.run.RunConfig` inherits them.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["CompromiseSettings"]


@dataclass(frozen=True)
class CompromiseSettings:
    """The settings of this topic (see the module docstring)."""

    def _check_compromise(self) -> None:
        """Check this topic's settings, each on its own and against each other."""
