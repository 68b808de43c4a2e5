"""Timeline explorers: one run, shown as a caption, a metrics table and its timeline.

The rotation, race and theft explorers are of this kind.

Like three television channels on one set: the set (the kept figure, the caption, the table
and the legend) is the same, only the programme differs. A subclass says how to run its
choices (:meth:`~simtoken.widgets._base.Explorer.outcome`, a cached pure function) and what
to say about the run (:meth:`TimelineExplorer.describe`: its caption and metrics table);
this class draws the timeline, and :class:`~simtoken.widgets._base.Explorer` does the rest.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from simtoken.record.metrics import Metrics
from simtoken.record.result import Result
from simtoken.widgets._base import ChoicesT, Explorer, Picture

__all__ = ["RunOutcome", "TimelineExplorer"]


@dataclass(frozen=True)
class RunOutcome(Generic[ChoicesT]):
    """One run of an explorer's choices: the choices, the seed and the result."""

    choices: ChoicesT
    seed: int
    result: Result

    @property
    def metrics(self) -> Metrics:
        """The run's metrics."""
        return self.result.metrics


OutcomeT = TypeVar("OutcomeT", bound=RunOutcome)  # type: ignore[type-arg]  # any choices


class TimelineExplorer(Explorer[ChoicesT, OutcomeT]):
    """An explorer whose outcome is one run, drawn as that run's timeline."""

    def describe(self, outcome: OutcomeT, title: str) -> tuple[str, str]:
        """The caption (``title`` is the timeline's own) and the metrics table, as HTML."""
        raise NotImplementedError  # pragma: no cover - abstract

    def draw(self, outcome: OutcomeT) -> Picture:
        """The run's timeline (legend as HTML), with the caption and table."""
        title, legend = self.canvas.draw_timeline(outcome.result)
        caption, table = self.describe(outcome, title)
        return Picture(caption, table, self.canvas.png(), legend)
