"""The app's side of a refresh token kept in a cookie: what the page sends, what the browser adds.

With ``storage=cookie_rt`` (:mod:`simtoken.actors.webapp`) the page never holds the refresh
token: every answer that carries one sets the ``HttpOnly`` refresh cookie in the user's
browser (which may refuse it, a ``cookie_blocked`` event), a refresh is a ``POST`` from the
page to the refresh endpoint that carries whatever cookie the browser attaches (nothing, if
it keeps the cookie off: the refresh fails as ``no_cookie`` and the user logs in again), and
a logout's answer expires the cookie. Mixed into :class:`~simtoken.actors.client.Client`
(under :class:`~simtoken.actors.renewal.Renewal`); without a refresh cookie every method does
what a client with tokens in JavaScript does.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import simpy

from simtoken.actors.binding_client import BindingClient
from simtoken.actors.idp import Browser
from simtoken.actors.storage import TokenStore
from simtoken.actors.webapp import WebApp
from simtoken.record.events import Event

__all__ = ["CookieClient"]


class CookieClient(BindingClient):
    """The client's cookie-aware side (see the module docstring)."""

    env: simpy.Environment
    name: str
    record: Callable[[Event], None]
    store: TokenStore
    browser: Browser
    webapp: WebApp | None
    """With a cookie storage: the web app whose cookie carries the credential."""
    cookies: WebApp | None
    """With ``storage=cookie_rt``: the app whose cookie keeps the refresh token."""

    def _use_cookies(self, webapp: WebApp | None) -> None:
        """Keep the credential in ``webapp``'s cookie (None, or not cookie_rt: no cookie)."""
        self.webapp = webapp
        self.cookies = webapp if webapp is not None and webapp.storage == "cookie_rt" else None

    def keep(self, audience: str, body: Mapping[str, Any]) -> str:
        """Store a token answer (:meth:`TokenStore.keep`); a refresh token also in its cookie."""
        token = self.store.keep(audience, body, self.env.now)
        self._keep_bound(body)  # a fingerprint cookie, a BFF session (actors/binding_client.py)
        refresh = body.get("refresh_token")
        if self.cookies is not None and refresh is not None:
            jar, now = self.browser.jar, self.env.now
            self.cookies.keep_refresh(jar, str(refresh), now, self.record, self.name)
        return token

    def _refresh_request(
        self, audience: str, trigger: str
    ) -> tuple[str | None, dict[str, str], str]:
        """The token, params and note of a refresh: with a cookie, what the browser attaches."""
        params = {"audience": audience}
        if self.cookies is None:
            return self.store.refresh_token, params, trigger
        token = self.cookies.send_refresh(self.browser.jar, self.env.now, self.record, self.name)
        return token, {**params, **self.cookies.page_params()}, f"{trigger}, cookie"

    def _forget_cookie(self) -> None:
        """A logout's answer expires the refresh cookie."""
        if self.cookies is not None:
            self.cookies.forget(self.browser.jar)
