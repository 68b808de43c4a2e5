"""Acting through the victim's open page: what a script in the page can do with no token.

A script injected into the victim's page (or a thief holding the victim's session cookie) may
get no usable token at all: a backend-for-frontend keeps the tokens server-side behind an
HttpOnly cookie, and a non-extractable DPoP key cannot be read out of the browser
(RFC 9449 §11.4). It can still act *online*, through the page, while the user has it open: the
BFF forwards its calls like the page's own, and the page's key signs its proofs. This mixin
gives the attacker that behaviour and records the ground truth the metrics need: each opening
and closing of the page (``page`` events) from the theft on.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Generator
from typing import Any

import simpy

from simtoken.actors.client import Client
from simtoken.actors.network import ActorProcess, Network
from simtoken.config.run import RunConfig
from simtoken.names import TOKEN_URL
from simtoken.record.events import Event, Page

__all__ = ["ThroughPage"]


class ThroughPage:
    """The attacker's online side (mixed into :class:`~simtoken.actors.attacker.Attacker`)."""

    env: simpy.Environment
    name: str
    record: Callable[[Event], None]
    network: Network
    victim: Client
    auth_server: str
    config: RunConfig
    rng: random.Random
    audience: str
    api: str
    page_open: bool | None
    """The victim's page as last recorded (None: not watched, no foothold in it)."""
    ops_rng: random.Random | None

    def _operation(self) -> str:
        """The operation of the attacker's next API call: any the API offers (empty: none)."""
        operations = self.config.operations
        if not operations or self.ops_rng is None:
            return ""
        return self.ops_rng.choice(operations)

    @staticmethod
    def _asked(operation: str) -> dict[str, str] | None:
        """An API request's parameters for ``operation`` (None without one)."""
        return {"operation": operation} if operation else None

    def _watch_page(self) -> None:
        """From now on, record each opening and closing of the victim's page (``page``)."""
        self.victim.store.watchers.append(self._page_changed)
        self._page_changed()
        if self.victim.stops_at > self.env.now:
            self.env.process(self._closes_at(self.victim.stops_at))

    def _closes_at(self, at: float) -> ActorProcess:
        yield self.env.timeout(at - self.env.now)
        self._page_changed()

    def _page_changed(self) -> None:
        victim = self.victim
        now_open = victim.active and not victim.done
        if now_open != self.page_open:
            self.page_open = now_open
            self.record(
                Page(
                    t=self.env.now,
                    actor=self.name,
                    victim=victim.user,
                    client=victim.name,
                    is_open=now_open,
                )
            )

    def _ride(self) -> ActorProcess:
        """Act through the victim's open page: the BFF forwards each call with its token."""
        self._watch_page()
        while not self.victim.done:
            yield self.env.timeout(self.rng.expovariate(1.0 / self.config.attacker_interval))
            if not self.victim.active or self.victim.done:
                continue
            stale: str | None = None
            asked = self._asked(self._operation())
            for _attempt in range(2):  # on a 401, the BFF refreshes and retries once
                token = yield from self._forwarded_token(stale)
                if token is None:
                    break
                sent = yield from self.victim._bound_params(self.audience, asked, "riding")
                response = yield from self.network.request(
                    self.name, self.api, "api", token, sent, note="riding"
                )
                if response is None or response.status != 401:
                    break
                stale = token

    def _forwarded_token(
        self, stale: str | None, note: str = "riding"
    ) -> Generator[simpy.Event, Any, str | None]:
        """The access token the BFF forwards a riding request with, as for the page's own.

        The BFF holds the session's tokens server-side and knows when its access token expires
        (``expires_in``, RFC 6749 §5.1): it refreshes first when the token has expired (or,
        with proactive refresh, is within ``refresh_margin`` of it) or the API just refused it
        (``stale``), as the victim's client does, and stores the answer for the page. No
        interactive login: nobody types a password for a riding script, so a session that
        cannot be refreshed forwards nothing. The BFF's refresh is noted ``note``.
        """
        victim, cfg = self.victim, self.config
        store = victim.store
        while store.refreshing is not None:  # the page is refreshing: wait for its answer
            yield store.refreshing
        held = store.access.get(self.audience)
        margin = cfg.refresh_margin if cfg.refresh == "proactive" else 0.0
        if held is not None and held.token != stale and self.env.now < held.expires_at - margin:
            return held.token
        if cfg.refresh == "none" or store.refresh_token is None:
            return None
        proof = None if victim.prover is None else victim.prover("POST", TOKEN_URL)
        response = yield from self.network.request(
            victim.name,
            self.auth_server,
            "refresh",
            store.refresh_token,
            victim.token_params(audience=self.audience),  # the BFF holds the app's secret
            note=note,
            proof=proof,
        )
        if response is None or not response.ok:
            return None
        return store.keep(self.audience, response.body, self.env.now)
