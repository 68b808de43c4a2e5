"""Proof of possession: DPoP server nonces and pre-computed proofs: the settings of that topic.

RFC 9449 §8-§9 server nonces at the auth server and the APIs, and what they do to proofs an
attacker signed ahead of time while the victim's page was open (RFC 9449 §11.4).

These fields are settings of the run like :class:`~simtoken.config.run.RunConfig`'s own
(``--set``), gathered here so that each topic's knobs and checks live together;
:class:`~simtoken.config.run.RunConfig` inherits them.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["ProofSettings"]


@dataclass(frozen=True)
class ProofSettings:
    """The settings of this topic (see the module docstring)."""

    def _check_proofs(self) -> None:
        """Check this topic's settings, each on its own and against each other."""
