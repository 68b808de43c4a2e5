"""``reuse-detection``: a retired refresh token comes back, and the whole family dies at once.

Covers: reuse detection (RFC 6749 §10.4, RFC 6819 §5.2.2.3, RFC 9700 §4.14.2): the auth server
keeps rotated refresh tokens on file, and when one is presented again it cannot tell who is
the legitimate holder, so it revokes the family (the active token and the grant) at the same
instant. Also what that costs the user: a forced re-login.

Story: the ``rotation`` user, on a policy with rotation and family revocation. At mid-morning
(sim 10:00) an old copy of the app (a restored phone backup, a second device that missed the
rotations) presents the *first* refresh token of the user's session, retired hours ago.

Expected outcome: one ``reuse_detected`` event naming the replayed (generation 0) token and its
presenter ``stale-copy``, and a ``revoked`` event for the same family at the same instant; the
user's next refresh is refused (``revoked``) and the user logs in again, so ``victim_logins``
is at least 1 and ``reuse_detections`` and ``family_revocations`` are exactly 1. The re-login is
not a false logout: someone other than the user's own app presented the token. With
``--set reuse_detection=none`` the replay is merely refused and the user never notices; with
``--set reuse_detection=user`` every session of the user is revoked (Keycloak-like).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from simtoken.config.run import RunConfig
from simtoken.names import ISSUER
from simtoken.policy.model import Policy
from simtoken.scenarios.base import Scenario

if TYPE_CHECKING:
    from simtoken.world import World

__all__ = ["REUSE_DETECTION"]

REPLAY_AT = 10 * 3600.0


def _replay_first_refresh_token(world: World) -> None:
    world.looks_up_tokens = True  # presents a token it finds in the recorded events
    victim = world.clients[0].name if world.clients else ""

    def first_refresh_token() -> str | None:
        issued = world.first_issued(holder=victim, audience=ISSUER)
        return None if issued is None else issued.token

    if victim and world.config.horizon > REPLAY_AT:
        world.present(
            first_refresh_token,
            at=REPLAY_AT,
            to=world.auth_server.name,
            actor="stale-copy",
            endpoint="refresh",
            note="replayed token",
        )


REUSE_DETECTION = Scenario(
    name="reuse-detection",
    summary="A retired refresh token is replayed: the family is revoked at that instant",
    description=__doc__ or "",
    defaults=RunConfig(
        policy=Policy(rotation=True, reuse_detection="family"),
        horizon=86_400.0,
    ),
    setup=_replay_first_refresh_token,
)
