"""The command line knows the scopes and client-credentials scenarios and their settings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from simtoken.cli import main


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_list_shows_both_scenarios(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "list")
    names = [line.split()[0] for line in out.splitlines() if line.strip()]
    assert code == 0 and {"scopes", "client-credentials"} <= set(names)
    assert names.index("client-credentials") == names.index("background") + 1


@pytest.mark.parametrize(
    ("scenario", "settings", "metrics"),
    [
        (
            "scopes",
            ["--set", "horizon=4000"],
            {"attacker_api_calls_by_scope": {"api.example:read": 4}},
        ),
        ("client-credentials", ["--set", "horizon=1h"], {"api_calls": 60, "refreshes": 0}),
    ],
)
def test_each_runs_with_json_and_audits_clean(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    scenario: str,
    settings: list[str],
    metrics: dict[str, object],
) -> None:
    code, out, _ = run_cli(capsys, "run", scenario, "--seed", "7", "--json", *settings)
    doc = json.loads(out)
    assert code == 0 and doc["scenario"] == scenario
    assert {k: doc["metrics"][k] for k in metrics} == metrics
    saved = tmp_path / "run.json"
    saved.write_text(out)
    code, out, _ = run_cli(capsys, "audit", str(saved))
    assert code == 0 and "no violations" in out


def test_run_prints_the_scope_metrics_only_with_operations(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, out, _ = run_cli(capsys, "run", "scopes", "--seed", "7", "--events", "0")
    assert (
        "world: clients=1 tabs=1 horizon=7200s refresh=reactive operations=read,write,delete\n"
        in out
    )
    assert "  attacker_scope_refusals: {'api.example:delete': 31, 'api.example:write': 31}\n" in out
    _, out, _ = run_cli(
        capsys, "run", "theft", "--seed", "7", "--events", "0", "--set", "horizon=1h"
    )
    assert "attacker_api_calls_by_scope" not in out and "attacker_scope_refusals" not in out
    _, out, _ = run_cli(
        capsys, "run", "client-credentials", "--seed", "7", "--events", "3", "--set", "horizon=1h"
    )
    assert "world: clients=0 tabs=1 horizon=3600s refresh=reactive workers=1" in out
    assert "token client_credentials" in out


def test_show_states_the_expected_outcome(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run_cli(capsys, "show", "client-credentials")
    assert "Expected outcome" in out and "⌈H / R⌉ = 360" in out
