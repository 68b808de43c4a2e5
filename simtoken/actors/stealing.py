"""Stealing: what the attacker copies at the theft, and which DPoP key it can sign with after.

The attacker (:class:`~simtoken.actors.attacker.Attacker`) decides *when* to steal and what to do
with the loot; this mixin is the theft itself, ground truth the servers never see:

* **Copying** (``xss``, ``persistent_xss``, ``device``, ``sniffing``, ``log_leak``): the
  victim's current refresh token and access tokens, as far as the vector can read where the app
  keeps them (:mod:`simtoken.actors.cookie_attacks` says what is readable), each copy a
  ``stolen`` event. With ``persistent_xss`` the injected script copies again every
  ``resteal_interval`` seconds while the victim's app runs, so rotation hands it every new
  refresh token. An attempt (or part of one) that gets nothing is a ``theft_failed`` event
  saying why.
* **A new flow** (``new_flow``): the script starts its own login as the victim's app (its
  public ``client_id``; never a confidential client's secret) and keeps the independent token
  family it gets (draft-ietf-oauth-browser-based-apps §5.1.3).
* **The DPoP key** (RFC 9449): an *extractable* key is copied with the tokens (a ``stolen``
  event of type ``dpop_key``) by a vector that reads the device or the page, and then signs the
  attacker's proofs anywhere. A *non-extractable* key cannot be copied; a script in the page
  can only make the page sign with it while the user has it open (requests noted ``page``;
  RFC 9449 §11.4), or, with ``attacker_strategy=precompute``, have it sign proofs ahead for
  after the page closes (:mod:`simtoken.actors.precompute`). Otherwise the attacker signs with
  its own key, which bound tokens reject.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

import simpy

from simtoken.actors.cookie_attacks import CookieAttacks
from simtoken.actors.detection import Remediation
from simtoken.actors.network import ActorProcess
from simtoken.actors.precompute import PRECOMPUTED, Precomputing
from simtoken.jose.dpop_client import Prover
from simtoken.names import TOKEN_URL
from simtoken.record.events import Stolen, TheftFailed

__all__ = ["Stealing"]


class Stealing(CookieAttacks, Precomputing):
    """The theft and the keys it leaves the attacker (mixed into the attacker; see above)."""

    own_prover: Prover | None
    """With DPoP: the attacker's own key (wrong for the victim's bound tokens)."""
    stolen_prover: Prover | None
    """The victim's DPoP key, once an extractable one was stolen."""
    burnt: set[str]
    """Refresh tokens the auth server refused the attacker: a re-steal skips them."""
    remediation: Remediation | None = None
    """Which users' injected scripts an operator removed (a persistent XSS stops there)."""

    @property
    def vector(self) -> str:
        """How this attacker steals: the run's ``theft_vector`` (the events name it)."""
        return self.config.theft_vector

    def _failed(self, reason: str) -> None:
        self.record(
            TheftFailed(
                t=self.env.now,
                actor=self.name,
                victim=self.victim.user,
                vector=self.vector,
                reason=reason,
            )
        )

    def _steal(self) -> None:
        """Copy the victim's current tokens (a ``stolen`` event each), and an extractable key."""
        victim = self.victim.store
        key_prover = self.victim.prover
        if (
            key_prover is not None
            and self.stolen_prover is None
            and key_prover.key.extractable
            and self.config.theft_vector in ("xss", "persistent_xss", "device")
        ):
            self.stolen_prover = Prover(key_prover.key, key_prover.clock, key_prover.now, self.rng)
            self._took(key_prover.key.thumbprint, "dpop_key")
        refresh = self._readable_refresh()
        if (
            refresh is not None
            and refresh != self.store.refresh_token
            and refresh not in self.burnt
        ):
            self.store.refresh_token = refresh
            self._took(refresh, "refresh")
        for audience, held in victim.access.items() if self._access_readable() else ():
            mine = self.store.access.get(audience)
            if mine is None or mine.token != held.token:
                self.store.access[audience] = held
                self._took(held.token, "access")
        if key_prover is not None and self._page_key() is not None:
            self._sign_ahead(key_prover)  # precompute: while the page is open

    def _took(self, token: str, token_type: str) -> None:
        self.record(
            Stolen(
                t=self.env.now,
                actor=self.name,
                victim=self.victim.user,
                vector=self.vector,
                token=token,
                token_type=token_type,
            )
        )

    def script_running(self) -> bool:
        """A persistent script is in the app until the user leaves for good or it is removed."""
        removed = self.remediation is not None and self.victim.user in self.remediation.removed
        return not self.victim.done and not removed

    def _resteal(self) -> ActorProcess:
        while self.script_running():
            yield self.env.timeout(self.config.resteal_interval)
            if self.script_running():  # it may have been removed meanwhile
                self._steal()

    def _new_flow(self) -> Generator[simpy.Event, Any, None]:
        params = {
            "user": self.victim.user,
            "audience": self.audience,
            "scope": "openid offline_access",
            "client_id": self.victim.client_id,  # the page's own app: the thief has no secret
        }
        proof, note = self._proof("POST", TOKEN_URL)
        response = yield from self.network.request(
            self.name, self.auth_server, "login", None, params, note, proof
        )
        if response is not None and response.ok:
            self.store.keep(self.audience, response.body, self.env.now)
            self._answered(response.body)  # its own fingerprint cookie, if any

    def _page_key(self) -> Prover | None:
        """The page's own DPoP key, if a script in the page can sign with it but not take it."""
        page = self.victim.prover
        online = self.config.theft_vector in ("xss", "persistent_xss")
        if page is None or not online or self.stolen_prover is not None:
            return None
        return None if page.key.extractable else page

    def _proof(self, htm: str, htu: str, access_token: str | None = None) -> tuple[str | None, str]:
        """A DPoP proof with the best key at hand (None without DPoP), and the request's note.

        The victim's key if it was extractable and stolen; while the user has the page open,
        script in that page can sign with the page's own non-extractable key (RFC 9449 §11.4:
        the request is noted ``page``); otherwise only the attacker's own key, which bound
        tokens reject. With ``attacker_strategy=precompute``, once the page is closed, a proof
        signed ahead while it was open (noted ``precomputed``).
        """
        if self.stolen_prover is not None:
            return self.stolen_prover(htm, htu, access_token), ""
        page = self._page_key()
        if page is not None and self.victim.active and not self.victim.done:
            self._sign_ahead(page)  # precompute: while the page is open
            return page(htm, htu, access_token), "page"
        ahead = self._presigned(htm, htu, access_token)
        if ahead is not None:
            return ahead, PRECOMPUTED
        own = self.own_prover
        return (None if own is None else own(htm, htu, access_token)), ""
