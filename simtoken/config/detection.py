"""Request context and the stolen-session detector: the settings of that topic.

Every request carries a context (IP, ASN, location, User-Agent, Accept-Language); a detector at
the auth server (and optionally the APIs) scores signals against a threshold and acts.

These fields are settings of the run like :class:`~simtoken.config.run.RunConfig`'s own
(``--set``), gathered here so that each topic's knobs and checks live together;
:class:`~simtoken.config.run.RunConfig` inherits them.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["DetectionSettings"]


@dataclass(frozen=True)
class DetectionSettings:
    """The settings of this topic (see the module docstring)."""

    def _check_detection(self) -> None:
        """Check this topic's settings, each on its own and against each other."""
