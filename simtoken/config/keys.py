"""The checks of a run's keys: the signing-key schedule, the forged attack class, the weaknesses.

A key schedule must publish a key before it is used (``key_prepublish`` less than
``key_rotation_interval``); a forged attack class must be one of the catalog's; a typed weak
HMAC secret only makes sense with HS256 and a key nobody rotates.
"""

from __future__ import annotations

from simtoken.errors import ConfigError, UnknownNameError
from simtoken.forgery.attacks import ATTACKS
from simtoken.jose.weakness import Weakness, parse_weaknesses

__all__ = ["check_keys_and_forgery"]


def check_keys_and_forgery(
    *,
    algorithm: str,
    key_rotation_interval: float,
    key_prepublish: float,
    forge: str,
    vulnerable: object,
) -> None:
    """The key schedule, the attack class forged, and the verifiers' weaknesses."""
    if key_rotation_interval and key_prepublish >= key_rotation_interval:
        raise ConfigError(
            "key_prepublish",
            key_prepublish,
            f"less than key_rotation_interval ({key_rotation_interval:g} s)",
        )
    if forge != "none" and forge not in {a.name for a in ATTACKS}:
        raise UnknownNameError("forge", forge, ["none", *(a.name for a in ATTACKS)])
    if not isinstance(vulnerable, tuple):
        raise ConfigError("vulnerable", vulnerable, "a tuple of weakness names")
    if Weakness.WEAK_HMAC_SECRET in parse_weaknesses(vulnerable) and (
        algorithm != "HS256" or key_rotation_interval
    ):
        raise ConfigError(
            "vulnerable",
            "weak_hmac_secret",
            "only with algorithm=HS256 and key_rotation_interval=0 (a typed secret is a "
            "shared HMAC secret that nobody rotates)",
        )
