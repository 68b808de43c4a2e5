"""Heatmap: one metric over a grid of two settings, the mean over seeds in each cell.

A heatmap is a weather map for a policy: one setting across, another up, and each cell coloured
and labelled with the metric's mean over the runs at that grid point. It shows where a
combination turns bad: access-token lifetime x grace interval gives the false logouts of a
concurrent-tabs race (a grace interval as long as the race cures it), lifetime x theft time
gives the attacker's window. Cells are coloured with *viridis* (perceptually uniform and
colour-blind safe); a cell whose runs had no value reads *none*, a grid point without runs
``-``. Rows are as :mod:`simtoken.plots._rows` describes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import numpy.typing as npt
from matplotlib.axes import Axes
from matplotlib.colors import Normalize
from matplotlib.figure import Figure
from matplotlib.image import AxesImage

from simtoken.errors import ConfigError
from simtoken.plots import _style as st
from simtoken.plots._axes import duration_axis, figure_of, is_seconds, time_unit
from simtoken.plots._labels import format_setting, format_value, metric_label, setting_label
from simtoken.plots._rows import Cell, Rows, as_rows, check_keys, group, parameters, sort_key

__all__ = ["plot_heatmap"]

_Grid = npt.NDArray[np.float64]


def plot_heatmap(
    rows: Rows, x: str, y: str, metric: str, *, ax: Axes | None = None, cmap: str = "viridis"
) -> Figure:
    """Plot the mean of ``metric`` over seeds on the grid of settings ``x`` x ``y``.

    Each cell is annotated with its mean (``none`` if no run had a value, ``-`` if no run);
    the image's array holds the means (masked where there are none).

    Raises:
        UnknownNameError: ``x``, ``y`` or ``metric`` is not a key of the rows.
        ConfigError: no rows, non-numeric values, or another setting varies too (filter the
            rows first: a heatmap cannot show a third setting).
    """
    data = as_rows(rows)
    check_keys(data, x=x, y=y, metric=metric)
    extra = parameters(data, exclude=(x, y))
    if extra:
        raise ConfigError("rows", extra, f"rows that vary only in {x}, {y} and the seed")
    cells = group(data, (y, x), metric)
    xs, ys, grid = _grid(cells)
    if ax is None:
        fig = Figure(
            figsize=(1.6 + 1.05 * len(xs) + 1.2, 1.5 + 0.55 * len(ys)), layout="constrained"
        )
        ax = fig.add_subplot()
    fig = figure_of(ax)
    shown = np.ma.masked_invalid(grid)
    finite = grid[np.isfinite(grid)]
    norm = Normalize(
        float(finite.min()) if finite.size else 0.0, float(finite.max()) if finite.size else 1.0
    )
    colours = st.sequential(cmap)
    image = ax.imshow(shown, origin="lower", aspect="auto", cmap=colours, norm=norm)
    image.set_gid(f"heatmap:{metric}")
    _annotate(ax, cells, (xs, ys), metric, lambda mean: st.is_dark(colours(norm(mean))))
    ax.set_xticks(range(len(xs)), [format_setting(x, v) for v in xs])
    ax.set_yticks(range(len(ys)), [format_setting(y, v) for v in ys])
    ax.set_xlabel(setting_label(x))
    ax.set_ylabel(setting_label(y))
    ax.tick_params(length=0, labelsize=8)
    label = _colour_bar(fig, ax, image, metric, finite)
    seeds = len({r.get("seed") for r in data})
    ax.set_title(f"{label}: mean over {seeds} seed{'s' * (seeds != 1)}", fontsize=10)
    return fig


def _grid(cells: Mapping[tuple[Any, ...], Cell]) -> tuple[list[Any], list[Any], _Grid]:
    """The settings across and up, in order, and the means on their grid (NaN where none)."""
    xs = sorted({k[1] for k in cells}, key=sort_key)
    ys = sorted({k[0] for k in cells}, key=sort_key)
    grid = np.full((len(ys), len(xs)), np.nan)
    for (vy, vx), cell in cells.items():
        if cell.mean is not None:
            grid[ys.index(vy), xs.index(vx)] = cell.mean
    return xs, ys, grid


def _annotate(
    ax: Axes,
    cells: Mapping[tuple[Any, ...], Cell],
    settings: tuple[list[Any], list[Any]],
    metric: str,
    is_dark: Callable[[float], bool],
) -> None:
    """Write each cell's mean in it (gid ``cell:ROW:COLUMN``), white on a dark colour."""
    xs, ys = settings
    for i, vy in enumerate(ys):
        for j, vx in enumerate(xs):
            found = cells.get((vy, vx))
            text = "-" if found is None else format_value(metric, found.mean)
            dark = found is not None and found.mean is not None and is_dark(found.mean)
            ax.text(
                j,
                i,
                text,
                ha="center",
                va="center",
                fontsize=8,
                color="white" if dark else st.BLACK,
                gid=f"cell:{i}:{j}",
            )


def _colour_bar(fig: Figure, ax: Axes, image: AxesImage, metric: str, finite: _Grid) -> str:
    """The colour bar, in the metric's unit (a duration's scaled to its largest mean); its label."""
    bar = fig.colorbar(image, ax=ax, shrink=0.9)
    label = metric_label(metric)
    if is_seconds(metric):
        top = float(finite.max()) if finite.size else 1.0
        duration_axis(bar.ax.yaxis, top or 1.0)
        label += f" ({time_unit(top or 1.0).name})"
    bar.set_label(label, fontsize=8)
    bar.ax.tick_params(labelsize=8)
    return label
