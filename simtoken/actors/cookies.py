"""Cookies: what a browser stores, what it sends back, and what a script can read.

A cookie is a note a server hands the browser (``Set-Cookie``) and the browser hands back on
later requests (``Cookie``), like a cloakroom ticket. Its attributes are the server's
instructions, and the browser keeps them even against the page's own scripts
(draft-ietf-httpbis-rfc6265bis, "RFC 6265bis" below; section numbers of the current draft):

============== =================================================================================
attribute      the browser's rule
============== =================================================================================
``Secure``     sent only over HTTPS (§4.1.2.5, §5.8.3), and only an HTTPS answer may set it (§5.7)
``HttpOnly``   no script API (``document.cookie``) shows it (§4.1.2.6, §5.8.2); HTTP still sends it
``SameSite``   ``Strict``: only on same-site requests; ``Lax``: also on a cross-site *top-level
               navigation* with a safe method (a link, a ``GET``), never a cross-site ``POST``;
               ``None``: on every request, and only with ``Secure`` (§4.1.2.7, §5.6.7.1, §5.7)
``Path``       sent only to URLs whose path is under it (path-match, §5.1.4); a convenience, not
               a wall between pages of one origin (§8.5)
``Max-Age``    forgotten that many seconds after it was stored (§4.1.2.2, §5.6.2)
``__Secure-``  a name prefix the browser enforces: refused unless ``Secure`` (§4.1.3.1)
``__Host-``    refused unless ``Secure``, ``Path=/`` and no ``Domain`` (§4.1.3.2)
============== =================================================================================

Two requests are *same-site* when their schemes and registrable domains (the public suffix
plus one label, ``app.example`` for ``https://www.app.example``) match (§5.2). The simulator
takes a host's **last two labels** as its site: it has no Public Suffix List, so
``a.co.uk`` and ``b.co.uk`` would wrongly count as one site. A URL the user typed (a
navigation the browser starts itself, not a page) is same-site. Other simplifications: every
cookie is *host-only* (no ``Domain`` attribute), ``Max-Age`` stands for ``Expires`` too, a
cookie always says its ``SameSite`` (no "Lax by default", so no "Lax-allowing-unsafe" window,
§5.6.7.2), and no third-party-cookie blocking.

The rules are pure functions that name the rule they apply (:class:`CookieRule`), so a trace
can say *why* a cookie stayed home; :class:`CookieJar` is one browser's store.

>>> refresh = Cookie("__Secure-rt", "eyJ...", "app.example", "/auth/refresh", max_age=86400)
>>> refresh.set_cookie()
'__Secure-rt=eyJ...; Path=/auth/refresh; Max-Age=86400; Secure; HttpOnly; SameSite=Strict'
>>> post = BrowserRequest("https://app.example/auth/refresh", "POST", "https://attacker.example")
>>> sending_refusal(refresh, post, stored_at=0.0, now=5.0)
<CookieRule.SAME_SITE: 'samesite'>
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from urllib.parse import urlsplit

__all__ = [
    "RULE_SECTIONS",
    "SAFE_METHODS",
    "BrowserRequest",
    "Cookie",
    "CookieJar",
    "CookieRule",
    "SameSite",
    "is_same_site",
    "path_matches",
    "script_refusal",
    "sending_refusal",
    "site",
    "storage_refusal",
]

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
"""The safe HTTP methods (RFC 9110 §9.2.1): the only ones a Lax cookie rides cross-site."""


class SameSite(StrEnum):
    """A cookie's ``SameSite`` attribute (RFC 6265bis §4.1.2.7), as the settings spell it."""

    STRICT = "strict"
    LAX = "lax"
    NONE = "none"


class CookieRule(StrEnum):
    """The rule that made a browser refuse a cookie, keep it off a request, or hide it."""

    SECURE_FROM_HTTP = "secure_from_http"
    """A ``Secure`` cookie set by an answer over plain HTTP: ignored (§5.7)."""
    NONE_NOT_SECURE = "samesite_none_not_secure"
    """``SameSite=None`` without ``Secure``: ignored (§5.7)."""
    SECURE_PREFIX = "secure_prefix"
    """A ``__Secure-`` name without ``Secure`` (§4.1.3.1)."""
    HOST_PREFIX = "host_prefix"
    """A ``__Host-`` name without ``Secure``, or with a ``Path`` other than ``/`` (§4.1.3.2)."""
    OTHER_HOST = "other_host"
    """A host-only cookie for another host than the request's (§5.7, §5.8.3)."""
    EXPIRED = "expired"
    """Its ``Max-Age`` ran out (§5.7, §5.8.3)."""
    PATH = "path"
    """The request's path is not under the cookie's ``Path`` (§5.1.4, §5.8.3)."""
    SECURE_OVER_HTTP = "secure_over_http"
    """A ``Secure`` cookie is never sent over plain HTTP (§5.8.3)."""
    SAME_SITE = "samesite"
    """A cross-site request a ``Strict`` cookie, or a ``Lax`` one, may not ride (§5.6.7.1)."""
    HTTP_ONLY = "http_only"
    """A script asked for an ``HttpOnly`` cookie (§5.8.2)."""


RULE_SECTIONS: dict[CookieRule, str] = {
    CookieRule.SECURE_FROM_HTTP: "§5.7",
    CookieRule.NONE_NOT_SECURE: "§5.7",
    CookieRule.SECURE_PREFIX: "§4.1.3.1",
    CookieRule.HOST_PREFIX: "§4.1.3.2",
    CookieRule.OTHER_HOST: "§5.8.3",
    CookieRule.EXPIRED: "§5.7",
    CookieRule.PATH: "§5.1.4",
    CookieRule.SECURE_OVER_HTTP: "§5.8.3",
    CookieRule.SAME_SITE: "§5.6.7.1",
    CookieRule.HTTP_ONLY: "§5.8.2",
}
"""Where RFC 6265bis states each rule."""


@dataclass(frozen=True, slots=True)
class Cookie:
    """One cookie as a server sets it: a name, a value, the host it belongs to, its attributes."""

    name: str
    value: str
    host: str
    path: str = "/"
    secure: bool = True
    http_only: bool = True
    same_site: SameSite = SameSite.STRICT
    max_age: float | None = None
    """Seconds it lives once stored; None: a session cookie (until the browser closes)."""

    def set_cookie(self) -> str:
        """The ``Set-Cookie`` header value that sets this cookie (RFC 6265bis §4.1.1)."""
        parts = [f"{self.name}={self.value}", f"Path={self.path}"]
        if self.max_age is not None:
            parts.append(f"Max-Age={self.max_age:g}")
        parts += ["Secure"] * self.secure + ["HttpOnly"] * self.http_only
        parts.append(f"SameSite={self.same_site.value.title()}")
        return "; ".join(parts)


@dataclass(frozen=True, slots=True)
class BrowserRequest:
    """A request as the browser sees it: where to, how, and which page started it.

    ``initiator`` is the origin of the page whose script, form or link made the request; None
    when the user typed the URL (the browser itself navigates). ``navigation``: a top-level
    navigation (the address bar, a link, a submitted form) rather than a script's ``fetch``.
    """

    url: str
    method: str = "GET"
    initiator: str | None = None
    navigation: bool = False


def site(host: str) -> str:
    """The registrable domain of ``host``, approximated by its last two labels (no PSL).

    >>> site("www.app.example"), site("app.example"), site("localhost")
    ('app.example', 'app.example', 'localhost')
    """
    return ".".join(host.lower().rstrip(".").split(".")[-2:])


def is_same_site(request: BrowserRequest) -> bool:
    """True if the page that made ``request`` is on the URL's site (scheme too, §5.2)."""
    if request.initiator is None:
        return True
    target, origin = urlsplit(request.url), urlsplit(request.initiator)
    return target.scheme == origin.scheme and site(target.hostname or "") == site(
        origin.hostname or ""
    )


def path_matches(request_path: str, cookie_path: str) -> bool:
    """RFC 6265bis §5.1.4: the request path is the cookie's path or lies under it.

    >>> path_matches("/auth/refresh", "/auth"), path_matches("/authx", "/auth")
    (True, False)
    """
    path = request_path or "/"
    if path == cookie_path:
        return True
    return path.startswith(cookie_path) and (
        cookie_path.endswith("/") or path[len(cookie_path)] == "/"
    )


def storage_refusal(cookie: Cookie, response_url: str) -> CookieRule | None:
    """Why a browser ignores ``Set-Cookie`` for ``cookie`` from ``response_url``; None: stored.

    The checks of the storage model (RFC 6265bis §5.7), in its order.
    """
    url = urlsplit(response_url)
    name = cookie.name.lower()
    if cookie.host != url.hostname:
        return CookieRule.OTHER_HOST
    if cookie.secure and url.scheme != "https":
        return CookieRule.SECURE_FROM_HTTP
    if cookie.same_site is SameSite.NONE and not cookie.secure:
        return CookieRule.NONE_NOT_SECURE
    if name.startswith("__secure-") and not cookie.secure:
        return CookieRule.SECURE_PREFIX
    if name.startswith("__host-") and not (cookie.secure and cookie.path == "/"):
        return CookieRule.HOST_PREFIX
    return None


def sending_refusal(
    cookie: Cookie, request: BrowserRequest, *, stored_at: float, now: float
) -> CookieRule | None:
    """Why a stored ``cookie`` stays off ``request`` at ``now``; None: it rides along.

    The retrieval algorithm (RFC 6265bis §5.8.3): expiry, host, path, ``Secure``, ``SameSite``.
    """
    url = urlsplit(request.url)
    if cookie.max_age is not None and now >= stored_at + cookie.max_age:
        return CookieRule.EXPIRED
    if url.hostname != cookie.host:
        return CookieRule.OTHER_HOST
    if not path_matches(url.path, cookie.path):
        return CookieRule.PATH
    if cookie.secure and url.scheme != "https":
        return CookieRule.SECURE_OVER_HTTP
    if cookie.same_site is not SameSite.NONE and not is_same_site(request):
        lax_ok = request.navigation and request.method.upper() in SAFE_METHODS
        if cookie.same_site is SameSite.STRICT or not lax_ok:
            return CookieRule.SAME_SITE
    return None


def script_refusal(cookie: Cookie) -> CookieRule | None:
    """Why a script of the page cannot read ``cookie`` (``document.cookie``); None: it can."""
    return CookieRule.HTTP_ONLY if cookie.http_only else None


@dataclass
class _Stored:
    cookie: Cookie
    stored_at: float


@dataclass
class CookieJar:
    """One browser's cookies, by host and name (a new one replaces the old, §5.7)."""

    _cookies: dict[tuple[str, str], _Stored] = field(default_factory=dict)

    def store(self, cookie: Cookie, response_url: str, now: float) -> CookieRule | None:
        """Keep ``cookie`` from an answer of ``response_url``; the rule that refused it, or None.

        A refused cookie leaves the jar as it was (an older cookie of that name stays).
        """
        refusal = storage_refusal(cookie, response_url)
        if refusal is None:
            self._cookies[cookie.host, cookie.name] = _Stored(cookie, now)
        return refusal

    def delete(self, host: str, name: str) -> None:
        """Forget a cookie (the server expired it, at a logout)."""
        self._cookies.pop((host, name), None)

    def attach(
        self, host: str, name: str, request: BrowserRequest, now: float
    ) -> tuple[Cookie | None, CookieRule | None]:
        """The cookie ``request`` carries, or (None, the rule that kept it off).

        (None, None) when the jar holds no such cookie at all.
        """
        stored = self._cookies.get((host, name))
        if stored is None:
            return None, None
        refusal = sending_refusal(stored.cookie, request, stored_at=stored.stored_at, now=now)
        return (stored.cookie, None) if refusal is None else (None, refusal)

    def read(self, host: str, name: str, now: float) -> Cookie | None:
        """The unexpired cookie as the browser's own store holds it (what a device thief sees)."""
        stored = self._cookies.get((host, name))
        if stored is None:
            return None
        cookie = stored.cookie
        if cookie.max_age is not None and now >= stored.stored_at + cookie.max_age:
            return None
        return cookie
