"""The simulated clock: how SimPy time becomes the timestamps inside a JWT.

A SimPy environment counts time in plain numbers. simtoken reads them as **seconds since a
simulated epoch** (by default 2026-01-01T00:00:00Z). A token minted at sim time ``t`` carries
``iat = epoch + floor(t)``: a real-looking NumericDate (RFC 7519 §2) that any JWT decoder can
read, while a thirty-day session still runs in milliseconds. Think of a film set's wall clock:
it shows a believable time, but the director decides when it moves.

The same mapping runs backwards so that a claim (``exp``) can be shown as "sim second 300".
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import UTC, datetime

from simtoken.errors import ConfigError

__all__ = ["DEFAULT_EPOCH", "SimClock"]

DEFAULT_EPOCH = datetime(2026, 1, 1, tzinfo=UTC)
"""The moment sim time 0 stands for, unless a run says otherwise."""


@dataclass(frozen=True, slots=True)
class SimClock:
    """Converts between sim seconds and JWT NumericDates (whole seconds since 1970)."""

    epoch: datetime = DEFAULT_EPOCH
    epoch_seconds: int = field(init=False, repr=False, compare=False)
    """The epoch as a NumericDate."""

    def __post_init__(self) -> None:
        if self.epoch.tzinfo is None:
            raise ConfigError("epoch", self.epoch, "a timezone-aware datetime (e.g. UTC)")
        object.__setattr__(self, "epoch_seconds", math.floor(self.epoch.timestamp()))

    def numeric_date(self, sim_time: float) -> int:
        """The NumericDate (integer seconds) of a sim time; fractions are dropped, as PyJWT does."""
        return self.epoch_seconds + math.floor(sim_time)

    def sim_time(self, numeric_date: float) -> float:
        """The sim time of a NumericDate."""
        return float(numeric_date - self.epoch_seconds)

    def isoformat(self, sim_time: float) -> str:
        """A human-readable UTC timestamp for a sim time."""
        return datetime.fromtimestamp(self.epoch_seconds + sim_time, UTC).isoformat()
