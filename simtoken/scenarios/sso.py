"""``sso``: one login, two APIs, and access tokens that each work at one API only.

Covers: single sign-on across several resource servers, audience-restricted access tokens
(RFC 9700 §2.3 and §4.10.2: ATs SHOULD be restricted to one resource server), RFC 8707
resource indicators (the client asks the auth server for a token *for* a given API), and the
``aud`` check at each API (RFC 7519 §4.1.3).

Story: during an eight-hour working day a user reads mail and checks the calendar, two APIs
with audiences ``https://mail.example`` and ``https://calendar.example``. She logs in once; the
login returns a refresh token and an access token for the first API she calls; the first call
to the other API makes the client refresh *with that audience*, which gives a second access
token, no second login. At noon, the mail service, which sees her mail token on every call,
replays a still-valid one at the calendar API, as a compromised or confused service might.

Expected outcome: ``victim_logins`` is 0 and ``victim_availability`` is 1.0 for both APIs; every
access token names exactly one audience; the mail service's replay at the calendar API is
rejected with reason ``wrong_audience``, although its signature, type and expiry were all
valid: without the ``aud`` check the calendar API would have accepted it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from simtoken.actors.network import ActorProcess
from simtoken.config.run import RunConfig
from simtoken.scenarios.base import Scenario

if TYPE_CHECKING:
    from simtoken.world import World

__all__ = ["SSO"]

MAIL = "https://mail.example"
CALENDAR = "https://calendar.example"


def _replay_mail_token_at_calendar(world: World) -> None:
    """From mid-day on, the mail service replays the user's first still-valid mail token."""
    world.looks_up_tokens = True  # presents a token it finds in the recorded events
    audiences = world.config.audiences
    if len(audiences) < 2 or not world.clients:
        return
    first, second = audiences[0], audiences[1]
    victim = world.clients[0].name
    mail, calendar = world.resource_servers[first].name, world.resource_servers[second].name
    env = world.env

    def replay() -> ActorProcess:
        yield env.timeout(world.config.horizon / 2)
        while True:
            issued = world.latest_issued(holder=victim, audience=first)
            if issued is not None and issued.expires > env.now + 1:
                break
            yield env.timeout(30.0)
        yield from world.network.request(mail, calendar, "api", issued.token, note="replayed token")

    env.process(replay())


SSO = Scenario(
    name="sso",
    summary="One login, two APIs with different audiences; a token for one is refused by the other",
    description=__doc__ or "",
    defaults=RunConfig(
        horizon=8 * 3600.0,
        audiences=(MAIL, CALENDAR),
        active_period=3600.0,
        idle_period=1800.0,
    ),
    setup=_replay_mail_token_at_calendar,
)
