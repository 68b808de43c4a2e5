"""Threats: the adversaries a world wires in when its configuration asks for them.

A world (:mod:`simtoken.world`) is a stage; this module casts its villains. With a theft
vector, the *attacker* steals the first user's tokens (:mod:`simtoken.actors.attacker`); with an
attack on the login flow (``flow_attack``), it goes after the authorization responses instead
(:mod:`simtoken.actors.flow_attacker`); with an attack class to forge, the *forger* makes tokens
of its own and presents them to the first API (:mod:`simtoken.actors.forger`); with a leaked
signing key (``key_leak_at``), the *key thief* signs its own tokens with it, and the auth server
answers with an emergency rotation (:mod:`simtoken.actors.compromise`). Each draws from
its own random generator, derived from the run's seed like every other actor's, so adding a
threat leaves the users' draws untouched.
A *vulnerable* deployment's verifiers get the configured weaknesses (:mod:`simtoken.jose.weakness`)
from :func:`weakener`, reaching the forger's key sources.
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Callable, Mapping

import simpy

from simtoken.actors import ATTACKER, Attacker, Client, Network
from simtoken.actors.compromise import KeyThief
from simtoken.actors.flow_attacker import FlowAttacker
from simtoken.actors.forger import Forger
from simtoken.actors.stage import Stage
from simtoken.config.run import RunConfig
from simtoken.forgery.attacks import get_attack
from simtoken.forgery.bench import Bench
from simtoken.jose.dpop_client import Prover
from simtoken.jose.verify import Verifier
from simtoken.names import AUTH_SERVER
from simtoken.record.events import Event

__all__ = [
    "Stage",
    "start_attacker",
    "start_flow_attacker",
    "start_forger",
    "start_key_compromise",
    "start_threats",
    "weakener",
]


def start_threats(
    world: Stage, record: Callable[[Event], None], routes: Mapping[str, str]
) -> Attacker | None:
    """The attacker (returned; None without one), then the forger, both started.

    The attacker steals tokens (a theft vector) or attacks the login flow (``flow_attack``).
    """
    if world.config.attacks_flow:
        flow_attacker: Attacker | None = start_flow_attacker(world, record)
    else:
        flow_attacker = None
    attacker = flow_attacker or start_attacker(
        world.config,
        world.env,
        record,
        network=world.network,
        victim=world.clients[0] if world.clients else None,
        rng=world.rng,
        prover=world.prover,
    )
    start_forger(
        world.config,
        world.env,
        record,
        network=world.network,
        bench=world.bench,
        routes=routes,
        rng=world.rng,
    )
    start_key_compromise(world, record, routes)
    return attacker


def start_attacker(
    config: RunConfig,
    env: simpy.Environment,
    record: Callable[[Event], None],
    *,
    network: Network,
    victim: Client | None,
    rng: Callable[[str], random.Random],
    prover: Callable[[str, str], Prover | None],
) -> Attacker | None:
    """With a theft vector: the attacker who steals ``victim``'s tokens, started.

    With API operations it draws each call's operation from its own generator (``attacker/ops``).
    """
    if config.theft_vector == "none" or victim is None:
        return None
    attacker = Attacker(
        env,
        record,
        network=network,
        victim=victim,
        auth_server=AUTH_SERVER,
        config=config,
        rng=rng(ATTACKER),
        prover=prover(ATTACKER, ATTACKER),
        ops_rng=rng(f"{ATTACKER}/ops"),
        precompute_rng=rng(f"{ATTACKER}/precompute"),
    )
    env.process(attacker.run())
    return attacker


def start_flow_attacker(world: Stage, record: Callable[[Event], None]) -> FlowAttacker:
    """The attacker of the login flow (``flow_attack``) on the first user, started."""
    config = world.config
    attacker = FlowAttacker(
        world.env,
        record,
        network=world.network,
        victim=world.clients[0],
        auth_server=AUTH_SERVER,
        config=config,
        rng=world.rng(ATTACKER),
        oauth_rng=world.rng(f"{ATTACKER}/oauth"),
        front=world.front,
        prover=world.prover(ATTACKER, ATTACKER),
    )
    world.env.process(attacker.run())
    return attacker


def start_forger(
    config: RunConfig,
    env: simpy.Environment,
    record: Callable[[Event], None],
    *,
    network: Network,
    bench: Bench,
    routes: Mapping[str, str],
    rng: Callable[[str], random.Random],
) -> None:
    """With an attack class to forge: the forger calling the first API, started."""
    if config.forge == "none":
        return
    forger = Forger(
        env,
        ATTACKER,
        record,
        network=network,
        attack=get_attack(config.forge),
        bench=bench,
        api=routes[config.audiences[0]],
        auth_server=AUTH_SERVER,
        interval=config.attacker_interval,
        rng=rng(f"{ATTACKER}/forge"),
    )
    env.process(forger.run())


def start_key_compromise(
    world: Stage, record: Callable[[Event], None], routes: Mapping[str, str]
) -> None:
    """With ``key_leak_at``: the thief of the signing key, and the emergency rotation, started.

    The thief draws from its own generator (``attacker/key-compromise``).
    """
    config, auth_server = world.config, world.auth_server
    if not config.key_leak_at or auth_server.keys is None:
        return
    thief = KeyThief(
        world.env,
        ATTACKER,
        record,
        network=world.network,
        signing_key=auth_server.keys.signing_key,
        clock=auth_server.clock,
        api=routes[config.audiences[0]],
        audience=config.audiences[0],
        operations=config.operations,
        at=config.key_leak_at,
        interval=config.attacker_interval,
        rng=world.rng(f"{ATTACKER}/key-compromise"),
    )
    world.env.process(thief.run())
    if config.emergency_rotation_at:
        world.env.process(auth_server.emergency_rotation(config.revoke_on_compromise))


def weakener(config: RunConfig, bench: Bench) -> Callable[[Verifier], Verifier]:
    """What weakens a verifier: the configured weaknesses, reaching the forger's key sources."""

    def weaken(verifier: Verifier) -> Verifier:
        return dataclasses.replace(
            verifier, weaknesses=config.weaknesses, sources=bench.key_sources()
        )

    return weaken
