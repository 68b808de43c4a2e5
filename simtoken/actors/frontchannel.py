"""The front channel: where a browser takes an authorization response, and who gets it there.

The auth server never hands a code to the app directly. It answers the *browser* with a
redirect, and the browser (or, for a native app, the phone's operating system) carries the
response to whatever handles the address: the **front channel** (RFC 6749 §1.3.1, §3.1.2). The
simulated deployment's addresses:

======================================== ==========================================================
address                                  handled by
======================================== ==========================================================
``https://app.example/callback``         the web app open in this browser (``app_kind=web``)
``https://app.example/out?to=URL``       the web app's link redirector: an *open redirector*
                                         (RFC 9700 §4.11.1) sending the browser on to ``URL``,
                                         passing on the other query parameters it got (as
                                         link-tracking redirectors pass campaign parameters on)
``com.example.app:/callback``            the app registered for the private-use URI scheme
                                         ``com.example.app`` on the user's phone (``app_kind=
                                         native``, RFC 8252 §7.1); if a second app registered the
                                         same scheme, the operating system may hand the response
                                         to either (RFC 8252 §8.1): the simulator gives it to the
                                         malicious one, the worst case
``https://attacker.example/...``         the attacker's server
anything else                            nobody (the browser shows an error page)
======================================== ==========================================================

Addresses are resolved with real URL parsing (:func:`urllib.parse.urlsplit`), and a path is
resolved as a browser does, removing ``.`` and ``..`` segments (RFC 3986 §5.2.4), so
``https://app.example/callback/../out`` is the redirector, whatever string prefix it shares
with the callback. Across a redirect the browser keeps a fragment that the new address lacks
(RFC 7231 §7.1.2, now RFC 9110 §10.2.2): an implicit grant's token rides along.

Each delivery is a ``redirect`` event (ground truth, like ``stolen``): the browser, the
receiver, the address it ended at, and whether the receiver dropped it (``refused``). A
top-level delivery also enters the browser's history; a *silent* one (``prompt=none`` in a
hidden iframe) does not. What the simulator leaves out: the time the browser and the
operating system take (a delivery is instantaneous), and claimed ``https`` redirect URIs of
native apps (RFC 8252 §7.2).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol
from urllib.parse import parse_qsl, urlencode, urlsplit

import simpy

from simtoken.actors.idp import Browser
from simtoken.jose.uris import remove_dot_segments
from simtoken.record.events import Event, Redirect
from simtoken.record.reasons import CallbackRefusal

__all__ = [
    "APP_HOST",
    "APP_ORIGIN",
    "ATTACKER_ORIGIN",
    "NATIVE_SCHEME",
    "OPEN_REDIRECTOR",
    "FrontChannel",
    "Receiver",
    "redirect_uri",
    "response_params",
]

APP_HOST = "app.example"
"""The web app's host."""
APP_ORIGIN = "https://app.example"
"""The web app's origin."""
NATIVE_SCHEME = "com.example.app"
"""The native app's private-use URI scheme: a reversed domain name it controls (RFC 8252 §7.1)."""
OPEN_REDIRECTOR = f"{APP_ORIGIN}/out"
"""The web app's link redirector (``?to=URL``), an open redirector."""
ATTACKER_ORIGIN = "https://attacker.example"
"""The attacker's web server."""

_HOPS = 5
"""The most redirects a delivery follows (a browser gives up on a loop)."""


def redirect_uri(app_kind: str) -> str:
    """The redirect URI an app of ``app_kind`` registers and uses (``web`` or ``native``).

    >>> redirect_uri("web"), redirect_uri("native")
    ('https://app.example/callback', 'com.example.app:/callback')
    """
    return f"{NATIVE_SCHEME}:/callback" if app_kind == "native" else f"{APP_ORIGIN}/callback"


def response_params(location: str) -> dict[str, str]:
    """An authorization response's parameters: the fragment's if it has one, else the query's.

    >>> response_params("https://app.example/callback?code=c&state=s")
    {'code': 'c', 'state': 's'}
    >>> response_params("https://app.example/callback#access_token=t&state=s")
    {'access_token': 't', 'state': 's'}
    """
    parts = urlsplit(location)
    return dict(parse_qsl(parts.fragment or parts.query))


class Receiver(Protocol):
    """Whatever an authorization response can be delivered to: an app, or an attacker."""

    @property
    def name(self) -> str:
        """Its actor name."""
        ...  # pragma: no cover

    def check(self, location: str) -> str:
        """``""`` if it takes the response at ``location``, else why it drops it."""
        ...  # pragma: no cover

    def take(self, location: str) -> None:
        """Act on a response it took (without waiting: start a process for that)."""
        ...  # pragma: no cover


class FrontChannel:
    """The users' browsers and phones: who receives what (see the module docstring)."""

    def __init__(
        self, env: simpy.Environment, record: Callable[[Event], None], app_kind: str
    ) -> None:
        self.env = env
        self.record = record
        self.app_kind = app_kind
        self.apps: dict[str, list[Receiver]] = {}
        """user -> the user's app (or its tabs): in the user's browser, or on the user's phone."""
        self.squatters: dict[str, Receiver] = {}
        """user -> a malicious app on the user's phone that registered the app's scheme too."""
        self.attacker_site: Receiver | None = None

    def add_app(self, user: str, app: Receiver) -> None:
        """The app (or tab) ``app`` of ``user``."""
        self.apps.setdefault(user, []).append(app)

    def navigate(
        self, browser: Browser, location: str, opener: Receiver | None, *, top_level: bool = True
    ) -> str:
        """Carry the response at ``location`` in ``browser`` to its receiver.

        ``opener`` is the app (or tab) whose request this answers, which gets a response for
        the app's own address; None for a link that came from elsewhere (the user's first app
        gets it then). Records the ``redirect`` event, then lets the receiver act; returns
        why the receiver dropped the response, ``""`` if it took it.
        """
        if top_level:
            browser.history.append(location)
        final, receiver = self.resolve(browser.user, location, opener)
        return self.deliver(browser.name, final, receiver)

    def deliver(self, sender: str, location: str, receiver: Receiver | None) -> str:
        """``sender`` hands ``receiver`` the response at ``location`` (a ``redirect`` event).

        What :meth:`navigate` does once it knows the receiver; also how an app that caught a
        response passes it on (a malicious app relaunching the real one). Returns why the
        receiver dropped it, ``""`` if it took it.
        """
        refused = receiver.check(location) if receiver else CallbackRefusal.NO_RECEIVER.value
        self.record(
            Redirect(
                t=self.env.now,
                actor=sender,
                receiver="" if receiver is None else receiver.name,
                location=location,
                refused=refused,
            )
        )
        if receiver is not None and not refused:
            receiver.take(location)
        return refused

    def resolve(
        self, user: str, location: str, opener: Receiver | None
    ) -> tuple[str, Receiver | None]:
        """The address a delivery ends at, after redirects, and who handles it (or None)."""
        for _hop in range(_HOPS):
            parts = urlsplit(location)
            own = opener or next(iter(self.apps.get(user, [])), None)
            if parts.scheme == NATIVE_SCHEME and self.app_kind == "native":
                return location, self.squatters.get(user, own)
            if parts.scheme == "https" and parts.hostname == APP_HOST and self.app_kind == "web":
                path = remove_dot_segments(parts.path)
                if path == "/callback":
                    return location, own
                if path == "/out":
                    location = _forwarded(location)
                    continue
            if f"{parts.scheme}://{parts.hostname}" == ATTACKER_ORIGIN:
                return location, self.attacker_site
            return location, None
        return location, None


def _forwarded(location: str) -> str:
    """Where the open redirector sends the browser: ``to``, with the other query parameters.

    The browser keeps the fragment if the new address has none (RFC 9110 §10.2.2).

    >>> _forwarded("https://app.example/out?to=https://attacker.example/c&code=x#f=1")
    'https://attacker.example/c?code=x#f=1'
    """
    parts = urlsplit(location)
    pairs = parse_qsl(parts.query)
    target = next((v for k, v in pairs if k == "to"), "")
    rest = [(k, v) for k, v in pairs if k != "to"]
    if rest:
        base, hash_, fragment = target.partition("#")
        target = f"{base}{'&' if '?' in base else '?'}{urlencode(rest)}{hash_}{fragment}"
    if parts.fragment and "#" not in target:
        target += "#" + parts.fragment
    return target
