"""Key compromise and the emergency rotation that answers it: the settings of that topic.

The auth server's private signing key leaks at ``key_leak_at`` (a backup, a log line, a
compromised build host): from then on the attacker signs tokens of its own choosing (any
``sub``, any scope, an ``exp`` a month away) that every API accepts, because they carry a valid
signature by a key the APIs trust. Nothing in such a token is wrong; only the key is. The
response is an **emergency rotation** at ``emergency_rotation_at``: a new key (new ``kid``),
the leaked key removed from the JWKS at once (no overlap), and, with ``revoke_on_compromise``,
every grant that has a token signed by the leaked key revoked (reason ``key_compromise``): its
users must log in again. The APIs keep trusting the leaked key until their cached JWKS is
re-fetched: within ``jwks_cache_ttl`` of the rotation at most, sooner with ``jwks_refetch``
(the first honest token signed by the new key names a ``kid`` the API does not know, and makes
it re-fetch). NIST SP 800-57 Part 1 Rev. 5 treats the compromise of a signing key and its
recovery; the mechanics here are in :mod:`simtoken.jose.keyring` (the new key) and
:mod:`simtoken.actors.compromise` (the leak, the forger, the rotation).

These fields are settings of the run like :class:`~simtoken.config.run.RunConfig`'s own
(``--set``), gathered here so that each topic's knobs and checks live together;
:class:`~simtoken.config.run.RunConfig` inherits them.
"""

from __future__ import annotations

from dataclasses import dataclass

from simtoken.errors import ConfigError
from simtoken.validate import flag, seconds

__all__ = ["CompromiseSettings"]


@dataclass(frozen=True)
class CompromiseSettings:
    """The settings of this topic (see the module docstring)."""

    key_leak_at: float = 0.0
    """Sim time at which the auth server's current private signing key leaks to the attacker,
    who then mints its own access tokens with it and calls the first API (0: never)."""
    emergency_rotation_at: float = 0.0
    """Sim time of the operator's emergency key rotation: a new key, the leaked key out of the
    JWKS at once (0: never; otherwise after ``key_leak_at``)."""
    revoke_on_compromise: bool = True
    """With the emergency rotation: revoke every grant that has a token signed by the leaked
    key (reason ``key_compromise``; its users must log in again)."""

    def _check_compromise(self) -> None:
        """Check this topic's settings, each on its own and against each other."""
        seconds("key_leak_at", self.key_leak_at)
        seconds("emergency_rotation_at", self.emergency_rotation_at)
        flag("revoke_on_compromise", self.revoke_on_compromise)
        rotation = self.emergency_rotation_at
        if rotation and not self.key_leak_at:
            raise ConfigError(
                "emergency_rotation_at", rotation, "0 unless a key leaks (key_leak_at > 0)"
            )
        if rotation and rotation <= self.key_leak_at:
            raise ConfigError(
                "emergency_rotation_at",
                rotation,
                f"0 (never) or a time after key_leak_at ({self.key_leak_at:g} s)",
            )
        weak = "weak_hmac_secret" in getattr(self, "weaknesses", frozenset())
        if self.key_leak_at and weak:
            raise ConfigError(
                "key_leak_at",
                self.key_leak_at,
                "0 with vulnerable=weak_hmac_secret (its fixed secret is never rotated)",
            )
