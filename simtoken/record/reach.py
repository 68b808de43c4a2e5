"""A stolen token's reach: what the attacker's API calls could do, scope by scope.

``attacker_api_calls`` says *how many* of the attacker's API calls got in; with API operations
(``operations``: read, write, delete) the question a defender asks next is *which*: did the
thief only read, or also write and delete? A token carries the scopes its client asked for and
was granted (:mod:`simtoken.jose.scopes`), so a client that asked for less (least privilege)
hands a thief less. Counted from the trace, by the scope each call needed
(``<api>:<operation>``; a call naming no operation asks for the API's first):

* ``attacker_api_calls_by_scope``: the attacker's API calls an API *accepted*, per scope
  needed; they add up to ``attacker_api_calls`` (riding calls and calls with forged tokens
  included), so no accepted call hides;
* ``attacker_scope_refusals``: those refused 403 ``insufficient_scope`` (RFC 6750 §3.1), per
  scope needed: what the thief tried and its token's scope did not allow.

Both are empty when the APIs have no operations (every accepted call is then in
``attacker_api_calls`` alone).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import NamedTuple

from simtoken.config.run import RunConfig
from simtoken.jose.scopes import scope_for
from simtoken.names import ATTACKER, server_name
from simtoken.record.events import Accepted, Event, Rejected, Request
from simtoken.record.reasons import ServerReason
from simtoken.record.trace import Trace

__all__ = ["Reach", "attacker_reach"]


class Reach(NamedTuple):
    """The reach metrics of a run, each a count per scope, sorted by scope."""

    attacker_api_calls_by_scope: dict[str, int]
    attacker_scope_refusals: dict[str, int]


def attacker_reach(events: Iterable[Event], config: RunConfig) -> Reach:
    """The reach metrics of a run (see the module docstring)."""
    accepted: Counter[str] = Counter()
    refused: Counter[str] = Counter()
    if config.operations:
        trace = Trace.of(events)
        apis = {server_name(audience): audience for audience in config.audiences}
        for e in trace:
            if not (isinstance(e, Request) and e.endpoint == "api" and e.actor == ATTACKER):
                continue
            audience = apis.get(e.target)
            outcome = trace.outcome(e.request_id)
            if audience is None or outcome is None:
                continue
            needed = scope_for(audience, e.operation or config.operations[0])
            if isinstance(outcome, Accepted):
                accepted[needed] += 1
            elif (
                isinstance(outcome, Rejected) and outcome.reason == ServerReason.INSUFFICIENT_SCOPE
            ):
                refused[needed] += 1
    return Reach(dict(sorted(accepted.items())), dict(sorted(refused.items())))
