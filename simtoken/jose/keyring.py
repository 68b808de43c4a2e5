"""Key rotation: which signing key the auth server uses, and which keys it publishes, when.

An auth server changes its signing key from time to time (Okta does it "four times a year",
Auth0 on request), like a building that re-keys its locks: the new key gets a new ``kid``,
and for a while the old one must still open the doors, or every token signed just before the
change would stop working at once. Two timings decide whether anyone notices:

* **overlap**: how long a retired key stays in the published JWKS, so tokens it signed keep
  verifying until they expire;
* **pre-publication**: how long *before* its first use a new key appears in the JWKS, so that
  APIs caching the JWKS already hold it when the first token signed with it arrives (Auth0
  and Okta publish the next key ahead [A-keys; O-keys], links in ``docs/bibliography.md``).

An API that caches the JWKS for a TTL and sees a token whose ``kid`` it does not know can
wait for its cache to expire (an outage of up to the TTL for every new token, failure mode K1)
or re-fetch at once, throttled so that junk ``kid`` values cannot make it hammer the auth
server. :class:`KeySchedule` is the auth server's side of that; the API's side is in
:mod:`simtoken.actors.resource_server`. Key ``i`` is ``derive_key(seed, algorithm, i)`` (purpose
:attr:`~simtoken.jose.keys.KeyPurpose.SIGNING`, so never a forger's or a client's key), used from
``i * interval`` to ``(i + 1) * interval``.

**Emergency rotation.** A signing key can leak (a backup, a log, a compromised host). Then the
scheduled rotation is too slow: the operator replaces the leaked key at once
(``emergency_at``) with a key of its own purpose
(:attr:`~simtoken.jose.keys.KeyPurpose.EMERGENCY`, index: the leaked key's number), and removes
the leaked key from the JWKS at that instant, with no overlap: every token it signed, honest or
forged, is to stop verifying. The leaked key is the one that signed at ``leaked_at``. APIs that
cached the JWKS still trust it until their copy expires (:mod:`simtoken.actors.resource_server`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from simtoken.jose.keys import KeyPurpose, SigningKey, derive_key, hmac_key

__all__ = ["KeySchedule"]


@dataclass(frozen=True)
class KeySchedule:
    """The auth server's signing keys over time (``interval`` 0: one key forever)."""

    seed: int
    algorithm: str = "RS256"
    interval: float = 0.0
    overlap: float = 86_400.0
    prepublish: float = 0.0
    secret: bytes | None = None
    """A fixed HS256 secret (the ``weak_hmac_secret`` deployment): the only key, never rotated."""
    leaked_at: float = 0.0
    """When the key then signing leaked (0: never); it is replaced only at ``emergency_at``."""
    emergency_at: float = 0.0
    """When the leaked key is replaced and unpublished (0: never)."""

    @property
    def leaked_index(self) -> int | None:
        """The number of the key that leaked and is replaced in an emergency (None: none is)."""
        if self.leaked_at <= 0 or self.emergency_at <= 0 or self.secret is not None:
            return None
        return self.index_at(self.leaked_at)

    def index_at(self, now: float) -> int:
        """The index of the key that signs at sim time ``now``."""
        return 0 if self.interval <= 0 else int(now // self.interval)

    def key(self, index: int) -> SigningKey:
        """Key number ``index``."""
        if self.secret is not None:
            return hmac_key(self.secret)
        return derive_key(self.seed, self.algorithm, index, KeyPurpose.SIGNING)

    def _replaced(self, index: int, now: float) -> bool:
        """Whether key ``index`` is the leaked one and the emergency rotation has happened."""
        return index == self.leaked_index and now >= self.emergency_at

    def key_at(self, index: int, now: float) -> SigningKey:
        """Key number ``index`` as of ``now``: its emergency replacement once it was replaced."""
        if self._replaced(index, now):
            return derive_key(self.seed, self.algorithm, index, KeyPurpose.EMERGENCY)
        return self.key(index)

    def signing_key(self, now: float) -> SigningKey:
        """The key that signs tokens at sim time ``now``."""
        return self.key_at(self.index_at(now), now)

    def published(self, now: float) -> tuple[SigningKey, ...]:
        """The keys in the JWKS at ``now``: retired ones still in overlap, current, next.

        A replaced leaked key is gone at once: its replacement stands in while it is current.
        """
        current = self.index_at(now)
        if self.interval <= 0 or self.secret is not None:
            return (self.key_at(0, now),)
        oldest = current  # key i-1 retired at i * interval and stays for the overlap
        while oldest > 0 and oldest * self.interval + self.overlap > now:
            oldest -= 1
        indices = list(range(oldest, current + 1))
        if self.prepublish > 0 and (current + 1) * self.interval - self.prepublish <= now:
            indices.append(current + 1)
        kept = [i for i in indices if i == current or not self._replaced(i, now)]
        return tuple(self.key_at(i, now) for i in kept)

    def jwks(self, now: float) -> dict[str, Any]:
        """The JWKS document the auth server serves at ``now``."""
        return {"keys": [dict(k.public_jwk) for k in self.published(now)]}
