"""The ``authorization_code`` grant: trading a one-time code for tokens at the token endpoint.

The second half of the authorization-code flow (RFC 6749 §4.1.3, §4.1.4). The app, not the
browser, sends ``grant_type=authorization_code`` with the ``code`` the redirect brought it, the
same ``redirect_uri`` as in the authorization request, its ``client_id`` and, with PKCE, the
``code_verifier`` (RFC 7636 §4.5). Like a cheque, a code is worth something only to the payee
named on it, only once, and only for a short time. The auth server checks, in order, refusing
each failure with its own name (all are ``invalid_grant`` in RFC 6749 §5.2):

0. the client: a confidential client must authenticate (RFC 6749 §4.1.3; ``invalid_client``,
   :mod:`simtoken.actors.token_endpoint`), a public one names itself (``client_id``);
1. the code exists (``unknown_code``) and is younger than ``code_lifetime``
   (``code_expired``; RFC 6749 §4.1.2 recommends at most 10 minutes);
2. it was issued to this ``client_id`` (``client_mismatch``) for this ``redirect_uri``
   (``redirect_uri_mismatch``, RFC 6749 §4.1.3);
3. PKCE (RFC 7636 §4.6): a code bound to a challenge needs the verifier that makes it
   (``pkce_missing``, ``pkce_mismatch``); a verifier for a code requested without a challenge
   is refused as well (``pkce_mismatch``), so that an attacker cannot strip the challenge from
   the request and redeem without one: the PKCE downgrade RFC 9700 §2.1.1 says the server MUST
   prevent;
4. with DPoP, the proof (RFC 9449), exactly as a ``login``'s: the new grant is bound to its key;
5. the code was never redeemed. A code that comes back is refused (``code_reused``) **and the
   grant its first redemption started is revoked** (RFC 6749 §4.1.2: the server "SHOULD revoke
   (when possible) all tokens previously issued based on that authorization code"): if a thief
   redeemed first, the app's own redemption now takes the thief's tokens away (its access
   token keeps working at an API that validates locally until it expires, as after any
   revocation).

Only a redemption that passes the checks before 5 counts as a use, so a replay without the
verifier (say, of a code read from the browser's history) revokes nothing. A successful
redemption starts a grant exactly as ``login`` does (the same minting: an access token for the
code's audience, with the scopes of the authorization's ``scope`` the client may be granted, a
refresh token if they include ``offline_access``), remembering the IdP session the
authorization rode (:attr:`~simtoken.actors.grants.Grant.idp_session`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import simpy

from simtoken.actors.authorization import AuthorizationCode
from simtoken.actors.grants import Grant, RefreshRecord
from simtoken.actors.network import Message, Response
from simtoken.actors.registry import Caller
from simtoken.jose.clock import SimClock
from simtoken.jose.pkce import verify
from simtoken.jose.scopes import OFFLINE_ACCESS, format_scope, parse_scope
from simtoken.policy.model import Policy
from simtoken.record.reasons import RevocationReason, ServerReason

__all__ = ["CodeGrant"]


class CodeGrant:
    """The token endpoint's ``authorization_code`` grant (mixed into the auth server)."""

    env: simpy.Environment
    policy: Policy
    clock: SimClock
    grants: dict[str, Grant]
    codes: dict[str, AuthorizationCode]
    _new_id: Callable[[], str]
    _tokens: Callable[[Grant, str, str, str | None], Response]
    _proof: Callable[[Message], str | Response | None]
    _refresh_token: Callable[[Grant, str, RefreshRecord | None], RefreshRecord]
    _caller: Callable[[Message, str], Caller | Response]
    revoke: Callable[[Grant, RevocationReason], None]

    def _grant_authorization_code(self, message: Message) -> Response:
        """Redeem a code (see the module docstring for the checks, in order)."""
        params = message.params
        caller = self._caller(message, "authorization_code")
        if isinstance(caller, Response):  # a confidential client must authenticate (§4.1.3)
            return caller
        code = self.codes.get(params.get("code", ""))
        if code is None:
            return Response(400, ServerReason.UNKNOWN_CODE, "No such authorization code")
        if self.env.now >= code.expires:
            detail = f"The code expired at {code.expires:g} s (code_lifetime)"
            return Response(400, ServerReason.CODE_EXPIRED, detail)
        refused = _check_binding(code, params, caller.client_id)
        if refused is not None:
            return refused
        jkt = self._proof(message)
        if isinstance(jkt, Response):
            return jkt
        if code.grant is not None:
            first = self.grants.get(code.grant)
            if first is not None:
                self.revoke(first, RevocationReason.CODE_REUSED)
            detail = "The code was already redeemed; the tokens issued for it are revoked"
            return Response(400, ServerReason.CODE_REUSED, detail)
        now = self.env.now
        expires = self.clock.numeric_date(now) + self.policy.refresh_token_lifetime
        grant = Grant(self._new_id(), code.user, code.client_id, expires, last_used=now, jkt=jkt)
        grant.idp_session = code.idp_session
        grant.scope = format_scope(caller.registration.allow(parse_scope(code.scope)))
        self.grants[grant.sid] = grant
        code.grant = grant.sid
        refresh = None
        if OFFLINE_ACCESS in grant.scope.split(" "):
            refresh = self._refresh_token(grant, message.sender, None).token
        return self._tokens(grant, code.audience, message.sender, refresh)


def _check_binding(
    code: AuthorizationCode, params: Mapping[str, str], client_id: str
) -> Response | None:
    """Checks 2 and 3: the client, the redirect URI and PKCE; the refusal, or None."""
    if client_id != code.client_id:
        detail = f"The code was issued to {code.client_id!r}, not {client_id!r}"
        return Response(400, ServerReason.CLIENT_MISMATCH, detail)
    if params.get("redirect_uri", "") != code.redirect_uri:
        detail = "redirect_uri differs from the authorization request's (RFC 6749 §4.1.3)"
        return Response(400, ServerReason.REDIRECT_URI_MISMATCH, detail)
    verifier = params.get("code_verifier")
    if code.method:
        if not verifier:
            detail = "The code is bound to a PKCE challenge and no code_verifier was sent"
            return Response(400, ServerReason.PKCE_MISSING, detail)
        if not verify(verifier, code.challenge, code.method):  # type: ignore[arg-type]
            detail = f"The code_verifier does not match the {code.method} challenge"
            return Response(400, ServerReason.PKCE_MISMATCH, detail)
    elif verifier is not None:
        detail = "A code_verifier for a code requested without a challenge (PKCE downgrade)"
        return Response(400, ServerReason.PKCE_MISMATCH, detail)
    return None
