"""Plain text for terminals and notebooks: aligned tables and durations, each formatted one way.

Every text table simtoken prints (the presets, a trace, a comparison, a sweep, the CLI's lists
and the forgery catalog) is :func:`text_table`: the first row is the header, columns are
separated by two spaces and padded to their widest cell, left-aligned (numbers right-aligned
from a given column on), with trailing spaces stripped, and optionally a rule of dashes under
the header. Every duration named for a reader is :func:`duration`: the largest unit that
divides it exactly, days only from two days on (so one day reads ``24 h``), in a spaced form
for prose and axes or a compact one for tables. A measured duration (a metric, never exact) is
:func:`approx_duration`: its two largest units, rounded to the second one.

>>> print(text_table([["name", "n"], ["alpha", "1"], ["b", "22"]], right_from=1, rule=True))
name    n
-----  --
alpha   1
b      22
>>> duration(300), duration(86_400), duration(172_800), duration(2.5)
('5 min', '24 h', '2 d', '2.5 s')
>>> [duration(s, compact=True) for s in (300, 86_400, 2_592_000, 315_360_000)]
['5m', '24h', '30d', '10y']
>>> [approx_duration(s) for s in (0, 0.25, 57.4, 1122, 19_224.77, 165_600, 200_000)]
['0 s', '0.2 s', '57.4 s', '18 min 42 s', '5 h 20 min', '46 h', '2 d 8 h']

A missing value (``None``: no detection, nothing revoked, no call made) reads ``-`` in every
text table and listing, :func:`show_value`:

>>> show_value(None), show_value(3), show_value(0.5)
('-', '3', '0.5')

This module is a leaf: it imports nothing from simtoken, so every layer may use it.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["MISSING", "approx_duration", "duration", "show_value", "text_table"]

_DAY = 86_400
# (symbol, seconds, the fewest whole units it is used for), largest first
_SPACED = (("d", _DAY, 2), ("h", 3_600, 1), ("min", 60, 1))
_PARTS = (("d", _DAY, 2), ("h", 3_600, 1), ("min", 60, 1), ("s", 1, 1))
_COMPACT = (("y", 365 * _DAY, 1), ("d", _DAY, 2), ("h", 3_600, 1), ("m", 60, 1))


MISSING = "-"
"""How a missing value (``None``) reads in text output."""


def show_value(value: object) -> str:
    """``value`` as text, with a missing value (``None``) as :data:`MISSING`."""
    return MISSING if value is None else str(value)


def duration(seconds: float, *, compact: bool = False) -> str:
    """A duration in its largest exact unit: ``45 s``, ``5 min``, ``24 h``, ``2 d``.

    ``compact`` (for tables) drops the space and adds years: ``5m``, ``24h``, ``30d``, ``10y``.
    A duration no unit divides is in seconds (``2.5 s``).
    """
    units, space = (_COMPACT, "") if compact else (_SPACED, " ")
    for symbol, size, fewest in units:
        if seconds >= fewest * size and seconds % size == 0:
            return f"{seconds / size:g}{space}{symbol}"
    return f"{seconds:g}{space}s"


def approx_duration(seconds: float) -> str:
    """A measured duration in its two largest units, rounded: ``18 min 42 s``, ``5 h 20 min``.

    Under a minute it is seconds to one decimal (``57.4 s``); days only from two days on, as in
    :func:`duration`. A zero second unit is left out (``46 h``).
    """
    if seconds < 60:
        return f"{round(seconds, 1):g} s"
    big = next(i for i, (_, size, fewest) in enumerate(_PARTS) if seconds >= fewest * size)
    (name, size, _), (small_name, small, _) = _PARTS[big], _PARTS[big + 1]
    whole, rest = divmod(round(seconds / small), size // small)
    return f"{whole} {name} {rest} {small_name}" if rest else f"{whole} {name}"


def text_table(
    rows: Sequence[Sequence[str]], *, right_from: int | None = None, rule: bool = False
) -> str:
    """``rows`` (the header first) as aligned lines, joined by newlines.

    Columns are two spaces apart, each as wide as its widest cell; cells are left-aligned,
    or right-aligned from column ``right_from`` on. ``rule`` puts a line of dashes under the
    header. Trailing spaces are stripped from every line.
    """
    widths = [max(map(len, column)) for column in zip(*rows, strict=True)]
    right = len(widths) if right_from is None else right_from
    lines = [
        "  ".join(
            cell.rjust(width) if i >= right else cell.ljust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in rows
    ]
    if rule:
        lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)
