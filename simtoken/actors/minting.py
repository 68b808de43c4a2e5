"""The auth server's minting side: its signing keys, its JWKS, and every token it issues.

Every token the auth server hands out is a JWT it signs (access tokens in the RFC 9068 profile;
refresh tokens are JWTs too, a simulator convention: :mod:`simtoken.jose.tokens`) with a fresh
``jti`` drawn from the server's own generator, and each leaves an ``issued`` event. This mixin gives
:class:`~simtoken.actors.auth_server.AuthServer`:

* **Keys.** Without rotation the server signs with one key and publishes it. With key rotation
  (:class:`~simtoken.jose.keyring.KeySchedule`) it signs with the current key and accepts its
  own refresh tokens signed with any key still published; ``jwks`` (RFC 7517) answers the
  published keys, as an API fetches them. ``keys_used`` remembers every key signed with or
  published, first use first.
* **Refresh tokens.** A login's refresh token lives as long as ``refresh_token_lifetime`` and
  fixes the grant's absolute expiry; a rotated successor keeps that expiry (the absolute cap the
  browser-apps BCP recommends, not extended by rotation) unless ``extend_on_rotate`` gives it a
  full lifetime. Each is recorded in its family with its generation and parent.
* **Access tokens.** Every token answer (RFC 6749 §5.1) carries a new access token for one
  audience, with the grant's (or a narrower) scope downscoped to that API (RFC 8707 §2.2),
  ``expires_in``, and the refresh token if there is one. With DPoP each token carries the
  grant's ``cnf.jkt`` (RFC 9449 §6.1); with mTLS each access token the ``cnf.x5t#S256`` of the
  connection's client certificate (RFC 8705 §3); with a fingerprint each access token its
  grant's ``userFingerprint`` and each answer the cookie (:mod:`simtoken.actors.binding`).
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Callable

import simpy

from simtoken.actors.binding import TokenBinding
from simtoken.actors.grants import Grant, RefreshRecord
from simtoken.actors.network import Message, Response
from simtoken.jose.clock import SimClock
from simtoken.jose.keyring import KeySchedule
from simtoken.jose.keys import SigningKey
from simtoken.jose.scopes import downscope, format_scope, parse_scope
from simtoken.jose.tokens import TokenMinter, TokenType
from simtoken.jose.verify import Verifier
from simtoken.policy.model import Policy
from simtoken.record.events import Event, Issued

__all__ = ["Minting"]


class Minting(TokenBinding):
    """Signing keys, the JWKS and token minting (mixed into the auth server; see above)."""

    env: simpy.Environment
    name: str
    record: Callable[[Event], None]
    policy: Policy
    minter: TokenMinter
    clock: SimClock
    issuer: str
    audiences: tuple[str, ...]
    rng: random.Random
    keys: KeySchedule | None
    weaken: Callable[[Verifier], Verifier] | None
    verifier: Verifier
    keys_used: dict[str, SigningKey]

    # -- keys --------------------------------------------------------------------------------

    def _verifier(self, keys: list[SigningKey]) -> Verifier:
        verifier = Verifier.for_keys(keys, self.issuer, self.clock, self.policy.leeway)
        return verifier if self.weaken is None else self.weaken(verifier)

    def _keys_now(self) -> None:
        """With key rotation: sign with the current key, verify with every published one."""
        assert self.keys is not None
        key = self.keys.signing_key(self.env.now)
        published = list(self.keys.published(self.env.now))
        for used in (key, *published):
            self.keys_used.setdefault(used.kid, used)
        if key != self.minter.key or {k.kid for k in published} != set(self.verifier.keys):
            self.minter = dataclasses.replace(self.minter, key=key)
            self.verifier = self._verifier(published)

    def _jwks(self, message: Message) -> Response:
        """The published JWKS (RFC 7517), as an API fetches it."""
        keys = self.keys.published(self.env.now) if self.keys else [self.minter.key]
        for used in keys:
            self.keys_used.setdefault(used.kid, used)
        return Response(200, body={"keys": [dict(k.public_jwk) for k in keys]})

    # -- minting -----------------------------------------------------------------------------

    def _new_id(self) -> str:
        return f"{self.rng.getrandbits(64):016x}"

    def _mint(
        self,
        token_type: TokenType,
        grant: Grant,
        audience: str,
        holder: str,
        lifetime: int,
        scope: str = "",
    ) -> tuple[str, str, int]:
        jti = self._new_id()
        token, claims = self.minter.mint(
            token_type,
            subject=grant.user,
            audience=audience,
            client_id=grant.client,
            session=grant.sid,
            jti=jti,
            now=self.env.now,
            lifetime=lifetime,
            confirmation=self._confirmation(token_type, grant),
            scope=scope,
            extra=self._bound_claims(token_type, grant),
        )
        exp = int(claims["exp"])
        grant.kids.add(self.minter.key.kid)
        self.record(
            Issued(
                t=self.env.now,
                actor=self.name,
                token=token,
                token_type=token_type.value,
                holder=holder,
                subject=grant.user,
                session=grant.sid,
                audience=audience,
                jti=jti,
                expires=self.clock.sim_time(exp),
                scope=scope,
            )
        )
        return token, jti, exp

    def _refresh_token(
        self, grant: Grant, holder: str, parent: RefreshRecord | None
    ) -> RefreshRecord:
        policy = self.policy
        if parent is None or policy.extend_on_rotate:
            lifetime = policy.refresh_token_lifetime
        else:  # keep the grant's absolute expiry (RFC 9700 / browser-apps BCP: MUST NOT extend)
            lifetime = grant.expires - self.clock.numeric_date(self.env.now)
        token, jti, exp = self._mint(
            TokenType.REFRESH, grant, self.issuer, holder, lifetime, grant.scope
        )
        record = RefreshRecord(jti, token, 0 if parent is None else parent.generation + 1, exp)
        if parent is not None:
            parent.children.append(jti)
        grant.refresh_tokens[jti] = record
        return record

    def _tokens(
        self,
        grant: Grant,
        audience: str,
        holder: str,
        refresh_token: str | None,
        scope: tuple[str, ...] | None = None,
    ) -> Response:
        """A 200 answer with a new access token (and ``refresh_token``, if any).

        The access token carries ``scope`` (default: the grant's) downscoped to ``audience``.
        """
        lifetime = self.policy.access_token_lifetime
        granted = parse_scope(grant.scope) if scope is None else scope
        access_scope = format_scope(downscope(granted, audience, self.audiences))
        token, jti, exp = self._mint(
            TokenType.ACCESS, grant, audience, holder, lifetime, access_scope
        )
        # Only a token unexpired at a revocation goes on the denylist (Revocation.revoke):
        # forget those past it already, or a long run keeps every access token ever minted.
        cutoff = self.clock.numeric_date(self.env.now) - self.policy.leeway
        live = {j: e for j, e in grant.access_tokens.items() if e > cutoff}
        live[jti] = exp
        grant.access_tokens = live
        body: dict[str, object] = {
            "access_token": token,
            "token_type": "Bearer",
            "expires_in": lifetime,
        }
        if access_scope:
            body["scope"] = access_scope  # RFC 6749 §5.1
        if refresh_token is not None:
            body["refresh_token"] = refresh_token
        self._bind_answer(grant, body)
        return Response(200, body=body)
