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
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from simtoken.config.run import RunConfig
from simtoken.record.events import Accepted, Call, Event, Lost, Rejected, Request
from simtoken.record.metrics import Metrics, compute_metrics
from simtoken.record.proof_metrics import NONCE_REASONS
from simtoken.record.tally import Tally
from simtoken.record.trace import Trace

__all__ = ["MetricsLog", "RunLog"]


class MetricsLog:
    """The tally of every event, and the events other metrics may need (module docstring).

    ``clients`` maps each legitimate client (and worker) to its user, as
    :func:`~simtoken.record.metrics.compute_metrics` takes it; ``auth_server`` is its name.
    """

    def __init__(self, clients: Mapping[str, str], auth_server: str) -> None:
        self.tally = Tally(set(clients), auth_server, dict(clients))
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

    def add(self, event: Event) -> None:
        """Record one event."""
        if self._metrics is None:
            self._events.append(event)
        else:
            self._metrics.add(event)

    def stream(self, clients: Mapping[str, str], auth_server: str) -> None:
        """From now on keep only what the metrics need (what was recorded so far is tallied)."""
        self._metrics = MetricsLog(clients, auth_server)
        self._metrics.extend(self._events)
        self._events = []

    def recorded(self) -> Sequence[Event]:
        """The events recorded so far (after :meth:`stream`: those kept), oldest first."""
        return self._events if self._metrics is None else self._metrics.kept

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
