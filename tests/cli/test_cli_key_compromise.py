"""``simtoken run key-compromise``: the key thief's accepted calls are shown, never hidden."""

from __future__ import annotations

import pytest

from simtoken.cli import main


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(list(args)) == 0
    return capsys.readouterr().out


def test_key_compromise_shows_the_forged_calls_and_their_window(
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = run_cli(capsys, "run", "key-compromise", "--seed", "7")
    for line in (
        "  attacker_api_calls: 20\n",
        "  forged_accepted: 20\n",
        "  forged_window_s: 7031.876071 (1 h 57 min)\n",
        "  forged_after_rotation_s: 1632.026071 (27 min 12 s)\n",
        "  users_forced_to_log_in: 5\n",
        "  key_outage_s: 1918.965108 (31 min 59 s)\n",
    ):
        assert line in out


def test_a_run_without_a_leak_hides_the_key_compromise_metrics(
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = run_cli(capsys, "run", "refresh", "--seed", "7", "--set", "horizon=600")
    assert "forged_window_s" not in out and "users_forced_to_log_in" not in out
    leak = run_cli(capsys, "run", "refresh", "--seed", "7", "--set", "horizon=1200",
                   "--set", "key_leak_at=600")  # fmt: skip
    assert "forged_window_s" in leak and "forged_after_rotation_s" not in leak
