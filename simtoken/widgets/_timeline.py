"""Timeline explorers: one run, shown as a caption, a metrics table and its timeline.

The rotation, race and theft explorers are of this kind.

Like three television channels on one set: the set (the kept figure, the caption, the table
and the legend) is the same, only the programme differs. A subclass says how to run its
choices (:meth:`TimelineExplorer.outcome`, a cached pure function) and how to write its
caption and table; this class does the rest.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any, Protocol, TypeVar

from simtoken.record.result import Result
from simtoken.widgets._base import Explorer
from simtoken.widgets._canvas import Canvas

__all__ = ["RunOutcome", "TimelineExplorer"]


class RunOutcome(Protocol):
    """What a timeline explorer's pure function returns: at least the run."""

    @property
    def result(self) -> Result: ...


OutcomeT = TypeVar("OutcomeT", bound=RunOutcome)


class TimelineExplorer(Explorer[OutcomeT]):
    """An explorer over a frozen choices dataclass whose fields are its controls' names."""

    def __init__(self, choices: Any, controls: dict[str, Any], seed: int) -> None:
        self.choices = choices
        self.canvas = Canvas()
        super().__init__(controls, seed=seed)

    def outcome(self, choices: Any) -> OutcomeT:
        """Run (or fetch from the cache) these choices."""
        raise NotImplementedError  # pragma: no cover - abstract

    def table_html(self, outcome: OutcomeT) -> str:
        """The metrics table."""
        raise NotImplementedError  # pragma: no cover - abstract

    def caption_html(self, outcome: OutcomeT, title: str) -> str:
        """The caption above the picture (``title`` is the timeline's own title)."""
        raise NotImplementedError  # pragma: no cover - abstract

    def compute(self, values: Mapping[str, Any]) -> OutcomeT:
        """The outcome of the choices the controls show."""
        return self.outcome(dataclasses.replace(self.choices, **values))

    def paint(self, outcome: OutcomeT) -> None:
        """Caption, metrics table and timeline."""
        title, self.legend.value = self.canvas.draw_timeline(outcome.result)
        self.caption.value = self.caption_html(outcome, title)
        self.table.value = self.table_html(outcome)
        self.chart.value = self.canvas.png()
