"""Mermaid sequence diagrams: the theft story in order, exact slices, truncation, escaping."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import pytest

import simtoken
from simtoken import ConfigError, Login, Request, Result, Trace, to_mermaid
from simtoken.cli import main
from simtoken.record.events import Accepted, Event

ARROW = re.compile(r"^(\w+)(?:->>|-->>|--x|-\)|--\))(\w+): t=\S+ ")
NOTE = re.compile(r"^Note over (\w+(?:,\w+)?): ")
PARTICIPANT = re.compile(r"^participant (\w+) as \S")


@pytest.fixture(scope="module")
def theft() -> Result:
    return simtoken.run("theft-f2", seed=7, access_token_lifetime=300)


def _body(text: str) -> list[str]:
    """The diagram's lines without the header and the indentation."""
    lines = text.splitlines()
    assert lines[0] == "sequenceDiagram"
    assert all(line.startswith("    ") for line in lines[1:])
    return [line[4:] for line in lines[1:]]


def _check_participants(text: str) -> list[str]:
    """Every participant is declared once, before its first use, and every one is used."""
    declared: list[str] = []
    used: set[str] = set()
    for line in _body(text):
        if line.startswith("%%"):
            continue
        if m := PARTICIPANT.match(line):
            assert not used, f"declaration after the first message: {line}"
            assert m.group(1) not in declared
            declared.append(m.group(1))
            continue
        m = ARROW.match(line) or NOTE.match(line)
        assert m, f"not a Mermaid message or note: {line!r}"
        ids = m.groups() if ARROW.match(line) else m.group(1).split(",")
        assert set(ids) <= set(declared), line
        used.update(ids)
    assert used == set(declared)
    return declared


def _index(lines: list[str], *parts: str) -> int:
    return next(i for i, line in enumerate(lines) if all(p in line for p in parts))


def test_a_theft_reads_login_theft_replay_detection_revocation_in_order(theft: Result) -> None:
    text = to_mermaid(theft, max_messages=None)
    assert text.startswith("sequenceDiagram\n")
    lines = _body(text)
    order = [
        _index(lines, "Note over C1:", "user-1 logs in (first)"),
        _index(lines, "ATK-)C1:", "stolen RT"),
        _index(lines, "ATK->>AS:", "refresh replaying stolen RT"),
        _index(lines, "Note over AS:", "reuse_detected"),
        _index(lines, "Note over AS:", "revoked session", "(reuse_detected)"),
    ]
    assert order == sorted(order) and len(set(order)) == 5
    assert _check_participants(text) == ["C1", "ATK", "AS", "RS1"]
    assert lines[:5] == [
        "%% scenario theft-f2, seed 7",
        "participant C1 as client-1",
        "participant ATK as attacker",
        "participant AS as auth-server",
        "participant RS1 as api.example",
    ]


def test_the_diagram_is_byte_identical_across_runs(theft: Result) -> None:
    again = simtoken.run("theft-f2", seed=7, access_token_lifetime=300)
    assert to_mermaid(again, max_messages=None) == to_mermaid(theft, max_messages=None)


def test_a_slice_around_the_theft_is_exact(theft: Result) -> None:
    assert to_mermaid(theft, 3599, 3600.1) == (
        "sequenceDiagram\n"
        "    %% scenario theft-f2, seed 7\n"
        "    participant C1 as client-1\n"
        "    participant ATK as attacker\n"
        "    participant AS as auth-server\n"
        "    ATK-)C1: t=1h00m stolen RT f44e4d (xss)\n"
        "    ATK-)C1: t=1h00m stolen AT 56f579 (xss)\n"
        "    ATK->>AS: t=1h00m refresh replaying stolen RT f44e4d\n"
        "    AS-->>ATK: t=1h00m accepted, issues RT dde08e (exp 1d00h00m) and AT 55cd34 (exp 1h05m)\n"
    )


def test_a_slice_around_the_detection_is_exact(theft: Result) -> None:
    assert to_mermaid(theft.trace, start=22824, end=22826) == (
        "sequenceDiagram\n"
        "    participant C1 as client-1\n"
        "    participant AS as auth-server\n"
        "    participant RS1 as api.example\n"
        "    C1->>RS1: t=6h20m24s api AT 56f579\n"
        "    RS1--xC1: t=6h20m24s rejected (expired)\n"
        "    C1->>AS: t=6h20m24s refresh RT f44e4d (reactive)\n"
        "    Note over AS: t=6h20m24s reuse_detected, RT f44e4d replayed by client-1 (generation 3)\n"
        "    Note over AS: t=6h20m24s revoked session b2dc50 of user-1 (reuse_detected)\n"
        "    AS--xC1: t=6h20m24s rejected (reused)\n"
        "    Note over C1: t=6h20m24s user-1 logs in (refresh_failed, reused)\n"
        "    C1->>AS: t=6h20m24s login\n"
        "    AS-->>C1: t=6h20m24s accepted, issues RT 54518d (exp 1d06h20m24s) and AT 708662 (exp 6h25m24s)\n"
        "    C1->>RS1: t=6h20m24s api AT 708662\n"
        "    RS1-->>C1: t=6h20m24s accepted\n"
    )


def test_open_ended_slices_keep_only_their_side(theft: Result) -> None:
    before = _body(to_mermaid(theft, end=3599.99, max_messages=None))
    after = _body(to_mermaid(theft, start=3600, max_messages=None))
    everything = _body(to_mermaid(theft, max_messages=None))
    assert not any("ATK" in line for line in before)
    assert not any("logs in (first)" in line for line in after)
    messages = [line for line in everything if not line.startswith(("participant", "%%"))]
    assert len(messages) == sum(
        1 for part in (before, after) for line in part if not line.startswith(("participant", "%%"))
    )
    _check_participants(to_mermaid(theft, 3600, 3700))


def _lines(text: str) -> list[str]:
    """The messages and notes of a diagram."""
    return [line for line in _body(text) if not line.startswith(("participant", "%%"))]


def test_truncation_says_how_many_lines_were_omitted(theft: Result) -> None:
    full = _lines(to_mermaid(theft, max_messages=None))
    cut = _lines(to_mermaid(theft, max_messages=10))
    assert len(full) == 2777
    assert cut[:10] == full[:10]
    assert cut[10:] == [
        "Note over C1,RS1: 2767 more lines omitted (to t=1d23h06m58s), "
        "narrow the slice or raise max_messages"
    ]
    assert _check_participants(to_mermaid(theft, max_messages=10)) == ["C1", "AS", "RS1"]
    assert "omitted" not in to_mermaid(theft, 3599, 3600.1, max_messages=4)
    default = _lines(to_mermaid(theft))
    assert default == _lines(to_mermaid(theft, max_messages=200))
    assert default[:200] == full[:200] and len(default) == 201
    assert default[-1].startswith("Note over C1,RS1: 2577 more lines omitted")


def test_tabs_and_two_apis_each_get_a_column() -> None:
    tabs = to_mermaid(simtoken.run("concurrent-tabs", seed=7, horizon=600), max_messages=None)
    assert _check_participants(tabs) == ["C1", "C2", "C3", "C4", "AS", "RS1"]
    assert "participant C4 as client-1.tab-4" in tabs
    sso = to_mermaid(simtoken.run("sso", seed=7, horizon=900), max_messages=None)
    assert _check_participants(sso) == ["C1", "AS", "RS1", "RS2"]
    assert "rejected (wrong_audience)" in sso


def test_failed_thefts_lost_answers_and_logouts_are_drawn() -> None:
    bff = to_mermaid(
        simtoken.run("theft-f2", seed=7, horizon=7200, storage="cookie_bff"), max_messages=None
    )
    assert "ATK--)C1: t=1h00m theft_failed (xss, tokens stay on the backend-for-frontend" in bff
    assert "HttpOnly cookie#59; the script" in bff  # the ';' escaped
    lost = to_mermaid(simtoken.run("lost-response", seed=7, horizon=7200), max_messages=None)
    assert "Note over RS1,C1: t=12m08s answer to api lost" in lost
    logout = _body(to_mermaid(simtoken.run("logout", seed=7), max_messages=None))
    assert "participant P1 as leaked-copy" in logout
    assert _index(logout, "C1->>AS:", "logout RT") < _index(logout, "(logout)")
    _check_participants("\n".join(["sequenceDiagram", *("    " + line for line in logout)]))


def test_labels_escape_what_mermaid_cannot_take() -> None:
    trace = Trace(
        (
            Login(t=0.0, actor="client-1", user="a;b#c:d<e>%", reason="first"),
            Request(
                t=0.0,
                actor="client-1",
                request_id=1,
                target="auth-server",
                endpoint="login",
                token=None,
            ),
            Accepted(t=0.05, actor="auth-server", request_id=1, token=None),
        )
    )
    text = to_mermaid(trace)
    assert "Note over C1: t=0s a#59;b#35;c#58;d#60;e#62;#37; logs in (first)" in text
    assert "C1->>AS: t=0s login" in text and "AS-->>C1: t=0.05s accepted" in text
    for line in _body(text):
        label = re.sub(r"#\d+;", "", line.partition(": ")[2])
        assert not set(label) & set("#;:<>%"), line


def test_events_of_an_unknown_kind_become_notes() -> None:
    @dataclass(frozen=True, slots=True, kw_only=True)
    class Forged(Event):
        kind: ClassVar[str] = "forged"
        attack: str

    trace = Trace(
        (
            Login(t=0.0, actor="client-1", user="u", reason="first"),
            Forged(t=5.0, actor="client-1", attack="alg_none"),
        )
    )
    assert to_mermaid(trace).endswith("    Note over C1: t=5s forged (attack alg_none)\n")


def test_sim_times_read_like_a_clock() -> None:
    times = [0.0, 0.05, 9.747, 59.999, 60.0, 300.0, 3725.0, 86_400.0, 117_591.4]
    trace = Trace(tuple(Login(t=t, actor="client-1", user="u", reason="first") for t in times))
    labels = [line.split(": ")[1].split()[0] for line in _body(to_mermaid(trace))[1:]]
    assert labels == [
        "t=0s",
        "t=0.05s",
        "t=9.75s",
        "t=60s",
        "t=1m",
        "t=5m",
        "t=1h02m05s",
        "t=1d00h00m",
        "t=1d08h39m51s",
    ]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"start": 10.0, "end": 5.0},
            "end: invalid value 5.0; allowed: a sim time >= start (10 s)",
        ),
        ({"start": "soon"}, "start: invalid value 'soon'"),
        ({"end": float("nan")}, "end: invalid value nan"),
        (
            {"max_messages": 0},
            "max_messages: invalid value 0; allowed: a whole number >= 1, or None",
        ),
        ({"max_messages": 2.5}, "max_messages: invalid value 2.5"),
    ],
)
def test_bad_arguments_are_refused(theft: Result, kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError) as info:
        to_mermaid(theft, **kwargs)  # type: ignore[arg-type]
    assert message in str(info.value)


def test_only_results_and_traces_are_drawn() -> None:
    with pytest.raises(TypeError, match="needs a simtoken Result or Trace"):
        to_mermaid([])  # type: ignore[arg-type]


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_run_mermaid_to_stdout_file_and_window(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    result = simtoken.run("theft-f2", seed=7, horizon=7200)
    args = ["run", "theft-f2", "--seed", "7", "--set", "horizon=7200"]
    code, out, _ = run_cli(capsys, *args, "--mermaid", "-", "--mermaid-max", "0")
    assert code == 0 and out == simtoken.to_mermaid(result, max_messages=None)
    target = tmp_path / "theft.mmd"
    code, out, _ = run_cli(capsys, *args, "--mermaid", str(target), "--mermaid-window", "3500:")
    assert code == 0 and out.endswith(f"sequence diagram written to {target}\n")
    assert target.read_text(encoding="utf-8") == simtoken.to_mermaid(result, 3500)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--mermaid", "-", "--mermaid-window", "9:1"],
            "invalid window '9:1'; allowed: FROM <= TO",
        ),
        (["--mermaid", "-", "--mermaid-window", "soon"], "invalid window 'soon'"),
        (["--mermaid-window", "1:9"], "--mermaid-window and --mermaid-max need --mermaid FILE"),
        (["--mermaid-max", "200"], "--mermaid-window and --mermaid-max need --mermaid FILE"),
        (["--mermaid", "-", "--json"], "--json and --mermaid - cannot both print to stdout"),
        (["--mermaid", "-", "--mermaid-max", "-1"], "--mermaid-max: invalid value -1"),
    ],
)
def test_bad_mermaid_usage_exits_2_with_one_line(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, out, err = run_cli(capsys, "run", "expiry", "--set", "horizon=600", *args)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and message in err
