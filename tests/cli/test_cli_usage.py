"""The command line's conventions: --version, bare ``simtoken``, help text, names, notes."""

from __future__ import annotations

import argparse

import pytest

import simtoken
from simtoken.cli import main
from simtoken.cli._parser import build_parser
from simtoken.cli._show import changed_settings, scenario_sections
from simtoken.errors import UnknownNameError, resolve_name
from simtoken.forgery.attacks import get_attack
from simtoken.jose.weakness import Weakness, parse_weaknesses


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_version_prints_the_package_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    out, _ = capsys.readouterr()
    assert exit_info.value.code == 0
    assert out == f"simtoken {simtoken.__version__}\n"


def test_no_arguments_prints_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys)
    assert (code, err) == (0, "")
    assert out.startswith("usage: simtoken")
    for command in ("list", "run", "compare", "sweep", "forge", "verify", "audit"):
        assert f"    {command} " in out


def _parsers() -> list[argparse.ArgumentParser]:
    parser = build_parser()
    out = [parser]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            out.extend(action.choices.values())
    return out


def test_every_option_of_every_command_has_help() -> None:
    missing = [
        f"{parser.prog} {action.dest}"
        for parser in _parsers()
        for action in parser._actions
        if not isinstance(action, argparse._HelpAction) and not (action.help or "").strip()
    ]
    assert len(_parsers()) == 14  # the top parser and its 13 commands
    assert missing == []


def test_names_match_in_any_case(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, "run", "THEFT", "--preset", "AUTH0-SPA", "--events", "0")
    assert (code, err) == (0, "")
    assert out.startswith("scenario theft (seed 0): ")
    assert "preset: auth0-spa (" in out
    assert simtoken.get_scenario("Theft-F2").name == "theft-f2"
    assert simtoken.get_preset("Okta-SPA").name == "okta-spa"
    assert get_attack("ALG_NONE").name == "alg_none"
    assert parse_weaknesses("Skip_Expiry, NONE") == {Weakness.SKIP_EXPIRY}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["run", "thef"], "scenario: unknown name 'thef'; did you mean 'theft'? allowed: one of "),
        (
            ["run", "theft", "--preset", "okta"],
            "preset: unknown name 'okta'; did you mean 'okta-spa'?",
        ),
        (["forge", "alg_nun"], "attack: unknown name 'alg_nun'; did you mean 'alg_none'?"),
        (
            ["forge", "alg_none", "--vulnerable", "skip_expiri"],
            "vulnerable: unknown name 'skip_expiri'; did you mean 'skip_expiry'? allowed: none, or",
        ),
        (["run", "zzzz"], "scenario: unknown name 'zzzz'; allowed: one of expiry, refresh, "),
    ],
)
def test_an_unknown_name_suggests_the_closest(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, out, err = run_cli(capsys, *args)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1
    assert err.startswith("simtoken: error: " + message)


def test_resolve_name_and_its_suggestion() -> None:
    assert resolve_name("x", "ab", ["AB", "cd"]) == "AB"
    with pytest.raises(UnknownNameError) as info:
        resolve_name("x", "abd", ["abc", "xyz"])
    assert info.value.suggestion == "abc"
    with pytest.raises(UnknownNameError) as info:
        resolve_name("x", 3, ["abc"])
    assert info.value.suggestion is None


def test_show_tells_the_story_of_theft_f2(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, "show", "Theft-F2")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == (
        "theft-f2: F2: rotation with reuse detection: the victim's next refresh trips detection"
    )
    assert [line for line in lines if line.endswith(":") and not line.startswith(" ")] == [
        "Covers:",
        "Story:",
        "Expected outcome:",
        "Settings that differ from the defaults:",
    ]
    assert "  rotation with reuse detection: who refreshes next (F2). Each variant" in out
    assert "  Same theft; the attacker refreshes first" in out
    assert "`attacker_access_s` ≤ `detection_latency_s` + AT." in out
    assert lines[-5:] == [
        "  rotation           true        (default false)",
        "  reuse_detection    family      (default none)",
        "  horizon            2 d         (default 24 h)",
        "  theft_vector       xss         (default none)",
        "  attacker_strategy  aggressive  (default immediate)",
    ]


@pytest.mark.parametrize("name", list(simtoken.SCENARIOS))
def test_every_scenario_has_its_three_parts(name: str) -> None:
    sections = scenario_sections(simtoken.SCENARIOS[name])
    assert list(sections) == ["Covers", "Story", "Expected outcome"]
    assert all(len(text) > 40 and "(not stated)" not in text for text in sections.values())
    assert all("``" not in text and ":mod:" not in text for text in sections.values())


def test_changed_settings_of_refresh_and_expiry() -> None:
    assert changed_settings(simtoken.SCENARIOS["refresh"]) == [("horizon", "2 d", "24 h")]
    assert ("request_interval", "30 s", "1 min") in changed_settings(simtoken.SCENARIOS["expiry"])


def test_list_verbose_tells_every_scenario(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "list", "-v")
    assert code == 0
    assert out.count("\nExpected outcome:\n") == len(simtoken.SCENARIOS)
    assert out.startswith("expiry: ")


def test_show_an_unknown_scenario(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, "show", "theft-f9")
    assert (code, out) == (2, "")
    assert err.startswith("simtoken: error: scenario: unknown name 'theft-f9'; did you mean ")
