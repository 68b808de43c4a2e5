"""A logout run as the data a denylist needs: the session's tokens, the logout, the copy's answers.

In the ``logout`` scenario the user logs out at 1 h and a leaked copy of her last access token is
presented to the API every 20 s. Under ``validation=denylist`` the auth server puts the session's
unexpired access tokens on a denylist at the logout, keyed on their ``jti``, and the API refuses
a listed token as ``revoked`` until its ``exp``; from then on it refuses it as ``expired``
(RFC 7519 §4.1.4), so an entry is needed only until ``exp``. :func:`logout_case` runs the
scenario and returns what a learner's own denylist is driven with: every access token issued to
the app, the logout and the end of the run as NumericDates of the simulated clock, and each of
the copy's answers (when the API decided, and whether it refused the token as ``revoked``).

Where it simplifies: one app, one API, one issuer; the denylist is shared at once by the auth
server and the API (a real one is a replicated store, with its own delay).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import jwt

from simtoken.jose.clock import DEFAULT_EPOCH
from simtoken.record.events import Accepted, Rejected, Request
from simtoken.record.result import Result
from simtoken.runner import run

__all__ = ["LeakedAnswer", "LogoutCase", "logout_case"]

EPOCH = int(DEFAULT_EPOCH.timestamp())
"""The NumericDate of sim time 0."""


@dataclass(frozen=True)
class LeakedAnswer:
    """One answer of the API to the leaked copy."""

    at: float
    """When the API decided (a NumericDate of the simulated clock)."""
    token: str
    revoked: bool
    """Whether the API refused the token as ``revoked`` (on the denylist)."""


@dataclass(frozen=True)
class LogoutCase:
    """What a denylist sees of one logout run (times are NumericDates of the simulated clock)."""

    tokens: tuple[str, ...]
    """Every access token issued to the user's app, in issue order."""
    logout: float
    """When the auth server revoked the session."""
    live: int
    """How many of ``tokens`` had not expired at the logout (what the server denylisted)."""
    end: float
    """The end of the run (its horizon)."""
    answers: tuple[LeakedAnswer, ...]


def _exp(token: str) -> int:
    claims: dict[str, Any] = jwt.decode(token, options={"verify_signature": False})
    return int(claims["exp"])


def _answers(result: Result) -> tuple[LeakedAnswer, ...]:
    answers = []
    for request in result.trace.by_actor("leaked-copy").events:
        outcome = result.trace.outcome(request.request_id) if isinstance(request, Request) else None
        if isinstance(request, Request) and isinstance(outcome, Accepted | Rejected):
            revoked = isinstance(outcome, Rejected) and outcome.reason == "revoked"
            answers.append(LeakedAnswer(EPOCH + outcome.t, str(request.token), revoked))
    return tuple(answers)


def logout_case(seed: int, **settings: Any) -> LogoutCase:
    """The ``logout`` scenario on ``seed`` with ``validation=denylist`` and ``settings``.

    Raises ``ValueError`` if the run has not exactly one revocation (a logout).
    """
    result = run("logout", seed=seed, validation="denylist", **settings)
    revoked = result.trace.of_kind("revoked")
    if len(revoked) != 1:
        raise ValueError(f"expected one logout, the run revoked {len(revoked)} sessions")
    tokens = tuple(i.token for i in result.issued("access") if i.holder == "client-1")
    logout = EPOCH + next(iter(revoked)).t
    live = sum(_exp(token) > logout for token in tokens)
    return LogoutCase(tokens, logout, live, EPOCH + result.config.horizon, _answers(result))
