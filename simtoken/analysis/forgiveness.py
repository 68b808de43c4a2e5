"""Forgiveness in numbers: the auth server's rule for a replayed refresh token, case by case.

Under rotation each refresh retires the refresh token presented (RFC 9700 §4.14.2). A retired
token that comes back is reuse unless the auth server *forgives* it: only the **immediate
predecessor** of the family's active token, and only if it comes back within
``grace_interval`` seconds of its rotation (when that is above 0) or was forgiven fewer than
``max_reuse`` times so far (:func:`simtoken.actors.rules.forgiven`, which reads the auth
server's records of a grant).

A :class:`Case` says the same in plain numbers (generations and times, no records), which is
what a learner's pure function takes: :func:`rule_says` builds a one-line family of that shape
and asks the auth server's own rule; :func:`cases` draws many cases from a seed, boundaries
included; :func:`replays` reads the replays of a ``grace-interval`` run back as cases, each with
what the auth server did. Simplification: the families built here never fork, so a token's
generation says whose predecessor it is; in a run, generations count the user's own tokens of
the replayed token's family (a replayer's forgiven successor is not the user's).
"""

from __future__ import annotations

import random
from typing import NamedTuple

from simtoken.actors.grants import Grant, RefreshRecord
from simtoken.actors.rules import forgiven
from simtoken.policy.model import Policy
from simtoken.record.events import Accepted, Issued, Rejected, Request
from simtoken.record.result import Result

__all__ = ["Case", "cases", "replays", "rule_says"]

_REPLAYERS = ("retry", "old-copy")
"""The actors of the ``grace-interval`` scenario that replay retired tokens."""


class Case(NamedTuple):
    """One retired refresh token presented again, in numbers (all times in sim seconds)."""

    presented: int
    """The generation of the token presented (0: from the login)."""
    active: int
    """The generation of the family's active token (greater than ``presented``)."""
    rotated_at: float
    """When the presented token was rotated."""
    now: float
    """When it comes back."""
    replays: int
    """How many times it has been forgiven already."""
    grace_interval: float
    """The policy's grace interval (0: none)."""
    max_reuse: int
    """The policy's ``max_reuse``."""


def rule_says(case: Case) -> bool:
    """What the auth server's rule decides for ``case`` (a family of one line of generations)."""
    grant = Grant(sid="s-1", user="user-1", client="spa", expires=0, last_used=0.0)
    records = [RefreshRecord(f"rt-{g}", "", g, 0) for g in range(case.active + 1)]
    for g, record in enumerate(records[:-1]):
        record.rotated_at = case.rotated_at - 600.0 * (case.presented - g)
        record.children.append(records[g + 1].jti)
    records[case.presented].replays = case.replays
    grant.refresh_tokens = {r.jti: r for r in records}
    policy = Policy(
        rotation=True,
        reuse_detection="family",
        grace_interval=case.grace_interval,
        max_reuse=case.max_reuse,
    )
    return forgiven(grant, records[case.presented], policy, case.now)


_EDGES = (
    Case(1, 2, 50.0, 50.0, 0, 0.0, 0),  # no grace interval: not even at the same instant
    Case(1, 2, 50.0, 80.0, 0, 30.0, 0),  # exactly at the end of the grace interval
    Case(0, 2, 50.0, 50.0, 0, 30.0, 5),  # two generations old: never
    Case(2, 3, 9.0, 9.0, 1, 0.0, 2),  # forgiven once, two allowed
    Case(2, 3, 9.0, 9.0, 2, 0.0, 2),  # forgiven twice, two allowed: no more
    Case(0, 1, 0.0, 99.0, 0, 0.0, 1),  # max_reuse forgives at any time
)


def cases(seed: int, count: int) -> list[Case]:
    """The boundary cases, then ``count`` cases drawn from ``seed`` (whole-second times)."""
    rng = random.Random(f"{seed}/forgiveness-cases")
    drawn = list(_EDGES)
    for _ in range(count):
        active = rng.randint(1, 6)
        grace = rng.choice([0.0, 0.5, 5.0, 30.0])
        rotated_at = float(rng.randrange(0, 86_400))
        now = rotated_at + rng.choice([0.0, grace, grace + 0.5, 1.0, 7.0, 45.0, 3600.0])
        presented = rng.choice([active - 1, rng.randrange(active)])
        drawn.append(
            Case(presented, active, rotated_at, now, rng.randint(0, 3), grace, rng.randint(0, 2))
        )
    return drawn


def replays(result: Result) -> list[tuple[Case, bool]]:
    """Each replay of a ``grace-interval`` run as a case, and whether the auth server took it.

    ``now`` is when the auth server answered, ``rotated_at`` when it issued the presented
    token's successor; each replayed token is presented once, so ``replays`` is 0.
    """
    trace, policy = result.trace, result.config.policy
    answers = {e.request_id: e for e in trace if isinstance(e, Accepted | Rejected)}
    issued = [e for e in trace if isinstance(e, Issued) and e.token_type == "refresh"]
    found = []
    for request in (e for e in trace if isinstance(e, Request) and e.actor in _REPLAYERS):
        answer = answers[request.request_id]
        family = next(e.session for e in issued if e.token == request.token)
        chain = [e for e in issued if e.session == family and e.holder == issued[0].holder]
        known = [e.token for e in chain if e.t <= answer.t]
        presented = known.index(request.token or "")
        rotated_at = chain[presented + 1].t
        grace, reuse = policy.grace_interval, policy.max_reuse
        case = Case(presented, len(known) - 1, rotated_at, answer.t, 0, grace, reuse)
        found.append((case, isinstance(answer, Accepted)))
    return found
