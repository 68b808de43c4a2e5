"""Keeping a usable access token: when a client refreshes, when it logs in, and what it asks for.

Before each API call the client (:class:`~simtoken.actors.client.Client`) needs an access token
for that API. This mixin decides how it gets one:

* **From the store.** A token already held for the API is used as is, except with
  ``refresh=proactive``, which renews it ``refresh_margin`` seconds before its expiry (known
  only from ``expires_in``, RFC 6749 §5.1: the client never reads inside the token). An API
  with no token yet is covered by refreshing the refresh token for it (``audience``, an
  RFC 8707 resource indicator), or by the first login.
* **By refreshing** (RFC 6749 §6): one ``refresh`` request carrying the refresh token, the
  app's ``client_id`` (or credentials) and, with DPoP, a proof (RFC 9449 §5). A lost request
  or answer is retried once *with the same refresh token*, which is exactly what rotation
  without a grace interval punishes. With ``single_flight`` the tabs of one user refresh one at
  a time, and a tab that finds a newer token than the one it found wanting uses it without
  asking. With ``storage=cookie_rt`` the browser attaches the refresh cookie instead
  (:mod:`simtoken.actors.cookie_client`).
* **By logging in again**, when the app does not refresh (``refresh=none``), holds no refresh
  token, or the refresh failed: an interactive ``login`` event whose ``reason`` says why and,
  after a failed refresh, whose ``cause`` is the auth server's reason. Tabs of one user share
  one login. With ``login_flow=direct`` it is one ``login`` request, sent until answered; with
  ``code`` or ``implicit`` the app's :class:`SignIn` side runs the real flow
  (:mod:`simtoken.actors.flows`). The login asks for ``openid``, ``offline_access`` (a refresh
  token) if the app refreshes at all, and the scopes of the app's operations at every API.
"""

from __future__ import annotations

import functools
from collections.abc import Generator
from typing import Any, Protocol

import simpy

from simtoken.actors.cookie_client import CookieClient
from simtoken.actors.network import Network, Response
from simtoken.actors.nonces import proven
from simtoken.config.run import RunConfig
from simtoken.jose.dpop_client import Prover
from simtoken.jose.scopes import OFFLINE_ACCESS, OPENID, format_scope, scope_names
from simtoken.names import TOKEN_URL
from simtoken.record.events import Login
from simtoken.record.reasons import LoginReason

__all__ = ["Renewal", "SignIn"]


class SignIn(Protocol):
    """An app's side of a real login flow (:class:`simtoken.actors.flows.AppFlow`)."""

    def sign_in(
        self, audience: str, reason: LoginReason, cause: str
    ) -> Generator[simpy.Event, Any, Response | None]:
        """Log the user in for ``audience``: the token response, a refusal, or None."""
        ...  # pragma: no cover


class Renewal(CookieClient):
    """How a client gets a usable access token (mixed into the client; see the module docstring)."""

    user: str
    network: Network
    auth_server: str
    resource_servers: dict[str, str]
    config: RunConfig
    prover: Prover | None
    flow: SignIn | None
    auth: dict[str, str]
    operations: tuple[str, ...]

    def token_params(self, **params: str) -> dict[str, str]:
        """A token request's parameters: ``params`` and the app's ``client_id`` or credentials."""
        return {**params, **self.auth}

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
            send = functools.partial(
                self.network.request,
                self.name,
                self.auth_server,
                "refresh",
                token,
                self.token_params(**params),
                note,
            )
            response = yield from proven(self.prover, "POST", TOKEN_URL, None, send)
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
            response = yield from proven(
                self.prover,
                "POST",
                TOKEN_URL,
                None,
                lambda proof: self.network.request(
                    self.name, self.auth_server, "login", None, params, proof=proof
                ),
            )
            if response is not None:
                return response

    def login_scope(self) -> str:
        """The scope a login asks for: ``openid``, ``offline_access``, the operations' scopes.

        ``offline_access`` (a refresh token) only if the app refreshes at all.
        """
        asked = (OPENID,) if self.config.refresh == "none" else (OPENID, OFFLINE_ACCESS)
        return format_scope([*asked, *scope_names(self.resource_servers, self.operations)])
