"""``csrf``: a page on another site makes the victim's browser send requests that ride a cookie.

Covers: cross-site request forgery against a browser app whose credential is a cookie (a
backend-for-frontend's session cookie here; the refresh cookie of ``storage=cookie_rt`` the
same way) and its three defences (OWASP Cross-Site Request Forgery Prevention Cheat Sheet):
the cookie's ``SameSite`` attribute (RFC 6265bis §4.1.2.7, §5.6.7.1: a ``Lax`` or ``Strict``
cookie stays off a cross-site ``POST``), an anti-CSRF token the app's own pages carry
(``csrf_token``) and a check of the ``Origin`` header (``origin_check``). A token kept in
JavaScript is immune: it travels in an ``Authorization`` header no cross-site page can add.

Story: an eight-hour day of a user working in bursts (half an hour on average, then half an
hour away) with a BFF-backed app whose session cookie says ``SameSite=None`` and whose BFF has
no anti-CSRF token and no ``Origin`` check (all three defences are on by default). An hour in
she opens the attacker's page in another tab; while she is active, it submits a hidden form to
the BFF's API about every 10 minutes (``attacker_interval``). Her browser attaches the session
cookie, the BFF forwards each call with her access token (refreshing it first when needed), and
the API accepts it. The attacker never sees a token or an answer; the damage is the
state-changing call itself.

Expected outcome: with ``N`` the number of cross-site requests (noted ``csrf``; about the
active time after the theft divided by ``attacker_interval``): ``csrf_accepted`` = ``N`` and
every attacker window is 0 (it holds nothing, reads nothing). Any one defence is
enough: with ``--set cookie_samesite=lax`` (or ``strict``, the default) ``csrf_accepted`` = 0,
the browser keeping the cookie off every one (``cookie_blocked``, rule ``samesite``) and the BFF
refusing it as ``no_cookie``; with ``--set csrf_token=true`` the ``N`` requests are refused as
``csrf_token_invalid``, with ``--set origin_check=true`` as ``origin_mismatch``. With ``--set
storage=cookie_rt`` the forms post to the refresh endpoint instead: ``N`` accepted refreshes
that mint tokens nobody reads (and rotate the cookie under rotation).
"""

from __future__ import annotations

from simtoken.config.run import RunConfig
from simtoken.scenarios.base import Scenario

__all__ = ["CSRF"]

CSRF = Scenario(
    name="csrf",
    summary="CSRF rides a SameSite=None cookie; SameSite=Lax, a token or an Origin check stop it",
    description=__doc__ or "",
    defaults=RunConfig(
        horizon=8 * 3600.0,
        active_period=1800.0,
        idle_period=1800.0,
        storage="cookie_bff",
        cookie_samesite="none",
        csrf_token=False,
        origin_check=False,
        theft_vector="csrf",
        theft_at=3600.0,
        attacker_interval=600.0,
    ),
)
