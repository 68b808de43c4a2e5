"""The explorers' HTML: small tables, percentages, and an impossible combination in words.

An explorer's numbers are shown as HTML (the browser lays out text for free, the kernel only
sends a string): a table whose first column names a metric and whose other columns hold its
values, right-aligned so that digits line up.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from simtoken.errors import ConfigError

__all__ = ["html_table", "percent", "problem_html"]

_CELL = 'style="padding: 2px 10px; text-align: {}"'


def html_table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A small HTML table: the first column left-aligned, the others right-aligned."""

    def row(cells: Sequence[object], tag: str) -> str:
        return (
            "<tr>"
            + "".join(
                f"<{tag} {_CELL.format('right' if i else 'left')}>{html.escape(str(c))}</{tag}>"
                for i, c in enumerate(cells)
            )
            + "</tr>"
        )

    return "<table>" + row(header, "th") + "".join(row(r, "td") for r in rows) + "</table>"


def percent(share: float | None) -> str:
    """A share as a percentage with one decimal (``99.5%``); ``n/a`` for None."""
    return "n/a" if share is None else f"{share:.1%}"


def problem_html(error: ConfigError) -> str:
    """An impossible combination, said in words: what to change, and the error's own line."""
    return (
        '<div style="border-left: 4px solid #d55e00; padding: 4px 10px; background: #fff4ec">'
        f"<b>This combination cannot run.</b> Change <code>{html.escape(error.field)}</code> "
        f"or the setting it conflicts with.<br><code>{html.escape(str(error))}</code></div>"
    )
