"""``sliding-lifetime``: extend-on-rotate lets a session live for ever.

Covers: failure mode F8: when each rotated refresh token gets a fresh full lifetime
(``extend_on_rotate``, as simplejwt does when ``ROTATE_REFRESH_TOKENS`` is on, and Ory Hydra's
refresh handler), a session that is used at least once per lifetime never ends, and neither
does a stolen one that is kept busy. The absolute cap that Auth0, Okta and Cognito keep, and
that the browser-apps BCP requires (a rotated token MUST NOT outlive the first), ends it.

Story: an always-on dashboard refreshes its token all week (a call a minute, no idle time) on
an auth server with rotation and one-day refresh tokens, first with the session's expiry kept
(the default), then with ``--set extend_on_rotate=true``.

Expected outcome: with the expiry kept, the session ends every day and the user logs in again
(``victim_logins`` 6 in 7 days); with ``extend_on_rotate=true`` no login is ever needed again
(``victim_logins`` 0) and the last refresh token expires a day after the last refresh, however
long ago the login was.
"""

from __future__ import annotations

from simtoken.config.run import RunConfig
from simtoken.policy.model import Policy
from simtoken.scenarios.base import Scenario

__all__ = ["SLIDING_LIFETIME"]

SLIDING_LIFETIME = Scenario(
    name="sliding-lifetime",
    summary="A rotated refresh token that gets a fresh lifetime keeps a session alive forever",
    description=__doc__ or "",
    defaults=RunConfig(
        policy=Policy(rotation=True, reuse_detection="family"),
        horizon=7 * 86_400.0,
        active_period=30 * 86_400.0,
        idle_period=0.0,
    ),
)
