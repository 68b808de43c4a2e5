"""DPoP server nonces (RFC 9449 §8, §9): a value the server chooses that every proof must carry.

A proof's ``iat`` is the client's word for when it was signed, so a server that only checks
``iat`` against a window (RFC 9449 §11.1) cannot tell a fresh proof from one signed long ago with
a future date (*pre-generated* proofs, RFC 9449 §11.2). A server nonce closes that gap: the
server hands out an unpredictable value in a ``DPoP-Nonce`` answer header and requires it in
the proof's ``nonce`` claim. A proof then shows it was signed after the server issued its
nonce, and it stops working once the server retires that nonce.

* A proof without a nonce is refused with ``use_dpop_nonce`` (the error code of RFC 9449 §8:
  400 at the auth server; §9: 401 with ``WWW-Authenticate: DPoP error="use_dpop_nonce"`` at an
  API), and the answer carries the current nonce, so an honest client retries once.
* A proof with a nonce the server does not (or no longer) accept is refused with
  ``dpop_nonce_invalid``; on the wire RFC 9449 answers this with ``use_dpop_nonce`` too and a
  fresh nonce, the simulator names it apart so that a trace shows a retired nonce.
* A server may hand a new nonce in any answer, a successful one included (RFC 9449 §8.2), so a
  busy client keeps up without refusals; a client idle for longer than the nonce's life pays
  one extra round trip per server.

:class:`NonceSource` is one server's nonces: it draws a new one every ``lifetime`` seconds of
sim time from its own seeded generator and accepts the current and the previous one, so a nonce
works for between one and two lifetimes (RFC 9449 leaves the policy to the server). Each nonce
is a pure function of the generator and its period's index, whatever the order of the calls.

>>> import random
>>> nonces = NonceSource(random.Random("7/demo"), lifetime=300.0)
>>> nonces.current(10.0) == nonces.current(299.0)
True
>>> nonces.current(10.0) in nonces.accepted(400.0), nonces.current(10.0) in nonces.accepted(600.0)
(True, False)
"""

from __future__ import annotations

import math
import random

import jwt.utils

from simtoken.errors import ConfigError

__all__ = ["NonceSource"]

NONCE_BYTES = 16
"""Random bytes in a nonce (128 bits: unguessable), base64url-encoded (RFC 9449 §8.1 syntax)."""


class NonceSource:
    """One server's nonces on the sim clock (see the module docstring)."""

    def __init__(self, rng: random.Random, lifetime: float) -> None:
        if not math.isfinite(lifetime) or lifetime <= 0:
            raise ConfigError("dpop_nonce_lifetime", lifetime, "a positive number of seconds")
        self.rng = rng
        self.lifetime = lifetime
        self._values: list[str] = []

    def _period(self, now: float) -> int:
        return max(0, math.floor(now / self.lifetime))

    def _value(self, period: int) -> str:
        while len(self._values) <= period:  # drawn in period order: the same values every run
            raw = self.rng.getrandbits(8 * NONCE_BYTES).to_bytes(NONCE_BYTES, "big")
            self._values.append(jwt.utils.base64url_encode(raw).decode("ascii"))
        return self._values[period]

    def current(self, now: float) -> str:
        """The nonce the server hands out at sim time ``now``."""
        return self._value(self._period(now))

    def accepted(self, now: float) -> tuple[str, ...]:
        """The nonces a proof may carry at ``now``: the current one and the previous one."""
        period = self._period(now)
        return tuple(self._value(p) for p in range(period, max(-1, period - 2), -1))

    def retired_at(self, nonce: str) -> float | None:
        """When ``nonce`` stops being accepted (None: this server never issued it)."""
        if nonce not in self._values:
            return None
        return (self._values.index(nonce) + 2) * self.lifetime
