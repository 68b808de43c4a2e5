"""The lab's pure functions: the two runs, the figures, the sentence, the presenter's steps."""

from __future__ import annotations

import dataclasses

import pytest

from simtoken.errors import ConfigError, UnknownNameError
from simtoken.workshop.presenter import START, STEPS, step_choices
from simtoken.workshop.scene import LabChoices, figures, lab_outcome, reading, span


def test_web_storage_to_bff_seed_7() -> None:
    before = lab_outcome(LabChoices())
    after = lab_outcome(LabChoices(storage="cookie_bff"))
    assert figures(before.mitigated.metrics) == {
        "attacker_access_s": 82799.95,
        "attacker_online_s": 0.0,
        "attacker_refresh_s": 82800.0,
        "victim_logins": 0.0,
        "false_logouts": 0.0,
        "as_load_per_h": 1.25,
    }
    assert figures(after.mitigated.metrics) == {
        "attacker_access_s": 0.0,
        "attacker_online_s": 10349.283022,
        "attacker_refresh_s": 0.0,
        "victim_logins": 0.0,
        "false_logouts": 0.0,
        "as_load_per_h": 0.25,
    }
    assert figures(after.baseline.metrics) == figures(before.mitigated.metrics)


def test_baseline_turns_every_mitigation_off() -> None:
    everything = LabChoices(
        storage="cookie_rt",
        rotation=True,
        grace_interval=30.0,
        idle_lifetime=7200,
        dpop=True,
        revoke_on_logout=True,
        validation="introspection",
        detector=True,
    )
    assert everything.baseline() == LabChoices()
    assert LabChoices(storage="keystore").baseline().storage == "keystore"


def test_settings_of_the_switches() -> None:
    settings = LabChoices(rotation=True, grace_interval=30.0, dpop=True, detector=True).settings()
    assert settings["reuse_detection"] == "family"
    assert settings["grace_interval"] == 30.0
    assert settings["sender_constraint"] == "dpop"
    assert settings["detector_action"] == "revoke"
    assert LabChoices(grace_interval=30.0).settings()["grace_interval"] == 0.0  # needs rotation
    assert "access_token_lifetime" not in LabChoices().settings()
    assert LabChoices(access_token_lifetime=60).settings()["access_token_lifetime"] == 60


def test_a_preset_sets_the_switches() -> None:
    okta = LabChoices().from_preset("okta-spa")
    assert (okta.rotation, okta.grace_interval, okta.idle_lifetime) == (True, 30.0, 604_800)
    assert LabChoices().from_preset(None).preset is None


def test_bad_choices_are_refused_by_name() -> None:
    with pytest.raises(UnknownNameError):
        lab_outcome(LabChoices(preset="acme"))
    with pytest.raises(ConfigError) as caught:
        lab_outcome(LabChoices(theft_at=-1.0))
    assert caught.value.field == "theft_at"


def test_reading_and_span() -> None:
    assert reading(lab_outcome(LabChoices(rotation=True, access_token_lifetime=300))) == (
        "With these mitigations the attacker holds a working token of its own for 1.0 h instead "
        "of 23.0 h; the user logs in once instead of 0 times; the auth server handles 1.21 "
        "instead of 14.88 requests per hour."
    )
    assert [span(s) for s in (0, 20.15, 600, 82799.95)] == ["0 s", "20 s", "10 min", "23.0 h"]


def test_presenter_story_seed_7() -> None:
    held = [lab_outcome(step_choices(i)).mitigated.metrics.attacker_access_s for i in range(5)]
    assert [s.title for s in STEPS] == ["Steal", "Rotate", "Go offline", "DPoP", "BFF"]
    assert held == [82799.95, 3660.95, 79220.0, 0.0, 0.0]
    assert step_choices(-1) == START
    assert step_choices(4) == dataclasses.replace(
        START,
        theft_vector="persistent_xss",
        attacker_strategy="wait_offline",
        victim_stops_at=7200.0,
        rotation=True,
        dpop=True,
        storage="cookie_bff",
    )
