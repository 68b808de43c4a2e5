"""The app's side of the login flows: authorization code with PKCE, and the implicit grant.

With ``login_flow=direct`` an app logs its user in with one ``login`` request: the
authorization-code flow collapsed into one step. With ``login_flow=code`` it runs the real flow
(RFC 6749 §4.1, RFC 7636, OpenID Connect Core §3.1), in four legs:

1. the app makes three one-time values from its own seeded generator: a ``state`` (RFC 6749
   §10.12), a ``nonce`` (OpenID Connect Core §3.1.2.1) and a PKCE code verifier, whose
   challenge it puts in the request (``pkce``: ``S256``, ``plain`` or ``none``);
2. it sends the user's **browser** to the authorization endpoint (an ``authorize`` request by
   the browser, carrying its IdP session cookie and, since this is an interactive login, the
   user typing the password: :mod:`simtoken.actors.authorization`);
3. the browser carries the answer's redirect to whatever handles the redirect URI
   (:mod:`simtoken.actors.frontchannel`; a ``redirect`` event); the app takes it only if
   ``state`` is the one it sent (``use_state``), and waits at most ``timeout`` seconds for it;
4. the app trades the code at the token endpoint (``token``, ``grant_type=authorization_code``,
   with the verifier and, for a confidential app, its client authentication:
   :mod:`simtoken.actors.code_grant`) and keeps the tokens as after a ``login``.

With ``login_flow=implicit`` (``response_type=token``, deprecated by RFC 9700 §2.1.2) leg 3
brings the access token itself, in the redirect's fragment, and there is no leg 4 and no refresh
token (RFC 6749 §4.2.2). Such an app renews its access token as implicit-flow apps did: a
*silent* authorization (``prompt=none``) in a hidden iframe, riding the IdP session; only when
that is refused (``login_required``) does the user log in again.

A response that arrives while no authorization of the app is pending is **unsolicited**. An app
that checks ``state`` drops it (``state_mismatch``: there is no ``state`` it waits for); an app
that uses PKCE drops it too (``unexpected_response``: it holds no verifier to redeem it with);
an app that does neither redeems it and keeps whatever tokens it gets: login CSRF
(RFC 6749 §10.12, RFC 9700 §4.7).

An interactive login is a ``login`` event, as with ``direct``, also when the auth server then
rides a live IdP session and asks no password (the app sends the user to the login page either
way: ``victim_logins`` counts the times it had to); one that follows a failed login has reason
``login_failed`` and names the failure as its cause. Every request goes through
:meth:`~simtoken.actors.network.Network.request` and is retried while it is lost, as a login
is; a lost answer to a code's redemption is therefore retried with the same code, which the
auth server then refuses as ``code_reused`` (and revokes what the first redemption got).
"""

from __future__ import annotations

import random
from collections.abc import Generator, Mapping
from dataclasses import dataclass
from typing import Any

import simpy

from simtoken.actors.client import Client
from simtoken.actors.frontchannel import FrontChannel, redirect_uri, response_params
from simtoken.actors.network import Response
from simtoken.actors.nonces import proven
from simtoken.jose.pkce import code_challenge, code_verifier, random_string
from simtoken.jose.scopes import OFFLINE_ACCESS
from simtoken.names import TOKEN_URL
from simtoken.record.events import Login
from simtoken.record.reasons import CallbackRefusal, LoginReason

__all__ = ["AppFlow", "Pending", "token_response", "wire_app"]


@dataclass
class Pending:
    """An authorization the app started and waits for (its one-time values)."""

    state: str
    nonce: str
    verifier: str
    audience: str
    arrived: simpy.Event
    """Triggered with the response's location when the browser brings it back."""


def token_response(location: str) -> Response | None:
    """An implicit grant's fragment as a token response, or None if it carries no token.

    >>> token_response("https://app.example/cb#access_token=t&expires_in=300").body
    {'access_token': 't', 'expires_in': 300}
    """
    params = response_params(location)
    if "access_token" not in params:
        return None
    body = {"access_token": params["access_token"], "expires_in": int(params["expires_in"])}
    return Response(200, body=body)


class AppFlow:
    """One app's (or tab's) side of the login flows (see the module docstring)."""

    def __init__(self, client: Client, front: FrontChannel, rng: random.Random) -> None:
        self.client = client
        self.env = client.env
        self.config = client.config
        self.front = front
        self.rng = rng
        """The app's own generator for state, nonce and verifier (``{name}/oauth``)."""
        self.redirect_uri = redirect_uri(client.config.app_kind)
        self.pending: Pending | None = None
        self.failed = ""
        """Why the last interactive login failed; ``""`` if it did not."""

    @property
    def name(self) -> str:
        """The app's (or tab's) actor name; its ``client_id`` is :attr:`Client.client_id`."""
        return self.client.name

    # -- logging in ------------------------------------------------------------------------

    def sign_in(
        self, audience: str, reason: LoginReason, cause: str
    ) -> Generator[simpy.Event, Any, Response | None]:
        """Get tokens for ``audience``: silently if an implicit app can, else a login event."""
        client = self.client
        if (
            self.config.login_flow == "implicit"
            and reason != LoginReason.FIRST
            and client.browser.idp_session is not None
        ):
            silent = yield from self.authorize(audience, interactive=False)
            if silent is not None and silent.ok:
                return silent
        return (yield from self._interactive(audience, reason, cause))

    def _interactive(
        self, audience: str, reason: LoginReason, cause: str
    ) -> Generator[simpy.Event, Any, Response | None]:
        """The user goes to the login page: a ``login`` event, an authorization with ``user``."""
        client = self.client
        if self.failed:
            reason, cause = LoginReason.LOGIN_FAILED, self.failed
        client.store.logins += 1
        client.record(
            Login(
                t=self.env.now, actor=self.name, user=client.user, reason=str(reason), cause=cause
            )
        )
        response = yield from self.authorize(audience, interactive=True)
        self.failed = _failure(response)
        return response

    def authorize(
        self, audience: str, *, interactive: bool
    ) -> Generator[simpy.Event, Any, Response | None]:
        """One authorization (legs 1 to 4): the token response, a refusal, or None."""
        pending = self._start(audience)
        browser = self.client.browser
        params = self._request(pending, interactive)
        answer = yield from self._send(browser.name, "authorize", params)
        if not answer.ok:
            self.pending = None
            return answer
        browser.idp_session = str(answer.body["idp_session"])
        self.front.navigate(browser, str(answer.body["location"]), self, top_level=interactive)
        yield pending.arrived | self.env.timeout(self.config.timeout)
        self.pending = None
        if not pending.arrived.triggered:
            return Response(400, detail="no_redirect")
        return (yield from self.complete(str(pending.arrived.value), pending))

    def _start(self, audience: str) -> Pending:
        """A new pending authorization with fresh one-time values (always drawn, all three)."""
        state, nonce = random_string(self.rng, 16), random_string(self.rng, 16)
        self.pending = Pending(state, nonce, code_verifier(self.rng), audience, self.env.event())
        return self.pending

    def _request(self, pending: Pending, interactive: bool) -> dict[str, str]:
        """The authorization request's parameters (see the module docstring)."""
        cfg, client = self.config, self.client
        implicit = cfg.login_flow == "implicit"
        scope = client.login_scope().split(" ")  # no refresh token comes with an implicit grant
        params = {
            "response_type": "token" if implicit else "code",
            "client_id": self.client.client_id,
            "redirect_uri": self.redirect_uri,
            "scope": " ".join(t for t in scope if not (implicit and t == OFFLINE_ACCESS)),
            "audience": pending.audience,
            "nonce": pending.nonce,
        }
        if cfg.use_state:
            params["state"] = pending.state
        if cfg.pkce != "none" and not implicit:
            params["code_challenge"] = code_challenge(pending.verifier, cfg.pkce)
            params["code_challenge_method"] = cfg.pkce
        if client.browser.idp_session is not None:
            params["idp_session"] = client.browser.idp_session
        if interactive:
            params["user"] = client.user
        else:
            params["prompt"] = "none"
        return params

    def complete(
        self, location: str, pending: Pending | None
    ) -> Generator[simpy.Event, Any, Response | None]:
        """Turn a response the app took into tokens: the fragment's, or a redeemed code."""
        implicit = token_response(location)
        if implicit is not None:
            return implicit
        code = response_params(location).get("code")
        if code is None:
            return Response(400, detail="no_code")
        verifier = pending.verifier if pending is not None and self.config.pkce != "none" else None
        params = self.client.token_params(  # with the app's client_id, or its credentials
            grant_type="authorization_code",
            code=code,
            redirect_uri=self.redirect_uri,
            **({} if verifier is None else {"code_verifier": verifier}),
        )
        answer = yield from proven(
            self.client.prover,
            "POST",
            TOKEN_URL,
            None,
            lambda proof: self._send(self.name, "token", params, proof),
        )
        assert answer is not None  # _send sends again until answered
        return answer

    def _send(
        self, sender: str, endpoint: str, params: Mapping[str, str], proof: str | None = None
    ) -> Generator[simpy.Event, Any, Response]:
        """A request to the auth server, sent again while it is lost (as a login is)."""
        client = self.client
        while True:
            response = yield from client.network.request(
                sender, client.auth_server, endpoint, None, params, proof=proof
            )
            if response is not None:
                return response

    # -- the redirect URI ------------------------------------------------------------------

    def check(self, location: str) -> str:
        """Whether the app takes a response delivered to its redirect URI (``""``) or why not."""
        pending, cfg = self.pending, self.config
        if cfg.use_state:
            state = response_params(location).get("state")
            if pending is None or state != pending.state:
                return CallbackRefusal.STATE_MISMATCH.value
        elif pending is None and cfg.pkce != "none" and cfg.login_flow == "code":
            return CallbackRefusal.UNEXPECTED_RESPONSE.value
        return ""

    def take(self, location: str) -> None:
        """Hand the response to the pending authorization, or redeem an unsolicited one."""
        pending = self.pending
        if pending is not None and not pending.arrived.triggered:
            pending.arrived.succeed(location)
        else:
            self.env.process(self._unsolicited(location))

    def _unsolicited(self, location: str) -> Generator[simpy.Event, Any, None]:
        """Keep the tokens an unsolicited response brings (what login CSRF relies on)."""
        response = yield from self.complete(location, None)
        if response is not None and response.ok:
            store = self.client.store
            store.clear()
            store.keep(next(iter(self.client.resource_servers)), response.body, self.env.now)


def wire_app(client: Client, front: FrontChannel, rng: random.Random) -> None:
    """With a real login flow, give ``client`` its side of it (the registry knows the app).

    ``rng`` is the app's own generator (``{name}/oauth``) for its one-time values, so that a
    flow leaves every other draw of the run as it was.
    """
    config = client.config
    if config.login_flow != "direct":
        client.flow = AppFlow(client, front, rng)
        front.add_app(client.user, client.flow)


def _failure(response: Response | None) -> str:
    """Why a login failed (the refusal's reason, or the app's own), or ``""`` if it did not."""
    if response is None:
        return "lost"
    if response.ok:
        return ""
    return str(response.reason) or response.detail
