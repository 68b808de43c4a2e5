"""`simtoken verify` prints a verdict for any token and refuses bad options in one line.

Also `simtoken run ... --jwks FILE` and `simtoken verify ... --jwks FILE`: the keys of a run
(every key of a key rotation), written by one command and read by the other.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import jwt
import pytest

from simtoken.cli import main
from simtoken.forgery.bench import Bench
from simtoken.jose.keys import derive_key

MAX_AT = "251635075199"  # 9999-12-31T23:59:59Z
AT_ALLOWED = (
    "allowed: a finite number of sim seconds, -1767225600 <= SIM_SECONDS <= 251635075199 "
    "(dates 1970-01-01 .. 9999-12-31)"
)
LEEWAY_ALLOWED = "allowed: a finite number of seconds, 0 <= SECONDS <= 86400 (one day)"


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def token_with(claim: str, raw: str) -> str:
    """An access token signed by seed 7's key #0 whose ``claim`` is this raw JSON text."""
    bench = Bench(7)
    claims = {k: v for k, v in bench.claims().items() if k != claim}
    body = json.dumps(claims, separators=(",", ":"))[:-1] + f',"{claim}":{raw}}}'
    return bench.sign(bench.header(), body.encode())


def lines_of(out: str, prefix: str) -> list[str]:
    return [line for line in out.splitlines() if line.startswith(prefix)]


IAT_LINE = "  iat: sim t=3600 s (2026-01-01T01:00:00+00:00)"
AT_ISSUE = "at sim t=3600 s (2026-01-01T01:00:00+00:00) for audience https://api.example"
AT_ZERO = "at sim t=0 s (2026-01-01T00:00:00+00:00) for audience https://api.example"
BIG = "1" + "0" * 400


@pytest.mark.parametrize(
    ("raw", "shown", "verdict"),
    [
        # A NumericDate outside datetime's range (years 1-9999) is not a date: malformed.
        ("1e300", "sim t=1e+300 s (out of range: no date)", f"REJECTED {AT_ISSUE}: malformed"),
        (BIG, "out of range: no sim time, no date", f"REJECTED {AT_ISSUE}: malformed"),
        ("1e30", "sim t=1e+30 s (out of range: no date)", f"REJECTED {AT_ISSUE}: malformed"),
        ("-5", "sim t=-1767225605 s (1969-12-31T23:59:55+00:00)", f"REJECTED {AT_ISSUE}: expired"),
        ("-1e300", "sim t=-1e+300 s (out of range: no date)", f"REJECTED {AT_ISSUE}: malformed"),
        ("NaN", "sim t=nan s (not finite: no date)", f"REJECTED {AT_ISSUE}: malformed"),
        ("Infinity", "sim t=inf s (not finite: no date)", f"REJECTED {AT_ISSUE}: malformed"),
        ("-Infinity", "sim t=-inf s (not finite: no date)", f"REJECTED {AT_ISSUE}: malformed"),
    ],
)
def test_verify_shows_any_exp_and_gives_a_verdict(
    capsys: pytest.CaptureFixture[str], raw: str, shown: str, verdict: str
) -> None:
    code, out, err = run_cli(capsys, "verify", token_with("exp", raw), "--seed", "7")
    assert (code, err) == (0 if verdict.startswith("ACCEPTED") else 1, "")
    assert out.startswith("header: {") and "claims (unverified): {" in out
    assert lines_of(out, "  iat: ") == [IAT_LINE]
    assert lines_of(out, "  exp: ") == [f"  exp: {shown}"]
    assert out.splitlines()[-1].startswith(verdict)


@pytest.mark.parametrize(
    ("raw", "shown", "reason"),
    [
        ("1e300", "sim t=1e+300 s (out of range: no date)", "malformed"),
        (BIG, "out of range: no sim time, no date", "malformed"),
        ("-5", "sim t=-1767225605 s (1969-12-31T23:59:55+00:00)", "not_yet_valid (Immature"),
        ("NaN", "sim t=nan s (not finite: no date)", "malformed"),
        ("Infinity", "sim t=inf s (not finite: no date)", "malformed"),
    ],
)
def test_verify_with_an_iat_that_has_no_sim_time_checks_at_zero(
    capsys: pytest.CaptureFixture[str], raw: str, shown: str, reason: str
) -> None:
    code, out, err = run_cli(capsys, "verify", token_with("iat", raw), "--seed", "7")
    assert (code, err) == (1, "")
    assert "  (iat is not a time with a date: checking at sim t=0)" in out
    assert lines_of(out, "  iat: ") == [f"  iat: {shown}"]
    assert out.splitlines()[-1].startswith(f"REJECTED {AT_ZERO}: {reason}")


def test_verify_the_catalogs_non_json_segment_token(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "forge", "non_json_segment", "--json")
    token = json.loads(out)["token"]
    code, out, err = run_cli(capsys, "verify", token, "--seed", "7")
    assert (code, err) == (1, "")
    assert '"exp": Infinity' in out
    assert lines_of(out, "  exp: ") == ["  exp: sim t=inf s (not finite: no date)"]
    assert out.splitlines()[-1] == (
        f"REJECTED {AT_ISSUE}: malformed (DecodeError: Infinity is not JSON (RFC 8259 has no "
        "Infinity))"
    )


def test_the_real_entry_point_prints_no_traceback_for_a_huge_claim() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "simtoken", "verify", token_with("exp", BIG), "--seed", "7"],
        capture_output=True,
        text=True,
    )
    assert (proc.returncode, proc.stderr) == (1, "")  # a verdict: rejected as malformed
    assert "Traceback" not in proc.stdout
    assert proc.stdout.splitlines()[-1].startswith(f"REJECTED {AT_ISSUE}: malformed")


@pytest.mark.parametrize(
    ("option", "value", "allowed"),
    [
        ("--at", "nan", AT_ALLOWED),
        ("--at", "inf", AT_ALLOWED),
        ("--at", "-inf", AT_ALLOWED),
        ("--at", "1e300", AT_ALLOWED),
        ("--at", "-1e300", AT_ALLOWED),
        ("--at", "251635075200", AT_ALLOWED),
        ("--at", "-1767225601", AT_ALLOWED),
        ("--at", "soon", AT_ALLOWED),
        ("--leeway", "nan", LEEWAY_ALLOWED),
        ("--leeway", "inf", LEEWAY_ALLOWED),
        ("--leeway", "-inf", LEEWAY_ALLOWED),
        ("--leeway", "1e300", LEEWAY_ALLOWED),
        ("--leeway", "-1", LEEWAY_ALLOWED),
        ("--leeway", "86401", LEEWAY_ALLOWED),
    ],
)
def test_verify_refuses_a_bad_at_or_leeway_in_one_line(
    capsys: pytest.CaptureFixture[str], option: str, value: str, allowed: str
) -> None:
    token = Bench(7).issued()
    code, out, err = run_cli(capsys, "verify", token, "--seed", "7", f"{option}={value}")
    assert (code, out) == (2, "")
    assert err == f"simtoken: error: argument {option}: invalid value {value!r}; {allowed}\n"


def test_a_nan_leeway_no_longer_accepts_an_expired_token(
    capsys: pytest.CaptureFixture[str],
) -> None:
    token = Bench(7).issued()  # iat = sim 3600, exp = sim 3900
    code, out, _ = run_cli(capsys, "verify", token, "--seed", "7", "--at", "10000")
    assert code == 1 and "REJECTED at sim t=10000 s" in out and ": expired (" in out
    code, out, err = run_cli(
        capsys, "verify", token, "--seed", "7", "--at", "10000", "--leeway", "nan"
    )
    assert (code, out) == (2, "")
    assert err == f"simtoken: error: argument --leeway: invalid value 'nan'; {LEEWAY_ALLOWED}\n"
    code, out, _ = run_cli(
        capsys, "verify", token, "--seed", "7", "--at", "10000", "--leeway", "86400"
    )
    assert code == 0 and out.splitlines()[-1].startswith("ACCEPTED at sim t=10000 s")


def test_verify_accepts_the_edges_of_the_allowed_ranges(capsys: pytest.CaptureFixture[str]) -> None:
    token = Bench(7).issued()
    code, out, _ = run_cli(capsys, "verify", token, "--seed", "7", "--at", MAX_AT)
    assert code == 1 and out.splitlines()[-1].startswith(
        "REJECTED at sim t=251635075199 s (9999-12-31T23:59:59+00:00) for audience"
    )
    code, out, _ = run_cli(capsys, "verify", token, "--seed", "7", "--at=-1767225600")
    assert code == 1 and "REJECTED at sim t=-1767225600 s (1970-01-01T00:00:00+00:00)" in out


def test_verify_help_states_the_bounds(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["verify", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "finite, -1767225600 .. 251635075199 (dates 1970-01-01 .. 9999-12-31 UTC)" in text
    assert "seconds of leeway (default 0); finite, 0 .. 86400 (one day)" in text
    assert "--jwks FILE" in text


# --- the keys of a run: run --jwks, verify --jwks ------------------------------------------


@pytest.fixture(scope="module")
def rotation(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """A key-rotation run (six keys sign over the day), its JWKS file and its JSON result."""
    path = tmp_path_factory.mktemp("rotation") / "jwks.json"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "simtoken",
            "run",
            "key-rotation",
            "--seed",
            "7",
            "--json",
            "--jwks",
            str(path),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return path, json.loads(proc.stdout)


def test_run_writes_every_key_that_signed(rotation: tuple[Path, dict[str, Any]]) -> None:
    path, result = rotation
    written = json.loads(path.read_text(encoding="utf-8"))
    assert written == result["jwks"]
    # Keys 0-5 sign over the day; key 6 would start at the horizon itself and never signs.
    assert [k["kid"] for k in written["keys"]] == [derive_key(7, "RS256", i).kid for i in range(6)]


def test_later_rotation_tokens_verify_with_the_runs_jwks_only(
    capsys: pytest.CaptureFixture[str], rotation: tuple[Path, dict[str, Any]]
) -> None:
    path, result = rotation
    first_kid = derive_key(7, "RS256", 0).kid
    by_kid: dict[str, str] = {}
    for event in result["events"]:
        if event["kind"] == "issued" and event["token_type"] == "access":
            by_kid.setdefault(jwt.get_unverified_header(event["token"])["kid"], event["token"])
    later = [token for kid, token in by_kid.items() if kid != first_kid]
    assert len(later) == 5
    for token in later:
        code, out, _ = run_cli(capsys, "verify", token, "--jwks", str(path))
        assert code == 0 and out.splitlines()[-1].startswith("ACCEPTED at sim t="), out
        code, out, _ = run_cli(capsys, "verify", token, "--seed", "7")
        assert code == 1 and ": unknown_key (UnknownKeyError: No trusted key has kid" in out
    code, out, _ = run_cli(capsys, "verify", by_kid[first_kid], "--jwks", str(path))
    assert code == 0


def test_run_jwks_to_stdout_prints_only_it(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "run", "expiry", "--seed", "7", "--jwks", "-")
    assert code == 0
    assert json.loads(out) == derive_key(7).jwks()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--json", "--jwks", "-"], "--json and --jwks - cannot both print to stdout"),
        (["--mermaid", "-", "--jwks", "-"], "--mermaid - and --jwks - cannot both print to stdout"),
        (
            ["--jwks", "/nonexistent/dir/jwks.json"],
            "--jwks: cannot write '/nonexistent/dir/jwks.json': ",
        ),
    ],
)
def test_run_jwks_usage_errors(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, out, err = run_cli(capsys, "run", "expiry", "--seed", "7", *args)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and err.startswith(f"simtoken: error: {message}")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "--jwks: cannot read '{path}': No such file or directory"),
        ("not json", "--jwks: '{path}' is not JSON: Expecting value: line 1 column 1 (char 0)"),
        (b"\xff\xfe", "--jwks: '{path}' is not JSON: 'utf-8' codec can't decode byte 0xff"),
        ("{}", "--jwks: '{path}' is not a JWKS; allowed: {{\"keys\": [<JWK>, ...]}}"),
        ('{"keys": []}', "--jwks: '{path}' is not a JWKS; allowed: {{\"keys\": [<JWK>, ...]}}"),
        ("[1, 2]", "--jwks: '{path}' is not a JWKS; allowed: {{\"keys\": [<JWK>, ...]}}"),
        ('{"keys": [{"kty": "RSA"}]}', "--jwks: '{path}' holds an unusable key: "),
        ('{"keys": [1]}', "--jwks: '{path}' holds an unusable key: "),
    ],
)
def test_verify_refuses_a_bad_jwks_file_in_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: str | bytes | None, message: str
) -> None:
    path = tmp_path / "jwks.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content, encoding="utf-8")
    code, out, err = run_cli(capsys, "verify", Bench(7).issued(), "--jwks", str(path))
    assert (code, out) == (2, "")
    assert err.count("\n") == 1
    assert err.startswith("simtoken: error: " + message.format(path=path))


@pytest.mark.parametrize("other", [["--seed", "7"], ["--algorithm", "RS256"]])
def test_verify_jwks_holds_the_keys_alone(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, other: list[str]
) -> None:
    path = tmp_path / "jwks.json"
    path.write_text(json.dumps(derive_key(7).jwks()), encoding="utf-8")
    code, out, err = run_cli(capsys, "verify", Bench(7).issued(), "--jwks", str(path), *other)
    assert (code, out) == (2, "")
    assert err == (
        "simtoken: error: verify: --jwks holds the keys; give it without --seed and --algorithm\n"
    )
    code, out, _ = run_cli(capsys, "verify", Bench(7).issued(), "--jwks", str(path))
    assert code == 0 and out.splitlines()[-1].startswith(f"ACCEPTED {AT_ISSUE} as a")
