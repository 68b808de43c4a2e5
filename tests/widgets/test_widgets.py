"""The explorers: their pure functions, their widgets driven from plain pytest, their errors."""

from __future__ import annotations

import dataclasses
import re
import subprocess
import sys
from collections.abc import Iterator, Mapping
from typing import Any, ClassVar

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Circle
from matplotlib.path import Path

import simtoken
import simtoken.runner
import simtoken.widgets as w
import simtoken.widgets.lifetime as lifetime_module
import simtoken.widgets.race as race_module
import simtoken.widgets.rotation as rotation_module
from simtoken import ConfigError, Result, UnknownNameError
from simtoken.widgets import (
    CompareChoices,
    LifetimeMetrics,
    RaceChoices,
    RotationChoices,
    TheftChoices,
    lifetime_explorer,
    lifetime_metrics,
    metrics_table,
)
from simtoken.widgets._base import Explorer, Picture
from simtoken.widgets._canvas import Canvas
from simtoken.widgets._controls import Choice, Control, Count
from simtoken.widgets._legend import legend_html, svg_path
from simtoken.widgets._textcache import CachingCanvas

SHORT = 4 * 3600.0  # a short horizon keeps the lifetime tests fast
HS: dict[str, Any] = {"horizon": w.DAY, "algorithm": "HS256"}


def png(explorer: Any) -> bytes:
    return bytes(explorer.chart.value)


# -- the lifetime explorer ------------------------------------------------------------------


def test_lifetime_metrics_exact_for_the_baseline(refresh7: Result) -> None:
    point = lifetime_metrics(7, 300)
    assert point == LifetimeMetrics(
        seed=7,
        scenario="refresh",
        lifetime=300,
        horizon=172_800.0,
        without_refresh=dataclasses.replace(
            refresh7.metrics,
            victim_logins=120,
            as_load_per_h=2.520833,
            refreshes=0,
            rejections={"expired": 120},
        ),
        with_refresh=refresh7.metrics,
    )
    assert (point.with_refresh.victim_logins, point.with_refresh.as_load_per_h) == (1, 2.541667)
    assert point.with_refresh.rejections == {"expired": 121}


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


def test_lifetime_explorer_layout(explorer: w.LifetimeExplorer) -> None:
    controls, caption, message, table, chart, legend, errors = explorer.children
    assert controls.children[0].children == (explorer.slider,)
    assert explorer.controls == {"lifetime": explorer.slider}
    assert (table, chart, errors) == (explorer.table, explorer.chart, explorer.errors)
    assert (caption.value, message.value, legend.value) == ("", "", "")
    assert list(explorer.slider.options) == [("5 min", 300), ("1 h", 3600)]  # sorted
    assert explorer.slider.value == 300 and explorer.slider.continuous_update is False
    assert explorer.current == lifetime_metrics(7, 300, horizon=SHORT)
    assert table.value == metrics_table(explorer.current)
    assert png(explorer).startswith(b"\x89PNG")
    assert repr(explorer) == "LifetimeExplorer(seed=7, scenario='refresh', lifetime=300)"


def test_moving_the_slider_updates_table_and_chart(explorer: w.LifetimeExplorer) -> None:
    old_chart = png(explorer)
    explorer.slider.value = 3600
    assert explorer.current == lifetime_metrics(7, 3600, horizon=SHORT)
    assert explorer.table.value == metrics_table(explorer.current)
    assert "Access tokens live <b>1 h</b>" in explorer.table.value
    assert png(explorer).startswith(b"\x89PNG") and png(explorer) != old_chart
    assert explorer.show(300) == lifetime_metrics(7, 300, horizon=SHORT)
    assert explorer.slider.value == 300


def _broken(*args: object, **kwargs: object) -> Any:
    raise RuntimeError("simulation failed")


def test_lifetime_callback_exception_propagates(
    explorer: w.LifetimeExplorer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(lifetime_module, "lifetime_metrics", _broken)
    with pytest.raises(RuntimeError, match="simulation failed"):
        explorer.slider.value = 3600


def test_exception_while_building_propagates(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lifetime_module, "lifetime_metrics", _broken)
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


# -- the pure functions: exact metrics for seed 7, the same as simtoken.run ------------------


def test_simulate_is_simtoken_run() -> None:
    settings = {**RotationChoices().settings(), "grace_interval": 30}
    fast = w.simulate("rotation", 7, "okta-spa", settings)
    slow = simtoken.run("rotation", seed=7, preset="okta-spa", **settings)
    assert fast.to_dict() == slow.to_dict()
    with pytest.raises(UnknownNameError, match=r"^setting: unknown name 'nope'"):
        w.simulate("rotation", 7, None, {"nope": 1})


def test_rotation_outcome_exact() -> None:
    outcome = w.rotation_outcome(RotationChoices())
    m = outcome.metrics
    assert (m.victim_logins, m.false_logouts, m.reuse_detections, m.family_revocations) == (
        1,
        1,
        1,
        1,
    )
    assert (m.as_load_per_h, m.refreshes, m.api_calls) == (0.541667, 11, 20)
    assert m == simtoken.run("rotation", seed=7, **RotationChoices().settings()).metrics
    # the forgiving knobs and an honest network each remove the false logout
    for choices in (
        RotationChoices(grace_interval=30.0),
        RotationChoices(max_reuse=1),
        RotationChoices(response_loss=0.0),
    ):
        assert w.rotation_outcome(choices).metrics.false_logouts == 0, choices
    table = w.rotation_table(outcome)
    assert ">… with nobody attacking (false_logouts)</td><td" in table
    assert table.count("<tr>") == 8


def test_metrics_do_not_depend_on_the_algorithm() -> None:
    fast = w.rotation_outcome(RotationChoices())
    slow = w.rotation_outcome(RotationChoices(algorithm="RS256"))
    assert fast.metrics == slow.metrics
    assert fast.result.issued()[0].token != slow.result.issued()[0].token


def test_race_outcome_exact() -> None:
    outcome = w.race_outcome(RaceChoices())
    assert (outcome.metrics.false_logouts, outcome.per_100_user_days) == (4, 400.0)
    assert outcome.metrics.reuse_detections == outcome.metrics.family_revocations == 4
    assert (
        outcome.metrics
        == simtoken.run("concurrent-tabs", seed=7, **RaceChoices().settings()).metrics
    )
    assert w.race_outcome(RaceChoices(tabs=8)).per_100_user_days == 500.0
    windows = [w.race_outcome(RaceChoices(race_window=r)).per_100_user_days for r in (0.5, 1.0)]
    assert windows == [200.0, 100.0]
    for cure in (
        RaceChoices(tabs=1),
        RaceChoices(single_flight=True),
        RaceChoices(grace_interval=5.0),
        RaceChoices(race_window=5.0),  # tabs seconds apart: the first one's answer is stored
    ):
        assert w.race_outcome(cure).per_100_user_days == 0.0, cure
    two_users = w.race_outcome(RaceChoices(clients=2))
    assert two_users.user_days == 2.0
    assert two_users.per_100_user_days == two_users.metrics.false_logouts * 50


def test_theft_outcome_exact() -> None:
    outcome = w.theft_outcome(TheftChoices())
    m = outcome.metrics
    assert (m.attacker_access_s, m.attacker_refresh_s, m.detection_latency_s) == (
        82_799.95,
        82_800.0,
        None,
    )
    assert (m.attacker_api_calls, m.victim_logins, m.false_logouts) == (48, 0, 0)
    world: dict[str, Any] = {"request_interval": 600.0, "attacker_interval": 3600.0, **HS}
    assert m == simtoken.run("theft", seed=7, preset="naive", **world).metrics
    assert outcome.failures == ()
    bcp = w.theft_outcome(TheftChoices(preset="rfc9700-bcp")).metrics
    assert (bcp.attacker_access_s, bcp.detection_latency_s) == (3839.95, 3574.802629)
    bff = w.theft_outcome(TheftChoices(storage="cookie_bff"))
    assert (bff.metrics.attacker_refresh_s, bff.metrics.attacker_api_calls) == (0.0, 5)
    assert bff.failures[0].startswith("tokens stay on the backend-for-frontend")
    assert ">82,800 s (23.0 h)</td>" in w.theft_table(outcome)
    assert ">never</td>" in w.theft_table(outcome)


def test_theft_choices_resolve_to_the_scenario_and_preset() -> None:
    resolved = TheftChoices(scenario="theft-f3", preset="auth0-spa").resolved()
    assert (resolved.theft_vector, resolved.attacker_strategy) == ("persistent_xss", "wait_offline")
    assert (resolved.rotation, resolved.reuse_detection, resolved.revoke_on_logout) == (
        True,
        "family",
        False,
    )
    assert w.theft_outcome(resolved).metrics == w.theft_outcome(resolved).metrics
    with pytest.raises(ConfigError, match=r"^reuse_detection: invalid value 'family'"):
        TheftChoices(preset="auth0-spa", rotation=False).resolved()


def test_compare_outcome_is_simtoken_compare() -> None:
    choices = CompareChoices(rows=("naive", "rfc9700-bcp", "auth0-spa + BFF"))
    outcome = w.compare_outcome(choices)
    expected = simtoken.compare(
        "theft-f3",
        ["naive", "rfc9700-bcp"],
        seed=7,
        settings=choices.settings(),
        variants={"auth0-spa + BFF": w.COMPARE_ROWS["auth0-spa + BFF"]},
    )
    assert outcome.comparison.to_dict() == expected.to_dict()
    access = [row.metrics()["attacker_access_s"] for row in outcome.comparison.rows]
    assert access == [79_220.0, 29_220.0, 0.0]
    table = w.comparison_table(outcome)
    assert table.count("<tr>") == 4 and ">29,220 s (8.1 h)</td>" in table
    with pytest.raises(ConfigError, match=r"^rows: invalid value \(\)"):
        w.compare_outcome(CompareChoices(rows=()))
    with pytest.raises(UnknownNameError, match=r"^rows: unknown name 'nope'"):
        w.compare_outcome(CompareChoices(rows=("nope",)))


# -- the explorers: controls in, the same numbers out -------------------------------------


@pytest.fixture(scope="module")
def rotation() -> Iterator[w.RotationExplorer]:
    yield w.rotation_explorer()


def test_rotation_explorer_controls_and_update(rotation: w.RotationExplorer) -> None:
    assert list(rotation.controls) == [
        "rotation",
        "reuse_detection",
        "grace_interval",
        "max_reuse",
        "refresh_token_lifetime",
        "refresh_token_idle_lifetime",
        "extend_on_rotate",
        "response_loss",
    ]
    assert rotation.current == w.rotation_outcome(RotationChoices())
    assert rotation.table.value == w.rotation_table(rotation.current)
    assert "rotation (seed 7)" in rotation.caption.value
    assert "refresh token: user (12)" in rotation.legend.value  # the legend, as HTML
    before = png(rotation)
    rotation.controls["grace_interval"].value = 30.0
    assert (
        rotation.current.metrics == w.rotation_outcome(RotationChoices(grace_interval=30.0)).metrics
    )
    assert rotation.current.metrics.false_logouts == 0
    assert png(rotation) != before and png(rotation).startswith(b"\x89PNG")
    rotation.controls["grace_interval"].value = 0.0
    assert png(rotation) == before  # the same picture, redrawn in the same figure


def test_rotation_impossible_combination_is_a_message(rotation: w.RotationExplorer) -> None:
    shown = rotation.current
    assert rotation.set(refresh_token_lifetime=3600, refresh_token_idle_lifetime=14_400) is None
    assert isinstance(rotation.error, ConfigError)
    assert rotation.error.field == "refresh_token_idle_lifetime"
    assert "This combination cannot run." in rotation.message.value
    assert "refresh_token_idle_lifetime: invalid value 14400; allowed: at most" in (
        rotation.message.value
    )
    assert rotation.table.layout.display == rotation.chart.layout.display == "none"
    assert rotation.current is shown  # nothing stale was replaced
    rotation.controls["refresh_token_idle_lifetime"].value = 0  # fixed: shown again
    assert rotation.error is None and rotation.message.value == ""
    assert rotation.chart.layout.display is None
    assert rotation.current.choices.refresh_token_lifetime == 3600
    rotation.set(refresh_token_lifetime=86_400)


def test_race_explorer(monkeypatch: pytest.MonkeyPatch) -> None:
    race = w.race_explorer()
    assert race.current.per_100_user_days == 400.0
    assert race.controls["tabs"].continuous_update is True  # fast enough to follow a drag
    assert "<b>400</b> false logouts per 100 user-days" in race.caption.value
    race.controls["tabs"].value = 8
    assert race.current.per_100_user_days == 500.0
    assert race.current.metrics == w.race_outcome(RaceChoices(tabs=8)).metrics
    assert race.table.value == w.race_table(race.current)
    assert race.set(tabs=2, single_flight=True) is race.current
    assert race.current.choices == RaceChoices(tabs=2, single_flight=True)
    assert race.current.per_100_user_days == 0.0
    assert repr(race) == (
        "RaceExplorer(seed=7, tabs=2, race_window=0.05, grace_interval=0.0, single_flight=True)"
    )
    with pytest.raises(UnknownNameError, match=r"^control: unknown name 'nope'"):
        race.set(nope=1)
    # an exception in a callback is not swallowed: outside IPython it reaches the setter
    monkeypatch.setattr(race_module, "_cached_outcome", _broken)
    with pytest.raises(RuntimeError, match="simulation failed"):
        race.controls["tabs"].value = 3


def test_callback_exception_is_shown_in_a_kernel(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from IPython.core.interactiveshell import InteractiveShell

    race = w.race_explorer(RaceChoices(tabs=2))
    monkeypatch.setattr(race_module, "_cached_outcome", _broken)
    InteractiveShell.instance()  # what get_ipython() returns in a notebook
    try:
        race.controls["tabs"].value = 3  # no exception escapes: IPython shows it
    finally:
        InteractiveShell.clear_instance()
    shown = re.sub(r"\x1b\[[0-9;]*m", "", capsys.readouterr().out)
    assert "RuntimeError: simulation failed" in shown
    assert race.current.choices.tabs == 2  # the last good outcome stays on display


def test_theft_explorer_preset_and_mitigations() -> None:
    theft = w.theft_explorer()
    assert theft.current == w.theft_outcome(TheftChoices().resolved())
    # a drag of the theft time would rerun slow presets at every step: it updates on release
    assert theft.controls["theft_at"].continuous_update is False
    assert "theft (seed 7)" in theft.caption.value
    assert "theft (2)" in theft.legend.value
    theft.controls["preset"].value = "auth0-spa"  # the mitigations follow the preset
    assert [theft.controls[n].value for n in ("rotation", "reuse_detection", "validation")] == [
        True,
        "family",
        "local",
    ]
    world: dict[str, Any] = {"request_interval": 600.0, "attacker_interval": 3600.0, **HS}
    assert (
        theft.current.metrics
        == simtoken.run("theft", seed=7, preset="auth0-spa", theft_vector="xss", **world).metrics
    )
    theft.controls["rotation"].value = False  # reuse detection without rotation
    assert theft.error is not None and theft.error.field == "reuse_detection"
    assert "reuse_detection: invalid value &#x27;family&#x27;" in theft.message.value
    assert theft.legend.layout.display == "none"
    theft.controls["reuse_detection"].value = "none"
    assert theft.error is None
    assert theft.current.choices.rotation is False
    theft.set(sender_constraint="dpop")
    m = theft.current.metrics  # bound to the user's key: nothing usable without the page ...
    assert (m.attacker_access_s, m.attacker_api_calls) == (0.0, 0)
    # ... but the bound refresh token is honoured while the page is open (was 0.0)
    assert m.attacker_refresh_s == m.attacker_online_s == 10348.283022
    assert "attacker_online_s" in theft.table.value
    theft.set(preset="", storage="cookie_bff")  # the scenario's own policy, a BFF
    assert theft.current.choices.preset is None
    assert theft.controls["sender_constraint"].value == "none"
    assert "The theft failed: tokens stay on the backend-for-frontend" in theft.caption.value


def test_compare_explorer() -> None:
    compare = w.compare_explorer()
    assert compare.current == w.compare_outcome(CompareChoices())
    assert compare.table.value == w.comparison_table(compare.current)
    compare.controls["rows"].value = ()
    assert compare.error is not None and "rows: invalid value ()" in compare.message.value
    compare.set(rows=("naive", "naive + rotation"), access_token_lifetime=3600)
    assert [r.label for r in compare.current.comparison.rows] == ["naive", "naive + rotation"]
    assert compare.current.comparison.rows[1].result.config.policy.rotation is True
    assert "every access token lives 1 h" in compare.caption.value
    assert png(compare).startswith(b"\x89PNG")


@pytest.mark.parametrize(
    ("build", "error", "message"),
    [
        (lambda: w.race_explorer(RaceChoices(tabs=0)), ConfigError, r"^tabs: invalid value 0"),
        (
            lambda: w.rotation_explorer(RotationChoices(rotation=False)),
            ConfigError,
            r"^reuse_detection: invalid value 'family'",
        ),
        (
            lambda: w.theft_explorer(TheftChoices(preset="nope")),
            UnknownNameError,
            r"^preset: unknown name 'nope'",
        ),
        (
            lambda: w.compare_explorer(CompareChoices(rows=("naive", "nope"))),
            UnknownNameError,
            r"^rows: unknown name 'nope'",
        ),
    ],
)
def test_building_with_impossible_choices_raises(
    build: Any, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        build()


# -- drawing: one kept figure, the legend as HTML -------------------------------------------


def test_redrawing_the_kept_figure_equals_a_fresh_one() -> None:
    theft = w.theft_outcome(TheftChoices()).result
    race = w.race_outcome(RaceChoices()).result
    kept = Canvas()
    kept.draw_timeline(race)
    kept.draw_timeline(theft)
    fresh = Canvas()
    assert fresh.draw_timeline(theft) == kept.draw_timeline(theft)
    assert fresh.png() == kept.png()


def test_text_cache_paints_what_agg_paints() -> None:
    canvas = Canvas()
    title, _ = canvas.draw_timeline(w.race_outcome(RaceChoices()).result)
    first = canvas.png()
    assert canvas.texts.hits == 0 and canvas.texts.misses > 10  # tick labels, lane names ...
    assert canvas.png() == first  # the second time every text is pasted
    assert canvas.texts.hits == canvas.texts.misses
    cached = np.asarray(canvas.figure.canvas.buffer_rgba()).copy()  # type: ignore[attr-defined]
    plain: Any = FigureCanvasAgg(canvas.figure)  # matplotlib's Agg canvas is untyped
    plain.draw()
    direct = np.asarray(plain.buffer_rgba())
    assert np.abs(cached.astype(int) - direct.astype(int)).max() <= 1  # rounding, at most
    assert "concurrent-tabs (seed 7)" in title


def test_clipped_text_is_drawn_uncached() -> None:
    fig = Figure()
    canvas: Any = CachingCanvas(fig)
    ax = fig.add_subplot()
    ax.set_xticks([])
    ax.set_yticks([])
    ax.text(0.5, 0.5, "clipped", clip_on=True)
    canvas.draw()
    assert (canvas.cache.hits, canvas.cache.misses) == (0, 0)
    ax.text(0.2, 0.2, "free", clip_on=False)
    canvas.draw()
    canvas.draw()
    assert (canvas.cache.hits, canvas.cache.misses) == (1, 1)


def test_legend_html_draws_each_entry() -> None:
    fig = Figure()
    ax = fig.add_subplot()
    ax.fill_between([0, 1], [0, 1], color="#0072B2", label="bar")
    ax.scatter([0], [1], marker="s", s=36, color="#D55E00", label="mark")
    ax.plot([0, 1], [0, 1], "k--o", label="line")
    assert legend_html(ax) is None  # no legend yet
    ax.legend()
    html = legend_html(ax)
    assert html is not None and html.count("<svg") == 3
    assert 'fill="#0072b2"' in html and 'fill="#d55e00"' in html and "> line</span>" in html
    ax.errorbar([0], [1], yerr=[0.1], label="error bar")  # several artists: stays in the picture
    ax.legend()
    assert legend_html(ax) is None
    ax.legend([Circle((0, 0))], ["not the axes' own entries"])
    assert legend_html(ax) is None
    square = Path([(-0.5, -0.5), (0.5, -0.5), (0.5, 0.5), (0, 0)], closed=True)
    assert svg_path(square, 2.0) == "M-1.00 1.00L1.00 1.00L1.00 -1.00Z"


def test_png_is_the_figure() -> None:
    canvas = Canvas()
    canvas.draw_timeline(w.rotation_outcome(RotationChoices()).result)
    data = canvas.png()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (720, round(72 * canvas.figure.get_size_inches()[1]))


def test_clear_caches_forgets_runs() -> None:
    w.race_outcome(RaceChoices(tabs=3))  # uncached: the pure function itself
    race = w.race_explorer(RaceChoices(tabs=3))
    race.set(tabs=2)
    race.set(tabs=3)
    assert race_module._cached_outcome.cache_info().hits >= 1
    w.clear_caches()
    assert race_module._cached_outcome.cache_info().currsize == 0


# -- the base: an explorer is a control spec, an outcome and a drawing ------------------------


@dataclasses.dataclass(frozen=True)
class _Toy:
    """A toy explorer's choices: a count, a mode (None: the default) and a fixed world."""

    n: int = 2
    mode: str | None = None
    world: str = "fixed"


class _ToyExplorer(Explorer[_Toy, str]):
    """The least an explorer says: its spec, how to run its choices, what to show."""

    SPEC: ClassVar[Mapping[str, Control]] = {
        "n": Count("n", 0, 3),
        "mode": Choice("mode", (("default", ""), ("fast", "fast")), none=""),
    }

    def outcome(self, choices: _Toy) -> str:
        if choices.n == 0:
            raise ConfigError("n", 0, "1 or more")
        return f"{choices.n}/{choices.mode}/{choices.world}"

    def draw(self, outcome: str) -> Picture:
        return Picture(f"<b>{outcome}</b>", "<table></table>", b"\x89PNG", "key")


def test_the_base_builds_runs_and_shows_an_explorer_from_its_hooks() -> None:
    toy = _ToyExplorer(_Toy(n=5, mode="slow"), seed=3)
    n, mode = toy.controls["n"], toy.controls["mode"]
    assert (type(n).__name__, n.min, n.max, n.value) == ("IntSlider", 0, 5, 5)  # stretched
    assert [*mode.options] == [("default", ""), ("fast", "fast"), ("slow", "slow")]  # added
    assert mode.value == "slow"
    assert (toy.current, toy.caption.value, toy.legend.value) == (
        "5/slow/fixed",
        "<b>5/slow/fixed</b>",
        "key",
    )
    assert bytes(toy.chart.value) == b"\x89PNG"
    mode.value = ""  # the spec reads the blank option as None
    assert toy.current == "5/None/fixed"
    assert toy.set(n=0) is None and toy.error is not None and toy.error.field == "n"
    assert "This combination cannot run." in toy.message.value
    assert toy.chart.layout.display == "none" and toy.current == "5/None/fixed"
    assert toy.set(n=1) == "1/None/fixed" and toy.message.value == ""
    assert repr(toy) == "_ToyExplorer(seed=3, n=1, mode='')"
    with pytest.raises(ConfigError, match=r"^n: invalid value 0"):  # building raises
        _ToyExplorer(_Toy(n=0), seed=3)


@pytest.mark.parametrize(
    ("explorer", "choices"),
    [
        (w.RotationExplorer, RotationChoices),
        (w.RaceExplorer, RaceChoices),
        (w.TheftExplorer, TheftChoices),
        (w.CompareExplorer, CompareChoices),
    ],
)
def test_each_explorer_declares_its_controls(explorer: Any, choices: Any) -> None:
    fields = [f.name for f in dataclasses.fields(choices)]
    assert explorer.SPEC and all(name in fields for name in explorer.SPEC)
    assert all(isinstance(control, Control) for control in explorer.SPEC.values())


def test_rotation_has_no_second_control_list(rotation: w.RotationExplorer) -> None:
    assert not hasattr(rotation_module, "_CONTROLS")  # was a dead copy of the spec's names
    assert list(rotation.controls) == list(w.RotationExplorer.SPEC)


def test_widgets_configure_runs_through_the_runner() -> None:
    import simtoken.widgets._base as base_module
    import simtoken.widgets.theft as theft_module

    for module in (base_module, theft_module, rotation_module, race_module, lifetime_module):
        assert "resolve_config" not in vars(module), module.__name__
    assert vars(theft_module)["configure"] is simtoken.runner.configure
    config = simtoken.runner.configure("theft", "naive", {"theft_at": 7200.0})
    result = w.simulate("theft", 7, "naive", {"theft_at": 7200.0})
    assert result.config == config
    assert (
        result.to_dict() == simtoken.run("theft", seed=7, preset="naive", theft_at=7200.0).to_dict()
    )


def test_public_names_are_kept() -> None:
    assert w.__all__ == [
        "COMPARED_MODES",
        "COMPARE_ROWS",
        "DAY",
        "DEFAULT_LIFETIMES",
        "RACE_SCENARIO",
        "ROTATION_SCENARIO",
        "THEFT_SCENARIOS",
        "CompareChoices",
        "CompareExplorer",
        "CompareOutcome",
        "Explorer",
        "LifetimeExplorer",
        "LifetimeMetrics",
        "Prediction",
        "QuestionWidget",
        "RaceChoices",
        "RaceExplorer",
        "RaceOutcome",
        "RotationChoices",
        "RotationExplorer",
        "RotationOutcome",
        "ScenarioExplorer",
        "ScenarioRun",
        "TheftChoices",
        "TheftExplorer",
        "TheftOutcome",
        "cache_info",
        "clear_caches",
        "compare_explorer",
        "compare_outcome",
        "comparison_table",
        "draw_comparison",
        "lifetime_explorer",
        "lifetime_metrics",
        "lifetime_sweep",
        "metrics_table",
        "predict",
        "quiz",
        "race_explorer",
        "race_outcome",
        "race_table",
        "rotation_explorer",
        "rotation_outcome",
        "rotation_table",
        "run_metrics",
        "scenario_explorer",
        "scenario_outcome",
        "simulate",
        "theft_explorer",
        "theft_outcome",
        "theft_table",
    ]
    assert all(hasattr(w, name) for name in w.__all__)
