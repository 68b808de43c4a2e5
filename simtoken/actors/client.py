"""The client: the user's app, calling APIs and keeping its tokens fresh.

A client behaves like a person with a phone: bursts of activity (an *active period*, with an
API call every ``request_interval`` seconds on average) separated by *idle periods* when the
app sits unused. Before its first call it logs the user in. After that it needs a valid access
token per API, and has three ways to keep one (its ``refresh`` mode):

* ``none``: the app asks for no refresh token (no ``offline_access`` scope); when the access
  token is rejected, the user logs in again.
* ``reactive``: call with the current access token; on a 401, refresh once and retry once.
* ``proactive``: refresh ``refresh_margin`` seconds before the access token's expiry (as told
  by ``expires_in`` in the token response), so calls rarely meet a 401; still refresh on a 401.

When a refresh fails (the refresh token expired, or the auth server rejects it) the user must
log in again, an interactive ``login`` event the metrics count. A lost request is retried once
for refreshes; a lost API call fails that call. The client reads nothing inside the access
token: it only knows ``expires_in``, as OAuth clients should (RFC 6749 §5.1).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Generator
from dataclasses import dataclass
from typing import Any

import simpy

from simtoken.actors.network import ActorProcess, Network, Response
from simtoken.config import RunConfig
from simtoken.events import Call, Event, Login

__all__ = ["Client", "HeldToken"]


@dataclass(frozen=True, slots=True)
class HeldToken:
    """An access token as the client holds it: the string and when the client thinks it expires."""

    token: str
    expires_at: float


class Client:
    """A user's app (see the module docstring); ``run()`` is its SimPy process."""

    def __init__(
        self,
        env: simpy.Environment,
        name: str,
        user: str,
        record: Callable[[Event], None],
        *,
        network: Network,
        auth_server: str,
        resource_servers: dict[str, str],
        config: RunConfig,
        rng: random.Random,
    ) -> None:
        self.env = env
        self.name = name
        self.user = user
        self.record = record
        self.network = network
        self.auth_server = auth_server
        self.resource_servers = resource_servers  # audience -> actor name
        self.config = config
        self.rng = rng
        self.refresh_token: str | None = None
        self.access: dict[str, HeldToken] = {}
        self._calls = 0
        self._logins = 0

    # -- behaviour -------------------------------------------------------------------------

    def run(self) -> ActorProcess:
        """Alternate active and idle periods until the simulation ends."""
        cfg = self.config
        audiences = list(self.resource_servers)
        while True:
            active_end = self.env.now + self.rng.expovariate(1.0 / cfg.active_period)
            while self.env.now < active_end:
                audience = audiences[0] if len(audiences) == 1 else self.rng.choice(audiences)
                yield from self.call(audience)
                yield self.env.timeout(self.rng.expovariate(1.0 / cfg.request_interval))
            if cfg.idle_period > 0:
                yield self.env.timeout(self.rng.expovariate(1.0 / cfg.idle_period))

    def call(self, audience: str) -> Generator[simpy.Event, Any, bool]:
        """One user-level API call: get a usable token, call, renew and retry once on a 401."""
        self._calls += 1
        call_id = self._calls
        held = yield from self._token_for(audience)
        target = self.resource_servers[audience]
        response = yield from self.network.request(self.name, target, "api", held)
        if response is not None and response.status == 401:
            held = yield from self._renew(audience, "reactive")
            response = yield from self.network.request(self.name, target, "api", held)
        ok = response is not None and response.ok
        self.record(Call(self.env.now, self.name, call_id, target, ok, held))
        return ok

    # -- tokens ----------------------------------------------------------------------------

    def _token_for(self, audience: str) -> Generator[simpy.Event, Any, str | None]:
        held = self.access.get(audience)
        if held is None:
            if self.refresh_token is None:
                reason = "first" if self._logins == 0 else "no_refresh_token"
                return (yield from self.login(audience, reason))
            return (yield from self._renew(audience, "new_audience"))
        if (
            self.config.refresh == "proactive"
            and self.env.now >= held.expires_at - self.config.refresh_margin
        ):
            return (yield from self._renew(audience, "proactive"))
        return held.token

    def _renew(self, audience: str, trigger: str) -> Generator[simpy.Event, Any, str | None]:
        """Get a new access token: refresh if allowed and possible, otherwise log in again."""
        if self.config.refresh == "none" or self.refresh_token is None:
            return (yield from self.login(audience, "access_token_expired"))
        for _attempt in range(2):
            response = yield from self.network.request(
                self.name,
                self.auth_server,
                "refresh",
                self.refresh_token,
                {"audience": audience},
                note=trigger,
            )
            if response is not None:
                break
        if response is not None and response.ok:
            return self._store(audience, response)
        self.refresh_token = None
        self.access.clear()
        return (yield from self.login(audience, "refresh_failed"))

    def login(self, audience: str, reason: str) -> Generator[simpy.Event, Any, str | None]:
        """An interactive login (recorded as a ``login`` event); retried until it gets through."""
        self._logins += 1
        self.record(Login(self.env.now, self.name, self.user, reason))
        scope = "openid" if self.config.refresh == "none" else "openid offline_access"
        params = {"user": self.user, "audience": audience, "scope": scope}
        while True:
            response = yield from self.network.request(
                self.name, self.auth_server, "login", None, params
            )
            if response is not None:
                break
        if not response.ok:
            return None
        self.access.clear()
        refresh_token = response.body.get("refresh_token")
        self.refresh_token = None if refresh_token is None else str(refresh_token)
        return self._store(audience, response)

    def _store(self, audience: str, response: Response) -> str:
        token = str(response.body["access_token"])
        expires_in = float(response.body["expires_in"])
        self.access[audience] = HeldToken(token, self.env.now + expires_in)
        return token
