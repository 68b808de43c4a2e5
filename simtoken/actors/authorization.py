"""The authorization endpoint: where the browser brings the user, and what it sends back.

``login`` (:mod:`simtoken.actors.auth_server`) is the authorization-code flow collapsed into one
request. This module is the real first half of it (RFC 6749 §4.1.1 to §4.1.2, OpenID Connect
Core §3.1.2): the app sends the user's *browser* to ``authorize`` with what it wants, the user
proves who they are there (or already has, in this browser), and the answer is a redirect back
to the app carrying a one-time authorization **code** (RFC 6749 §4.1.2), or, with the deprecated
implicit grant, the access token itself in the URL's fragment (RFC 6749 §4.2.2). The second
half, trading the code for tokens, is the token endpoint's ``authorization_code`` grant
(:mod:`simtoken.actors.code_grant`).

Params: ``response_type`` (``code`` | ``token``), ``client_id``, ``redirect_uri``, ``scope``,
``state``, ``nonce``, ``code_challenge`` and ``code_challenge_method`` (PKCE, RFC 7636 §4.3),
``prompt`` (``none`` | ``login``), ``audience`` (the API, an RFC 8707 resource indicator), and
what the browser brings: ``idp_session`` (the value of the auth server's session cookie, if it
has one) and, for an interactive login, ``user`` (who types the password). The checks, in order:

1. ``client_id`` must be registered with a redirect URI (``unknown_client``), its ``scope`` must
   be a scope (``invalid_scope``, RFC 6749 §3.3), and ``redirect_uri`` must match one
   of its registered URIs (``unregistered_redirect_uri``) under the policy's
   ``redirect_uri_matching``: ``exact`` string comparison (RFC 9700 §2.1, §4.1.3) or ``prefix``,
   the loose matching RFC 9700 §4.1.1 shows leaking codes. Both errors MUST NOT redirect
   (RFC 6749 §4.1.2.1): nothing goes back to the browser, so no code leaves.
2. ``response_type``: ``token`` only if the policy allows the implicit grant
   (``unsupported_response_type``; RFC 9700 §2.1.2, OAuth 2.1 drops it).
3. PKCE for a code: a challenge is needed under ``require_pkce`` (``pkce_required``,
   RFC 9700 §2.1.1); ``plain`` is accepted only with ``allow_plain_pkce``
   (``pkce_method_not_allowed``, RFC 7636 §4.4.1); a missing method means ``plain`` (§4.3).
4. Who the user is, the **IdP session** (:mod:`simtoken.actors.idp`): a live session of this
   browser is ridden without a login page (single sign-on); otherwise the user logs in
   (``user``), which starts a session of ``idp_session_lifetime`` seconds and answers its id
   for the browser's cookie. ``prompt=none`` (OpenID Connect Core §3.1.2.1) never shows a login
   page: without a live session it is refused as ``login_required`` (§3.1.2.6), which is how an
   app learns silently that the user must log in; ``prompt=login`` always asks for the password.
5. Consent: the first interactive authorization of an app by a user records the user's consent
   (the login page is also the consent page, and the user always agrees). With
   ``require_consent`` (third-party apps) ``prompt=none`` for an app without consent is refused
   as ``consent_required`` (§3.1.2.6); otherwise consent is implied (first-party apps).

What the simulator simplifies, and says so: a 302 redirect is a 200 answer whose body carries
the ``location`` the browser goes to next (and the session cookie, ``idp_session``); an error
the auth server would redirect back (``error=login_required``, RFC 6749 §4.1.2.1) is a refusal
with its named reason, which the app learns directly; consent covers every scope at once; the
user types the right password; and no ID token is minted, so the ``nonce`` is bound to the code
but no ID token carries it back (OpenID Connect Core §3.1.3.7 would have the app compare them).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

import simpy

from simtoken.actors.grants import Grant
from simtoken.actors.idp import IdpSession, IdpSessions
from simtoken.actors.network import Message, Response
from simtoken.actors.registry import Registry
from simtoken.jose.clock import SimClock
from simtoken.jose.pkce import PKCE_METHODS, random_string
from simtoken.jose.scopes import format_scope, parse_scope
from simtoken.policy.model import Policy, RedirectMatching
from simtoken.record.events import CodeIssued, Event
from simtoken.record.reasons import ServerReason

__all__ = ["AuthorizationCode", "Authorizations", "redirect_matches", "with_params"]


@dataclass
class AuthorizationCode:
    """What the auth server remembers about one code (mutable server state)."""

    code: str
    client_id: str
    redirect_uri: str
    user: str
    scope: str
    audience: str
    nonce: str
    challenge: str
    method: str
    """The PKCE method (``S256`` or ``plain``), or ``""`` if the request carried no challenge."""
    idp_session: str
    expires: float
    """Sim time from which the code is no longer redeemable."""
    grant: str | None = None
    """The grant (``sid``) its first redemption started; None until redeemed."""


def redirect_matches(uri: str, registered: tuple[str, ...], matching: RedirectMatching) -> bool:
    """Whether ``uri`` is one of ``registered`` under ``matching`` (see the module docstring).

    >>> cb = ("https://app.example/callback",)
    >>> redirect_matches("https://app.example/callback/../out", cb, "exact")
    False
    >>> redirect_matches("https://app.example/callback/../out", cb, "prefix")
    True
    """
    if matching == "exact":
        return uri in registered  # simple string comparison, RFC 3986 §6.2.1
    return any(uri.startswith(prefix) for prefix in registered)


def with_params(uri: str, params: Mapping[str, str], *, fragment: bool = False) -> str:
    """``uri`` with ``params`` in its query, or for the implicit grant as its fragment.

    RFC 6749 §4.1.2 adds the code to the query, keeping any query the URI has (§3.1.2); §4.2.2
    puts the implicit grant's token in the fragment.

    >>> with_params("https://app.example/cb?x=1", {"code": "c", "state": "s"})
    'https://app.example/cb?x=1&code=c&state=s'
    >>> with_params("https://app.example/cb", {"access_token": "t"}, fragment=True)
    'https://app.example/cb#access_token=t'
    """
    encoded = urlencode(params)
    if fragment:
        return f"{uri.partition('#')[0]}#{encoded}"
    base, hash_, rest = uri.partition("#")
    return f"{base}{'&' if '?' in base else '?'}{encoded}{hash_}{rest}"


class Authorizations:
    """The authorization endpoint (mixed into the auth server; see the module docstring)."""

    env: simpy.Environment
    name: str
    record: Callable[[Event], None]
    policy: Policy
    clock: SimClock
    grants: dict[str, Grant]
    audiences: tuple[str, ...]
    rng: random.Random
    registry: Registry
    _new_id: Callable[[], str]
    _tokens: Callable[[Grant, str, str, str | None], Response]

    def _init_authorizations(self) -> None:
        """The endpoint's state: IdP sessions, consents, codes (clients: the registry's)."""
        self.idp_sessions = IdpSessions(self._new_id)
        self.consents: set[tuple[str, str]] = set()
        """(user, client_id) pairs: the apps each user has consented to."""
        self.codes: dict[str, AuthorizationCode] = {}

    def _authorize(self, message: Message) -> Response:
        """The authorization endpoint (see the module docstring for the checks)."""
        params = message.params
        client_id = params.get("client_id", "")
        refused = self._check_request(params)
        if refused is not None:
            return refused
        audience = params.get("audience", self.audiences[0])
        if audience not in self.audiences:
            return Response(400, ServerReason.INVALID_TARGET, f"Unknown audience {audience!r}")
        session = self._sign_in(params, client_id, message.sender)
        if isinstance(session, Response):
            return session
        if client_id not in session.apps:
            session.apps.append(client_id)
        if params.get("response_type") == "token":
            location = self._implicit(params, session, audience)
        else:
            location = self._issue_code(params, session, audience)
        return Response(200, body={"location": location, "idp_session": session.sid})

    def _check_request(self, params: Mapping[str, str]) -> Response | None:
        """Checks 1 to 3 of the module docstring: the refusal, or None."""
        client_id = params.get("client_id", "")
        registration = self.registry.clients.get(client_id)
        registered = () if registration is None else registration.redirect_uris
        if not registered:
            return Response(400, ServerReason.UNKNOWN_CLIENT, f"No client {client_id!r}")
        uri = params.get("redirect_uri", "")
        if not redirect_matches(uri, registered, self.policy.redirect_uri_matching):
            detail = f"{uri!r} is not a registered redirect URI of {client_id!r}; not redirecting"
            return Response(400, ServerReason.UNREGISTERED_REDIRECT_URI, detail)
        try:
            parse_scope(params.get("scope", ""))
        except ValueError as exc:
            return Response(400, ServerReason.INVALID_SCOPE, str(exc))
        kind = params.get("response_type", "")
        if kind not in ("code", "token") or (kind == "token" and not self.policy.allow_implicit):
            allowed = "code, token" if self.policy.allow_implicit else "code"
            detail = f"response_type {kind!r} is not allowed (allowed: {allowed})"
            return Response(400, ServerReason.UNSUPPORTED_RESPONSE_TYPE, detail)
        if kind == "code":
            challenge = params.get("code_challenge", "")
            method = params.get("code_challenge_method", "plain" if challenge else "")
            if not challenge and self.policy.require_pkce:
                return Response(400, ServerReason.PKCE_REQUIRED, "A code_challenge is required")
            allowed_methods = PKCE_METHODS if self.policy.allow_plain_pkce else ("S256",)
            if challenge and method not in allowed_methods:
                detail = f"code_challenge_method {method!r} (allowed: {', '.join(allowed_methods)})"
                return Response(400, ServerReason.PKCE_METHOD_NOT_ALLOWED, detail)
        return None

    def _sign_in(
        self, params: Mapping[str, str], client_id: str, browser: str
    ) -> IdpSession | Response:
        """Check 4 and 5: the IdP session the authorization rides or starts, or the refusal."""
        now = self.env.now
        prompt = params.get("prompt", "")
        if prompt not in ("", "none", "login"):
            return Response(400, ServerReason.INVALID_REQUEST, f"prompt {prompt!r} (none, login)")
        session = self.idp_sessions.current(params.get("idp_session"), now)
        user = params.get("user", "")
        if prompt == "none":
            if session is None:
                return Response(400, ServerReason.LOGIN_REQUIRED, "No live session; prompt=none")
            if self.policy.require_consent and (session.user, client_id) not in self.consents:
                detail = f"{session.user} has not consented to {client_id}; prompt=none"
                return Response(400, ServerReason.CONSENT_REQUIRED, detail)
            return session
        if session is None or prompt == "login" or (user and user != session.user):
            if not user:
                detail = "The user must log in, and nobody typed a password"
                return Response(400, ServerReason.INVALID_REQUEST, detail)
            lifetime = self.policy.idp_session_lifetime
            session = self.idp_sessions.start(user, browser, now, lifetime)
        self.consents.add((session.user, client_id))
        return session

    def _issue_code(self, params: Mapping[str, str], session: IdpSession, audience: str) -> str:
        """A new code bound to the request (a ``code_issued`` event); the redirect location."""
        now = self.env.now
        challenge = params.get("code_challenge", "")
        code = AuthorizationCode(
            code=random_string(self.rng),
            client_id=params["client_id"],
            redirect_uri=params["redirect_uri"],
            user=session.user,
            scope=params.get("scope", ""),
            audience=audience,
            nonce=params.get("nonce", ""),
            challenge=challenge,
            method=params.get("code_challenge_method", "plain") if challenge else "",
            idp_session=session.sid,
            expires=now + self.policy.code_lifetime,
        )
        self.codes[code.code] = code
        self.record(
            CodeIssued(
                t=now,
                actor=self.name,
                code=code.code,
                client_id=code.client_id,
                redirect_uri=code.redirect_uri,
                user=code.user,
                idp_session=code.idp_session,
                code_challenge=code.challenge,
                code_challenge_method=code.method,
                expires=code.expires,
            )
        )
        answer = {"code": code.code} | _state(params)
        return with_params(code.redirect_uri, answer)

    def _implicit(self, params: Mapping[str, str], session: IdpSession, audience: str) -> str:
        """The implicit grant: an access token in the location's fragment, no refresh token.

        RFC 6749 §4.2.2: the authorization server MUST NOT issue a refresh token. The token is
        minted for the app the request names (its ``holder``): where it really ends up is the
        browser's business, which is the problem.
        """
        now = self.env.now
        client_id = params["client_id"]
        expires = self.clock.numeric_date(now) + self.policy.refresh_token_lifetime
        grant = Grant(self._new_id(), session.user, client_id, expires, last_used=now)
        grant.idp_session = session.sid
        allowed = self.registry.get(client_id).allow(parse_scope(params.get("scope", "")))
        grant.scope = format_scope(allowed)
        self.grants[grant.sid] = grant
        body = self._tokens(grant, audience, client_id, None).body
        answer = {k: str(body[k]) for k in ("access_token", "token_type", "expires_in")}
        return with_params(params["redirect_uri"], answer | _state(params), fragment=True)


def _state(params: Mapping[str, str]) -> dict[str, str]:
    """The ``state`` to send back: exactly the request's, if it had one (RFC 6749 §4.1.2)."""
    return {"state": params["state"]} if "state" in params else {}
