"""Binding a session to the device: fingerprint cookies, DBSC, mTLS: the settings of that topic.

The OWASP token-sidejacking fingerprint, device-bound session credentials and mTLS-bound
tokens (RFC 8705).

These fields are settings of the run like :class:`~simtoken.config.run.RunConfig`'s own
(``--set``), gathered here so that each topic's knobs and checks live together;
:class:`~simtoken.config.run.RunConfig` inherits them.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["BindingSettings"]


@dataclass(frozen=True)
class BindingSettings:
    """The settings of this topic (see the module docstring)."""

    def _check_binding(self) -> None:
        """Check this topic's settings, each on its own and against each other."""
