"""``code-interception``: another app on the phone catches the code; PKCE makes it worthless.

Covers: the authorization-code interception attack that PKCE was written against (RFC 7636 §1):
a native app receives its authorization response through a private-use URI scheme
(``com.example.app:/callback``, RFC 8252 §7.1), and any other app may register the same scheme,
in which case the operating system may deliver the response to either (RFC 8252 §8.1); a public
client's ``client_id`` is no secret, so whoever holds the code can redeem it. Also: a code is
single-use, and a second redemption revokes what the first one got (RFC 6749 §4.1.2).

Story: a user installs a malicious app that registered ``com.example.app`` too, then opens the
real app (``app_kind=native``, ``login_flow=code``) and logs in. The operating system hands the
authorization response to the malicious app (the simulator's worst case); it redeems the code at
once as the real app, then passes the response on, so that the user notices nothing. The real
app here sends no PKCE challenge (``pkce=none``); then ``--set pkce=S256``.

Expected outcome: (AT is the access-token lifetime, 5 min; a one-way latency is 0.05 s)
without PKCE the attacker redeems first and holds an access token from 0.15 s (three hops after
the login starts): ``attacker_access_s`` = AT - 0.15 s = 299.85 s. The real app's redemption
0.1 s later finds the code used (``code_reused``), and the auth server revokes the attacker's
grant: ``attacker_refresh_s`` = 0.1 s, ``detection_latency_s`` = 0.15 s (from the interception at
0.1 s), and a local-validation API keeps accepting the attacker's access token until it expires
(``residual_access_s`` = AT - 0.25 s). The user logs in once more (``victim_logins`` 1, reason
``login_failed``, cause ``code_reused``). With ``pkce=S256`` the attacker's redemption is refused
(``pkce_missing``): ``attacker_access_s`` 0, no revocation, ``victim_logins`` 0. With
``app_kind=web`` nothing is intercepted (no app can claim the web app's https address). A
confidential app (``client_type=confidential``, a backend holding a secret) is safe too: the
malicious app cannot authenticate as it (``invalid_client``, RFC 6749 §4.1.3); PKCE is what
protects a public client, which has no secret.
"""

from __future__ import annotations

from simtoken.config.run import RunConfig
from simtoken.scenarios.base import Scenario

__all__ = ["CODE_INTERCEPTION"]

CODE_INTERCEPTION = Scenario(
    name="code-interception",
    summary="A malicious app catches a native app's code; PKCE (S256) makes it worthless",
    description=__doc__ or "",
    defaults=RunConfig(
        horizon=2 * 3600.0,
        login_flow="code",
        app_kind="native",
        pkce="none",
        flow_attack="code_interception",
        theft_at=0.0,
    ),
)
