"""Sweep plots: how a metric responds to a setting, averaged over seeds.

A sweep asks "what if?" many times: the same scenario over a grid of settings, each point run
with several seeds. These pictures answer it (rows as :mod:`simtoken.plots._rows` describes;
:mod:`simtoken.plots.heatmap` draws two settings at once):

* :func:`plot_sweep`: one metric against one setting, like a dose-response curve. The line is
  the mean over seeds, the shaded band runs from the lowest to the highest run, and each run
  is a dot; any other setting that varies gets its own line.
* :func:`plot_tradeoff`: the security/usability trade-off. Lengthening a lifetime saves the user
  logins and widens the attacker's window; the left panels show both against the setting, the
  right one plots them against each other, one point per setting value, so the price of each
  step is visible at once.

Axes in seconds (``*_s`` metrics, lifetimes, intervals, ``theft_at``) are labelled in minutes,
hours or days as fits; a value that does not exist (a theft never detected) reads *none*.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FixedLocator, FuncFormatter, NullLocator

from simtoken.plots import _style as st
from simtoken.plots._axes import duration_axis, figure_of, is_seconds, time_unit
from simtoken.plots._labels import better, format_setting, metric_label, setting_label
from simtoken.plots._rows import Cell, Rows, as_rows, check_keys, group, parameters, sort_key

__all__ = ["plot_sweep", "plot_tradeoff"]

_ENCODING = "line: mean over seeds, band: min to max, dots: single runs"


def _f(value: float | None) -> float:
    return math.nan if value is None else value


def _numeric(values: Sequence[Any]) -> bool:
    return all(isinstance(v, int | float) and not isinstance(v, bool) for v in values)


def _series(rows: Sequence[Mapping[str, Any]], x: str, metric: str) -> dict[str, dict[Any, Cell]]:
    """Per combination of the other varying settings (a label), the cells by x value."""
    others = parameters(rows, exclude=(x,))
    out: dict[str, dict[Any, Cell]] = {}
    for key, cell in group(rows, (*others, x), metric).items():
        label = ", ".join(
            f"{setting_label(k)} {format_setting(k, v)}" for k, v in zip(others, key, strict=False)
        )
        out.setdefault(label, {})[key[-1]] = cell
    return out


def _x_axis(ax: Axes, x: str, values: Sequence[Any]) -> None:
    ticks = sorted(set(values), key=sort_key)
    if _numeric(ticks) and is_seconds(x) and min(ticks) > 0 and max(ticks) / min(ticks) >= 10:
        ax.set_xscale("log")
    ax.xaxis.set_major_locator(FixedLocator([float(t) for t in ticks]))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: format_setting(x, v)))
    ax.xaxis.set_minor_locator(NullLocator())
    ax.set_xlabel(setting_label(x))


def _y_axis(ax: Axes, metric: str, top: float) -> None:
    label = metric_label(metric)
    if is_seconds(metric):
        duration_axis(ax.yaxis, top or 1.0, nbins=6)
        label += f" ({time_unit(top or 1.0).name})"
    ax.set_ylabel(label, fontsize=9)
    ax.grid(color="#dddddd", linewidth=0.5)
    ax.set_axisbelow(True)


def _draw(ax: Axes, rows: Sequence[Mapping[str, Any]], x: str, metric: str) -> None:
    """Mean line, min-max band and dots per series (gids ``mean:S``, ``band:S``, ``runs:S``)."""
    series = _series(rows, x, metric)
    categorical = not _numeric([v for cells in series.values() for v in cells])
    order = sorted({v for cells in series.values() for v in cells}, key=sort_key)
    position = {v: (float(i) if categorical else float(v)) for i, v in enumerate(order)}
    top = 0.0
    for i, (label, cells) in enumerate(series.items()):
        colour = st.SERIES[i % len(st.SERIES)]
        have = _draw_series(ax, label, cells, position, colour)
        top = max([top, *(c.high or 0.0 for _, c in have)])
        _mark_missing(ax, cells, position, colour)
    _x_axis(ax, x, order if not categorical else [])
    if categorical:
        ax.set_xticks(range(len(order)), [format_setting(x, v) for v in order])
    _y_axis(ax, metric, top)
    ax.set_ylim(bottom=0)
    if any(series):
        ax.legend(fontsize=8)


def _draw_series(
    ax: Axes, label: str, cells: Mapping[Any, Cell], position: Mapping[Any, float], colour: str
) -> list[tuple[float, Cell]]:
    """One series' band, dots and mean line; the cells it drew, at their positions."""
    have = [(position[v], c) for v, c in cells.items() if c.mean is not None]
    xs = [p for p, _ in have]
    ax.fill_between(
        xs,
        [_f(c.low) for _, c in have],
        [_f(c.high) for _, c in have],
        color=colour,
        alpha=0.18,
        linewidth=0,
        gid=f"band:{label}",
    )
    dots = [(p, v) for p, c in have for v in c.values]
    ax.plot(
        [p for p, _ in dots],
        [v for _, v in dots],
        ls="none",
        marker="o",
        ms=3,
        color=colour,
        alpha=0.45,
        gid=f"runs:{label}",
    )
    ax.plot(
        xs,
        [_f(c.mean) for _, c in have],
        marker="o",
        ms=5,
        color=colour,
        label=label or None,
        gid=f"mean:{label}",
    )
    return have


def _mark_missing(
    ax: Axes, cells: Mapping[Any, Cell], position: Mapping[Any, float], colour: str
) -> None:
    """*none* on the axis where a series' runs had no value (a theft never detected, say)."""
    for v, c in cells.items():
        if c.mean is None:
            ax.annotate(
                "none",
                (position[v], 0),
                xytext=(0, 4),
                textcoords="offset points",
                ha="center",
                fontsize=7,
                color=colour,
                style="italic",
            )


def plot_sweep(rows: Rows, x: str, metric: str, *, ax: Axes | None = None) -> Figure:
    """Plot ``metric`` against the setting ``x``: mean over seeds, min-max band, single runs.

    Args:
        rows: the sweep's rows (or an object with ``to_dicts()``).
        x: the swept setting for the horizontal axis; other settings that vary get a line each.
        metric: the metric to plot (a key of every row).
        ax: draw into these axes instead of a new figure.

    Raises:
        UnknownNameError: ``x`` or ``metric`` is not a key of the rows.
        ConfigError: no rows, or the metric's values are not numbers.
    """
    data = as_rows(rows)
    check_keys(data, x=x, metric=metric)
    if ax is None:
        fig = Figure(figsize=(7, 4), layout="constrained")
        ax = fig.add_subplot()
    _draw(ax, data, x, metric)
    ax.set_title(f"{metric_label(metric)} vs {setting_label(x)}\n({_ENCODING})", fontsize=10)
    return figure_of(ax)


def plot_tradeoff(
    rows: Rows,
    x: str,
    security_metric: str = "attacker_access_s",
    usability_metric: str = "victim_logins",
    *,
    fig: Figure | None = None,
) -> Figure:
    """Show what a setting trades: a security metric and a usability metric as ``x`` grows.

    Left, the two metrics against ``x`` (as :func:`plot_sweep`, sharing the axis); right, the
    usability metric against the security metric, one point per value of ``x`` (the means),
    labelled with that value. The lower left corner of the right panel is the ideal.

    Raises:
        UnknownNameError: a name is not a key of the rows.
        ConfigError: no rows, or a metric's values are not numbers.
    """
    data = as_rows(rows)
    check_keys(data, x=x, security_metric=security_metric, usability_metric=usability_metric)
    if fig is None:
        fig = Figure(figsize=(11, 5.2), layout="constrained")
    grid = fig.add_gridspec(2, 2, width_ratios=(1.15, 1))
    top = fig.add_subplot(grid[0, 0])
    bottom = fig.add_subplot(grid[1, 0], sharex=top)
    curve = fig.add_subplot(grid[:, 1])
    _draw(top, data, x, security_metric)
    _draw(bottom, data, x, usability_metric)
    _title_sweeps(top, bottom, security_metric, usability_metric)
    _draw_curve(curve, data, x, security_metric, usability_metric)
    fig.suptitle(
        f"What the {setting_label(x)} trades: security against usability ({_ENCODING})", fontsize=10
    )
    return fig


def _title_sweeps(top: Axes, bottom: Axes, security_metric: str, usability_metric: str) -> None:
    """The left panels share the setting's axis, labelled once, under the lower one."""
    top.tick_params(labelbottom=False)
    top.set_xlabel("")
    top.set_title(
        f"security: {metric_label(security_metric)} ({better(security_metric)})", fontsize=9
    )
    bottom.set_title(
        f"usability: {metric_label(usability_metric)} ({better(usability_metric)})", fontsize=9
    )


def _draw_curve(
    curve: Axes,
    data: Sequence[Mapping[str, Any]],
    x: str,
    security_metric: str,
    usability_metric: str,
) -> None:
    """Usability against security, a point per value of ``x`` (gid ``tradeoff:S``)."""
    security = _series(data, x, security_metric)
    usability = _series(data, x, usability_metric)
    for i, (label, cells) in enumerate(security.items()):
        colour = st.SERIES[i % len(st.SERIES)]
        pairs = [
            (v, u, c.mean)
            for v, c in cells.items()
            if (u := usability[label][v].mean) is not None and c.mean is not None
        ]
        _plot_pairs(curve, label, pairs, x, colour)
    curve.margins(0.12)
    curve.set_xlabel(f"{metric_label(usability_metric)} (mean)")
    _y_axis(
        curve,
        security_metric,
        max((c.mean or 0.0 for s in security.values() for c in s.values()), default=1.0),
    )
    curve.set_title(
        f"the trade-off, point by point ({setting_label(x)}); ideal: lower left", fontsize=9
    )
    if len(security) > 1:
        curve.legend(fontsize=8)


def _plot_pairs(
    curve: Axes, label: str, pairs: Sequence[tuple[Any, float, float]], x: str, colour: str
) -> None:
    """One series' points (usability, security), joined and each labelled with its ``x``."""
    curve.plot(
        [u for _, u, _ in pairs],
        [s for *_, s in pairs],
        marker="o",
        color=colour,
        label=label or None,
        gid=f"tradeoff:{label}",
    )
    for v, u, s in pairs:
        curve.annotate(
            format_setting(x, v),
            (u, s),
            xytext=(5, 4),
            textcoords="offset points",
            fontsize=8,
            color=colour,
        )
