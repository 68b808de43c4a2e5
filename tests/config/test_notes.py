"""Odd but legal settings get a one-line note; ``--events -1`` is refused."""

from __future__ import annotations

import pytest

import simtoken
from simtoken.cli import main
from simtoken.config.notes import setting_notes
from simtoken.config.run import RunConfig
from simtoken.policy.model import Policy


def test_default_settings_have_no_notes() -> None:
    assert setting_notes(RunConfig()) == []


def test_a_refresh_token_shorter_than_the_access_token() -> None:
    config = RunConfig(policy=Policy(access_token_lifetime=3600, refresh_token_lifetime=600))
    assert setting_notes(config) == [
        "refresh_token_lifetime (600 s) is shorter than access_token_lifetime (3600 s): "
        "the refresh token expires before the access token it would renew"
    ]


@pytest.mark.parametrize(("leeway", "noted"), [(150.0, False), (150.5, True), (299.0, True)])
def test_a_leeway_longer_than_half_the_access_token(leeway: float, noted: bool) -> None:
    notes = setting_notes(RunConfig(policy=Policy(access_token_lifetime=300, leeway=leeway)))
    expected = (
        f"leeway ({leeway:g} s) is longer than half the access_token_lifetime (300 s): "
        f"an expired token is accepted for {leeway:g} s more"
    )
    assert notes == ([expected] if noted else [])


def test_run_prints_the_notes_on_stderr_and_runs(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        [
            "run",
            "expiry",
            "--set",
            "leeway=200",
            "--set",
            "refresh_token_lifetime=60",
            "--events",
            "0",
        ]
    )
    out, err = capsys.readouterr()
    assert code == 0
    assert out.startswith("scenario expiry (seed 0): ")
    assert err == (
        "simtoken: note: refresh_token_lifetime (60 s) is shorter than access_token_lifetime "
        "(300 s): the refresh token expires before the access token it would renew\n"
        "simtoken: note: leeway (200 s) is longer than half the access_token_lifetime (300 s): "
        "an expired token is accepted for 200 s more\n"
    )


@pytest.mark.parametrize("value", ["-1", "x", "1.5"])
def test_events_must_be_a_whole_number_at_least_0(
    capsys: pytest.CaptureFixture[str], value: str
) -> None:
    code = main(["run", "expiry", "--events", value])
    out, err = capsys.readouterr()
    assert (code, out) == (2, "")
    assert err == (
        f"simtoken: error: argument --events: invalid value {value!r}; "
        "allowed: a whole number >= 0\n"
    )


def test_a_login_flow_the_auth_server_refuses_outright() -> None:
    implicit = RunConfig(login_flow="implicit")
    assert setting_notes(implicit) == [
        "login_flow=implicit while allow_implicit=false: the auth server refuses every login "
        "(unsupported_response_type)"
    ]
    assert setting_notes(RunConfig(login_flow="implicit", policy=Policy(allow_implicit=True))) == []
    no_pkce = RunConfig(login_flow="code", pkce="none", policy=Policy(require_pkce=True))
    assert setting_notes(no_pkce) == [
        "pkce=none while require_pkce=true: the auth server refuses every login (pkce_required)"
    ]
    assert setting_notes(RunConfig(login_flow="code", pkce="none")) == []


def test_plain_pkce_while_the_auth_server_takes_only_s256() -> None:
    plain = RunConfig(login_flow="code", pkce="plain", policy=Policy(allow_plain_pkce=False))
    assert setting_notes(plain) == [
        "pkce=plain while allow_plain_pkce=false: the auth server refuses every login "
        "(pkce_method_not_allowed)"
    ]
    assert setting_notes(RunConfig(login_flow="code", pkce="plain")) == []


def test_a_logout_or_a_closing_after_the_horizon_is_noted() -> None:
    config = simtoken.apply_settings(
        simtoken.get_scenario("single-logout").defaults,
        {"horizon": "2h", "logout_at": 9_999_999, "victim_stops_at": "2h"},
    )
    assert setting_notes(config) == [
        "logout_at (9999999 s) is at or after the horizon (7200 s): the user never logs out",
        "victim_stops_at (7200 s) is at or after the horizon (7200 s): the app never closes",
    ]
