"""Canvas: the one matplotlib figure an explorer keeps, redraws into and ships as a PNG.

A canvas is like a whiteboard on a classroom wall: the teacher wipes the drawing and redraws
it, but does not carry in a new board (and re-rule its margins) for every question. Building a
matplotlib :class:`~matplotlib.figure.Figure` and its axes costs more than drawing a one-day
timeline into them: every fresh axes re-creates its ticks, spines and their text. So each
explorer keeps one figure with fixed axes; an update removes what the previous picture added
(its bars, marks, legend: :meth:`Canvas.wipe`), draws the new picture into the same axes, sizes
the figure to the picture's lanes and legend with fixed margins (no layout engine, which would
draw everything twice) and renders it once to PNG bytes (``compress_level`` 1: fast, still
small) for an :class:`ipywidgets.Image`.

Of the two ways to show a figure in a widget this is the faster one: on the two-core
development machine (``benchmarks/bench_widgets.py --strategies``) redrawing a one-day timeline
into the kept figure and rendering its PNG takes about 50 ms, while ``display(fig)`` of a new
figure in an :class:`ipywidgets.Output` takes about 300 ms: the figure is built anew with a
layout engine, and the inline backend renders it with ``bbox_inches="tight"``, drawing it
twice. Two more savings sit next door: the legend leaves the picture as HTML
(:mod:`simtoken.widgets._legend`), and a text drawn before is pasted rather than shaped and
rasterised again (:mod:`simtoken.widgets._textcache`).

A timeline's title (what was run, with which policy) moves out of the picture into the
explorer's HTML caption, where it wraps with the page instead of being cut by the figure.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from matplotlib.axes import Axes
from matplotlib.figure import Figure

from simtoken.analysis.compare import Comparison
from simtoken.plots import plot_comparison, plot_lifetime_sweep, timeline
from simtoken.record.metrics import Metrics
from simtoken.record.result import Result
from simtoken.widgets._legend import legend_html
from simtoken.widgets._textcache import CachingCanvas

__all__ = ["PNG_DPI", "Canvas", "png_bytes"]

PNG_DPI = 72
"""Pixels per inch of every explorer picture (a 10-inch figure is 720 pixels wide)."""

_WIDTH = 10.0
_LEFT = 1.35  # inches for the lane names
_RIGHT = 0.25
_TOP = 0.15
_LANE = 0.42  # inches per timeline lane
_XAXIS = 0.55  # tick labels and the axis label under the axes
_LEGEND_ROW = 0.2
_SWEEP_HEIGHT = 3.4  # the lifetime sweep's two panels, their rotated tick labels, a title


def png_bytes(figure: Figure) -> bytes:
    """Render ``figure`` once with Agg and return it as PNG bytes (fast zlib level 1)."""
    buffer = io.BytesIO()
    figure.savefig(
        buffer,
        format="png",
        dpi=figure.dpi,
        metadata={"Software": None},
        pil_kwargs={"compress_level": 1},
    )
    return buffer.getvalue()


class Canvas:
    """One figure and its axes, redrawn in place (see the module docstring).

    Attributes:
        figure: the figure (no layout engine), drawn by a
            :class:`~simtoken.widgets._textcache.CachingCanvas`.
        texts: that canvas's text cache (its ``hits`` and ``misses`` say how well it works).
        axes: the axes pictures are drawn into: one for a timeline, a comparison's or a
            lifetime sweep's panels; kept and reused while the kind of picture stays the same.
    """

    def __init__(self) -> None:
        self.figure = Figure(figsize=(_WIDTH, 3.0), dpi=PNG_DPI)
        self.texts = CachingCanvas(self.figure).cache
        self.axes: tuple[Axes, ...] = (self.figure.add_subplot(),)
        self._kept = "timeline"  # the picture whose axes these are

    def wipe(self) -> tuple[Axes, ...]:
        """Remove everything the last picture added to the axes; return the axes.

        Bars, marks, lines, patches, texts and legends go; the axes themselves, their ticks
        and spines stay (and are re-labelled by whoever draws next). Axes that the previous
        picture added to the figure (a twin, an inset, a comparison's panels) are removed.
        """
        for extra in self.figure.axes:
            if extra not in self.axes:
                extra.remove()
        if not self.axes:
            self.axes = (self.figure.add_subplot(),)
        for ax in self.axes:
            for artist in (
                *ax.collections,
                *ax.patches,
                *ax.lines,
                *ax.texts,
                *ax.images,
                *ax.artists,
                *ax.tables,
            ):
                artist.remove()
            ax.containers.clear()
            legend = ax.get_legend()
            if legend is not None:
                legend.remove()
            ax.set_title("")
        return self.axes

    def draw_timeline(self, result: Result) -> tuple[str, str]:
        """Draw ``result``'s timeline into the (only) axes.

        Returns:
            The title the timeline would have had, and its legend as HTML (see
            :mod:`simtoken.widgets._legend`; empty when the legend had to stay in the picture).
            The figure is resized to the timeline's lanes (and legend rows), fixed margins.
        """
        if self._kept != "timeline":
            self._keep("timeline", self.figure.add_subplot)
        ax = self.wipe()[0]
        timeline(result, ax=ax)
        title = ax.get_title()
        ax.set_title("")
        lanes = len(ax.get_yticks())
        legend = ax.get_legend()
        key = legend_html(ax)
        rows = 0
        if legend is not None and key is not None:
            legend.remove()
        elif legend is not None:
            columns = max(1, int(getattr(legend, "_ncols", 4)))
            rows = math.ceil(len(legend.get_texts()) / columns)
        band = _LEGEND_ROW * rows + (0.1 if rows else 0.0)
        height = _TOP + _LANE * max(lanes, 1) + _XAXIS + band
        self._resize(height, bottom=_XAXIS + band)
        if legend is not None and key is None:
            legend.set_bbox_to_anchor((0.5, band / height), transform=self.figure.transFigure)
        return title, key or ""

    def _keep(self, kind: str, make: Callable[[], Any]) -> None:
        """Clear the figure and keep the axes ``make`` adds (one, or an array of panels)."""
        self.figure.clear()
        made = make()
        self.axes = (made,) if isinstance(made, Axes) else tuple(made.ravel())
        self._kept = kind

    def _resize(self, height: float, *, bottom: float, top: float = _TOP) -> None:
        if tuple(self.figure.get_size_inches()) != (_WIDTH, height):
            self.figure.set_size_inches(_WIDTH, height)
        self.figure.subplots_adjust(
            left=_LEFT / _WIDTH,
            right=1 - _RIGHT / _WIDTH,
            top=1 - top / height,
            bottom=bottom / height,
        )

    def draw_comparison(self, comparison: Comparison, metrics: Sequence[str]) -> None:
        """Draw ``comparison`` with :func:`~simtoken.plots.plot_comparison`, fixed margins.

        The panels are made once per layout (rows x columns of metrics) and reused: a redraw
        wipes them (:meth:`wipe`) and draws the new bars, with no new ticks or spines. Its
        title moves out, as a timeline's does (the explorer's caption says what ran).
        """
        columns = len(metrics) if len(metrics) <= 3 else 2
        rows = math.ceil(len(metrics) / columns)
        kind = f"comparison {rows}x{columns}"
        if self._kept != kind:
            grid = (rows, columns)
            self._keep(kind, lambda: self.figure.subplots(*grid, squeeze=False, sharey=True))
        panels = self.wipe()
        for ax in panels:
            ax.relim()  # forget the removed bars' data limits
        plot_comparison(comparison, metrics, fig=self.figure, axes=panels)
        self.figure.suptitle("")
        panel = 0.32 * len(comparison.rows) + 0.2
        gap = 0.8  # a panel's x labels and the next panel's title
        height = 0.35 + rows * panel + (rows - 1) * gap + _XAXIS
        self._resize(height, bottom=_XAXIS, top=0.35)
        self.figure.subplots_adjust(hspace=gap / panel, wspace=0.12)

    def draw_lifetime_sweep(
        self,
        lifetimes: Sequence[float],
        metrics: Mapping[str, Sequence[Metrics]],
        current: float,
        title: str,
    ) -> None:
        """Draw :func:`~simtoken.plots.plot_lifetime_sweep` into the kept figure, fixed margins.

        The two panels are made once, with fixed margins instead of a constrained layout;
        later redraws wipe and reuse them (:meth:`wipe`), and the kept figure's text cache
        pastes the tick labels: a redraw costs a fraction of a new figure.
        """
        if self._kept != "lifetime":
            self._keep("lifetime", lambda: self.figure.subplots(1, 2))
            self._resize(_SWEEP_HEIGHT, bottom=0.95, top=0.45)
            self.figure.subplots_adjust(left=0.7 / _WIDTH, wspace=0.25)
        left, right = self.wipe()
        for ax in (left, right):
            ax.relim()  # forget the removed lines' data limits
        plot_lifetime_sweep(lifetimes, metrics, current=current, title=title, axes=(left, right))

    def png(self) -> bytes:
        """The current picture as PNG bytes."""
        return png_bytes(self.figure)
