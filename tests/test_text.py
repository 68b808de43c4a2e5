"""One text-table formatter and one duration formatter serve every table and duration printed."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import simtoken
from simtoken._text import approx_duration, duration, text_table
from simtoken.plots import format_duration
from simtoken.policy.tables import presets_table

SOURCE = Path(simtoken.__file__).parent


@pytest.mark.parametrize(
    ("seconds", "spaced", "compact"),
    [
        (0, "0 s", "0s"),
        (2.5, "2.5 s", "2.5s"),
        (45, "45 s", "45s"),
        (90, "90 s", "90s"),
        (300, "5 min", "5m"),
        (5400, "90 min", "90m"),
        (3600, "1 h", "1h"),
        (86_400, "24 h", "24h"),
        (90_000, "25 h", "25h"),
        (172_800, "2 d", "2d"),
        (2_592_000, "30 d", "30d"),
        (31_536_000, "365 d", "1y"),
        (315_360_000, "3650 d", "10y"),
    ],
)
def test_duration_in_its_largest_exact_unit(seconds: float, spaced: str, compact: str) -> None:
    assert duration(seconds) == spaced == format_duration(seconds)
    assert duration(seconds, compact=True) == compact


def test_text_table_aligns_strips_and_rules() -> None:
    rows = [["name", "n", "note"], ["alpha", "1", ""], ["b", "22", "x"]]
    assert text_table(rows) == "name   n   note\nalpha  1\nb      22  x"
    assert text_table(rows, right_from=1, rule=True) == (
        "name    n  note\n-----  --  ----\nalpha   1\nb      22     x"
    )


cells = st.text(st.characters(codec="ascii", exclude_characters="\n\r"), max_size=6)


@given(st.integers(1, 5).flatmap(lambda n: st.lists(st.lists(cells, min_size=n, max_size=n), min_size=1, max_size=5)), st.integers(0, 5))  # fmt: skip
def test_text_table_is_the_hand_written_tables_it_replaced(rows: list[list[str]], k: int) -> None:
    # The sweep's table before it used text_table: left-aligned parameters, right-aligned cells.
    widths = [max(map(len, column)) for column in zip(*rows, strict=True)]
    old = "\n".join(
        "  ".join(
            c.rjust(w) if i >= k else c.ljust(w)
            for i, (c, w) in enumerate(zip(line, widths, strict=True))
        ).rstrip()
        for line in rows
    )
    assert text_table(rows, right_from=k) == old


def test_presets_table_is_a_text_table_with_a_rule() -> None:
    lines = presets_table().splitlines()
    assert re.fullmatch(r"-+(  -+)*", lines[1])
    assert lines[0].startswith("preset") and all(line == line.rstrip() for line in lines)


def test_no_other_module_aligns_columns_or_formats_durations_by_hand() -> None:
    for path in SOURCE.rglob("*.py"):
        if path.name == "_text.py" or "widgets" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        assert ".ljust(" not in text and ".rjust(" not in text, path
        assert "def _duration" not in text, path
    assert "duration(" in inspect.getsource(format_duration)


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "0 s"),
        (57.44, "57.4 s"),
        (90, "1 min 30 s"),
        (1122, "18 min 42 s"),
        (10_523.19, "2 h 55 min"),
        (19_224.774099, "5 h 20 min"),
        (165_600, "46 h"),
        (200_000, "2 d 8 h"),
    ],
)
def test_approx_duration_in_two_rounded_units(seconds: float, text: str) -> None:
    assert approx_duration(seconds) == text
