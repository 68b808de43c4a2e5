"""Keycloak realm exports and Auth0 applications read as settings, with every field accounted for."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simtoken.analysis.product_import import (
    AUTH0_DEFAULTS,
    KEYCLOAK_DEFAULTS,
    from_auth0,
    from_keycloak,
    read_export,
)
from simtoken.errors import ConfigError
from simtoken.policy.model import Policy
from simtoken.policy.presets import get_preset
from simtoken.runner import configure

EXAMPLES = Path(__file__).resolve().parents[2] / "workshop" / "examples"


def _load(name: str) -> Any:
    return json.loads((EXAMPLES / name).read_text())


def test_keycloak_example_export() -> None:
    imported = read_export(_load("keycloak-realm.json"))
    assert imported.source == "Keycloak realm export"
    assert imported.preset == "keycloak-default"
    assert dict(imported.settings) == {
        "access_token_lifetime": 900,
        "refresh_token_lifetime": 36000,
        "refresh_token_idle_lifetime": 1800,
        "idp_session_lifetime": 36000,
        "rotation": True,
        "reuse_detection": "user",
        "max_reuse": 0,
        "code_lifetime": 60,
        "algorithm": "RS256",
    }
    assert [n.field for n in imported.assumed] == ["accessCodeLifespan"]
    assert [n.field for n in imported.not_modelled] == [
        "accessTokenLifespanForImplicitFlow",
        "ssoSessionIdleTimeoutRememberMe",
        "ssoSessionMaxLifespanRememberMe",
        "offlineSessionIdleTimeout",
        "offlineSessionMaxLifespanEnabled",
        "offlineSessionMaxLifespan",
        "notBefore",
    ]
    assert imported.ignored == (
        "enabled",
        "id",
        "loginWithEmailAllowed",
        "realm",
        "registrationAllowed",
        "sslRequired",
    )
    used = {n.field for n in imported.used}
    assert used | {n.field for n in imported.assumed} == set(KEYCLOAK_DEFAULTS)


def test_an_empty_realm_is_the_keycloak_default_preset() -> None:
    imported = from_keycloak({})
    assert [n.field for n in imported.assumed] == list(KEYCLOAK_DEFAULTS)
    policy = configure("theft", imported.preset, imported.settings).policy
    assert policy == get_preset("keycloak-default").policy


def test_keycloak_client_sessions_shorten_the_sso_session() -> None:
    imported = from_keycloak(
        {
            "ssoSessionIdleTimeout": 1800,
            "clientSessionIdleTimeout": 600,
            "clientSessionMaxLifespan": 7200,
        }
    )
    assert imported.settings["refresh_token_idle_lifetime"] == 600
    assert imported.settings["refresh_token_lifetime"] == 7200
    assert imported.settings["idp_session_lifetime"] == 36000


def test_keycloak_max_reuse_without_rotation_is_named_not_applied() -> None:
    imported = from_keycloak({"refreshTokenMaxReuse": 2})
    assert imported.settings["max_reuse"] == 0
    (note,) = [n for n in imported.used if n.field == "refreshTokenMaxReuse"]
    assert note.note.startswith("ignored")


def test_auth0_example_application() -> None:
    imported = read_export(_load("auth0-application.json"))
    assert imported.source == "Auth0 application"
    assert imported.preset == "auth0-spa"
    assert dict(imported.settings) == {
        "rotation": True,
        "reuse_detection": "family",
        "grace_interval": 30.0,
        "refresh_token_lifetime": 2592000,
        "refresh_token_idle_lifetime": 1296000,
    }
    assert imported.assumed == ()
    assert imported.ignored == ("app_type", "name", "token_endpoint_auth_method")
    Policy(**{**vars(get_preset("auth0-spa").policy), **imported.settings})  # a valid policy


def test_auth0_defaults_are_non_rotating_and_endless() -> None:
    imported = from_auth0({"refresh_token": {}})
    assert [n.field for n in imported.assumed] == list(AUTH0_DEFAULTS)
    assert imported.settings["rotation"] is False
    assert imported.settings["refresh_token_lifetime"] == 315_360_000
    assert imported.settings["refresh_token_idle_lifetime"] == 0


def test_auth0_leeway_without_rotation_is_named_not_applied() -> None:
    imported = from_auth0({"rotation_type": "non-rotating", "leeway": 10})
    assert imported.settings["grace_interval"] == 0.0
    (note,) = [n for n in imported.used if n.field == "leeway"]
    assert note.note.startswith("ignored")


@pytest.mark.parametrize(
    ("reader", "document", "field"),
    [
        (from_keycloak, {"accessTokenLifespan": "300"}, "accessTokenLifespan"),
        (from_keycloak, {"accessTokenLifespan": 0}, "accessTokenLifespan"),
        (from_keycloak, {"revokeRefreshToken": "yes"}, "revokeRefreshToken"),
        (from_keycloak, {"defaultSignatureAlgorithm": "PS512"}, "defaultSignatureAlgorithm"),
        (from_keycloak, [], "realm export"),
        (from_auth0, {"rotation_type": "sometimes"}, "rotation_type"),
        (from_auth0, {"refresh_token": None}, "refresh_token"),
        (from_auth0, {"leeway": -1}, "leeway"),
        (read_export, {"hello": 1}, "export"),
    ],
)
def test_wrong_fields_are_named(reader: Any, document: Any, field: str) -> None:
    with pytest.raises(ConfigError) as caught:
        reader(document)
    assert caught.value.field == field


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=8,
)
_FIELDS = st.sampled_from([*KEYCLOAK_DEFAULTS, *AUTH0_DEFAULTS, "refresh_token", "realm", "x"])


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(_FIELDS, _JSON, max_size=6))
def test_any_json_is_read_or_refused_with_a_named_field(document: dict[str, Any]) -> None:
    try:
        imported = read_export(document)
    except ConfigError as error:
        assert error.field
        return
    accounted = {n.field for n in (*imported.used, *imported.assumed, *imported.not_modelled)}
    inner = document.get("refresh_token", document)
    assert set(inner) <= accounted | set(imported.ignored)
