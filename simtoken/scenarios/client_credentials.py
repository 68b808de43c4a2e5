"""``client-credentials``: a background worker with no user, and no refresh token either.

Covers: the client-credentials grant (RFC 6749 §4.4): a confidential client authenticates with
its own secret (``client_secret_basic``, §2.3.1) and gets an access token whose ``sub`` is the
client itself (RFC 9068 §2.2) and **no refresh token** (§4.4.3); scopes on such a token; the
difference from ``background``, where a worker acts *for a user* with an ``offline_access``
refresh token.

Story: a sync worker (``worker-1``) calls its API every minute around the clock for a day,
reading and writing (``operations=read,write``): a cron job, no person anywhere. Before a call
it asks the token endpoint for a new access token when its 5-minute token is within a minute of
expiry (counted from when it asked). Nothing is ever refreshed: when the token is due the
worker simply authenticates again. Its secret, not a refresh token, is its long-lived
credential; it never expires on its own, so no operator is ever called, and it must be kept on
the server and rotated by hand.

Expected outcome: with AT the access-token lifetime (300 s), m = min(``refresh_margin``, AT/2)
(60 s) and P = ``worker_interval`` (60 s), the worker asks again every R = ⌈(AT - m) / P⌉ · P
seconds (240 s), so over the horizon H (1 day) it makes H / P = 1440 calls, all accepted
(``api_calls`` 1440, ``victim_availability`` 1.0) and ⌈H / R⌉ = 360 client-credentials requests,
each answered with one access token (``sub`` ``worker-1``, ``scope``
``api.example:read api.example:write``) and no refresh token: ``refreshes`` 0, no
``issued`` refresh token, ``victim_logins`` 0, ``as_load_per_h`` = 360 / 24 = 15.0.
"""

from __future__ import annotations

from simtoken.config.run import RunConfig
from simtoken.scenarios.base import Scenario

__all__ = ["CLIENT_CREDENTIALS"]

CLIENT_CREDENTIALS = Scenario(
    name="client-credentials",
    summary="A worker with no user: client credentials every 4 minutes, never a refresh token",
    description=__doc__ or "",
    defaults=RunConfig(
        clients=0,
        workers=1,
        operations=("read", "write"),
        client_operations=("read", "write"),
    ),
)
