"""A background worker: a confidential client with no user, on the client-credentials grant.

A nightly export, a sync job, a service calling another service: no person is there to log in,
and none needs to be, because the worker acts *for itself* (RFC 6749 §4.4). It is a
confidential client: it keeps a ``client_secret`` on its server and authenticates with it at the
token endpoint (``grant_type=client_credentials``, §4.4.2). The answer is an access token for
its API whose ``sub`` is the worker's own ``client_id`` (RFC 9068 §2.2) and **no refresh
token** (§4.4.3): there is nothing a refresh token could add, since the worker can always ask
again with its secret. So, unlike the user-delegated worker of the ``background`` scenario, it
never meets a refresh token's absolute lifetime and never needs an operator; its secret is the
long-lived credential instead, which must stay on the server and be rotated by hand.

The worker calls its API (the run's first) on a fixed schedule, every ``worker_interval``
seconds from time 0, like a cron job, with no random timing. Before a call it asks for a new
token when it holds none or when the one it holds is within ``refresh_margin`` (at most half
the token's ``expires_in``) of its expiry, counted from when it *asked* (RFC 6749 §5.1's
``expires_in`` runs from the answer, so counting from the question errs on the safe side); a
401 makes it ask again and retry once. With API operations it asks for the scopes of
``client_operations`` its registration allows, and draws each call's operation from its own
generator (``"<name>/ops"``). Its calls count as ``call`` events like a user's.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Generator, Mapping
from itertools import count
from typing import Any

import simpy

from simtoken.actors.network import ActorProcess, Network, Response
from simtoken.actors.stage import Stage
from simtoken.actors.storage import HeldToken
from simtoken.config.run import RunConfig
from simtoken.jose.scopes import format_scope, scope_names
from simtoken.names import AUTH_SERVER
from simtoken.record.events import Call, Event

__all__ = ["Worker", "start_workers", "worker_names"]


class Worker:
    """A client-credentials worker (see the module docstring); ``run()`` is its SimPy process."""

    def __init__(
        self,
        env: simpy.Environment,
        name: str,
        record: Callable[[Event], None],
        *,
        network: Network,
        audience: str,
        api: str,
        config: RunConfig,
        auth: Mapping[str, str],
        ops_rng: random.Random,
    ) -> None:
        self.env = env
        self.name = name
        self.record = record
        self.network = network
        self.audience = audience
        self.api = api
        self.config = config
        self.auth = dict(auth)
        """The client authentication every token request carries (never in the trace)."""
        self.ops_rng = ops_rng
        self.operations = tuple(op for op in config.operations if op in config.client_operations)
        self.held: HeldToken | None = None
        self._lifetime = 0.0
        """The ``expires_in`` of the token held."""
        self._calls = 0

    def run(self) -> ActorProcess:
        """Call the API every ``worker_interval`` seconds, from time 0, for ever."""
        for k in count():
            yield self.env.timeout(max(0.0, k * self.config.worker_interval - self.env.now))
            yield from self.call()

    def call(self) -> Generator[simpy.Event, Any, bool]:
        """One call: a token if needed, the API, and on a 401 a new token and one retry."""
        self._calls += 1
        operation = self.ops_rng.choice(self.operations) if self.operations else ""
        token = yield from self._token(renew=False)
        response = yield from self._api(token, operation)
        if response is not None and response.status == 401:
            token = yield from self._token(renew=True)
            response = yield from self._api(token, operation)
        ok = response is not None and response.ok
        call = Call(
            t=self.env.now,
            actor=self.name,
            call_id=self._calls,
            target=self.api,
            ok=ok,
            token=token,
        )
        self.record(call)
        return ok

    def _api(
        self, token: str | None, operation: str
    ) -> Generator[simpy.Event, Any, Response | None]:
        params = {"operation": operation} if operation else None
        return (yield from self.network.request(self.name, self.api, "api", token, params))

    def _token(self, renew: bool) -> Generator[simpy.Event, Any, str | None]:
        """The token held, or a new one from the client-credentials grant if it is due."""
        held = self.held
        if held is not None and not renew and self.env.now < held.expires_at - self._margin():
            return held.token
        params = {
            **self.auth,
            "grant_type": "client_credentials",
            "audience": self.audience,
        }
        if self.operations:
            params["scope"] = format_scope(scope_names([self.audience], self.operations))
        asked = self.env.now
        response = yield from self.network.request(self.name, AUTH_SERVER, "token", None, params)
        if response is None or not response.ok:
            self.held = None
            return None
        lifetime = float(response.body["expires_in"])
        self.held = HeldToken(str(response.body["access_token"]), asked + lifetime)
        self._lifetime = lifetime
        return self.held.token

    def _margin(self) -> float:
        """How early to ask again: ``refresh_margin``, at most half the token's lifetime."""
        return min(self.config.refresh_margin, self._lifetime / 2)


def worker_names(config: RunConfig) -> list[str]:
    """The workers' actor names (and ``client_id`` values): ``worker-1``, ``worker-2`` ..."""
    return [f"worker-{k}" for k in range(1, config.workers + 1)]


def start_workers(
    world: Stage, record: Callable[[Event], None], routes: Mapping[str, str]
) -> list[Worker]:
    """The run's ``workers``, each calling the first API (``routes``: audience to API), started."""
    config = world.config
    audience = config.audiences[0]
    workers = []
    for name in worker_names(config):
        auth = world.auth_server.registry.credentials(name, config.client_auth)
        worker = Worker(
            world.env,
            name,
            record,
            network=world.network,
            audience=audience,
            api=routes[audience],
            config=config,
            auth=auth,
            ops_rng=world.rng(f"{name}/ops"),
        )
        world.env.process(worker.run())
        workers.append(worker)
    return workers
