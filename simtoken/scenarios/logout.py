"""``logout``: the user logs out, and a copy of her access token keeps working anyway.

Covers: failure mode F4 and learning objective LO8: revoking a session (logout, RFC 7009
revocation) stops its refresh tokens at once, but a self-contained JWT access token is checked
locally by the API and stays valid until ``exp`` (RFC 7009 §3; Keycloak "sign out all
sessions does not revoke outstanding access tokens"; FusionAuth "working as designed"). The
remedies are on the API side: a ``jti`` denylist, or token introspection (RFC 7662), whose
cache TTL adds back part of the window. Reports ``residual_access_s``.

Story: the user works for an hour and logs out (``logout_at=3600``); the app sends its refresh
token to the auth server's logout endpoint and forgets every token. A copy of her last access
token (left in a log file, a proxy, another tab) is presented to the API every 20 seconds
after the logout by ``leaked-copy``.

Expected outcome: with ``validation=local`` (the default) the copy is accepted until the
token's ``exp``: ``residual_access_s`` is the token's remaining lifetime at logout (at most
``access_token_lifetime``); with ``--set validation=denylist`` it is refused at once (reason
``revoked``, ``residual_access_s`` 0); with ``--set validation=introspection --set
introspection_cache_ttl=60`` it works until the API's cached "active" answer expires (at most
60 s). With ``--set revoke_on_logout=false`` (Auth0's offline refresh tokens, simplejwt without
its blacklist app) the logout revokes nothing, and the refresh token would still work.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from simtoken.actors.network import ActorProcess
from simtoken.config.run import RunConfig
from simtoken.names import DEFAULT_AUDIENCE
from simtoken.scenarios.base import Scenario

if TYPE_CHECKING:
    from simtoken.world import World

__all__ = ["LOGOUT"]


def _leaked_copy(world: World) -> None:
    world.looks_up_tokens = True  # presents a token it finds in the recorded events
    cfg = world.config
    if not world.clients or cfg.logout_at <= 0:
        return
    victim = world.clients[0].name
    audience = cfg.audiences[0]
    api = world.resource_servers[audience].name
    env = world.env

    def use_copy() -> ActorProcess:
        yield env.timeout(cfg.logout_at + 1.0)
        issued = world.latest_issued(holder=victim, audience=audience)
        if issued is None:
            return
        while True:
            yield from world.network.request("leaked-copy", api, "api", issued.token)
            yield env.timeout(20.0)

    env.process(use_copy())


LOGOUT = Scenario(
    name="logout",
    summary="After logout a copy of the access token still works until exp, unless APIs check",
    description=__doc__ or "",
    defaults=RunConfig(
        horizon=3600.0 + 600.0,
        logout_at=3600.0,
        active_period=86_400.0,
        idle_period=0.0,
        audiences=(DEFAULT_AUDIENCE,),
    ),
    setup=_leaked_copy,
)
