"""The single sign-on settings: apps, logout_kind, block_third_party_cookies, revoke_on_idp_logout."""

from __future__ import annotations

import pytest
from conftest import counted_steps

import simtoken
from simtoken import ConfigError, Policy, RunConfig, apply_settings, settings
from simtoken.config.budget import estimate
from simtoken.config.sso import LOGOUT_KINDS
from simtoken.policy.presets import PRESETS


def test_the_defaults_keep_every_run_as_it_was() -> None:
    config = RunConfig()
    assert (config.apps, config.logout_kind, config.block_third_party_cookies) == (1, "app", True)
    assert Policy().revoke_on_idp_logout is True
    catalog = settings()
    assert catalog["logout_kind"].allowed == "one of " + ", ".join(LOGOUT_KINDS)
    assert all(catalog[name].doc for name in ("apps", "logout_kind", "revoke_on_idp_logout"))


@pytest.mark.parametrize(
    ("values", "field", "allowed"),
    [
        ({"apps": "0"}, "apps", "a whole number >= 1"),
        ({"apps": "1.5"}, "apps", "a whole number"),
        ({"apps": "2"}, "apps", "1 while login_flow=direct"),
        ({"logout_kind": "everywhere"}, "logout_kind", "one of app, idp, frontchannel"),
        ({"logout_kind": "backchannel"}, "logout_kind", "app while login_flow=direct"),
        ({"block_third_party_cookies": "maybe"}, "block_third_party_cookies", "true or false"),
        ({"revoke_on_idp_logout": "2"}, "revoke_on_idp_logout", "true or false"),
    ],
)
def test_bad_sso_settings_name_the_field(values: dict[str, str], field: str, allowed: str) -> None:
    with pytest.raises(ConfigError) as info:
        apply_settings(RunConfig(), values)
    assert info.value.field == field
    assert allowed in str(info.value) and "\n" not in str(info.value)


def test_several_apps_and_an_idp_logout_with_a_real_flow() -> None:
    config = apply_settings(
        RunConfig(), {"apps": "3", "login_flow": "code", "logout_kind": "frontchannel"}
    )
    assert (config.apps, config.logout_kind) == (3, "frontchannel")


def test_presets_say_whether_an_idp_logout_revokes() -> None:
    revoking = {name for name, p in PRESETS.items() if p.policy.revoke_on_idp_logout}
    assert revoking == {"keycloak-default", "cognito-rotation", "supabase-hosted", "rfc9700-bcp"}
    assert "revoke_on_idp_logout off [A-ort]" in PRESETS["auth0-spa"].notes.replace("\n", " ")
    assert "revoke_on_idp_logout on [K-rh]" in PRESETS["keycloak-default"].notes


@pytest.mark.parametrize(("scenario", "apps"), [("sso-apps", 4), ("single-logout", 3)])
def test_the_estimate_bounds_runs_with_more_apps(scenario: str, apps: int) -> None:
    steps, estimated = counted_steps(scenario, {"apps": apps, "horizon": 7200})
    assert estimated >= steps
    config = apply_settings(
        simtoken.get_scenario(scenario).defaults, {"apps": apps, "horizon": 7200}
    )
    assert estimate(config).events > estimate(apply_settings(config, {"apps": 1})).events
