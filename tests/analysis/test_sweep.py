"""Sweeps: grid order, exact tables, 1 vs 2 workers, JSON, DataFrame and every bad input."""

from __future__ import annotations

import json
import multiprocessing
import sys
from collections.abc import Sequence
from typing import Any

import pytest

import simtoken
from simtoken import ConfigError, SweepResult, UnknownNameError, sweep
from simtoken.analysis.sweep import _Failure, _run_in_worker, _Task
from simtoken.analysis.sweep_table import METRICS, PointSummary, SweepRow
from simtoken.cli import main

sweep_module = sys.modules["simtoken.analysis.sweep"]  # simtoken.sweep is the function

GRID: dict[str, Sequence[object]] = {
    "access_token_lifetime": [120, 300],
    "refresh": ["reactive", "proactive"],
}
FIXED = {"horizon": 7200, "algorithm": "HS256"}  # HMAC keys: no RSA key to derive per seed


@pytest.fixture(scope="module")
def small() -> SweepResult:
    """4 grid points x 2 seeds of a 2-hour ``refresh``, run in this process."""
    return sweep("refresh", GRID, [7, 8], settings=FIXED, workers=1)


def test_rows_come_in_grid_order_first_key_slowest_seeds_innermost(small: SweepResult) -> None:
    assert small.parameters == ("access_token_lifetime", "refresh")
    assert small.seeds == (7, 8)
    assert small.settings == {"horizon": 7200.0, "algorithm": "HS256"}
    got = [
        (d["access_token_lifetime"], d["refresh"], d["seed"], d["refreshes"])
        for d in small.to_dicts()
    ]
    assert got == [
        (120, "reactive", 7, 7),
        (120, "reactive", 8, 18),
        (120, "proactive", 7, 9),
        (120, "proactive", 8, 25),
        (300, "reactive", 7, 3),
        (300, "reactive", 8, 9),
        (300, "proactive", 7, 4),
        (300, "proactive", 8, 10),
    ]


def test_flat_dicts_are_params_seed_then_the_metrics_named_as_in_metrics(
    small: SweepResult,
) -> None:
    row = small.to_dicts()[0]
    single = simtoken.run(
        "refresh", seed=7, access_token_lifetime=120, horizon=7200, algorithm="HS256"
    )
    assert list(row) == ["access_token_lifetime", "refresh", "seed", *single.metrics.to_dict()]
    assert {k: row[k] for k in single.metrics.to_dict()} == single.metrics.to_dict()
    mappings = {"rejections", "attacker_api_calls_by_scope", "attacker_scope_refusals"}
    assert set(METRICS) == set(single.metrics.to_dict()) - mappings
    assert small.rows[0] == SweepRow(
        {"access_token_lifetime": 120, "refresh": "reactive"}, 7, single.metrics.to_dict()
    )


def test_default_table_is_exact(small: SweepResult) -> None:
    assert small.format_table() == (
        "access_token_lifetime  refresh    victim_logins  false_logouts  victim_availability  as_load_per_h\n"
        "120                    reactive         0 (0-0)        0 (0-0)              1 (1-1)   6.75 (4-9.5)\n"
        "120                    proactive        0 (0-0)        0 (0-0)              1 (1-1)       9 (5-13)\n"
        "300                    reactive         0 (0-0)        0 (0-0)              1 (1-1)      3.5 (2-5)\n"
        "300                    proactive        0 (0-0)        0 (0-0)              1 (1-1)    4 (2.5-5.5)"
    )


def test_table_of_chosen_metrics_is_exact(small: SweepResult) -> None:
    assert small.format_table(["refreshes", "residual_access_s"]) == (
        "access_token_lifetime  refresh      refreshes  residual_access_s\n"
        "120                    reactive   12.5 (7-18)                  -\n"
        "120                    proactive    17 (9-25)                  -\n"
        "300                    reactive       6 (3-9)                  -\n"
        "300                    proactive     7 (4-10)                  -"
    )
    assert small.format_table("refreshes").splitlines()[1].split() == [
        "120",
        "reactive",
        "12.5",
        "(7-18)",
    ]


def test_summary_gives_mean_min_max_over_seeds(small: SweepResult) -> None:
    assert small.summary("refreshes") == [
        PointSummary({"access_token_lifetime": 120, "refresh": "reactive"}, 2, 12.5, 7, 18),
        PointSummary({"access_token_lifetime": 120, "refresh": "proactive"}, 2, 17.0, 9, 25),
        PointSummary({"access_token_lifetime": 300, "refresh": "reactive"}, 2, 6.0, 3, 9),
        PointSummary({"access_token_lifetime": 300, "refresh": "proactive"}, 2, 7.0, 4, 10),
    ]
    none = small.summary("residual_access_s")[0]
    assert (none.count, none.mean, none.min, none.max) == (0, None, None, None)
    with pytest.raises(UnknownNameError, match="metric: unknown name 'rejections'"):
        small.summary("rejections")


def test_theft_tables_add_the_attacker_columns_and_count_missing_values() -> None:
    result = sweep(
        "theft-f2",
        {"storage": ["web_storage", "cookie_bff"]},
        [7, 8, 9],
        settings={**FIXED, "theft_at": 3000},
        workers=1,
    )
    assert result.format_table().splitlines()[0].split() == [
        "storage",
        "victim_logins",
        "false_logouts",
        "victim_availability",
        "as_load_per_h",
        "attacker_access_s",
        "attacker_online_s",
        "attacker_online_calls",
        "attacker_refresh_s",
        "detection_latency_s",
    ]
    # durations in human units: 2207.6 s is 36 min 48 s
    assert result.format_table("detection_latency_s") == (
        "storage                              detection_latency_s\n"
        "web_storage  36 min 48 s (36 min 48 s-36 min 48 s) [1/3]\n"
        "cookie_bff                                             -"
    )


def test_one_and_two_workers_give_identical_results(small: SweepResult) -> None:
    parallel = sweep("refresh", GRID, [7, 8], settings=FIXED, workers=2)
    assert parallel == small
    assert parallel.to_json() == small.to_json()


def test_a_seed_count_means_the_first_n_seeds() -> None:
    result = sweep("refresh", {"refresh": ["reactive"]}, 3, settings=FIXED, workers=1)
    assert result.seeds == (0, 1, 2)
    assert [row.seed for row in result.rows] == [0, 1, 2]


def test_an_empty_grid_sweeps_the_seeds_only() -> None:
    result = sweep("expiry", {}, [7, 8], settings={"horizon": 600, "algorithm": "HS256"}, workers=1)
    assert result.parameters == ()
    assert [(row.params, row.seed) for row in result.rows] == [({}, 7), ({}, 8)]


def test_string_values_from_the_command_line_are_parsed() -> None:
    result = sweep(
        "expiry",
        {"leeway": ["0", "30"]},
        settings={"horizon": "600", "algorithm": "HS256"},
        workers=1,
    )
    assert [row.params for row in result.rows] == [{"leeway": 0.0}, {"leeway": 30.0}]
    assert result.settings == {"horizon": 600.0, "algorithm": "HS256"}


def test_json_round_trip_and_byte_identical(small: SweepResult) -> None:
    text = small.to_json()
    assert text == small.to_json()  # and equal to a rerun's: see the 1 vs 2 workers test
    data = json.loads(text)
    assert list(data) == ["format", "scenario", "preset", "parameters", "seeds", "settings", "rows"]
    assert data["format"] == "simtoken.sweep/1"
    assert data["rows"] == small.to_dicts()
    assert SweepResult.from_json(text) == small
    with_tuples = sweep(
        "sso",
        {"audiences": [("https://a.example",), ("https://b.example",)]},
        settings=FIXED,
        workers=1,
    )
    assert SweepResult.from_json(with_tuples.to_json()) == with_tuples
    with pytest.raises(ConfigError, match=r"format: invalid value 'simtoken\.result/1'"):
        SweepResult.from_json(json.dumps({"format": "simtoken.result/1"}))


def test_to_dataframe(small: SweepResult) -> None:
    pytest.importorskip("pandas")
    frame = small.to_dataframe()
    assert list(frame.columns) == list(small.to_dicts()[0])
    assert frame["refreshes"].tolist() == [7, 18, 9, 25, 3, 9, 4, 10]


def test_to_dataframe_without_pandas_says_how_to_install_it(
    small: SweepResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match=r"needs pandas: pip install pandas"):
        small.to_dataframe()


def test_progress_bar_only_when_asked(capsys: pytest.CaptureFixture[str]) -> None:
    sweep(
        "expiry",
        {"leeway": [0, 30]},
        settings={"horizon": 600, "algorithm": "HS256"},
        workers=1,
        progress=True,
    )
    assert "sweep expiry" in capsys.readouterr().err
    sweep("expiry", {"leeway": [0, 30]}, settings={"horizon": 600, "algorithm": "HS256"}, workers=1)
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"scenario": "nope"}, UnknownNameError, "scenario: unknown name 'nope'"),
        ({"grid": {"bogus": [1]}}, UnknownNameError, "setting: unknown name 'bogus'"),
        (
            {"grid": {"access_token_lifetime": [300, "soon"]}},
            ConfigError,
            "access_token_lifetime: invalid value 'soon'; allowed: a whole number",
        ),
        (
            {"grid": {"access_token_lifetime": [300, -5]}},
            ConfigError,
            "access_token_lifetime: invalid value -5",
        ),
        (
            {"grid": {"access_token_lifetime": [60], "refresh": ["proactive"]}},
            ConfigError,
            "refresh_margin: invalid value 60.0; allowed: less than access_token_lifetime",
        ),
        (
            {"grid": {"leeway": []}},
            ConfigError,
            "leeway: invalid value []; allowed: a non-empty list",
        ),
        ({"grid": {"leeway": "0,30"}}, ConfigError, "leeway: invalid value '0,30'"),
        ({"grid": {"leeway": [30, "30"]}}, ConfigError, "allowed: distinct values"),
        (
            {"grid": {"horizon": [600]}},
            ConfigError,
            "horizon: invalid value 7200; allowed: a grid setting or",
        ),
        ({"settings": {"bogus": 1}}, UnknownNameError, "setting: unknown name 'bogus'"),
        ({"preset": "okta"}, UnknownNameError, "preset: unknown name 'okta'"),
        ({"seeds": 0}, ConfigError, "seeds: invalid value 0"),
        ({"seeds": []}, ConfigError, "seeds: invalid value []"),
        ({"seeds": [7, 7]}, ConfigError, "seeds: invalid value [7, 7]; allowed: a count >= 1, or"),
        ({"seeds": [-1]}, ConfigError, "seed: invalid value -1"),
        ({"seeds": "7"}, ConfigError, "seeds: invalid value '7'"),
        ({"workers": 0}, ConfigError, "workers: invalid value 0; allowed: a whole number >= 1"),
        ({"workers": True}, ConfigError, "workers: invalid value True"),
    ],
)
def test_bad_input_is_refused_before_any_run(
    monkeypatch: pytest.MonkeyPatch, kwargs: dict[str, Any], error: type[Exception], message: str
) -> None:
    def no_runs(*args: object, **kwargs: object) -> None:
        raise AssertionError("a run started before the input was validated")

    monkeypatch.setattr(sweep_module, "_run_all", no_runs)
    call: dict[str, Any] = {
        "scenario": "refresh",
        "grid": {"leeway": [0]},
        "settings": {"horizon": 7200},
    }
    call.update(kwargs)
    with pytest.raises(error) as info:
        sweep(call.pop("scenario"), call.pop("grid"), **call)
    assert message in str(info.value)


def _fail(*args: object, **kwargs: object) -> None:
    raise ConfigError("at", 99999.0, "a sim time in [0, 7200)")


def test_an_error_in_process_propagates_as_is(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sweep_module, "run", _fail)
    with pytest.raises(ConfigError, match=r"^at: invalid value 99999.0; allowed: a sim time"):
        sweep("refresh", {"leeway": [0, 5]}, settings=FIXED, workers=1)


@pytest.mark.skipif(
    multiprocessing.get_start_method() != "fork", reason="the patched run reaches workers by fork"
)
def test_an_error_in_a_worker_propagates_with_its_type_and_message(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sweep_module, "run", _fail)
    with pytest.raises(ConfigError) as info:
        sweep("refresh", {"leeway": [0, 5]}, settings=FIXED, workers=2)
    assert str(info.value) == "at: invalid value 99999.0; allowed: a sim time in [0, 7200)"
    assert (info.value.field, info.value.value) == ("at", 99999.0)
    assert "in a sweep worker" in (info.value.__notes__[0])


def test_an_unpicklable_worker_error_keeps_its_message(monkeypatch: pytest.MonkeyPatch) -> None:
    class Local(Exception):
        pass

    def fail(*args: object, **kwargs: object) -> None:
        raise Local("the original message")

    monkeypatch.setattr(sweep_module, "run", fail)
    task = _Task("refresh", None, {}, 7)
    failure = _run_in_worker(task)
    assert isinstance(failure, _Failure)
    rebuilt = failure.rebuild(task)
    assert type(rebuilt) is RuntimeError
    assert str(rebuilt) == "Local: the original message"


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


SWEEP = ["sweep", "refresh", "--grid", "access_token_lifetime=120,300", "--seeds", "7,8"]
SWEEP += ["--set", "horizon=7200", "--set", "algorithm=HS256", "--workers", "1"]


def test_sweep_prints_mean_and_spread_per_grid_point(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, *SWEEP, "--metric", "refreshes", "--metric", "victim_logins")
    assert (code, err) == (0, "")
    assert out == (
        "sweep refresh: 2 point(s) x 2 seed(s) (7, 8); mean (min-max) over the seeds\n"
        "access_token_lifetime    refreshes  victim_logins\n"
        "120                    12.5 (7-18)        0 (0-0)\n"
        "300                        6 (3-9)        0 (0-0)\n"
    )


def test_sweep_json_is_the_library_document(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, *SWEEP, "--json")
    expected = simtoken.sweep(
        "refresh",
        {"access_token_lifetime": [120, 300]},
        [7, 8],
        settings={"horizon": "7200", "algorithm": "HS256"},
        workers=1,
    )
    assert code == 0 and out == expected.to_json() + "\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--grid", "bogus=1,2"], "setting: unknown name 'bogus'"),
        (["--grid", "leeway=0,soon"], "leeway: invalid value 'soon'; allowed: a number"),
        (["--grid", "leeway"], "--grid: expected KEY=V1,V2,..., got 'leeway'"),
        (["--grid", "leeway=0,,5"], "--grid: expected KEY=V1,V2,..., got 'leeway=0,,5'"),
        (["--grid", "leeway=0", "--grid", "leeway=5"], "--grid: leeway given twice"),
        (["--grid", "leeway=0", "--metric", "nope"], "metric: unknown name 'nope'"),
        (["--seeds", "a,b"], "invalid seeds 'a,b'"),
        (["--seeds", "0"], "seeds: invalid value 0"),
        (["--workers", "0"], "workers: invalid value 0"),
        (["--preset", "okta"], "preset: unknown name 'okta'"),
    ],
)
def test_bad_sweep_usage_exits_2_with_one_line(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, out, err = run_cli(capsys, "sweep", "refresh", "--set", "horizon=600", *args)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and err.startswith("simtoken: error: ")
    assert message in err


def test_a_csrf_sweep_shows_the_accepted_cross_site_requests() -> None:
    table = simtoken.sweep("csrf", {"cookie_samesite": ["none", "lax"]}, settings={"horizon": 7200})
    assert table.default_metrics()[-1] == "csrf_accepted"
    assert [row.metrics["csrf_accepted"] for row in table.rows] == [2, 0]
