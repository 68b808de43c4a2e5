"""The lifetime explorer: its pure function, its cache, and the widget driven from plain pytest."""

from __future__ import annotations

import subprocess
import sys

import pytest

import simtoken.widgets as w
from simtoken import ConfigError, Metrics, Result, UnknownNameError
from simtoken.widgets import LifetimeMetrics, lifetime_explorer, lifetime_metrics, metrics_table

SHORT = 4 * 3600.0  # a short horizon keeps the widget tests fast


def test_lifetime_metrics_exact_for_the_baseline(refresh7: Result) -> None:
    point = lifetime_metrics(7, 300)
    assert point == LifetimeMetrics(
        seed=7,
        scenario="refresh",
        lifetime=300,
        horizon=172_800.0,
        without_refresh=Metrics(
            victim_logins=120,
            victim_availability=1.0,
            as_load_per_h=2.520833,
            api_calls=698,
            refreshes=0,
            rejections={"expired": 120},
        ),
        with_refresh=Metrics(
            victim_logins=1,
            victim_availability=1.0,
            as_load_per_h=2.541667,
            api_calls=698,
            refreshes=120,
            rejections={"expired": 121},
        ),
    )
    # the "with" half is exactly the refresh scenario's baseline run
    assert point.with_refresh == refresh7.metrics


def test_lifetime_metrics_short_horizon_and_cache() -> None:
    first = lifetime_metrics(7, 300, horizon=SHORT)
    before = w.cache_info()
    second = lifetime_metrics(7, 300, horizon=SHORT)
    after = w.cache_info()
    assert second.with_refresh is first.with_refresh  # served from the cache
    assert (after.hits - before.hits, after.misses - before.misses) == (2, 0)
    assert (first.without_refresh.victim_logins, first.with_refresh.victim_logins) == (3, 0)
    assert first.without_refresh.as_load_per_h == first.with_refresh.as_load_per_h == 1.0
    assert w.run_metrics(7, 300, "reactive", horizon=SHORT) is first.with_refresh


def test_metrics_table_shows_both_modes() -> None:
    table = metrics_table(lifetime_metrics(7, 300))
    assert "logs in again <b>120</b> times; with them <b>1</b> time," in table
    assert "<b>2.54</b> requests per hour" in table
    assert table.count("<tr>") == 7  # header + six metrics
    assert ">2.520833</td><td" in table and ">2.541667</td></tr>" in table


@pytest.fixture
def explorer() -> w.LifetimeExplorer:
    return lifetime_explorer(seed=7, lifetimes=(3600, 300), lifetime=300, horizon=SHORT)


def test_explorer_shows_the_chosen_lifetime(explorer: w.LifetimeExplorer) -> None:
    slider, table, chart, errors = explorer.children
    assert slider is explorer.slider and table is explorer.table and chart is explorer.chart
    assert errors is explorer.errors
    assert list(slider.options) == [("5 min", 300), ("1 h", 3600)]  # sorted
    assert slider.value == 300 and slider.continuous_update is False
    assert explorer.current == lifetime_metrics(7, 300, horizon=SHORT)
    assert table.value == metrics_table(explorer.current)
    assert bytes(chart.value).startswith(b"\x89PNG")
    assert repr(explorer) == "LifetimeExplorer(seed=7, scenario='refresh', lifetime=300)"


def test_moving_the_slider_updates_table_and_chart(explorer: w.LifetimeExplorer) -> None:
    old_chart = bytes(explorer.chart.value)
    explorer.slider.value = 3600
    assert explorer.current == lifetime_metrics(7, 3600, horizon=SHORT)
    assert explorer.table.value == metrics_table(explorer.current)
    assert "Access tokens live <b>1 h</b>" in explorer.table.value
    new_chart = bytes(explorer.chart.value)
    assert new_chart.startswith(b"\x89PNG") and new_chart != old_chart


def test_callback_exception_propagates(
    explorer: w.LifetimeExplorer, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> LifetimeMetrics:
        raise RuntimeError("simulation failed")

    monkeypatch.setattr(w, "lifetime_metrics", broken)
    with pytest.raises(RuntimeError, match="simulation failed"):
        explorer.slider.value = 3600


def test_exception_while_building_propagates(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> LifetimeMetrics:
        raise RuntimeError("simulation failed")

    monkeypatch.setattr(w, "lifetime_metrics", broken)
    with pytest.raises(RuntimeError, match="simulation failed"):
        lifetime_explorer(seed=7, lifetimes=(300,), horizon=SHORT)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"lifetimes": ()}, ConfigError, "^lifetimes: invalid value"),
        ({"lifetimes": (300, -5)}, ConfigError, "^lifetimes: invalid value"),
        ({"lifetimes": (300, 600), "lifetime": 60}, ConfigError, "allowed: one of 300, 600$"),
        ({"scenario": "nope"}, UnknownNameError, "^scenario: unknown name 'nope'"),
    ],
)
def test_bad_arguments(kwargs: dict[str, object], error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        lifetime_explorer(seed=7, **kwargs)  # type: ignore[arg-type]


def test_import_simtoken_does_not_import_widgets() -> None:
    code = (
        "import sys, simtoken; "
        "print(sorted(m for m in ('ipywidgets', 'simtoken.widgets', 'simtoken.plots') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
