"""Token bars: each token's validity as a bar in its lane, coloured by who holds it.

A lane is a strip of the timeline: its upper, thin row holds refresh tokens, its lower, wide row
access tokens (one sub-row per audience when a client calls several APIs). Tokens whose
validity overlaps (a proactive refresh gets the next access token before the last one dies)
are packed side by side in tracks, like meetings in a calendar's day view. Neighbouring bars
alternate two shades of their holder's colour so that back-to-back tokens stay countable.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import cast

import numpy as np
import numpy.typing as npt
from matplotlib.axes import Axes
from matplotlib.collections import PolyCollection

from simtoken.names import server_name
from simtoken.plots import _style as st
from simtoken.plots.holdings import TokenSpan, token_spans
from simtoken.record.result import Result

__all__ = ["ROWS", "draw_tokens", "rectangles"]

ROWS = {"refresh": (-0.44, -0.26), "access": (-0.20, 0.18)}
"""Top and bottom of each token type's row, relative to its lane's centre (y grows down)."""
_MAX_TRACKS = 3
_Box = tuple[float, float, float, float]


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


def _tokens(result: Result) -> list[list[TokenSpan]]:
    """The spans of each token, grouped per token, in the order of issue."""
    grouped: list[list[TokenSpan]] = []
    for span in token_spans(result):
        if grouped and grouped[-1][0].issued is span.issued:
            grouped[-1].append(span)
        else:
            grouped.append([span])
    return grouped


def rectangles(boxes: Sequence[_Box]) -> Sequence[npt.NDArray[np.float64]]:
    """Corners of rectangles given as (x0, x1, y0, y1): one (N, 4, 2) array, for a collection."""
    b = np.asarray(boxes, dtype=float).reshape(-1, 4)
    x0, x1, y0, y1 = b[:, 0], b[:, 1], b[:, 2], b[:, 3]
    corners = np.stack([x0, y0, x0, y1, x1, y1, x1, y0], axis=1).reshape(-1, 4, 2)
    return cast("Sequence[npt.NDArray[np.float64]]", corners)  # an array is what is fastest


_Bars = dict[str, tuple[list[_Box], list[str]]]
_Kept = tuple[list[_Box], list[str]]
_Groups = dict[tuple[str, str, str], list[list[TokenSpan]]]
_Packed = list[tuple[str, list[list[TokenSpan]], list[int], int]]


def draw_tokens(ax: Axes, result: Result, row: Mapping[str, int], lo: float, hi: float) -> None:
    """One collection of bars per token type and holder (gid ``tokens:TYPE:HOLDER``).

    A lane's access tokens get one sub-row per audience (labelled when there are several),
    split further into tracks where tokens overlap (a proactive refresh, say). Refresh tokens
    kept after being rotated away are outlined (gid ``tokens:refresh:kept``).
    """
    audience_order = {a: i for i, a in enumerate(result.config.audiences)}
    bars: _Bars = {}
    kept: _Kept = ([], [])
    groups = _groups(result, lo, hi)
    for token_type in ("refresh", "access"):
        lanes_here = dict.fromkeys(lane for kind, lane, _ in groups if kind == token_type)
        for lane in lanes_here:
            keys = sorted(
                (key for key in groups if key[:2] == (token_type, lane)),
                key=lambda k: audience_order.get(k[2], len(audience_order)),
            )
            packed = [
                (key[2], groups[key], *_pack([(t[0].start, t[-1].end) for t in groups[key]]))
                for key in keys
            ]
            _draw_lane(ax, token_type, row[lane], packed, (lo, hi), (bars, kept))
    _add_all_bars(ax, bars, kept)


def _groups(result: Result, lo: float, hi: float) -> _Groups:
    """The tokens seen within [lo, hi], per (token type, lane, audience for access tokens)."""
    groups: _Groups = {}
    for token in _tokens(result):
        first = token[0]
        if token[-1].end > lo and first.start < hi:
            group = first.audience if first.token_type == "access" else ""
            groups.setdefault((first.token_type, first.lane, group), []).append(token)
    return groups


def _draw_lane(
    ax: Axes,
    token_type: str,
    centre: int,
    packed: _Packed,
    window: tuple[float, float],
    into: tuple[_Bars, _Kept],
) -> None:
    """Boxes of one lane's tokens of one type, a sub-row per group (labelled if several)."""
    top, bottom = ROWS[token_type]
    height = (bottom - top) / sum(n for *_, n in packed)
    offset = 0
    for group, tokens, tracks, n in packed:
        for i, (token, track) in enumerate(zip(tokens, tracks, strict=True)):
            y0 = centre + top + (offset + track) * height
            _box_token(token, token_type, i, (y0, y0 + height * 0.85), window, into)
        if len(packed) > 1:
            ax.text(
                1.005,
                centre + top + (offset + n / 2) * height,
                server_name(group),
                transform=ax.get_yaxis_transform(),
                fontsize=7,
                va="center",
            )
        offset += n


def _box_token(
    token: list[TokenSpan],
    token_type: str,
    i: int,
    rows: tuple[float, float],
    window: tuple[float, float],
    into: tuple[_Bars, _Kept],
) -> None:
    """A box per span of one token (the ``i``-th of its track), clipped to the window."""
    (lo, hi), (bars, kept) = window, into
    for span in token:
        start, end = max(span.start, lo), min(span.end, hi)
        if end <= start:
            continue
        colour = st.HOLDER_COLOURS[span.holder][token_type][i % 2]
        boxes, faces = (
            kept if not span.honoured else bars.setdefault(f"{token_type}:{span.holder}", ([], []))
        )
        boxes.append((start, end, *rows))
        faces.append(colour)


def _add_all_bars(ax: Axes, bars: _Bars, kept: _Kept) -> None:
    """The collections, in a fixed order: by token type, then holder; kept tokens last."""
    for token_type in ("refresh", "access"):
        for holder in ("victim", "attacker", "both"):
            if f"{token_type}:{holder}" in bars:
                boxes, faces = bars[f"{token_type}:{holder}"]
                label = f"{token_type} token: {st.HOLDER_LABELS[holder]}"
                _add_bars(ax, boxes, faces, f"tokens:{token_type}:{holder}", label)
    if kept[0]:
        label = "refresh token kept, no longer honoured"
        _add_bars(ax, *kept, "tokens:refresh:kept", label, filled=False)


def _add_bars(
    ax: Axes,
    boxes: list[_Box],
    colours: list[str],
    gid: str,
    label: str,
    *,
    filled: bool = True,
) -> None:
    bars = PolyCollection(
        rectangles(boxes),
        facecolors=colours if filled else "none",
        edgecolors=colours,
        linewidths=0.3 if filled else 1.2,
        linestyles="solid" if filled else (0, (3, 2)),
    )
    bars.set_label(f"{label} ({len(boxes)})")
    bars.set_gid(gid)
    ax.add_collection(bars, autolim=False)
