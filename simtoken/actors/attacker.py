"""The attacker: steals tokens from the victim's app and uses them, as its strategy says.

The attacker is a SimPy process with *ground truth* the servers never see: what it stole,
when, and from whom (``stolen`` events). Servers only see requests carrying tokens; a stolen
bearer token looks exactly like the victim's. This module holds its timeline and its use of
the loot; the theft itself (what each vector copies, and the DPoP key it can sign with after)
is :mod:`simtoken.actors.stealing`'s.

**Theft vectors**, gated by where the victim's app keeps its tokens (``storage``):

============== ===================================================================================
vector         gets
============== ===================================================================================
xss            tokens in web storage or JS memory; never an HttpOnly cookie (``cookie_rt``: the
               access token from memory, and new ones by refreshing through the open page, see
               :mod:`simtoken.actors.cookie_attacks`; ``cookie_bff``: the
               tokens live on the backend-for-frontend, the script can only *ride* the open
               page, online, while the user has it open: the BFF forwards its calls with the
               session's access token, refreshing it first when it has expired, as for the
               page's own calls) and nothing from a native keystore
persistent_xss the same, and the injected script re-reads the newest tokens every
               ``resteal_interval`` seconds, so rotation hands it every new refresh token
device         everything stored on the device (web storage, memory, keystore); with a BFF, the
               session cookie, i.e. riding the session while the user's page is open
sniffing       every token on the wire, but only if ``tls`` is off; with ``cookie_rt``, also a
               refresh cookie without ``Secure`` on a typed ``http://`` URL
log_leak       the access and refresh token a log line captured at the time of the theft
new_flow       runs its own silent authorization flow in the page (a hidden iframe) and gets an
               independent token family (browser-apps BCP §5.1.3); fails with a BFF or keystore,
               and with an HttpOnly refresh cookie (``cookie_rt``)
csrf           no token: the victim's browser sends cross-site requests that ride the app's
               cookie (``cookie_rt``, ``cookie_bff``); nothing rides along with the other storages
============== ===================================================================================

**Strategies**: ``immediate`` (use at once, refresh ahead of expiry so a valid access token is
always at hand), ``wait_offline`` (lie low until the user closes the app for good, then act),
``aggressive`` (refresh at once and then at every half-life, to hold the chain), ``quiet`` (use
access tokens only, never refresh: nothing to detect), ``race`` (refresh just before the
victim's next refresh is due), ``precompute`` (as ``immediate``, and a script in the page signs
DPoP proofs ahead while the page is open, for after it closes: :mod:`simtoken.actors.precompute`).

**Client and scopes.** The attacker names the victim's app (its ``client_id`` is public, and
in every token) but never has a confidential client's secret: the secret stays on the app's
server, out of reach of a script in the page or a thief of the device, so each token request it
makes for a confidential client is refused ``invalid_client`` (RFC 6749 §5.2), a stolen
refresh token included. With API operations it tries them all, each call drawing one from
its own generator (``attacker/ops``): a token of narrow scope is refused 403
``insufficient_scope`` for the rest (least privilege at work; see the ``scopes`` scenario).

**Through the page.** A script in the victim's page can also act *online*, through the page:
it rides a BFF session (requests noted ``riding``; the BFF's own refresh for such a request is
noted ``riding`` too), or signs DPoP proofs with the page's non-extractable key while the page
is open (requests noted ``page``; RFC 9449 §11.4). From the theft on, the attacker then records
when that page opens and closes (``page`` events, ground truth for the ``attacker_online_*``
metrics).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Generator
from typing import Any

import simpy

from simtoken.actors.client import Client
from simtoken.actors.cookie_attacks import HTTP_ONLY
from simtoken.actors.network import ActorProcess, Network, Response
from simtoken.actors.precompute import SignedSend
from simtoken.actors.stealing import Stealing
from simtoken.actors.storage import HeldToken, TokenStore
from simtoken.config.run import RunConfig
from simtoken.jose.dpop_client import Prover
from simtoken.jose.scopes import METHODS
from simtoken.names import ATTACKER, TOKEN_URL, api_url
from simtoken.record.events import Event

__all__ = ["Attacker"]


class Attacker(Stealing):
    """A thief with a vector and a strategy (see the module docstring); ``run()`` is its process."""

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
        prover: Prover | None = None,
        ops_rng: random.Random | None = None,
        precompute_rng: random.Random | None = None,
    ) -> None:
        self.env = env
        self.name = ATTACKER
        self.record = record
        self.network = network
        self.victim = victim
        self.auth_server = auth_server
        self.config = config
        self.rng = rng
        self.store = TokenStore()
        self.audience = next(iter(victim.resource_servers))
        self.api = victim.resource_servers[self.audience]
        self.riding = False
        self.own_prover = prover
        self.stolen_prover: Prover | None = None
        self.page_open: bool | None = None
        """The victim's page as last recorded (None: not watched, no foothold in it)."""
        self.ops_rng = ops_rng
        """With API operations: draws the operation of each of its calls."""
        self.precompute_rng = precompute_rng
        """With ``attacker_strategy=precompute``: draws the ids of the proofs signed ahead."""
        self.burnt: set[str] = set()
        """Refresh tokens the auth server refused it: a re-steal skips them."""

    # -- theft -------------------------------------------------------------------------------

    def run(self) -> ActorProcess:
        """Wait for the theft, take what the vector allows, then act on the strategy."""
        cfg = self.config
        yield self.env.timeout(cfg.theft_at)
        if cfg.infostealer:  # the BFF's session cookie leaves the device (binding_theft.py)
            yield from self._exfiltrate()
            return
        failure = self._blocked()
        if cfg.theft_vector == "persistent_xss" and not self.script_running():
            failure, self.riding = "the injected script was removed (remediation)", False
        if failure is not None:
            self._failed(failure)
            if self.riding:
                yield from self._ride()
            return
        if cfg.theft_vector == "new_flow":
            yield from self._new_flow()
        elif cfg.theft_vector == "csrf":
            yield from self._csrf()
            return
        else:
            self._steal()
            self._steal_fingerprint()
            if self._cookie_page():  # a partial theft: the access token, not the cookie
                self._failed(HTTP_ONLY)
            if cfg.theft_vector == "persistent_xss":
                self.env.process(self._resteal())
            if self._page_key() is not None or self._cookie_page() or self._fingerprint_page():
                self._watch_page()
        if self.store.refresh_token is None and not self.store.access and not self._cookie_page():
            return
        yield from self._use()
        if cfg.theft_vector == "persistent_xss":
            yield from self._persist()

    def _persist(self) -> Generator[simpy.Event, Any, None]:
        """A persistent script hands over the user's next family: use each, until it is removed."""
        while self.script_running():
            yield self.env.timeout(self.config.resteal_interval)
            if self.store.refresh_token is not None:
                yield from self._use()

    # -- use ---------------------------------------------------------------------------------

    def _use(self) -> Generator[simpy.Event, Any, None]:
        cfg = self.config
        strategy = cfg.attacker_strategy
        if strategy == "wait_offline":
            while not self.victim.done:  # until the user closes the app for good
                yield self.env.timeout(30.0)
        elif strategy == "race":
            held = self.victim.store.access.get(self.audience)
            if held is not None and held.expires_at > self.env.now + 1:
                yield self.env.timeout(held.expires_at - 1 - self.env.now)
            yield from self._refresh()
        elif strategy == "aggressive":
            yield from self._refresh()
        fresh = False  # the access token held came from a refresh just now
        while True:
            held = self.store.access.get(self.audience)
            refreshing = held is None or (strategy != "quiet" and self._due(held))
            if (yield from self._lie_low(held, refreshing)):  # precompute: no proof for it yet
                continue
            if held is None or refreshing:
                if strategy == "quiet" or not (yield from self._refresh()):
                    return
                fresh = True
                continue
            operation = self._operation()
            method = METHODS.get(operation, "GET")
            asked = self._asked(operation)
            response = yield from self._signed(
                method, api_url(self.audience), held.token, self._api_sender(held.token, asked)
            )
            gap = self.rng.expovariate(1.0 / cfg.attacker_interval)
            if response is not None and response.status == 401:
                if fresh:  # even a brand-new token is refused (an API clock behind): wait
                    fresh = False
                    yield self.env.timeout(gap)
                else:
                    del self.store.access[self.audience]
                continue
            fresh = False
            if strategy != "quiet":  # wake up in time to refresh ahead of expiry
                lifetime = cfg.policy.access_token_lifetime
                due = held.expires_at - min(cfg.refresh_margin, lifetime / 2)
                gap = min(gap, max(0.0, due - self.env.now))
            yield self.env.timeout(gap)

    def _api_sender(self, token: str, asked: dict[str, str] | None) -> SignedSend:
        """Sends an API call with the proof and note given, and any fingerprint cookie it has."""

        def send(proof: str | None, note: str) -> Generator[simpy.Event, Any, Response | None]:
            params, note = self._fingerprinted(asked, note)
            return self.network.request(self.name, self.api, "api", token, params, note, proof)

        return send

    def _due(self, held: HeldToken) -> bool:
        """Refresh ahead of expiry (a thief keeps a valid token); aggressive: at half-life."""
        lifetime = self.config.policy.access_token_lifetime
        margin = (
            lifetime / 2
            if self.config.attacker_strategy == "aggressive"
            else min(self.config.refresh_margin, lifetime / 2)
        )
        return self.env.now >= held.expires_at - margin

    def _refresh(self) -> Generator[simpy.Event, Any, bool]:
        if self.store.refresh_token is None:
            return (yield from self._page_refresh()) if self._cookie_page() else False
        token = self.store.refresh_token
        asked = {"audience": self.audience, "client_id": self.victim.client_id}
        response = yield from self._signed(
            "POST",
            TOKEN_URL,
            None,
            self._sender(self.auth_server, "refresh", token, asked),
        )
        if response is None or not response.ok:
            self.burnt.add(self.store.refresh_token)  # held: checked at the top
            self.store.refresh_token = None
            return False
        self.store.keep(self.audience, response.body, self.env.now)
        self._answered(response.body)  # a fingerprint cookie comes with the answer
        return True
