"""``grace-interval``: which replays a grace interval forgives, and which it still catches.

Covers: the reuse grace interval (Auth0 "rotation overlap period", Okta's 30-second grace
period, Supabase's reuse interval, Cognito's retry grace): only the *immediate predecessor* of
the active refresh token may be replayed, and only within ``grace_interval`` seconds of its
rotation; what such a replay returns (``grace_successor``: a new successor, which forks the
family as in nightscout/nocturne#326, or the successor already issued, Supabase's fix); and
that older generations are never forgiven (the django-oauth-toolkit#1617 bug).

Story: the ``rotation`` user on a policy with a 30-second grace interval. 5 seconds after the
app's first refresh past the first hour (with seed 7 at 6 h 20 min: the user is idle before),
a second copy of the app (``retry``) presents the refresh token the app has just retired, as a
retry after a lost answer would;
10 seconds later it presents the token retired one rotation earlier (``old-copy``).

Expected outcome: the first replay is accepted (inside grace, immediate predecessor) and
answered with a new refresh token: with ``grace_successor=new`` a second live successor (the
family forks), with ``same`` the very token the app already holds; the second replay (an
older generation) is detected at once, the family is revoked at the same instant, and the user
logs in again at the next refresh (``reuse_detections`` 1, ``family_revocations`` 1). With
``--set grace_interval=0`` the first replay is already detected.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from simtoken.actors.network import ActorProcess
from simtoken.config.run import RunConfig
from simtoken.names import ISSUER
from simtoken.policy.model import Policy
from simtoken.record.events import Issued
from simtoken.scenarios.base import Scenario

if TYPE_CHECKING:
    from simtoken.world import World

__all__ = ["GRACE_INTERVAL"]

START = 3600.0


def _replay_predecessors(world: World) -> None:
    world.looks_up_tokens = True  # presents a token it finds in the recorded events
    if not world.clients:
        return
    victim = world.clients[0].name
    env = world.env

    def chain() -> list[Issued]:
        return [
            e
            for e in world.events
            if isinstance(e, Issued) and e.holder == victim and e.audience == ISSUER
        ]

    def replay() -> ActorProcess:
        yield env.timeout(START)
        while len(chain()) < 3 or chain()[-1].t < START:  # wait for a rotation after START
            yield env.timeout(1.0)
        tokens = chain()
        predecessor, older = tokens[-2].token, tokens[-3].token
        yield env.timeout(5.0)
        yield from world.network.request(
            "retry", world.auth_server.name, "refresh", predecessor, {}, "replayed token"
        )
        yield env.timeout(10.0)
        yield from world.network.request(
            "old-copy", world.auth_server.name, "refresh", older, {}, "replayed token"
        )

    env.process(replay())


GRACE_INTERVAL = Scenario(
    name="grace-interval",
    summary="A grace interval forgives the immediate predecessor only, and only briefly",
    description=__doc__ or "",
    defaults=RunConfig(
        policy=Policy(rotation=True, reuse_detection="family", grace_interval=30.0),
        horizon=86_400.0,
    ),
    setup=_replay_predecessors,
)
