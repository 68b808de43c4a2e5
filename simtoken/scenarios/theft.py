"""``theft`` and its variants: what a stolen token is worth under a policy.

Each variant is a failure mode of ``docs/failure-modes.md`` (F1 to F4, F8) with its
expected outcome written as a formula of the policy numbers; ``t`` is the theft time (1 h),
``AT`` the access-token lifetime (5 min), ``RT`` the refresh token's absolute lifetime (1 day,
counted from the login at 0). The tests check the simulator against these formulas.

* ``theft`` / ``theft-f1``: **bearer refresh-token theft, no rotation** (F1). XSS copies both
  tokens from web storage; the attacker uses them at once and refreshes whenever needed. Both
  parties refresh freely; nothing is detected. Expected: ``attacker_access_s`` ≈ RT - t + AT,
  ``attacker_refresh_s`` = RT - t, ``detection_latency_s`` None.
* ``theft-f2``: **rotation with reuse detection: who refreshes next** (F2). Same theft; the
  attacker refreshes first, so the victim's next refresh presents a retired token: reuse is
  detected, the family revoked. Expected: ``detection_latency_s`` ≈ the victim's time to its
  next refresh (at most an active gap plus AT); the attacker's access ends at most one AT after
  detection (local validation): ``attacker_access_s`` ≤ ``detection_latency_s`` + AT.
* ``theft-f3``: **persistent theft, victim goes offline: rotation defeated** (F3). A persistent
  XSS re-reads the newest tokens every 10 s and waits; the user closes the app for good an hour
  after the theft, and the attacker then refreshes on its own. The victim never presents a
  stale token, so nothing is ever detected. Expected: ``detection_latency_s`` None and
  ``attacker_refresh_s`` ≈ RT - t (the absolute cap, not extended by rotation, is the only
  limit). With ``--set storage=cookie_bff`` (a backend-for-frontend) the attacker gets no token
  at all (``attacker_access_s`` 0): it can only ride the open page until the user closes it.
* ``theft-f3b``: **the attacker runs a new flow** (F3b). Instead of copying tokens, the script
  starts its own silent authorization flow in a hidden iframe and receives an independent token
  family. Rotation and reuse detection never see it. Expected: ``attacker_refresh_s`` = RT (the
  new family's refresh token lives a full day from the attacker's own login),
  ``detection_latency_s`` None; with ``storage=cookie_bff`` it fails.
* ``theft-f4``: **stolen access token after logout** (F4). A log line leaks the access token;
  the user logs out ten seconds later; the attacker only uses the access token (``quiet``).
  Expected with local validation: ``attacker_access_s`` = the token's remaining lifetime at
  the theft (at most AT) although the session was revoked; with ``--set validation=denylist``
  the access ends at the logout (10 s). With ``--set client_type=confidential --set
  sender_constraint=mtls`` the token is bound to the app's TLS client certificate (RFC 8705
  §3): the attacker, who has none, is refused ``mtls_no_certificate`` and
  ``attacker_access_s`` is 0.
* ``theft-f8``: **sliding lifetime without a cap** (F8). As F3, but rotation extends each
  refresh token's lifetime: the attacker keeps the session alive until the end of the run.
  Expected: ``attacker_refresh_s`` = horizon - (time the attacker got the token).
"""

from __future__ import annotations

from simtoken.config.run import RunConfig
from simtoken.policy.model import Policy
from simtoken.scenarios.base import Scenario

__all__ = ["THEFT_VARIANTS"]

_DAY = 86_400.0
_ROTATING = Policy(rotation=True, reuse_detection="family")
_BASE = RunConfig(horizon=2 * _DAY, theft_vector="xss", theft_at=3600.0)


def _variant(name: str, summary: str, **changes: object) -> Scenario:
    from dataclasses import replace

    return Scenario(
        name=name,
        summary=summary,
        description=__doc__ or "",
        defaults=replace(_BASE, **changes),  # type: ignore[arg-type]
    )


THEFT_VARIANTS = (
    _variant("theft", "XSS steals bearer tokens (no rotation): the attacker refreshes freely"),
    _variant("theft-f1", "F1: bearer refresh-token theft without rotation"),
    _variant(
        "theft-f2",
        "F2: rotation with reuse detection: the victim's next refresh trips detection",
        policy=_ROTATING,
        attacker_strategy="aggressive",
    ),
    _variant(
        "theft-f3",
        "F3: persistent XSS, the victim goes offline: rotation never detects it",
        policy=_ROTATING,
        theft_vector="persistent_xss",
        attacker_strategy="wait_offline",
        victim_stops_at=7200.0,
    ),
    _variant(
        "theft-f3b",
        "F3b: the attacker runs its own silent flow and gets an independent family",
        policy=_ROTATING,
        theft_vector="new_flow",
    ),
    _variant(
        "theft-f4",
        "F4: a leaked access token keeps working after the user logs out",
        theft_vector="log_leak",
        attacker_strategy="quiet",
        logout_at=3610.0,
        active_period=10 * _DAY,
        idle_period=0.0,
    ),
    _variant(
        "theft-f8",
        "F8: sliding refresh-token lifetime: a stolen session lives for ever",
        policy=Policy(rotation=True, reuse_detection="family", extend_on_rotate=True),
        theft_vector="persistent_xss",
        attacker_strategy="wait_offline",
        victim_stops_at=7200.0,
        horizon=4 * _DAY,
    ),
)
