"""Readouts: the explorers' suggested tries run as the explorers run them; the lifetime table."""

from __future__ import annotations

from simtoken.analysis.readings import column, variants_table
from simtoken.widgets import (
    RaceChoices,
    RotationChoices,
    TheftChoices,
    lifetime_sweep,
    race_outcome,
    rotation_outcome,
    theft_outcome,
)
from simtoken.widgets.readouts import RACE_TRIES, ROTATION_TRIES, THEFT_TRIES, lifetime_table, tried


def test_each_try_starts_from_its_explorers_defaults() -> None:
    assert next(iter(ROTATION_TRIES.values())) == RotationChoices()
    assert next(iter(RACE_TRIES.values())) == RaceChoices()
    assert next(iter(THEFT_TRIES.values())) == TheftChoices()


def test_tried_runs_each_choice_with_the_explorers_own_function() -> None:
    rotations = tried(ROTATION_TRIES)
    assert rotations.labels == tuple(ROTATION_TRIES)
    for choices, result in zip(ROTATION_TRIES.values(), rotations, strict=True):
        assert result.to_json() == rotation_outcome(choices).result.to_json()
    races = tried(RACE_TRIES, seed=8)
    assert races[1].to_json() == race_outcome(RaceChoices(race_window=0.5), 8).result.to_json()
    thefts = tried({"f2": TheftChoices(scenario="theft-f2")})
    assert (
        thefts["f2"].to_json() == theft_outcome(TheftChoices(scenario="theft-f2")).result.to_json()
    )


def test_the_tries_show_what_the_notebooks_say() -> None:
    rotations, races, thefts = tried(ROTATION_TRIES), tried(RACE_TRIES), tried(THEFT_TRIES)
    assert column(rotations, "false_logouts") == column(rotations, "reuse_detections")
    assert column(rotations, "false_logouts") == (1, 0, 0, 0)
    assert column(races, "false_logouts_per_100_user_days") == (400.0, 200.0, 0.0, 0.0)
    assert column(thefts, "attacker_refresh_s") == (
        82_800.0,
        0.0,
        10_349.283022,
        3574.602629,
        82_800.0,
    )
    assert column(thefts, "detection_latency_s") == (None, None, None, 3574.602629, None)
    assert variants_table(races, "false_logouts", label="race explorer") == (
        "race explorer            false_logouts\n"
        "4 tabs, 50 ms, no grace              4\n"
        "race window 0.5 s                    2\n"
        "grace 1 s                            0\n"
        "single-flight lock                   0"
    )


def test_the_lifetime_table_is_exact() -> None:
    points = lifetime_sweep(7, (60, 300), horizon=7200)
    assert lifetime_table(points) == (
        "AT lifetime  re-logins without RT  re-logins with RT  auth-server load with RT\n"
        "      1 min                     9                  0                   5.00 /h\n"
        "      5 min                     3                  0                   2.00 /h"
    )
