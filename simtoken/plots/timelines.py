"""Timeline: one run drawn as lanes of token bars and event marks, from its trace alone.

A timeline is like the board in a hotel's back office. It has one row (*lane*) per actor: each
guest's app (each client, each tab), anyone else holding a pass (the attacker, a replaying
service), then the front desk (the auth server) and each door with a card reader (the APIs).

* **Bars** are tokens, drawn in the lane of the actor they were issued to, from ``issued`` to
  the end of their validity (see :mod:`simtoken.plots.holdings`): the upper, thin row of a lane
  holds refresh tokens (deep shade), the lower, wide row access tokens (light shade; one
  sub-row per audience when there are several). A refresh bar stops where the token stopped
  being honoured: at its rotation (plus any grace interval), at its family's revocation, or
  at an idle timeout; that is why a revoked family's bar ends at the revocation mark. A dashed
  outline follows a refresh token its holder still keeps after someone else rotated it away:
  the stale copy whose next use trips reuse detection.
* **Colour says who holds the token**, from ground truth: blue the user (the *victim* of a
  theft), vermillion the attacker, reddish purple both (a stolen copy, from the theft on).
* **Marks on a server's lane** show each request at the moment it was answered: a bluish-green
  dot if accepted, an orange mark if rejected (one shape per reason, named in the legend), a
  grey dot if the network lost it; a black ✕ where the auth server revoked a family (a dotted
  line runs through every lane there).
* **Marks under a holder's bars** show what that actor did or suffered: black stars for
  interactive logins, open squares for logouts, orange triangles for calls that failed, grey
  rings for answers lost on the way back, small black arrows for requests of the attacker or
  another non-client, vermillion diamonds for thefts (a dashed line links the victim's lane to
  the attacker's; an open diamond for a failed attempt), open pentagons for tokens the attacker
  forged, yellow hexagons where the presented refresh token tripped reuse detection, a
  vermillion plus where the attacker obtained the signing key (``key_leaked``) and an open plus
  on the auth server's lane for the emergency rotation that answered it (``key_rotated``).

The palette is Okabe-Ito (colour-blind safe); the legend lists only what appears, with counts.
Every mark is a view of one trace event, so the picture can never disagree with the metrics.
The function uses matplotlib's object API (:class:`~matplotlib.figure.Figure`), never
``pyplot``'s global state: it works headless (``Agg``), in scripts and in notebooks.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from matplotlib.axes import Axes
from matplotlib.collections import LineCollection, PolyCollection
from matplotlib.figure import Figure
from matplotlib.ticker import NullLocator

from simtoken.errors import ConfigError
from simtoken.names import AUTH_SERVER
from simtoken.plots._axes import end_of_run, figure_of, format_duration, lanes, time_axis
from simtoken.plots._bars import draw_tokens, rectangles
from simtoken.plots._marks import draw_marks
from simtoken.record.result import Result

__all__ = ["timeline"]


def _title(result: Result) -> str:
    cfg = result.config
    policy = cfg.policy
    parts = [
        f"access token {format_duration(policy.access_token_lifetime)}",
        f"refresh token {format_duration(policy.refresh_token_lifetime)}",
        f"refresh={cfg.refresh}",
    ]
    if policy.rotation:
        parts.append("rotation")
        if policy.reuse_detection != "none":
            parts.append(f"reuse detection ({policy.reuse_detection})")
        if policy.grace_interval:
            parts.append(f"grace {format_duration(policy.grace_interval)}")
    if policy.leeway:
        parts.append(f"leeway {format_duration(policy.leeway)}")
    if cfg.rs_skew:
        parts.append(f"API clock skew {cfg.rs_skew:+g} s")
    parts.append(policy.algorithm)
    title = f"{result.scenario} (seed {result.seed}): " + ", ".join(parts)
    if cfg.login_flow != "direct":
        pkce = "" if cfg.login_flow == "implicit" else f", PKCE {cfg.pkce}"
        state = "state" if cfg.use_state else "no state"
        title += f"\nlogin flow: {cfg.login_flow} ({cfg.app_kind} app{pkce}, {state})"
        if cfg.attacks_flow:
            title += f"; attack: {cfg.flow_attack} at {format_duration(cfg.theft_at)}"
    if cfg.theft_vector != "none":
        title += (
            f"\ntheft: {cfg.theft_vector} at {format_duration(cfg.theft_at)}, "
            f"attacker {cfg.attacker_strategy}, storage {cfg.storage}"
        )
    return title


def _background(ax: Axes, row: Mapping[str, int], lo: float, hi: float, horizon: float) -> None:
    """Every other lane shaded, a rule above the servers, grey after the horizon."""
    boxes = [(lo, hi, i - 0.5, i + 0.5) for i in range(1, len(row), 2)]
    if hi > horizon:
        boxes.append((horizon, hi, -0.5, len(row) - 0.5))
    shades = ["#f3f3f3"] * (len(boxes) - (hi > horizon)) + ["#e4e4e4"] * (hi > horizon)
    if boxes:
        back = PolyCollection(rectangles(boxes), facecolors=shades, linewidths=0, zorder=0)
        back.set_gid("background")
        ax.add_collection(back, autolim=False)
    if row.get(AUTH_SERVER):
        rule = LineCollection(
            [[(0, row[AUTH_SERVER] - 0.5), (1, row[AUTH_SERVER] - 0.5)]],
            colors="#bbbbbb",
            linewidths=0.8,
            zorder=1,
        )
        rule.set_transform(ax.get_yaxis_transform())
        ax.add_collection(rule, autolim=False)


def timeline(
    result: Result, *, start: float | None = None, end: float | None = None, ax: Axes | None = None
) -> Figure:
    """Draw a run's timeline: one lane per actor, tokens as bars, events as marks.

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
    lo, hi = _window(result, start, end)
    names = lanes(result)
    row = {name: i for i, name in enumerate(names)}
    own = ax is None
    if ax is None:
        fig = Figure(figsize=(10, 2.2 + 0.55 * len(names)), layout="constrained")
        ax = fig.add_subplot()
    else:
        fig = figure_of(ax)
    _background(ax, row, lo, hi, result.config.horizon)
    draw_tokens(ax, result, row, lo, hi)
    draw_marks(ax, result, row, lo, hi)
    _frame(ax, names, lo, hi)
    ax.set_title(_title(result), fontsize=10)
    ax.grid(axis="x", color="#cccccc", linewidth=0.5)
    ax.set_axisbelow(True)
    legend_rows = _legend(ax)
    if own:
        fig.set_size_inches(10, 1.9 + 0.55 * len(names) + 0.2 * legend_rows)
    return fig


def _window(result: Result, start: float | None, end: float | None) -> tuple[float, float]:
    """The sim seconds shown, checked: from ``start`` (default 0) to ``end`` (default the end)."""
    lo = 0.0 if start is None else float(start)
    hi = end_of_run(result) if end is None else float(end)
    if not (math.isfinite(lo) and lo >= 0):
        raise ConfigError("start", start, "a sim time >= 0 (seconds)")
    if not (math.isfinite(hi) and hi > lo):
        raise ConfigError("end", end, f"a sim time after start ({lo:g} s)")
    return lo, hi


def _frame(ax: Axes, names: Sequence[str], lo: float, hi: float) -> None:
    """The window across, time running right; the lanes down, named, the first on top."""
    ax.set_xlim(lo, hi)
    ax.set_ylim(len(names) - 0.5, -0.5)
    ax.set_yticks(range(len(names)), names)
    ax.yaxis.set_minor_locator(NullLocator())
    ax.tick_params(axis="y", length=0)
    time_axis(ax, lo, hi)


def _legend(ax: Axes) -> int:
    """The legend under the plot, in four columns (three for long labels); its number of rows."""
    handles, labels = ax.get_legend_handles_labels()
    ncols = 4 if max(map(len, labels), default=0) <= 32 else 3
    ax.legend(
        handles,
        labels,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.13),
        ncols=ncols,
        fontsize=8,
        frameon=False,
    )
    return math.ceil(len(labels) / ncols)
