"""Style: one colour-blind-safe palette for every plot, and a fast way to draw many marks.

Colours come from the Okabe-Ito palette, designed to stay distinct under the common forms of
colour blindness. A colour means one thing everywhere, like the colours of a subway map:

* **who holds a token**: blue, the user (the victim when there is a theft); vermillion, the
  attacker; reddish purple, both (a stolen copy: blue and red make purple). Refresh tokens are
  the deep shade, access tokens the light one, and neighbouring bars alternate two shades so
  back-to-back tokens stay countable;
* **what happened to a request**: bluish green, accepted; orange, rejected (one marker shape
  per reason); grey, lost;
* black for the user's own actions (login, logout) and for revocations; yellow for a reuse
  detection.

:func:`add_marks` draws one kind of mark as a single collection without going through
``Axes.scatter`` (several times slower for a thousand points): a timeline of a day draws in a
few tens of milliseconds, fast enough for a slider.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib import colormaps
from matplotlib.axes import Axes
from matplotlib.collections import PathCollection
from matplotlib.colors import Colormap
from matplotlib.markers import MarkerStyle
from matplotlib.transforms import IdentityTransform

__all__ = [
    "ACCEPTED",
    "BLACK",
    "GREY",
    "HOLDER_COLOURS",
    "HOLDER_LABELS",
    "OKABE_ITO",
    "REJECTED",
    "REUSE",
    "SERIES",
    "add_marks",
    "is_dark",
    "sequential",
]

OKABE_ITO: Mapping[str, str] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}
"""The Okabe-Ito colour-blind-safe palette."""

HOLDER_COLOURS: Mapping[str, Mapping[str, tuple[str, str]]] = {
    "victim": {"refresh": ("#0072B2", "#005A8C"), "access": ("#56B4E9", "#8FCDF0")},
    "attacker": {"refresh": ("#D55E00", "#A84A00"), "access": ("#F0955A", "#F6BC94")},
    "both": {"refresh": ("#A24A83", "#7E3766"), "access": ("#CC79A7", "#E0AACA")},
}
"""Token bar colours: holder (victim, attacker, both) -> token type -> two alternating shades."""

HOLDER_LABELS: Mapping[str, str] = {
    "victim": "user",
    "attacker": "attacker",
    "both": "both (stolen copy)",
}
"""How the legend names each holder."""

ACCEPTED = OKABE_ITO["bluish_green"]
REJECTED = OKABE_ITO["orange"]
REUSE = OKABE_ITO["yellow"]
BLACK = OKABE_ITO["black"]
GREY = "#8c8c8c"

SERIES = (
    OKABE_ITO["blue"],
    OKABE_ITO["vermillion"],
    OKABE_ITO["bluish_green"],
    OKABE_ITO["reddish_purple"],
    OKABE_ITO["orange"],
    OKABE_ITO["sky_blue"],
    OKABE_ITO["black"],
    OKABE_ITO["yellow"],
)
"""Colours for series (policies, parameter values), in order."""


def add_marks(
    ax: Axes,
    points: Sequence[tuple[float, float]],
    *,
    gid: str,
    label: str,
    marker: str,
    size: float,
    colour: str,
    edge: str | None = None,
    linewidth: float = 1.0,
    alpha: float = 1.0,
    zorder: float = 3,
) -> PathCollection | None:
    """Add one collection of identical marks labelled ``"label (n)"``; None if no points.

    A filled marker gets face ``colour`` and an ``edge`` (none by default); a line marker
    (``x``, ``+``, ``|``) is drawn in ``colour``. Marks are not clipped at the axes' edge.
    """
    if not points:
        return None
    style = MarkerStyle(marker)
    path = style.get_path().transformed(style.get_transform())
    if style.is_filled():
        face, edges = colour, (edge or "none")
    else:
        face, edges = "none", colour
    marks = PathCollection(
        (path,),
        sizes=(size,),
        offsets=np.asarray(points, dtype=float),
        offset_transform=ax.transData,
        transform=IdentityTransform(),
        facecolors=face,
        edgecolors=edges,
        linewidths=linewidth,
        alpha=alpha,
        zorder=zorder,
    )
    marks.set_clip_on(False)
    marks.set_label(f"{label} ({len(points)})")
    marks.set_gid(gid)
    ax.add_collection(marks, autolim=False)
    return marks


def sequential(name: str = "viridis") -> Colormap:
    """A copy of a (perceptually uniform, colour-blind-safe) colormap; missing values grey."""
    return colormaps[name].with_extremes(bad="#eeeeee")


def is_dark(rgba: Sequence[float]) -> bool:
    """Whether text on this colour should be white (relative luminance below one half)."""
    r, g, b = rgba[:3]
    return 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.5
