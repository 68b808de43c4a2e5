"""Where a sweep's runs execute: this process, local worker processes, or a Dask cluster.

A sweep is embarrassingly parallel: every run is a pure function of its configuration and
seed, so the runs can execute anywhere, in any order, and the table is the same. This module
hands the runs out and gives back ``(index, output)`` pairs as they complete; the caller puts
them back in task order, so where they ran never shows in the result.

Three executors, one contract:

* **in process** (``workers=1``): one run after the other, no pickling at all;
* **local processes** (``workers=N``): a :class:`concurrent.futures.ProcessPoolExecutor` of
  N processes on this machine;
* **a Dask distributed cluster** (``scheduler="tcp://HOST:PORT"``, or a ready
  ``distributed.Client``): the runs are submitted to an existing scheduler
  (https://distributed.dask.org/en/stable/client.html), which spreads them over its workers,
  on as many machines as the cluster has. simtoken only submits work and collects results; the
  scheduling, retries of lost workers and the dashboard are Dask's. Every worker must be able
  to import the same version of simtoken (install it on the workers, e.g. ``pip install
  simtoken[distributed]``), since a task travels as a reference to simtoken's function plus
  plain values.

A failed run comes back as data (the caller rebuilds and raises it); the remaining runs are
cancelled.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from typing import Any, TypeVar

from simtoken.errors import ConfigError

__all__ = ["CONNECT_TIMEOUT_S", "SCHEDULER_ALLOWED", "completions", "connect"]

T = TypeVar("T")
R = TypeVar("R")

CONNECT_TIMEOUT_S = 10.0
"""How long to wait for a Dask scheduler to answer before the sweep fails."""

SCHEDULER_ALLOWED = "the address of a running Dask scheduler, tcp://HOST:PORT (or tls://)"
"""What a ``scheduler`` must be, as a :class:`ConfigError` says it."""

_ADDRESS = re.compile(r"(tcp|tls)://[^\s/:]+(:\d{1,5})$|(tcp|tls)://\[[0-9a-fA-F:.]+\]:\d{1,5}$")


def _distributed() -> Any:
    """The ``distributed`` package (an optional extra; its functions are untyped: Any)."""
    try:
        return importlib.import_module("distributed")
    except ImportError:  # pragma: no cover - the extra is installed in development
        raise ConfigError(
            "scheduler", "distributed", "a Dask cluster: pip install 'simtoken[distributed]'"
        ) from None


@contextmanager
def connect(scheduler: object) -> Iterator[Any]:
    """A ``distributed.Client`` for ``scheduler`` (an address, or a Client used as it is).

    A Client made here is closed on exit; a Client passed in is left open for its owner.
    Raises :class:`ConfigError` for a malformed or unreachable address, or when the
    ``distributed`` package is missing.
    """
    Client = _distributed().Client
    if isinstance(scheduler, Client):
        yield scheduler
        return
    if not isinstance(scheduler, str) or not _ADDRESS.fullmatch(scheduler):
        raise ConfigError("scheduler", scheduler, SCHEDULER_ALLOWED)
    try:
        client = Client(scheduler, timeout=f"{CONNECT_TIMEOUT_S}s", set_as_default=False)
    except OSError as exc:
        reason = f"no answer within {CONNECT_TIMEOUT_S:g} s ({type(exc).__name__})"
        raise ConfigError("scheduler", scheduler, f"{SCHEDULER_ALLOWED}; {reason}") from None
    try:
        yield client
    finally:
        client.close()


@contextmanager
def completions(
    fn: Callable[[T], R],
    tasks: Sequence[T],
    workers: int,
    scheduler: object = None,
    order: Sequence[int] | None = None,
) -> Iterator[Iterator[tuple[int, R]]]:
    """``(index, fn(tasks[index]))`` pairs in completion order, on the chosen executor.

    Enter the context to start the executor and submit every task; iterate to collect. Leaving
    the context early (an exception, a failed run) cancels what has not started. ``order`` is
    the order to submit the tasks in (default: as given): the longest first, and no worker is
    left alone with a long run at the end.
    """
    order = list(range(len(tasks))) if order is None else list(order)
    if scheduler is not None:
        with connect(scheduler) as client:
            futures = client.map(fn, [tasks[i] for i in order], pure=False)
            try:
                yield ((order[i], out) for i, out in _dask_completed(futures, client))
            finally:
                client.cancel([f for f in futures if not f.done()])
        return
    if workers == 1:
        yield ((index, fn(tasks[index])) for index in order)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        indexed = {pool.submit(fn, tasks[index]): index for index in order}
        try:
            yield ((indexed[f], f.result()) for f in as_completed(indexed))
        finally:
            pool.shutdown(wait=False, cancel_futures=True)


def _dask_completed(futures: list[Any], client: Any) -> Iterator[tuple[int, Any]]:
    """Dask futures' results as they complete, each with its submission index."""
    dask_as_completed = _distributed().as_completed
    index = {future.key: i for i, future in enumerate(futures)}
    # The client's own event loop: the client is not the process-wide default (set_as_default).
    for future in dask_as_completed(futures, loop=client.loop):
        yield index[future.key], future.result()
