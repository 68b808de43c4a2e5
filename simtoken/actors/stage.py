"""The stage: what the code that casts actors needs of the world they play in.

Users, background workers and threats are built by functions outside the world
(:mod:`simtoken.actors.users`, :mod:`simtoken.actors.worker`, :mod:`simtoken.threats`), so that
the world stays the one wiring point without knowing how each is made. Each of those functions
reads the world through this one protocol; :class:`simtoken.world.World` satisfies it. A
protocol (not an import of the world) keeps the imports pointing downwards.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Protocol

import simpy

from simtoken.actors.auth_server import AuthServer
from simtoken.actors.client import Client
from simtoken.actors.frontchannel import FrontChannel
from simtoken.actors.network import Network
from simtoken.actors.webapp import WebApp
from simtoken.config.run import RunConfig
from simtoken.forgery.bench import Bench
from simtoken.jose.dpop_client import Prover

__all__ = ["Stage"]


class Stage(Protocol):
    """What building users, workers and threats needs of a world."""

    @property
    def config(self) -> RunConfig:
        """The run configuration."""

    @property
    def env(self) -> simpy.Environment:
        """The SimPy environment."""

    @property
    def network(self) -> Network:
        """The network every request crosses."""

    @property
    def auth_server(self) -> AuthServer:
        """The auth server (its registry holds the clients and their secrets)."""

    @property
    def front(self) -> FrontChannel:
        """The browsers and phones that carry authorization responses."""

    @property
    def webapp(self) -> WebApp | None:
        """With a cookie storage: the web app whose cookie carries the credential."""

    @property
    def bench(self) -> Bench:
        """The forger's keys and key sources."""

    @property
    def clients(self) -> Sequence[Client]:
        """The users' clients (the first is the victim)."""

    def routes(self) -> dict[str, str]:
        """Each audience's resource server name: where a call for it goes."""

    def rng(self, purpose: str) -> random.Random:
        """The random generator of one actor (or purpose)."""

    def prover(self, owner: str, holder: str) -> Prover | None:
        """With DPoP, a prover for ``owner``'s key."""
