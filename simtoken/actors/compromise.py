"""Key compromise: the leaked signing key, the attacker who signs with it, the emergency rotation.

Every other forgery (:mod:`simtoken.forgery.attacks`) needs a verifier that makes a mistake.
This one needs none: at ``key_leak_at`` the attacker obtains the auth server's current
*private* signing key (a ``key_leaked`` event, ground truth no server sees), and every token it
signs with it is, to a verifier, indistinguishable from a real one. :class:`KeyThief` mints one
access token for the first API with the claims it likes (``sub`` ``admin``, every scope the API
offers, an ``exp`` 30 days away; a ``forged`` event of attack ``key_compromise``) and presents it
every ``attacker_interval`` seconds on average, each request noted ``forged:key_compromise`` so
that ``forged_accepted`` counts the accepted ones.

The answer is the operator's: an **emergency rotation** at ``emergency_rotation_at``
(:class:`Compromise`, mixed into the auth server). The key schedule
(:class:`~simtoken.jose.keyring.KeySchedule`) swaps the leaked key for a new one at that instant
and drops it from the JWKS with no overlap; the auth server stops accepting refresh tokens it
signed at once (its own verifier holds only the published keys), and with
``revoke_on_compromise`` revokes every grant one of whose tokens the leaked key signed (reason
``key_compromise``; a ``key_rotated`` event, then one ``revoked`` per grant): their users must
log in again. The APIs are another matter: each keeps its cached JWKS, leaked key included,
until it re-fetches: when its copy is ``jwks_cache_ttl`` old, or, with ``jwks_refetch``, as soon
as a token names a ``kid`` it does not know (the first honest token signed by the new key), at
most once per ``jwks_refetch_interval``. So the forged tokens stop working within one cache
lifetime of the rotation, sooner with the re-fetch and honest traffic.

Simplifications: the simulator's refresh tokens are JWTs signed with the same key (a convention,
:mod:`simtoken.jose.tokens`), so they die with the leaked key even without
``revoke_on_compromise`` (refused as ``unknown_key``); an auth server with opaque refresh
tokens, looked up in its own store, could keep those sessions, since a leaked signing key cannot
forge a handle the server never issued. The thief mints access tokens only, for the first API.
"""

from __future__ import annotations

import random
from collections.abc import Callable

import simpy

from simtoken.actors.grants import Grant
from simtoken.actors.network import ActorProcess, Network
from simtoken.jose.clock import SimClock
from simtoken.jose.keyring import KeySchedule
from simtoken.jose.keys import SigningKey
from simtoken.jose.scopes import scope_for
from simtoken.jose.tokens import TokenMinter, TokenType
from simtoken.names import ISSUER
from simtoken.record.events import Event, Forged, KeyLeaked, KeyRotated
from simtoken.record.reasons import RevocationReason

__all__ = ["ATTACK", "FORGED_LIFETIME", "FORGED_SUBJECT", "Compromise", "KeyThief"]

ATTACK = "key_compromise"
"""The attack name of the thief's ``forged`` event and of its requests' ``forged:`` note."""

FORGED_SUBJECT = "admin"
"""The ``sub`` the thief writes into its tokens: anyone it likes."""

FORGED_LIFETIME = 30 * 86_400
"""How long the thief's token is valid: as long as it likes (30 days here)."""


class Compromise:
    """The auth server's emergency rotation (mixed into the auth server; see above)."""

    env: simpy.Environment
    name: str
    record: Callable[[Event], None]
    grants: dict[str, Grant]
    keys: KeySchedule | None
    minter: TokenMinter
    revoke: Callable[[Grant, RevocationReason], None]
    _keys_now: Callable[[], None]

    def emergency_rotation(self, revoke: bool) -> ActorProcess:
        """At the schedule's ``emergency_at``: swap the leaked key, and revoke what it signed."""
        keys = self.keys
        assert keys is not None and keys.leaked_index is not None
        yield self.env.timeout(keys.emergency_at)
        leaked = keys.key(keys.leaked_index)
        self._keys_now()
        reached = [g for g in self.grants.values() if leaked.kid in g.kids and not g.revoked]
        self.record(
            KeyRotated(
                t=self.env.now,
                actor=self.name,
                leaked_kid=leaked.kid,
                new_kid=self.minter.key.kid,
                revoked=len(reached) if revoke else 0,
            )
        )
        if revoke:
            for grant in reached:
                self.revoke(grant, RevocationReason.KEY_COMPROMISE)


class KeyThief:
    """Gets the signing key at ``at``, mints its own token with it, and calls the API with it."""

    def __init__(
        self,
        env: simpy.Environment,
        name: str,
        record: Callable[[Event], None],
        *,
        network: Network,
        signing_key: Callable[[float], SigningKey],
        clock: SimClock,
        api: str,
        audience: str,
        operations: tuple[str, ...],
        at: float,
        interval: float,
        rng: random.Random,
    ) -> None:
        self.env = env
        self.name = name
        self.record = record
        self.network = network
        self.signing_key = signing_key
        """The auth server's signing key at a sim time (ground truth: what leaks)."""
        self.clock = clock
        self.api = api
        self.audience = audience
        self.scope = " ".join(scope_for(audience, op) for op in operations)
        """Every scope the API offers (none without operations)."""
        self.at = at
        self.interval = interval
        self.rng = rng

    def forge(self, key: SigningKey) -> str:
        """An access token signed with the leaked ``key``: any subject, any scope, a long life."""
        token, _ = TokenMinter(key, ISSUER, self.clock).mint(
            TokenType.ACCESS,
            subject=FORGED_SUBJECT,
            audience=self.audience,
            client_id="spa",
            session="s-forged",
            jti=f"{self.rng.getrandbits(64):016x}",
            now=self.env.now,
            lifetime=FORGED_LIFETIME,
            scope=self.scope,
        )
        return token

    def run(self) -> ActorProcess:
        """Steal the key at ``at``, forge one token, then present it again and again."""
        yield self.env.timeout(self.at)
        key = self.signing_key(self.env.now)
        now = self.env.now
        self.record(KeyLeaked(t=now, actor=self.name, kid=key.kid, algorithm=key.algorithm))
        token = self.forge(key)
        self.record(Forged(t=now, actor=self.name, attack=ATTACK, token=token))
        while True:
            yield from self.network.request(
                self.name, self.api, "api", token, note=f"forged:{ATTACK}"
            )
            yield self.env.timeout(self.rng.expovariate(1.0 / self.interval))
