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
"""

from __future__ import annotations

import random
from collections.abc import Callable, Generator, Mapping
from itertools import count
from typing import Any, Protocol

import simpy

from simtoken.actors.cookie_client import CookieClient
from simtoken.actors.idp import Browser
from simtoken.actors.network import ActorProcess, Network, Response
from simtoken.actors.storage import Activity, TokenStore
from simtoken.actors.webapp import WebApp
from simtoken.config.run import RunConfig
from simtoken.jose.client_auth import presented_credentials
from simtoken.jose.dpop_client import Prover
from simtoken.jose.scopes import METHODS, OFFLINE_ACCESS, OPENID, format_scope, scope_names
from simtoken.names import TOKEN_URL, api_url
from simtoken.record.events import Call, Event, Login
from simtoken.record.reasons import LoginReason

__all__ = ["Client", "SignIn"]


class SignIn(Protocol):
    """An app's side of a real login flow (:class:`simtoken.actors.flows.AppFlow`)."""

    def sign_in(
        self, audience: str, reason: LoginReason, cause: str
    ) -> Generator[simpy.Event, Any, Response | None]:
        """Log the user in for ``audience``: the token response, a refusal, or None."""
        ...  # pragma: no cover


class Client(CookieClient):
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

    def token_params(self, **params: str) -> dict[str, str]:
        """A token request's parameters: ``params`` and the app's ``client_id`` or credentials."""
        return {**params, **self.auth}

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
        method = METHODS.get(operation, "GET")
        proof = None if self.prover is None else self.prover(method, api_url(audience), token)
        target = self.resource_servers[audience]
        params = {"operation": operation} if operation else None
        return (
            yield from self.network.request(self.name, target, "api", token, params, proof=proof)
        )

    def _token_proof(self) -> str | None:
        return None if self.prover is None else self.prover("POST", TOKEN_URL)

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

    # -- tokens ----------------------------------------------------------------------------

    def _token_for(self, audience: str) -> Generator[simpy.Event, Any, str | None]:
        held = self.store.access.get(audience)
        if held is None:
            if self.store.refresh_token is None:
                first = self.store.logins == 0
                reason = LoginReason.FIRST if first else LoginReason.NO_REFRESH_TOKEN
                return (yield from self.login(audience, reason))
            return (yield from self._renew(audience, "new_audience", None))
        if (
            self.config.refresh == "proactive"
            and self.env.now >= held.expires_at - self.config.refresh_margin
        ):
            return (yield from self._renew(audience, "proactive", held.token))
        return held.token

    def _renew(
        self, audience: str, trigger: str, stale: str | None
    ) -> Generator[simpy.Event, Any, str | None]:
        """Get a new access token: refresh if allowed and possible, otherwise log in again.

        ``stale`` is the access token the caller found wanting; if another tab already stored a
        newer one, that one is used without asking the auth server.
        """
        store = self.store
        if self.config.single_flight:
            while store.refreshing is not None:
                yield store.refreshing
            held = store.access.get(audience)
            if held is not None and held.token != stale:
                return held.token
        if self.config.refresh == "none" or store.refresh_token is None:
            return (yield from self.login(audience, LoginReason.ACCESS_TOKEN_EXPIRED))
        done = self.env.event() if self.config.single_flight else None
        if done is not None:
            store.refreshing = done
        try:
            response, cause = yield from self._refresh(audience, trigger)
        finally:
            if done is not None:
                store.refreshing = None
                done.succeed()
        if response is not None and response.ok:
            return self.keep(audience, response.body)
        store.clear()
        return (yield from self.login(audience, LoginReason.REFRESH_FAILED, cause))

    def _refresh(
        self, audience: str, trigger: str
    ) -> Generator[simpy.Event, Any, tuple[Response | None, str]]:
        response: Response | None = None
        for _attempt in range(2):  # a lost request or answer is retried with the same token
            token, params, note = self._refresh_request(audience, trigger)
            response = yield from self.network.request(
                self.name,
                self.auth_server,
                "refresh",
                token,
                self.token_params(**params),
                note=note,
                proof=self._token_proof(),
            )
            if response is not None:
                break
        return response, "lost" if response is None else str(response.reason)

    def login(
        self, audience: str, reason: LoginReason, cause: str = ""
    ) -> Generator[simpy.Event, Any, str | None]:
        """An interactive login (a ``login`` event), retried until it gets through.

        If another tab of the same user is already logging in, wait for it and share the result.
        With ``login_flow=code`` or ``implicit`` the app's :attr:`flow` runs it
        (:mod:`simtoken.actors.flows`).
        """
        store = self.store
        if store.logging_in is not None:
            yield store.logging_in
            held = store.access.get(audience)
            if held is not None:
                return held.token
            if store.refresh_token is not None:
                return (yield from self._renew(audience, "new_audience", None))
        done = store.logging_in = self.env.event()
        try:
            if self.flow is not None:  # the real flow (login_flow=code or implicit)
                response = yield from self.flow.sign_in(audience, reason, cause)
            else:
                response = yield from self._login(audience, reason, cause)
        finally:
            store.logging_in = None
            done.succeed()
        if response is None or not response.ok:
            return None
        store.clear()
        return self.keep(audience, response.body)

    def _login(
        self, audience: str, reason: LoginReason, cause: str
    ) -> Generator[simpy.Event, Any, Response]:
        """``login_flow=direct``: a ``login`` event and a ``login`` request, sent until answered."""
        self.store.logins += 1
        self.record(
            Login(t=self.env.now, actor=self.name, user=self.user, reason=str(reason), cause=cause)
        )
        params = self.token_params(user=self.user, audience=audience, scope=self.login_scope())
        while True:
            response = yield from self.network.request(
                self.name, self.auth_server, "login", None, params, proof=self._token_proof()
            )
            if response is not None:
                return response

    def login_scope(self) -> str:
        """The scope a login asks for: ``openid``, ``offline_access``, the operations' scopes.

        ``offline_access`` (a refresh token) only if the app refreshes at all.
        """
        asked = (OPENID,) if self.config.refresh == "none" else (OPENID, OFFLINE_ACCESS)
        return format_scope([*asked, *scope_names(self.resource_servers, self.operations)])
