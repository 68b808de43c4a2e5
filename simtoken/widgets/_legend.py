"""Legend: a matplotlib legend handed to the browser as HTML, swatches drawn as inline SVG.

A legend is the key printed under a map. In a notebook the map (the timeline) must be
re-rasterised in the kernel at every update, but the key need not be: its words are text the
browser sets for free. Laying out and rasterising a dozen legend labels is more than half of
the cost of drawing a one-day timeline with matplotlib (``benchmarks/bench_widgets.py``), so an
explorer takes the legend out of the picture and shows the same entries, in the same order,
as HTML under it: each entry's swatch is the very marker path and colours matplotlib would
have drawn (a bar's rectangle, a mark's path scaled to its size), written as a tiny SVG.

Only the entries a timeline makes are translated (bars, marks, lines: one artist each); for
any other kind :func:`legend_html` returns None and the legend stays in the picture, drawn by
matplotlib as before.
"""

from __future__ import annotations

import html
import math

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.collections import PathCollection, PolyCollection
from matplotlib.colors import to_hex, to_rgba
from matplotlib.lines import Line2D
from matplotlib.markers import MarkerStyle
from matplotlib.patches import Patch, Rectangle
from matplotlib.path import Path

__all__ = ["legend_html", "svg_path"]

_SOURCES = (Patch, PolyCollection, PathCollection, Line2D)
"""Artists whose legend entry is one swatch this module can draw."""

_BOX = 9.0  # half the swatch's width and height, in CSS pixels (1 px = 1 pt at 72 dpi)


def svg_path(path: Path, scale: float) -> str:
    """``path`` (y up, centred on 0) as SVG path data (y down), scaled by ``scale``."""
    out: list[str] = []
    letters = {Path.MOVETO: "M", Path.LINETO: "L", Path.CURVE3: "Q", Path.CURVE4: "C"}
    for vertices, code in path.iter_segments(simplify=False, curves=True):
        if code == Path.CLOSEPOLY:
            out.append("Z")
            continue
        points = " ".join(
            f"{x * scale:.2f} {-y * scale:.2f}"
            for x, y in zip(vertices[::2], vertices[1::2], strict=True)
        )
        out.append(f"{letters[code]}{points}")
    return "".join(out)


def _svg(body: str) -> str:
    side = 2 * _BOX
    return (
        f'<svg width="{side:g}" height="{side:g}" viewBox="{-_BOX:g} {-_BOX:g} {side:g} '
        f'{side:g}" style="vertical-align: middle">{body}</svg>'
    )


def _shape(d: str, face: object, edge: object, width: float, alpha: float | None) -> str:
    def attr(name: str, colour: object) -> str:
        if colour is None or (isinstance(colour, str) and colour == "none"):
            return f'{name}="none"'
        r, g, b, a = to_rgba(colour)  # type: ignore[arg-type]
        opacity = a if alpha is None else alpha
        return f'{name}="{to_hex((r, g, b))}" {name}-opacity="{opacity:.2f}"'

    return f'<path d="{d}" {attr("fill", face)} {attr("stroke", edge)} stroke-width="{width:g}"/>'


def _first(values: object) -> tuple[float, ...] | None:
    """The first row of an array of colours (or of widths), None if there is none."""
    array = np.atleast_2d(np.asarray(values, dtype=float))
    return tuple(float(v) for v in array[0]) if array.size else None


def _swatch(handle: Artist | None) -> str | None:
    if isinstance(handle, Rectangle):
        d = f"M{-_BOX + 1:g} -4H{_BOX - 1:g}V4H{-_BOX + 1:g}Z"
        return _svg(
            _shape(
                d,
                handle.get_facecolor(),
                handle.get_edgecolor(),
                handle.get_linewidth(),
                handle.get_alpha(),
            )
        )
    if isinstance(handle, PathCollection):
        paths, sizes = handle.get_paths(), handle.get_sizes()
        if len(paths) != 1 or not len(sizes):
            return None
        d = svg_path(paths[0], math.sqrt(float(sizes[0])))
        width = (_first(handle.get_linewidth()) or (0.0,))[0]
        face, edge = _first(handle.get_facecolor()), _first(handle.get_edgecolor())
        return _svg(_shape(d, face, edge, width, handle.get_alpha()))
    if isinstance(handle, Line2D):
        body = ""
        if handle.get_linestyle() not in ("None", "none", " ", ""):
            body += _shape(
                f"M{-_BOX:g} 0H{_BOX:g}",
                None,
                handle.get_color(),
                handle.get_linewidth(),
                handle.get_alpha(),
            )
        marker = MarkerStyle(handle.get_marker())
        if marker.get_marker() not in ("None", "none", " ", "", None):
            path = marker.get_path().transformed(marker.get_transform())
            body += _shape(
                svg_path(path, handle.get_markersize()),
                handle.get_markerfacecolor() if marker.is_filled() else None,
                handle.get_markeredgecolor(),
                handle.get_markeredgewidth(),
                handle.get_alpha(),
            )
        return _svg(body)
    return None


def legend_html(ax: Axes) -> str | None:
    """``ax``'s legend entries as HTML, in order.

    Returns None (keep the legend in the picture) when there is no legend, or when an entry
    is not one plain artist of a kind this module translates (a container such as an error
    bar draws several artists per entry, of which a legend keeps only the first).
    """
    legend = ax.get_legend()
    if legend is None:
        return None
    sources, labels = ax.get_legend_handles_labels()
    texts = [text.get_text() for text in legend.get_texts()]
    if labels != texts or not all(isinstance(s, _SOURCES) for s in sources):
        return None
    entries = []
    for handle, text in zip(legend.legend_handles, texts, strict=True):
        swatch = _swatch(handle)
        if swatch is None:
            return None
        entries.append(
            '<span style="white-space: nowrap; margin-right: 16px">'
            f"{swatch} {html.escape(text)}</span>"
        )
    return (
        '<div style="font-size: 12px; line-height: 22px; margin: 0 20px 0 60px">'
        + " ".join(entries)
        + "</div>"
    )
