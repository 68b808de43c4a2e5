"""The cookie scenarios on the command line: listed, run as JSON, their metrics shown."""

from __future__ import annotations

import json
import re

import pytest

import simtoken
from simtoken.cli import main


def test_list_shows_both_scenarios(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"^cookie-refresh +The refresh token in an HttpOnly cookie", out, re.M)
    assert re.search(r"^csrf +CSRF rides a SameSite=None cookie", out, re.M)


@pytest.mark.parametrize("name", ["cookie-refresh", "csrf"])
def test_each_scenario_runs_with_json(capsys: pytest.CaptureFixture[str], name: str) -> None:
    assert main(["run", name, "--seed", "7", "--set", "horizon=2h", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["scenario"] == name
    assert simtoken.audit(document) == []


def test_run_shows_csrf_accepted_only_for_a_csrf_attack(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["run", "csrf", "--seed", "7", "--events", "0"]) == 0
    assert "  csrf_accepted: 26\n" in capsys.readouterr().out
    assert main(["run", "cookie-refresh", "--seed", "7", "--events", "0"]) == 0
    assert "csrf_accepted" not in capsys.readouterr().out


def test_compare_adds_the_csrf_column_for_a_csrf_row(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["--seed", "7", "--preset", "naive", "--set", "horizon=2h"]
    assert main(["compare", "csrf", *args]) == 0
    assert capsys.readouterr().out.splitlines()[0].split()[-1] == "csrf_accepted"
    assert main(["compare", "theft", *args]) == 0
    assert "csrf_accepted" not in capsys.readouterr().out


def test_the_cookie_notes_go_to_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["run", "cookie-refresh", "--set", "horizon=6h", "--set", "cookie_max_age=1h"]
    assert main([*args, "--events", "0"]) == 0
    assert capsys.readouterr().err == (
        "simtoken: note: cookie_max_age (3600 s) is shorter than refresh_token_lifetime "
        "(86400 s): the browser drops the refresh cookie before the token expires\n"
    )
