"""The forger: an attacker who makes tokens instead of stealing them (failure mode F10).

From ``theft_at`` on, the forger builds one token of its attack class
(:mod:`simtoken.forgery.attacks`) from what it can get legitimately (its own account's tokens, the
public JWKS, its own keys) and presents it every ``attacker_interval`` seconds on average:
access-token forgeries to the first API, refresh-token forgeries to the token endpoint. The
requests are the attacker's, so the trace shows each one accepted or rejected with a named
reason, and ``forged_accepted`` counts the accepted ones (target 0). Whether they get in is
decided by the verifiers' ``vulnerable`` setting alone, as long as the APIs check no scope: the
forged claims (:meth:`~simtoken.forgery.bench.Bench.claims`) carry no ``scope``, so with API
``operations`` even a forgery a weakness lets through is refused 403 ``insufficient_scope``
(counted in ``attacker_scope_refusals``). A real forger would write every scope it wants; the
``forgery`` scenario runs without operations.
"""

from __future__ import annotations

import random
from collections.abc import Callable

import simpy

from simtoken.actors.network import ActorProcess, Network
from simtoken.forgery.attacks import AttackClass
from simtoken.forgery.bench import Bench
from simtoken.jose.tokens import TokenType
from simtoken.record.events import Event, Forged

__all__ = ["Forger"]


class Forger:
    """Presents forged tokens of one attack class from ``at`` until the run ends."""

    def __init__(
        self,
        env: simpy.Environment,
        name: str,
        record: Callable[[Event], None],
        *,
        network: Network,
        attack: AttackClass,
        bench: Bench,
        api: str,
        auth_server: str,
        interval: float,
        rng: random.Random,
    ) -> None:
        self.env = env
        self.name = name
        self.record = record
        self.network = network
        self.attack = attack
        self.bench = bench
        self.interval = interval
        self.rng = rng
        refresh = attack.present_as is TokenType.REFRESH
        self.target, self.endpoint = (auth_server, "refresh") if refresh else (api, "api")

    def run(self) -> ActorProcess:
        """Forge at ``bench.now``, then present the token again and again."""
        yield self.env.timeout(self.bench.now)
        token = self.attack.make(self.bench)
        self.record(Forged(t=self.env.now, actor=self.name, attack=self.attack.name, token=token))
        while True:
            yield from self.network.request(
                self.name, self.target, self.endpoint, token, note=f"forged:{self.attack.name}"
            )
            yield self.env.timeout(self.rng.expovariate(1.0 / self.interval))
