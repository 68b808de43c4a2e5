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

import random
from collections.abc import Callable, Mapping

import simpy

from simtoken.actors import ATTACKER, AuthServer, Client, Network, ResourceServer
from simtoken.actors.attacker import Attacker
from simtoken.actors.binding import bind_world
from simtoken.actors.end_session import BackChannel
from simtoken.actors.frontchannel import FrontChannel
from simtoken.actors.grants import Denylist
from simtoken.actors.network import finishes
from simtoken.actors.nonces import nonce_source
from simtoken.actors.presenter import present
from simtoken.actors.registry import Registry, app_names
from simtoken.actors.resource_server import JwksCache
from simtoken.actors.users import build_user
from simtoken.actors.watch import start_watch
from simtoken.actors.webapp import web_app
from simtoken.actors.worker import start_workers, worker_names
from simtoken.config.run import RunConfig
from simtoken.forgery.bench import WEAK_SECRET, Bench
from simtoken.jose.clock import SimClock
from simtoken.jose.dpop_client import Prover, derive_dpop_key
from simtoken.jose.keyring import KeySchedule
from simtoken.jose.tokens import TokenMinter
from simtoken.jose.weakness import Weakness
from simtoken.names import AUTH_SERVER, ISSUER, server_name
from simtoken.record.collector import paused_collection
from simtoken.record.events import Event, Issued
from simtoken.record.result import Result
from simtoken.record.stream import RunLog, needs_tokens
from simtoken.threats import start_threats, weakener
from simtoken.validate import check_seed

__all__ = ["World"]

_PROGRESS_STEPS = 100
"""How often :meth:`World.run` reports progress when asked to."""


class World:
    """A simulated world, ready to :meth:`run` once."""

    def __init__(self, config: RunConfig, seed: int = 0, scenario: str = "custom") -> None:
        self.config = config
        self.seed = check_seed(seed)
        self.scenario = scenario
        self.env = simpy.Environment()
        self.clock = SimClock()
        self._log = RunLog()
        self.looks_up_tokens = False  # a scenario presenting tokens it looks up: no stand-ins
        self._draining = False
        self._ran = False
        weak = Weakness.WEAK_HMAC_SECRET in config.weaknesses
        self.keys = self._key_schedule(weak)
        self.key = self.keys.signing_key(0.0)
        self.jwks = self.keys.jwks(0.0)
        self.bench = Bench(
            self.seed, config.policy.algorithm, weak_secret=weak, now=config.theft_at
        )
        """What a forger holds (its own keys, other tenants' keys, its JWKS URL)."""
        self._weaken = weakener(config, self.bench)
        rotating = (config.key_rotation_interval > 0 or config.key_leak_at > 0) and not weak
        self.network = self._build_network()
        self.denylist = Denylist()
        self.webapp = web_app(config, self.rng("webapp/csrf"))
        self.auth_server = self._build_auth_server(rotating)
        self.resource_servers = self._build_apis(rotating)
        self.front = FrontChannel(self.env, self._record, config.app_kind)
        self.clients = self._build_clients()
        self.workers = start_workers(self, self._record, self.routes())
        self.attacker = self._start_threats()

    def _bind(self) -> None:
        """Fingerprint cookies, client certificates, DBSC sessions: only what the run asks for."""
        bind_world(
            self.config,
            self.seed,
            self.rng,
            auth_server=self.auth_server,
            apis=list(self.resource_servers.values()),
            network=self.network,
            clients=self.clients,
            workers=worker_names(self.config),
            clock=self.clock,
        )

    def _key_schedule(self, weak: bool) -> KeySchedule:
        """The auth server's signing keys: rotation, a weak fixed secret, a leak's emergency."""
        cfg = self.config
        return KeySchedule(
            self.seed,
            cfg.policy.algorithm,
            cfg.key_rotation_interval,
            cfg.key_overlap,
            cfg.key_prepublish,
            secret=WEAK_SECRET if weak else None,
            leaked_at=cfg.key_leak_at,
            emergency_at=cfg.emergency_rotation_at,
        )

    def _build_network(self) -> Network:
        """The network every request crosses: latency, loss, timeouts (its own random draws)."""
        cfg = self.config
        delays = {"latency": cfg.latency, "timeout": cfg.timeout}
        losses = {"loss": cfg.loss, "response_loss": cfg.response_loss}
        return Network(self.env, self.rng("network"), self._record, **delays, **losses)

    def _build_auth_server(self, rotating: bool) -> AuthServer:
        """The auth server, signing with the schedule's keys if they rotate, on the network."""
        cfg = self.config
        auth_server = AuthServer(
            self.env,
            AUTH_SERVER,
            self._record,
            policy=cfg.policy,
            minter=TokenMinter(self.key, ISSUER, self.clock),
            audiences=cfg.audiences,
            rng=self.rng(AUTH_SERVER),
            denylist=self.denylist,
            keys=self.keys if rotating else None,
            weaken=self._weaken if cfg.vulnerable else None,
            registry=Registry.of_run(cfg, self.seed, app_names(cfg), worker_names(cfg)),
            gate=self.webapp,
        )
        self.network.attach(auth_server)
        auth_server.nonces = nonce_source(cfg, self.rng(f"{AUTH_SERVER}/dpop-nonce"))
        if cfg.logout_kind == "backchannel":
            auth_server.back_channel = BackChannel(self.network, self.rng(f"{AUTH_SERVER}/logout"))
        return auth_server

    def _build_apis(self, rotating: bool) -> dict[str, ResourceServer]:
        """One resource server per audience, on the network; with rotating keys, one JWKS cache."""
        cfg = self.config
        cache = JwksCache(cfg.jwks_cache_ttl, cfg.jwks_refetch, cfg.jwks_refetch_interval)
        jwks_cache = cache if rotating else None
        apis: dict[str, ResourceServer] = {}
        for audience in cfg.audiences:
            rs = ResourceServer(
                self.env,
                server_name(audience),
                self._record,
                audience=audience,
                issuer=ISSUER,
                jwks=self.jwks,
                clock=self.clock,
                leeway=cfg.policy.leeway,
                skew=cfg.rs_skew,
                validation=cfg.policy.validation,
                denylist=self.denylist,
                network=self.network,
                auth_server=AUTH_SERVER,
                cache_ttl=cfg.policy.introspection_cache_ttl,
                jwks_cache=jwks_cache,
                weaken=self._weaken if cfg.vulnerable else None,
                operations=cfg.operations,
                gate=self.webapp,
            )
            rs.nonces = nonce_source(cfg, self.rng(f"{rs.name}/dpop-nonce"))
            apis[audience] = rs
            self.network.attach(rs)
        return apis

    def _start_threats(self) -> Attacker | None:
        """The attacker and the forger, then the watch (:mod:`simtoken.actors.watch`).

        The watch stamps contexts and arms the detector and the operator.
        """
        attacker = start_threats(self, self._record, self.routes())
        self.remediation = start_watch(self, attacker)
        return attacker

    def routes(self) -> dict[str, str]:
        """Each audience's resource server name: where a client sends a call for it."""
        return {aud: rs.name for aud, rs in self.resource_servers.items()}

    def _build_clients(self) -> list[Client]:
        """Each user's apps (each app's tabs sharing one store and one activity), started.

        Before they start, the run's binding settings are wired in (:meth:`_bind`).
        """
        clients: list[Client] = []
        for i in range(1, self.config.clients + 1):
            clients += build_user(self, self._record, i)
        self.clients = clients
        self._bind()
        for client in clients:
            self.env.process(client.run())
        return clients

    def _record(self, event: Event) -> None:
        # After the horizon the network sends nothing new and only what finishes requests in
        # flight is kept (``finishes``), so every request gets exactly one outcome.
        if not self._draining or finishes(event):
            self._log.add(event)

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
        return tuple(self._log.looked_up())

    def first_issued(self, *, holder: str, audience: str) -> Issued | None:
        """Ground truth: the first token issued to ``holder`` for ``audience`` so far."""
        for event in self._log.looked_up():
            if isinstance(event, Issued) and event.holder == holder and event.audience == audience:
                return event
        return None

    def latest_issued(self, *, holder: str, audience: str) -> Issued | None:
        """Ground truth: the newest token issued to ``holder`` for ``audience`` so far."""
        for event in reversed(self._log.looked_up()):
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
        present(
            self.env,
            self.network,
            self.config.horizon,
            token,
            at=at,
            to=to,
            actor=actor,
            endpoint=endpoint,
            params=params,
            note=note,
        )

    @paused_collection()  # its records hold no cycles: :mod:`simtoken.record.collector`
    def run(
        self, progress: Callable[[float], None] | None = None, *, keep_trace: bool = True
    ) -> Result:
        """Run until the horizon and return the result (a world runs once).

        Requests in flight at the horizon are carried to their outcome; nothing new is sent
        after it, and user-level calls unfinished then are not counted. ``progress``, if given,
        is called with the fraction of the horizon simulated so far (100 times; stopping and
        resuming SimPy changes no event's order). ``keep_trace=False`` keeps exact metrics, no
        trace, and token stand-ins unless ``looks_up_tokens`` (:mod:`simtoken.record.stream`).
        """
        if self._ran:
            raise RuntimeError("A World runs once; build a new one to run again")
        self._ran, cfg = True, self.config
        users = {c.name: c.user for c in self.clients} | {w.name: w.name for w in self.workers}
        if not keep_trace:
            whole = self.looks_up_tokens or needs_tokens(cfg)  # else stand-ins: no tokens kept
            self._log.stream(users, AUTH_SERVER, stand_ins=not whole)
        if progress is None:
            self.env.run(until=cfg.horizon)
        else:
            for step in range(1, _PROGRESS_STEPS + 1):
                self.env.run(until=cfg.horizon * step / _PROGRESS_STEPS)
                progress(step / _PROGRESS_STEPS)
        self._draining = True
        self.network.close()
        self.env.run(until=cfg.horizon + cfg.timeout + 2 * cfg.latency + 1.0)
        trace, metrics = self._log.finish(self.config, AUTH_SERVER, users)
        # Every key the auth server signed or published: enough to check any token of the run.
        jwks = {"keys": [dict(k.public_jwk) for k in self.auth_server.keys_used.values()]}
        return Result(self.scenario, self.seed, self.config, trace, metrics, jwks)
