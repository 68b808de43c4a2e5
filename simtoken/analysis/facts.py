"""Facts: exact questions asked of one run that no metric names.

The metrics (:mod:`simtoken.record.metrics`) answer the questions every run is asked: how long
the attacker held a usable token, how often the user had to log in. A lesson sometimes asks a
narrower one of a single trace: how many of the requests the *API* refused (its 401s, not the
auth server's refusals); what the auth server answered to one actor's replay; why each forced
login happened. A :class:`Fact` is such a question with a name, answered from the run's trace
and configuration only, so it is as deterministic as the run itself.

A *column* of a table (:mod:`simtoken.analysis.readings`) is a metric name, the name of a fact
in :data:`FACTS`, or a :class:`Fact` made for one table:

======================================= ===========================================================
column                                  what it is, exactly
======================================= ===========================================================
``api_rejections``                      requests the APIs (the resource servers of the run's
                                        ``audiences``) rejected: the 401s a client saw
``refresh_tokens``                      refresh tokens the auth server issued, to anyone
``relogin_causes``                      the forced logins (every login after the first) by cause,
                                        ``lost x4, reused x27``: the auth server's refusal that
                                        forced it, else the login's own reason; ``-`` if none
``reuse_presenters``                    who presented each retired refresh token that tripped reuse
                                        detection, in order; ``-`` if none did
``stolen_access_left_s``                the first stolen access token's ``exp`` minus the theft
                                        time: the most an API that validates locally can give the
                                        thief (None if no access token was stolen)
``false_logouts_per_100_user_days``     ``false_logouts`` per 100 user-days (clients x horizon in
                                        days), one decimal
:func:`answer` ``(actor)``              the outcome of ``actor``'s first request: ``accepted``, the
                                        rejection reason, or ``lost`` (``-`` if it sent none)
:func:`issued_to` ``(holder)``          tokens (refresh tokens by default) issued to ``holder``
:func:`rejected_as` ``(reason)``        requests rejected with ``reason``, by any server
======================================= ===========================================================

>>> import simtoken
>>> result = simtoken.run("refresh", seed=7)
>>> value_of(result, "api_rejections"), value_of(result, "refresh_tokens")
(120, 2)
>>> value_of(result, "relogin_causes"), value_of(result, rejected_as("expired"))
('expired x1', 121)
>>> value_of(result, "victim_logins")  # a metric is a column too
1
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from simtoken._text import MISSING
from simtoken.errors import UnknownNameError
from simtoken.names import server_name
from simtoken.record.events import Login, Rejected, Request, ReuseDetected, Stolen
from simtoken.record.metrics import ATTACKER_METRICS, USER_METRICS, Metrics
from simtoken.record.result import Result

__all__ = [
    "ATTACKER_METRICS",
    "FACTS",
    "METRIC_NAMES",
    "USER_METRICS",
    "Column",
    "Fact",
    "answer",
    "column_name",
    "issued_to",
    "rejected_as",
    "value_of",
]

_DAY = 86_400.0

METRIC_NAMES: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(Metrics))
"""Every metric, by the name of its :class:`~simtoken.record.metrics.Metrics` field."""


@dataclass(frozen=True)
class Fact:
    """A named question asked of one run: ``measure(result)`` is its answer."""

    name: str
    measure: Callable[[Result], object]
    about: str = ""


Column = str | Fact
"""A table column: a metric name, a name in :data:`FACTS`, or a :class:`Fact`."""


def _api_rejections(result: Result) -> int:
    apis = {server_name(audience) for audience in result.config.audiences}
    return sum(1 for e in result.trace if isinstance(e, Rejected) and e.actor in apis)


def _relogin_causes(result: Result) -> str:
    logins = [e for e in result.trace if isinstance(e, Login)][1:]
    causes = Counter(e.cause or e.reason for e in logins)
    return ", ".join(f"{cause} x{n}" for cause, n in sorted(causes.items())) or MISSING


def _reuse_presenters(result: Result) -> str:
    presenters = [e.presenter for e in result.trace if isinstance(e, ReuseDetected)]
    return ", ".join(presenters) or MISSING


def _stolen_access_left(result: Result) -> float | None:
    stolen = next(
        (e for e in result.trace if isinstance(e, Stolen) and e.token_type == "access"), None
    )
    if stolen is None:
        return None
    expires = next(e.expires for e in result.issued("access") if e.token == stolen.token)
    return round(expires - stolen.t, 6)


def _per_100_user_days(result: Result) -> float:
    user_days = result.config.clients * result.config.horizon / _DAY
    return round(result.metrics.false_logouts * 100 / user_days, 1)


FACTS: Mapping[str, Fact] = MappingProxyType(
    {
        fact.name: fact
        for fact in (
            Fact("api_rejections", _api_rejections, "requests the APIs rejected (401s)"),
            Fact(
                "refresh_tokens",
                lambda r: len(r.issued("refresh")),
                "refresh tokens issued, to anyone",
            ),
            Fact("relogin_causes", _relogin_causes, "forced logins by cause"),
            Fact("reuse_presenters", _reuse_presenters, "who tripped reuse detection, in order"),
            Fact(
                "stolen_access_left_s",
                _stolen_access_left,
                "the first stolen access token's exp minus the theft time",
            ),
            Fact(
                "false_logouts_per_100_user_days",
                _per_100_user_days,
                "false logouts per 100 user-days",
            ),
        )
    }
)
"""The named facts (see the table in the module docstring), by name."""


def answer(actor: str) -> Fact:
    """The outcome of ``actor``'s first request: accepted, the rejection reason, or lost."""

    def measure(result: Result) -> str:
        sent = (e for e in result.trace if isinstance(e, Request) and e.actor == actor)
        request = next(sent, None)
        outcome = None if request is None else result.trace.outcome(request.request_id)
        if outcome is None:
            return MISSING
        return outcome.reason if isinstance(outcome, Rejected) else outcome.kind

    return Fact(f"answer to {actor}", measure, f"the outcome of {actor}'s first request")


def issued_to(holder: str, token_type: str = "refresh") -> Fact:
    """How many ``token_type`` tokens (``refresh`` or ``access``) were issued to ``holder``."""

    def measure(result: Result) -> int:
        return sum(1 for e in result.issued(token_type) if e.holder == holder)

    return Fact(f"{token_type} tokens to {holder}", measure, f"{token_type} tokens {holder} got")


def rejected_as(reason: str) -> Fact:
    """How many requests were rejected with ``reason``, by any server."""
    return Fact(
        f"rejected {reason}",
        lambda r: r.metrics.rejections.get(reason, 0),
        f"requests rejected as {reason}",
    )


def column_name(column: Column) -> str:
    """The header of ``column``: its name."""
    return column.name if isinstance(column, Fact) else column


def value_of(result: Result, column: Column) -> object:
    """``column``'s value for one run: the fact's answer, or the metric's value.

    Raises:
        UnknownNameError: ``column`` names neither a metric nor a fact of :data:`FACTS`.
    """
    if isinstance(column, Fact):
        return column.measure(result)
    if column in FACTS:
        return FACTS[column].measure(result)
    if column in METRIC_NAMES:
        value = getattr(result.metrics, column)
        return dict(value) if isinstance(value, Mapping) else value
    raise UnknownNameError("column", column, (*METRIC_NAMES, *FACTS))
