"""The network: how requests travel between actors, and where they can get lost.

Actors never call each other directly; they hand a request to the network, like letters to a
post office. The network delays each request by ``latency`` seconds, drops it with probability
``loss`` (recording a ``lost`` outcome; the sender hears nothing until its ``timeout``), and
otherwise delivers it to the receiving server's inbox and carries the answer back after another
``latency``. Each request gets a fresh ``request_id`` and exactly one outcome record.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Generator, Mapping
from dataclasses import dataclass, field
from typing import Any

import simpy

from simtoken.events import Event, Lost, Request

__all__ = ["ActorProcess", "Message", "Network", "Response", "Server"]

ActorProcess = Generator[simpy.Event, Any, Any]
"""The type of an actor's SimPy process (a generator that yields SimPy events)."""

Record = Callable[[Event], None]


@dataclass(frozen=True, slots=True)
class Message:
    """A request as the receiving server sees it."""

    request_id: int
    sender: str
    target: str
    endpoint: str
    token: str | None
    params: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Response:
    """A server's answer: an HTTP-like ``status``, a named ``reason`` on failure, a ``body``."""

    status: int
    reason: str = ""
    detail: str = ""
    body: Mapping[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True for a 2xx answer."""
        return 200 <= self.status < 300


class Server:
    """Base of the auth and resource servers: a SimPy process serving an inbox in FIFO order.

    Subclasses implement :meth:`handle`, a plain function of one message (easy to test without
    a network); the base records its outcome (``accepted``/``rejected``) at the instant of
    handling and replies.
    """

    def __init__(self, env: simpy.Environment, name: str, record: Record) -> None:
        self.env = env
        self.name = name
        self.record = record
        self.inbox: simpy.Store = simpy.Store(env)
        env.process(self._serve())

    def handle(self, message: Message) -> Response:  # pragma: no cover - abstract
        """Decide the answer to one request (subclasses record what they mint)."""
        raise NotImplementedError

    def _serve(self) -> ActorProcess:
        from simtoken.events import Accepted, Rejected

        while True:
            message, reply = yield self.inbox.get()
            response = self.handle(message)
            now = self.env.now
            if response.ok:
                self.record(Accepted(now, self.name, message.request_id, message.token))
            else:
                self.record(
                    Rejected(
                        now,
                        self.name,
                        message.request_id,
                        message.token,
                        response.reason,
                        response.detail,
                    )
                )
            reply.succeed(response)


class Network:
    """Carries requests to servers with latency and loss (see the module docstring)."""

    name = "network"

    def __init__(
        self,
        env: simpy.Environment,
        rng: random.Random,
        record: Record,
        *,
        latency: float,
        loss: float,
        timeout: float,
    ) -> None:
        self.env = env
        self.rng = rng
        self.record = record
        self.latency = latency
        self.loss = loss
        self.timeout = timeout
        self.servers: dict[str, Server] = {}
        self._next_id = 0
        self.closed = False

    def close(self) -> None:
        """Stop sending: from now on a new request waits forever and records nothing."""
        self.closed = True

    def attach(self, server: Server) -> None:
        """Make a server reachable under its name."""
        self.servers[server.name] = server

    def request(
        self,
        sender: str,
        target: str,
        endpoint: str,
        token: str | None,
        params: Mapping[str, str] | None = None,
        note: str = "",
    ) -> Generator[simpy.Event, Any, Response | None]:
        """Send a request and wait for its answer; ``None`` if it was lost (after ``timeout``)."""
        if self.closed:
            yield self.env.event()  # never triggered: the run is over
        self._next_id += 1
        rid = self._next_id
        env = self.env
        self.record(Request(env.now, sender, rid, target, endpoint, token, note))
        yield env.timeout(self.latency)
        if self.loss and self.rng.random() < self.loss:
            self.record(Lost(env.now, self.name, rid, token))
            yield env.timeout(self.timeout - self.latency)
            return None
        reply = env.event()
        message = Message(rid, sender, target, endpoint, token, dict(params or {}))
        self.servers[target].inbox.put((message, reply))  # unbounded: accepted at once
        response: Response = yield reply
        yield env.timeout(self.latency)
        return response
