"""Plots: pictures of a run, drawn from its trace and nothing else.

A timeline is like the board in a hotel's back office. It has one row per actor: each client
app, the front desk (the auth server), each door with a card reader (the resource servers),
and anyone else who showed up, such as a service replaying a token. A client's row shows
which passes it held and when: a thin bar for each access token and a separate row for
refresh tokens, each from its ``issued`` event to its ``exp``. A server's row shows every
knock at its door at the moment it was answered: green if let in, red if turned away (one
marker shape per reason), grey if the request was lost on the way. Stars mark the moments a
user had to type a password.

Every mark is a view of one trace event, so the picture can never disagree with the metrics.
The functions here use matplotlib's object API (:class:`~matplotlib.figure.Figure`), never
``pyplot``'s global state: they work headless (``Agg``), in scripts and in notebooks, where a
returned figure displays itself.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple

from matplotlib.axes import Axes
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure
from matplotlib.ticker import FixedLocator, FuncFormatter, MaxNLocator, NullLocator

from simtoken.errors import ConfigError
from simtoken.events import Accepted, Call, Issued, Login, Lost, Rejected, Request
from simtoken.metrics import Metrics
from simtoken.result import Result
from simtoken.world import AUTH_SERVER, server_name

__all__ = [
    "TimeUnit",
    "format_duration",
    "lanes",
    "plot_lifetime_sweep",
    "time_unit",
    "timeline",
]


class TimeUnit(NamedTuple):
    """A unit for a time axis: its symbol, its name, its length in seconds and nice tick steps."""

    symbol: str
    name: str
    seconds: float
    steps: tuple[float, ...]


_UNITS = (
    (180.0, TimeUnit("s", "seconds", 1.0, (1, 2, 5, 10))),
    (3 * 3600.0, TimeUnit("min", "minutes", 60.0, (1, 1.5, 2, 3, 5, 10))),
    (3 * 86_400.0, TimeUnit("h", "hours", 3600.0, (1, 1.2, 2, 2.4, 3, 6, 10))),
    (math.inf, TimeUnit("d", "days", 86_400.0, (1, 2, 5, 7, 10))),
)

_REJECT_MARKERS = {
    "expired": "x",
    "not_yet_valid": "<",
    "wrong_audience": "D",
    "wrong_token_type": "s",
    "wrong_issuer": "p",
    "bad_signature": "*",
    "unknown_key": "h",
    "unknown_session": "P",
}
_SPARE_MARKERS = ("^", "v", ">", "d", "H", "8")
_TOKEN_STYLE = {
    # token type -> (label, two alternating face colours, top and bottom of its row in a lane)
    "refresh": ("refresh token", ("#e6550d", "#fdae6b"), -0.40, -0.20),
    "access": ("access token", ("#3182bd", "#9ecae1"), -0.14, 0.22),
}
_MAX_TRACKS = 3


def time_unit(span: float) -> TimeUnit:
    """Choose the unit for a time axis covering ``span`` seconds.

    Seconds up to 3 minutes, minutes up to 3 hours, hours up to 3 days, days beyond.
    """
    return next(unit for limit, unit in _UNITS if span <= limit)


def format_duration(seconds: float) -> str:
    """Format a duration in its largest whole unit: ``"45 s"``, ``"5 min"``, ``"24 h"``."""
    if seconds >= 2 * 86_400 and seconds % 86_400 == 0:
        return f"{seconds / 86_400:g} d"
    if seconds >= 3600 and seconds % 3600 == 0:
        return f"{seconds / 3600:g} h"
    if seconds >= 60 and seconds % 60 == 0:
        return f"{seconds / 60:g} min"
    return f"{seconds:g} s"


def _natural(name: str) -> tuple[tuple[str, int], ...]:
    """Sort key that puts ``client-2`` before ``client-10``."""
    return tuple((text, int(num) if num else -1) for text, num in re.findall(r"(\D*)(\d*)", name))


def _clients(result: Result) -> list[str]:
    """Find the users' apps: actors that log in or make user-level calls, in natural order."""
    names = {e.actor for e in result.trace if isinstance(e, Login | Call)}
    return sorted(names, key=_natural)


def lanes(result: Result) -> tuple[str, ...]:
    """List the timeline's lanes, top to bottom.

    Clients first, then the auth server, then the resource servers in the order of the run's
    audiences, then any other actor (a presenter, a replaying service, an attacker) in order
    of first appearance. The network, which only ever drops requests, has no lane.
    """
    order = dict.fromkeys(_clients(result))
    order.update(dict.fromkeys([AUTH_SERVER, *(server_name(a) for a in result.config.audiences)]))
    for e in result.trace:
        if isinstance(e, Request):
            order.update(dict.fromkeys((e.actor, e.target)))
        elif isinstance(e, Issued):
            order.update(dict.fromkeys((e.actor, e.holder)))
        elif not isinstance(e, Lost):
            order.setdefault(e.actor)
    return tuple(order)


def _pack(spans: Sequence[tuple[float, float]]) -> tuple[list[int], int]:
    """Greedy interval packing: a track per span so overlapping spans sit side by side."""
    ends: list[float] = []
    tracks = []
    for start, end in spans:
        free = [i for i, last in enumerate(ends) if last <= start]
        if free:
            track = free[0]
        elif len(ends) < _MAX_TRACKS:
            track = len(ends)
            ends.append(end)
        else:
            track = min(range(len(ends)), key=ends.__getitem__)
        ends[track] = end
        tracks.append(track)
    return tracks, max(1, len(ends))


def _end_of_run(result: Result) -> float:
    """The horizon, or the last event if requests in flight at the horizon finished later."""
    return max(result.config.horizon, result.trace[-1].t if len(result.trace) else 0.0)


def _draw_tokens(ax: Axes, result: Result, row: Mapping[str, int], lo: float, hi: float) -> None:
    """One rectangle per token valid inside the window, one collection per token type.

    A lane's access tokens get one sub-row per audience (labelled when there are several),
    split further into tracks where tokens overlap (a proactive refresh, say).
    """
    horizon = _end_of_run(result)
    audience_order = {a: i for i, a in enumerate(result.config.audiences)}
    for token_type, (label, colours, top, bottom) in _TOKEN_STYLE.items():
        groups: dict[str, dict[str, list[tuple[float, float]]]] = {}
        for e in result.trace:
            if isinstance(e, Issued) and e.token_type == token_type:
                start, end = max(e.t, lo), min(e.expires, horizon, hi)
                if end > start:
                    group = e.audience if token_type == "access" else ""
                    groups.setdefault(e.holder, {}).setdefault(group, []).append((start, end))
        verts = []
        faces = []
        for holder, by_group in groups.items():
            ordered = sorted(
                by_group.items(), key=lambda g: audience_order.get(g[0], len(audience_order))
            )
            packed = [(group, spans, *_pack(spans)) for group, spans in ordered]
            height = (bottom - top) / sum(n for *_, n in packed)
            offset = 0
            for group, spans, tracks, n in packed:
                for i, ((start, end), track) in enumerate(zip(spans, tracks, strict=True)):
                    y0 = row[holder] + top + (offset + track) * height
                    y1 = y0 + height * 0.85
                    verts.append([(start, y0), (start, y1), (end, y1), (end, y0)])
                    faces.append(colours[i % 2])
                if len(packed) > 1:
                    ax.text(
                        1.005,
                        row[holder] + top + (offset + n / 2) * height,
                        server_name(group),
                        transform=ax.get_yaxis_transform(),
                        fontsize=7,
                        va="center",
                        color=colours[0],
                    )
                offset += n
        if verts:
            bars = PolyCollection(verts, facecolors=faces, edgecolors=faces, linewidths=0.3)
            bars.set_label(f"{label} ({len(verts)})")
            bars.set_gid(f"tokens:{token_type}")
            ax.add_collection(bars)


def _scatter(
    ax: Axes,
    points: Sequence[tuple[float, float]],
    gid: str,
    label: str,
    *,
    colour: str,
    size: float,
    marker: str = "o",
    alpha: float = 1.0,
    linewidth: float = 1.0,
) -> None:
    """One scatter collection for a kind of mark (skipped when there is nothing to mark)."""
    if points:
        xs, ys = zip(*points, strict=True)
        ax.scatter(
            xs,
            ys,
            s=size,
            c=colour,
            marker=marker,
            alpha=alpha,
            linewidths=linewidth,
            label=f"{label} ({len(points)})",
            gid=gid,
            zorder=3,
            clip_on=False,
        )


def _draw_marks(ax: Axes, result: Result, row: Mapping[str, int], lo: float, hi: float) -> None:
    """Request outcomes on the receiving server's lane; logins and failed calls on the client's."""
    clients = set(_clients(result))
    targets: dict[int, str] = {}
    accepted: list[tuple[float, float]] = []
    lost: list[tuple[float, float]] = []
    rejected: dict[str, list[tuple[float, float]]] = {}
    logins: list[tuple[float, float]] = []
    failed: list[tuple[float, float]] = []
    sent: list[tuple[float, float]] = []
    for e in result.trace:
        if isinstance(e, Request):
            targets[e.request_id] = e.target
        if not lo <= e.t <= hi:
            continue
        if isinstance(e, Accepted):
            accepted.append((e.t, row[e.actor] + 0.22))
        elif isinstance(e, Rejected):
            rejected.setdefault(e.reason, []).append((e.t, row[e.actor] - 0.22))
        elif isinstance(e, Lost):
            lost.append((e.t, row[targets[e.request_id]]))
        elif isinstance(e, Login):
            logins.append((e.t, row[e.actor] + 0.36))
        elif isinstance(e, Call) and not e.ok:
            failed.append((e.t, row[e.actor] + 0.36))
        elif isinstance(e, Request) and e.actor not in clients:
            sent.append((e.t, row[e.actor]))
    _scatter(ax, accepted, "accepted", "accepted", colour="#2ca02c", size=9, alpha=0.6, linewidth=0)
    spare = iter(_SPARE_MARKERS * 4)
    for reason, points in sorted(rejected.items()):
        marker = _REJECT_MARKERS.get(reason) or next(spare)
        _scatter(
            ax,
            points,
            f"rejected:{reason}",
            f"rejected: {reason}",
            colour="#d62728",
            size=28,
            marker=marker,
            linewidth=1.2,
        )
    _scatter(ax, lost, "lost", "lost", colour="#7f7f7f", size=24)
    _scatter(
        ax, logins, "login", "interactive login", colour="black", size=70, marker="*", linewidth=0
    )
    _scatter(ax, failed, "call:failed", "failed call", colour="#d62728", size=30, marker="v")
    _scatter(ax, sent, "sent", "request from a non-client", colour="#9467bd", size=40, marker=">")


class _UnitLocator(MaxNLocator):
    """Nice tick positions in a time unit (every 6 h, every 15 min ...), for data in seconds."""

    def __init__(self, unit: TimeUnit) -> None:
        super().__init__(nbins=10, steps=list(unit.steps))
        self._seconds = unit.seconds

    def tick_values(self, vmin: float, vmax: float) -> Sequence[float]:
        ticks = super().tick_values(vmin / self._seconds, vmax / self._seconds)
        return [float(t) * self._seconds for t in ticks]


def _time_axis(ax: Axes, lo: float, hi: float) -> None:
    unit = time_unit(hi - lo)
    ax.xaxis.set_major_locator(_UnitLocator(unit))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _pos: f"{x / unit.seconds:g}"))
    ax.set_xlabel(f"simulated time ({unit.name})")


def _title(result: Result) -> str:
    cfg = result.config
    policy = cfg.policy
    parts = [
        f"access token {format_duration(policy.access_token_lifetime)}",
        f"refresh token {format_duration(policy.refresh_token_lifetime)}",
        f"refresh={cfg.refresh}",
    ]
    if policy.leeway:
        parts.append(f"leeway {format_duration(policy.leeway)}")
    if cfg.rs_skew:
        parts.append(f"API clock skew {cfg.rs_skew:+g} s")
    parts.append(policy.algorithm)
    return f"{result.scenario} (seed {result.seed}): " + ", ".join(parts)


def _figure_of(ax: Axes) -> Figure:
    fig = ax.get_figure(root=True)
    if fig is None:  # pragma: no cover - an Axes always belongs to a figure
        raise ValueError("ax belongs to no figure")
    return fig


def timeline(
    result: Result, *, start: float | None = None, end: float | None = None, ax: Axes | None = None
) -> Figure:
    """Draw a run's timeline: one lane per actor, tokens as bars, requests as marks.

    Args:
        result: the run to draw.
        start: the first sim second shown (default 0).
        end: the last sim second shown (default the run's horizon, or its last event when
            requests in flight at the horizon were answered after it).
        ax: draw into these axes instead of a new figure.

    Returns:
        The figure (``ax``'s figure when given). Save it with ``fig.savefig("run.png")``; in a
        notebook, a figure returned by a cell displays itself.

    Raises:
        ConfigError: ``start`` is negative or ``end`` is not after ``start``.
    """
    lo = 0.0 if start is None else float(start)
    hi = _end_of_run(result) if end is None else float(end)
    if not (math.isfinite(lo) and lo >= 0):
        raise ConfigError("start", start, "a sim time >= 0 (seconds)")
    if not (math.isfinite(hi) and hi > lo):
        raise ConfigError("end", end, f"a sim time after start ({lo:g} s)")
    names = lanes(result)
    row = {name: i for i, name in enumerate(names)}
    if ax is None:
        fig = Figure(figsize=(10, 1.9 + 0.6 * len(names)), layout="constrained")
        ax = fig.add_subplot()
    else:
        fig = _figure_of(ax)
    for i in range(len(names)):
        if i % 2:
            ax.axhspan(i - 0.5, i + 0.5, color="#f3f3f3", zorder=0, linewidth=0)
    if hi > result.config.horizon:  # shade what lies after the run's horizon
        ax.axvspan(result.config.horizon, hi, color="#e4e4e4", zorder=0, linewidth=0)
    _draw_tokens(ax, result, row, lo, hi)
    _draw_marks(ax, result, row, lo, hi)
    ax.set_xlim(lo, hi)
    ax.set_ylim(len(names) - 0.5, -0.5)
    ax.set_yticks(range(len(names)), names)
    ax.yaxis.set_minor_locator(NullLocator())
    ax.tick_params(axis="y", length=0)
    _time_axis(ax, lo, hi)
    ax.set_title(_title(result), fontsize=10)
    ax.grid(axis="x", color="#cccccc", linewidth=0.5)
    ax.set_axisbelow(True)
    ax.legend(
        loc="upper center",
        bbox_to_anchor=(0.5, -0.2),
        ncols=4,
        fontsize=8,
        frameon=False,
        markerscale=1.2,
    )
    return fig


def plot_lifetime_sweep(
    lifetimes: Sequence[float],
    metrics: Mapping[str, Sequence[Metrics]],
    *,
    current: float | None = None,
    title: str = "",
) -> Figure:
    """Plot re-logins and auth-server load against the access-token lifetime.

    Args:
        lifetimes: the access-token lifetimes swept, in seconds.
        metrics: for each refresh mode (``"none"``, ``"reactive"`` ...), the metrics of one run
            per lifetime, in the same order as ``lifetimes``.
        current: a lifetime to highlight (the slider's value in the explorer widget).
        title: the figure's title.

    Returns:
        A figure with two panels: ``victim_logins`` and ``as_load_per_h``, one line per mode.

    Raises:
        ValueError: a mode has a different number of runs than there are lifetimes.
    """
    for mode, runs in metrics.items():
        if len(runs) != len(lifetimes):
            raise ValueError(
                f"metrics[{mode!r}] has {len(runs)} runs for {len(lifetimes)} lifetimes"
            )
    fig = Figure(figsize=(9, 3.2), layout="constrained")
    left, right = fig.subplots(1, 2)
    styles = {  # mode -> colour, line style, marker; "none" dashed so overlaps stay visible
        "none": ("#d62728", "--", "s"),
        "reactive": ("#1f77b4", "-", "o"),
        "proactive": ("#2ca02c", ":", "^"),
    }
    panels = (
        (left, "victim_logins", "interactive re-logins"),
        (right, "as_load_per_h", "auth-server load (requests / h)"),
    )
    for ax, field, ylabel in panels:
        for mode, runs in metrics.items():
            values = [float(getattr(m, field)) for m in runs]
            colour, line, marker = styles.get(mode, (None, "-", "o"))
            ax.plot(
                lifetimes,
                values,
                marker=marker,
                ms=4,
                linestyle=line,
                color=colour,
                label=f"refresh={mode}",
                gid=f"{field}:{mode}",
                zorder=3 if mode == "none" else 2,
            )
            if current is not None and current in lifetimes:
                ax.plot(
                    [current],
                    [values[list(lifetimes).index(current)]],
                    marker="o",
                    ms=9,
                    mfc="none",
                    mec="black",
                    gid=f"{field}:{mode}:current",
                )
        if current is not None:
            ax.axvline(current, color="#555555", linestyle=":", linewidth=1.0)
        ax.set_xscale("log")
        _duration_ticks(ax, lifetimes)
        ax.set_xlabel("access-token lifetime")
        ax.set_ylabel(ylabel)
        ax.set_ylim(bottom=0)
        ax.grid(color="#dddddd", linewidth=0.5)
    left.legend(fontsize=8)
    if title:
        fig.suptitle(title, fontsize=10)
    return fig


def _duration_ticks(ax: Axes, values: Iterable[float]) -> None:
    ticks = sorted(set(values))
    ax.xaxis.set_major_locator(FixedLocator(ticks))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _pos: format_duration(x)))
    ax.xaxis.set_minor_locator(NullLocator())
    ax.tick_params(axis="x", labelrotation=45, labelsize=8)
