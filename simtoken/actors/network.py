"""The network: how requests travel between actors, and where they can get lost.

Actors never call each other directly; they hand a request to the network, like letters to a
post office. The network delays each request by ``latency`` seconds, drops it with probability
``loss`` (recording a ``lost`` outcome; the sender hears nothing until its ``timeout``), and
otherwise delivers it to the receiving server, which answers at once, and carries the answer
back after another ``latency``, unless it drops the *answer* (probability ``response_loss``:
the server acted, but the sender never learns it, as when an app is killed mid-refresh). Each
request gets a fresh ``request_id``, exactly one outcome record, and its sender's context
(``contexts``: IP, ASN, place, User-Agent, language; :mod:`simtoken.actors.contexts`). Its
record names what was asked where the endpoint needs it: an API call's ``operation``, a token
request's ``grant_type``, the flows' parameters (:data:`FLOW_ENDPOINTS`), client secrets left
out.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Generator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import simpy

from simtoken._records import quick_init
from simtoken.jose.client_auth import presented_credentials
from simtoken.record.context import RequestContext
from simtoken.record.events import (
    Accepted,
    CodeIssued,
    Event,
    Issued,
    Lost,
    Rejected,
    Request,
    ResponseLost,
)
from simtoken.record.reasons import RefusalReason

__all__ = [
    "FINISHING",
    "FLOW_ENDPOINTS",
    "SECRET_PARAMS",
    "SERVER_TO_SERVER",
    "ActorProcess",
    "Message",
    "Network",
    "Response",
    "Server",
    "finishes",
]

SERVER_TO_SERVER = frozenset({"introspect", "jwks"})
"""What an API asks the auth server for a request it handles: still sent after the horizon."""

FINISHING = (Accepted, Rejected, Lost, Issued, CodeIssued, ResponseLost)
"""What finishes a request in flight (outcome, minted token, lost answer): kept after the end."""


def finishes(event: Event) -> bool:
    """Whether ``event`` finishes a request in flight (only those are kept after the horizon).

    That is :data:`FINISHING`, or an API's request to the auth server on the request's behalf
    (:data:`SERVER_TO_SERVER`).
    """
    return isinstance(event, FINISHING) or (
        isinstance(event, Request) and event.endpoint in SERVER_TO_SERVER
    )


FLOW_ENDPOINTS = frozenset({"authorize", "token", "end_session", "frontchannel_logout"})
"""The endpoints of the authorization flows and of the browser's logout (RP-initiated and
front-channel), whose ``request`` records keep their parameters."""

SECRET_PARAMS = frozenset({"client_secret", "authorization"})
"""Parameters no record keeps: a client's secret, posted or in an HTTP Basic header."""


def _flow_params(endpoint: str, params: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    """What a ``request`` record keeps of the parameters: a flow's, without any secret.

    The ``client_id`` an HTTP Basic header names is kept (it is no secret), so that a record
    says which client asked whichever way it authenticated.
    """
    if endpoint not in FLOW_ENDPOINTS:
        return ()
    kept = tuple((k, v) for k, v in params.items() if k not in SECRET_PARAMS)
    if "authorization" not in params or "client_id" in params:
        return kept
    try:
        named = presented_credentials(params)[0]
    except ValueError:  # a malformed header names nobody
        return kept
    return kept if named is None else (*kept, ("client_id", named))


ActorProcess = Generator[simpy.Event, Any, Any]
"""The type of an actor's SimPy process (a generator that yields SimPy events)."""

Record = Callable[[Event], None]


@quick_init
@dataclass(frozen=True, slots=True)
class Message:
    """A request as the receiving server sees it."""

    request_id: int
    sender: str
    target: str
    endpoint: str
    token: str | None
    params: Mapping[str, str] = field(default_factory=dict)
    proof: str | None = None
    certificate: bytes | None = None
    """The DER of the sender's TLS client certificate (mutual TLS, RFC 8705), if it has one."""
    context: RequestContext | None = None
    """Where the request seems to come from (:mod:`simtoken.actors.contexts`), if stamped."""


@quick_init
@dataclass(frozen=True, slots=True)
class Response:
    """A server's answer: an HTTP-like ``status``, a named ``reason`` on failure, a ``body``.

    ``reason`` is a :data:`~simtoken.record.reasons.RefusalReason` member, never a bare string.
    ``dpop_nonce`` is the ``DPoP-Nonce`` header of a server requiring DPoP nonces (RFC 9449 §8).
    """

    status: int
    reason: RefusalReason | Literal[""] = ""
    detail: str = ""
    body: Mapping[str, Any] = field(default_factory=dict)
    dpop_nonce: str = ""

    @property
    def ok(self) -> bool:
        """True for a 2xx answer."""
        return 200 <= self.status < 300


class Server:
    """Base of the auth and resource servers: each request is handled the instant it arrives.

    Subclasses implement :meth:`handle`, a plain function of one message (easy to test without
    a network); the base records its outcome (``accepted``/``rejected``) at the instant of
    handling and replies. Requests arriving at one instant are handled in the order they
    arrive, one after the other (a handler takes no simulated time), so no inbox is needed.
    """

    def __init__(self, env: simpy.Environment, name: str, record: Record) -> None:
        self.env = env
        self.name = name
        self.record = record

    def handle(self, message: Message) -> Response | Generator[simpy.Event, Any, Response]:
        """Decide the answer to one request (subclasses record what they mint).

        A handler that must wait (an API asking the auth server) returns a generator; it then
        runs as its own process, so the server keeps serving other requests meanwhile.
        """
        raise NotImplementedError  # pragma: no cover - abstract

    def deliver(self, message: Message) -> Response | simpy.Event:
        """Handle ``message`` now: its answer, or an event that the answer will trigger."""
        answer = self.handle(message)
        if isinstance(answer, Response):
            self._reply(message, answer)
            return answer
        reply = self.env.event()
        self.env.process(self._finish(message, reply, answer))
        return reply

    def _finish(
        self, message: Message, reply: simpy.Event, work: Generator[simpy.Event, Any, Response]
    ) -> ActorProcess:
        response = yield from work
        self._reply(message, response)
        reply.succeed(response)

    def _reply(self, message: Message, response: Response) -> None:
        now = self.env.now
        if response.ok:
            self.record(
                Accepted(t=now, actor=self.name, request_id=message.request_id, token=message.token)
            )
        else:
            self.record(
                Rejected(
                    t=now,
                    actor=self.name,
                    request_id=message.request_id,
                    token=message.token,
                    reason=str(response.reason),  # the trace keeps the bare name
                    detail=response.detail,
                )
            )


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
        response_loss: float = 0.0,
    ) -> None:
        self.env = env
        self.rng = rng
        self.record = record
        self.latency = latency
        self.loss = loss
        self.response_loss = response_loss
        self.timeout = timeout
        self.servers: dict[str, Server] = {}
        self._next_id = 0
        self.closed = False
        self.certificates: dict[str, bytes] = {}
        """Each actor's TLS client certificate (DER), shown on its every connection (mTLS)."""
        self.contexts: Callable[[str, float], RequestContext] | None = None
        """Each sender's context at a time: stamped on its requests (None: no context)."""

    def close(self) -> None:
        """Stop sending: a new request (but an API's introspection) waits forever, unrecorded."""
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
        proof: str | None = None,
    ) -> Generator[simpy.Event, Any, Response | None]:
        """Send a request and wait for its answer; ``None`` if it was lost (after ``timeout``)."""
        if self.closed and endpoint not in SERVER_TO_SERVER:
            yield self.env.event()  # never triggered: the run is over (APIs may still ask the AS)
        rid = self._next_id = self._next_id + 1
        env = self.env
        asked = params or {}
        now = env.now
        context = None if self.contexts is None else self.contexts(sender, now)
        self.record(
            Request(
                t=now,
                actor=sender,
                request_id=rid,
                target=target,
                endpoint=endpoint,
                token=token,
                note=note,
                proof=proof,
                params=_flow_params(endpoint, asked),
                operation=asked.get("operation", ""),
                grant_type=asked.get("grant_type", ""),
                context="" if context is None else context.label,
            )
        )
        yield env.timeout(self.latency)
        if self.loss and self.rng.random() < self.loss:
            self.record(Lost(t=env.now, actor=self.name, request_id=rid, token=token))
            yield env.timeout(self.timeout - self.latency)
            return None
        cert = self.certificates.get(sender)
        message = Message(rid, sender, target, endpoint, token, dict(asked), proof, cert, context)
        sent = env.now - self.latency
        answer = self.servers[target].deliver(message)
        response: Response = answer if isinstance(answer, Response) else (yield answer)
        if self.response_loss and self.rng.random() < self.response_loss:
            self.record(ResponseLost(t=env.now, actor=self.name, request_id=rid))
            yield env.timeout(max(0.0, sent + self.timeout - env.now))
            return None
        yield env.timeout(self.latency)
        return response
