"""``sso-apps``: two apps, one IdP session: the second app signs in without a password.

Covers: single sign-on across apps (OpenID Connect Core §3.1.2.1, ``prompt=none``): two apps
with their own ``client_id``, tokens and grants, signing in through one browser whose IdP
session cookie the second app rides; the IdP session versus the app's own session (its grant);
the authorization-code flow with PKCE (RFC 6749 §4.1, RFC 7636) for both apps.

Story: during an eight-hour working day a user reads mail (app ``client-1.app-1``, API
``https://mail.example``) and checks her calendar (app ``client-1.app-2``, API
``https://calendar.example``), in one browser. The mail app sends her to the IdP's login page
and she types her password: an IdP session starts (10 hours, ``idp_session_lifetime``). The
calendar app, opened at the same moment, waits for that login page, then asks the IdP with
``prompt=none`` and the session cookie: the IdP answers at once with a code, no login page.
From then on each app refreshes its own refresh token for its own API.

Expected outcome: one interactive login (``victim_logins`` 0), ``silent_sign_ins`` 1 (the
calendar app's first sign-in), two grants that name the same IdP session, and
``victim_availability`` 1.0 for each app: exactly, with any seed, as long as the horizon stays
within the refresh token's lifetime (1 day) and the IdP session (10 h).
"""

from __future__ import annotations

from simtoken.config.run import RunConfig
from simtoken.scenarios.base import Scenario
from simtoken.scenarios.sso import CALENDAR, MAIL

__all__ = ["SSO_APPS"]

SSO_APPS = Scenario(
    name="sso-apps",
    summary="Two apps, one IdP session: the second app signs in silently (prompt=none)",
    description=__doc__ or "",
    defaults=RunConfig(
        horizon=8 * 3600.0,
        audiences=(MAIL, CALENDAR),
        active_period=3600.0,
        idle_period=1800.0,
        apps=2,
        login_flow="code",
    ),
)
