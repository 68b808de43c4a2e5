"""``expiry``: an access token dies at ``exp``, and nothing renews it.

Covers: the access-token lifetime (``exp - iat``), PyJWT's exact expiry rule (expired when
``exp <= now - leeway``), leeway, and clock skew between the auth server and an API.

Story: a user works for three hours without a break, calling the API every 30 seconds from an
app that does not use refresh tokens (``refresh=none``). Each access token lives 300 s. The
call after each expiry is rejected by the API (401, reason ``expired``), and the user has to
log in again before the call is retried.

Expected outcome: one forced login per expired access token, so ``victim_logins`` is close to
``horizon / access_token_lifetime`` (about 35 here), every rejection is ``expired``, and
``victim_availability`` stays 1.0 because each call is retried after the login. Try
``--set leeway=30`` (each token is accepted 30 s longer) and ``--set rs_skew=-5`` (the API's
clock runs 5 s behind: fresh tokens are ``not_yet_valid`` there until leeway covers the skew).
"""

from __future__ import annotations

from simtoken.config.run import RunConfig
from simtoken.scenarios.base import Scenario

__all__ = ["EXPIRY"]

EXPIRY = Scenario(
    name="expiry",
    summary="An access token expires and, without refresh tokens, the user logs in again",
    description=__doc__ or "",
    defaults=RunConfig(
        horizon=3 * 3600.0,
        refresh="none",
        request_interval=30.0,
        active_period=10 * 86_400.0,
        idle_period=0.0,
    ),
)
