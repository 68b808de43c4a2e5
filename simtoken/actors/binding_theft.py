"""The thief against device binding: the fingerprint cookie it can (not) get, a copied session.

Mixed into :class:`~simtoken.actors.attacker.Attacker`; nothing here acts unless a binding
setting is on.

* **The fingerprint** (``fingerprint``, :mod:`simtoken.actors.fingerprint`). A script in the
  page (``xss``, ``persistent_xss``) copies the access token but cannot read the ``HttpOnly``
  ``__Secure-Fgp`` cookie (a ``theft_failed`` event says so): from the attacker's machine its
  calls carry no cookie and are refused ``fingerprint_missing``. While the user has the page
  open the script can call the API *from the page*, and the browser adds the cookie: those
  calls (noted ``page``) are accepted, online use the ``attacker_online_*`` metrics count. A
  thief of the ``device`` reads the cookie store: it takes the cookie (a ``stolen`` event of
  type ``fingerprint_cookie``) and the fingerprint protects nothing. A token answer sent to the
  attacker itself (a refresh with a stolen refresh token, a new flow) sets the cookie for it.
* **A copied session cookie** (``infostealer``, :mod:`simtoken.actors.dbsc`). Malware on the
  device copies the BFF's session cookie (a ``stolen`` event of type ``session_cookie``) and
  the attacker replays it from its own machine at once and then about every
  ``attacker_interval`` seconds,
  whether or not the user is there (requests noted ``stolen_cookie``); the BFF forwards each
  call with the session's access token, refreshing it first when needed (noted
  ``stolen_cookie``). Without DBSC that lasts as long as the session; with DBSC, until the
  copied cookie expires: the attacker then tries to renew it, signing with its own key, is
  refused ``dbsc_proof_invalid`` and gives up.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Generator, Mapping
from typing import Any

import simpy

from simtoken.actors.binding_client import app_origin
from simtoken.actors.client import Client
from simtoken.actors.cookies import Cookie
from simtoken.actors.dbsc import DBSC_REFRESH, SESSION_PARAM, HeldSession, device_key, refresh_proof
from simtoken.actors.fingerprint import (
    FINGERPRINT_COOKIE,
    SET_COOKIE,
    attach_fingerprint,
    browser_fingerprint,
    keep_fingerprint,
)
from simtoken.actors.network import Network
from simtoken.actors.webapp import APP_HOST
from simtoken.config.run import RunConfig
from simtoken.record.binding_windows import COOKIE_NOTE
from simtoken.record.events import Event, Stolen, TheftFailed
from simtoken.record.reasons import ServerReason

__all__ = ["COOKIE_NOTE", "FINGERPRINT_HTTP_ONLY", "BindingTheft"]

FINGERPRINT_HTTP_ONLY = (
    "the fingerprint is in the HttpOnly __Secure-Fgp cookie the script cannot read: the "
    "access token works only from the open page, where the browser adds the cookie"
)

_SCRIPTS = ("xss", "persistent_xss")


class BindingTheft:
    """The attacker's side against device binding (see the module docstring)."""

    env: simpy.Environment
    name: str
    record: Callable[[Event], None]
    network: Network
    victim: Client
    config: RunConfig
    rng: random.Random
    audience: str
    api: str
    fingerprint: str | None = None
    """The fingerprint cookie's value the attacker holds (None: it has none)."""
    _fingerprint_failed = False

    def _took_cookie(self, token: str, token_type: str) -> None:
        self.record(
            Stolen(
                t=self.env.now,
                actor=self.name,
                victim=self.victim.user,
                vector=self.config.theft_vector,
                token=token,
                token_type=token_type,
            )
        )

    # -- the fingerprint ---------------------------------------------------------------------

    def _fingerprint_page(self) -> bool:
        """True when a script in the page can use the token only from the page (the cookie)."""
        return self.config.fingerprint and self.config.theft_vector in _SCRIPTS

    def _steal_fingerprint(self) -> None:
        """At a theft: the device's cookie store gives the cookie; a script gets none."""
        if not self.config.fingerprint:
            return
        if self.config.theft_vector == "device":
            cookie = self.victim.browser.jar.read(APP_HOST, FINGERPRINT_COOKIE, self.env.now)
            if cookie is not None and cookie.value != self.fingerprint:
                self.fingerprint = cookie.value
                self._took_cookie(cookie.value, "fingerprint_cookie")
        elif self._fingerprint_page() and not self._fingerprint_failed:
            self._fingerprint_failed = True
            self.record(
                TheftFailed(
                    t=self.env.now,
                    actor=self.name,
                    victim=self.victim.user,
                    vector=self.config.theft_vector,
                    reason=FINGERPRINT_HTTP_ONLY,
                )
            )

    def _answered(self, body: Mapping[str, Any]) -> None:
        """A token answer sent to the attacker itself sets the fingerprint cookie for it."""
        cookie = body.get(SET_COOKIE)
        if isinstance(cookie, Cookie):
            self.fingerprint = cookie.value

    def _victim_answered(self, body: Mapping[str, Any]) -> None:
        """A token answer read in the victim's page: its browser stores the fingerprint."""
        if self.config.fingerprint:
            jar = self.victim.browser.jar
            keep_fingerprint(jar, body, app_origin(self.config), self.env.now)

    def _fingerprinted(
        self, asked: dict[str, str] | None, note: str
    ) -> tuple[dict[str, str] | None, str]:
        """An API call's parameters with the fingerprint cookie, if the attacker can add one.

        Its own cookie if it holds one; else, from the victim's open page, the cookie the
        browser attaches (the call is then noted ``page``); else none.
        """
        if not self.config.fingerprint:
            return asked, note
        if self.fingerprint is not None:
            return attach_fingerprint(asked, self.fingerprint), note
        victim = self.victim
        if self._fingerprint_page() and victim.active and not victim.done:
            value = browser_fingerprint(victim.browser.jar, app_origin(self.config), self.env.now)
            return attach_fingerprint(asked, value), "page"
        return asked, note

    # -- a session cookie copied off the device ----------------------------------------------

    def _exfiltrate(self) -> Generator[simpy.Event, Any, None]:
        """Copy the BFF's session cookie and replay it from the attacker's machine."""
        sessions = self.victim.sessions
        held = None if sessions is None else sessions.browsers.get(self.victim.user)
        if held is None:
            return
        self._took_cookie(held.value, "session_cookie")
        while (yield from self._cookie_call(held.value)):  # at once, then now and then
            yield self.env.timeout(self.rng.expovariate(1.0 / self.config.attacker_interval))
        yield from self._cookie_renewal(held)

    def _cookie_call(self, value: str) -> Generator[simpy.Event, Any, bool]:
        """One API call with the copied cookie; False once the BFF refuses the cookie."""
        sessions = self.victim.sessions
        assert sessions is not None
        token = None  # the BFF forwards nothing for a cookie it refuses
        if value in sessions.live and self.env.now < sessions.live[value].expires:
            token = yield from self._forwarded_token(None, note=COOKIE_NOTE)
        params = {SESSION_PARAM: value}
        response = yield from self.network.request(
            self.name, self.api, "api", token, params, note=COOKIE_NOTE
        )
        return response is None or response.reason != ServerReason.SESSION_COOKIE_INVALID

    def _cookie_renewal(self, held: HeldSession) -> Generator[simpy.Event, Any, None]:
        """The expired cookie's DBSC refresh: the copied challenge signed with the thief's key."""
        if not self.config.dbsc:
            return
        sessions = self.victim.sessions
        assert sessions is not None
        own = device_key(sessions.seed, self.name)  # the thief's own key, not the device's
        proof = refresh_proof(own, held.challenge, sessions.clock.numeric_date(self.env.now))
        yield from self.network.request(
            self.name, self.api, DBSC_REFRESH, held.value, None, COOKIE_NOTE, proof
        )

    def _forwarded_token(
        self, stale: str | None, note: str = "riding"
    ) -> Generator[simpy.Event, Any, str | None]:
        raise NotImplementedError  # pragma: no cover - ThroughPage's
