"""``redirect-uri``: a crafted redirect URI passes loose matching and the code goes elsewhere.

Covers: redirect-URI validation at the authorization endpoint (RFC 9700 §4.1.1, §4.1.3): with
loose (``prefix``) matching an address that merely *starts* with the registered one passes; a
browser resolves ``/callback/../out`` to another path (RFC 3986 §5.2.4), here the web app's open
redirector (RFC 9700 §4.11.1), which sends the authorization response on to the attacker. Exact
string matching (RFC 9700 §2.1) refuses the request, and an authorization server MUST NOT
redirect to an unverified URI (RFC 6749 §4.1.2.1), so no code leaves.

Story: a user is signed in to a web app (``login_flow=code`` with S256 PKCE). An hour later she
clicks a link in an e-mail: the auth server's real authorization endpoint, for her app, with
``redirect_uri=https://app.example/callback/../out?to=https://attacker.example/collect``. Her
browser rides her IdP session (no password asked), the auth server, which matches redirect
URIs by prefix (``redirect_uri_matching=prefix``), issues a code for *her* account and
redirects to the crafted address, the app's ``/out`` redirector forwards it to the attacker,
and the attacker redeems it with that same ``redirect_uri``. PKCE does not help: the attacker
wrote the request, so it chose the challenge and holds the verifier (RFC 9700 requires both
exact matching and PKCE because each stops different attacks).
Then ``--set redirect_uri_matching=exact``.

Expected outcome: (t is the time of the click, 1 h; RT the refresh token's absolute lifetime,
1 day; AT the access token's, 5 min; a one-way latency is 0.05 s) with ``prefix`` the attacker
holds the victim's tokens from t + 0.15 s, with a refresh token of its own grant:
``attacker_refresh_s`` = RT - 0.15 s (it expires a full RT after the attacker's redemption,
within the two-day horizon), RT - 0.15 s ≤ ``attacker_access_s`` ≤ RT + AT, and nothing ever
detects it (``detection_latency_s`` None). With ``exact`` the request is refused as
``unregistered_redirect_uri`` and the attacker gets nothing (``attacker_access_s`` 0). With
``client_type=confidential`` the code still leaks but is worthless: the attacker cannot
authenticate as the app (``invalid_client``).
"""

from __future__ import annotations

from simtoken.config.run import RunConfig
from simtoken.policy.model import Policy
from simtoken.scenarios.base import Scenario

__all__ = ["REDIRECT_URI"]

REDIRECT_URI = Scenario(
    name="redirect-uri",
    summary="A crafted redirect_uri passes prefix matching; the code reaches the attacker",
    description=__doc__ or "",
    defaults=RunConfig(
        policy=Policy(redirect_uri_matching="prefix"),
        horizon=2 * 86_400.0,
        login_flow="code",
        flow_attack="redirect_uri",
        theft_at=3600.0,
    ),
)
