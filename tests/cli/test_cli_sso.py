"""The single sign-on scenarios on the command line: listed, shown, run to a JSON document."""

from __future__ import annotations

import json

import pytest

from simtoken.cli import main
from simtoken.record.audit import audit


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_list_shows_both_sso_scenarios(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "list")
    lines = {line.split()[0]: line for line in out.splitlines()}
    assert code == 0 and {"sso-apps", "single-logout"} <= set(lines)
    assert "signs in silently" in lines["sso-apps"]


@pytest.mark.parametrize(
    ("scenario", "settings", "metrics"),
    [
        ("sso-apps", [], {"silent_sign_ins": 1, "victim_logins": 0}),
        (
            "single-logout",
            ["--set", "logout_kind=frontchannel", "--set", "block_third_party_cookies=false"],
            {
                "silent_sign_ins": 1,
                "residual_refresh_by_app": {"client-1.app-1": 0.05, "client-1.app-2": 0.2},
            },
        ),
    ],
)
def test_each_sso_scenario_runs_to_a_clean_json_document(
    capsys: pytest.CaptureFixture[str],
    scenario: str,
    settings: list[str],
    metrics: dict[str, object],
) -> None:
    code, out, _ = run_cli(capsys, "run", scenario, "--seed", "9", *settings, "--json")
    assert code == 0
    doc = json.loads(out)
    assert doc["scenario"] == scenario and doc["config"]["apps"] == 2
    assert {k: doc["metrics"][k] for k in metrics} == metrics
    assert audit(doc) == []


def test_run_prints_the_sso_metrics_only_where_they_can_say_something(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, out, _ = run_cli(capsys, "run", "single-logout", "--seed", "9", "--events", "0")
    assert "silent_sign_ins: 1" in out
    assert "residual_refresh_by_app: " in out and "client-1.app-2" in out
    _, out, _ = run_cli(capsys, "run", "refresh", "--seed", "9", "--events", "0")
    assert "silent_sign_ins" not in out and "residual_access_by_app" not in out


def test_sso_settings_refused_on_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, "run", "refresh", "--set", "apps=2")
    assert (code, out) == (2, "")
    assert err.startswith("simtoken: error: apps: invalid value 2; allowed: 1 while login_flow")
