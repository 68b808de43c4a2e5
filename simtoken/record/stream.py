"""Streaming metrics: a run that keeps its metrics exact without keeping its whole trace.

A population run (thousands of users for days) records millions of events, and most of them
are the users' ordinary API calls: a ``request`` to an API, its ``accepted`` (or ``rejected``)
answer and the ``call`` that wraps it. A run made with ``keep_trace=False`` (``simtoken.run``,
:meth:`simtoken.world.World.run`) does not keep those. It is an accountant who posts every
receipt to the ledger the moment it arrives and files only the receipts an auditor may ask
about:

* every event goes to the :class:`~simtoken.record.tally.Tally` at once, in trace order, so
  every counter the tally keeps (calls, successful calls, rejections per reason, auth-server
  load, logins ...) is exactly what one pass over the full trace gives;
* an event is then dropped only if no other metric can depend on it (the *ordinary call*):
  a legitimate client's (or worker's) ``api`` request without a note (so not made through a
  page, a stolen cookie, a forgery or a pre-computed proof), once its answer arrives and the
  answer is an ``accepted``, or a ``rejected`` for another reason than a DPoP nonce (those count
  in ``nonce_retries``), together with that answer; and every ``call`` of a legitimate client
  (only the tally counts calls). Every other event (tokens issued, logins, refreshes,
  revocations, everything the attacker does, lost requests and answers) is kept, in order.

The other metric functions read only kept events: none of them looks at an ordinary call
(:mod:`simtoken.record.metrics` and its helpers; ``tests/record/test_stream.py`` checks that
the metrics of both modes are equal across scenarios and seeds). The result of such a run has
an empty trace: what was kept is not a trace a learner should read or audit.

**Token stand-ins.** A signed JWT is some 500 characters (RS256: 800), and a population run
issues one or more per user every few minutes: kept whole, the token strings would be most of
the memory. Before it is tallied or kept, every event's ``token`` (and a request's DPoP
``proof``) is replaced by a *stand-in* (:func:`stand_in`): a 128-bit BLAKE2b digest of it, 22
characters. The same token always gets the same stand-in, two different tokens (almost surely:
a chance of about n²/2¹²⁹ for n tokens) different ones, and the metrics then only compare
tokens, so they do not change. The world keeps tokens whole (:func:`needs_tokens`) when a
metric reads what is inside a token (its claims, with a fingerprint or mTLS:
:func:`~simtoken.record.binding_windows.reads_claims`; its ``kid``, after a key leak:
:func:`~simtoken.record.compromise_metrics.reads_kids`) and when a scenario's actors present
tokens they look up in the recorded events (``World.looks_up_tokens``). An issued token's
``scope`` is then one shared string per distinct scope, and its ``jti`` is left empty (no
metric reads it).
"""

from __future__ import annotations

import base64
import dataclasses
import functools
import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from simtoken.config.run import RunConfig
from simtoken.record.binding_windows import reads_claims
from simtoken.record.compromise_metrics import reads_kids
from simtoken.record.events import Accepted, Call, Event, Issued, Lost, Rejected, Request
from simtoken.record.metrics import Metrics, compute_metrics
from simtoken.record.proof_metrics import NONCE_REASONS
from simtoken.record.tally import Tally
from simtoken.record.trace import Trace

__all__ = ["MetricsLog", "RunLog", "needs_tokens", "stand_in"]


def stand_in(token: str) -> str:
    """A token's stand-in: the digest of it, 22 characters (module docstring)."""
    digest = hashlib.blake2b(token.encode(), digest_size=16).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def needs_tokens(config: RunConfig) -> bool:
    """Whether some metric of a run of ``config`` reads what is inside a token (docstring)."""
    return reads_claims(config) or reads_kids(config)


class MetricsLog:
    """The tally of every event, and the events other metrics may need (module docstring).

    ``clients`` maps each legitimate client (and worker) to its user, as
    :func:`~simtoken.record.metrics.compute_metrics` takes it; ``auth_server`` is its name.
    With ``stand_ins`` every token is replaced by its stand-in (module docstring).
    """

    def __init__(
        self, clients: Mapping[str, str], auth_server: str, *, stand_ins: bool = False
    ) -> None:
        self.tally = Tally(set(clients), auth_server, dict(clients))
        self.stand_ins = stand_ins
        self._scopes: dict[str, str] = {}  # one string per distinct scope
        # An answer carries its request's token: one stand-in object for both.
        self._stand_in = functools.lru_cache(maxsize=4096)(stand_in)
        self.recorded = 0
        """Events recorded, kept or not."""
        self._clients = frozenset(clients)
        # Recorded order; a dropped request leaves a None (a list slot is far smaller than a
        # dict entry, and millions of events are kept).
        self._kept: list[Event | None] = []
        self._pending: dict[int, int] = {}  # request_id -> slot of an ordinary call in flight

    def extend(self, events: Iterable[Event]) -> None:
        """:meth:`add` each event in order."""
        for event in events:
            self.add(event)

    def add(self, event: Event) -> None:
        """Count ``event``; keep it unless it is part of an ordinary call (module docstring)."""
        if self.stand_ins:
            event = self._compact(event)
        self.tally.add(event)
        self.recorded += 1
        if isinstance(event, Request):
            if event.endpoint == "api" and not event.note and event.actor in self._clients:
                self._pending[event.request_id] = len(self._kept)
        elif isinstance(event, Accepted | Rejected | Lost):
            asked = self._pending.pop(event.request_id, None)
            if asked is not None and self._ordinary(event):
                self._kept[asked] = None
                return
        elif isinstance(event, Call) and event.actor in self._clients:
            return
        self._kept.append(event)

    def _compact(self, event: Event) -> Event:
        """``event`` with stand-ins for its token and proof (if issued: shared scope, no jti)."""
        changes: dict[str, Any] = {}
        token = getattr(event, "token", None)
        if isinstance(token, str):
            changes["token"] = self._stand_in(token)
        proof = getattr(event, "proof", None)
        if isinstance(proof, str):
            changes["proof"] = self._stand_in(proof)
        if isinstance(event, Issued):  # no metric reads a jti: the stand-in names the token
            changes["scope"] = self._scopes.setdefault(event.scope, event.scope)
            changes["jti"] = ""
        return dataclasses.replace(event, **changes) if changes else event

    @staticmethod
    def _ordinary(answer: Accepted | Rejected | Lost) -> bool:
        """Whether this answer closes an ordinary call: accepted, or refused but not for a nonce."""
        if isinstance(answer, Accepted):
            return True
        return isinstance(answer, Rejected) and answer.reason not in NONCE_REASONS

    @property
    def kept(self) -> tuple[Event, ...]:
        """The events kept so far, in the order they were recorded."""
        return tuple(e for e in self._kept if e is not None)


class RunLog:
    """Where a world records its events: all of them, or after :meth:`stream` a MetricsLog."""

    def __init__(self) -> None:
        self._events: list[Event] = []
        self._metrics: MetricsLog | None = None
        self.add: Callable[[Event], None] = self._events.append
        """Record one event: kept, or after :meth:`stream` handed to the metrics log."""

    @property
    def stand_ins(self) -> bool:
        """Whether the events recorded are kept with token stand-ins (module docstring)."""
        return self._metrics is not None and self._metrics.stand_ins

    def stream(self, clients: Mapping[str, str], auth_server: str, *, stand_ins: bool) -> None:
        """From now on keep only what the metrics need (what was recorded so far is tallied).

        ``stand_ins``: keep token stand-ins, not tokens; only if no metric reads a token's
        claims (:func:`~simtoken.record.binding_windows.reads_claims`) and no actor presents a
        token it looks up in the events.
        """
        self._metrics = MetricsLog(clients, auth_server, stand_ins=stand_ins)
        self._metrics.extend(self._events)
        self._events = []
        self.add = self._metrics.add

    def recorded(self) -> Sequence[Event]:
        """The events recorded so far (after :meth:`stream`: those kept), oldest first."""
        return self._events if self._metrics is None else self._metrics.kept

    def looked_up(self) -> Sequence[Event]:
        """:meth:`recorded`, for a look-up that needs real tokens (an error with stand-ins)."""
        if self.stand_ins:
            raise RuntimeError(
                "This world streams token stand-ins (keep_trace=False): set looks_up_tokens"
            )
        return self.recorded()

    def finish(
        self, config: RunConfig, auth_server: str, clients: Mapping[str, str]
    ) -> tuple[Trace, Metrics]:
        """The run's trace (empty when streamed: module docstring) and its metrics."""
        log = self._metrics
        trace = Trace(tuple(self._events))
        events = trace if log is None else log.kept
        tally = None if log is None else log.tally
        metrics = compute_metrics(
            events, config=config, auth_server=auth_server, clients=clients, tally=tally
        )
        return trace, metrics
