"""``fingerprint``: the OWASP token-sidejacking fingerprint: a stolen token without its cookie.

Covers: learning objective LO11, token sidejacking (OWASP JSON Web Token Cheat Sheet for Java,
"Token Sidejacking"). Every token answer sets a random fingerprint in a hardened cookie
(``__Secure-Fgp``: ``HttpOnly``, ``Secure``, ``SameSite=Strict``, ``Max-Age`` = the access
token's lifetime) and every access token carries its SHA-256 (``userFingerprint``); an API
refuses a token whose request carries no such cookie (``fingerprint_missing``) or another one
(``fingerprint_mismatch``) (:mod:`simtoken.actors.fingerprint`). The app keeps its refresh
token in an ``HttpOnly`` cookie too (``storage=cookie_rt``, as in ``cookie-refresh``), so a
script in the page can read neither cookie, only the access tokens in the page's memory.

Story: the ``cookie-refresh`` day with the fingerprint on. Over eight hours a user works in
bursts (half an hour on average, then half an hour away). An hour in, an XSS copies the access
token from memory (``stolen``) and finds both cookies out of reach (two ``theft_failed``
events). From its own machine every call it makes with a token is refused
``fingerprint_missing``: the browser adds the cookie only to the page's own requests. While the
page is open the script can still call the API *from the page* (noted ``page``): the browser
adds the cookie and the API accepts, online use that ends whenever the user closes the page.
Five hours in the user closes the app for good.

Expected outcome: with ``t`` the theft (1 h), ``s`` the closing (5 h) and ``H`` the horizon
(8 h): ``attacker_access_s`` = 0 (no token the attacker holds works from its machine) and
``attacker_refresh_s`` = 0; every call from its machine is refused ``fingerprint_missing``;
``attacker_online_s`` > 0 and every accepted attacker request is noted ``page`` and made while
the page was open, before ``s`` (``attacker_api_calls`` ≤ ``attacker_online_calls``). With
``--set theft_vector=device`` the thief reads the browser's cookie store, ``HttpOnly`` or not:
it holds the refresh cookie and the fingerprint, and ``attacker_access_s`` =
``attacker_refresh_s`` = ``H - t`` (7 h), with no ``fingerprint_*`` refusal: the fingerprint
protects nothing against a thief of the device. With ``--set fingerprint=false`` the access
tokens the script gets through the page work from anywhere: ``attacker_access_s`` > 0 (the
``cookie-refresh`` outcome). With ``--set storage=web_storage`` the script takes the refresh
token too, and the answer to the thief's own refresh sets the cookie for it: the fingerprint
binds the access token to the browser, not the refresh token (the ``theft`` outcome).
"""

from __future__ import annotations

import dataclasses

from simtoken.scenarios.base import Scenario
from simtoken.scenarios.cookie_refresh import COOKIE_REFRESH

__all__ = ["FINGERPRINT"]

FINGERPRINT = Scenario(
    name="fingerprint",
    summary="OWASP fingerprint cookie: XSS-stolen tokens refused off the page; device theft wins",
    description=__doc__ or "",
    defaults=dataclasses.replace(COOKIE_REFRESH.defaults, fingerprint=True),
)
