"""The storage x theft-vector matrix: the whole table pinned for a seed, its JSON, its CLI."""

from __future__ import annotations

import json
import re

import pytest

from simtoken import ConfigError, UnknownNameError
from simtoken.analysis.matrix import MATRIX_METRICS, STORAGE_MATRIX, Matrix, matrix
from simtoken.cli import main

WORLD = {
    "horizon": 6 * 3600,
    "theft_at": 600,
    **{"cookie_samesite": "none", "csrf_token": False, "origin_check": False},
}
"""Six hours, a theft ten minutes in, and no CSRF defence (so CSRF shows)."""


@pytest.fixture(scope="module")
def table() -> Matrix:
    return matrix("theft", *STORAGE_MATRIX, seed=7, settings=WORLD)


def cells(text: str) -> list[tuple[str, ...]]:
    """A text table's rows, split into cells (two or more spaces apart)."""
    return [tuple(re.split(r"\s{2,}", line.strip())) for line in text.splitlines()]


def test_the_whole_storage_by_vector_table(table: Matrix) -> None:
    header, *rows = cells(table.format_table())
    assert header == ("storage", "theft_vector", "held", *MATRIX_METRICS)
    assert rows == [
        ("memory", "xss", "AT+RT", "5 h 50 min", "0 s", "0", "5 h 50 min", "443", "0", "-", "0"),
        (
            "memory",
            "persistent_xss",
            "AT+RT",
            "5 h 50 min",
            "0 s",
            "0",
            "5 h 50 min",
            "363",
            "0",
            "-",
            "0",
        ),
        ("memory", "csrf", "-", "0 s", "0 s", "0", "0 s", "0", "0", "-", "0"),
        (
            "memory",
            "new_flow",
            "AT+RT",
            "5 h 50 min",
            "0 s",
            "0",
            "5 h 50 min",
            "446",
            "0",
            "-",
            "0",
        ),
        ("memory", "device", "AT+RT", "5 h 50 min", "0 s", "0", "5 h 50 min", "443", "0", "-", "0"),
        (
            "web_storage",
            "xss",
            "AT+RT",
            "5 h 50 min",
            "0 s",
            "0",
            "5 h 50 min",
            "443",
            "0",
            "-",
            "0",
        ),
        (
            "web_storage",
            "persistent_xss",
            "AT+RT",
            "5 h 50 min",
            "0 s",
            "0",
            "5 h 50 min",
            "363",
            "0",
            "-",
            "0",
        ),
        ("web_storage", "csrf", "-", "0 s", "0 s", "0", "0 s", "0", "0", "-", "0"),
        (
            "web_storage",
            "new_flow",
            "AT+RT",
            "5 h 50 min",
            "0 s",
            "0",
            "5 h 50 min",
            "446",
            "0",
            "-",
            "0",
        ),
        (
            "web_storage",
            "device",
            "AT+RT",
            "5 h 50 min",
            "0 s",
            "0",
            "5 h 50 min",
            "443",
            "0",
            "-",
            "0",
        ),
        ("cookie_rt", "xss", "AT", "15 min 34 s", "0 s", "3", "0 s", "19", "0", "-", "0"),
        (
            "cookie_rt",
            "persistent_xss",
            "AT",
            "13 min 41 s",
            "0 s",
            "5",
            "0 s",
            "17",
            "0",
            "-",
            "0",
        ),
        ("cookie_rt", "csrf", "-", "0 s", "0 s", "0", "0 s", "0", "15", "-", "0"),
        ("cookie_rt", "new_flow", "-", "0 s", "0 s", "0", "0 s", "0", "0", "-", "0"),
        (
            "cookie_rt",
            "device",
            "AT+RT",
            "5 h 50 min",
            "0 s",
            "0",
            "5 h 50 min",
            "443",
            "0",
            "-",
            "0",
        ),
        ("cookie_bff", "xss", "-", "0 s", "11 min 56 s", "14", "0 s", "14", "0", "-", "0"),
        (
            "cookie_bff",
            "persistent_xss",
            "-",
            "0 s",
            "11 min 56 s",
            "14",
            "0 s",
            "14",
            "0",
            "-",
            "0",
        ),
        ("cookie_bff", "csrf", "-", "0 s", "0 s", "0", "0 s", "0", "15", "-", "0"),
        ("cookie_bff", "new_flow", "-", "0 s", "0 s", "0", "0 s", "0", "0", "-", "0"),
        ("cookie_bff", "device", "-", "0 s", "11 min 56 s", "14", "0 s", "14", "0", "-", "0"),
        ("keystore", "xss", "-", "0 s", "0 s", "0", "0 s", "0", "0", "-", "0"),
        ("keystore", "persistent_xss", "-", "0 s", "0 s", "0", "0 s", "0", "0", "-", "0"),
        ("keystore", "csrf", "-", "0 s", "0 s", "0", "0 s", "0", "0", "-", "0"),
        ("keystore", "new_flow", "-", "0 s", "0 s", "0", "0 s", "0", "0", "-", "0"),
        (
            "keystore",
            "device",
            "AT+RT",
            "5 h 50 min",
            "0 s",
            "0",
            "5 h 50 min",
            "443",
            "0",
            "-",
            "0",
        ),
    ]


def test_the_cookie_rows_exactly(table: Matrix) -> None:
    exact = {(c.over, c.against): c.metrics() for c in table.cells if c.over == "cookie_rt"}
    assert exact["cookie_rt", "xss"] == {
        "attacker_access_s": 934.0,
        "attacker_online_s": 0.0,
        "attacker_online_calls": 3,
        "attacker_refresh_s": 0.0,
        "attacker_api_calls": 19,
        "csrf_accepted": 0,
        "detection_latency_s": None,
        "victim_logins": 0,
    }
    assert exact["cookie_rt", "csrf"]["csrf_accepted"] == 15
    assert exact["cookie_rt", "device"]["attacker_refresh_s"] == 21_000.0  # the jar on disk


def test_with_the_hardened_samesite_no_cross_site_request_is_accepted() -> None:
    hardened = matrix(
        "theft",
        ("storage", ["cookie_rt", "cookie_bff"]),
        ("theft_vector", ["csrf"]),
        seed=7,
        settings={**WORLD, "cookie_samesite": "strict"},
    )
    assert [c.metrics()["csrf_accepted"] for c in hardened.cells] == [0, 0]


def test_json_keeps_every_number(table: Matrix) -> None:
    document = json.loads(table.to_json())
    assert (document["over"], document["against"], len(document["cells"])) == (
        "storage",
        "theft_vector",
        25,
    )
    first = document["cells"][0]
    assert (first["storage"], first["theft_vector"], first["held"]) == ("memory", "xss", "AT+RT")
    assert first["metrics"]["attacker_refresh_s"] == 21_000.0


@pytest.mark.parametrize(
    ("over", "against", "error", "field"),
    [
        (("nope", ["a"]), ("theft_vector", ["xss"]), UnknownNameError, "setting"),
        (("storage", []), ("theft_vector", ["xss"]), ConfigError, "storage"),
        (("storage", ["memory", "memory"]), ("theft_vector", ["xss"]), ConfigError, "storage"),
        (("storage", ["memory"]), ("storage", ["keystore"]), ConfigError, "against"),
        (("storage", ["disk"]), ("theft_vector", ["xss"]), UnknownNameError, "storage"),
    ],
)
def test_bad_axes_name_the_field(
    over: tuple[str, list[str]],
    against: tuple[str, list[str]],
    error: type[ConfigError],
    field: str,
) -> None:
    with pytest.raises(error) as info:
        matrix("theft", over, against, settings=WORLD)
    assert info.value.field == field


def test_the_cli_prints_the_matrix(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["compare", "theft", "--seed", "7", "--set", "horizon=6h", "--set", "theft_at=10m"]
    args += ["--set", "cookie_samesite=none", "--set", "csrf_token=false"]
    args += ["--set", "origin_check=false"]
    args += ["--over", "storage=cookie_rt,cookie_bff", "--against", "theft_vector=xss,csrf"]
    assert main(args) == 0
    title, _header, *rows = capsys.readouterr().out.splitlines()
    assert title == "matrix theft (seed 7): storage x theft_vector"
    assert [cells(row)[0][:3] for row in rows] == [
        ("cookie_rt", "xss", "AT"),
        ("cookie_rt", "csrf", "-"),
        ("cookie_bff", "xss", "-"),
        ("cookie_bff", "csrf", "-"),
    ]
    assert main([*args, "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)["cells"]) == 4


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--over", "storage=memory"], "--over and --against go together"),
        (
            [
                "--over",
                "storage=memory",
                "--against",
                "theft_vector=xss",
                "--variant",
                "a:tls=false",
            ],
            "at most one --preset and no --variant",
        ),
        (
            ["--over", "storage", "--against", "theft_vector=xss"],
            "--over: expected KEY=V1,V2,..., got 'storage'",
        ),
    ],
)
def test_bad_matrix_usage_exits_2(
    capsys: pytest.CaptureFixture[str], extra: list[str], message: str
) -> None:
    assert main(["compare", "theft", *extra]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err
