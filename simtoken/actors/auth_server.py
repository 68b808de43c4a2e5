"""The auth server: where users log in and where refresh tokens are traded for access tokens.

Think of a hotel front desk. At check-in (``login``) the guest proves who they are and gets a
room key card (the access token, which opens one door for a short time) and a voucher (the
refresh token) to get a new key card without showing a passport again (``refresh``). Every
login starts a grant, or token family (:mod:`simtoken.actors.grants`); all its tokens carry
its ``sid``. What the desk does at each step is set by the :class:`~simtoken.policy.model.Policy`.

Endpoints (RFC 6749 §4 to §6, RFC 7009, RFC 7662):

* ``login`` (params ``user``, ``audience``, ``scope``): returns an access token for the
  audience and ``expires_in``, plus a refresh token when the scope asks for ``offline_access``
  (as Auth0 and Okta require [A-cfg, O-rt]).
* ``refresh`` (the refresh token; param ``audience``, an RFC 8707 resource indicator): checks
  the token (signature, type, expiry), its grant (exists, not revoked, not idle too long), then
  returns a new access token. Without rotation the refresh token is reusable until it expires.
  With rotation the presented token is retired and a successor returned, expiring with the
  grant (or a full lifetime later with ``extend_on_rotate``). A retired token that comes back
  is forgiven only if it is the immediate predecessor of an active token and either inside the
  ``grace_interval`` or within ``max_reuse`` replays, or at any time with
  ``forgive_active_parent`` (Supabase); the answer then carries a new successor
  (the family forks) or the one already issued (``grace_successor``). Any other replay is
  *reuse*: a ``reuse_detected`` event, and at the same instant the revocation the policy names.
* ``revoke`` (RFC 7009; any token): always answers 200. A refresh token revokes its family, an
  access token is added to the denylist; a token that does not parse strictly revokes nothing
  (the answer names why).
* ``logout`` (the refresh token; an access token or an unparsable one is refused with a named
  reason), ``password_change`` and ``admin_revoke`` (param ``user``): answer 200 and revoke
  what the policy says.
* ``introspect`` (RFC 7662; an access token): ``{"active": ...}`` for APIs that ask.
* ``jwks``: the published signing keys (RFC 7517). With key rotation
  (:class:`~simtoken.jose.keyring.KeySchedule`) the server signs with the current key and accepts
  its own refresh tokens signed with any key still published.

With ``sender_constraint=dpop`` a login and every refresh must carry a DPoP proof (RFC 9449):
the login binds the grant to the proof's key and every token minted for it carries
``cnf.jkt``; a refresh must be proven with that same key (``dpop_wrong_key`` otherwise).

Refusals answer 400 (``invalid_grant``, RFC 6749 §5.2) with a named reason: the verifier's
(``expired``, ``wrong_token_type``, ...) or ``unknown_session``, ``revoked``, ``idle_expired``,
``reused``, ``invalid_target``.
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Callable
from typing import Any

import jwt
import simpy

from simtoken.actors.grants import Denylist, Grant, RefreshRecord
from simtoken.actors.network import Message, Response, Server
from simtoken.jose.dpop import ProofVerifier
from simtoken.jose.keyring import KeySchedule
from simtoken.jose.keys import SigningKey
from simtoken.jose.tokens import TokenMinter, TokenType
from simtoken.jose.verify import Reason, Verifier, reason_of
from simtoken.names import TOKEN_URL
from simtoken.policy.model import Policy
from simtoken.record.events import Event, Issued, ReuseDetected, Revoked
from simtoken.record.reasons import RevocationReason, ServerReason

__all__ = ["AuthServer"]


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
        denylist: Denylist | None = None,
        keys: KeySchedule | None = None,
        weaken: Callable[[Verifier], Verifier] | None = None,
    ) -> None:
        super().__init__(env, name, record)
        self.policy = policy
        self.minter = minter
        self.clock = minter.clock
        self.issuer = minter.issuer
        self.audiences = audiences
        self.rng = rng
        self.denylist = denylist if denylist is not None else Denylist()
        self.keys = keys
        """With key rotation: the signing schedule (``minter`` then signs only at index 0)."""
        self.weaken = weaken
        self.verifier = self._verifier([minter.key])
        self.keys_used: dict[str, SigningKey] = {minter.key.kid: minter.key}
        """Every key this server signed with or published so far, by ``kid``, first use first."""
        self.grants: dict[str, Grant] = {}
        self.proofs = ProofVerifier(self.clock) if policy.sender_constraint == "dpop" else None

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

    # -- minting -----------------------------------------------------------------------------

    def _new_id(self) -> str:
        return f"{self.rng.getrandbits(64):016x}"

    def _mint(
        self, token_type: TokenType, grant: Grant, audience: str, holder: str, lifetime: int
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
            confirmation=None if grant.jkt is None else {"jkt": grant.jkt},
        )
        exp = int(claims["exp"])
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
            )
        )
        return token, jti, exp

    def _access(self, grant: Grant, audience: str, holder: str) -> str:
        token, jti, exp = self._mint(
            TokenType.ACCESS, grant, audience, holder, self.policy.access_token_lifetime
        )
        grant.access_tokens[jti] = exp
        return token

    def _refresh_token(
        self, grant: Grant, holder: str, parent: RefreshRecord | None
    ) -> RefreshRecord:
        policy = self.policy
        if parent is None or policy.extend_on_rotate:
            lifetime = policy.refresh_token_lifetime
        else:  # keep the grant's absolute expiry (RFC 9700 / browser-apps BCP: MUST NOT extend)
            lifetime = grant.expires - self.clock.numeric_date(self.env.now)
        token, jti, exp = self._mint(TokenType.REFRESH, grant, self.issuer, holder, lifetime)
        record = RefreshRecord(jti, token, 0 if parent is None else parent.generation + 1, exp)
        if parent is not None:
            parent.children.append(jti)
        grant.refresh_tokens[jti] = record
        return record

    # -- endpoints ---------------------------------------------------------------------------

    def handle(self, message: Message) -> Response:
        """Answer one request (see the module docstring for the endpoints)."""
        if self.keys is not None:
            self._keys_now()
        endpoint = {
            "jwks": self._jwks,
            "login": self._login,
            "refresh": self._refresh,
            "revoke": self._revoke,
            "logout": self._logout,
            "password_change": self._password_change,
            "admin_revoke": self._admin_revoke,
            "introspect": self._introspect,
        }.get(message.endpoint)
        if endpoint is None:
            return Response(
                404, ServerReason.UNSUPPORTED_ENDPOINT, f"No endpoint {message.endpoint!r}"
            )
        return endpoint(message)

    def _audience(self, message: Message) -> str | None:
        audience = message.params.get("audience", self.audiences[0])
        return audience if audience in self.audiences else None

    def _login(self, message: Message) -> Response:
        audience = self._audience(message)
        user = message.params.get("user", "")
        if audience is None:
            return _invalid_target(message)
        if not user:
            return Response(400, ServerReason.INVALID_REQUEST, "A login needs a user")
        jkt = None
        if self.proofs is not None:
            proof = self.proofs.check(message.proof, htm="POST", htu=TOKEN_URL, now=self.env.now)
            if not proof.accepted:
                assert proof.reason is not None
                return Response(400, proof.reason, proof.detail)
            jkt = proof.jkt
        now = self.env.now
        expires = self.clock.numeric_date(now) + self.policy.refresh_token_lifetime
        grant = Grant(self._new_id(), user, message.sender, expires, last_used=now, jkt=jkt)
        self.grants[grant.sid] = grant
        refresh = None
        if "offline_access" in message.params.get("scope", "").split():
            refresh = self._refresh_token(grant, message.sender, None).token
        return self._tokens(grant, audience, message.sender, refresh)

    def _refresh(self, message: Message) -> Response:
        verdict = self.verifier.check(
            message.token, now=self.env.now, audience=self.issuer, expected_type=TokenType.REFRESH
        )
        if not verdict.accepted:
            assert verdict.reason is not None
            return Response(400, verdict.reason, verdict.detail)
        grant = self.grants.get(str(verdict.claims.get("sid")))
        record = grant.refresh_tokens.get(str(verdict.claims.get("jti"))) if grant else None
        if grant is None or record is None:
            return Response(
                400, ServerReason.UNKNOWN_SESSION, "The refresh token's grant does not exist"
            )
        if grant.revoked:
            return Response(
                400, ServerReason.REVOKED, f"The grant was revoked ({grant.revoked_reason})"
            )
        if self.proofs is not None:  # the refresh token is bound to the client's key
            proof = self.proofs.check(
                message.proof, htm="POST", htu=TOKEN_URL, now=self.env.now, expected_jkt=grant.jkt
            )
            if not proof.accepted:
                assert proof.reason is not None
                return Response(400, proof.reason, proof.detail)
        audience = self._audience(message)
        if audience is None:
            return _invalid_target(message)
        now, policy = self.env.now, self.policy
        idle = policy.refresh_token_idle_lifetime
        if idle and now - grant.last_used >= idle:
            return Response(400, ServerReason.IDLE_EXPIRED, f"Unused for more than {idle} s")
        if not policy.rotation:
            grant.last_used = now
            return self._tokens(grant, audience, message.sender, None)
        if record.active:
            record.rotated_at = now
            successor = self._refresh_token(grant, message.sender, record)
        elif self._replay_allowed(grant, record):
            record.replays += 1
            if policy.grace_successor == "same":
                successor = next(
                    grant.refresh_tokens[c]
                    for c in record.children
                    if grant.refresh_tokens[c].active
                )
            else:  # a second live successor: the family forks
                successor = self._refresh_token(grant, message.sender, record)
        else:
            return self._reuse(grant, record, message)
        grant.last_used = now
        return self._tokens(grant, audience, message.sender, successor.token)

    def _replay_allowed(self, grant: Grant, record: RefreshRecord) -> bool:
        """Forgive a rotated token only as the immediate predecessor, in grace or reuse count.

        With ``forgive_active_parent`` the immediate predecessor is forgiven at any time.
        """
        assert record.rotated_at is not None
        if not grant.has_active_child(record):
            return False
        if self.policy.forgive_active_parent:
            return True
        in_grace = self.env.now - record.rotated_at <= self.policy.grace_interval
        return (
            self.policy.grace_interval > 0 and in_grace
        ) or record.replays < self.policy.max_reuse

    def _reuse(self, grant: Grant, record: RefreshRecord, message: Message) -> Response:
        now = self.env.now
        self.record(
            ReuseDetected(
                t=now,
                actor=self.name,
                token=record.token,
                presenter=message.sender,
                session=grant.sid,
                generation=record.generation,
            )
        )
        scope = self.policy.reuse_detection
        if scope == "family":
            self.revoke(grant, RevocationReason.REUSE_DETECTED)
        elif scope == "user":
            self.revoke_user(grant.user, RevocationReason.REUSE_DETECTED)
        detail = "The refresh token was already used"
        if scope != "none":
            detail += (
                f"; {'its family' if scope == 'family' else 'every family of the user'} is revoked"
            )
        return Response(400, ServerReason.REUSED, detail)

    def _tokens(
        self, grant: Grant, audience: str, holder: str, refresh_token: str | None
    ) -> Response:
        body: dict[str, object] = {
            "access_token": self._access(grant, audience, holder),
            "token_type": "Bearer",
            "expires_in": self.policy.access_token_lifetime,
        }
        if refresh_token is not None:
            body["refresh_token"] = refresh_token
        return Response(200, body=body)

    # -- revocation --------------------------------------------------------------------------

    def revoke(self, grant: Grant, reason: RevocationReason) -> None:
        """Revoke one grant: its refresh tokens die now, its access tokens go on the denylist."""
        if grant.revoked:
            return
        now = self.env.now
        grant.revoked_at, grant.revoked_reason = now, reason
        for jti, exp in grant.access_tokens.items():
            if exp > self.clock.numeric_date(now) - self.policy.leeway:
                self.denylist.add(jti)
        self.record(
            Revoked(t=now, actor=self.name, session=grant.sid, user=grant.user, reason=reason)
        )

    def revoke_user(self, user: str, reason: RevocationReason) -> None:
        """Revoke every grant of a user."""
        for grant in list(self.grants.values()):
            if grant.user == user:
                self.revoke(grant, reason)

    def _jwks(self, message: Message) -> Response:
        """The published JWKS (RFC 7517), as an API fetches it."""
        keys = self.keys.published(self.env.now) if self.keys else [self.minter.key]
        for used in keys:
            self.keys_used.setdefault(used.kid, used)
        return Response(200, body={"keys": [dict(k.public_jwk) for k in keys]})

    def _identify(self, token: object) -> tuple[TokenType, dict[str, Any]] | Response:
        """The type and claims of a token this server signed (expired or not), else why not.

        Parsed exactly as the verifier parses (:meth:`Verifier.identify`: the strict segment
        parser, one algorithm per key, claim types, signature, issuer), so a token with a
        duplicate ``sid``, an oversized or a non-JSON one is never taken for a real one.
        """
        try:
            return self.verifier.identify(token)
        except jwt.InvalidTokenError as exc:
            return Response(400, reason_of(exc), str(exc))

    def _revoke(self, message: Message) -> Response:
        """RFC 7009 §2.1: revoke a refresh token's family, or put an access token on the denylist.

        Always 200 (RFC 7009 §2.2: "invalid tokens do not cause an error response"); a token
        that does not parse revokes nothing, and the answer names why in ``reason`` and says
        ``{"revoked": false}``.
        """
        found = self._identify(message.token)
        if isinstance(found, Response):
            return Response(200, found.reason, found.detail, {"revoked": False})
        typ, claims = found
        grant = self.grants.get(str(claims.get("sid")))
        if typ is TokenType.REFRESH and grant is not None:
            self.revoke(grant, RevocationReason.REVOCATION_ENDPOINT)
        elif typ is TokenType.ACCESS:
            self.denylist.add(str(claims.get("jti")))
        return Response(200, body={"revoked": True})

    def _logout(self, message: Message) -> Response:
        """End the session of the refresh token presented (if the policy revokes on logout).

        A token that does not parse is refused (400) with the verifier's reason. An **access**
        token is refused too, as ``wrong_token_type``: access tokens travel to every API, so
        any API (or whoever copied one from a log) could otherwise end the user's session;
        the refresh token, held by the client alone, stands for the session here (OpenID
        RP-Initiated Logout works on the session; RFC 7009 §2.1 lets only a revocation
        endpoint take either type). An expired refresh token still logs out. A client that
        holds no refresh token (no ``offline_access``) logs out with none: 200, nothing to revoke.
        """
        if message.token is None:
            return Response(200)
        found = self._identify(message.token)
        if isinstance(found, Response):
            return found
        typ, claims = found
        if typ is not TokenType.REFRESH:
            return Response(400, Reason.WRONG_TOKEN_TYPE, "Logout takes the refresh token")
        grant = self.grants.get(str(claims.get("sid")))
        if grant is not None and self.policy.revoke_on_logout:
            self.revoke(grant, RevocationReason.LOGOUT)
        return Response(200)

    def _password_change(self, message: Message) -> Response:
        if self.policy.revoke_on_password_change:
            self.revoke_user(message.params.get("user", ""), RevocationReason.PASSWORD_CHANGE)
        return Response(200)

    def _admin_revoke(self, message: Message) -> Response:
        self.revoke_user(message.params.get("user", ""), RevocationReason.ADMIN)
        return Response(200)

    def _introspect(self, message: Message) -> Response:
        """RFC 7662: ``{"active": true}`` only for a live access token that parses strictly."""
        found = self._identify(message.token)
        active = False
        if not isinstance(found, Response) and found[0] is TokenType.ACCESS:
            claims = found[1]
            grant = self.grants.get(str(claims.get("sid")))
            exp = claims.get("exp")
            now = self.clock.epoch_seconds + self.env.now
            active = (
                grant is not None
                and not grant.revoked
                and str(claims.get("jti")) not in self.denylist
                and isinstance(exp, int)
                and exp > now - self.policy.leeway
            )
        return Response(200, body={"active": active})


def _invalid_target(message: Message) -> Response:
    return Response(
        400, ServerReason.INVALID_TARGET, f"Unknown audience {message.params.get('audience')!r}"
    )
