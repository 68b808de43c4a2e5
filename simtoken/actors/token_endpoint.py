"""The token endpoint's client side: who asks, what it may get, and the client-credentials grant.

Three questions come before any token leaves the auth server (RFC 6749 §3.2, §6):

1. **Who is asking?** The :class:`~simtoken.actors.registry.Registry` says which client the
   request names and whether it proved it (a confidential client's secret, §2.3.1); a failed
   proof is ``invalid_client`` (401).
2. **Is this refresh token theirs?** A refresh token is bound to the client it was issued to
   (§10.4). A confidential client's refresh token is honoured only for a request
   *authenticated* as that client (``invalid_client`` otherwise: stealing the token is not
   enough); any request that names another client is refused ``wrong_client`` (§5.2 calls
   this ``invalid_grant``). A public client's refresh token presented with no client named is
   honoured, as before: a public client cannot prove anything, which is why RFC 9700 §4.14.2
   requires its refresh tokens to be rotated or sender-constrained (the requirement is for
   *public* clients; a confidential client's are already bound by its authentication).
3. **What scope?** A login or a client-credentials request is granted the scopes it asks for
   that its registration allows (the rest is dropped, §3.3); the grant keeps them, and the
   refresh token is bound to them. A refresh may ask for a *narrower* ``scope`` (§6), never a
   wider one (``invalid_scope``); without one it gets the grant's. Every access token is then
   downscoped to its API (RFC 8707 §2.2, :func:`~simtoken.jose.scopes.downscope`).

**Client credentials** (``grant_type=client_credentials``, RFC 6749 §4.4): a confidential
client with no user (a background worker, :mod:`simtoken.actors.worker`) authenticates and gets
an access token for the API it names (``audience``) with its granted scopes, whose ``sub`` is
the client itself (RFC 9068 §2.2), and **no refresh token** (§4.4.3): when the access token
expires, the client simply asks again; its secret is its long-lived credential. There is no
token family to rotate: each answer is a grant of its own holding one access token (its
``sid``), so revocation, the denylist and introspection treat it like any other, and an admin
revocation of the client (``admin_revoke`` with ``user`` = its ``client_id``) ends them all.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar, Protocol

import simpy

from simtoken.actors.grants import Grant
from simtoken.actors.network import Message, Response
from simtoken.actors.registry import Caller, Registry
from simtoken.jose.clock import SimClock
from simtoken.jose.scopes import format_scope, parse_scope
from simtoken.policy.model import Policy
from simtoken.record.reasons import ServerReason

__all__ = ["ClientSide"]


class _Tokens(Protocol):
    def __call__(
        self,
        grant: Grant,
        audience: str,
        holder: str,
        refresh_token: str | None,
        scope: tuple[str, ...] | None = None,
    ) -> Response: ...


class ClientSide:
    """Token-endpoint dispatch, client authentication, refresh binding, scopes, client credentials.

    Mixed into :class:`~simtoken.actors.auth_server.AuthServer` (see the module docstring).
    """

    GRANTS: ClassVar[dict[str, str]] = {
        "authorization_code": "_grant_authorization_code",
        "client_credentials": "_client_credentials",
    }
    """The ``token`` endpoint's grant types (RFC 6749 §4), each to the name of its handler."""

    def _token(self, message: Message) -> Response:
        """The token endpoint: hand the request to its ``grant_type``'s handler."""
        grant_type = message.params.get("grant_type", "")
        handler = self.GRANTS.get(grant_type)
        if handler is None:
            allowed = ", ".join(sorted(self.GRANTS)) or "none"
            return Response(
                400,
                ServerReason.UNSUPPORTED_GRANT_TYPE,
                f"grant_type {grant_type!r} is not supported here (allowed: {allowed})",
            )
        answer: Response = getattr(self, handler)(message)
        return answer

    env: simpy.Environment
    policy: Policy
    clock: SimClock
    registry: Registry
    grants: dict[str, Grant]
    _new_id: Callable[[], str]
    _tokens: _Tokens
    _audience: Callable[[Message], str | None]

    def _caller(self, message: Message, grant_type: str) -> Caller | Response:
        """Who is asking, if it may use ``grant_type``; else the refusal.

        The refusal is ``invalid_client`` (authentication failed) or ``unauthorized_client``.
        """
        caller = self.registry.caller(message)
        if isinstance(caller, Caller) and grant_type not in caller.registration.grant_types:
            return Response(
                400,
                ServerReason.UNAUTHORIZED_CLIENT,
                f"{caller.client_id} is not registered for {grant_type}",
            )
        return caller

    def _requested(self, message: Message) -> tuple[str, ...] | Response:
        """The ``scope`` parameter's scope-tokens, or ``invalid_scope`` if it is not a scope."""
        try:
            return parse_scope(message.params.get("scope", ""))
        except ValueError as exc:
            return Response(400, ServerReason.INVALID_SCOPE, str(exc))

    def _bound(self, grant: Grant, caller: Caller) -> Response | None:
        """Whether ``caller`` may present a refresh token of ``grant`` (None: it may)."""
        if self.registry.get(grant.client).client_type == "confidential" and not (
            caller.authenticated
        ):
            return Response(
                401,
                ServerReason.INVALID_CLIENT,
                f"The refresh token's client {grant.client} must authenticate",
            )
        if caller.named and caller.client_id != grant.client:
            return Response(
                400,
                ServerReason.WRONG_CLIENT,
                f"The refresh token was issued to {grant.client}, not {caller.client_id}",
            )
        return None

    def _narrowed(self, grant: Grant, message: Message) -> tuple[str, ...] | Response:
        """A refresh's scope: the grant's, or the narrower one asked for (RFC 6749 §6)."""
        granted = parse_scope(grant.scope)
        if "scope" not in message.params:
            return granted
        requested = self._requested(message)
        if isinstance(requested, Response):
            return requested
        wider = [token for token in requested if token not in granted]
        if wider:
            return Response(
                400,
                ServerReason.INVALID_SCOPE,
                f"{format_scope(wider)!r} was never granted (granted: {grant.scope!r})",
            )
        return requested

    def _client_credentials(self, message: Message) -> Response:
        """``grant_type=client_credentials`` (RFC 6749 §4.4): an access token, no refresh token."""
        caller = self._caller(message, "client_credentials")
        if isinstance(caller, Response):
            return caller
        if not caller.authenticated:
            detail = "The client-credentials grant needs client authentication (RFC 6749 §4.4.2)"
            return Response(401, ServerReason.INVALID_CLIENT, detail)
        audience = self._audience(message)
        if audience is None:
            audience_asked = message.params.get("audience")
            detail = f"Unknown audience {audience_asked!r}"
            return Response(400, ServerReason.INVALID_TARGET, detail)
        requested = self._requested(message)
        if isinstance(requested, Response):
            return requested
        registration = caller.registration
        wanted = requested or registration.allowed_scope or ()
        now = self.env.now
        expires = self.clock.numeric_date(now) + self.policy.access_token_lifetime
        client = caller.client_id
        grant = Grant(self._new_id(), client, client, expires, last_used=now)
        grant.scope = format_scope(registration.allow(wanted))
        self.grants[grant.sid] = grant
        return self._tokens(grant, audience, message.sender, None)
