"""``dbsc``: Device Bound Session Credentials: a copied session cookie works only until it expires.

Covers: learning objective LO13, device-bound session credentials (W3C WebAppSec "Device Bound
Session Credentials"; OWASP Cookie Theft Mitigation Cheat Sheet) as the cookie-world analogue of
DPoP. A backend-for-frontend keeps the tokens (``storage=cookie_bff``); the browser holds only
the session cookie. With ``dbsc`` that cookie lives ``dbsc_cookie_lifetime`` seconds (10 min)
and the browser renews it at the BFF's refresh endpoint by signing with a key the device will
not export (:mod:`simtoken.actors.dbsc`).

Story: over eight hours a user works in bursts (half an hour on average, then half an hour
away). Two hours in, while she is at the app, an infostealer on her device copies the BFF's
session cookie (``infostealer``: a ``stolen`` event of type ``session_cookie``) and its owner
replays it from their own machine at once and then about every minute (``attacker_interval``;
requests noted ``stolen_cookie``), whether she is at the app or not; the BFF forwards each call
with her access token, refreshing it when needed. With DBSC the copied cookie expires within
ten minutes; the thief's renewal, signed with its own key, is refused and the session is lost
to it, while her own browser renews its cookie all day.

Expected outcome: with ``t`` the theft (2 h), ``H`` the horizon (8 h) and ``L`` the cookie
lifetime (600 s): ``attacker_cookie_s`` ≤ ``L`` (at most the copied cookie's remaining life at
``t``; 0 if she was away long enough for it to have expired already), then one call refused
``session_cookie_invalid`` and the renewal refused: ``dbsc_proof_invalid`` (no device key), or
``session_cookie_invalid`` once her browser has renewed its own cookie and so retired the copied
value; ``attacker_access_s``, ``attacker_refresh_s`` and
``attacker_online_s`` are 0 (it never holds a token, nor rides the page) and
``attacker_cookie_calls`` = ``attacker_api_calls``; the user's availability is 1.0. With
``--set dbsc=false`` the copied cookie lives as long as the BFF session: ``attacker_cookie_s``
≈ ``H - t`` (6 h, up to its last call before the horizon), every call of the thief accepted. With
``--set infostealer=false`` the malware stays on the device and rides the open page instead
(``theft_vector=device``): DBSC does not stop that, the browser renews the cookie for it
(``attacker_online_s`` > 0, the same with or without DBSC).
"""

from __future__ import annotations

from simtoken.config.run import RunConfig
from simtoken.scenarios.base import Scenario

__all__ = ["DBSC"]

DBSC = Scenario(
    name="dbsc",
    summary="DBSC: a session cookie copied off the device works only until its short life ends",
    description=__doc__ or "",
    defaults=RunConfig(
        horizon=8 * 3600.0,
        active_period=1800.0,
        idle_period=1800.0,
        storage="cookie_bff",
        theft_vector="device",
        theft_at=7200.0,
        attacker_interval=60.0,
        infostealer=True,
        dbsc=True,
    ),
)
