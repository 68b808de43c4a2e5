"""The command line: outputs, exit codes, and one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import jwt
import pytest

import simtoken
from simtoken.cli import main


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def refresh_json() -> dict[str, Any]:
    proc = subprocess.run(
        [sys.executable, "-m", "simtoken", "run", "refresh", "--seed", "7", "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    data: dict[str, Any] = json.loads(proc.stdout)
    return data


def test_list_names_every_scenario(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "list")
    assert code == 0
    names = [line.split()[0] for line in out.splitlines()]
    assert names == list(simtoken.SCENARIOS)
    assert names[:3] == ["expiry", "refresh", "sso"]
    assert {"rotation", "concurrent-tabs", "logout", "theft-f1", "theft-f3"} <= set(names)


def test_presets_lists_every_preset(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "presets")
    assert code == 0
    rows = [line.split()[0] for line in out.splitlines()[2:]]
    assert rows == list(simtoken.PRESETS)


def test_run_with_a_preset(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(
        capsys, "run", "refresh", "--preset", "okta-spa", "--set", "horizon=3600", "--events", "0"
    )
    assert code == 0
    assert "preset: okta-spa" in out and "grace_interval=30s" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--preset", "okta"], "preset: unknown name 'okta'"),
        (
            ["--preset", "okta-spa", "--set", "rotation=false"],
            "reuse_detection: invalid value 'family'",
        ),
        (
            ["--set", "grace_interval=30"],
            "grace_interval: invalid value 30.0; allowed: 0.0 while rotation=false",
        ),
        (
            ["--set", "refresh_token_idle_lifetime=90000"],
            "refresh_token_idle_lifetime: invalid value 90000",
        ),
        (
            ["--set", "rotation=perhaps"],
            "rotation: invalid value 'perhaps'; allowed: true or false",
        ),
    ],
)
def test_bad_policy_usage_exits_2(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, out, err = run_cli(capsys, "run", "refresh", *args)
    assert code == 2 and out == "" and err.count("\n") == 1
    assert message in err


def test_settings_lists_every_knob(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "settings")
    assert code == 0
    names = [line.split()[0] for line in out.splitlines()]
    assert names[:5] == [
        "access_token_lifetime",
        "refresh_token_lifetime",
        "refresh_token_idle_lifetime",
        "leeway",
        "algorithm",
    ]


def test_run_json_is_byte_identical_twice(capsys: pytest.CaptureFixture[str]) -> None:
    outputs = [run_cli(capsys, "run", "refresh", "--seed", "7", "--json")[1] for _ in range(2)]
    assert outputs[0] == outputs[1]


def test_run_json_document(refresh_json: dict[str, Any]) -> None:
    data = refresh_json
    assert list(data) == ["format", "scenario", "seed", "config", "jwks", "metrics", "events"]
    assert data["format"] == "simtoken.result/1"
    assert (data["scenario"], data["seed"]) == ("refresh", 7)
    assert data["config"]["access_token_lifetime"] == 300
    assert data["metrics"]["victim_logins"] == 1
    for event in data["events"]:
        assert {"t", "kind", "actor"} <= set(event)
        login = event.get("endpoint") == "login" or event["kind"] == "login"
        if event["kind"] in ("issued", "call") or (event["kind"] == "request" and not login):
            assert isinstance(event["token"], str) and event["token"].count(".") == 2
        elif login:
            assert "token" not in event
    login_ids = {e["request_id"] for e in data["events"] if e.get("endpoint") == "login"}
    for event in data["events"]:
        if event["kind"] in ("accepted", "rejected"):
            assert ("token" in event) == (event["request_id"] not in login_ids)


def test_access_tokens_verify_with_plain_pyjwt_and_the_jwks_command(
    capsys: pytest.CaptureFixture[str], refresh_json: dict[str, Any]
) -> None:
    code, out, _ = run_cli(capsys, "jwks", "--seed", "7")
    assert code == 0
    jwks = jwt.PyJWKSet.from_dict(json.loads(out))
    lifetime = refresh_json["config"]["access_token_lifetime"]
    tokens = [
        e["token"]
        for e in refresh_json["events"]
        if e["kind"] == "issued" and e["token_type"] == "access"
    ]
    assert len(tokens) > 100
    for token in tokens:
        kid = jwt.get_unverified_header(token)["kid"]
        claims = jwt.decode(
            token,
            jwks[kid].key,
            algorithms=["RS256"],
            audience="https://api.example",
            options={"verify_exp": False, "verify_nbf": False, "verify_iat": False},
        )
        assert claims["exp"] - claims["iat"] == lifetime


def _first(refresh_json: dict[str, Any], token_type: str) -> dict[str, Any]:
    return next(
        e for e in refresh_json["events"] if e["kind"] == "issued" and e["token_type"] == token_type
    )


def test_verify_accepts_a_fresh_token(
    capsys: pytest.CaptureFixture[str], refresh_json: dict[str, Any]
) -> None:
    token = _first(refresh_json, "access")["token"]
    code, out, _ = run_cli(capsys, "verify", token, "--seed", "7")
    assert code == 0
    assert '"typ": "at+jwt"' in out
    assert "ACCEPTED at sim t=0 s (2026-01-01T00:00:00+00:00)" in out


def test_verify_rejects_each_attack_with_its_reason(
    capsys: pytest.CaptureFixture[str], refresh_json: dict[str, Any]
) -> None:
    access = _first(refresh_json, "access")["token"]
    refresh = _first(refresh_json, "refresh")["token"]
    head, _, sig = access.rpartition(".")
    flipped = f"{head}.{sig[:5]}{'A' if sig[5] != 'A' else 'B'}{sig[6:]}"
    none = jwt.encode(jwt.decode(access, options={"verify_signature": False}), "", algorithm="none")
    cases = {
        "bad_signature": [flipped],
        "alg_not_allowed": [none],
        "wrong_token_type": [refresh],
        "wrong_audience": [access, "--audience", "https://other.example"],
        "expired": [access, "--at", "300"],
        "malformed": ["garbage"],
    }
    for reason, args in cases.items():
        code, out, _ = run_cli(capsys, "verify", *args, "--seed", "7")
        assert code == 1, reason
        assert f": {reason} (" in out.splitlines()[-1], out


def test_verify_with_another_seed_has_no_matching_key(
    capsys: pytest.CaptureFixture[str], refresh_json: dict[str, Any]
) -> None:
    code, out, _ = run_cli(capsys, "verify", _first(refresh_json, "access")["token"], "--seed", "8")
    assert code == 1
    assert "unknown_key" in out


def test_verify_reads_stdin(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    refresh_json: dict[str, Any],
) -> None:
    import io

    monkeypatch.setattr(sys, "stdin", io.StringIO(_first(refresh_json, "access")["token"] + "\n"))
    code, out, _ = run_cli(capsys, "verify", "-", "--seed", "7", "--at", "299")
    assert code == 0 and "ACCEPTED at sim t=299 s" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["run", "nope"], "scenario: unknown name 'nope'"),
        (["run", "refresh", "--set", "bogus=1"], "setting: unknown name 'bogus'"),
        (
            ["run", "refresh", "--set", "clients=many"],
            "clients: invalid value 'many'; allowed: a whole number",
        ),
        (
            ["run", "refresh", "--set", "access_token_lifetime=0"],
            "access_token_lifetime: invalid value 0",
        ),
        (
            ["run", "refresh", "--set", "access_token_lifetime=-30"],
            "access_token_lifetime: invalid value -30",
        ),
        (
            ["run", "refresh", "--set", "leeway=300"],
            "leeway: invalid value 300.0; allowed: less than access_token_lifetime",
        ),
        (["run", "refresh", "--set", "algorithm=HS512"], "algorithm: unknown name 'HS512'"),
        (["run", "refresh", "--set", "novalue"], "--set: expected KEY=VALUE, got 'novalue'"),
        (
            ["run", "refresh", "--set", "clients=1", "--set", "clients=2"],
            "--set: clients given twice",
        ),
        (["run", "refresh", "--seed", "-3"], "invalid seed '-3'"),
        (["run"], "the following arguments are required: NAME"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
        (["verify", "x", "--at", "soon"], "argument --at: invalid value 'soon'; allowed: a finite"),
        (["jwks", "--algorithm", "RS512"], "invalid choice: 'RS512'"),
        (["run"], "the following arguments are required: NAME"),  # bare `simtoken`: help, 0
        (["compare", "theft-f2"], "compare: give at least one --preset or --variant"),
        (["compare", "theft-f2", "--preset", "okta"], "preset: unknown name 'okta'"),
        (["compare", "theft-f2", "--variant", "nolabel"], "--variant: expected LABEL:KEY=VALUE"),
        (["compare", "nope", "--preset", "naive"], "scenario: unknown name 'nope'"),
        (["forge", "alg_nope"], "attack: unknown name 'alg_nope'"),
        (["forge", "alg_none", "--vulnerable", "skip_all"], "vulnerable: unknown name 'skip_all'"),
        (["forge", "--vulnerable", "skip_expiry"], "forge: --vulnerable needs an ATTACK"),
        (["forge", "--seed", "x"], "invalid seed 'x'"),
        (["run", "forgery", "--set", "forge=alg_nope"], "forge: unknown name 'alg_nope'"),
        (["run", "forgery", "--set", "vulnerable=skip_all"], "vulnerable: unknown name"),
        (
            ["run", "key-rotation", "--set", "key_prepublish=20000"],
            "key_prepublish: invalid value 20000.0; allowed: less than key_rotation_interval",
        ),
        (["audit", "/nonexistent/run.json"], "/nonexistent/run.json"),
    ],
)
def test_bad_usage_exits_2_with_one_line(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, out, err = run_cli(capsys, *args)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("simtoken: error: ")
    assert message in err


@pytest.mark.parametrize("name", sorted(simtoken.settings()))
def test_every_setting_refuses_a_bad_value_in_one_line(
    capsys: pytest.CaptureFixture[str], name: str
) -> None:
    """Each --set key, given a value of the wrong kind, names itself, the value and what fits."""
    value = "," if name == "audiences" else "%bad%"  # any non-empty names are valid API names
    code, out, err = run_cli(capsys, "run", "refresh", "--set", f"{name}={value}")
    assert (code, out, err.count("\n")) == (2, "", 1)
    assert err.startswith(f"simtoken: error: {name}: ") and "allowed: " in err


def test_forge_catalog_and_one_attempt(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "forge")
    lines = out.splitlines()
    assert code == 0 and len(lines) == 28
    assert lines[0].split() == ["attack", "hardened", "weakness", "vulnerable"]
    assert lines[1].split() == [
        "alg_none",
        "alg_not_allowed",
        "accept_alg_none",
        "accepted",
        "(sub=victim)",
    ]
    code, out, _ = run_cli(capsys, "forge", "alg_confusion")
    assert code == 0 and "REJECTED: alg_not_allowed (InvalidAlgorithmError" in out
    code, out, _ = run_cli(capsys, "forge", "alg_confusion", "--vulnerable", "alg_from_header")
    assert code == 0 and out.splitlines()[-1] == "ACCEPTED as sub='victim'"
    code, out, _ = run_cli(capsys, "forge", "expired", "--json")
    doc = json.loads(out)
    assert (doc["accepted"], doc["reason"], doc["weaknesses"]) == (False, "expired", [])


def test_real_entry_point_bad_input_has_no_traceback() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "simtoken", "run", "refresh", "--set", "leeway=-1"],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert (
        proc.stderr
        == "simtoken: error: leeway: invalid value -1.0; allowed: a number of seconds >= 0\n"
    )


def test_plot_writes_a_png(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "timeline.png"
    code, out, _ = run_cli(
        capsys, "run", "sso", "--seed", "7", "--events", "0", "--plot", str(target)
    )
    assert code == 0
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert f"timeline written to {target}" in out


def test_plot_to_an_unwritable_place_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run_cli(
        capsys,
        "run",
        "expiry",
        "--set",
        "horizon=600",
        "--plot",
        str(tmp_path / "no" / "such" / "dir.png"),
    )
    assert code == 2 and err.startswith("simtoken: error: --plot: cannot write")


def test_run_prints_metrics_and_events(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(
        capsys,
        "run",
        "expiry",
        "--seed",
        "7",
        "--set",
        "horizon=700",
        "--set",
        "request_interval=150",
        "--events",
        "3",
    )
    assert code == 0
    assert "victim_logins: 2" in out
    assert "… 43 more events" in out


def test_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    assert {"run", "compare", "sweep", "audit"} <= set(capsys.readouterr().out.split())


def test_a_reader_that_stops_early_gets_no_traceback() -> None:
    # `simtoken compare ... | head -1`: the pipe closes while simtoken still writes.
    command = [sys.executable, "-m", "simtoken", "compare", "theft-f3", "--seed", "7"]
    command += ["--preset", "naive", "--preset", "auth0-spa", "--set", "horizon=7200"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        proc.stdout.close()  # the reader is gone before the first line
        err = proc.stderr.read().decode()
        assert proc.wait() == 141
    assert "Traceback" not in err and "BrokenPipeError" not in err, err
