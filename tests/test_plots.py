"""The timeline and the sweep plot: lanes, bars and marks counted against the trace."""

from __future__ import annotations

import dataclasses
from collections import Counter
from pathlib import Path

import matplotlib
import numpy as np
import numpy.typing as npt
import pytest
from matplotlib.axes import Axes
from matplotlib.collections import Collection
from matplotlib.figure import Figure

import simtoken
from simtoken import (
    Accepted,
    ConfigError,
    Login,
    Lost,
    Metrics,
    Rejected,
    Request,
    Result,
    Trace,
)
from simtoken.config import RunConfig
from simtoken.plots import format_duration, lanes, plot_lifetime_sweep, time_unit, timeline
from simtoken.world import World

matplotlib.use("Agg")  # headless; the plots never touch pyplot anyway


def axes_of(fig: Figure) -> Axes:
    (ax,) = fig.axes
    return ax


def collection(ax: Axes, gid: str) -> Collection | None:
    found = [c for c in ax.collections if c.get_gid() == gid]
    assert len(found) <= 1
    return found[0] if found else None


def floats(data: object) -> npt.NDArray[np.float64]:
    return np.asarray(data, dtype=float)


def bar_vertices(ax: Axes, token_type: str) -> list[npt.NDArray[np.float64]]:
    bars = collection(ax, f"tokens:{token_type}")
    return [] if bars is None else [floats(p.vertices) for p in bars.get_paths()]


def n_bars(ax: Axes, token_type: str) -> int:
    bars = collection(ax, f"tokens:{token_type}")
    return 0 if bars is None else len(bars.get_paths())


def points(ax: Axes, gid: str) -> list[tuple[float, float]]:
    marks = collection(ax, gid)
    return [] if marks is None else [(float(x), float(y)) for x, y in floats(marks.get_offsets())]


def lane_labels(ax: Axes) -> list[str]:
    return [t.get_text() for t in ax.get_yticklabels()]


@pytest.fixture(scope="module")
def refresh_ax(refresh7: Result) -> Axes:
    return axes_of(timeline(refresh7))


def test_one_lane_per_actor(refresh_ax: Axes, sso7: Result) -> None:
    assert lane_labels(refresh_ax) == ["client-1", "auth-server", "api.example"]
    assert list(refresh_ax.get_yticks()) == [0, 1, 2]
    sso_lanes = ["client-1", "auth-server", "mail.example", "calendar.example"]
    assert lanes(sso7) == tuple(sso_lanes)
    assert lane_labels(axes_of(timeline(sso7))) == sso_lanes


def test_a_bar_per_token_in_the_holders_lane(refresh_ax: Axes, refresh7: Result) -> None:
    assert n_bars(refresh_ax, "access") == len(refresh7.issued("access")) == 121
    assert n_bars(refresh_ax, "refresh") == len(refresh7.issued("refresh")) == 2
    for token_type in ("access", "refresh"):
        vertices = bar_vertices(refresh_ax, token_type)
        for corners, issued in zip(vertices, refresh7.issued(token_type), strict=True):
            xs, ys = corners[:, 0], corners[:, 1]
            assert xs.min() == issued.t
            assert xs.max() == min(issued.expires, refresh7.config.horizon)
            assert -0.5 < ys.min() < ys.max() < 0.5  # inside lane 0, client-1's
    access = collection(refresh_ax, "tokens:access")
    refresh = collection(refresh_ax, "tokens:refresh")
    assert access is not None and refresh is not None
    assert access.get_label() == "access token (121)"
    access_colours = {tuple(c) for c in floats(access.get_facecolor())}
    assert access_colours.isdisjoint(tuple(c) for c in floats(refresh.get_facecolor()))


def test_marks_per_outcome_match_the_trace(refresh_ax: Axes, refresh7: Result) -> None:
    trace = refresh7.trace
    row = {"client-1": 0, "auth-server": 1, "api.example": 2}
    accepted = [e for e in trace if isinstance(e, Accepted)]
    rejected = [e for e in trace if isinstance(e, Rejected)]
    logins = [e for e in trace if isinstance(e, Login)]
    assert len(points(refresh_ax, "accepted")) == len(accepted) == 819
    assert len(points(refresh_ax, "rejected:expired")) == len(rejected) == 121
    assert len(points(refresh_ax, "login")) == len(logins) == 2
    assert points(refresh_ax, "lost") == []
    # each mark sits at its event's time, in the receiving server's lane
    assert sorted((x, round(y)) for x, y in points(refresh_ax, "rejected:expired")) == sorted(
        (e.t, row[e.actor]) for e in rejected
    )
    assert Counter(round(y) for _, y in points(refresh_ax, "accepted")) == Counter(
        row[e.actor] for e in accepted
    )
    assert [x for x, _ in points(refresh_ax, "login")] == [e.t for e in logins]
    labels = refresh_ax.get_legend_handles_labels()[1]
    assert "rejected: expired (121)" in labels and "interactive login (2)" in labels


def test_lost_requests_are_marked_in_the_receivers_lane() -> None:
    result = simtoken.run("refresh", seed=7, loss=0.1, horizon=3600)
    targets = {e.request_id: e.target for e in result.trace if isinstance(e, Request)}
    lost = [e for e in result.trace if isinstance(e, Lost)]
    assert lost
    ax = axes_of(timeline(result))
    row = {name: i for i, name in enumerate(lanes(result))}
    assert "network" not in row
    assert sorted((x, round(y)) for x, y in points(ax, "lost")) == sorted(
        (e.t, row[targets[e.request_id]]) for e in lost
    )


def test_other_actors_get_their_own_lane() -> None:
    world = World(RunConfig(horizon=600.0), seed=7, scenario="custom")
    world.present("not.a.jwt", at=100.0, to="api.example", actor="presenter")
    result = world.run()
    ax = axes_of(timeline(result))
    assert lane_labels(ax) == ["client-1", "auth-server", "api.example", "presenter"]
    assert points(ax, "sent") == [(100.0, 3.0)]
    assert points(ax, "rejected:malformed") == [(100.05, 2 - 0.22)]


def test_answers_after_the_horizon_are_drawn(refresh7: Result) -> None:
    # requests in flight at the horizon are carried to their outcome, a moment after it
    h = refresh7.config.horizon
    token = refresh7.issued("access")[-1]
    late = (
        dataclasses.replace(token, t=h + 0.05, expires=h + 300.05),
        Accepted(h + 0.1, "api.example", 10**6, token.token),
    )
    result = dataclasses.replace(refresh7, trace=Trace(refresh7.trace.events + late))
    ax = axes_of(timeline(result))
    assert ax.get_xlim() == (0, h + 0.1)
    assert n_bars(ax, "access") == 122
    assert sorted(set(bar_vertices(ax, "access")[-1][:, 0].tolist())) == [h + 0.05, h + 0.1]
    assert points(ax, "accepted")[-1] == (h + 0.1, 2 + 0.22)


def test_window_clips_bars_and_marks(refresh7: Result) -> None:
    ax = axes_of(timeline(refresh7, start=600, end=3600))
    assert ax.get_xlim() == (600, 3600)
    inside = [e for e in refresh7.issued("access") if e.t < 3600 and e.expires > 600]
    assert n_bars(ax, "access") == len(inside)
    assert all(600 <= x <= 3600 for v in bar_vertices(ax, "access") for x in v[:, 0])
    accepted = [e for e in refresh7.trace if isinstance(e, Accepted) and 600 <= e.t <= 3600]
    assert len(points(ax, "accepted")) == len(accepted)


def test_png_is_written(refresh7: Result, tmp_path: Path) -> None:
    target = tmp_path / "timeline.png"
    timeline(refresh7).savefig(target, dpi=60)
    data = target.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 10_000


def test_time_unit_follows_the_span(refresh7: Result, expiry7: Result) -> None:
    assert [time_unit(s).symbol for s in (90, 180, 181, 3 * 3600, 3 * 86400, 3 * 86400 + 1)] == [
        "s",
        "s",
        "min",
        "min",
        "h",
        "d",
    ]
    short = axes_of(timeline(refresh7, end=120))
    assert short.get_xlabel() == "simulated time (seconds)"
    assert [t.get_text() for t in short.get_xticklabels()] == [str(s) for s in range(0, 121, 20)]
    mid = axes_of(timeline(expiry7))
    assert mid.get_xlabel() == "simulated time (minutes)"
    assert list(mid.get_xticks()) == [m * 60.0 for m in range(0, 181, 20)]
    long = axes_of(timeline(refresh7, start=0, end=10 * 86400))
    assert long.get_xlabel() == "simulated time (days)"
    assert [t.get_text() for t in long.get_xticklabels()] == [str(d) for d in range(0, 11)]


def test_two_day_axis_in_hours_and_title(refresh_ax: Axes) -> None:
    assert refresh_ax.get_xlabel() == "simulated time (hours)"
    assert list(refresh_ax.get_xticks()) == [h * 3600.0 for h in range(0, 49, 6)]
    assert refresh_ax.get_title() == (
        "refresh (seed 7): access token 5 min, refresh token 24 h, refresh=reactive, RS256"
    )


def test_draws_into_given_axes(expiry7: Result) -> None:
    fig = Figure()
    ax = fig.add_subplot()
    assert timeline(expiry7, ax=ax) is fig
    assert n_bars(ax, "access") == len(expiry7.issued("access"))


@pytest.mark.parametrize(("start", "end", "field"), [(-1, None, "start"), (100, 100, "end")])
def test_bad_window(refresh7: Result, start: float, end: float | None, field: str) -> None:
    with pytest.raises(ConfigError, match=f"^{field}: invalid value"):
        timeline(refresh7, start=start, end=end)


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "0 s"), (45, "45 s"), (90, "90 s"), (300, "5 min"), (5400, "90 min"), (3600, "1 h"),
     (86400, "24 h"), (172800, "2 d"), (2.5, "2.5 s")],
)  # fmt: skip
def test_format_duration(seconds: float, text: str) -> None:
    assert format_duration(seconds) == text


def metrics(logins: int, load: float) -> Metrics:
    return Metrics(logins, 1.0, load, api_calls=10, refreshes=0)


def test_lifetime_sweep_plot() -> None:
    runs = {
        "none": [metrics(40, 2.0), metrics(4, 0.5)],
        "reactive": [metrics(1, 2.0), metrics(1, 0.5)],
    }
    fig = plot_lifetime_sweep([300, 3600], runs, current=3600, title="t")
    logins_ax, load_ax = fig.axes
    lines = {line.get_gid(): line for ax in fig.axes for line in ax.get_lines()}
    assert floats(lines["victim_logins:none"].get_ydata()).tolist() == [40, 4]
    assert floats(lines["as_load_per_h:reactive"].get_ydata()).tolist() == [2.0, 0.5]
    assert floats(lines["victim_logins:none:current"].get_xydata()).tolist() == [[3600, 4]]
    assert [t.get_text() for t in logins_ax.get_xticklabels()] == ["5 min", "1 h"]
    assert load_ax.get_xscale() == "log"
    with pytest.raises(ValueError, match="has 1 runs for 2 lifetimes"):
        plot_lifetime_sweep([300, 3600], {"none": [metrics(1, 1.0)]})
