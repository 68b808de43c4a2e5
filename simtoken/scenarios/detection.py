"""``detection``, ``detection-careful-attacker`` and ``remediation``: catching a thief by context.

Covers: request context (IP, ASN, geo-IP location, User-Agent, Accept-Language) and a
stolen-session detector at the auth server that scores impossible travel, User-Agent and ASN
changes inside a token family, a refresh rate above the family's normal and concurrent use
(OWASP Session Management Cheat Sheet, "Session Attacks Detection"; OWASP Cookie Theft
Mitigation Cheat Sheet); its true and false positives against honest noise (mobile IP churn,
Wi-Fi and mobile data, VPNs, trips, a browser update: :mod:`simtoken.actors.contexts`); the
difference between detecting a theft and remediating it.

Story: in ``detection`` three users, each on a phone, use their apps for two days; access
tokens live 15 minutes, refresh tokens a week and do not rotate (RFC 9700 §4.14.2 allows
sender-constraining instead; here neither, failure mode F1). After six hours, XSS copies the first
user's tokens to a careless attacker, who refreshes from a server in another country with
another browser. The detector logs an alert (``detector_action=log``) for every refresh whose
signals weigh 2 or more (``detector_threshold``). ``detection-careful-attacker`` is the same
run with a careful attacker: a residential proxy in the victim's city on the victim's ISP, with
the victim's User-Agent and language.

In ``remediation`` one user for a day, the same tokens, and a *persistent* XSS (stored in
the application, it re-reads the tokens every ``resteal_interval``) from the first hour on; a
careless attacker. The detector revokes every family it flags (``detector_action=revoke``);
the user logs in again, the script hands the new family over, and the thief is back: revocation
without remediation. With ``--set detector_action=remediate`` the first alert also removes the
script and revokes all of the user's sessions (an operator does the same at ``remediation_at``).

Expected outcome: a careless thief is flagged on every refresh it sends after the theft
(``detection_rate`` = 1.0): its User-Agent is never the family's first (weight 2 = the
threshold), and after a victim's request a change of country and network adds 3 + 1. The
false positives are the victim's own refreshes after the thief's (the journey back) and honest
noise (a VPN is an impossible journey and an ASN change: 3 + 1). At the same threshold a
careful thief, with the victim's User-Agent and a proxy in the victim's city, is flagged only
when the victim was just on another network or abroad (an ASN change with a quick refresh or an
impossible journey): a few per cent of its refreshes. ``log`` stops nobody:
``attacker_refresh_s`` = horizon - theft time in both. ``remediation`` with ``revoke`` detects
at once (``detection_latency_s`` = one latency: the attacker's first refresh) yet the family
count grows with every re-login of the user: ``stolen_families`` = ``victim_logins`` + 1; with
``remediate`` ``stolen_families`` is 1 and the attacker's access ends at the first alert. The
tests pin the exact numbers of seeded runs.
"""

from __future__ import annotations

from dataclasses import replace

from simtoken.config.run import RunConfig
from simtoken.policy.model import Policy
from simtoken.scenarios.base import Scenario

__all__ = ["DETECTION", "DETECTION_CAREFUL", "REMEDIATION"]

_DAY = 86_400.0
_WEEK_RT = Policy(access_token_lifetime=900, refresh_token_lifetime=7 * 86_400)

_DETECTION = RunConfig(
    policy=_WEEK_RT,
    clients=3,
    horizon=2 * _DAY,
    request_interval=1200.0,
    theft_vector="xss",
    theft_at=6 * 3600.0,
    attacker_interval=1200.0,
    detector_action="log",
    detector_threshold=2.0,
)

DETECTION = Scenario(
    name="detection",
    summary="A detector scores request contexts: a careless thief stands out, with honest noise",
    description=__doc__ or "",
    defaults=_DETECTION,
)

DETECTION_CAREFUL = Scenario(
    name="detection-careful-attacker",
    summary="The same detector against a careful thief (a proxy near the victim, its browser)",
    description=__doc__ or "",
    defaults=replace(_DETECTION, attacker_context="careful"),
)

REMEDIATION = Scenario(
    name="remediation",
    summary="Persistent XSS: revoking each flagged family loses the next; remediation ends it",
    description=__doc__ or "",
    defaults=RunConfig(
        policy=_WEEK_RT,
        horizon=_DAY,
        theft_vector="persistent_xss",
        theft_at=3600.0,
        detector_action="revoke",
        detector_threshold=4.0,
    ),
)
