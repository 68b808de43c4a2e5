"""Pre-computed DPoP proofs: a script in the page signs ahead, the attacker uses them later.

A DPoP proof's ``iat`` is whatever the signer writes (RFC 9449 §4.2). A script injected into
the victim's page cannot read a non-extractable key, but while the page is open it can make the
page sign anything, including proofs dated in the future (RFC 9449 §11.2, pre-generated proofs;
§11.4, untrusted code in the client context). With ``attacker_strategy=precompute`` it does so
each time it acts through the open page (at the theft, at each re-read with
``persistent_xss``, and at each of its requests through the page):

* for the token endpoint (``POST``, no ``ath``): a proof every ``precompute_step`` seconds of
  ``iat`` from now to ``precompute_horizon`` ahead, for its refreshes;
* for the API, one series per access token it holds, each proof bound to that token by its
  ``ath`` (the token's SHA-256): from now to the token's expiry. ``ath`` makes a proof good for
  one access token only, so the tokens of later refreshes have no proofs until the page opens
  again.

Once the page is closed, the attacker sends each request with the unused proof whose ``iat``
is nearest to now (noted ``precomputed``). The servers' own checks still apply: the proof must
be within their ``iat`` window (±300 s; RFC 9449 §11.1) and is good once (its ``jti`` is
remembered). With server nonces (``use_dpop_nonce``, RFC 9449 §8, §9) each proof carries the
nonce the page knew when the script had it signed (the script sees the page's answers), and
the script signs again whenever the page learns a newer one; after the page closes the proofs
work only until that nonce is retired, at most two ``dpop_nonce_lifetime`` after it was issued,
instead of until ``precompute_horizon``. Proofs the script could date after the nonce's
retirement are refused ``dpop_nonce_invalid``: a proof cannot carry a nonce issued after it was
signed.

While the page is closed and it has no proof for the request it would send, the attacker lies
low, looking again every :data:`POLL` seconds, rather than send a request it knows will fail.
"""

from __future__ import annotations

import bisect
import random
from collections.abc import Callable, Generator, Mapping
from typing import Any

import simpy

from simtoken.actors.client import Client
from simtoken.actors.network import Network, Response
from simtoken.actors.nonces import NONCE_REASONS
from simtoken.actors.storage import HeldToken, TokenStore
from simtoken.config.run import RunConfig
from simtoken.jose.dpop_client import Prover, access_token_hash, make_proof
from simtoken.jose.scopes import METHODS
from simtoken.jose.uris import without_query
from simtoken.names import TOKEN_URL, api_url
from simtoken.record.proof_metrics import PRECOMPUTED_NOTE

__all__ = ["POLL", "PRECOMPUTED", "Precomputing", "ProofStash", "SignedSend"]

PRECOMPUTED = PRECOMPUTED_NOTE
"""The note of a request the attacker sent with a proof signed ahead in the victim's page."""

POLL = 30.0
"""Seconds between the idle attacker's looks at the page and at its stash."""

WINDOW = 300.0
"""The servers' ``iat`` window either side of their clock (``ProofVerifier``'s default)."""

SignedSend = Callable[[str | None, str], Generator[simpy.Event, Any, Response | None]]
"""Sends the attacker's request with a proof and a note; returns the answer (None: lost)."""

_Request = tuple[str, str, str]
"""A request a proof is for: method, URI without query, ``ath`` (empty without a token)."""


class ProofStash:
    """The proofs signed ahead, per request, sorted by ``iat`` (sim time); each is used once."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self._proofs: dict[_Request, list[tuple[float, str]]] = {}
        self._covered: dict[_Request, tuple[float, str | None]] = {}
        """Per request: the last ``iat`` signed so far and the nonce the proofs carry."""

    @staticmethod
    def _key(htm: str, htu: str, access_token: str | None) -> _Request:
        ath = "" if access_token is None else access_token_hash(access_token)
        return htm, without_query(htu), ath

    def sign_ahead(
        self,
        page: Prover,
        request: tuple[str, str, str | None],
        now: float,
        until: float,
        step: float,
    ) -> int:
        """Make ``page`` sign proofs for ``request`` with ``iat`` from ``now`` to ``until``.

        Only the ``iat`` values not yet covered; all of them again (from now on) if the page
        knows a newer nonce than the proofs carry. Returns how many proofs were signed.
        """
        htm, htu, access_token = request
        key = self._key(htm, htu, access_token)
        nonce = page.nonces.get(without_query(htu))
        last, had = self._covered.get(key, (now - step, nonce))
        stash = self._proofs.setdefault(key, [])
        if had != nonce:  # the page learned a newer nonce: sign the future again with it
            del stash[bisect.bisect_left(stash, (now, "")) :]
            last = now - step
        at, signed = max(now, last + step), 0
        while at <= until:
            jti = f"{self.rng.getrandbits(64):016x}"
            proof = make_proof(
                page.key, htm=htm, htu=htu, now=at, jti=jti, clock=page.clock,
                access_token=access_token, nonce=nonce,
            )  # fmt: skip
            stash.append((at, proof))
            last, at, signed = at, at + step, signed + 1
        self._covered[key] = (last, nonce)
        return signed

    def take(self, htm: str, htu: str, access_token: str | None, now: float) -> str | None:
        """The unused proof for this request with ``iat`` nearest ``now``, if within the window."""
        stash = self._proofs.get(self._key(htm, htu, access_token), [])
        best = min(range(len(stash)), key=lambda i: abs(stash[i][0] - now), default=None)
        if best is None or abs(stash[best][0] - now) > WINDOW:
            return None
        return stash.pop(best)[1]

    def has(self, htm: str, htu: str, access_token: str | None, now: float) -> bool:
        """Whether :meth:`take` would find a proof for this request now."""
        stash = self._proofs.get(self._key(htm, htu, access_token), [])
        return any(abs(iat - now) <= WINDOW for iat, _ in stash)

    def later(self, now: float) -> bool:
        """Whether any proof is left that will still be usable at or after ``now``."""
        return any(iat + WINDOW >= now for stash in self._proofs.values() for iat, _ in stash)


class Precomputing:
    """The attacker's signing ahead (mixed into :class:`~simtoken.actors.attacker.Attacker`)."""

    env: simpy.Environment
    config: RunConfig
    victim: Client
    store: TokenStore
    audience: str
    precompute_rng: random.Random | None
    own_prover: Prover | None
    stolen_prover: Prover | None
    name: str
    network: Network
    stash: ProofStash | None = None

    def _sender(
        self, target: str, endpoint: str, token: str | None, params: Mapping[str, str] | None
    ) -> SignedSend:
        """Sends the attacker's request to ``target`` with the proof and note it is given."""

        def send(proof: str | None, note: str) -> Generator[simpy.Event, Any, Response | None]:
            return self.network.request(self.name, target, endpoint, token, params, note, proof)

        return send

    def _proof(self, htm: str, htu: str, access_token: str | None = None) -> tuple[str | None, str]:
        raise NotImplementedError  # pragma: no cover - Stealing's

    def _page_key(self) -> Prover | None:
        raise NotImplementedError  # pragma: no cover - Stealing's

    def _signed(
        self, htm: str, htu: str, access_token: str | None, send: SignedSend
    ) -> Generator[simpy.Event, Any, Response | None]:
        """Send with the best proof at hand; on a nonce refusal learn the nonce and retry once.

        A server nonce does not stop a thief who signs live (a stolen extractable key, or the
        open page): it learns the nonce like any client (RFC 9449 §8 protects against proofs
        made *ahead*, not against a stolen key). A proof signed ahead cannot be signed again.
        """
        response: Response | None = None
        for attempt in range(2):
            proof, note = self._proof(htm, htu, access_token)
            response = yield from send(proof, note)
            signer = self._signer(note)
            if response is None or signer is None:
                break
            if response.dpop_nonce:
                signer.learn(htu, response.dpop_nonce)
            if attempt or response.reason not in NONCE_REASONS or not response.dpop_nonce:
                break
        return response

    def _signer(self, note: str) -> Prover | None:
        """The prover that signed a proof sent with ``note`` (None: signed ahead)."""
        if note == PRECOMPUTED:
            return None
        if self.stolen_prover is not None:
            return self.stolen_prover
        return self._page_key() if note == "page" else self.own_prover

    def _page_is_open(self) -> bool:
        return self.victim.active and not self.victim.done

    def _precomputing(self) -> bool:
        return self.config.attacker_strategy == "precompute" and self.precompute_rng is not None

    def _methods(self) -> list[str]:
        """The HTTP methods of the API's operations (``GET`` without operations)."""
        return sorted({METHODS.get(op, "GET") for op in self.config.operations} or {"GET"})

    def _sign_ahead(self, page: Prover) -> None:
        """While the page is open: top up the proofs for refreshes and each access token held."""
        if not self._precomputing() or not self._page_is_open():
            return
        if self.stash is None:
            assert self.precompute_rng is not None
            self.stash = ProofStash(self.precompute_rng)
        cfg, now = self.config, self.env.now
        step = cfg.precompute_step
        self.stash.sign_ahead(
            page, ("POST", TOKEN_URL, None), now, now + cfg.precompute_horizon, step
        )
        for held in self.store.access.values():
            until = min(held.expires_at, now + cfg.precompute_horizon)
            for method in self._methods():
                request = (method, api_url(self.audience), held.token)
                self.stash.sign_ahead(page, request, now, until, step)

    def _presigned(self, htm: str, htu: str, access_token: str | None) -> str | None:
        """With the page closed: a proof signed ahead for this request, if one fits now."""
        if self.stash is None or self._page_is_open():
            return None
        return self.stash.take(htm, htu, access_token, self.env.now)

    def _lie_low(self, held: HeldToken | None, due: bool) -> Generator[simpy.Event, Any, bool]:
        """Wait a while if the page is closed and no proof fits the next request (True: waited).

        The next request is a refresh if no access token is held or it is ``due``, else an API
        call with it. Never waits once no proof is left for later (the attacker then goes on
        and fails, as without pre-computed proofs).
        """
        stash, now = self.stash, self.env.now
        if stash is None or self._page_is_open() or not stash.later(now):
            return False
        if held is None or due:
            ready = self.store.refresh_token is not None and stash.has("POST", TOKEN_URL, None, now)
        else:
            url = api_url(self.audience)
            ready = any(stash.has(m, url, held.token, now) for m in self._methods())
        if ready:
            return False
        yield self.env.timeout(POLL)
        return True
