"""Settings in seconds accept durations with units: ``5m`` is ``300``."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import simtoken
from simtoken.cli import main
from simtoken.config.settings import SECONDS, parse_duration, settings
from simtoken.errors import ConfigError


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("5m", 300), ("1h", 3600), ("30d", 2_592_000), ("90s", 90), ("1.5h", 5400), ("2 M", 120)],
)
def test_a_duration_is_its_seconds(text: str, seconds: int) -> None:
    assert parse_duration(text) == seconds
    assert settings()["access_token_lifetime"].parse(text) == seconds
    assert settings()["horizon"].parse(text) == float(seconds)


def test_set_5m_equals_set_300() -> None:
    by_unit = simtoken.run("refresh", seed=7, access_token_lifetime="5m", horizon="6h")
    by_seconds = simtoken.run("refresh", seed=7, access_token_lifetime="300", horizon=21600)
    assert by_unit.config == by_seconds.config
    assert by_unit.metrics == by_seconds.metrics
    assert by_unit.to_json() == by_seconds.to_json()


def test_set_5m_on_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    outputs = []
    for value in ("5m", "300"):
        args = ["run", "refresh", "--set", f"access_token_lifetime={value}", "--set", "horizon=6h"]
        assert main([*args, "--json"]) == 0
        outputs.append(capsys.readouterr().out)
    assert outputs[0] == outputs[1]


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("access_token_lifetime", "5x"),
        ("access_token_lifetime", "0.5s"),
        ("access_token_lifetime", "1.001m"),
        ("horizon", "5 weeks"),
        ("horizon", "m"),
    ],
)
def test_a_bad_duration_names_field_value_and_forms(name: str, value: str) -> None:
    with pytest.raises(ConfigError) as info:
        settings()[name].parse(value)
    assert str(info.value).startswith(f"{name}: invalid value {value!r}; allowed: ")
    assert "a duration: 90s, 5m, 1.5h, 30d" in str(info.value)


def test_only_settings_in_seconds_take_units() -> None:
    assert set(settings()) >= SECONDS
    with pytest.raises(ConfigError, match=r"clients: invalid value '5m'; allowed: a whole number$"):
        settings()["clients"].parse("5m")


@given(st.integers(0, 10**6), st.sampled_from(["s", "m", "h", "d"]))
def test_whole_durations_are_whole_seconds(amount: int, unit: str) -> None:
    factor = {"s": 1, "m": 60, "h": 3600, "d": 86400}[unit]
    assert settings()["refresh_token_lifetime"].parse(f"{amount}{unit}") == amount * factor
