"""DPoP server nonces on the wire: servers hand them out, clients learn them and retry once.

With ``use_dpop_nonce`` (and ``sender_constraint=dpop``) the auth server and every API hold a
:class:`~simtoken.jose.dpop_nonce.NonceSource` and require its current (or previous) nonce in
each proof's ``nonce`` claim (RFC 9449 §8 at the token endpoint, §9 at a resource server):

* every answer of such a server carries its current nonce, the ``DPoP-Nonce`` header
  (:attr:`~simtoken.actors.network.Response.dpop_nonce`): in the refusal ``use_dpop_nonce``
  (400 at the auth server, 401 at an API) and in successful answers too (§8.2), so a client
  that keeps talking to a server keeps up with its rotation;
* a client (:func:`proven`) signs each proof with the last nonce that server gave it (the
  :class:`~simtoken.jose.dpop_client.Prover` remembers one per ``htu``), and on a nonce refusal
  carrying a nonce it learns it and sends the request once more with a new proof. That retry
  is the cost of nonces: one more round trip, and one more request the auth server handles
  (``as_load_per_h``), the first time a client meets a server and whenever it was away longer
  than the nonce lives; the refusals are counted by reason (``rejections``) and the metric
  ``nonce_retries`` (:mod:`simtoken.record.proof_metrics`).

Simplified: a nonce is per server, not per client, and the servers' clocks agree on its periods.
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Callable, Generator
from typing import Any

import simpy

from simtoken.actors.network import Response
from simtoken.config.run import RunConfig
from simtoken.jose.dpop import DPoPReason
from simtoken.jose.dpop_client import Prover
from simtoken.jose.dpop_nonce import NonceSource

__all__ = ["NONCE_REASONS", "accepted_nonces", "nonce_source", "proven", "stamp", "stamped"]

NONCE_REASONS = frozenset({DPoPReason.USE_NONCE, DPoPReason.NONCE_INVALID})
"""The refusals that ask the client for a (new) server nonce."""

Send = Callable[[str | None], Generator[simpy.Event, Any, Response | None]]
"""Sends one request with the given proof and returns its answer (None: lost)."""


def nonce_source(config: RunConfig, rng: random.Random) -> NonceSource | None:
    """A server's nonces under ``config`` (None unless ``use_dpop_nonce`` with DPoP)."""
    dpop = config.policy.sender_constraint == "dpop"
    return NonceSource(rng, config.dpop_nonce_lifetime) if config.use_dpop_nonce and dpop else None


def accepted_nonces(nonces: NonceSource | None, now: float) -> tuple[str, ...] | None:
    """The nonces a proof may carry now (None: the server requires none)."""
    return None if nonces is None else nonces.accepted(now)


def stamp(answer: Response, nonces: NonceSource | None, now: float) -> Response:
    """``answer`` with the server's current nonce as its ``DPoP-Nonce`` (unchanged without)."""
    return answer if nonces is None else dataclasses.replace(answer, dpop_nonce=nonces.current(now))


def stamped(
    answer: Response | Generator[simpy.Event, Any, Response],
    nonces: NonceSource | None,
    env: simpy.Environment,
) -> Response | Generator[simpy.Event, Any, Response]:
    """``answer`` with the server's current nonce as its ``DPoP-Nonce`` (unchanged without)."""
    if nonces is None:
        return answer
    if isinstance(answer, Response):
        return stamp(answer, nonces, env.now)
    return _stamped_later(answer, nonces, env)


def _stamped_later(
    work: Generator[simpy.Event, Any, Response], nonces: NonceSource, env: simpy.Environment
) -> Generator[simpy.Event, Any, Response]:
    response = yield from work
    return dataclasses.replace(response, dpop_nonce=nonces.current(env.now))


def proven(
    prover: Prover | None, htm: str, htu: str, access_token: str | None, send: Send
) -> Generator[simpy.Event, Any, Response | None]:
    """Send a request with a fresh proof; on a nonce refusal, learn the nonce and retry once."""
    if prover is None:
        return (yield from send(None))
    response: Response | None = None
    for attempt in range(2):
        response = yield from send(prover(htm, htu, access_token))
        if response is None:
            return None
        if response.dpop_nonce:
            prover.learn(htu, response.dpop_nonce)
        if attempt or response.reason not in NONCE_REASONS or not response.dpop_nonce:
            break
    return response
