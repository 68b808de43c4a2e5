"""The login-flow scenarios on the command line: listed, shown, run to JSON, audited, diagrammed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import simtoken
from simtoken.cli import main

FLOW_SCENARIOS = ("code-interception", "redirect-uri", "login-csrf", "implicit-leak")


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_list_shows_the_four_flow_attacks(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "list")
    names = [line.split()[0] for line in out.splitlines()]
    assert code == 0 and names[-4:] == list(FLOW_SCENARIOS)


@pytest.mark.parametrize("name", FLOW_SCENARIOS)
def test_each_flow_scenario_runs_to_json_and_audits_clean(
    name: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, err = run_cli(capsys, "run", name, "--seed", "7", "--json")
    assert (code, err) == (0, "")
    document = json.loads(out)
    assert document["scenario"] == name and document["config"]["flow_attack"] != "none"
    assert document["metrics"] == simtoken.run(name, seed=7).metrics.to_dict()
    kinds = {e["kind"] for e in document["events"]}
    assert {"redirect", "request"} <= kinds
    saved = tmp_path / f"{name}.json"
    saved.write_text(out, encoding="utf-8")
    code, out, _ = run_cli(capsys, "audit", str(saved))
    assert code == 0, out


def test_run_prints_the_flow_metrics_only_where_they_apply(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, out, _ = run_cli(capsys, "run", "login-csrf", "--seed", "7", "--events", "0")
    assert "  calls_as_other_user: 168\n" in out and "attacker_access_s" in out
    _, out, _ = run_cli(capsys, "run", "refresh", "--seed", "7", "--events", "0")
    assert "calls_as_other_user" not in out


def test_show_tells_the_story_and_the_settings_it_changes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run_cli(capsys, "show", "code-interception")
    assert code == 0
    assert "Covers:" in out and "Expected outcome:" in out
    assert "app_kind" in out and "native" in out and "flow_attack" in out


def test_a_flow_run_draws_as_a_mermaid_diagram(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "ci.md"
    code, _, _ = run_cli(
        capsys, "run", "code-interception", "--seed", "7", "--mermaid", str(target)
    )
    text = target.read_text(encoding="utf-8")
    assert code == 0
    assert "participant B1 as user-1/browser" in text
    assert "B1->>AS: t=0s authorize code\n" in text
    assert "B1-)ATK: t=0.1s redirect, code utsKUu\n" in text
    assert "ATK->>AS: t=0.1s token authorization_code code utsKUu\n" in text
    assert "AS--xC1: t=0.25s rejected (code_reused)\n" in text
