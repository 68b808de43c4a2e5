"""``refresh``: a refresh token keeps the user signed in until its absolute lifetime ends.

Covers: refreshing an access token with a refresh token (RFC 6749 §6), reactive refresh (after
a 401) versus proactive refresh (``refresh_margin`` seconds before ``exp``), the refresh
token's absolute lifetime, and the load refreshing puts on the auth server.

Story: over two days a user opens the app in bursts (about an hour of activity, a call a
minute, then about two idle hours). Access tokens live 5 minutes, the refresh token one day
from login. The client refreshes reactively: a call with an expired access token gets a 401
(``expired``), the client trades its refresh token for a new access token and retries. A day
after the first login the refresh token itself expires, the next refresh is rejected
(``expired``) and the user logs in again, once.

Expected outcome: ``victim_logins`` is 1 (the refresh token's absolute expiry, one day after
login, within the two-day horizon); ``victim_availability`` is 1.0; the auth server handles
about one refresh per five active minutes (``as_load_per_h``). With ``--set refresh=proactive``
the API rejects nothing while refresh tokens are valid; with a shorter
``access_token_lifetime`` the refresh load rises in proportion.
"""

from __future__ import annotations

from simtoken.config.run import RunConfig
from simtoken.scenarios.base import Scenario

__all__ = ["REFRESH"]

REFRESH = Scenario(
    name="refresh",
    summary="Refresh tokens renew access tokens; re-login when the refresh token expires",
    description=__doc__ or "",
    defaults=RunConfig(horizon=2 * 86_400.0, refresh="reactive"),
)
