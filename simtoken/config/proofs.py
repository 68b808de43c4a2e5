"""Proof of possession: DPoP server nonces and pre-computed proofs: the settings of that topic.

A DPoP proof says *when* it was made only through its ``iat``, a number the client chooses
(RFC 9449 §4.2). A script running in the victim's page can therefore make the page's
non-extractable key sign proofs dated in the future while the page is open, and use them after
the page closes (``attacker_strategy=precompute``; RFC 9449 §11.2, pre-generated proofs,
and §11.4, untrusted code in the client). The server-side answer is a **server nonce**
(``use_dpop_nonce``; RFC 9449 §8 at the auth server, §9 at the APIs): an unpredictable value
the server hands out in a ``DPoP-Nonce`` answer header and requires in the ``nonce`` claim of
each proof. A proof can only carry a nonce that existed when it was signed, so a proof made
ahead works only until that nonce is retired (``dpop_nonce_lifetime``). The simulator's servers
draw a new nonce every ``dpop_nonce_lifetime`` seconds and accept the current and the previous
one (RFC 9449 §8.2 leaves the rotation policy to the server).

Like ``dpop_key_extractable``, these settings change nothing without ``sender_constraint=dpop``,
and ``precompute`` acts as ``immediate`` unless a script runs in the page (``xss``,
``persistent_xss``) and the page's DPoP key is non-extractable (a stolen key signs live).

These fields are settings of the run like :class:`~simtoken.config.run.RunConfig`'s own
(``--set``), gathered here so that each topic's knobs and checks live together;
:class:`~simtoken.config.run.RunConfig` inherits them.
"""

from __future__ import annotations

from dataclasses import dataclass

from simtoken.errors import ConfigError
from simtoken.validate import number

__all__ = ["ProofSettings"]


@dataclass(frozen=True)
class ProofSettings:
    """The settings of this topic (see the module docstring)."""

    use_dpop_nonce: bool = False
    """With sender_constraint=dpop: the auth server and the APIs require a current server nonce
    in each DPoP proof (RFC 9449 §8, §9); a client learns it from a DPoP-Nonce answer."""
    dpop_nonce_lifetime: float = 300.0
    """With use_dpop_nonce: each server draws a new nonce this often and accepts the current and
    the previous one, so a nonce works for between one and two lifetimes."""
    precompute_horizon: float = 86_400.0
    """With attacker_strategy=precompute: how far ahead the script dates the refresh proofs it
    makes the open page sign (API proofs only up to their access token's expiry)."""
    precompute_step: float = 30.0
    """With attacker_strategy=precompute: seconds between the iat values of the proofs signed
    ahead for one request (each proof is good once, within the servers' iat window)."""

    def _check_proofs(self) -> None:
        """Check this topic's settings, each on its own and against each other."""
        number("dpop_nonce_lifetime", self.dpop_nonce_lifetime, positive=True)
        number("precompute_horizon", self.precompute_horizon, positive=True)
        number("precompute_step", self.precompute_step, positive=True)
        if self.precompute_step > self.precompute_horizon:
            raise ConfigError(
                "precompute_step",
                self.precompute_step,
                f"at most precompute_horizon ({self.precompute_horizon:g} s)",
            )
