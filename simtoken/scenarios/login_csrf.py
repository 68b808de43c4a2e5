"""``login-csrf``: the victim's app is signed in to the attacker's account.

Covers: cross-site request forgery against the redirect URI (RFC 6749 §10.12, RFC 9700 §4.7):
an app that does not bind the authorization response to its own request redeems whatever code
arrives at its redirect URI, including one the attacker obtained for *its own* account. The
``state`` parameter binds the response to the request (RFC 6749 §10.12); so does PKCE, since the
app holds a verifier only for a flow it started (RFC 9700 §4.7.1), and OpenID Connect's
``nonce`` (§3.1.2.1; simtoken mints no ID token to carry it).

Story: a user works in a web app all afternoon (``login_flow=code``). The app sends no ``state``
and no PKCE (``use_state=false``, ``pkce=none``). An hour in, she opens a page of the attacker's,
which navigates her browser to the app's redirect URI with a code the attacker got by logging in
to the same app with its own account (user ``attacker``). Her app redeems it: from then on it
holds the attacker's tokens, and everything she does (uploading a document, saving a card) lands
in the attacker's account, where the attacker will read it. Then ``--set use_state=true`` (or
``--set pkce=S256``).

Expected outcome: (t is the time of the planting, 1 h) the attacker steals nothing
(``attacker_access_s`` 0), but every call the victim makes after t + 0.15 s runs under the
attacker's ``sub``: ``calls_as_other_user`` = the victim's calls after t (here about
(horizon - t) / ``request_interval``, 168 of 226 with seed 7), until her refresh token (the
attacker's grant's, RT = 1 day) expires after the horizon. With ``use_state=true`` the app drops
the response (``redirect`` refused ``state_mismatch``); with ``pkce=S256`` too
(``unexpected_response``): ``calls_as_other_user`` 0. A confidential app
(``client_type=confidential``) is no safer: it redeems the planted code with its own secret.
"""

from __future__ import annotations

from simtoken.config.run import RunConfig
from simtoken.scenarios.base import Scenario

__all__ = ["LOGIN_CSRF"]

LOGIN_CSRF = Scenario(
    name="login-csrf",
    summary="Without state or PKCE the victim's app redeems the attacker's code: login CSRF",
    description=__doc__ or "",
    defaults=RunConfig(
        horizon=4 * 3600.0,
        active_period=8 * 3600.0,
        idle_period=0.0,
        login_flow="code",
        use_state=False,
        pkce="none",
        flow_attack="login_csrf",
        theft_at=3600.0,
    ),
)
