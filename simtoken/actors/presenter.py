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

__all__ = ["Presenter"]


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
