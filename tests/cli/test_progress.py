"""Long work shows progress on a terminal, and only there; progress never changes a run."""

from __future__ import annotations

import io
import sys

import pytest

import simtoken
from simtoken.cli import _runs, main
from simtoken.cli._progress import progress_bar
from simtoken.runner import build, configure


class Terminal(io.StringIO):
    """A text stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def test_no_bar_off_a_terminal_or_when_not_asked() -> None:
    with progress_bar(True, io.StringIO(), "x") as progress:
        assert progress is None
    with progress_bar(False, Terminal(), "x") as progress:
        assert progress is None


def test_a_bar_on_a_terminal_is_drawn_and_wiped() -> None:
    stream = Terminal()
    with progress_bar(True, stream, "refresh") as progress:
        assert progress is not None
        for step in range(1, 101):
            progress(step / 100)
    drawn = stream.getvalue()
    assert "refresh:" in drawn and "/100" in drawn  # drawn (tqdm redraws at most 10 times a s)
    assert drawn.endswith("\r")  # and wiped at the end (leave=False): the terminal stays clean


@pytest.mark.parametrize("scenario", ["refresh", "theft-f2", "concurrent-tabs", "key-rotation"])
def test_a_run_reporting_progress_is_the_same_run(scenario: str) -> None:
    seen: list[float] = []
    stepped = build(scenario, configure(scenario), 3).run(seen.append)
    assert stepped.to_json() == simtoken.run(scenario, seed=3).to_json()
    assert len(seen) == 100 and seen[-1] == 1.0 and seen == sorted(seen)


def test_a_slow_run_shows_a_bar_on_the_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    monkeypatch.setattr(_runs, "SLOW_S", 0.0)  # every run counts as slow here
    assert main(["run", "refresh", "--set", "horizon=3600", "--events", "0"]) == 0
    assert "refresh:" in terminal.getvalue() and "/100" in terminal.getvalue()
    monkeypatch.setattr(_runs, "SLOW_S", 1e9)  # and a quick one shows none
    before = terminal.getvalue()
    assert main(["run", "refresh", "--set", "horizon=3600", "--events", "0"]) == 0
    assert terminal.getvalue() == before
