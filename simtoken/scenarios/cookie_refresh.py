"""``cookie-refresh``: the refresh token in an HttpOnly cookie, and what a script still gets.

Covers: learning objective LO10, where a browser app keeps its tokens. With
``storage=cookie_rt`` the refresh token lives in an ``HttpOnly``, ``Secure``,
``SameSite=Strict`` cookie named ``__Secure-refresh_token`` and scoped to the app's refresh
endpoint (``Path=/auth/refresh``), the access token in the page's memory
(:mod:`simtoken.actors.webapp`). A script cannot read an ``HttpOnly`` cookie (RFC 6265bis
§4.1.2.6, §5.8.2; OWASP Session Management and HTML5 Security cheat sheets), but a script
injected into the page runs in the app's origin: it copies the in-memory access token and
calls the refresh endpoint itself, the browser adding the cookie and the answer handing it a
new access token (draft-ietf-oauth-browser-based-apps §5.1.4, proxying requests via the user's
browser). The cookie keeps the *refresh token* from the attacker, not the access tokens.

Story: over eight hours a user works in bursts (half an hour on average, then half an hour
away). An hour in, an XSS copies the access token from memory (``stolen``) and finds the
refresh cookie out of reach (``theft_failed``); from then on, whenever it needs a token and
the page is open, it refreshes through the page (requests noted ``page``) and uses each new
access token from its own machine, about every 5 minutes (``attacker_interval``). Five hours
in (``victim_stops_at``) the user closes the app for good.

Expected outcome: with ``t`` the theft (1 h), ``s`` the app's closing (5 h), ``AT`` the
access-token lifetime (300 s), ``P`` the time the page is open between ``t`` and ``s`` and
``n`` the number of times it opens (both from the ``page`` events): ``attacker_refresh_s`` is
0 (the script never holds a refresh token); every access token the attacker holds dies by
``s + AT``; ``attacker_access_s + attacker_online_s`` ≤ ``P + (n + 1) AT``, and
``attacker_online_s`` > 0 (the page was open while the attacker held no live token yet);
``detection_latency_s`` is None (the cookie always holds the newest refresh token: rotation
would see no reuse). With ``--set storage=web_storage`` the script copies the refresh token
too: ``attacker_refresh_s`` = horizon - ``t`` (7 h), long after the app is closed. With
``--set cookie_http_only=false`` the script reads the cookie (``document.cookie``), the same.
"""

from __future__ import annotations

from simtoken.config.run import RunConfig
from simtoken.scenarios.base import Scenario

__all__ = ["COOKIE_REFRESH"]

COOKIE_REFRESH = Scenario(
    name="cookie-refresh",
    summary="The refresh token in an HttpOnly cookie: XSS refreshes only through the open page",
    description=__doc__ or "",
    defaults=RunConfig(
        horizon=8 * 3600.0,
        active_period=1800.0,
        idle_period=1800.0,
        storage="cookie_rt",
        theft_vector="xss",
        theft_at=3600.0,
        attacker_interval=300.0,
        victim_stops_at=5 * 3600.0,
    ),
)
