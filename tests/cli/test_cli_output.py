"""What ``simtoken run`` prints: only the metrics a scenario produces, in one rendering."""

from __future__ import annotations

import json

import pytest

import simtoken
from simtoken.cli import main
from simtoken.cli._listing import EXPECTED_REFRESH, expected_rejections

SHORT = ["--seed", "7", "--set", "horizon=7200", "--events", "0"]


def run_out(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(list(args)) == 0
    return capsys.readouterr().out


def test_run_without_an_attacker_hides_attacker_metrics(
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = run_out(capsys, "run", "refresh", *SHORT)
    assert "attacker_" not in out and "detection_latency_s" not in out
    assert "forged_accepted" not in out and "key_outage_s" not in out
    assert "  victim_logins: 0\n" in out


def test_all_metrics_shows_them_and_json_keeps_them(capsys: pytest.CaptureFixture[str]) -> None:
    out = run_out(capsys, "run", "refresh", *SHORT, "--all-metrics")
    assert "  attacker_access_s: 0.0\n" in out and "  key_outage_s: 0.0\n" in out
    data = json.loads(run_out(capsys, "run", "refresh", *SHORT, "--json"))
    assert "attacker_access_s" in data["metrics"] and "key_outage_s" in data["metrics"]


def test_a_theft_shows_attacker_metrics_but_no_key_outage(
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = run_out(capsys, "run", "theft-f2", *SHORT)
    assert "  attacker_api_calls: " in out and "detection_latency_s" in out
    assert "key_outage_s" not in out


def test_key_rotation_shows_the_key_outage(capsys: pytest.CaptureFixture[str]) -> None:
    out = run_out(capsys, "run", "key-rotation", "--events", "0")
    assert "  key_outage_s: " in out and "attacker_" not in out


def test_run_shows_a_missing_value_as_a_dash(capsys: pytest.CaptureFixture[str]) -> None:
    out = run_out(capsys, "run", "refresh", *SHORT)
    assert "  residual_access_s: -\n" in out and "None" not in out


def test_run_shows_durations_in_human_units(capsys: pytest.CaptureFixture[str]) -> None:
    out = run_out(capsys, "run", "theft-f2", "--events", "0")
    assert "  attacker_access_s: 4255.0 (1 h 11 min)\n" in out
    assert "  detection_latency_s: 4128.616895 (1 h 9 min)\n" in out
    assert "  residual_access_s: 126.383105 (2 min 6 s)\n" in out
    assert "  attacker_online_s: 0.0\n" in out
    data = json.loads(run_out(capsys, "run", "theft-f2", "--json"))
    assert data["metrics"]["attacker_access_s"] == 4255.0


def test_compare_and_sweep_show_a_missing_value_as_a_dash(
    capsys: pytest.CaptureFixture[str],
) -> None:
    settings = ["--set", "horizon=7200"]
    out = run_out(capsys, "compare", "theft", "--preset", "naive", *settings)
    header, row = out.splitlines()[:2]  # cells are right-aligned under their column name
    end = header.index("detection_latency_s") + len("detection_latency_s")
    assert row[:end].split("  ")[-1].strip() == "-" and "None" not in out
    grid = ["--grid", "access_token_lifetime=60,300", "--metric", "detection_latency_s"]
    out = run_out(capsys, "sweep", "theft", *grid, *settings)
    assert out.splitlines()[-2:] == [
        "60                                       -",
        "300                                      -",
    ]


def test_run_labels_the_expired_rejection_a_reactive_refresh_follows(
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = run_out(capsys, "run", "refresh", "--events", "20")
    lines = [line.rstrip() for line in out.splitlines()]
    row = (
        "435.686  rejected  api.example               5           "
        "expired (expected: refresh follows)"
    )
    assert any(line.startswith(row) for line in lines)
    assert sum("expected: refresh follows" in line for line in lines) == 1


def test_an_expired_rejection_without_a_refresh_is_not_labelled(
    capsys: pytest.CaptureFixture[str],
) -> None:
    args = ["--seed", "7", "--set", "horizon=700", "--set", "request_interval=150"]
    out = run_out(capsys, "run", "expiry", *args, "--events", "40")
    assert "expired " in out and "expected:" not in out
    trace = simtoken.run("refresh").trace
    labels = expected_rejections(trace)  # one per reactive refresh (185 in this run)
    assert len(labels) == 185 and min(labels) == 15 and set(labels.values()) == {EXPECTED_REFRESH}
    assert trace.to_table()[15]["info"] == "expired"  # the table rows are unchanged
