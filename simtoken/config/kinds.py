"""Kinds: the closed sets of names a run's settings take.

Each is a ``Literal`` type: the type checker knows the names, :func:`simtoken.validate.choice`
refuses any other with the list of those allowed, and the ``--set`` catalog
(:mod:`simtoken.config.settings`) shows them as the setting's allowed values.
"""

from __future__ import annotations

from typing import Literal

__all__ = ["CookiePrefix", "CookieSameSite", "RefreshMode", "Storage", "Strategy", "TheftVector"]

RefreshMode = Literal["none", "reactive", "proactive"]
"""How a client renews access: never (log in again), after a 401, or a margin before ``exp``."""

Storage = Literal["memory", "web_storage", "cookie_rt", "cookie_bff", "keystore"]
"""Where the client keeps its tokens: JS memory, web storage, the refresh token in an HttpOnly
cookie (the access token in JS memory), an HttpOnly cookie to a backend-for-frontend (tokens
never reach the browser), or a mobile OS keystore."""

TheftVector = Literal[
    "none", "xss", "persistent_xss", "device", "sniffing", "log_leak", "new_flow", "csrf"
]
"""How the attacker gets tokens, or (``csrf``) makes the victim's browser act (see
:mod:`simtoken.actors.attacker`)."""

CookieSameSite = Literal["strict", "lax", "none"]
"""The ``SameSite`` attribute of the app's cookie (RFC 6265bis §4.1.2.7)."""

CookiePrefix = Literal["none", "__Secure-", "__Host-"]
"""The name prefix of the refresh cookie, which the browser enforces (RFC 6265bis §4.1.3)."""

Strategy = Literal["immediate", "wait_offline", "aggressive", "quiet", "race", "precompute"]
"""What the attacker does with stolen tokens (see :mod:`simtoken.actors.attacker`)."""
