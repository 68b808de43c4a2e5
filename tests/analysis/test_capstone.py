"""The capstone's checks, budgets and scorecard: a design measured against every failure mode."""

from __future__ import annotations

import dataclasses

import pytest

import simtoken
from simtoken.analysis.capstone import CHECKS, Budgets, Design, evaluate
from simtoken.errors import ConfigError

GOOD = Design(
    shared={
        "rotation": True,
        "reuse_detection": "family",
        "grace_interval": 30,
        "refresh_token_lifetime": 7 * 86400,
        "refresh_token_idle_lifetime": 86400,
        "jwks_refetch": True,
    },
    spa={"storage": "cookie_bff", "single_flight": True},
    mobile={"sender_constraint": "dpop"},
)


def test_every_check_is_a_known_scenario_with_a_unique_code() -> None:
    assert len({c.code for c in CHECKS}) == len(CHECKS) == 11
    for check in CHECKS:
        assert simtoken.get_scenario(check.scenario).name == check.scenario


def test_the_scenarios_own_settings_fail_the_theft_and_race_checks() -> None:
    card = evaluate(Design(), seeds=[1])
    verdicts = {r.check.code: r.broken for r in card.results}
    assert verdicts == {
        "F1": ("attacker window",),
        "F2": (),
        "F3": ("attacker window",),
        "F3b": ("attacker window",),
        "F4": (),
        "F5": ("logins", "false logouts"),
        "F6": ("logins", "false logouts"),
        "F7": (),
        "F8": ("attacker window",),
        "K1": (),
        "W1": (),
    }
    assert card.passed == 5 and card.format_table().endswith("5 of 11 checks passed on seeds [1]")


def test_a_design_of_the_course_passes_every_check_on_two_seeds() -> None:
    card = evaluate(GOOD, seeds=[1, 2])
    assert card.passed == 11
    f1 = card.results[0]
    assert f1.attacker_window_s == 0.0 and f1.attacker_online_s > 0  # the BFF is ridden, not robbed


def test_tighter_budgets_fail_what_they_must() -> None:
    strict = Budgets(availability=0.99)
    card = evaluate(GOOD, seeds=[1], budgets=strict)
    assert {r.check.code for r in card.results if "availability" in r.broken} == {"F6", "F7"}


def test_a_design_that_cannot_run_names_the_check() -> None:
    bad = dataclasses.replace(GOOD, shared={"rotation": False, "reuse_detection": "family"})
    with pytest.raises(ConfigError, match=r"^F1 \(theft-f1\): "):
        evaluate(bad, seeds=[1])
    with pytest.raises(ConfigError, match="seeds"):
        evaluate(GOOD, seeds=[])
