"""Forgiveness in numbers: the boundary cases, drawn cases against the rule's text, run replays."""

from __future__ import annotations

import pytest

import simtoken
from simtoken.analysis.forgiveness import Case, cases, replays, rule_says


def _as_written(case: Case) -> bool:
    """The rule as the module docstring states it, written independently of the auth server."""
    if case.presented != case.active - 1:
        return False
    in_grace = case.grace_interval > 0 and case.now - case.rotated_at <= case.grace_interval
    return in_grace or case.replays < case.max_reuse


def test_the_boundary_cases_and_what_the_auth_server_decides() -> None:
    assert [rule_says(c) for c in cases(0, 0)] == [False, True, False, True, False, True]


def test_drawn_cases_are_seeded_and_agree_with_the_rule_as_written() -> None:
    drawn = cases(1617, 400)
    assert drawn == cases(1617, 400) and drawn != cases(1618, 400) and len(drawn) == 406
    assert all(rule_says(c) is _as_written(c) for c in drawn)
    assert {rule_says(c) for c in drawn} == {True, False}


def test_the_replays_of_a_grace_interval_run() -> None:
    found = replays(simtoken.run("grace-interval", seed=7, horizon=30_000))
    (retry, forgiven), (old, caught) = found
    assert (retry.presented, retry.active, forgiven) == (3, 4, True)
    assert (old.presented, old.active, caught) == (2, 4, False)
    assert retry.now - retry.rotated_at == pytest.approx(5.275901)


@pytest.mark.parametrize(
    "policy",
    [{"grace_interval": 3.0}, {"grace_interval": 0.0, "max_reuse": 1}, {"grace_interval": 0.0}],
)
def test_the_auth_server_did_what_its_rule_says(policy: dict[str, object]) -> None:
    result = simtoken.run("grace-interval", seed=8, horizon=30_000, **policy)  # type: ignore[arg-type]
    found = replays(result)
    assert len(found) == 2
    assert all(rule_says(case) is accepted for case, accepted in found)
