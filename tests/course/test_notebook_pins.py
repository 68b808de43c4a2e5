"""The course notebooks' exact numbers, pinned here so the notebooks can stay readable.

Each ``pins/nbNN.py`` is notebook NN's code with every assertion it once carried; the notebook
itself keeps one readable assertion per result (strict nbval checks its printed outputs too).
"""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest

PINS = sorted((Path(__file__).parent / "pins").glob("nb*.py"))


def test_there_is_a_pin_script_for_each_notebook_with_assertions() -> None:
    assert [p.stem for p in PINS] == ["nb02", "nb03", "nb04", "nb05"]


@pytest.mark.parametrize("script", PINS, ids=lambda p: p.stem)
def test_the_notebook_code_holds_every_pinned_number(script: Path) -> None:
    runpy.run_path(str(script), run_name="__pins__")
