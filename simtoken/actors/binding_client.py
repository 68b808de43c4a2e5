"""The browser's side of device binding: the cookies it adds to an API call, and DBSC renewal.

Mixed into :class:`~simtoken.actors.client.Client` (off unless a binding setting is on):

* with ``fingerprint`` (:mod:`simtoken.actors.fingerprint`) the browser stores each token
  answer's ``__Secure-Fgp`` cookie and attaches it to every call from the app's page to its
  APIs, by the cookie rules of :mod:`simtoken.actors.cookies` (so it attaches nothing once the
  cookie's ``Max-Age`` ran out, or if it refused the cookie, say over plain HTTP);
* with ``dbsc`` or ``infostealer`` (:mod:`simtoken.actors.dbsc`) the browser holds the BFF's
  session cookie from the login on, adds it to each call, and renews it at the BFF's refresh
  endpoint (a ``dbsc_refresh`` request whose proof signs the BFF's last challenge with the
  device key) before it would expire. A script
  riding the page, or a cross-site form, makes the browser do the same (noted ``riding (dbsc
  refresh)``, ``csrf (dbsc refresh)``: the browser's renewal, not counted as their call).
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Mapping
from typing import Any

import simpy

from simtoken.actors.dbsc import (
    DBSC_REFRESH,
    SESSION_PARAM,
    HeldSession,
    SessionCookies,
    refresh_proof,
)
from simtoken.actors.fingerprint import attach_fingerprint, browser_fingerprint, keep_fingerprint
from simtoken.actors.idp import Browser
from simtoken.actors.network import Network
from simtoken.actors.webapp import APP_HOST
from simtoken.config.run import RunConfig
from simtoken.jose.dpop_client import DPoPKey
from simtoken.record.events import Event

__all__ = ["BindingClient", "app_origin"]


def app_origin(config: RunConfig) -> str:
    """The app's origin: ``https://app.example`` (``http://`` without TLS)."""
    return f"{'https' if config.tls else 'http'}://{APP_HOST}"


class BindingClient:
    """The client's binding side (see the module docstring)."""

    env: simpy.Environment
    name: str
    user: str
    client_id: str
    record: Callable[[Event], None]
    network: Network
    config: RunConfig
    browser: Browser
    resource_servers: dict[str, str]
    sessions: SessionCookies | None = None
    """With ``dbsc`` or ``infostealer``: the BFF's session cookies (set by the world)."""
    device_key: DPoPKey | None = None
    """With ``dbsc``: the browser's device-bound key, which signs each renewal's challenge."""

    def _keep_bound(self, body: Mapping[str, Any]) -> None:
        """A token answer: store its fingerprint cookie; a first login starts the BFF session."""
        now = self.env.now
        if self.config.fingerprint:
            keep_fingerprint(self.browser.jar, body, app_origin(self.config), now)
        sessions = self.sessions
        if sessions is not None and self.user not in sessions.browsers:
            sessions.browsers[self.user] = sessions.start(self.user, now)

    def _bound_params(
        self, audience: str, params: Mapping[str, str] | None, note: str = ""
    ) -> Generator[simpy.Event, Any, dict[str, str] | None]:
        """``params`` of a call from the page, with the cookies the browser adds to it."""
        cfg = self.config
        if not cfg.fingerprint and self.sessions is None:
            return None if params is None else dict(params)
        out = dict(params or {})
        if cfg.fingerprint:
            value = browser_fingerprint(self.browser.jar, app_origin(cfg), self.env.now)
            out = attach_fingerprint(out, value)
        if self.sessions is not None:
            held = yield from self._live_session(audience, note)
            if held is not None:
                out[SESSION_PARAM] = held.value
        return out

    def _live_session(
        self, audience: str, note: str
    ) -> Generator[simpy.Event, Any, HeldSession | None]:
        """The browser's session cookie, renewed first (DBSC) if it would expire on the way."""
        sessions = self.sessions
        assert sessions is not None
        held = sessions.browsers.get(self.user)
        if held is None or self.env.now + self.config.latency < held.expires:
            return held
        key, iat = self.device_key, sessions.clock.numeric_date(self.env.now)
        proof = None if key is None else refresh_proof(key, held.challenge, iat)
        target = self.resource_servers[audience]
        noted = f"{note} (dbsc refresh)" if note else ""  # never counted as the call itself
        response = yield from self.network.request(
            self.name, target, DBSC_REFRESH, held.value, None, noted, proof
        )
        if response is not None and response.ok:
            body = response.body
            held = HeldSession(str(body[SESSION_PARAM]), float(body["expires"]), body["challenge"])
            sessions.browsers[self.user] = held
        return sessions.browsers.get(self.user)
