"""The cookie settings: hardened defaults, one clear error per bad value, notes on odd ones."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from simtoken import ConfigError, RunConfig, UnknownNameError, apply_settings, settings
from simtoken.actors.webapp import cookie_notes
from simtoken.config.settings import SECONDS


def test_the_defaults_are_the_hardened_cookie() -> None:
    config = RunConfig()
    assert (config.cookie_samesite, config.cookie_secure, config.cookie_http_only) == (
        "strict",
        True,
        True,
    )
    assert (config.cookie_prefix, config.cookie_path, config.cookie_max_age) == (
        "__Secure-",
        "/auth/refresh",
        86_400.0,
    )
    assert (config.csrf_token, config.origin_check) == (True, True)
    assert cookie_notes(RunConfig(storage="cookie_rt")) == []


def test_every_cookie_setting_is_documented_and_max_age_takes_a_unit() -> None:
    catalog = settings()
    for name in ("cookie_samesite", "cookie_path", "csrf_token", "origin_check"):
        assert catalog[name].doc
    assert "cookie_max_age" in SECONDS
    assert apply_settings(RunConfig(), {"cookie_max_age": "2h"}).cookie_max_age == 7200.0


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"cookie_samesite": "Lax"}, "cookie_samesite", "allowed: one of strict, lax, none"),
        ({"cookie_prefix": "__host-"}, "cookie_prefix", "allowed: one of none, __Secure-, __Host-"),
        ({"cookie_path": "auth"}, "cookie_path", "a path that starts with /"),
        ({"cookie_path": "/a;b"}, "cookie_path", "(no ';')"),
        ({"cookie_path": "/" + "x" * 1024}, "cookie_path", "e.g. /auth/refresh"),
        ({"cookie_max_age": "0"}, "cookie_max_age", "allowed: a number > 0"),
        ({"cookie_secure": "maybe"}, "cookie_secure", "true or false"),
        ({"csrf_token": "2"}, "csrf_token", "true or false"),
        ({"storage": "cookie"}, "storage", "cookie_rt"),
        ({"theft_vector": "xsrf"}, "theft_vector", "csrf"),
    ],
)
def test_bad_cookie_settings_name_the_field(
    values: dict[str, str], field: str, message: str
) -> None:
    with pytest.raises(ConfigError) as info:
        apply_settings(RunConfig(), values)
    assert info.value.field == field
    assert message in str(info.value) and "\n" not in str(info.value)


def test_a_python_value_of_the_wrong_type_is_refused() -> None:
    with pytest.raises(ConfigError, match="cookie_path: invalid value 3"):
        RunConfig(cookie_path=3)  # type: ignore[arg-type]
    with pytest.raises(UnknownNameError, match="cookie_samesite: unknown name"):
        RunConfig(cookie_samesite="Strict")  # type: ignore[arg-type]


@given(st.text(max_size=30))
def test_any_path_is_taken_or_refused_cleanly(text: str) -> None:
    try:
        config = apply_settings(RunConfig(), {"cookie_path": text})
    except ConfigError as exc:
        assert exc.field == "cookie_path"
    else:
        assert config.cookie_path.startswith("/") and ";" not in config.cookie_path


@pytest.mark.parametrize(
    ("settings_", "note"),
    [
        (
            {"cookie_prefix": "__Host-"},
            "refuses the refresh cookie (host_prefix, RFC 6265bis §4.1.3.2)",
        ),
        ({"tls": False}, "refuses the refresh cookie (secure_from_http, RFC 6265bis §5.7)"),
        ({"cookie_path": "/api"}, "cookie_path (/api) does not cover the refresh endpoint"),
        ({"cookie_max_age": 3600.0}, "cookie_max_age (3600 s) is shorter than refresh_token"),
    ],
)
def test_notes_on_a_refresh_cookie_that_breaks_the_refresh(
    settings_: dict[str, Any], note: str
) -> None:
    (found,) = cookie_notes(RunConfig(storage="cookie_rt", **settings_))
    assert note in found
    assert cookie_notes(RunConfig(storage="web_storage", **settings_)) == []
