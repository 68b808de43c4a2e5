"""``lost-response``: the auth server rotates, the answer never arrives, and the retry is "reuse".

Covers: failure mode F6 (zitadel#9631, oauth-v2-1#212, FAPI 2.0's retry rule): under rotation
the auth server retires the presented refresh token the moment it answers; if that answer is
lost (a dropped connection, an app killed mid-refresh) the client still holds only the retired
token, retries with it, and is treated as a replayer. The fixes are a retry grace interval
(Cognito up to 60 s, Okta 30 s) and answering a replay of the active token's parent with *the
same* successor (Supabase), which makes the retry idempotent.

Story: the ``rotation`` user for a week on a flaky mobile network: 5% of the server's answers
never arrive (``response_loss=0.05``). After ``timeout`` (10 s) the app retries the refresh
with the token it still has. The policy rotates with family revocation and no grace.

Expected outcome: nearly every lost refresh answer costs the user a false logout
(``false_logouts`` > 0, each with ``cause`` ``reused``); with ``--set grace_interval=30`` the
retry (10 s later) is forgiven and no logout is caused by reuse any more (with seed 7 one
logout remains, cause ``lost``: both the refresh answer and the retry's answer were lost); adding
``--set grace_successor=same`` also avoids forking the family (the retry receives the token the
server had already issued).
"""

from __future__ import annotations

from simtoken.config.run import RunConfig
from simtoken.policy.model import Policy
from simtoken.scenarios.base import Scenario

__all__ = ["LOST_RESPONSE"]

LOST_RESPONSE = Scenario(
    name="lost-response",
    summary="A rotated refresh token's answer is lost; the client's retry looks like reuse",
    description=__doc__ or "",
    defaults=RunConfig(
        policy=Policy(rotation=True, reuse_detection="family", refresh_token_lifetime=7 * 86_400),
        horizon=7 * 86_400.0,
        response_loss=0.05,
    ),
)
