"""``mobile``: a phone app used in short bursts, offline for hours, sometimes killed mid-refresh.

Covers: the mobile use case where re-login hurts: short sessions separated by long gaps, the
refresh token's idle lifetime (RFC 9700 §4.14.2: refresh tokens SHOULD expire if unused; Okta
7 days, Keycloak 30 minutes), and an app killed by the OS after sending a refresh but before
storing the answer (the refresh answer is lost, failure mode F6).

Story: for two weeks a user opens the app for about ten minutes at a time, about every eight
hours; sometimes she does not open it for a day or more. 3% of answers never reach the app
(killed in the background, a dead spot). The policy rotates with family revocation and no
grace, with a 30-day absolute and a one-day idle lifetime.

Expected outcome: two kinds of re-login: *natural* ones when a gap exceeds the one-day idle
lifetime (cause ``idle_expired``, not false logouts) and *false* ones when a killed refresh is
retried with the retired token (cause ``reused``). ``--set grace_interval=30`` removes the
second kind; ``--set refresh_token_idle_lifetime=604800`` (Okta's 7 days) nearly removes the
first.
"""

from __future__ import annotations

from simtoken.config.run import RunConfig
from simtoken.policy.model import Policy
from simtoken.scenarios.base import Scenario

__all__ = ["MOBILE"]

MOBILE = Scenario(
    name="mobile",
    summary="Short sessions, long gaps, killed refreshes: idle expiry and false logouts",
    description=__doc__ or "",
    defaults=RunConfig(
        policy=Policy(
            rotation=True,
            reuse_detection="family",
            refresh_token_lifetime=30 * 86_400,
            refresh_token_idle_lifetime=86_400,
        ),
        horizon=14 * 86_400.0,
        active_period=600.0,
        idle_period=8 * 3600.0,
        request_interval=30.0,
        response_loss=0.03,
    ),
)
