"""The web app: its origin, the cookie that carries its credential, and its anti-CSRF checks.

Two storages put the browser app's credential in a cookie (:mod:`simtoken.actors.cookies`):

* ``cookie_rt``: the **refresh token** lives in an ``HttpOnly`` cookie scoped to the app's
  refresh endpoint (``https://app.example/auth/refresh``, cookie ``Path=/auth/refresh``); the
  access token lives in the page's JavaScript memory. The app's small backend route reads
  the cookie, trades the refresh token at the auth server's token endpoint and answers the
  page with the new access token, putting the rotated refresh token back in the cookie (a
  cousin of the browser-apps BCP's token-mediating backend, draft-ietf-oauth-browser-based-apps,
  which keeps the refresh token server-side instead). The simulator draws that route and the
  token endpoint as one hop: the refresh request goes to the auth server, its ``token`` field
  is the cookie's value, and its note ends in ``cookie``.
* ``cookie_bff``: a backend-for-frontend keeps every token; the browser holds only the
  ``__Host-session`` cookie (``Secure``, ``HttpOnly``, ``Path=/``; only its ``SameSite`` is a
  setting here).

A cookie rides along on every request the browser makes to its URL, including one that a page
on **another site** starts (a form that submits itself): cross-site request forgery (CSRF).
The defences (OWASP Cross-Site Request Forgery Prevention Cheat Sheet), all settings and all
on by default (SameSite is defence in depth, not a replacement for the other two):

* ``SameSite=Lax`` or ``Strict`` (``cookie_samesite``): the browser keeps the cookie off a
  cross-site ``POST``, so the request arrives without a credential (``no_cookie``);
* an anti-CSRF token (``csrf_token``): the app's pages send a secret value (synchronizer token)
  with every request, which a page of another origin cannot read (``csrf_token_invalid``);
* an ``Origin`` check (``origin_check``): the browser names the page that started a request in
  its ``Origin`` header, which no page can forge (``origin_mismatch``).

The servers run the checks on a *browser* request (one carrying an ``Origin``, as every ``POST``
does): first the cookie, then the ``Origin``, then the token. A script injected into the app's
own page (XSS) passes all three: it is same-origin and can read the token, which is why CSRF
defences do not stop XSS. The simulator sends the app's and the riding script's requests to a
BFF without these browser details (they would pass), so the BFF's existing traces stay as they
were.

Names: the app at ``app.example``, the attacker's page at ``https://attacker.example``; both
sites by the two-label rule of :func:`~simtoken.actors.cookies.site`.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from simtoken.actors.cookies import (
    RULE_SECTIONS,
    BrowserRequest,
    Cookie,
    CookieJar,
    CookieRule,
    SameSite,
    path_matches,
    sending_refusal,
    storage_refusal,
)
from simtoken.actors.network import Message, Response
from simtoken.config.run import RunConfig
from simtoken.record.events import CookieBlocked, Event
from simtoken.record.reasons import ServerReason

__all__ = [
    "APP_HOST",
    "ATTACKER_ORIGIN",
    "BFF_API_PATH",
    "COOKIE_STORAGES",
    "REFRESH_PATH",
    "WebApp",
    "cookie_notes",
    "web_app",
]

APP_HOST = "app.example"
"""The browser app's host (its pages, its refresh route, its backend-for-frontend)."""
REFRESH_PATH = "/auth/refresh"
"""The app's refresh endpoint, which reads the refresh cookie (``cookie_rt``)."""
BFF_API_PATH = "/api/data"
"""The backend-for-frontend's API route (``cookie_bff``)."""
ATTACKER_ORIGIN = "https://attacker.example"
"""The attacker's own site, whose page makes the victim's browser send cross-site requests."""
COOKIE_STORAGES = ("cookie_rt", "cookie_bff")
"""The storages whose credential is a cookie (and so can be ridden cross-site)."""

Record = Callable[[Event], None]


@dataclass(frozen=True)
class WebApp:
    """The app's deployment: its cookie's attributes and its server-side CSRF defences."""

    storage: str
    tls: bool
    same_site: SameSite
    secure: bool
    http_only: bool
    prefix: str
    path: str
    max_age: float
    csrf_token: str | None
    """The anti-CSRF token the app's pages carry when ``csrf_token`` is on (None: off)."""
    origin_check: bool

    @property
    def origin(self) -> str:
        """The app's origin: ``https://app.example`` (``http://`` without TLS)."""
        return f"{'https' if self.tls else 'http'}://{APP_HOST}"

    @property
    def refresh_url(self) -> str:
        """The URL of the app's refresh endpoint."""
        return self.origin + REFRESH_PATH

    @property
    def refresh_cookie_name(self) -> str:
        """The refresh cookie's name, with its prefix (``__Secure-refresh_token``)."""
        return ("" if self.prefix == "none" else self.prefix) + "refresh_token"

    def refresh_cookie(self, value: str) -> Cookie:
        """The refresh cookie the app sets for refresh token ``value`` (``cookie_rt``)."""
        return Cookie(
            self.refresh_cookie_name,
            value,
            APP_HOST,
            self.path,
            secure=self.secure,
            http_only=self.http_only,
            same_site=self.same_site,
            max_age=self.max_age,
        )

    def session_cookie(self) -> Cookie:
        """The backend-for-frontend's session cookie (``cookie_bff``; only SameSite varies)."""
        return Cookie("__Host-session", "(session id)", APP_HOST, "/", same_site=self.same_site)

    def page_params(self) -> dict[str, str]:
        """The browser details of a request from the app's own page (a script in it too)."""
        params = {"origin": self.origin}
        if self.csrf_token is not None:
            params["csrf_token"] = self.csrf_token
        return params

    def check(self, message: Message, status: int) -> Response | None:
        """The refusal of a browser request the app's cookie should authenticate, or None.

        Requests without an ``Origin`` (not from a browser page) are not checked here.
        ``status`` is the endpoint's status for a missing credential (400 at the token
        endpoint, RFC 6749 §5.2; 401 at an API, RFC 6750 §3.1); a failed CSRF check is 403.
        """
        if message.params.get("origin") is None:
            return None
        if message.token is None:
            return Response(status, ServerReason.NO_COOKIE, "The request came without the cookie")
        return self.csrf_refusal(message.params)

    def csrf_refusal(self, params: Mapping[str, str]) -> Response | None:
        """The ``Origin`` and anti-CSRF token checks of a browser request (None: it passes)."""
        origin = params.get("origin")
        if self.origin_check and origin != self.origin:
            detail = f"Origin {origin} is not {self.origin}"
            return Response(403, ServerReason.ORIGIN_MISMATCH, detail)
        if self.csrf_token is not None and params.get("csrf_token") != self.csrf_token:
            return Response(403, ServerReason.CSRF_TOKEN_INVALID, "No valid anti-CSRF token")
        return None

    # -- the browser's side ------------------------------------------------------------------

    def keep_refresh(
        self, jar: CookieJar, value: str, now: float, record: Record, actor: str
    ) -> None:
        """The browser takes ``Set-Cookie`` for refresh token ``value`` (or refuses it)."""
        cookie = self.refresh_cookie(value)
        refusal = jar.store(cookie, self.refresh_url, now)
        if refusal is not None:
            _blocked(record, now, actor, cookie.name, "store", self.refresh_url, refusal)

    def forget(self, jar: CookieJar) -> None:
        """The browser drops the refresh cookie (an answer expired it: a logout)."""
        jar.delete(APP_HOST, self.refresh_cookie_name)

    def send_refresh(
        self, jar: CookieJar, now: float, record: Record, actor: str, cross_site: bool = False
    ) -> str | None:
        """The refresh token a ``POST`` to the refresh endpoint carries in its cookie, or None.

        From the app's own page (a ``fetch``), or ``cross_site``: a form on the attacker's page
        that submits itself (a top-level navigation). A cookie kept off is recorded.
        """
        request = BrowserRequest(
            self.refresh_url,
            "POST",
            ATTACKER_ORIGIN if cross_site else self.origin,
            navigation=cross_site,
        )
        return self.attached(jar, request, now, record, actor)[0]

    def attached(
        self, jar: CookieJar, request: BrowserRequest, now: float, record: Record, actor: str
    ) -> tuple[str | None, CookieRule | None]:
        """The refresh cookie's value that ``request`` carries, and the rule that kept it off.

        (None, None) if the jar holds no refresh cookie. A cookie kept off is recorded
        (``cookie_blocked``).
        """
        cookie, refusal = jar.attach(APP_HOST, self.refresh_cookie_name, request, now)
        if refusal is not None:
            _blocked(record, now, actor, self.refresh_cookie_name, "send", request.url, refusal)
        return (None if cookie is None else cookie.value), refusal

    def session_rides(
        self, request: BrowserRequest, now: float, record: Record, actor: str
    ) -> bool:
        """True if the BFF's session cookie rides on ``request``; a cookie kept off is recorded."""
        cookie = self.session_cookie()
        refusal = sending_refusal(cookie, request, stored_at=now, now=now)
        if refusal is not None:
            _blocked(record, now, actor, cookie.name, "send", request.url, refusal)
        return refusal is None


def _blocked(
    record: Record, now: float, actor: str, name: str, action: str, url: str, rule: CookieRule
) -> None:
    record(CookieBlocked(t=now, actor=actor, cookie=name, action=action, url=url, rule=str(rule)))


def web_app(config: RunConfig, rng: random.Random) -> WebApp | None:
    """The web app of a run whose storage is a cookie; None for the other storages.

    ``rng`` draws the anti-CSRF token (a per-deployment stand-in for a per-session secret).
    """
    if config.storage not in COOKIE_STORAGES:
        return None
    return WebApp(
        storage=config.storage,
        tls=config.tls,
        same_site=SameSite(config.cookie_samesite),
        secure=config.cookie_secure,
        http_only=config.cookie_http_only,
        prefix=config.cookie_prefix,
        path=config.cookie_path,
        max_age=config.cookie_max_age,
        csrf_token=f"{rng.getrandbits(128):032x}" if config.csrf_token else None,
        origin_check=config.origin_check,
    )


def cookie_notes(config: RunConfig) -> list[str]:
    """One line for each refresh-cookie setting that quietly breaks the app's refresh.

    Legal (a lesson may want it) but rarely meant: a cookie the browser refuses to store, a
    ``Path`` that does not cover the refresh endpoint, a ``Max-Age`` shorter than the refresh
    token it carries. The command line prints them as notes.
    """
    app = web_app(config, random.Random("notes"))
    if app is None or app.storage != "cookie_rt":
        return []
    notes = []
    refusal = storage_refusal(app.refresh_cookie("(token)"), app.refresh_url)
    if refusal is not None:
        notes.append(
            f"the browser refuses the refresh cookie ({refusal}, RFC 6265bis "
            f"{RULE_SECTIONS[refusal]}): every refresh fails as no_cookie and the user logs in"
        )
    if not path_matches(REFRESH_PATH, app.path):
        notes.append(
            f"cookie_path ({app.path}) does not cover the refresh endpoint ({REFRESH_PATH}): "
            "the browser never sends the refresh cookie there"
        )
    lifetime = config.policy.refresh_token_lifetime
    if app.max_age < lifetime:
        notes.append(
            f"cookie_max_age ({app.max_age:g} s) is shorter than refresh_token_lifetime "
            f"({lifetime} s): the browser drops the refresh cookie before the token expires"
        )
    return notes
