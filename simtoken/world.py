"""The world: one SimPy environment with its auth server, APIs, network, clients and attacker.

A world is built from a :class:`~simtoken.config.run.RunConfig` and a seed, runs once, and returns a
:class:`~simtoken.record.result.Result`. It is the only place that wires actors together.

**Determinism.** A run is a pure function of (configuration, seed). The signing key is derived
from the seed; each actor draws from its own ``random.Random`` seeded with ``"{seed}/{actor}"``,
so all randomness still comes from the run's seed, and changing one actor's behaviour (say, the
auth server's policy) leaves every other actor's random draws untouched. Comparing two policies
with the same seed therefore compares them on *the same user behaviour* (common random numbers).
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Mapping

import simpy

from simtoken.actors import (
    ATTACKER,
    Activity,
    ActorProcess,
    Attacker,
    AuthServer,
    Client,
    Network,
    Presenter,
    ResourceServer,
    TokenStore,
)
from simtoken.actors.forger import Forger
from simtoken.actors.grants import Denylist
from simtoken.actors.network import SERVER_TO_SERVER
from simtoken.actors.resource_server import JwksCache
from simtoken.config.run import RunConfig
from simtoken.errors import ConfigError, UnknownNameError
from simtoken.forgery.attacks import get_attack
from simtoken.forgery.bench import WEAK_SECRET, Bench
from simtoken.jose.clock import SimClock
from simtoken.jose.dpop_client import Prover, derive_dpop_key
from simtoken.jose.keyring import KeySchedule
from simtoken.jose.tokens import TokenMinter
from simtoken.jose.verify import Verifier
from simtoken.jose.weakness import Weakness
from simtoken.names import AUTH_SERVER, ISSUER, server_name
from simtoken.record.events import Accepted, Event, Issued, Lost, Rejected, Request, ResponseLost
from simtoken.record.metrics import compute_metrics
from simtoken.record.result import Result
from simtoken.record.trace import Trace

__all__ = ["World", "check_seed"]


def check_seed(seed: object) -> int:
    """Validate a run seed: a whole number >= 0."""
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ConfigError("seed", seed, "a whole number >= 0")
    return seed


class World:
    """A simulated world, ready to :meth:`run` once."""

    def __init__(self, config: RunConfig, seed: int = 0, scenario: str = "custom") -> None:
        self.config = config
        self.seed = check_seed(seed)
        self.scenario = scenario
        self.env = simpy.Environment()
        self.clock = SimClock()
        weak = Weakness.WEAK_HMAC_SECRET in config.weaknesses
        self.keys = KeySchedule(
            self.seed,
            config.policy.algorithm,
            config.key_rotation_interval,
            config.key_overlap,
            config.key_prepublish,
            secret=WEAK_SECRET if weak else None,
        )
        self.key = self.keys.signing_key(0.0)
        self.jwks = self.keys.jwks(0.0)
        self.bench = Bench(
            self.seed, config.policy.algorithm, weak_secret=weak, now=config.theft_at
        )
        """What a forger holds (its own keys, other tenants' keys, its JWKS URL)."""
        weaken = self._weaken if config.vulnerable else None
        rotating = config.key_rotation_interval > 0 and not weak
        jwks_cache = (
            JwksCache(config.jwks_cache_ttl, config.jwks_refetch, config.jwks_refetch_interval)
            if rotating
            else None
        )
        self._events: list[Event] = []
        self._draining = False
        record = self._record
        self.network = Network(
            self.env,
            self.rng("network"),
            record,
            latency=config.latency,
            loss=config.loss,
            timeout=config.timeout,
            response_loss=config.response_loss,
        )
        self.denylist = Denylist()
        self.auth_server = AuthServer(
            self.env,
            AUTH_SERVER,
            record,
            policy=config.policy,
            minter=TokenMinter(self.key, ISSUER, self.clock),
            audiences=config.audiences,
            rng=self.rng(AUTH_SERVER),
            denylist=self.denylist,
            keys=self.keys if rotating else None,
            weaken=weaken,
        )
        self.network.attach(self.auth_server)
        self.resource_servers: dict[str, ResourceServer] = {}
        for audience in config.audiences:
            rs = ResourceServer(
                self.env,
                server_name(audience),
                record,
                audience=audience,
                issuer=ISSUER,
                jwks=self.jwks,
                clock=self.clock,
                leeway=config.policy.leeway,
                skew=config.rs_skew,
                validation=config.policy.validation,
                denylist=self.denylist,
                network=self.network,
                auth_server=AUTH_SERVER,
                cache_ttl=config.policy.introspection_cache_ttl,
                jwks_cache=jwks_cache,
                weaken=weaken,
            )
            self.resource_servers[audience] = rs
            self.network.attach(rs)
        routes = {aud: rs.name for aud, rs in self.resource_servers.items()}
        self.clients: list[Client] = []
        for i in range(1, config.clients + 1):
            store = TokenStore()
            tabs = config.tabs
            activity = Activity(self.rng(f"user-{i}"), config.active_period, config.idle_period)
            for j in range(1, tabs + 1):
                name = f"client-{i}" if tabs == 1 else f"client-{i}.tab-{j}"
                self.clients.append(
                    Client(
                        self.env,
                        name,
                        f"user-{i}",
                        record,
                        network=self.network,
                        auth_server=AUTH_SERVER,
                        resource_servers=routes,
                        config=config,
                        rng=self.rng(name),
                        store=store,
                        activity=activity if tabs > 1 else None,
                        stops_at=config.victim_stops_at if i == 1 else 0.0,
                        prover=self.prover(f"user-{i}", name),
                    )
                )
            if config.logout_at > 0:
                self.env.process(self._logout(self.clients[-1], config.logout_at))
        for client in self.clients:
            self.env.process(client.run())
        self.attacker: Attacker | None = None
        if config.theft_vector != "none":
            self.attacker = Attacker(
                self.env,
                record,
                network=self.network,
                victim=self.clients[0],
                auth_server=AUTH_SERVER,
                config=config,
                rng=self.rng(ATTACKER),
                prover=self.prover(ATTACKER, ATTACKER),
            )
            self.env.process(self.attacker.run())
        if config.forge != "none":
            forger = Forger(
                self.env,
                ATTACKER,
                record,
                network=self.network,
                attack=get_attack(config.forge),
                bench=self.bench,
                api=routes[config.audiences[0]],
                auth_server=AUTH_SERVER,
                interval=config.attacker_interval,
                rng=self.rng(f"{ATTACKER}/forge"),
            )
            self.env.process(forger.run())
        self._ran = False

    def _weaken(self, verifier: Verifier) -> Verifier:
        """A verifier with the configured weaknesses, reaching the forger's key sources."""
        return dataclasses.replace(
            verifier, weaknesses=self.config.weaknesses, sources=self.bench.key_sources()
        )

    def _logout(self, client: Client, at: float) -> ActorProcess:
        yield self.env.timeout(at)
        yield from client.logout()

    def _record(self, event: Event) -> None:
        # After the horizon only what finishes requests already in flight is kept (their
        # outcomes, the tokens they mint, an API's questions to the AS on their behalf): the network
        # sends nothing new, so every request gets exactly one outcome.
        if (
            not self._draining
            or isinstance(event, Accepted | Rejected | Lost | Issued | ResponseLost)
            or (isinstance(event, Request) and event.endpoint in SERVER_TO_SERVER)
        ):
            self._events.append(event)

    def prover(self, owner: str, holder: str) -> Prover | None:
        """With DPoP: a prover for ``owner``'s key (tabs of a user share it), else None."""
        if self.config.policy.sender_constraint != "dpop":
            return None
        key = derive_dpop_key(
            self.seed, owner, extractable=self.config.dpop_key_extractable or owner == ATTACKER
        )
        return Prover(key, self.clock, lambda: self.env.now, self.rng(f"{holder}/dpop"))

    def rng(self, purpose: str) -> random.Random:
        """The random generator of one actor, derived from the run's seed."""
        return random.Random(f"{self.seed}/{purpose}")

    @property
    def events(self) -> tuple[Event, ...]:
        """The events recorded so far."""
        return tuple(self._events)

    def first_issued(self, *, holder: str, audience: str) -> Issued | None:
        """Ground truth: the first token issued to ``holder`` for ``audience`` so far."""
        for event in self._events:
            if isinstance(event, Issued) and event.holder == holder and event.audience == audience:
                return event
        return None

    def latest_issued(self, *, holder: str, audience: str) -> Issued | None:
        """Ground truth: the newest token issued to ``holder`` for ``audience`` so far."""
        for event in reversed(self._events):
            if isinstance(event, Issued) and event.holder == holder and event.audience == audience:
                return event
        return None

    def present(
        self,
        token: object,
        *,
        at: float,
        to: str,
        actor: str = "presenter",
        endpoint: str = "api",
        params: Mapping[str, str] | None = None,
        note: str = "",
    ) -> None:
        """Schedule ``actor`` to show a token (a string, or a callable making one) to ``to``."""
        if to not in self.network.servers:
            raise UnknownNameError("to", to, sorted(self.network.servers))
        if not 0 <= at < self.config.horizon:
            raise ConfigError("at", at, f"a sim time in [0, {self.config.horizon:g})")
        source = token if callable(token) else (lambda: token)
        presenter = Presenter(
            self.env,
            actor,
            network=self.network,
            at=at,
            target=to,
            token=source,  # type: ignore[arg-type]
            endpoint=endpoint,
            params=params,
            note=note,
        )
        self.env.process(presenter.run())

    def run(self) -> Result:
        """Run until the horizon and return the result (a world runs once).

        Requests still in flight at the horizon are carried to their outcome; nothing new is
        sent after it, and user-level calls unfinished at the horizon are not counted.
        """
        if self._ran:
            raise RuntimeError("A World runs once; build a new one to run again")
        self._ran = True
        cfg = self.config
        self.env.run(until=cfg.horizon)
        self._draining = True
        self.network.close()
        self.env.run(until=cfg.horizon + cfg.timeout + 2 * cfg.latency + 1.0)
        trace = Trace(tuple(self._events))
        metrics = compute_metrics(
            trace,
            config=self.config,
            auth_server=AUTH_SERVER,
            clients=[c.name for c in self.clients],
        )
        # Every key the auth server signed with or published: enough to check any token of the run.
        jwks = {"keys": [dict(k.public_jwk) for k in self.auth_server.keys_used.values()]}
        return Result(self.scenario, self.seed, self.config, trace, metrics, jwks)
