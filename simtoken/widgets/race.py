"""Race explorer: the user's own tabs race to refresh, and strict rotation logs her out.

Several tabs of one app share one token storage, like flatmates sharing one door key that the
landlord replaces every time it is used: when everyone comes home at once, the first one in
gets the new key and every other flatmate's (identical, now retired) key looks stolen, so the
landlord changes the locks on all of them (*reuse detection* revokes the family): a *false
logout*. This explorer runs the ``concurrent-tabs`` scenario (rotation with family reuse
detection) for one user and one day: after each idle period every tab calls its API within
``race_window`` seconds of the user's return, long after the access token expired.

The headline number is **false logouts per 100 user-days**. Things to try: one tab (nothing
to race); widen the race window from milliseconds to seconds (tabs that call more than a
network round trip, 100 ms, after the first find the new token already stored: the losses
fall from 400 to 200 at 0.5 s and to 0 at 5 s); a grace interval of a few seconds; the
single-flight lock (only one tab refreshes, the others wait for its answer).

>>> race_outcome(RaceChoices()).per_100_user_days
400.0
>>> race_outcome(RaceChoices(single_flight=True)).per_100_user_days
0.0
"""

from __future__ import annotations

import dataclasses
import html
from dataclasses import dataclass
from typing import Any

from simtoken.plots import format_duration
from simtoken.widgets._base import DAY, cached, simulate
from simtoken.widgets._controls import Control, Count, Steps, Toggle, durations
from simtoken.widgets._html import html_table
from simtoken.widgets._timeline import RunOutcome, TimelineExplorer

__all__ = [
    "RACE_SCENARIO",
    "RaceChoices",
    "RaceExplorer",
    "RaceOutcome",
    "race_explorer",
    "race_outcome",
    "race_table",
]

RACE_SCENARIO = "concurrent-tabs"
"""The scenario the explorer runs (tabs sharing storage, rotation with reuse detection)."""


@dataclass(frozen=True)
class RaceChoices:
    """Everything the race explorer sets on top of the scenario; every name is a setting.

    The first four are the explorer's controls; the rest fix the world: ``clients`` users for
    one day; besides the burst at each return (the race, which is what matters) each tab calls
    about once every two hours while the user is active (fewer calls, faster updates); HS256
    tokens (no metric depends on the algorithm).
    """

    tabs: int = 4
    race_window: float = 0.05
    grace_interval: float = 0.0
    single_flight: bool = False
    clients: int = 1
    request_interval: float = 7200.0
    horizon: float = DAY
    algorithm: str = "HS256"

    def settings(self) -> dict[str, Any]:
        """The choices as ``simtoken.run`` settings."""
        return dataclasses.asdict(self)


@dataclass(frozen=True)
class RaceOutcome(RunOutcome[RaceChoices]):
    """One race run: the choices, the seed and the result (trace and metrics)."""

    @property
    def user_days(self) -> float:
        """Users times simulated days."""
        return self.choices.clients * self.result.config.horizon / DAY

    @property
    def per_100_user_days(self) -> float:
        """False logouts per 100 user-days (one decimal)."""
        return round(self.metrics.false_logouts * 100 / self.user_days, 1)


def race_outcome(choices: RaceChoices, seed: int = 7) -> RaceOutcome:
    """Run the ``concurrent-tabs`` scenario with ``choices`` (uncached; the explorer caches it).

    Raises:
        ConfigError: a choice is invalid (e.g. ``tabs`` 0).
    """
    return RaceOutcome(choices, seed, simulate(RACE_SCENARIO, seed, None, choices.settings()))


_cached_outcome = cached(race_outcome)


def race_table(outcome: RaceOutcome) -> str:
    """The outcome's metrics as an HTML table, false logouts per 100 user-days first."""
    m = outcome.metrics
    return html_table(
        ("metric", "value"),
        [
            ("false logouts per 100 user-days", f"{outcome.per_100_user_days:g}"),
            ("false logouts (re-logins caused by the user's own tabs)", m.false_logouts),
            ("re-logins forced on the user (victim_logins)", m.victim_logins),
            ("reuse detections", m.reuse_detections),
            ("family revocations", m.family_revocations),
            ("refresh requests", m.refreshes),
            ("auth-server load, requests / h (as_load_per_h)", f"{m.as_load_per_h:.2f}"),
        ],
    )


_SPEC: dict[str, Control] = {
    "tabs": Count("tabs", 1, 8),
    "race_window": Steps("race window Δ", durations((0.0, 0.01, 0.05, 0.1, 0.2, 0.5, 1.0, 5.0))),
    "grace_interval": Steps("grace interval", durations((0.0, 1.0, 5.0, 30.0, 60.0))),
    "single_flight": Toggle("single-flight lock"),
}


class RaceExplorer(TimelineExplorer[RaceChoices, RaceOutcome]):
    """The race explorer (see the module docstring and :class:`Explorer`)."""

    SPEC = _SPEC

    def outcome(self, choices: RaceChoices) -> RaceOutcome:
        """Run (or fetch from the cache) these choices."""
        return _cached_outcome(choices, self.seed)

    def describe(self, outcome: RaceOutcome, title: str) -> tuple[str, str]:
        """The caption (the world and the headline number) and :func:`race_table`."""
        c = outcome.choices
        users = "One user" if c.clients == 1 else f"{c.clients} users"
        lock = "a single-flight lock" if c.single_flight else "no lock"
        caption = (
            f"<b>{html.escape(title)}</b><br>{users} with {c.tabs} tab(s) sharing one storage, "
            f"{format_duration(c.horizon)}, seed {outcome.seed}: at each return every tab calls "
            f"within {format_duration(c.race_window)}; {lock}. "
            f"<b>{outcome.per_100_user_days:g}</b> false logouts per 100 user-days."
        )
        return caption, race_table(outcome)


def race_explorer(choices: RaceChoices | None = None, *, seed: int = 7) -> RaceExplorer:
    """Build the race explorer (see the module docstring).

    Args:
        choices: the controls' first values and the simulated world; the defaults by default.
        seed: the seed of every run.

    Returns:
        The widget; display it by making it the last expression of a cell.

    Raises:
        ConfigError: the first choices are invalid.
    """
    return RaceExplorer(choices or RaceChoices(), seed=seed)
