"""The auth server's revocation side: ending sessions, and telling APIs what is still live.

Revoking a grant (token family) stops its refresh tokens at once, since only the auth server
honours them, and puts its unexpired access tokens on the shared denylist (which only APIs in
``denylist`` mode consult; see :mod:`simtoken.actors.grants`). This mixin gives
:class:`~simtoken.actors.auth_server.AuthServer` that and what is built on it:

* reuse detection: a retired refresh token that the rotation rules do not forgive is refused
  as ``reused`` after a ``reuse_detected`` event and, at the same instant, the revocation the
  policy's ``reuse_detection`` names (its family, or every family of the user; RFC 9700
  §4.14.2);
* ``revoke`` (RFC 7009; any token): always answers 200. A refresh token revokes its family, an
  access token is added to the denylist; a token that does not parse strictly revokes nothing
  (the answer names why).
* ``logout`` (the refresh token; an access token or an unparsable one is refused with a named
  reason), ``password_change`` and ``admin_revoke`` (param ``user``): answer 200 and revoke
  what the policy says.
* ``introspect`` (RFC 7662; an access token): ``{"active": ...}`` for APIs that ask.

Every token is parsed exactly as the verifier parses it (:meth:`Verifier.identify
<simtoken.jose.verify.Verifier.identify>`), expired or not, so a token with a duplicate
``sid``, an oversized or a non-JSON one is never taken for a real one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import jwt
import simpy

from simtoken.actors.grants import Denylist, Grant, RefreshRecord
from simtoken.actors.network import Message, Response
from simtoken.jose.clock import SimClock
from simtoken.jose.reasons import Reason, reason_of
from simtoken.jose.tokens import TokenType
from simtoken.jose.verify import Verifier
from simtoken.policy.model import Policy, ReuseDetection
from simtoken.record.events import Event, ReuseDetected, Revoked
from simtoken.record.reasons import RevocationReason, ServerReason

__all__ = ["Revocations"]


class Revocations:
    """Revocation and introspection (mixed into the auth server; see the module docstring)."""

    env: simpy.Environment
    name: str
    record: Callable[[Event], None]
    policy: Policy
    clock: SimClock
    denylist: Denylist
    verifier: Verifier
    grants: dict[str, Grant]

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
            Revoked(t=now, actor=self.name, session=grant.sid, user=grant.user, reason=str(reason))
        )

    def revoke_user(self, user: str, reason: RevocationReason) -> None:
        """Revoke every grant of a user."""
        for grant in list(self.grants.values()):
            if grant.user == user:
                self.revoke(grant, reason)

    def _reuse(
        self, grant: Grant, record: RefreshRecord, presenter: str, scope: ReuseDetection
    ) -> Response:
        """Reuse of a retired refresh token: record it, revoke what ``scope`` names, refuse."""
        self.record(
            ReuseDetected(
                t=self.env.now,
                actor=self.name,
                token=record.token,
                presenter=presenter,
                session=grant.sid,
                generation=record.generation,
            )
        )
        detail = "The refresh token was already used"
        if scope == "family":
            self.revoke(grant, RevocationReason.REUSE_DETECTED)
            detail += "; its family is revoked"
        elif scope == "user":
            self.revoke_user(grant.user, RevocationReason.REUSE_DETECTED)
            detail += "; every family of the user is revoked"
        return Response(400, ServerReason.REUSED, detail)

    def _identify(self, token: object) -> tuple[TokenType, dict[str, Any]] | Response:
        """The type and claims of a token this server signed (expired or not), else why not."""
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
