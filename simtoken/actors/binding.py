"""Binding tokens to the device: what the auth server puts in a token, what an API checks.

A bearer token works for anyone who holds it. Besides DPoP (RFC 9449, :mod:`simtoken.jose.dpop`)
the simulator has two more ways to tie an access token to the place it was issued to, each
off by default, wired into a world by :func:`bind_world`:

* **A fingerprint cookie** (``fingerprint``; OWASP token sidejacking,
  :mod:`simtoken.actors.fingerprint`): every access token of a grant carries the SHA-256 of the
  grant's fingerprint (``userFingerprint``), and each token answer sets the fingerprint in the
  hardened ``__Secure-Fgp`` cookie. An API refuses the token without that cookie
  (``fingerprint_missing``) or with another one (``fingerprint_mismatch``).
* **A TLS client certificate** (``sender_constraint=mtls``; RFC 8705 §3,
  :mod:`simtoken.jose.certs`): every confidential client and worker shows its own self-signed
  certificate on each connection (the network hands it to the server). An access token issued
  over such a connection carries ``"cnf": {"x5t#S256": ...}``, the certificate's thumbprint;
  an API compares it with the certificate of the request's connection and refuses a request
  without one (``mtls_no_certificate``) or with another (``mtls_wrong_certificate``). Refresh
  tokens stay bound to their confidential client by its authentication (RFC 6749 §6); the
  certificate binding of a *public* client's refresh tokens (RFC 8705 §4) is not modelled.
  The attacker has no certificate (or, in a test, one of its own).

A backend-for-frontend's session cookie bound to the device (DBSC) is :mod:`simtoken.actors.dbsc`'s.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from simtoken.actors.binding_client import BindingClient
from simtoken.actors.dbsc import DBSC_REFRESH, SessionCookies, device_key
from simtoken.actors.fingerprint import SET_COOKIE, Fingerprints, fingerprint_refusal
from simtoken.actors.grants import Grant
from simtoken.actors.network import Message, Network, Response
from simtoken.config.run import RunConfig
from simtoken.jose.certs import X5T_S256, client_certificate, x5t_s256
from simtoken.jose.clock import SimClock
from simtoken.jose.tokens import TokenType
from simtoken.policy.model import Policy
from simtoken.record.reasons import ServerReason

__all__ = ["BoundTokenChecks", "TokenBinding", "bind_world", "certificate_refusal"]


class TokenBinding:
    """The auth server's side: the claims and the cookie that bind what it mints (a mixin)."""

    policy: Policy
    fingerprints: Fingerprints | None = None
    """With ``fingerprint``: the grants' fingerprints (set by :func:`bind_world`)."""
    connection: bytes | None = None
    """The TLS client certificate of the request being handled (mutual TLS), if any."""

    def _bound_claims(self, token_type: TokenType, grant: Grant) -> dict[str, Any]:
        """The fingerprint claim of an access token (empty without fingerprints)."""
        if self.fingerprints is None or token_type is not TokenType.ACCESS:
            return {}
        return self.fingerprints.claims(grant.sid)

    def _confirmation(self, token_type: TokenType, grant: Grant) -> dict[str, str] | None:
        """The ``cnf`` claim: DPoP's ``jkt`` (RFC 9449 §6.1) or mTLS's ``x5t#S256`` (RFC 8705)."""
        if grant.jkt is not None:
            return {"jkt": grant.jkt}
        mtls = self.policy.sender_constraint == "mtls" and token_type is TokenType.ACCESS
        if mtls and self.connection is not None:
            return {X5T_S256: x5t_s256(self.connection)}
        return None

    def _bind_answer(self, grant: Grant, body: dict[str, object]) -> None:
        """A token answer sets the grant's fingerprint cookie (``Set-Cookie``)."""
        if self.fingerprints is not None:
            body[SET_COOKIE] = self.fingerprints.cookie(grant.sid)


class BoundTokenChecks:
    """An API's side: the binding checks of a token that verified (a mixin)."""

    fingerprint_required: bool = False
    """With ``fingerprint``: every access token must come with its ``__Secure-Fgp`` cookie."""
    sessions: SessionCookies | None = None
    """With ``dbsc`` or ``infostealer``: the BFF's session cookies (set by the world)."""

    def _session_gate(self, message: Message, now: float) -> Response | None:
        """DBSC: answer a session refresh, or refuse a call without a live session cookie."""
        if self.sessions is None:
            return None
        if message.endpoint == DBSC_REFRESH:
            return self.sessions.refresh(message, now)
        return self.sessions.refusal(message, now) if message.endpoint == "api" else None

    def _binding_refusal(self, claims: Mapping[str, Any], message: Message) -> Response | None:
        """Refuse a token whose fingerprint or certificate binding the request does not meet."""
        cnf = claims.get("cnf")
        if isinstance(cnf, dict) and X5T_S256 in cnf:
            refused = certificate_refusal(str(cnf[X5T_S256]), message.certificate)
            if refused is not None:
                return refused
        return fingerprint_refusal(claims, message.params) if self.fingerprint_required else None


def certificate_refusal(bound: str, certificate: bytes | None) -> Response | None:
    """RFC 8705 §3: the connection's certificate must have the token's thumbprint (None: it has)."""
    if certificate is None:
        detail = "A certificate-bound token over a connection without a client certificate"
        return Response(401, ServerReason.MTLS_NO_CERTIFICATE, detail)
    if x5t_s256(certificate) != bound:
        detail = "The connection's client certificate is not the one the token is bound to"
        return Response(401, ServerReason.MTLS_WRONG_CERTIFICATE, detail)
    return None


def bind_world(
    config: RunConfig,
    seed: int,
    rng: Callable[[str], random.Random],
    *,
    auth_server: TokenBinding,
    apis: Sequence[BoundTokenChecks],
    network: Network,
    clients: Sequence[BindingClient],
    workers: Sequence[str],
    clock: SimClock,
) -> None:
    """Wire the run's binding settings into its actors (nothing at all when all are off)."""
    if config.fingerprint:
        lifetime = config.policy.access_token_lifetime
        auth_server.fingerprints = Fingerprints(rng("auth-server/fingerprint"), lifetime)
        for api in apis:
            api.fingerprint_required = True
    if config.policy.sender_constraint == "mtls":
        named = {c.name: c.client_id for c in clients} | {w: w for w in workers}
        for actor, client_id in named.items():
            network.certificates[actor] = client_certificate(seed, client_id)
    if config.dbsc or config.infostealer:
        sessions = SessionCookies(config, rng("webapp/dbsc"), seed, clock)
        for api in apis:
            api.sessions = sessions
        sessions.clients = {client.name for client in clients}
        for client in clients:
            client.sessions = sessions
            if config.dbsc:
                client.device_key = device_key(seed, client.user)  # one per browser: the user's
