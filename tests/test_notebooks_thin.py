"""Notebook cells stay thin: logic lives in the package, a cell only calls it.

Every code cell of every notebook (``notebooks/``, and ``exercises/`` once it exists) holds at
most :data:`MAX_CODE_LINES` lines of code: lines that are neither blank nor comments (magics
such as ``%matplotlib inline`` count). Formatting a table, joining two runs' numbers or
checking a long list of facts belongs in a typed, documented, tested function of the package
(:mod:`simtoken.analysis.readings`, :mod:`simtoken.analysis.facts` ...), which the cell calls.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MAX_CODE_LINES = 10
NOTEBOOKS = sorted(
    path for folder in ("notebooks", "exercises") for path in (ROOT / folder).rglob("*.ipynb")
)


def code_lines(source: str) -> int:
    """Lines of code in a cell's source: neither blank nor a comment."""
    return sum(
        1 for line in source.splitlines() if line.strip() and not line.lstrip().startswith("#")
    )


def code_cells(path: Path) -> list[tuple[int, str]]:
    """``(index, source)`` of each code cell of the notebook at ``path``."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return [
        (i, "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"])
        for i, cell in enumerate(cells)
        if cell["cell_type"] == "code"
    ]


def test_the_counter_counts_code_not_blanks_or_comments() -> None:
    source = (
        "# NBVAL_IGNORE_OUTPUT\n%matplotlib inline\n\nx = 1  # one\n    # indented note\nprint(x)\n"
    )
    assert code_lines(source) == 3
    assert code_lines("") == 0


def test_there_are_notebooks_to_check() -> None:
    assert {p.name for p in NOTEBOOKS} >= {
        "02-expiry-and-refresh.ipynb",
        "03-rotation-and-races.ipynb",
        "04-theft-and-mitigations.ipynb",
        "05-forged-tokens.ipynb",
    }


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_code_cell_is_thin(path: Path) -> None:
    cells = code_cells(path)
    assert cells, f"{path.name} has no code cell"
    thick = {i: n for i, source in cells if (n := code_lines(source)) > MAX_CODE_LINES}
    assert thick == {}, f"{path.name}: cells (index: lines of code) over {MAX_CODE_LINES}"
