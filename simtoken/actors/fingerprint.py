"""The OWASP token-sidejacking fingerprint: a secret in a hardened cookie, its hash in the token.

*Token sidejacking* is using a stolen token from somewhere else (OWASP JSON Web Token Cheat Sheet
for Java, "Token Sidejacking"). The cheat sheet's defence adds a *user context* to the token:

1. at authentication the server draws a random string, the *fingerprint*, and sends it to the
   browser as a hardened cookie: ``__Secure-Fgp``, ``HttpOnly``, ``Secure``,
   ``SameSite=Strict``, with a ``Max-Age`` no longer than the token's lifetime;
2. the token carries the fingerprint's SHA-256 (hex) in a claim, ``userFingerprint``: the
   hash, not the value, so that a script that reads the token cannot forge the cookie;
3. an API recomputes the hash from the cookie the request carries and refuses the token when
   the cookie is missing (``fingerprint_missing``) or does not match (``fingerprint_mismatch``).

So the token alone is not enough: whoever uses it must also send the cookie. A script injected
into the page (XSS) reads the token from the page's memory or web storage but not the
``HttpOnly`` cookie (RFC 6265bis §5.8.2), and from another machine the browser adds no cookie:
refused. The same script can still call the API *from the open page*, where the browser adds
the cookie itself: that is online use through the page (requests noted ``page``, counted by
the ``attacker_online_*`` metrics), which no cookie attribute prevents. A thief who holds the
device reads the browser's cookie store, ``HttpOnly`` or not: the fingerprint then protects
nothing. The cheat sheet also advises against binding to the IP address (mobile users change
address within a session).

In the simulator the auth server is the server that authenticates: every token answer (login,
refresh, code redemption) carries the cookie (a ``Set-Cookie`` header, ``set_cookie`` in the
answer's body) with the grant's fingerprint, one per grant (token family) drawn from the auth
server's own generator for the purpose (``auth-server/fingerprint``), and every access token of
the grant carries its hash. Simplified: the cookie belongs to the app's host and the APIs are
taken to sit behind it (same-site, as in the cheat sheet where one backend issues the token
and serves the API). A script never reads a ``Set-Cookie`` header (the Fetch standard forbids
it), but whoever receives a token answer directly (a thief refreshing with a stolen refresh
token) gets the cookie with it: the fingerprint binds the *access* token to the browser, not the
refresh token.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Mapping
from typing import Any

from simtoken.actors.cookies import BrowserRequest, Cookie, CookieJar
from simtoken.actors.network import Response
from simtoken.actors.webapp import APP_HOST
from simtoken.record.reasons import ServerReason

__all__ = [
    "FINGERPRINT_CLAIM",
    "FINGERPRINT_COOKIE",
    "SET_COOKIE",
    "Fingerprints",
    "attach_fingerprint",
    "fingerprint_hash",
    "fingerprint_refusal",
    "keep_fingerprint",
    "sent_fingerprint",
]

FINGERPRINT_COOKIE = "__Secure-Fgp"
"""The hardened cookie's name (the cheat sheet's; the ``__Secure-`` prefix demands ``Secure``)."""
FINGERPRINT_CLAIM = "userFingerprint"
"""The access-token claim with the fingerprint's SHA-256 (hex), as the cheat sheet names it."""
SET_COOKIE = "set_cookie"
"""The key of a token answer's body that stands for its ``Set-Cookie`` header (a Cookie)."""


def fingerprint_hash(value: str) -> str:
    """The SHA-256 of the fingerprint, in hex (what the token carries).

    >>> fingerprint_hash("abc")[:16]
    'ba7816bf8f01cfea'
    """
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


class Fingerprints:
    """The auth server's fingerprints: one random value per grant, and its cookie."""

    def __init__(self, rng: random.Random, max_age: float) -> None:
        self.rng = rng
        self.max_age = max_age
        """The cookie's ``Max-Age``: the access token's lifetime (never longer, per OWASP)."""
        self.by_session: dict[str, str] = {}

    def value(self, session: str) -> str:
        """The fingerprint of grant ``session`` (drawn at its first token: 256 random bits)."""
        if session not in self.by_session:
            self.by_session[session] = f"{self.rng.getrandbits(256):064x}"
        return self.by_session[session]

    def claims(self, session: str) -> dict[str, Any]:
        """The claim an access token of ``session`` carries: the fingerprint's hash."""
        return {FINGERPRINT_CLAIM: fingerprint_hash(self.value(session))}

    def cookie(self, session: str) -> Cookie:
        """The hardened cookie a token answer of ``session`` sets."""
        return Cookie(FINGERPRINT_COOKIE, self.value(session), APP_HOST, "/", max_age=self.max_age)


def fingerprint_refusal(claims: Mapping[str, Any], params: Mapping[str, str]) -> Response | None:
    """The API's check: the request's cookie must hash to the token's claim (None: it does)."""
    sent = sent_fingerprint(params)
    if sent is None:
        detail = f"The request carries no {FINGERPRINT_COOKIE} cookie for the token"
        return Response(401, ServerReason.FINGERPRINT_MISSING, detail)
    if fingerprint_hash(sent) != claims.get(FINGERPRINT_CLAIM):
        detail = f"The {FINGERPRINT_COOKIE} cookie's SHA-256 is not the token's {FINGERPRINT_CLAIM}"
        return Response(401, ServerReason.FINGERPRINT_MISMATCH, detail)
    return None


def sent_fingerprint(params: Mapping[str, str]) -> str | None:
    """The fingerprint in a request's ``cookie`` parameter (its ``Cookie`` header), or None."""
    for pair in params.get("cookie", "").split(";"):
        name, _, value = pair.strip().partition("=")
        if name == FINGERPRINT_COOKIE:
            return value
    return None


def attach_fingerprint(params: Mapping[str, str] | None, value: str | None) -> dict[str, str]:
    """``params`` with the ``Cookie`` header carrying fingerprint ``value`` (if any)."""
    out = dict(params or {})
    if value is not None:
        out["cookie"] = f"{FINGERPRINT_COOKIE}={value}"
    return out


def keep_fingerprint(jar: CookieJar, body: Mapping[str, Any], origin: str, now: float) -> None:
    """The browser stores a token answer's fingerprint cookie (it may refuse it, say on HTTP)."""
    cookie = body.get(SET_COOKIE)
    if isinstance(cookie, Cookie):
        jar.store(cookie, origin + "/", now)


def browser_fingerprint(jar: CookieJar, origin: str, now: float) -> str | None:
    """The fingerprint the browser attaches to a call from the app's page to its APIs."""
    request = BrowserRequest(origin + "/api", "GET", origin)
    cookie, _rule = jar.attach(APP_HOST, FINGERPRINT_COOKIE, request, now)
    return None if cookie is None else cookie.value
