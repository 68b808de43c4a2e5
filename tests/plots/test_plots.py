"""The plots: timeline lanes, bars and marks, comparisons and sweeps, checked against the data."""

from __future__ import annotations

import dataclasses
import importlib.util
import statistics
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import matplotlib
import numpy as np
import numpy.typing as npt
import pytest
from matplotlib.axes import Axes
from matplotlib.collections import Collection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

import simtoken
from simtoken import (
    Accepted,
    ConfigError,
    Login,
    Lost,
    Metrics,
    Rejected,
    Request,
    ResponseLost,
    Result,
    Revoked,
    Stolen,
    Trace,
    UnknownNameError,
)
from simtoken.analysis.compare import Comparison
from simtoken.config.run import RunConfig
from simtoken.plots import (
    HOLDER_COLOURS,
    format_duration,
    lanes,
    plot_comparison,
    plot_heatmap,
    plot_lifetime_sweep,
    plot_sweep,
    plot_tradeoff,
    time_unit,
    timeline,
    token_spans,
)
from simtoken.world import World

matplotlib.use("Agg")  # headless; the plots never touch pyplot anyway

ROOT = Path(__file__).resolve().parents[2]
MARK_ROW = 0.34  # where a holder's own marks sit in its lane


def axes_of(fig: Figure) -> Axes:
    (ax,) = fig.axes
    return ax


def collection(ax: Axes, gid: str) -> Collection | None:
    found = [c for c in ax.collections if c.get_gid() == gid]
    assert len(found) <= 1
    return found[0] if found else None


def floats(data: object) -> npt.NDArray[np.float64]:
    return np.asarray(data, dtype=float)


def bar_vertices(ax: Axes, gid: str) -> list[npt.NDArray[np.float64]]:
    bars = collection(ax, gid)
    return [] if bars is None else [floats(p.vertices) for p in bars.get_paths()]


def bar_spans(ax: Axes, gid: str) -> list[tuple[float, float]]:
    """(x, x + width) of each bar in a collection."""
    return [(v[:, 0].min(), v[:, 0].max()) for v in bar_vertices(ax, gid)]


def n_bars(ax: Axes, gid: str) -> int:
    return len(bar_vertices(ax, gid))


def points(ax: Axes, gid: str) -> list[tuple[float, float]]:
    marks = collection(ax, gid)
    return [] if marks is None else [(float(x), float(y)) for x, y in floats(marks.get_offsets())]


def lane_labels(ax: Axes) -> list[str]:
    return [t.get_text() for t in ax.get_yticklabels()]


def legend_labels(ax: Axes) -> list[str]:
    legend = ax.get_legend()
    assert legend is not None
    return [t.get_text() for t in legend.get_texts()]


def face_hexes(ax: Axes, gid: str) -> set[str]:
    bars = collection(ax, gid)
    assert bars is not None
    return {matplotlib.colors.to_hex(tuple(c)).upper() for c in floats(bars.get_facecolor())}


@pytest.fixture(scope="module")
def refresh_ax(refresh7: Result) -> Axes:
    return axes_of(timeline(refresh7))


@pytest.fixture(scope="module")
def theft() -> Result:
    """F2 in half an hour: a theft at 10 min, the attacker refreshes, the victim trips detection."""
    return simtoken.run(
        "theft-f2", seed=7, horizon=1800, theft_at=600.0, attacker_strategy="immediate"
    )


@pytest.fixture(scope="module")
def theft_ax(theft: Result) -> Axes:
    return axes_of(timeline(theft))


# --- timeline: lanes, bars, marks ----------------------------------------------------------


def test_one_lane_per_actor(refresh_ax: Axes, sso7: Result, theft_ax: Axes) -> None:
    assert lane_labels(refresh_ax) == ["client-1", "auth-server", "api.example"]
    assert list(refresh_ax.get_yticks()) == [0, 1, 2]
    sso_lanes = ["client-1", "auth-server", "mail.example", "calendar.example"]
    assert lanes(sso7) == tuple(sso_lanes)
    assert lane_labels(axes_of(timeline(sso7))) == sso_lanes
    # token holders above the servers: the attacker right under its victim
    assert lane_labels(theft_ax) == ["client-1", "attacker", "auth-server", "api.example"]


def test_every_tab_gets_a_lane() -> None:
    result = simtoken.run("concurrent-tabs", seed=7, horizon=1800, tabs=3)
    assert lanes(result) == (
        "client-1.tab-1",
        "client-1.tab-2",
        "client-1.tab-3",
        "auth-server",
        "api.example",
    )


def test_a_bar_per_token_in_the_holders_lane(refresh_ax: Axes, refresh7: Result) -> None:
    assert n_bars(refresh_ax, "tokens:access:victim") == len(refresh7.issued("access")) == 121
    assert n_bars(refresh_ax, "tokens:refresh:victim") == len(refresh7.issued("refresh")) == 2
    for token_type in ("access", "refresh"):
        vertices = bar_vertices(refresh_ax, f"tokens:{token_type}:victim")
        for corners, issued in zip(vertices, refresh7.issued(token_type), strict=True):
            xs, ys = corners[:, 0], corners[:, 1]
            assert xs.min() == issued.t
            assert xs.max() == min(issued.expires, refresh7.config.horizon)
            assert -0.5 < ys.min() < ys.max() < 0.5  # inside lane 0, client-1's
    access = collection(refresh_ax, "tokens:access:victim")
    assert access is not None and access.get_label() == "access token: user (121)"
    # refresh tokens deep blue, access tokens light blue: never the same colour
    assert face_hexes(refresh_ax, "tokens:refresh:victim") <= set(
        HOLDER_COLOURS["victim"]["refresh"]
    )
    assert face_hexes(refresh_ax, "tokens:access:victim") <= set(HOLDER_COLOURS["victim"]["access"])
    assert set(HOLDER_COLOURS["victim"]["refresh"]).isdisjoint(HOLDER_COLOURS["victim"]["access"])
    for holder in ("attacker", "both"):
        assert collection(refresh_ax, f"tokens:access:{holder}") is None


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
    labels = legend_labels(refresh_ax)
    assert "rejected: expired (121)" in labels and "interactive login (2)" in labels


def test_lost_requests_and_answers_are_marked() -> None:
    result = simtoken.run("refresh", seed=7, loss=0.1, response_loss=0.2, horizon=3600)
    senders = {e.request_id: e.actor for e in result.trace if isinstance(e, Request)}
    targets = {e.request_id: e.target for e in result.trace if isinstance(e, Request)}
    lost = [e for e in result.trace if isinstance(e, Lost)]
    answers = [e for e in result.trace if isinstance(e, ResponseLost)]
    assert lost and answers
    ax = axes_of(timeline(result))
    row = {name: i for i, name in enumerate(lanes(result))}
    assert "network" not in row
    assert sorted((x, round(y)) for x, y in points(ax, "lost")) == sorted(
        (e.t, row[targets[e.request_id]]) for e in lost
    )
    assert sorted(points(ax, "answer-lost")) == sorted(
        (e.t, row[senders[e.request_id]] + MARK_ROW) for e in answers
    )


def test_other_actors_get_their_own_lane() -> None:
    world = World(RunConfig(horizon=600.0), seed=7, scenario="custom")
    world.present("not.a.jwt", at=100.0, to="api.example", actor="presenter")
    result = world.run()
    ax = axes_of(timeline(result))
    assert lane_labels(ax) == ["client-1", "presenter", "auth-server", "api.example"]
    assert points(ax, "sent") == [(100.0, 1 + MARK_ROW)]
    assert points(ax, "rejected:malformed") == [(100.05, 3.0)]
    assert "request by a non-client (1)" in legend_labels(ax)


def test_answers_after_the_horizon_are_drawn(refresh7: Result) -> None:
    # requests in flight at the horizon are carried to their outcome, a moment after it
    h = refresh7.config.horizon
    token = refresh7.issued("access")[-1]
    late = (
        dataclasses.replace(token, t=h + 0.05, expires=h + 300.05),
        Accepted(t=h + 0.1, actor="api.example", request_id=10**6, token=token.token),
    )
    result = dataclasses.replace(refresh7, trace=Trace(refresh7.trace.events + late))
    ax = axes_of(timeline(result))
    assert ax.get_xlim() == (0, h + 0.1)
    assert n_bars(ax, "tokens:access:victim") == 122
    assert bar_spans(ax, "tokens:access:victim")[-1] == (h + 0.05, h + 0.1)
    assert points(ax, "accepted")[-1] == (h + 0.1, 2 - 0.25)
    shade = collection(ax, "background")
    assert shade is not None
    assert bar_spans(ax, "background")[-1] == (h, h + 0.1)  # after the horizon: grey


def test_window_clips_bars_and_marks(refresh7: Result) -> None:
    ax = axes_of(timeline(refresh7, start=600, end=3600))
    assert ax.get_xlim() == (600, 3600)
    inside = [e for e in refresh7.issued("access") if e.t < 3600 and e.expires > 600]
    assert n_bars(ax, "tokens:access:victim") == len(inside)
    assert all(600 <= x <= 3600 for v in bar_vertices(ax, "tokens:access:victim") for x in v[:, 0])
    accepted = [e for e in refresh7.trace if isinstance(e, Accepted) and 600 <= e.t <= 3600]
    assert len(points(ax, "accepted")) == len(accepted)


# --- timeline: who holds what, rotation, revocation, theft ----------------------------------


def test_bars_are_coloured_by_who_holds_the_token(theft: Result, theft_ax: Axes) -> None:
    (theft_at,) = {e.t for e in theft.trace if isinstance(e, Stolen)}
    stolen = {e.token for e in theft.trace if isinstance(e, Stolen)}
    colours = {
        c
        for gid in ("access", "refresh")
        for h in ("victim", "attacker", "both")
        if collection(theft_ax, f"tokens:{gid}:{h}") is not None
        for c in face_hexes(theft_ax, f"tokens:{gid}:{h}")
    }
    for holder in ("victim", "attacker", "both"):
        assert colours & set(HOLDER_COLOURS[holder]["refresh"] + HOLDER_COLOURS[holder]["access"])
    # the stolen copies: the victim's until the theft, both parties' from then on
    both = bar_spans(theft_ax, "tokens:access:both") + bar_spans(theft_ax, "tokens:refresh:both")
    assert both and all(start == theft_at for start, _ in both)
    assert len(both) == len(stolen)
    assert (514.18, theft_at) in [
        (round(a, 2), b) for a, b in bar_spans(theft_ax, "tokens:access:victim")
    ]
    # the attacker's own tokens sit in the attacker's lane, in vermillion
    for corners in bar_vertices(theft_ax, "tokens:refresh:attacker"):
        assert 0.5 < corners[:, 1].min() < corners[:, 1].max() < 1.5
    assert face_hexes(theft_ax, "tokens:refresh:attacker") <= set(
        HOLDER_COLOURS["attacker"]["refresh"]
    )
    assert {s.holder for s in token_spans(theft)} == {"victim", "attacker", "both"}


def test_refresh_bar_of_a_revoked_family_ends_at_the_revocation(
    theft: Result, theft_ax: Axes
) -> None:
    (revoked,) = [e for e in theft.trace if isinstance(e, Revoked)]
    assert revoked.reason == "reuse_detected"
    family = [e for e in theft.issued("refresh") if e.session == revoked.session]
    attackers = [e for e in family if e.holder == "attacker"]
    assert attackers  # the attacker's refresh token of the victim's family ...
    ((start, end),) = bar_spans(theft_ax, "tokens:refresh:attacker")
    assert (start, end) == (attackers[-1].t, revoked.t)  # ... dies with the family
    # the victim kept the copy the attacker rotated away, until presenting it tripped detection
    ((kept_from, kept_to),) = bar_spans(theft_ax, "tokens:refresh:kept")
    assert kept_from == attackers[0].t and kept_to == revoked.t
    assert points(theft_ax, "reuse") == [(revoked.t, 0 + MARK_ROW)]
    assert points(theft_ax, "revoked:reuse_detected") == [(revoked.t, 2 + 0.25)]
    # with local validation the attacker's access token outlives the revocation until exp
    (own,) = [e for e in theft.issued("access") if e.holder == "attacker"]
    assert bar_spans(theft_ax, "tokens:access:attacker") == [(own.t, own.expires)]
    assert own.expires > revoked.t


def test_rotation_ends_each_refresh_bar_at_its_successor(theft: Result) -> None:
    spans = [s for s in token_spans(theft) if s.token_type == "refresh" and s.ends == "rotated"]
    issued = {e.t for e in theft.issued("refresh")}
    assert len(spans) == 3
    assert all(s.end in issued for s in spans)  # a rotation is the successor's issue


def test_denylist_cuts_access_bars_at_the_revocation() -> None:
    local = simtoken.run("theft-f4", seed=7, horizon=7200)
    denylist = simtoken.run("theft-f4", seed=7, horizon=7200, validation="denylist")
    (logout,) = [e.t for e in denylist.trace if isinstance(e, Revoked)]
    ends = {
        r.config.policy.validation: max(s.end for s in token_spans(r) if s.holder == "both")
        for r in (local, denylist)
    }
    assert ends["denylist"] == logout < ends["local"]
    ax = axes_of(timeline(denylist))
    assert max(end for _, end in bar_spans(ax, "tokens:access:both")) == logout
    assert "logout (1)" in legend_labels(ax)


def test_idle_lifetime_ends_a_refresh_bar() -> None:
    idle = 1200
    result = simtoken.run(
        "refresh",
        seed=7,
        horizon=4 * 3600,
        refresh_token_idle_lifetime=idle,
        idle_period=3600.0,
        active_period=1800.0,
    )
    refused = [e for e in result.trace if isinstance(e, Rejected) and e.reason == "idle_expired"]
    spans = {s.issued.token: s for s in token_spans(result) if s.token_type == "refresh"}
    assert len(refused) == 2
    for e in refused:  # the refused token's bar ended an idle lifetime after the family's last use
        span = spans[str(e.token)]
        assert span.ends == "idle" and span.end <= e.t
        uses = [x.t for x in result.trace if isinstance(x, Accepted) and x.token in spans]
        last_use = max([span.start, *(t for t in uses if t <= span.end)])
        assert span.end == pytest.approx(last_use + idle)


def test_a_dpop_bound_theft_leaves_the_tokens_to_the_victim() -> None:
    result = simtoken.run(
        "theft-f2", seed=7, horizon=1800, theft_at=600.0, sender_constraint="dpop"
    )
    # bound to the victim's key: even what the script got through the page is no use on its own
    m = result.metrics
    assert m.attacker_access_s == 0
    # ... but through the open page it made 7 API calls and 2 refreshes (was refresh_s 0.0)
    assert (m.attacker_online_s, m.attacker_online_calls, m.attacker_api_calls) == (481.0, 9, 7)
    assert m.attacker_refresh_s == 215.5236
    assert {s.holder for s in token_spans(result)} == {"victim"}
    assert {s.lane for s in token_spans(result)} == {"client-1", "attacker"}
    assert points(axes_of(timeline(result)), "stolen")  # the theft is still marked


def test_legend_lists_only_what_appears(refresh_ax: Axes, theft_ax: Axes) -> None:
    theft_labels = legend_labels(theft_ax)
    for expected in (
        "theft (2)",
        "reuse detected (1)",
        "family revoked: reuse detected (1)",
        "refresh token: both (stolen copy) (1)",
        "attacker's request (11)",
        "rejected: reused (1)",
        "refresh token kept, no longer honoured (1)",
    ):
        assert expected in theft_labels
    plain = " ".join(legend_labels(refresh_ax))
    for absent in ("theft", "reuse", "revoked", "attacker", "both", "lost", "kept"):
        assert absent not in plain


def test_png_is_written(refresh7: Result, tmp_path: Path) -> None:
    target = tmp_path / "timeline.png"
    timeline(refresh7).savefig(target, dpi=60)
    data = target.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 10_000


def ticks(ax: Axes) -> list[str]:
    return [t.get_text() for t in ax.get_xticklabels()]


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
    assert ticks(short) == [str(s) for s in range(0, 121, 20)]
    mid = axes_of(timeline(expiry7))
    assert mid.get_xlabel() == "simulated time (minutes)"
    assert list(mid.get_xticks()) == [m * 60.0 for m in range(0, 181, 20)]
    six = axes_of(timeline(refresh7, end=6 * 3600))
    assert ticks(six) == [str(h) for h in range(7)]  # whole hours, not 0.6 h steps
    long = axes_of(timeline(refresh7, start=0, end=10 * 86400))
    assert long.get_xlabel() == "simulated time (days)"
    assert ticks(long) == [str(d) for d in range(0, 11)]


def test_two_day_axis_in_hours_and_title(refresh_ax: Axes, theft_ax: Axes) -> None:
    assert refresh_ax.get_xlabel() == "simulated time (hours)"
    assert list(refresh_ax.get_xticks()) == [h * 3600.0 for h in range(0, 49, 6)]
    assert refresh_ax.get_title() == (
        "refresh (seed 7): access token 5 min, refresh token 24 h, refresh=reactive, RS256"
    )
    assert theft_ax.get_title().splitlines() == [
        "theft-f2 (seed 7): access token 5 min, refresh token 24 h, refresh=reactive, rotation, "
        "reuse detection (family), RS256",
        "theft: xss at 10 min, attacker immediate, storage web_storage",
    ]


def test_draws_into_given_axes(expiry7: Result) -> None:
    fig = Figure()
    ax = fig.add_subplot()
    assert timeline(expiry7, ax=ax) is fig
    assert n_bars(ax, "tokens:access:victim") == len(expiry7.issued("access"))


@pytest.mark.parametrize(("start", "end", "field"), [(-1, None, "start"), (100, 100, "end")])
def test_bad_window(refresh7: Result, start: float, end: float | None, field: str) -> None:
    with pytest.raises(ConfigError, match=f"^{field}: invalid value"):
        timeline(refresh7, start=start, end=end)


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "0 s"),
        (45, "45 s"),
        (90, "90 s"),
        (300, "5 min"),
        (5400, "90 min"),
        (3600, "1 h"),
        (86400, "24 h"),
        (172800, "2 d"),
        (2.5, "2.5 s"),
    ],
)
def test_format_duration(seconds: float, text: str) -> None:
    assert format_duration(seconds) == text


# --- comparison ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def comparison() -> Comparison:
    return simtoken.compare(
        "theft-f2",
        ["naive", "auth0-spa", "rfc9700-bcp"],
        seed=7,
        settings={"access_token_lifetime": 300, "horizon": 8 * 3600},
    )


def bars_by_gid(fig: Figure) -> dict[str, Rectangle]:
    return {
        str(p.get_gid()): p
        for ax in fig.axes
        for p in ax.patches
        if isinstance(p, Rectangle) and p.get_gid()
    }


def test_comparison_bars_are_the_metric_values(comparison: Comparison) -> None:
    fig = plot_comparison(comparison)
    metrics = (
        "attacker_access_s",
        "attacker_online_s",
        "attacker_online_calls",
        "victim_logins",
        "detection_latency_s",
        "false_logouts",
    )
    panels = [ax for ax in fig.axes if ax.get_visible()]
    assert [ax.get_title() for ax in panels] == [
        "attacker's access window",
        "attacker's window through the open page",
        "attacker's accepted requests through the page",
        "forced re-logins",
        "detection latency (theft to detection)",
        "false logouts (no attacker involved)",
    ]
    bars = bars_by_gid(fig)
    assert len(bars) == 6 * 3
    for row in comparison.rows:
        for name in metrics:
            value = row.metrics()[name]
            assert bars[f"{name}:{row.label}"].get_width() == (0.0 if value is None else value)
    # the naive policy never detects the theft: said in words, not a zero-length bar
    texts = {t.get_gid(): t.get_text() for ax in panels for t in ax.texts}
    assert texts["value:detection_latency_s:naive"] == "none (never detected)"
    assert comparison.rows[1].metrics()["detection_latency_s"] is not None
    assert texts["value:attacker_access_s:auth0-spa"].endswith(" h")
    assert lane_labels(panels[0]) == ["naive", "auth0-spa", "rfc9700-bcp"]
    # a policy has the same colour in every panel
    colours = {
        label: {bars[f"{m}:{label}"].get_facecolor() for m in metrics}
        for label in ("naive", "auth0-spa", "rfc9700-bcp")
    }
    assert all(len(c) == 1 for c in colours.values())
    assert len({next(iter(c)) for c in colours.values()}) == 3
    assert "hours" in panels[0].get_xlabel() and "lower is better" in panels[0].get_xlabel()


def test_comparison_metrics_and_target_figure(comparison: Comparison) -> None:
    fig = Figure()
    assert plot_comparison(comparison, ["victim_availability"], fig=fig, title="t") is fig
    (ax,) = fig.axes
    assert [p.get_width() for p in ax.patches if isinstance(p, Rectangle)] == [1.0, 1.0, 1.0]
    assert {t.get_text() for t in ax.texts} == {"100 %"}
    with pytest.raises(UnknownNameError, match=r"^metrics: unknown name 'nope'"):
        plot_comparison(comparison, ["nope"])


# --- sweeps --------------------------------------------------------------------------------


def rows_of(
    scenario: str, grid: Mapping[str, Sequence[Any]], seeds: Sequence[int], **fixed: Any
) -> list[dict[str, Any]]:
    """Flat rows, as ``SweepResult.to_dicts()`` gives them, from a loop over runs."""
    out = []
    for values in np.array(np.meshgrid(*grid.values(), indexing="ij")).reshape(len(grid), -1).T:
        point = {k: type(grid[k][0])(v) for k, v in zip(grid, values, strict=True)}
        for seed in seeds:
            result = simtoken.run(scenario, seed=seed, **fixed, **point)
            out.append({**point, "seed": seed, **result.metrics.to_dict()})
    return out


@pytest.fixture(scope="module")
def tabs_rows() -> list[dict[str, Any]]:
    return rows_of(
        "concurrent-tabs",
        {"access_token_lifetime": [120, 600], "grace_interval": [0.0, 1.0]},
        seeds=[1, 2, 3],
        horizon=2 * 3600,
        request_interval=300.0,
    )


def test_sweep_line_is_the_mean_and_band_the_spread(tabs_rows: list[dict[str, Any]]) -> None:
    rows = [r for r in tabs_rows if r["grace_interval"] == 0.0]
    ax = axes_of(plot_sweep(rows, "access_token_lifetime", "as_load_per_h"))
    by_x = {
        x: [r["as_load_per_h"] for r in rows if r["access_token_lifetime"] == x] for x in (120, 600)
    }
    (mean,) = [line for line in ax.get_lines() if line.get_gid() == "mean:"]
    assert floats(mean.get_xdata()).tolist() == [120, 600]
    assert floats(mean.get_ydata()) == pytest.approx([statistics.mean(v) for v in by_x.values()])
    band = bar_vertices(ax, "band:")[0]
    for x, values in by_x.items():
        ys = band[band[:, 0] == x][:, 1]
        assert (ys.min(), ys.max()) == pytest.approx((min(values), max(values)))
    (runs,) = [line for line in ax.get_lines() if line.get_gid() == "runs:"]
    assert len(floats(runs.get_ydata())) == len(rows) == 6
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2 min", "10 min"]
    assert ax.get_xlabel() == "access-token lifetime"


def test_sweep_draws_a_line_per_other_setting(tabs_rows: list[dict[str, Any]]) -> None:
    ax = axes_of(plot_sweep(tabs_rows, "access_token_lifetime", "false_logouts"))
    means = {
        line.get_gid(): floats(line.get_ydata()).tolist()
        for line in ax.get_lines()
        if str(line.get_gid()).startswith("mean:")
    }
    assert set(means) == {"mean:grace interval 0 s", "mean:grace interval 1 s"}
    assert means["mean:grace interval 1 s"] == [0.0, 0.0]  # a grace interval cures the race
    assert min(means["mean:grace interval 0 s"]) > 0
    assert legend_labels(ax) == ["grace interval 0 s", "grace interval 1 s"]


class Table:
    """An object with ``to_dicts()``, like a sweep's result."""

    def __init__(self, rows: list[dict[str, Any]]) -> None:
        self.rows = rows

    def to_dicts(self) -> list[dict[str, Any]]:
        return self.rows


def test_heatmap_cells_are_the_means_over_seeds(tabs_rows: list[dict[str, Any]]) -> None:
    fig = plot_heatmap(Table(tabs_rows), "access_token_lifetime", "grace_interval", "false_logouts")
    ax, colour_bar = fig.axes
    (image,) = ax.get_images()
    grid = np.ma.getdata(floats(image.get_array()))
    for i, grace in enumerate((0.0, 1.0)):
        for j, lifetime in enumerate((120, 600)):
            values = [
                r["false_logouts"]
                for r in tabs_rows
                if r["grace_interval"] == grace and r["access_token_lifetime"] == lifetime
            ]
            assert len(values) == 3
            assert grid[i, j] == pytest.approx(statistics.mean(values))
    texts = {t.get_gid(): t.get_text() for t in ax.texts}
    assert texts["cell:1:0"] == texts["cell:1:1"] == "0"
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2 min", "10 min"]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["0 s", "1 s"]
    assert colour_bar.get_ylabel() == "false logouts (no attacker involved)"
    assert ax.get_title() == "false logouts (no attacker involved): mean over 3 seeds"


SYNTHETIC: list[dict[str, Any]] = [
    {"access_token_lifetime": 60, "theft_at": 600.0, "seed": 1, "detection_latency_s": 30.0},
    {"access_token_lifetime": 60, "theft_at": 600.0, "seed": 2, "detection_latency_s": None},
    {"access_token_lifetime": 60, "theft_at": 1200.0, "seed": 1, "detection_latency_s": None},
    {"access_token_lifetime": 3600, "theft_at": 600.0, "seed": 1, "detection_latency_s": 5400.0},
    {"access_token_lifetime": 3600, "theft_at": 600.0, "seed": 2, "detection_latency_s": 9000.0},
]


def test_missing_values_read_none() -> None:
    fig = plot_heatmap(SYNTHETIC, "access_token_lifetime", "theft_at", "detection_latency_s")
    ax = fig.axes[0]
    texts = {t.get_gid(): t.get_text() for t in ax.texts}
    assert texts == {"cell:0:0": "30 s", "cell:0:1": "2 h", "cell:1:0": "none", "cell:1:1": "-"}
    grid = ax.get_images()[0].get_array()
    assert grid is not None and np.ma.getmaskarray(grid).tolist() == [[False, False], [True, True]]
    assert fig.axes[1].get_ylabel() == "detection latency (theft to detection) (minutes)"
    rows = [r for r in SYNTHETIC if r["theft_at"] == 600.0] + [
        SYNTHETIC[2] | {"theft_at": 600.0, "access_token_lifetime": 600}
    ]
    ax = axes_of(plot_sweep(rows, "access_token_lifetime", "detection_latency_s"))
    assert "none" in [t.get_text() for t in ax.texts]
    assert ax.get_xscale() == "log"  # lifetimes from 1 min to 1 h
    assert ax.get_ylabel() == "detection latency (theft to detection) (minutes)"


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: plot_sweep([], "x", "victim_logins"), ConfigError, "^rows: invalid value"),
        (
            lambda: plot_sweep(SYNTHETIC, "nope", "detection_latency_s"),
            UnknownNameError,
            "^x: unknown name 'nope'",
        ),
        (
            lambda: plot_heatmap(SYNTHETIC, "theft_at", "seed", "detection_latency_s"),
            ConfigError,
            "^rows: invalid value \\['access_token_lifetime'\\]",
        ),
        (
            lambda: plot_sweep([{"x": 1, "seed": 1, "rejections": {}}], "x", "rejections"),
            ConfigError,
            "^metric: invalid value 'rejections'",
        ),
    ],
)
def test_bad_sweep_arguments(call: Any, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        call()


def test_tradeoff_puts_security_against_usability() -> None:
    rows = rows_of(
        "theft-f1",
        {"refresh_token_lifetime": [3600, 4 * 3600]},
        seeds=[1, 2],
        horizon=6 * 3600,
        request_interval=600.0,
        attacker_interval=1800.0,
    )
    fig = plot_tradeoff(rows, "refresh_token_lifetime")
    security, usability, curve = fig.axes
    (line,) = [x for x in curve.get_lines() if isinstance(x, Line2D)]

    def mean(metric: str, lifetime: int) -> float:
        return float(
            statistics.mean(r[metric] for r in rows if r["refresh_token_lifetime"] == lifetime)
        )

    assert floats(line.get_xydata()).tolist() == [
        [mean("victim_logins", lt), mean("attacker_access_s", lt)] for lt in (3600, 4 * 3600)
    ]
    # a longer session: fewer logins, a longer window for the thief
    assert mean("victim_logins", 3600) > mean("victim_logins", 4 * 3600)
    assert mean("attacker_access_s", 3600) < mean("attacker_access_s", 4 * 3600)
    assert [t.get_text() for t in curve.texts] == ["1 h", "4 h"]
    assert security.get_title().startswith("security: attacker's access window")
    assert usability.get_title() == "usability: forced re-logins (lower is better)"
    assert usability.get_shared_x_axes().joined(security, usability)


# --- lifetime sweep (the notebook explorer) and the gallery ---------------------------------


def metrics(logins: int, load: float) -> Metrics:
    return Metrics(victim_logins=logins, victim_availability=1.0, as_load_per_h=load, api_calls=10)


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


def test_gallery_writes_every_picture(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("gallery", ROOT / "docs" / "gallery.py")
    assert spec is not None and spec.loader is not None
    gallery = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gallery)
    assert gallery.main(["--out", str(tmp_path)]) == 0
    names = {
        "timeline-refresh",
        "timeline-theft",
        "comparison-theft",
        "sweep",
        "heatmap",
        "tradeoff",
        "roc",
    }
    assert {p.stem for p in tmp_path.glob("*.png")} == names
    for path in tmp_path.glob("*.png"):
        data = path.read_bytes()
        assert data.startswith(b"\x89PNG\r\n\x1a\n") and 10_000 < len(data) <= 300_000
        assert b"Matplotlib" not in data  # no version stamp: re-runs do not churn the files
    again = tmp_path / "again"
    assert gallery.main(["--out", str(again), "timeline-theft"]) == 0
    assert (again / "timeline-theft.png").read_bytes() == (
        tmp_path / "timeline-theft.png"
    ).read_bytes()


def test_sub_second_windows_get_round_fractional_ticks() -> None:
    from simtoken.plots._axes import TimeLocator

    assert TimeLocator().tick_values(9655, 9656) == [9655 + i / 10 for i in range(11)]
    assert TimeLocator().tick_values(0, 0.05) == [i / 200 for i in range(11)]
