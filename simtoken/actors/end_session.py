"""The IdP's logout endpoint: ending the IdP session, and telling the apps that rode it.

An app's own logout (the ``logout`` endpoint, :mod:`simtoken.actors.revocation`) ends that
app's grant; the **IdP session** (:mod:`simtoken.actors.idp`) lives on, and with it single
sign-on: the next app that asks with ``prompt=none`` is signed in without a password. To end
it, the app sends the user's browser to the IdP's ``end_session_endpoint`` (OpenID Connect
RP-Initiated Logout 1.0 §2): an ``end_session`` request from the browser, carrying the session
cookie (``idp_session``) and the ``client_id`` of the app that asks (simtoken mints no ID
token, so there is no ``id_token_hint``). The auth server then, in the same instant:

1. ends the session (an ``idp_logout`` event naming every app that signed in through it), so
   that ``prompt=none`` is refused as ``login_required`` from now on;
2. under the policy's ``revoke_on_idp_logout``, revokes every grant that signed in through
   the session (reason ``idp_logout``): their refresh tokens die at once, their access tokens
   go on the denylist (which only APIs in ``denylist`` mode read);
3. tells every *other* app of the session that registered for it (the app that asked has
   logged itself out already): a **back-channel** app gets a signed Logout Token POSTed to its
   endpoint (``backchannel_logout``, Back-Channel Logout 1.0 §2.5; minted with the server's
   current key, ``jti`` from its own generator ``auth-server/logout``); a **front-channel**
   app is named in the answer, whose logout page the browser shows with one iframe per app
   (Front-Channel Logout 1.0 §3; :mod:`simtoken.actors.single_logout` loads them).

The answer (200) clears the browser's session cookie. An unknown or already ended session
ends nothing and tells nobody; the answer is 200 all the same (the user is logged out). What
the simulator leaves out: the IdP's "do you want to log out?" page (RP-Initiated Logout §2 lets
the IdP ask), ``post_logout_redirect_uri`` and ``state`` (§3), and retries of a lost
back-channel request (a lost Logout Token leaves its app signed in).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

import simpy

from simtoken.actors.grants import Grant
from simtoken.actors.idp import IdpSession, IdpSessions
from simtoken.actors.network import Message, Network, Response
from simtoken.jose.clock import SimClock
from simtoken.jose.logout_token import mint_logout_token
from simtoken.jose.tokens import TokenMinter
from simtoken.policy.model import Policy
from simtoken.record.events import Event, IdpLogout
from simtoken.record.reasons import RevocationReason

__all__ = ["BackChannel", "EndSession"]


@dataclass
class BackChannel:
    """How the auth server reaches the apps' back-channel logout endpoints: its network."""

    network: Network
    rng: random.Random
    """The generator of the Logout Tokens' ``jti`` (purpose ``auth-server/logout``)."""

    def post(self, sender: str, endpoint: str, token: str) -> None:
        """POST ``token`` to ``endpoint`` (one request, one outcome); nobody waits for it."""
        self.network.env.process(
            self.network.request(sender, endpoint, "backchannel_logout", token)
        )


class EndSession:
    """The ``end_session`` endpoint (mixed into the auth server; see the module docstring)."""

    env: simpy.Environment
    name: str
    issuer: str
    record: Callable[[Event], None]
    policy: Policy
    clock: SimClock
    minter: TokenMinter
    grants: dict[str, Grant]
    idp_sessions: IdpSessions
    revoke: Callable[[Grant, RevocationReason], None]

    def _init_end_session(self) -> None:
        """Nobody registered for logout notices yet, and no back channel is wired."""
        self.logout_endpoints: dict[str, tuple[str, str]] = {}
        """client_id -> (channel, endpoint): how the app asked to be told of a logout
        (``frontchannel`` or ``backchannel``) and the actor that takes the notice."""
        self.back_channel: BackChannel | None = None

    def register_logout(self, client_id: str, channel: str, endpoint: str) -> None:
        """Register an app's ``frontchannel_logout_uri`` or ``backchannel_logout_uri``."""
        self.logout_endpoints[client_id] = (channel, endpoint)

    def _end_session(self, message: Message) -> Response:
        """RP-initiated logout (see the module docstring): 200, clearing the session cookie."""
        client_id = message.params.get("client_id", "")
        now = self.env.now
        session = self.idp_sessions.end(message.params.get("idp_session", ""), now, "logout")
        if session is None:
            return Response(200, body={"ended": False, "frontchannel": ()})
        self.record(
            IdpLogout(
                t=now,
                actor=self.name,
                idp_session=session.sid,
                user=session.user,
                client_id=client_id,
                apps=",".join(session.apps),
            )
        )
        if self.policy.revoke_on_idp_logout:
            for grant in list(self.grants.values()):
                if grant.idp_session == session.sid:
                    self.revoke(grant, RevocationReason.IDP_LOGOUT)
        front = self._notify(session, [a for a in session.apps if a != client_id])
        return Response(200, body={"ended": True, "frontchannel": front, "sid": session.sid})

    def _notify(self, session: IdpSession, apps: list[str]) -> tuple[str, ...]:
        """POST a Logout Token to each back-channel app; the front-channel apps' endpoints."""
        front: list[str] = []
        for app in apps:
            channel, endpoint = self.logout_endpoints.get(app, ("", ""))
            if channel == "frontchannel":
                front.append(endpoint)
            elif channel == "backchannel" and self.back_channel is not None:
                token = mint_logout_token(
                    self.minter.key,
                    issuer=self.issuer,
                    audience=app,
                    subject=session.user,
                    sid=session.sid,
                    jti=f"{self.back_channel.rng.getrandbits(64):016x}",
                    iat=self.clock.numeric_date(self.env.now),
                )
                self.back_channel.post(self.name, endpoint, token)
        return tuple(front)
