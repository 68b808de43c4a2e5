"""Policy and configuration validation: every bad value names its field, value and what is allowed."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

import simtoken
from simtoken import ConfigError, Policy, RunConfig, UnknownNameError, apply_settings, settings


def test_policy_defaults_are_the_documented_ones() -> None:
    assert Policy() == Policy(
        access_token_lifetime=300, refresh_token_lifetime=86_400, leeway=0.0, algorithm="RS256"
    )


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"access_token_lifetime": 0},
            "access_token_lifetime: invalid value 0; allowed: a whole number of seconds >= 1",
        ),
        ({"access_token_lifetime": -5}, "access_token_lifetime: invalid value -5;"),
        ({"access_token_lifetime": 1.5}, "access_token_lifetime: invalid value 1.5;"),
        ({"access_token_lifetime": True}, "access_token_lifetime: invalid value True;"),
        ({"refresh_token_lifetime": 0}, "refresh_token_lifetime: invalid value 0;"),
        ({"leeway": -1}, "leeway: invalid value -1; allowed: a number of seconds >= 0"),
        (
            {"leeway": 300},
            "leeway: invalid value 300; allowed: less than access_token_lifetime (300 s)",
        ),
        ({"leeway": float("nan")}, "leeway: invalid value nan;"),
        (
            {"algorithm": "HS512"},
            "algorithm: unknown name 'HS512'; did you mean 'HS256'? allowed: one of RS256, ES256, EdDSA, HS256",
        ),
        ({"algorithm": "none"}, "algorithm: unknown name 'none';"),
    ],
)
def test_invalid_policies_are_rejected_with_a_specific_message(
    changes: dict[str, object], message: str
) -> None:
    with pytest.raises(ConfigError) as info:
        Policy(**changes)  # type: ignore[arg-type]
    assert str(info.value).startswith(message)
    assert info.value.field == next(iter(changes))


def test_policy_is_immutable() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        Policy().leeway = 5  # type: ignore[misc]


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"clients": "0"}, "clients"),
        ({"clients": "1.5"}, "clients"),
        ({"horizon": "-1"}, "horizon"),
        ({"horizon": "inf"}, "horizon"),
        ({"request_interval": "0"}, "request_interval"),
        ({"loss": "1"}, "loss"),
        ({"loss": "-0.1"}, "loss"),
        ({"refresh": "sometimes"}, "refresh"),
        ({"refresh": "proactive", "refresh_margin": "300"}, "refresh_margin"),
        ({"timeout": "0.05"}, "timeout"),
        ({"audiences": "a,a"}, "audiences"),
        ({"audiences": "https://as.example"}, "audiences"),
        ({"access_token_lifetime": "five"}, "access_token_lifetime"),
        ({"leeway": "lots"}, "leeway"),
        ({"no_such_knob": "1"}, "setting"),
        ({"login_flow": "sometimes"}, "login_flow"),
        ({"pkce": "S512"}, "pkce"),
        ({"use_state": "maybe"}, "use_state"),
        ({"app_kind": "desktop"}, "app_kind"),
        ({"flow_attack": "phishing"}, "flow_attack"),
        ({"flow_attack": "login_csrf"}, "flow_attack"),  # login_flow=direct has no flow to attack
        (
            {"login_flow": "code", "flow_attack": "login_csrf", "theft_vector": "xss"},
            "flow_attack",
        ),
        ({"login_flow": "implicit", "sender_constraint": "dpop"}, "login_flow"),
        ({"redirect_uri_matching": "regex"}, "redirect_uri_matching"),
        ({"code_lifetime": "0"}, "code_lifetime"),
        ({"idp_session_lifetime": "1.5"}, "idp_session_lifetime"),
        ({"require_pkce": "sometimes"}, "require_pkce"),
    ],
)
def test_bad_settings_name_the_field(values: dict[str, str], field: str) -> None:
    with pytest.raises(ConfigError) as info:
        apply_settings(RunConfig(), values)
    assert info.value.field == field
    assert "allowed:" in str(info.value)
    assert "\n" not in str(info.value)


def test_unknown_setting_lists_the_known_ones() -> None:
    with pytest.raises(UnknownNameError) as info:
        apply_settings(RunConfig(), {"acess_token_lifetime": "60"})
    assert "access_token_lifetime" in info.value.choices


def test_settings_parse_strings_and_accept_python_values() -> None:
    config = apply_settings(
        RunConfig(),
        {
            "access_token_lifetime": "60",
            "leeway": "5",
            "clients": 3,
            "audiences": "a,b",
            "refresh": "proactive",
            "refresh_margin": 10,
        },
    )
    assert config.policy.access_token_lifetime == 60
    assert config.policy.leeway == 5.0
    assert config.clients == 3
    assert config.audiences == ("a", "b")
    assert config.refresh_margin == 10.0


def test_every_setting_is_documented() -> None:
    catalog = settings()
    assert set(catalog) == {f.name for f in dataclasses.fields(Policy)} | {
        f.name for f in dataclasses.fields(RunConfig) if f.name != "policy"
    }
    assert all(s.doc for s in catalog.values())


def test_unknown_scenario_and_bad_seed() -> None:
    with pytest.raises(
        UnknownNameError,
        match="scenario: unknown name 'xyzzy'; allowed: one of expiry, refresh, sso",
    ):
        simtoken.run("xyzzy")
    with pytest.raises(ConfigError, match="seed: invalid value -1"):
        simtoken.run("refresh", seed=-1)


@given(st.text(max_size=20))
def test_any_text_for_an_int_setting_is_parsed_or_rejected_cleanly(text: str) -> None:
    try:
        config = apply_settings(RunConfig(), {"access_token_lifetime": text})
    except ConfigError as exc:
        assert exc.field in ("access_token_lifetime", "leeway")
    else:
        assert config.policy.access_token_lifetime > 0
