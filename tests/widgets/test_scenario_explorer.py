"""The scenario explorer: any scenario, chosen settings as controls, named metrics shown."""

from __future__ import annotations

import pytest

import simtoken
from simtoken.errors import ConfigError, UnknownNameError
from simtoken.widgets import ScenarioRun, scenario_explorer, scenario_outcome


def test_the_first_picture_is_the_scenario_as_run_and_a_move_reruns_it() -> None:
    explorer = scenario_explorer(
        "code-interception", {"pkce": ["none", "S256"]}, metrics=["attacker_access_s"]
    )
    expected = simtoken.run("code-interception", seed=7).metrics.attacker_access_s
    assert explorer.current.metrics.attacker_access_s == expected == 299.85
    assert '<td style="padding: 2px 10px; text-align: right">299.85</td>' in explorer.table.value
    assert "Scenario <code>code-interception</code> with pkce=none" in explorer.caption.value
    hardened = explorer.set(pkce="S256")
    assert hardened is not None and hardened.metrics.attacker_access_s == 0.0


def test_a_flag_gets_a_checkbox_and_fixed_settings_hold() -> None:
    explorer = scenario_explorer(
        "theft", {"rotation": [False, True]}, metrics=["attacker_refresh_s"], horizon=7200
    )
    assert type(explorer.controls["rotation"]).__name__ == "Checkbox"
    assert explorer.current.result.config.horizon == 7200
    assert dict(explorer.current.choices.fixed) == {"horizon": 7200}


def test_an_impossible_combination_is_shown_not_raised() -> None:
    explorer = scenario_explorer("rotation", {"rotation": [False, True]}, metrics=["victim_logins"])
    assert explorer.set(rotation=False) is None  # reuse detection needs rotation
    assert "rotation" in explorer.message.value


def test_bad_names_are_refused_before_anything_runs() -> None:
    with pytest.raises(UnknownNameError, match="setting: unknown name 'pkcee'"):
        scenario_explorer("refresh", {"pkcee": ["none"]}, metrics=[])
    with pytest.raises(UnknownNameError, match="metric: unknown name 'logins'"):
        scenario_explorer("refresh", {}, metrics=["logins"])
    with pytest.raises(ConfigError, match="at least one value"):
        scenario_explorer("refresh", {"tabs": []}, metrics=[])
    with pytest.raises(UnknownNameError, match="scenario"):
        scenario_explorer("refreshh", {}, metrics=[])


def test_the_pure_function_runs_fixed_then_moved_settings() -> None:
    run = ScenarioRun("refresh", (("horizon", 3600),), (("access_token_lifetime", 60),))
    assert run.settings() == {"horizon": 3600, "access_token_lifetime": 60}
    outcome = scenario_outcome(run, seed=7)
    assert outcome.result.config.policy.access_token_lifetime == 60
