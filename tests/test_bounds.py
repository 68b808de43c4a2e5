"""No traceback, no hang: malformed audit files, unwritable plots, duplicate comparison rows,
runs too big to finish, a client loop that never yielded, and two APIs on one host."""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
import textwrap
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from conftest import counted_steps
from hypothesis import given, settings
from hypothesis import strategies as st

import simtoken
from simtoken.analysis.compare import compare
from simtoken.analysis.sweep import plan_sweep, sweep
from simtoken.cli import main
from simtoken.config.budget import DEFAULT_MAX_EVENTS, check_budget
from simtoken.config.settings import apply_settings
from simtoken.errors import ConfigError
from simtoken.record.audit import audit
from simtoken.record.events import Accepted, Rejected
from simtoken.scenarios import SCENARIOS, get_scenario

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def doc() -> dict[str, Any]:
    return simtoken.run("refresh", seed=7, horizon=3600).to_dict()


def one_line_error(capsys: pytest.CaptureFixture[str], argv: list[str]) -> str:
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.err.startswith("simtoken: error: ") and captured.err.count("\n") == 1
    return captured.err


# -- 1. audit ---------------------------------------------------------------------------------


def _with(doc: dict[str, Any], **changes: Any) -> str:
    return json.dumps({**doc, **changes})


def _event(doc: dict[str, Any], i: int, **changes: Any) -> str:
    events = [dict(e) for e in doc["events"]]
    events[i].update(changes)
    for key, value in changes.items():
        if value is ...:
            del events[i][key]
    return json.dumps({**doc, "events": events})


BAD_DOCUMENTS: dict[str, Any] = {
    "deep nesting": lambda d: "[" * 100_000 + "]" * 100_000,
    "4,301-digit integer": lambda d: '{"config": {"leeway": ' + "9" * 4301 + "}}",
    "NaN time": lambda d: _event(d, 0, t=float("nan")),
    "huge integer time": lambda d: _event(d, 0, t=10**400),
    "events not a list": lambda d: _with(d, events={"0": 1}),
    "event not an object": lambda d: _with(d, events=[5]),
    "t a string": lambda d: _event(d, 1, t="12"),
    "metric of the wrong type": lambda d: _with(d, metrics={**d["metrics"], "api_calls": "x"}),
    "unknown event kind": lambda d: _event(d, 0, kind="teleported"),
    "missing field": lambda d: _event(d, 1, request_id=...),
    "unknown format": lambda d: _with(d, format="simtoken.result/9"),
    "config value of the wrong type": lambda d: _with(d, config={**d["config"], "leeway": []}),
}


@pytest.mark.parametrize("name", list(BAD_DOCUMENTS))
def test_audit_refuses_malformed_documents_in_one_line(
    name: str, doc: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "run.json"
    path.write_text(BAD_DOCUMENTS[name](doc), encoding="utf-8")
    one_line_error(capsys, ["audit", str(path)])


def test_audit_refuses_files_it_cannot_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], doc: dict[str, Any]
) -> None:
    (tmp_path / "binary.json").write_bytes(b"\xff\xfe{}")
    assert "UTF-8" in one_line_error(capsys, ["audit", str(tmp_path / "binary.json")])
    assert "regular file" in one_line_error(capsys, ["audit", str(tmp_path)])
    assert "No such file" in one_line_error(capsys, ["audit", str(tmp_path / "missing.json")])
    big = tmp_path / "big.json"
    big.write_text(json.dumps(doc))
    err = one_line_error(capsys, ["audit", "--max-bytes", "1000", str(big)])
    assert "at most 1,000 bytes" in err
    assert main(["audit", str(big)]) == 0  # the default cap (64 MiB) lets it through


def test_audit_errors_name_the_field(doc: dict[str, Any]) -> None:
    events = [dict(e) for e in doc["events"]]
    events[3]["t"] = "late"
    with pytest.raises(ConfigError) as caught:
        audit({**doc, "events": events})
    assert (caught.value.field, caught.value.value) == ("events[3].t", "late")
    with pytest.raises(ConfigError) as caught:
        audit({**doc, "format": "other/1"})
    assert caught.value.field == "format"
    with pytest.raises(ConfigError) as caught:
        audit({**doc, "config": {**doc["config"], "horizon": -1}})
    assert caught.value.field == "config.horizon"


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=20,
)


@settings(max_examples=150, deadline=None)
@given(JSON)
def test_random_documents_give_a_report_or_a_config_error(value: Any) -> None:
    for candidate in (value, {"format": "simtoken.result/1", "config": {}, "events": value}):
        with contextlib.suppress(ConfigError):
            assert isinstance(audit(candidate), list)


MUTATIONS = st.lists(
    st.tuples(st.integers(0, 10**6), st.integers(0, 10**6), st.none() | JSON),
    min_size=1,
    max_size=3,
)


@settings(max_examples=60, deadline=None)
@given(MUTATIONS)
def test_mutated_real_documents_give_a_report_or_a_config_error(
    doc: dict[str, Any], mutations: list[tuple[int, int, Any]]
) -> None:
    mutated = json.loads(json.dumps(doc))
    for where, which, value in mutations:
        events = mutated.get("events")
        parts = [mutated, mutated.get("config"), mutated.get("metrics")]
        parts += events[:20] if isinstance(events, list) else []
        target = parts[where % len(parts)]
        if not isinstance(target, dict) or not target:
            continue  # an earlier mutation removed or replaced this part
        key = sorted(target)[which % len(target)]
        if value is None:
            del target[key]
        else:
            target[key] = value
    with contextlib.suppress(ConfigError):
        assert isinstance(audit(mutated), list)


# -- 2. --plot --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["x.foo", "x"])
def test_plot_with_an_unknown_format_is_refused(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / name
    err = one_line_error(capsys, ["run", "refresh", "--set", "horizon=600", "--plot", str(target)])
    assert all(f".{fmt}" in err for fmt in ("png", "svg", "pdf"))
    assert list(tmp_path.iterdir()) == []


def test_plot_message_names_the_file_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "timeline.svg"
    argv = ["run", "refresh", "--set", "horizon=600", "--events", "0", "--plot", str(target)]
    assert main(argv) == 0
    assert f"timeline written to {target}\n" in capsys.readouterr().out
    assert [p.name for p in tmp_path.iterdir()] == ["timeline.svg"]


# -- 3. compare -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "rows",
    [
        ["--preset", "naive", "--preset", "naive"],
        ["--preset", "naive", "--variant", "naive:preset=okta-spa"],
        ["--variant", "x:leeway=1", "--variant", "x:leeway=2"],
    ],
)
def test_compare_refuses_two_rows_of_one_label(
    rows: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    err = one_line_error(capsys, ["compare", "refresh", "--set", "horizon=600", *rows])
    assert "naive" in err or "'x'" in err


def test_compare_library_refuses_duplicate_labels() -> None:
    with pytest.raises(ConfigError) as caught:
        compare("refresh", ["naive"], variants={"naive": {"preset": "okta-spa"}})
    assert (caught.value.field, caught.value.value) == ("label", "naive")


# -- 4. bounded runs --------------------------------------------------------------------------

HUGE = [
    ("refresh", {"horizon": 1e8}, "horizon"),
    ("refresh", {"horizon": 1e308}, "horizon"),
    ("refresh", {"request_interval": 1e-9}, "request_interval"),
    ("theft-f1", {"attacker_interval": 1e-9}, "attacker_interval"),
    ("theft-f3", {"resteal_interval": 1e-9}, "resteal_interval"),
    ("refresh", {"clients": 100_000}, "clients"),
    ("concurrent-tabs", {"tabs": 100_000}, "tabs"),
    ("key-rotation", {"key_rotation_interval": 1}, "key_rotation_interval"),
    ("mobile", {"idle_period": 0, "active_period": 1e-12}, "active_period"),
]


@pytest.mark.parametrize(("scenario", "knobs", "field"), HUGE)
def test_runs_too_big_are_refused_before_they_start(
    scenario: str, knobs: dict[str, object], field: str
) -> None:
    started = time.perf_counter()
    with pytest.raises(ConfigError) as caught:
        simtoken.run(scenario, **knobs)  # type: ignore[arg-type]
    assert time.perf_counter() - started < 2.0
    assert caught.value.field == field
    assert f"budget of {DEFAULT_MAX_EVENTS:,} events" in str(caught.value)


def test_the_budget_is_adjustable(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(ConfigError):
        simtoken.run("refresh", horizon=600, max_events=100)
    assert simtoken.run("refresh", horizon=600, max_events=10**6).metrics.api_calls > 0
    err = one_line_error(capsys, ["run", "refresh", "--max-events", "100"])
    assert "horizon" in err and "budget of 100 events" in err
    one_line_error(capsys, ["run", "refresh", "--max-events", "0"])
    one_line_error(capsys, ["compare", "refresh", "--preset", "naive", "--max-events", "100"])
    with pytest.raises(ConfigError):
        simtoken.run("refresh", clients=10**400)  # once an OverflowError


def test_a_one_year_run_is_within_the_default_budget() -> None:
    config = apply_settings(get_scenario("refresh").defaults, {"horizon": 31_536_000})
    assert check_budget(config, scenario="refresh").events < DEFAULT_MAX_EVENTS


@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_the_estimate_bounds_every_scenario(scenario: str) -> None:
    horizon = min(get_scenario(scenario).defaults.horizon, 43_200.0)
    steps, estimated = counted_steps(scenario, {"horizon": horizon})
    assert estimated >= steps


@pytest.mark.parametrize(
    ("scenario", "knobs"),
    [
        ("refresh", {"request_interval": 5, "horizon": 20_000}),
        ("concurrent-tabs", {"tabs": 10, "horizon": 20_000}),
        ("theft-f1", {"attacker_interval": 5, "horizon": 20_000}),
        ("theft-f1", {"access_token_lifetime": 10, "horizon": 7200}),
        ("theft-f3", {"resteal_interval": 1, "horizon": 20_000}),
        ("cookie-refresh", {"attacker_interval": 5}),  # a script refreshing through the page
        ("csrf", {"attacker_interval": 5}),  # a cross-site form every few seconds
        ("mobile", {"idle_period": 0, "horizon": 20_000}),
        ("refresh", {"loss": 0.5, "validation": "introspection", "horizon": 20_000}),
        ("key-rotation", {"key_rotation_interval": 3600, "algorithm": "ES256", "horizon": 20_000}),
    ],
)
def test_the_estimate_bounds_runs_with_more_work(scenario: str, knobs: dict[str, object]) -> None:
    steps, estimated = counted_steps(scenario, knobs)
    assert estimated >= steps


@pytest.mark.slow
@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_the_estimate_bounds_every_scenario_at_its_defaults(scenario: str) -> None:
    steps, estimated = counted_steps(scenario, {})
    assert estimated >= steps


def test_a_client_loop_always_lets_time_advance() -> None:
    """Active periods shorter than the clock's resolution once spun for ever without yielding."""
    code = textwrap.dedent(
        """
        from simtoken.config.settings import apply_settings
        from simtoken.scenarios import get_scenario
        from simtoken.world import World
        spec = get_scenario("mobile")
        knobs = {"idle_period": 0, "active_period": 1e-20, "horizon": 3600}
        world = World(apply_settings(spec.defaults, knobs), 7, spec.name)
        print(world.run().metrics.api_calls)
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=20, cwd=REPO
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["1"]


def test_sweeps_are_estimated_and_refused_above_their_budget(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = plan_sweep("refresh", {"horizon": [600, 1200]}, 3)
    assert plan.runs == 6 and plan.events > 0 and plan.seconds(2) > 0
    with pytest.raises(ConfigError) as caught:
        sweep("refresh", {"horizon": [1e7, 2e7, 3e7]}, 10)
    assert caught.value.field == "grid" and caught.value.value == "30 runs"
    with pytest.raises(ConfigError) as caught:
        sweep("refresh", {"horizon": [1e8]})
    assert caught.value.field == "horizon"
    monkeypatch.setattr("simtoken.cli._runs.LONG_SWEEP_S", 0.0)
    argv = ["sweep", "refresh", "--grid", "horizon=600,1200", "--workers", "1"]
    assert main(argv) == 0
    err = capsys.readouterr().err
    assert err.startswith("sweep refresh: 2 runs, ~") and "min on 1 worker(s)" in err


# -- 5. two APIs on one host ------------------------------------------------------------------


def test_two_audiences_on_one_host_are_two_apis() -> None:
    a, b = "https://api.example/a", "https://api.example/b"
    result = simtoken.run("sso", seed=0, audiences=f"{a},{b}", horizon=28_800)
    minted = {e.token: e.audience for e in result.issued()}
    seen: Counter[tuple[str, str | None, str]] = Counter()
    for e in result.trace:
        request = result.trace.request(getattr(e, "request_id", -1))
        if isinstance(e, Accepted | Rejected) and request is not None and request.endpoint == "api":
            reason = e.reason if isinstance(e, Rejected) else "ok"
            seen[e.actor, minted.get(e.token or ""), reason] += 1
    assert {(actor, aud) for actor, aud, _ in seen} == {
        ("api.example/a", a),
        ("api.example/b", b),
        ("api.example/b", a),  # the replayed mail token
    }
    assert seen["api.example/b", a, "wrong_audience"] == 1
    assert result.audit() == []


def test_two_names_for_one_api_are_refused() -> None:
    with pytest.raises(ConfigError) as caught:
        simtoken.run("sso", audiences="https://api.example,http://api.example/")
    assert caught.value.field == "audiences"
