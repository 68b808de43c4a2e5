"""The key-compromise settings: defaults that change nothing, and bad values named."""

from __future__ import annotations

import pytest

import simtoken
from simtoken.config.run import RunConfig
from simtoken.config.settings import SECONDS, apply_settings
from simtoken.errors import ConfigError


def test_defaults_leave_the_key_alone() -> None:
    config = RunConfig()
    assert (config.key_leak_at, config.emergency_rotation_at) == (0.0, 0.0)
    assert config.revoke_on_compromise is True
    assert {"key_leak_at", "emergency_rotation_at"} <= SECONDS


def test_settings_accept_durations() -> None:
    config = apply_settings(RunConfig(), {"key_leak_at": "1h", "emergency_rotation_at": "90m"})
    assert (config.key_leak_at, config.emergency_rotation_at) == (3600.0, 5400.0)


@pytest.mark.parametrize(
    ("values", "field", "allowed"),
    [
        ({"key_leak_at": -1.0}, "key_leak_at", ">= 0"),
        ({"emergency_rotation_at": 60.0}, "emergency_rotation_at", "unless a key leaks"),
        (
            {"key_leak_at": 600.0, "emergency_rotation_at": 600.0},
            "emergency_rotation_at",
            "after key_leak_at (600 s)",
        ),
        ({"revoke_on_compromise": 1}, "revoke_on_compromise", "true or false"),
    ],
)
def test_bad_compromise_settings_name_the_field(
    values: dict[str, object], field: str, allowed: str
) -> None:
    with pytest.raises(ConfigError) as raised:
        RunConfig(**values)  # type: ignore[arg-type]
    assert raised.value.field == field and allowed in str(raised.value)


def test_a_fixed_weak_secret_cannot_be_rotated_in_an_emergency() -> None:
    knobs = {"key_leak_at": 60, "vulnerable": "weak_hmac_secret", "algorithm": "HS256"}
    with pytest.raises(ConfigError) as raised:
        apply_settings(RunConfig(), knobs)
    assert raised.value.field == "key_leak_at" and "never rotated" in str(raised.value)


def test_a_leak_is_a_scenario_setting_everywhere() -> None:
    result = simtoken.run("refresh", seed=7, horizon=1200, key_leak_at=600, attacker_interval=300)
    assert result.metrics.forged_accepted > 0 and result.metrics.forged_after_rotation_s is None
