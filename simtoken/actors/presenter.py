"""A presenter: an actor that shows one token to one server at one moment, and notes the answer.

Useful for asking "would this API accept *that* token *then*?" inside a running world: a
hand-crafted token, a tampered copy of a real one, or a token leaked from one API and replayed
at another (the ``sso`` scenario's confused service). The request and its outcome go into the
trace like any other; the presenter is not a user, so it does not count towards user metrics.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import simpy

from simtoken.actors.network import ActorProcess, Network
from simtoken.errors import ConfigError, UnknownNameError

__all__ = ["Presenter", "present"]


class Presenter:
    """At sim time ``at``, send ``token()`` to ``target`` (``endpoint`` api or refresh)."""

    def __init__(
        self,
        env: simpy.Environment,
        name: str,
        *,
        network: Network,
        at: float,
        target: str,
        token: Callable[[], str | None],
        endpoint: str = "api",
        params: Mapping[str, str] | None = None,
        note: str = "",
    ) -> None:
        self.env = env
        self.name = name
        self.network = network
        self.at = at
        self.target = target
        self.token = token
        self.endpoint = endpoint
        self.params = dict(params or {})
        self.note = note

    def run(self) -> ActorProcess:
        """Wait until ``at``, then present the token once."""
        yield self.env.timeout(max(0.0, self.at - self.env.now))
        yield from self.network.request(
            self.name, self.target, self.endpoint, self.token(), self.params, self.note
        )


def present(
    env: simpy.Environment,
    network: Network,
    horizon: float,
    token: object,
    *,
    at: float,
    to: str,
    actor: str = "presenter",
    endpoint: str = "api",
    params: Mapping[str, str] | None = None,
    note: str = "",
) -> None:
    """Start ``actor`` showing a token (a string, or a callable making one) to ``to`` at ``at``.

    ``to`` must be a server on the network and ``at`` a sim time in [0, ``horizon``).
    """
    if to not in network.servers:
        raise UnknownNameError("to", to, sorted(network.servers))
    if not 0 <= at < horizon:
        raise ConfigError("at", at, f"a sim time in [0, {horizon:g})")
    source = token if callable(token) else (lambda: token)
    presenter = Presenter(
        env,
        actor,
        network=network,
        at=at,
        target=to,
        token=source,  # type: ignore[arg-type]
        endpoint=endpoint,
        params=params,
        note=note,
    )
    env.process(presenter.run())
