"""``rotation``: every refresh swaps the refresh token for a new one, and the family keeps its end.

Covers: refresh-token rotation (RFC 6749 §6, RFC 9700 §4.14.2, OAuth 2.1 §4.3.1), token
families and generations, and the rule that a rotated refresh token keeps the family's original
absolute expiry (Auth0, Okta and Cognito do; the browser-apps BCP says a rotated token MUST NOT
outlive the first one).

Story: the ``refresh`` scenario's user (two days of bursty use, 5-minute access tokens, a
one-day refresh token) on an auth server that rotates: each refresh answer carries a new
refresh token, the presented one is retired, and a replay of a retired one would revoke the
family (``reuse_detection=family``, no grace interval, as Auth0's SPA default).

Expected outcome: every refresh presents the token the previous refresh returned, generation
0, 1, 2, ...; no reuse is ever detected (one client, no copies); every rotated token's ``exp``
equals the family's first ``exp``, so the session still ends a day after login and the user
logs in once more (``victim_logins`` 1), exactly as without rotation. With
``--set extend_on_rotate=true`` the session slides instead (see ``sliding-lifetime``).
"""

from __future__ import annotations

from simtoken.config.run import RunConfig
from simtoken.policy.model import Policy
from simtoken.scenarios.base import Scenario

__all__ = ["ROTATION"]

ROTATION = Scenario(
    name="rotation",
    summary="Each refresh returns a new refresh token; the family keeps its absolute expiry",
    description=__doc__ or "",
    defaults=RunConfig(
        policy=Policy(rotation=True, reuse_detection="family"),
        horizon=2 * 86_400.0,
    ),
)
