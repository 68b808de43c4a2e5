"""Comparison plot: several policies' metrics side by side, one small panel per metric.

A comparison (:func:`simtoken.compare`) replays one seeded story under several policies, so the
only thing that differs between its rows is the policy. The plot is a row of small multiples,
like a consumer magazine's product test: one panel per metric (its units differ, so each gets
its own scale), one horizontal bar per policy in the same colour in every panel, each bar
labelled with its value. A value that does not exist is written out: ``none`` where, for
example, a theft was never detected, so an empty bar is never mistaken for zero.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from simtoken.analysis.compare import COMPARED_METRICS, Comparison
from simtoken.errors import UnknownNameError
from simtoken.plots import _style as st
from simtoken.plots._axes import duration_axis, is_seconds, time_unit
from simtoken.plots._labels import better, format_value, metric_label

__all__ = ["DEFAULT_COMPARED", "plot_comparison"]

DEFAULT_COMPARED = (
    "attacker_access_s",
    "attacker_online_s",
    "attacker_online_calls",
    "victim_logins",
    "detection_latency_s",
    "false_logouts",
)
"""What a comparison plot shows by default: the attacker's windows (with a token of its own, and
through the victim's open page) and detection, and what the policy costs the user."""


def plot_comparison(
    comparison: Comparison,
    metrics: Sequence[str] = DEFAULT_COMPARED,
    *,
    fig: Figure | None = None,
    title: str | None = None,
    axes: Sequence[Axes] | None = None,
) -> Figure:
    """Draw a comparison's metrics as one panel of horizontal bars per metric.

    Args:
        comparison: what :func:`simtoken.compare` returned.
        metrics: the metrics to show, one panel each (any of
            :data:`simtoken.analysis.compare.COMPARED_METRICS`).
        fig: draw into this (empty) figure instead of a new one.
        title: the figure's title (default: the scenario and seed).
        axes: draw into these empty panels (``fig``'s, laid out as this function would, with
            a shared y axis) instead of making them: a widget keeps its panels between updates.

    Returns:
        The figure. Each bar is a rectangle with gid ``METRIC:LABEL`` whose width is the value
        (0 for a value that is None, labelled ``none``).

    Raises:
        UnknownNameError: a metric is not one a comparison reports.
    """
    for name in metrics:
        if name not in COMPARED_METRICS:
            raise UnknownNameError("metrics", name, COMPARED_METRICS)
    labels = [row.label for row in comparison.rows]
    ncols = len(metrics) if len(metrics) <= 3 else 2
    nrows = math.ceil(len(metrics) / ncols)
    if fig is None:
        height = 0.9 + nrows * (0.9 + 0.32 * len(labels))
        fig = Figure(figsize=(5.2 * ncols, height), layout="constrained")
    if axes is None:
        panels = fig.subplots(nrows, ncols, squeeze=False, sharey=True).ravel()
    else:
        panels = np.asarray(axes, dtype=object)
    colours = [st.SERIES[i % len(st.SERIES)] for i in range(len(labels))]
    for ax, name in zip(panels, metrics, strict=False):
        _panel(ax, name, comparison, labels, colours)
    _name_policies(panels, len(metrics), ncols, labels)
    fig.suptitle(
        title or f"{comparison.scenario} (seed {comparison.seed}): one theft, several policies",
        fontsize=11,
    )
    return fig


def _name_policies(
    axes: npt.NDArray[np.object_], shown: int, ncols: int, labels: list[str]
) -> None:
    """Hide the panels left over; name the policies, top to bottom, on each row's first panel."""
    for ax in axes[shown:]:
        ax.set_visible(False)
    axes[0].set_yticks(range(len(labels)), labels)
    axes[0].set_ylim(len(labels) - 0.5, -0.5)
    for ax in axes[::ncols]:
        ax.tick_params(axis="y", labelleft=True, labelsize=9)


def _panel(
    ax: Axes, name: str, comparison: Comparison, labels: list[str], colours: list[str]
) -> None:
    """One metric's panel: a bar per policy (gid ``METRIC:LABEL``), each labelled with its value."""
    values = [row.metrics()[name] for row in comparison.rows]
    widths = [0.0 if v is None else float(v) for v in values]
    bars = ax.barh(range(len(labels)), widths, color=colours, height=0.62)
    top = max(widths, default=0.0) or 1.0
    for i, (bar, label, value) in enumerate(zip(bars, labels, values, strict=True)):
        bar.set_gid(f"{name}:{label}")
        text = format_value(name, value)
        if value is None and name == "detection_latency_s":
            text = "none (never detected)"
        ax.text(
            widths[i] + top * 0.02,
            i,
            text,
            va="center",
            fontsize=8,
            color="#555555" if value is None else st.BLACK,
            style="italic" if value is None else "normal",
            gid=f"value:{name}:{label}",
        )
    ax.set_xlim(0, top * 1.3)
    _metric_axis(ax, name, top, values)


def _metric_axis(ax: Axes, name: str, top: float, values: Sequence[object]) -> None:
    """The panel's scale (a duration's unit, whole numbers for counts), title and frame."""
    unit = ""
    if is_seconds(name):
        duration_axis(ax.xaxis, top, nbins=5)
        unit = time_unit(top).name
    elif all(isinstance(v, int) or v is None for v in values):
        ax.xaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
    ax.set_title(metric_label(name), fontsize=10)
    ax.set_xlabel(", ".join(part for part in (unit, better(name)) if part), fontsize=8)
    ax.grid(axis="x", color="#dddddd", linewidth=0.5)
    ax.set_axisbelow(True)
    ax.tick_params(labelsize=8)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
