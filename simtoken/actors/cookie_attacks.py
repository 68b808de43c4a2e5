"""Where the app keeps its tokens decides what each attack gets, and most of all a cookie.

:meth:`CookieAttacks._blocked` is the gate: a keystore is out of any web page's reach, a
backend-for-frontend leaves a script (or a device thief) only the open page to ride, TLS leaves
a sniffer nothing; an app whose credential is a cookie (:mod:`simtoken.actors.webapp`) meets
the attacks below:

* **A script in the page** (``xss``, ``persistent_xss``) with ``storage=cookie_rt`` copies the
  access token from the page's memory (as with ``memory``: the script runs in the same origin
  and can call the app's own functions) but not the ``HttpOnly`` refresh cookie: a partial theft,
  a ``stolen`` access token and a ``theft_failed`` for the cookie. It can still *call the refresh
  endpoint from the page* (requests noted ``page``): the browser attaches the cookie, and the
  answer, same-origin, hands the script a fresh access token, a bearer token it can send home
  and use until its ``exp``. The rotated refresh token goes into the cookie, never to the script.
  So it needs the page open for every new access token: once the user closes the app for good,
  its access ends within one access-token lifetime, and it never holds a refresh token
  (draft-ietf-oauth-browser-based-apps §5.1.4, proxying requests via the user's browser). With
  ``cookie_http_only=false`` the script reads the cookie (``document.cookie``) like web storage.
* **Cross-site request forgery** (``csrf``): from ``theft_at`` the attacker's page, open in
  another tab of the victim's browser, makes the browser send a cross-site ``POST`` about every
  ``attacker_interval`` seconds while the user is active: to the refresh endpoint
  (``cookie_rt``) or to the backend-for-frontend's API (``cookie_bff``). The browser attaches
  the cookie only with ``SameSite=None``; the app refuses it with an ``Origin`` check or an
  anti-CSRF token. Against ``cookie_rt`` the attacker gets nothing to read (the answer goes to
  the victim's tab, cross-origin), but an accepted refresh still mints tokens and rotates the
  cookie. The requests are the victim's browser's (its actor), noted ``csrf``; the metric
  ``csrf_accepted`` counts the accepted ones. Tokens in JavaScript (``memory``,
  ``web_storage``) travel in an ``Authorization`` header the app's own script adds; the browser
  never attaches them by itself, and a cross-site page has none to add: nothing rides along.
* **A sniffed cookie** (``sniffing`` with ``tls`` on): at ``theft_at`` the user types
  ``http://app.example/`` and the browser sends that first request in clear, before any
  redirect to HTTPS. A refresh cookie without ``Secure`` whose ``Path`` covers ``/`` rides
  along and the sniffer takes it (RFC 6265bis §8.3); the access token stays in memory and on
  TLS. ``Secure`` keeps it off (so does a ``__Secure-`` or ``__Host-`` name, which requires
  ``Secure``, and a ``Path`` the typed URL is not under, though an active attacker could
  redirect the browser there). Simplified: the typed request happens exactly once, and HSTS
  (RFC 6797 §8.3), which would upgrade it to HTTPS before sending, is not simulated.
* **The other vectors** with ``cookie_rt``: ``device`` reads the browser's cookie store
  (``HttpOnly`` hides a cookie from scripts, not from whoever holds the device); ``log_leak``
  takes what a log line captured; ``new_flow`` fails, since the app's backend redeems the new
  flow's code and sets the ``HttpOnly`` cookie (the script could only refresh through the page,
  as ``xss`` does).
"""

from __future__ import annotations

from collections.abc import Generator, Mapping
from typing import Any

import simpy

from simtoken.actors.binding_theft import BindingTheft
from simtoken.actors.cookies import RULE_SECTIONS, BrowserRequest, script_refusal
from simtoken.actors.network import ActorProcess
from simtoken.actors.page import ThroughPage
from simtoken.actors.storage import TokenStore
from simtoken.actors.webapp import (
    APP_HOST,
    ATTACKER_ORIGIN,
    BFF_API_PATH,
    COOKIE_STORAGES,
    WebApp,
)
from simtoken.names import TOKEN_URL
from simtoken.record.events import Stolen

__all__ = ["HTTP_ONLY", "SCRIPT_VECTORS", "CookieAttacks"]

SCRIPT_VECTORS = ("xss", "persistent_xss")
"""The vectors that run a script in the victim's page."""

HTTP_ONLY = (
    "the refresh token is in an HttpOnly cookie the script cannot read; it can only call "
    "the refresh endpoint from the open page"
)


class CookieAttacks(ThroughPage, BindingTheft):
    """The attacker's cookie-aware side (mixed into :class:`~simtoken.actors.attacker.Attacker`)."""

    store: TokenStore
    riding: bool
    """True once the theft failed but the attacker can still ride the victim's open page."""

    @property
    def _app(self) -> WebApp:
        app = self.victim.webapp
        assert app is not None, "a cookie attack on an app without cookies"
        return app

    def _blocked(self) -> str | None:
        """Why the vector gets no tokens from this storage, or None if it works."""
        cfg = self.config
        vector, storage = cfg.theft_vector, cfg.storage
        if vector == "csrf" or storage == "cookie_rt":
            return self._cookie_failure()
        if vector in ("xss", "persistent_xss", "new_flow"):
            if storage == "keystore":
                return "tokens are in the OS keystore: no web page can read them"
            if storage == "cookie_bff":
                self.riding = vector != "new_flow"
                return "tokens stay on the backend-for-frontend behind an HttpOnly cookie; " + (
                    "the script can only ride the open page" if self.riding else "no new flow"
                )
        if vector == "device" and storage == "cookie_bff":
            self.riding = True
            return "tokens stay on the backend-for-frontend; the thief rides the session cookie"
        if vector == "sniffing" and cfg.tls:
            return "TLS encrypts the traffic: nothing to read on the wire"
        return None

    def _cookie_failure(self) -> str | None:
        """Why the vector gets nothing because of where the app keeps its cookie; None: go on."""
        cfg = self.config
        vector, storage = cfg.theft_vector, cfg.storage
        if vector == "csrf" and storage not in COOKIE_STORAGES:
            if storage == "keystore":
                return "a native app: there is no browser cookie for a cross-site page to ride"
            return (
                "the app sends its tokens in an Authorization header, which no cross-site page "
                "can make the browser add: nothing rides along"
            )
        if storage != "cookie_rt":
            return None
        if vector == "new_flow" and cfg.cookie_http_only:
            return (
                "the app's backend redeems the new flow's code and puts the refresh token in "
                "the HttpOnly cookie: the script's own flow gets none"
            )
        if vector == "sniffing" and cfg.tls:
            return self._sniff_failure()
        return None

    def _sniff_failure(self) -> str | None:
        """The refresh cookie on the plain-HTTP request the user types; None if it rides along."""
        victim = self.victim
        typed = "http://" + APP_HOST + "/"  # the address bar, before any redirect to HTTPS
        request = BrowserRequest(typed, "GET", None, navigation=True)
        value, rule = self._app.attached(
            victim.browser.jar, request, self.env.now, self.record, victim.name
        )
        if value is not None:
            return None
        why = (
            "the browser holds no refresh cookie"
            if rule is None
            else f"the refresh cookie stays off the plain-HTTP request the user typed ({rule}, "
            f"RFC 6265bis {RULE_SECTIONS[rule]})"
        )
        return "TLS encrypts the traffic and " + why

    def _readable_refresh(self) -> str | None:
        """The victim's refresh token as the vector reaches it (``cookie_rt``: the cookie jar)."""
        victim, cfg = self.victim, self.config
        if cfg.storage != "cookie_rt":
            return victim.store.refresh_token
        cookie = victim.browser.jar.read(APP_HOST, self._app.refresh_cookie_name, self.env.now)
        if cookie is None or (cfg.theft_vector in SCRIPT_VECTORS and script_refusal(cookie)):
            return None
        return cookie.value

    def _access_readable(self) -> bool:
        """False when only the refresh cookie went over the wire in clear (sniffing, TLS on)."""
        cfg = self.config
        return not (cfg.storage == "cookie_rt" and cfg.theft_vector == "sniffing" and cfg.tls)

    def _cookie_page(self) -> bool:
        """True for a script in the page that can use the HttpOnly refresh cookie, not read it."""
        cfg = self.config
        return (
            cfg.storage == "cookie_rt"
            and cfg.theft_vector in SCRIPT_VECTORS
            and cfg.cookie_http_only
        )

    # -- through the page --------------------------------------------------------------------

    def _page_refresh(self) -> Generator[simpy.Event, Any, bool]:
        """Refresh from the victim's open page (the browser adds the cookie).

        The script reads the answer's access token. Waits for the page to be open; False once
        the app is closed for good.
        """
        victim = self.victim
        while not victim.done:
            if victim.active and victim.store.refresh_token is not None:
                token = self._app.send_refresh(
                    victim.browser.jar, self.env.now, self.record, victim.name
                )
                proof = None if victim.prover is None else victim.prover("POST", TOKEN_URL)
                response = yield from self.network.request(
                    victim.name,
                    self.auth_server,
                    "refresh",
                    token,
                    {"audience": self.audience, **self._app.page_params()},
                    note="page",
                    proof=proof,
                )
                if response is not None and response.ok:
                    self._answer_in_page(response.body)
                    return True
            yield self.env.timeout(self.rng.expovariate(1.0 / self.config.attacker_interval))
        return False

    def _answer_in_page(self, body: Mapping[str, Any]) -> None:
        """A refresh answer read in the page: the cookie to the jar, the access token taken."""
        self._set_cookie(body)
        now = self.env.now
        token = self.store.keep(
            self.audience, {k: v for k, v in body.items() if k != "refresh_token"}, now
        )
        self.record(
            Stolen(
                t=now,
                actor=self.name,
                victim=self.victim.user,
                vector=self.config.theft_vector,
                token=token,
                token_type="access",
            )
        )

    def _set_cookie(self, body: Mapping[str, Any]) -> None:
        """An answer's rotated refresh token lands in the victim's cookie jar (``Set-Cookie``)."""
        self._victim_answered(body)  # the browser also stores a fingerprint cookie
        refresh = body.get("refresh_token")
        if refresh is not None:
            victim = self.victim
            jar, now = victim.browser.jar, self.env.now
            self._app.keep_refresh(jar, str(refresh), now, self.record, victim.name)
            victim.store.refresh_token = str(refresh)

    # -- cross-site request forgery ----------------------------------------------------------

    def _csrf(self) -> ActorProcess:
        """The attacker's page sends a cross-site POST now and then while the user is active."""
        victim = self.victim
        while not victim.done:
            if victim.active:
                if self._app.storage == "cookie_rt":
                    yield from self._forged_refresh()
                else:
                    yield from self._forged_api_call()
            yield self.env.timeout(self.rng.expovariate(1.0 / self.config.attacker_interval))

    def _forged_refresh(self) -> Generator[simpy.Event, Any, None]:
        """A form on the attacker's page posts to the refresh endpoint (``cookie_rt``)."""
        victim, app = self.victim, self._app
        now = self.env.now
        token = app.send_refresh(victim.browser.jar, now, self.record, victim.name, cross_site=True)
        params = {"audience": self.audience, "origin": ATTACKER_ORIGIN}
        response = yield from self.network.request(
            victim.name, self.auth_server, "refresh", token, params, note="csrf"
        )
        if response is not None and response.ok:  # the answer is the victim's tab's, unread
            self._set_cookie(response.body)

    def _forged_api_call(self) -> Generator[simpy.Event, Any, None]:
        """A form on the attacker's page posts to the backend-for-frontend (``cookie_bff``).

        The BFF forwards it with the session's access token (refreshing it first, noted
        ``csrf (bff refresh)``) only if its CSRF checks pass; a refused request shows the
        access token the BFF holds. Without a session the BFF answers itself (not traced).
        """
        victim, app = self.victim, self._app
        params = {"origin": ATTACKER_ORIGIN}
        request = BrowserRequest(app.origin + BFF_API_PATH, "POST", ATTACKER_ORIGIN, True)
        token: str | None = None
        if app.session_rides(request, self.env.now, self.record, victim.name):
            params = (yield from victim._bound_params(self.audience, params, "csrf")) or params
            if app.csrf_refusal(params) is None:
                token = yield from self._forwarded_token(None, note="csrf (bff refresh)")
            else:
                held = victim.store.access.get(self.audience)
                token = None if held is None else held.token
            if token is None:
                return
        yield from self.network.request(victim.name, self.api, "api", token, params, note="csrf")
