"""The client: the user's app (or one of its tabs), calling APIs and keeping its tokens fresh.

A client behaves like a person with a phone: bursts of activity (an *active period*, with an
API call every ``request_interval`` seconds on average) separated by *idle periods* when the
app sits unused. Before its first call it logs the user in. After that it needs a valid access
token per API, and has three ways to keep one (its ``refresh`` mode):

* ``none``: the app asks for no refresh token (no ``offline_access`` scope); when the access
  token is rejected, the user logs in again.
* ``reactive``: call with the current access token; on a 401, refresh once and retry once.
* ``proactive``: refresh ``refresh_margin`` seconds before the access token's expiry (as told
  by ``expires_in`` in the token response), so calls rarely meet a 401; still refresh on a 401.

Under rotation every refresh answer carries a new refresh token, which the client stores for
next time. When a refresh fails (the refresh token expired, was revoked, or was refused as a
replay) the user must log in again: an interactive ``login`` event whose ``cause`` is the auth
server's reason. A refresh whose request or answer is lost is retried once *with the same
refresh token*, which is exactly what rotation without a grace interval punishes. A lost API
call fails that call. The client never reads inside the access token: it only knows
``expires_in`` (RFC 6749 §5.1). How the user logs in is ``login_flow``: one ``login`` request
(``direct``), or the real authorization-code or implicit flow (:mod:`simtoken.actors.flows`).

Several clients can be tabs of one user: they share a :class:`~simtoken.actors.storage.TokenStore`
and an :class:`~simtoken.actors.storage.Activity`; the human logs in once for all of them.

Every token request names the app (``client_id``, shared by its tabs; RFC 6749 §3.2.1) or, for
a confidential client, authenticates it with its secret (:mod:`simtoken.jose.client_auth`).
The login asks for ``openid`` (and ``offline_access`` to get a refresh token) and, when the APIs
have operations, for the scope of each operation in ``client_operations`` at every API. Each
call then asks for one of those operations, drawn from the client's own generator for the
purpose (``"<name>/ops"``), so the draws of its timing stay as they were. A 403
``insufficient_scope`` fails that call: unlike a 401, a refresh would not help.
With ``storage=cookie_rt`` the refresh token lives in an ``HttpOnly`` cookie instead
(:mod:`simtoken.actors.cookie_client`).

This module holds the client's behaviour (its periods, its calls, its logout); how it gets a
usable access token for a call, by refreshing or by logging in again, is
:mod:`simtoken.actors.renewal`'s (a mixin; :class:`SignIn` lives there too).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Generator, Mapping
from itertools import count
from typing import Any

import simpy

from simtoken.actors.idp import Browser
from simtoken.actors.network import ActorProcess, Network, Response
from simtoken.actors.nonces import proven
from simtoken.actors.renewal import Renewal, SignIn
from simtoken.actors.storage import Activity, TokenStore
from simtoken.actors.webapp import WebApp
from simtoken.config.run import RunConfig
from simtoken.jose.client_auth import presented_credentials
from simtoken.jose.dpop_client import Prover
from simtoken.jose.scopes import METHODS
from simtoken.names import api_url
from simtoken.record.events import Call, Event

__all__ = ["Client", "SignIn"]


class Client(Renewal):
    """A user's app or tab (see the module docstring); ``run()`` is its SimPy process."""

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
        store: TokenStore | None = None,
        activity: Activity | None = None,
        stops_at: float = 0.0,
        prover: Prover | None = None,
        browser: Browser | None = None,
        auth: Mapping[str, str] | None = None,
        ops_rng: random.Random | None = None,
        webapp: WebApp | None = None,
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
        self.store = store if store is not None else TokenStore()
        self.activity = activity
        self.stops_at = stops_at
        self.prover = prover
        """With DPoP: signs a proof for each request with the client's key."""
        self.browser = browser if browser is not None else Browser(f"{user}/browser", user)
        """The user's browser (its IdP session cookie), shared by every app of the user."""
        self.flow: SignIn | None = None
        """With login_flow=code or implicit: the app's side of the flow (set by the world)."""
        self.auth = dict(auth) if auth is not None else {"client_id": name}
        """What every token request carries to name (public) or authenticate the app."""
        self.client_id = presented_credentials(self.auth)[0] or name
        """The app's ``client_id`` (its tabs share it)."""
        self.ops_rng = ops_rng
        """With operations: draws each call's operation (a purpose of its own)."""
        self.operations = tuple(op for op in config.operations if op in config.client_operations)
        """The operations the app asks scopes for and calls (empty: the APIs have none)."""
        self._use_cookies(webapp)
        self._active = False
        self._calls = 0

    @property
    def active(self) -> bool:
        """True while the user is in an active period (the app is open and in use)."""
        return self._active

    @active.setter
    def active(self, value: bool) -> None:
        changed = value != self._active
        self._active = value
        if changed:
            self.store.notify()

    @property
    def done(self) -> bool:
        """True once the user logged out or closed the app for good."""
        return self.store.logged_out or (0 < self.stops_at <= self.env.now)

    # -- behaviour -------------------------------------------------------------------------

    def run(self) -> ActorProcess:
        """Alternate active and idle periods until the simulation ends (or the user logs out)."""
        if self.activity is not None:
            yield from self._run_shared()
            return
        cfg = self.config
        while not self.done:
            started = self.env.now
            active_end = started + self.rng.expovariate(1.0 / cfg.active_period)
            self.active = True
            while self.env.now < active_end and not self.done:
                yield from self.call(self._pick_audience())
                yield self.env.timeout(self.rng.expovariate(1.0 / cfg.request_interval))
            self.active = False
            if cfg.idle_period > 0:
                yield self.env.timeout(self.rng.expovariate(1.0 / cfg.idle_period))
            if self.env.now <= started:  # a period too short for the clock: let time advance
                yield self.env.timeout(self.rng.expovariate(1.0 / cfg.request_interval))

    def _run_shared(self) -> ActorProcess:
        """A tab: follow the user's shared active periods, waking within ``race_window``."""
        assert self.activity is not None
        cfg = self.config
        for k in count():
            before = self.env.now
            start, end = self.activity.period(k)
            wake = start + self.rng.uniform(0.0, cfg.race_window)
            yield self.env.timeout(max(0.0, wake - self.env.now))
            self.active = True
            while self.env.now < end and not self.done:
                yield from self.call(self._pick_audience())
                yield self.env.timeout(self.rng.expovariate(1.0 / cfg.request_interval))
            self.active = False
            if self.done:
                return
            if end <= start and self.env.now <= before:  # a period too short for the clock
                yield self.env.timeout(self.rng.expovariate(1.0 / cfg.request_interval))

    def _pick_audience(self) -> str:
        audiences = list(self.resource_servers)
        return audiences[0] if len(audiences) == 1 else self.rng.choice(audiences)

    def _operation(self) -> str:
        """The operation of the next call (empty without operations)."""
        if not self.operations or self.ops_rng is None:
            return ""
        return self.ops_rng.choice(self.operations)

    def call(self, audience: str) -> Generator[simpy.Event, Any, bool]:
        """One user-level API call: get a usable token, call, renew and retry once on a 401."""
        self._calls += 1
        call_id = self._calls
        operation = self._operation()
        held = yield from self._token_for(audience)
        target = self.resource_servers[audience]
        response = yield from self._api(audience, held, operation)
        if response is not None and response.status == 401:
            held = yield from self._renew(audience, "reactive", held)
            response = yield from self._api(audience, held, operation)
        ok = response is not None and response.ok
        self.record(
            Call(t=self.env.now, actor=self.name, call_id=call_id, target=target, ok=ok, token=held)
        )
        return ok

    def _api(
        self, audience: str, token: str | None, operation: str = ""
    ) -> Generator[simpy.Event, Any, Response | None]:
        target = self.resource_servers[audience]
        params = {"operation": operation} if operation else None
        if self.config.fingerprint or self.sessions is not None:
            params = yield from self._bound_params(audience, params)  # fingerprint, DBSC cookies
        if self.prover is None:  # no DPoP proof to sign
            return (yield from self.network.request(self.name, target, "api", token, params))
        method = METHODS.get(operation, "GET")

        def send(proof: str | None) -> Generator[simpy.Event, Any, Response | None]:
            return self.network.request(self.name, target, "api", token, params, proof=proof)

        return (yield from proven(self.prover, method, api_url(audience), token, send))

    def logout_at(self, at: float) -> ActorProcess:
        """Wait until sim time ``at``, then :meth:`logout`."""
        yield self.env.timeout(at)
        yield from self.logout()

    def logout(self) -> Generator[simpy.Event, Any, None]:
        """Log out at the auth server (sending the refresh token) and forget every token."""
        store = self.store
        store.logged_out = True
        token = store.refresh_token
        store.clear()
        self._forget_cookie()
        store.notify()
        yield from self.network.request(self.name, self.auth_server, "logout", token)
