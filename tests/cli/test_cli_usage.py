"""The command line's conventions: --version, bare ``simtoken``, help text, names, notes."""

from __future__ import annotations

import argparse

import pytest

import simtoken
from simtoken.cli import main
from simtoken.cli._parser import build_parser


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
    assert len(_parsers()) == 11
    assert missing == []
