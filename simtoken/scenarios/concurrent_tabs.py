"""``concurrent-tabs``: the user's own tabs race to refresh, and strict rotation logs her out.

Covers: the concurrent-refresh race (failure mode F5; Keycloak issue 16081, supabase/auth-js
issue 213, okta-auth-js issue 717, nightscout/nocturne#326): several tabs share one token
storage, wake together, find the access token expired and each refresh with the *same*
refresh token within a few milliseconds. Under rotation with reuse detection and no grace, the
first refresh wins and every other one looks like a replay, so the family is revoked: a false
logout. Two cures: a grace interval, or a client-side single-flight lock so that only one tab
refreshes while the others wait for its answer.

Story: one user with four tabs open for two days; she comes back about every two hours and
every tab calls its API within ``race_window`` (50 ms) of her return, well inside one network
round trip (100 ms), after the 5-minute access token has long expired (tabs also collide now
and then mid-session, when two calls fall within a round trip of an expiry). The policy rotates
with family revocation and no grace (Auth0's SPA default).

Expected outcome: with grace 0 and no lock, most returns end in a reuse detection by one of the
user's own tabs and a false logout (``false_logouts`` > 0, every one of them caused by a tab);
``--set grace_interval=30`` or ``--set single_flight=true`` bring ``false_logouts`` to 0.
False logouts per 100 user-days (seed 7; 10 users x 10 days, HS256, a call per 10 minutes while
active), measured with ``simtoken.analysis.races.false_logout_table``:

====== ======= ======== ====
tabs   grace 0 grace 30 lock
====== ======= ======== ====
2      714     0        0
4      781     0        0
8      801     0        0
====== ======= ======== ====

Nearly every return of the user after an idle period becomes a race and, without a grace
interval or a lock, a forced login: about seven a day.
"""

from __future__ import annotations

from simtoken.config.run import RunConfig
from simtoken.policy.model import Policy
from simtoken.scenarios.base import Scenario

__all__ = ["CONCURRENT_TABS"]

CONCURRENT_TABS = Scenario(
    name="concurrent-tabs",
    summary="Tabs sharing storage refresh at once; strict rotation turns the race into logouts",
    description=__doc__ or "",
    defaults=RunConfig(
        policy=Policy(rotation=True, reuse_detection="family"),
        horizon=2 * 86_400.0,
        tabs=4,
        race_window=0.05,
    ),
)
