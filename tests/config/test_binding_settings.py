"""The binding settings (fingerprint, DBSC, infostealer, mTLS): defaults off, bad ones named."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import simtoken
from simtoken.config.run import RunConfig
from simtoken.config.settings import SECONDS, apply_settings, settings
from simtoken.errors import ConfigError
from simtoken.policy.model import Policy


def test_the_defaults_keep_every_run_as_it_was() -> None:
    config = RunConfig()
    assert (config.fingerprint, config.dbsc, config.infostealer) == (False, False, False)
    assert config.dbsc_cookie_lifetime == 600.0
    assert config.policy.sender_constraint == "none"


def test_every_binding_setting_is_documented_and_the_lifetime_takes_a_unit() -> None:
    catalog = settings()
    for name in ("fingerprint", "dbsc", "dbsc_cookie_lifetime", "infostealer"):
        assert catalog[name].doc
    assert "dbsc_cookie_lifetime" in SECONDS
    assert apply_settings(RunConfig(storage="cookie_bff"), {"dbsc_cookie_lifetime": "5m"}) == (
        RunConfig(storage="cookie_bff", dbsc_cookie_lifetime=300.0)
    )


@pytest.mark.parametrize(
    ("values", "field", "allowed"),
    [
        ({"fingerprint": True, "storage": "cookie_bff"}, "fingerprint", "false with storage"),
        ({"fingerprint": True, "storage": "keystore"}, "fingerprint", "memory, web_storage"),
        ({"dbsc": True, "storage": "cookie_rt"}, "dbsc", "storage=cookie_bff"),
        ({"fingerprint": True, "login_flow": "implicit"}, "fingerprint", "login_flow=implicit"),
        (
            {"fingerprint": True, "apps": 2, "login_flow": "code"},
            "fingerprint",
            "false with apps > 1",
        ),
        ({"infostealer": True, "storage": "cookie_bff"}, "infostealer", "theft_vector=device"),
        ({"infostealer": True, "theft_vector": "device"}, "infostealer", "storage=cookie_bff"),
        ({"dbsc_cookie_lifetime": 0.0}, "dbsc_cookie_lifetime", "invalid value 0.0"),
    ],
)
def test_bad_binding_settings_name_the_field(
    values: dict[str, Any], field: str, allowed: str
) -> None:
    with pytest.raises(ConfigError) as info:
        RunConfig(**values)
    assert info.value.field == field
    assert allowed in str(info.value)


def test_mtls_needs_a_confidential_client() -> None:
    with pytest.raises(ConfigError, match="set client_type=confidential"):
        RunConfig(policy=Policy(sender_constraint="mtls"))
    with pytest.raises(ConfigError, match="login_flow=implicit"):
        RunConfig(
            policy=Policy(sender_constraint="mtls", allow_implicit=True),
            client_type="confidential",
            login_flow="implicit",
        )
    assert RunConfig(policy=Policy(sender_constraint="mtls"), client_type="confidential")


def test_an_unknown_sender_constraint_lists_mtls() -> None:
    with pytest.raises(ConfigError, match="mtls"):
        simtoken.run("theft", seed=1, sender_constraint="tls")


@given(st.floats(allow_nan=True, allow_infinity=True))
def test_any_cookie_lifetime_is_taken_or_refused_cleanly(value: float) -> None:
    try:
        config = RunConfig(storage="cookie_bff", dbsc=True, dbsc_cookie_lifetime=value)
    except ConfigError as error:
        assert error.field == "dbsc_cookie_lifetime"
    else:
        assert config.dbsc_cookie_lifetime > 0
