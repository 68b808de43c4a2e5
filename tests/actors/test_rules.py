"""The rotation rules as a table: policy x token state x time -> decision.

``decide_refresh`` is pure: the same grant, record, policy and time always give the same
:class:`Decision`, and nothing is changed (the auth server applies it).
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from simtoken.actors.grants import Grant, RefreshRecord
from simtoken.actors.rules import Decision, Outcome, decide_refresh
from simtoken.policy.model import Policy, ReuseDetection

ROTATED = 100.0
"""When the presented token (if retired) was rotated."""
LAST_USED = 105.0
"""The grant's last successful refresh (a later rotation in the family, if any)."""


def rotating(**settings: Any) -> Policy:
    """A rotation policy that revokes the family on reuse, with ``settings``."""
    return Policy(**{"rotation": True, "reuse_detection": "family", **settings})


POLICIES = {
    "rotation off": Policy(),
    "rotation off, idle 600": Policy(refresh_token_idle_lifetime=600),
    "strict family": rotating(),
    "strict user": rotating(reuse_detection="user"),
    "strict none": rotating(reuse_detection="none"),
    "grace 30 new": rotating(grace_interval=30),
    "grace 30 same": rotating(grace_interval=30, grace_successor="same"),
    "max_reuse 1": rotating(max_reuse=1),
    "forgive parent": rotating(  # Supabase: 10 s grace, the active token handed back
        grace_interval=10, grace_successor="same", forgive_active_parent=True
    ),
    "idle 600": rotating(refresh_token_idle_lifetime=600),
}

PARENT = {"j1": "j0", "j2": "j1", "j1b": "j0"}
"""Each refresh token's parent in the family tree (``j1b``: a second successor, a fork)."""

STATES: dict[str, list[tuple[str, float | None]]] = {
    "active": [("j0", None)],
    "parent": [("j0", ROTATED), ("j1", None)],
    "parent replayed once": [("j0", ROTATED), ("j1", None)],
    "grandparent": [("j0", ROTATED), ("j1", LAST_USED), ("j2", None)],
    "forked parent": [("j0", ROTATED), ("j1", LAST_USED), ("j1b", None)],
}
"""Each token state: the family's refresh tokens and when each was rotated (None: active)."""


def family(state: str) -> tuple[Grant, RefreshRecord]:
    """A grant and the record presented (``j0``), in one of the token states of the table."""
    records = STATES[state]
    grant = Grant("sid", "user-1", "client-1", 10**9, last_used=LAST_USED)
    for jti, rotated_at in records:
        generation = 0 if jti == "j0" else grant.refresh_tokens[PARENT[jti]].generation + 1
        record = RefreshRecord(jti, f"token-{jti}", generation, 10**9, rotated_at=rotated_at)
        grant.refresh_tokens[jti] = record
        if jti in PARENT:
            grant.refresh_tokens[PARENT[jti]].children.append(jti)
    presented = grant.refresh_tokens["j0"]
    presented.replays = 1 if state == "parent replayed once" else 0
    return grant, presented


def D(outcome: Outcome, successor: str | None = None, revoke: ReuseDetection = "none") -> Decision:
    return Decision(outcome=outcome, successor=successor, revoke=revoke)


TABLE = [
    # rotation off: the refresh token is reused until it expires, whenever it is presented
    ("rotation off", "active", 110.0, D(Outcome.KEEP)),
    ("rotation off", "active", 80_000.0, D(Outcome.KEEP)),
    # idle expiry comes first (with or without rotation); it is >= the idle lifetime
    ("rotation off, idle 600", "active", 704.9, D(Outcome.KEEP)),
    ("rotation off, idle 600", "active", 705.0, D(Outcome.IDLE_EXPIRED)),
    ("idle 600", "active", 110.0, D(Outcome.ROTATE)),
    ("idle 600", "active", 1000.0, D(Outcome.IDLE_EXPIRED)),
    ("idle 600", "parent", 1000.0, D(Outcome.IDLE_EXPIRED)),  # refused, but no reuse detected
    # the active token rotates
    ("strict family", "active", 110.0, D(Outcome.ROTATE)),
    ("grace 30 same", "active", 110.0, D(Outcome.ROTATE)),
    ("forgive parent", "active", 5000.0, D(Outcome.ROTATE)),
    # no forgiveness: any replay is reuse, revoked at the policy's scope
    ("strict family", "parent", 100.0, D(Outcome.REUSE_DETECTED, revoke="family")),
    ("strict user", "parent", 110.0, D(Outcome.REUSE_DETECTED, revoke="user")),
    ("strict none", "parent", 110.0, D(Outcome.REUSE_DETECTED, revoke="none")),
    # grace interval: the immediate predecessor, up to and including grace_interval after
    ("grace 30 new", "parent", 110.0, D(Outcome.FORGIVE_NEW)),
    ("grace 30 new", "parent", 130.0, D(Outcome.FORGIVE_NEW)),
    ("grace 30 new", "parent", 130.001, D(Outcome.REUSE_DETECTED, revoke="family")),
    ("grace 30 new", "parent replayed once", 110.0, D(Outcome.FORGIVE_NEW)),
    ("grace 30 same", "parent", 110.0, D(Outcome.FORGIVE_SAME, successor="j1")),
    ("grace 30 same", "forked parent", 110.0, D(Outcome.FORGIVE_SAME, successor="j1b")),
    ("grace 30 same", "parent", 1000.0, D(Outcome.REUSE_DETECTED, revoke="family")),
    # a token two generations old is never forgiven
    ("grace 30 new", "grandparent", 110.0, D(Outcome.REUSE_DETECTED, revoke="family")),
    ("grace 30 same", "grandparent", 110.0, D(Outcome.REUSE_DETECTED, revoke="family")),
    ("max_reuse 1", "grandparent", 110.0, D(Outcome.REUSE_DETECTED, revoke="family")),
    ("forgive parent", "grandparent", 110.0, D(Outcome.REUSE_DETECTED, revoke="family")),
    # max_reuse: replays counted, whenever they come; exhausted is reuse
    ("max_reuse 1", "parent", 5000.0, D(Outcome.FORGIVE_NEW)),
    ("max_reuse 1", "parent replayed once", 110.0, D(Outcome.REUSE_DETECTED, revoke="family")),
    # forgive_active_parent: the immediate predecessor at any time, handed the active token
    ("forgive parent", "parent", 105.0, D(Outcome.FORGIVE_SAME, successor="j1")),
    ("forgive parent", "parent", 80_000.0, D(Outcome.FORGIVE_SAME, successor="j1")),
    ("forgive parent", "parent replayed once", 80_000.0, D(Outcome.FORGIVE_SAME, successor="j1")),
]


@pytest.mark.parametrize(
    ("policy", "state", "now", "expected"),
    TABLE,
    ids=[f"{policy} | {state} | t={now:g}" for policy, state, now, _ in TABLE],
)
def test_decide_refresh(policy: str, state: str, now: float, expected: Decision) -> None:
    grant, record = family(state)
    before = copy.deepcopy(grant)
    assert decide_refresh(grant, record, POLICIES[policy], now) == expected
    assert grant == before  # pure: nothing changed


def test_only_the_refusals_do_not_answer() -> None:
    assert {o for o in Outcome if not o.answers} == {Outcome.IDLE_EXPIRED, Outcome.REUSE_DETECTED}


def test_a_decision_is_frozen() -> None:
    decision = D(Outcome.ROTATE)
    with pytest.raises(AttributeError):
        decision.outcome = Outcome.KEEP  # type: ignore[misc]
