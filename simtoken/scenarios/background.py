"""``background``: an unattended worker refreshing its tokens for a month.

Covers: the background-process use case: a job (a sync worker, a CI agent) that holds a
refresh token and runs for weeks without a human. Every "login" here is an operator
re-provisioning credentials, which is why the refresh token's absolute lifetime, and whether
rotation extends it, decide the operator's workload. (A worker that acts for itself rather than
for a user needs no refresh token at all: see ``client-credentials``.)

Story: a worker calls its API every five minutes around the clock for 30 days. It refreshes
proactively a minute before each 5-minute access token expires. The auth server rotates refresh
tokens (family revocation, no grace) with a 7-day absolute lifetime kept across rotations.

Expected outcome: the operator must re-provision the worker every 7 days: ``victim_logins`` 4
in 30 days, each with cause ``expired``, none of them false logouts; the worker's calls all
succeed; the auth server answers about 7 requests an hour. With ``--set extend_on_rotate=true``
the worker never needs the operator again (``victim_logins`` 0), at the price of a credential
that never ends (see ``sliding-lifetime``).
"""

from __future__ import annotations

from simtoken.config.run import RunConfig
from simtoken.policy.model import Policy
from simtoken.scenarios.base import Scenario

__all__ = ["BACKGROUND"]

BACKGROUND = Scenario(
    name="background",
    summary="An unattended worker refreshes for 30 days; each absolute expiry needs an operator",
    description=__doc__ or "",
    defaults=RunConfig(
        policy=Policy(rotation=True, reuse_detection="family", refresh_token_lifetime=7 * 86_400),
        horizon=30 * 86_400.0,
        request_interval=300.0,
        active_period=365 * 86_400.0,
        idle_period=0.0,
        refresh="proactive",
    ),
)
