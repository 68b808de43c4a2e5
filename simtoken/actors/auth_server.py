"""The auth server: where users log in and where refresh tokens are traded for access tokens.

Think of a hotel front desk. At check-in (``login``) the guest proves who they are and gets a
room key card (the access token, which opens one door for a short time) and a voucher (the
refresh token) to get a new key card at the desk without showing a passport again
(``refresh``). Every login starts a **session** (the token family, or grant): all tokens
minted from that login carry its ``sid``.

Endpoints, as in RFC 6749 §4 to §6:

* ``login`` (params ``user``, optional ``audience`` and ``scope``): always succeeds for a known
  audience; returns an access token for that audience and ``expires_in``, plus a refresh token
  when the scope asks for ``offline_access`` (as Auth0 and Okta require [A-cfg, O-rt]).
* ``refresh`` (token: the refresh token; param ``audience``, an RFC 8707 resource indicator):
  verifies the refresh token (signature, type, ``aud`` = this issuer, absolute expiry) and
  that its session exists, then returns a new access token for the requested audience. The
  refresh token itself is returned unchanged (no rotation yet: RFC 6749 §6 makes a new one
  optional), so it stays valid until its absolute expiry.

Rejections carry a named reason (``expired``, ``wrong_token_type``, ``unknown_session``,
``invalid_target`` ...) and answer 400, the status RFC 6749 §5.2 gives ``invalid_grant``.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

import simpy

from simtoken.actors.network import Message, Response, Server
from simtoken.events import Event, Issued
from simtoken.policy import Policy
from simtoken.tokens import TokenMinter, TokenType
from simtoken.verify import Verifier

__all__ = ["AuthServer", "Session"]


@dataclass(frozen=True)
class Session:
    """What the auth server remembers about one login (one token family)."""

    sid: str
    user: str
    client: str
    started: float


class AuthServer(Server):
    """Logs users in and exchanges refresh tokens for access tokens under a :class:`Policy`."""

    def __init__(
        self,
        env: simpy.Environment,
        name: str,
        record: Callable[[Event], None],
        *,
        policy: Policy,
        minter: TokenMinter,
        audiences: tuple[str, ...],
        rng: random.Random,
    ) -> None:
        super().__init__(env, name, record)
        self.policy = policy
        self.minter = minter
        self.issuer = minter.issuer
        self.audiences = audiences
        self.rng = rng
        self.verifier = Verifier.for_keys(
            [minter.key], self.issuer, minter.clock, leeway=policy.leeway
        )
        self.sessions: dict[str, Session] = {}

    def _new_id(self) -> str:
        return f"{self.rng.getrandbits(64):016x}"

    def _mint(self, token_type: TokenType, session: Session, audience: str, holder: str) -> str:
        lifetime = (
            self.policy.access_token_lifetime
            if token_type is TokenType.ACCESS
            else self.policy.refresh_token_lifetime
        )
        jti = self._new_id()
        token, claims = self.minter.mint(
            token_type,
            subject=session.user,
            audience=audience,
            client_id=session.client,
            session=session.sid,
            jti=jti,
            now=self.env.now,
            lifetime=lifetime,
        )
        expires = self.minter.clock.sim_time(claims["exp"])
        self.record(
            Issued(
                self.env.now,
                self.name,
                token,
                token_type.value,
                holder,
                session.user,
                session.sid,
                audience,
                jti,
                expires,
            )
        )
        return token

    def _audience(self, message: Message) -> str | None:
        audience = message.params.get("audience", self.audiences[0])
        return audience if audience in self.audiences else None

    def handle(self, message: Message) -> Response:
        """Answer a ``login`` or ``refresh`` request (see the module docstring)."""
        if message.endpoint == "login":
            return self._login(message)
        if message.endpoint == "refresh":
            return self._refresh(message)
        return Response(404, "unsupported_endpoint", f"No endpoint {message.endpoint!r}")

    def _login(self, message: Message) -> Response:
        audience = self._audience(message)
        user = message.params.get("user", "")
        if audience is None:
            return Response(
                400, "invalid_target", f"Unknown audience {message.params.get('audience')!r}"
            )
        if not user:
            return Response(400, "invalid_request", "A login needs a user")
        session = Session(self._new_id(), user, message.sender, self.env.now)
        self.sessions[session.sid] = session
        refresh_token = None
        if "offline_access" in message.params.get("scope", "").split():
            refresh_token = self._mint(TokenType.REFRESH, session, self.issuer, message.sender)
        access_token = self._mint(TokenType.ACCESS, session, audience, message.sender)
        return Response(200, body=self._body(access_token, refresh_token))

    def _refresh(self, message: Message) -> Response:
        verdict = self.verifier.check(
            message.token, now=self.env.now, audience=self.issuer, expected_type=TokenType.REFRESH
        )
        if not verdict.accepted:
            assert verdict.reason is not None
            return Response(400, verdict.reason.value, verdict.detail)
        session = self.sessions.get(str(verdict.claims.get("sid")))
        if session is None:
            return Response(400, "unknown_session", "The refresh token's session does not exist")
        audience = self._audience(message)
        if audience is None:
            return Response(
                400, "invalid_target", f"Unknown audience {message.params.get('audience')!r}"
            )
        access_token = self._mint(TokenType.ACCESS, session, audience, message.sender)
        return Response(200, body=self._body(access_token, None))

    def _body(self, access_token: str, refresh_token: str | None) -> dict[str, object]:
        body: dict[str, object] = {
            "access_token": access_token,
            "token_type": "Bearer",
            "expires_in": self.policy.access_token_lifetime,
        }
        if refresh_token is not None:
            body["refresh_token"] = refresh_token
        return body
