"""``single-logout``: the user logs out of one of two apps; each logout kind reaches further.

Covers: single logout (OpenID Connect RP-Initiated Logout 1.0 §2, Front-Channel Logout 1.0 §3
and §4.1, Back-Channel Logout 1.0 §2.4 to §2.8): app-local logout versus ending the IdP
session, front-channel iframes that third-party cookie blocking defeats, signed Logout Tokens
sent server to server; refresh tokens bound to the IdP session (``revoke_on_idp_logout``,
Keycloak) or outliving it as ``offline_access`` tokens (OpenID Connect Core §11, Auth0); access
tokens that no logout reaches under local validation (RFC 7009 §3). Reports
``residual_access_by_app`` and ``residual_refresh_by_app``.

Story: a user works in her mail app (A, ``client-1.app-1``) and her calendar app (B,
``client-1.app-2``), signed in once (B silently). At L = 1 h she logs out of the mail app;
``logout_kind`` says how far that reaches (default ``backchannel``). The calendar stays open
and in use. Ten minutes later (R = L + 10 min) she comes back to the mail app once. The
refresh tokens are ``offline_access`` tokens here (``revoke_on_idp_logout=false``); the run
ends at H = L + 30 min.

Expected outcome: with λ the one-way latency (0.05 s), ATL(X) the remaining lifetime at L of
app X's last access token issued before L (at most 5 min), and local validation, each app's
residues (access, refresh) are:

``app``: B (H - L, H - L): it keeps refreshing, its refresh token outlives the run. A's refresh
token is revoked at L + λ, but the IdP session lives, so at R A is signed back in silently
(``silent_sign_ins`` 2, ``victim_logins`` 0): A (R + AT - L, H - L), AT the access token's
lifetime (5 min): the token A got at R.

``idp``: the IdP session ends at L + λ; nobody tells B, which keeps refreshing: B (H - L,
H - L), A (ATL(A), λ); at R the user types her password again (``victim_logins`` 1). With
``--set revoke_on_idp_logout=true`` (Keycloak) B (ATL(B), λ): its next refresh fails and it
asks for the password too.

``frontchannel``: with third-party cookies blocked (the default) B's iframe is refused
(``storage_partitioned``): as ``idp``. With ``--set block_third_party_cookies=false`` B takes
the notice at L + 3λ: B (ATL(B), 4λ).

``backchannel`` (the default): B takes the Logout Token at L + 2λ, logs out, and its refresh
token is revoked at L + 3λ: B (ATL(B), 3λ), A (ATL(A), λ), ``victim_logins`` 1. Under ``--set
validation=denylist`` an app whose grant is revoked has its access residue equal to its
refresh residue.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from simtoken.actors.network import ActorProcess
from simtoken.config.run import RunConfig
from simtoken.names import user_apps
from simtoken.policy.model import Policy
from simtoken.scenarios.base import Scenario
from simtoken.scenarios.sso import CALENDAR, MAIL

if TYPE_CHECKING:
    from simtoken.world import World

__all__ = ["RETURN_AFTER", "SINGLE_LOGOUT"]

RETURN_AFTER = 600.0
"""Seconds after the logout at which the user comes back to the app she logged out of, once."""


def _come_back(world: World) -> None:
    """At logout_at + 10 min each user opens the app she logged out of and reads it once."""
    cfg = world.config
    if cfg.logout_at <= 0 or cfg.logout_at + RETURN_AFTER >= cfg.horizon:
        return
    first = {user_apps(i, cfg.apps)[0] for i in range(1, cfg.clients + 1)}
    for client in world.clients:
        app = client.name.partition(".tab-")[0]
        if app in first and (cfg.tabs == 1 or client.name.endswith(f".tab-{cfg.tabs}")):
            world.env.process(_read_once(world, client.name))


def _read_once(world: World, name: str) -> ActorProcess:
    client = next(c for c in world.clients if c.name == name)
    yield world.env.timeout(world.config.logout_at + RETURN_AFTER)
    yield from client.call(next(iter(client.resource_servers)))


SINGLE_LOGOUT = Scenario(
    name="single-logout",
    summary="The user logs out of one of two apps; what each logout kind leaves working",
    description=__doc__ or "",
    defaults=RunConfig(
        policy=Policy(revoke_on_idp_logout=False),
        horizon=3600.0 + 1800.0,
        logout_at=3600.0,
        active_period=86_400.0,
        idle_period=0.0,
        audiences=(MAIL, CALENDAR),
        apps=2,
        login_flow="code",
        logout_kind="backchannel",
    ),
    setup=_come_back,
)
