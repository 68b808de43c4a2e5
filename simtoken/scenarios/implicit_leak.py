"""``implicit-leak``: the implicit grant leaves the access token in the browser's history.

Covers: why the implicit grant is deprecated (RFC 9700 §2.1.2; OAuth 2.1 removes it): with
``response_type=token`` (RFC 6749 §4.2) the access token comes back in the redirect's URL
fragment, so it passes through the address bar and stays in the browser history (RFC 9700
§4.3.2), where anything that reads the history finds a working bearer token. The
authorization-code flow leaves only a code there: single-use, short-lived, and bound to a PKCE
verifier the history does not hold.

Story: a user logs in to an old single-page app that still uses the implicit grant
(``login_flow=implicit``, on an auth server that allows it, ``allow_implicit=true``); it renews
its token silently (``prompt=none`` in a hidden iframe, which the history does not record). Half
a minute after the login a browser extension with access to the history (or someone at a shared
computer) reads it. Then ``--set login_flow=code`` (S256 PKCE), or ``--set allow_implicit=false``.

Expected outcome: (AT is the access-token lifetime, 5 min; t the reading, 30 s) the token
of the login, minted with ``iat`` 0, is taken at t and works until its ``exp``:
``attacker_access_s`` = AT - t = 270 s; there is no refresh token to take (RFC 6749 §4.2.2):
``attacker_refresh_s`` 0. With ``login_flow=code`` the history holds the code instead; its
replay (no verifier) is refused as ``pkce_missing`` and revokes nothing: ``attacker_access_s`` 0.
With ``allow_implicit=false`` the auth server refuses ``response_type=token``
(``unsupported_response_type``): nothing leaks, and nothing works until the app moves to the
code flow.
"""

from __future__ import annotations

from simtoken.config.run import RunConfig
from simtoken.policy.model import Policy
from simtoken.scenarios.base import Scenario

__all__ = ["IMPLICIT_LEAK"]

IMPLICIT_LEAK = Scenario(
    name="implicit-leak",
    summary="The implicit grant leaves its access token in the browser history; a code does not",
    description=__doc__ or "",
    defaults=RunConfig(
        policy=Policy(allow_implicit=True),
        horizon=3600.0,
        login_flow="implicit",
        flow_attack="implicit_leak",
        theft_at=30.0,
    ),
)
