"""The auth server: where users log in and where refresh tokens are traded for access tokens.

Think of a hotel front desk. At check-in (``login``) the guest proves who they are and gets a
room key card (the access token, which opens one door for a short time) and a voucher (the
refresh token) to get a new key card without showing a passport again (``refresh``). Every
login starts a grant, or token family (:mod:`simtoken.actors.grants`); all its tokens carry
its ``sid``. What the desk does at each step is set by the :class:`~simtoken.policy.model.Policy`.

Endpoints (RFC 6749 §4 to §6, RFC 7009, RFC 7662):

* ``login`` (params ``user``, ``audience``, ``scope``, the client's ``client_id`` or
  authentication): the authorization-code flow collapsed into one request
  (``login_flow=direct``, the default): returns an access token for the audience and
  ``expires_in``, plus a refresh token when the granted scope has ``offline_access`` (as Auth0
  and Okta require [A-cfg, O-rt]).
* ``refresh`` (the refresh token; params ``audience``, an RFC 8707 resource indicator, and
  optionally a narrower ``scope``): checks the client, the token (signature, type, expiry), its
  grant (exists, not revoked, issued to this client), its DPoP proof, the audience and the
  scope, then applies the rotation rules (:mod:`simtoken.actors.rules`): idle expiry; without
  rotation the refresh token is reusable until it expires; with rotation the presented token is
  retired and a successor returned, expiring with the grant (or a full lifetime later with
  ``extend_on_rotate``); a retired token that comes back is forgiven or is *reuse*: a
  ``reuse_detected`` event and, at the same instant, the revocation the policy names.
* ``revoke`` (RFC 7009), ``logout``, ``password_change``, ``admin_revoke`` and ``introspect``
  (RFC 7662): see :mod:`simtoken.actors.revocation`.
* ``token`` (param ``grant_type``, RFC 6749 §3.2): the token endpoint for the grants other than
  the refresh, each handled by the method :data:`AuthServer.GRANTS` names; an unknown
  ``grant_type`` is refused as ``unsupported_grant_type`` (RFC 6749 §5.2). ``authorization_code``
  (RFC 6749 §4.1.3) trades a code for tokens (:mod:`simtoken.actors.code_grant`);
  ``client_credentials`` (RFC 6749 §4.4) gives a worker an access token of its own.
* ``authorize``: the authorization endpoint, where the user's browser logs in (or rides its IdP
  session) and gets a redirect carrying a one-time code: the real flow that ``login`` collapses
  into one request (:mod:`simtoken.actors.authorization`).
* ``end_session``: RP-initiated logout, which ends the browser's IdP session and tells the apps
  that signed in through it (:mod:`simtoken.actors.end_session`).
* ``jwks``: the published signing keys (RFC 7517). With key rotation
  (:class:`~simtoken.jose.keyring.KeySchedule`) the server signs with the current key and accepts
  its own refresh tokens signed with any key still published. After a key leak, the emergency
  rotation (:mod:`simtoken.actors.compromise`) replaces the leaked key and may revoke its grants.

Who the client is, whether a refresh token is its own, and the scopes each token gets (the
grant's, downscoped to the token's API) are :mod:`simtoken.actors.token_endpoint`'s; the keys,
the JWKS and the minting of every token (with its ``issued`` event) are
:mod:`simtoken.actors.minting`'s.

With a cookie storage (``gate``, :mod:`simtoken.actors.webapp`) a refresh from a browser page
first passes the app's cookie and anti-CSRF checks (``no_cookie``, ``origin_mismatch``,
``csrf_token_invalid``).

With ``sender_constraint=dpop`` a login and every refresh must carry a DPoP proof (RFC 9449):
the login binds the grant to the proof's key and every token minted for it carries
``cnf.jkt``; a refresh must be proven with that same key (``dpop_wrong_key`` otherwise).

Refusals answer 400 (``invalid_grant``, RFC 6749 §5.2) with a named reason
(:mod:`simtoken.record.reasons`): the verifier's (``expired``, ``wrong_token_type``, ...), DPoP's,
or ``unknown_session``, ``revoked``, ``idle_expired``, ``reused``, ``invalid_target``,
``invalid_scope``, ``wrong_client``; a failed client authentication answers 401
``invalid_client``.
"""

from __future__ import annotations

import random
from collections.abc import Callable

import simpy

from simtoken.actors.authorization import Authorizations
from simtoken.actors.code_grant import CodeGrant
from simtoken.actors.compromise import Compromise
from simtoken.actors.detection import Detection
from simtoken.actors.end_session import EndSession
from simtoken.actors.grants import Denylist, Grant, RefreshRecord
from simtoken.actors.minting import Minting
from simtoken.actors.network import Message, Response, Server
from simtoken.actors.nonces import accepted_nonces, stamp
from simtoken.actors.registry import Registry
from simtoken.actors.revocation import Revocations
from simtoken.actors.rules import Decision, Outcome, decide_refresh
from simtoken.actors.token_endpoint import ClientSide
from simtoken.actors.webapp import WebApp
from simtoken.jose.dpop import ProofVerifier
from simtoken.jose.dpop_nonce import NonceSource
from simtoken.jose.keyring import KeySchedule
from simtoken.jose.keys import SigningKey
from simtoken.jose.scopes import OFFLINE_ACCESS, format_scope
from simtoken.jose.tokens import TokenMinter, TokenType
from simtoken.jose.verify import Verifier
from simtoken.names import TOKEN_URL
from simtoken.policy.model import Policy
from simtoken.record.events import Event
from simtoken.record.reasons import ServerReason

__all__ = ["AuthServer"]


class AuthServer(
    Minting,
    Authorizations,
    CodeGrant,
    ClientSide,
    Detection,
    Revocations,
    EndSession,
    Compromise,
    Server,
):
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
        registry: Registry | None = None,
        gate: WebApp | None = None,
    ) -> None:
        super().__init__(env, name, record)
        self.registry = registry if registry is not None else Registry()
        """The registered clients (none: every caller is an unregistered public client)."""
        self.gate = gate
        """With a cookie storage: the app's checks of a refresh sent by a browser page."""
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
        self.nonces: NonceSource | None = None
        """With ``use_dpop_nonce``: the server nonces its proofs must carry (set by the world)."""
        self._init_authorizations()
        self._init_end_session()

    # -- endpoints ---------------------------------------------------------------------------

    def handle(self, message: Message) -> Response:
        """Answer one request (see the module docstring for the endpoints)."""
        if self.keys is not None:
            self._keys_now()
        self.connection = message.certificate  # mTLS: what an access token is bound to
        method = _ENDPOINTS.get(message.endpoint)
        if method is None:
            return Response(
                404, ServerReason.UNSUPPORTED_ENDPOINT, f"No endpoint {message.endpoint!r}"
            )
        answer: Response = getattr(self, method)(message)
        return stamp(answer, self.nonces, self.env.now)  # DPoP-Nonce, RFC 9449 §8

    def _audience(self, message: Message) -> str | None:
        audience = message.params.get("audience", self.audiences[0])
        return audience if audience in self.audiences else None

    def _proof(self, message: Message, expected_jkt: str | None = None) -> str | Response | None:
        """With DPoP: the thumbprint of the proof's key, or the refusal; without: None."""
        if self.proofs is None:
            return None
        proof = self.proofs.check(
            message.proof,
            htm="POST",
            htu=TOKEN_URL,
            now=self.env.now,
            expected_jkt=expected_jkt,
            nonces=accepted_nonces(self.nonces, self.env.now),
        )
        if not proof.accepted:
            assert proof.reason is not None
            return Response(400, proof.reason, proof.detail)
        return proof.jkt

    def _login(self, message: Message) -> Response:
        caller = self._caller(message, "login")
        if isinstance(caller, Response):
            return caller
        audience = self._audience(message)
        user = message.params.get("user", "")
        if audience is None:
            return _invalid_target(message)
        if not user:
            return Response(400, ServerReason.INVALID_REQUEST, "A login needs a user")
        requested = self._requested(message)
        if isinstance(requested, Response):
            return requested
        jkt = self._proof(message)
        if isinstance(jkt, Response):
            return jkt
        now = self.env.now
        expires = self.clock.numeric_date(now) + self.policy.refresh_token_lifetime
        grant = Grant(self._new_id(), user, caller.client_id, expires, last_used=now, jkt=jkt)
        grant.scope = format_scope(caller.registration.allow(requested))
        self.grants[grant.sid] = grant
        self._seen_login(grant, message)
        refresh = None
        if OFFLINE_ACCESS in grant.scope.split(" "):
            refresh = self._refresh_token(grant, message.sender, None).token
        return self._tokens(grant, audience, message.sender, refresh)

    def _refresh(self, message: Message) -> Response:
        caller = self._caller(message, "refresh_token")
        if isinstance(caller, Response):
            return caller
        gated = None if self.gate is None else self.gate.check(message, 400)
        if gated is not None:
            return gated
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
            detail = f"The grant was revoked ({grant.revoked_reason})"
            return Response(400, ServerReason.REVOKED, detail)
        refused = self._bound(grant, caller) or self._proof(message, grant.jkt)
        if isinstance(refused, Response):  # bound to its client, and to its DPoP key
            return refused
        audience = self._audience(message)
        if audience is None:
            return _invalid_target(message)
        scope = self._narrowed(grant, message)
        if isinstance(scope, Response):
            return scope
        decision = decide_refresh(grant, record, self.policy, self.env.now)
        flagged = self._screen(message, grant, decision.outcome)  # the detector, if any
        if flagged is not None:
            return flagged
        return self._apply(decision, grant, record, audience, message.sender, scope)

    def _apply(
        self,
        decision: Decision,
        grant: Grant,
        record: RefreshRecord,
        audience: str,
        holder: str,
        scope: tuple[str, ...] | None = None,
    ) -> Response:
        """Carry out the rotation rules' ``decision`` on ``record`` of ``grant``."""
        outcome = decision.outcome
        if outcome is Outcome.IDLE_EXPIRED:
            idle = self.policy.refresh_token_idle_lifetime
            return Response(400, ServerReason.IDLE_EXPIRED, f"Unused for more than {idle} s")
        if outcome is Outcome.REUSE_DETECTED:
            return self._reuse(grant, record, holder, decision.revoke)
        successor: RefreshRecord | None = None
        if outcome is Outcome.ROTATE:
            record.rotated_at = self.env.now
            successor = self._refresh_token(grant, holder, record)
        elif outcome is Outcome.FORGIVE_NEW:  # a second live successor: the family forks
            record.replays += 1
            successor = self._refresh_token(grant, holder, record)
        elif outcome is Outcome.FORGIVE_SAME:
            assert decision.successor is not None
            record.replays += 1
            successor = grant.refresh_tokens[decision.successor]
        grant.last_used = self.env.now
        refresh_token = successor.token if successor else None
        return self._tokens(grant, audience, holder, refresh_token, scope)


_ENDPOINTS = {  # each endpoint's handler method (any other endpoint is a 404)
    "jwks": "_jwks",
    "login": "_login",
    "refresh": "_refresh",
    "revoke": "_revoke",
    "logout": "_logout",
    "password_change": "_password_change",
    "admin_revoke": "_admin_revoke",
    "introspect": "_introspect",
    "token": "_token",
    "authorize": "_authorize",
    "end_session": "_end_session",
}


def _invalid_target(message: Message) -> Response:
    audience = message.params.get("audience")
    return Response(400, ServerReason.INVALID_TARGET, f"Unknown audience {audience!r}")
