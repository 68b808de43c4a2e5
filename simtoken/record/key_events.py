"""Key events: a signing key leaked, and the emergency rotation that answered it.

A leaked private signing key is the worst thing that can happen to a JWT deployment: the
attacker need not steal or guess anything any more, it signs what it likes and every verifier
that trusts the key accepts it. Two records tell that story on the timeline:

* ``key_leaked``: ground truth no server sees (like ``stolen``): the attacker (``actor``) got the
  auth server's private key ``kid`` (:mod:`simtoken.actors.compromise`);
* ``key_rotated``: an emergency rotation: the auth server (``actor``) replaced the leaked key
  ``leaked_kid`` with ``new_kid`` and removed the leaked one from its JWKS at once; ``revoked``
  grants were revoked with it (reason ``key_compromise``), each with its own ``revoked`` record.

They are listed with every other kind in :mod:`simtoken.record.events`, which re-exports them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from simtoken._records import quick_init
from simtoken.record.event_base import Event

__all__ = ["KeyLeaked", "KeyRotated"]


@quick_init
@dataclass(frozen=True, slots=True, kw_only=True)
class KeyLeaked(Event):
    """The attacker (``actor``) obtained the auth server's private signing key ``kid``."""

    kind: ClassVar[str] = "key_leaked"
    kid: str
    algorithm: str


@quick_init
@dataclass(frozen=True, slots=True, kw_only=True)
class KeyRotated(Event):
    """The auth server replaced ``leaked_kid`` by ``new_kid`` and unpublished the leaked key.

    ``revoked`` is the number of grants it revoked for the compromise (0 without
    ``revoke_on_compromise``).
    """

    kind: ClassVar[str] = "key_rotated"
    leaked_kid: str
    new_kid: str
    revoked: int
