"""Readouts: the explorers' numbers as plain text, for a reader without a running kernel.

An explorer needs a live kernel; a notebook read on a repository page, or a stripped copy run
under nbval, sees none of its pictures. So each notebook also prints what the explorer would
show for its starting point and for the settings the notebook suggests trying: the *tries*
below, one :class:`~simtoken.widgets.rotation.RotationChoices` (or race, or theft choices) per
label. :func:`tried` runs them with the explorer's own pure function (same world, same seed)
and returns the runs as :class:`~simtoken.analysis.readings.Variants`, so any metric or fact
can be printed with :func:`~simtoken.analysis.readings.variants_table` and checked with
:func:`~simtoken.analysis.readings.column`. :func:`lifetime_table` prints the lifetime
explorer's sweep.

>>> from simtoken.analysis.readings import column
>>> races = tried(RACE_TRIES)
>>> column(races, "false_logouts_per_100_user_days")
(400.0, 200.0, 0.0, 0.0)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType

from simtoken._text import text_table
from simtoken.analysis.readings import Variants
from simtoken.plots import format_duration
from simtoken.record.result import Result
from simtoken.widgets.lifetime import LifetimeMetrics
from simtoken.widgets.race import RaceChoices, race_outcome
from simtoken.widgets.rotation import RotationChoices, rotation_outcome
from simtoken.widgets.theft import TheftChoices, theft_outcome

__all__ = [
    "RACE_TRIES",
    "ROTATION_TRIES",
    "THEFT_TRIES",
    "Choices",
    "lifetime_table",
    "tried",
]

Choices = RotationChoices | RaceChoices | TheftChoices
"""The choices of an explorer whose outcome is one run."""

ROTATION_TRIES: Mapping[str, RotationChoices] = MappingProxyType(
    {
        "defaults (5% lost, no grace)": RotationChoices(),
        "grace 30 s": RotationChoices(grace_interval=30.0),
        "max reuse 1": RotationChoices(max_reuse=1),
        "no answers lost": RotationChoices(response_loss=0.0),
    }
)
"""The rotation explorer's starting point, and a grace interval longer than the app's 10 s
retry timeout, one allowed reuse, and a network that loses no answer."""

RACE_TRIES: Mapping[str, RaceChoices] = MappingProxyType(
    {
        "4 tabs, 50 ms, no grace": RaceChoices(),
        "race window 0.5 s": RaceChoices(race_window=0.5),
        "grace 1 s": RaceChoices(grace_interval=1.0),
        "single-flight lock": RaceChoices(single_flight=True),
    }
)
"""The race explorer's starting point, a wider race window, a grace interval, the lock."""

THEFT_TRIES: Mapping[str, TheftChoices] = MappingProxyType(
    {
        "theft, naive (defaults)": TheftChoices(),
        "theft, naive + BFF": TheftChoices(storage="cookie_bff"),
        "theft, naive + DPoP": TheftChoices(sender_constraint="dpop"),
        "theft, naive + rotation": TheftChoices(rotation=True, reuse_detection="family"),
        "theft-f2, auth0-spa": TheftChoices(scenario="theft-f2", preset="auth0-spa"),
    }
)
"""The theft explorer's starting point, each mitigation alone, and F2 under ``auth0-spa``."""


def _run(choices: Choices, seed: int) -> Result:
    if isinstance(choices, RotationChoices):
        return rotation_outcome(choices, seed).result
    if isinstance(choices, RaceChoices):
        return race_outcome(choices, seed).result
    return theft_outcome(choices, seed).result


def tried(tries: Mapping[str, Choices], seed: int = 7) -> Variants:
    """Run each labelled choice as its explorer does (the explorer's world, ``seed``)."""
    return Variants(tuple(tries), tuple(_run(choices, seed) for choices in tries.values()))


def lifetime_table(points: Sequence[LifetimeMetrics]) -> str:
    """The lifetime sweep as text, a line per access-token lifetime.

    Columns: the lifetime, the re-logins without and with refresh tokens, and the auth
    server's load with them (requests per simulated hour).
    """
    header = [
        "AT lifetime",
        "re-logins without RT",
        "re-logins with RT",
        "auth-server load with RT",
    ]
    rows = [header]
    for p in points:
        without, with_ = p.without_refresh.victim_logins, p.with_refresh.victim_logins
        load = f"{p.with_refresh.as_load_per_h:.2f} /h"
        rows.append([format_duration(p.lifetime), str(without), str(with_), load])
    return text_table(rows, right_from=0)
