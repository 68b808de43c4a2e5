"""Text cache: rasterise each label once, then paste its pixels at every redraw.

A sign painter who letters "EXIT" on a hundred doors cuts one stencil and sprays through it.
An explorer redraws its picture at every control move, and most of the words in it (tick
labels, lane names, axis labels) are the same words at the same places as last time; with
matplotlib 3.11's text engine, shaping and rasterising them is over a third of the cost of a
redraw. :class:`CachingRenderer` is an Agg renderer that keeps the pixels of each text it has
drawn, keyed by everything that decides them: the string, the font properties, the angle, the
colour and alpha, antialiasing, font features and language, the resolution, and the text's
position *within a pixel* (FreeType places glyphs in 1/64 px steps). A repeated text is pasted
(alpha-composited) at its new whole-pixel position in its turn, so the drawing order is kept
and the picture is the one matplotlib would have drawn, to within one level of rounding.

Clipped texts and mathtext are drawn the normal way, uncached.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

import numpy as np
from matplotlib.backend_bases import GraphicsContextBase
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.text import Text

__all__ = ["CachingCanvas", "CachingRenderer", "TextCache"]

_AGG: Any = RendererAgg  # matplotlib's Agg renderer has no type hints

Stencil = tuple[np.ndarray, int, int]
"""A text's pixels (straight-alpha RGBA) and its offset (columns, rows) from its anchor."""


class TextCache:
    """The stencils of a canvas's texts, least recently used first (at most ``size``)."""

    def __init__(self, size: int = 512) -> None:
        self.size = size
        self.stencils: OrderedDict[tuple[Any, ...], Stencil] = OrderedDict()
        self.hits = self.misses = 0

    def get(self, key: tuple[Any, ...]) -> Stencil | None:
        """The stencil for ``key`` (counted as a hit), or None (a miss)."""
        stencil = self.stencils.get(key)
        if stencil is None:
            self.misses += 1
        else:
            self.hits += 1
            self.stencils.move_to_end(key)
        return stencil

    def clear(self) -> None:
        """Forget every stencil (the next draw rasterises every text again)."""
        self.stencils.clear()

    def put(self, key: tuple[Any, ...], stencil: Stencil) -> None:
        """Keep ``stencil``, forgetting the least recently used one beyond ``size``."""
        self.stencils[key] = stencil
        if len(self.stencils) > self.size:
            self.stencils.popitem(last=False)


def _over(dst: np.ndarray, src: np.ndarray) -> None:
    """Composite straight-alpha ``src`` over straight-alpha ``dst``, in place (uint8 RGBA)."""
    a = src[..., 3:4].astype(np.float32) / 255.0
    b = dst[..., 3:4].astype(np.float32) / 255.0
    out_a = a + b * (1.0 - a)
    safe = np.where(out_a > 0, out_a, 1.0)
    rgb = (src[..., :3] * a + dst[..., :3] * b * (1.0 - a)) / safe
    dst[..., :3] = np.rint(rgb).astype(np.uint8)
    dst[..., 3:4] = np.rint(out_a * 255.0).astype(np.uint8)


class CachingRenderer(RendererAgg):
    """An Agg renderer whose :meth:`draw_text` goes through a :class:`TextCache`."""

    def __init__(self, width: float, height: float, dpi: float, cache: TextCache) -> None:
        _AGG.__init__(self, width, height, dpi)
        self.cache = cache
        self._scratch: Any = None

    def draw_text(
        self,
        gc: GraphicsContextBase,
        x: float,
        y: float,
        s: str,
        prop: FontProperties,
        angle: float,
        ismath: bool | str = False,
        mtext: Text | None = None,
    ) -> None:
        """Draw ``s`` like Agg does, pasting its cached pixels when it was drawn before."""
        clip_path, _ = gc.get_clip_path()
        if ismath or gc.get_clip_rectangle() is not None or clip_path is not None:
            _AGG.draw_text(self, gc, x, y, s, prop, angle, ismath, mtext)
            return
        fx, fy = round(64 * x), round(64 * (self.height - y))  # FreeType's 26.6 units
        key = (
            s,
            hash(prop),
            angle,
            self.dpi,
            fx % 64,
            fy % 64,
            gc.get_rgb(),
            gc.get_alpha(),
            gc.get_forced_alpha(),
            gc.get_antialiased(),
            None
            if mtext is None
            else (tuple(mtext.get_fontfeatures() or ()), mtext.get_language()),
        )
        col, row = fx // 64, fy // 64
        stencil = self.cache.get(key)
        if stencil is None:
            stencil = self._rasterise(gc, x, y, s, prop, angle, mtext, col, row)
            self.cache.put(key, stencil)
        self._paste(stencil, col, row)

    def _rasterise(
        self,
        gc: GraphicsContextBase,
        x: float,
        y: float,
        s: str,
        prop: FontProperties,
        angle: float,
        mtext: Text | None,
        col: int,
        row: int,
    ) -> Stencil:
        scratch = self._scratch
        if scratch is None:
            scratch = self._scratch = _AGG(self.width, self.height, self.dpi)
        scratch.clear()
        _AGG.draw_text(scratch, gc, x, y, s, prop, angle, False, mtext)
        pixels = np.asarray(scratch.buffer_rgba())
        alpha = pixels[..., 3]
        rows, cols = np.flatnonzero(alpha.any(axis=1)), np.flatnonzero(alpha.any(axis=0))
        if not len(rows):
            return np.zeros((0, 0, 4), np.uint8), 0, 0
        r0, r1, c0, c1 = rows[0], rows[-1] + 1, cols[0], cols[-1] + 1
        return pixels[r0:r1, c0:c1].copy(), int(c0) - col, int(r0) - row

    def _paste(self, stencil: Stencil, col: int, row: int) -> None:
        pixels, dc, dr = stencil
        height, width = pixels.shape[:2]
        canvas = np.asarray(_AGG.buffer_rgba(self))
        top, left = row + dr, col + dc
        r0, c0 = max(top, 0), max(left, 0)
        r1, c1 = min(top + height, canvas.shape[0]), min(left + width, canvas.shape[1])
        if r0 < r1 and c0 < c1:
            _over(canvas[r0:r1, c0:c1], pixels[r0 - top : r1 - top, c0 - left : c1 - left])


class CachingCanvas(FigureCanvasAgg):
    """An Agg canvas drawing with a :class:`CachingRenderer` over one :class:`TextCache`."""

    def __init__(self, figure: Figure, cache: TextCache | None = None) -> None:
        super().__init__(figure)
        self.cache = cache or TextCache()
        self._size: tuple[int, int, float] | None = None
        self._renderer: CachingRenderer | None = None

    def get_renderer(self) -> RendererAgg:
        """The renderer for the figure's current size (a new one when the size changed)."""
        width, height = self.get_width_height(physical=True)
        size = (width, height, self.figure.dpi)
        if self._renderer is None or self._size != size:
            self._renderer = CachingRenderer(width, height, self.figure.dpi, self.cache)
            self._size = size
        self.renderer = self._renderer
        return self._renderer
