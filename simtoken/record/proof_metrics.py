"""Metrics of DPoP server nonces and pre-computed proofs, computed from the trace alone.

Server nonces (RFC 9449 §8, §9) cost the honest clients round trips; proofs a script made the
victim's page sign ahead (RFC 9449 §11.2, §11.4) give the attacker requests after the page
closed. Exactly:

* ``nonce_retries``: requests *not* sent by the attacker (the users' apps and tabs, the
  workers) that a server refused ``use_dpop_nonce`` or ``dpop_nonce_invalid``. Each is one
  round trip the client paid to learn a nonce before sending the request again with a new proof
  (:mod:`simtoken.actors.nonces`); the refusals also count in ``rejections`` and, at the auth
  server, in ``as_load_per_h``.
* ``attacker_precomputed_calls``: ``accepted`` outcomes of the attacker's requests noted
  ``precomputed``, API calls and refreshes, each made with a proof signed ahead while the
  victim's page was open and sent after it closed (:mod:`simtoken.actors.precompute`). The API
  calls among them also count in ``attacker_api_calls``. The windows ``attacker_access_s`` and
  ``attacker_refresh_s`` do not count them: a token bound to the victim's non-extractable key
  counts there only while the page is open, and these requests are made with the page closed.
* ``attacker_precomputed_reach_s``: the longest time, over those accepted requests, from the
  victim's page last closing (its latest ``page`` event with the page closed) to the request;
  None if no pre-computed proof was accepted. Without nonces it runs up to the proofs' horizon
  (or the tokens' own limits); with nonces it stays under two ``dpop_nonce_lifetime`` (the
  nonce the proofs carry is retired by then).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from simtoken.config.run import RunConfig
from simtoken.jose.dpop import DPoPReason
from simtoken.names import ATTACKER
from simtoken.record.events import Accepted, Event, Page, Rejected, Request
from simtoken.record.trace import Trace

__all__ = ["NONCE_REASONS", "PRECOMPUTED_NOTE", "proof_metrics"]

PRECOMPUTED_NOTE = "precomputed"
"""The note of a request the attacker sent with a proof signed ahead in the victim's page."""

NONCE_REASONS = frozenset({DPoPReason.USE_NONCE.value, DPoPReason.NONCE_INVALID.value})
"""The refusals that ask a client to retry with a (new) DPoP nonce (RFC 9449 §8, §9)."""


def proof_metrics(events: Sequence[Event], config: RunConfig) -> dict[str, Any]:
    """The nonce and pre-computed-proof metrics of a run (see the module docstring)."""
    del config  # every number is in the trace
    trace = Trace.of(events)
    retries = 0
    for refusal in trace.only(Rejected):  # order does not matter for a count
        if refusal.reason in NONCE_REASONS:
            request = trace.request(refusal.request_id)
            retries += request is not None and request.actor != ATTACKER
    calls = 0
    reach: float | None = None
    closed_at: float | None = None
    precomputed = any(e.note == PRECOMPUTED_NOTE for e in trace.only(Request))
    # A call's reach counts from the page's closing: an ordered pass, if there are such calls.
    for e in trace.only(Page, Request) if precomputed else ():
        if isinstance(e, Page):
            closed_at = None if e.is_open else e.t
        elif (
            isinstance(e, Request)
            and e.note == PRECOMPUTED_NOTE
            and isinstance(trace.outcome(e.request_id), Accepted)
        ):
            calls += 1
            since = e.t - (closed_at if closed_at is not None else e.t)
            reach = round(since if reach is None else max(reach, since), 6)
    return {
        "nonce_retries": retries,
        "attacker_precomputed_calls": calls,
        "attacker_precomputed_reach_s": reach,
    }
