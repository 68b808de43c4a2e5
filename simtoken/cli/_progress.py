"""Progress on a terminal: long work says how far it has got.

A run estimated to take longer than :data:`SLOW_S` seconds (from its work estimate,
:mod:`simtoken.config.budget`) and the audit of a large file show a progress bar on standard
error, and only when standard error is a terminal: pipes, files and CI logs stay clean.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

from tqdm import tqdm

__all__ = ["LARGE_FILE_BYTES", "SLOW_S", "progress_bar"]

SLOW_S = 2.0
"""Work estimated to take longer than this many seconds shows progress."""

LARGE_FILE_BYTES = 8 * 1024 * 1024
"""An audited file at least this large shows progress."""


@contextmanager
def progress_bar(
    show: bool, stream: TextIO, what: str, steps: int = 100
) -> Iterator[Callable[[float], None] | None]:
    """A callback that takes the fraction done (0 to 1) and draws a bar on ``stream``.

    None instead when not ``show`` or when ``stream`` is not a terminal.
    """
    if not show or not stream.isatty():
        yield None
        return
    with tqdm(
        total=steps, desc=what, file=stream, leave=False, unit="%" if steps == 100 else "step"
    ) as bar:

        def advance(fraction: float) -> None:
            bar.update(round(fraction * steps) - bar.n)

        yield advance
