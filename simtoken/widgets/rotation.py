"""Rotation explorer: what single-use refresh tokens cost one honest user on a flaky network.

Rotation is like a cloakroom that swaps your ticket every time you use it: a copied ticket is
caught the moment two people present the same number (*reuse detection*). But an honest guest
whose new ticket was lost on the way (the answer never reached the app, which retries with the
old one) looks exactly like a thief. This explorer runs the ``rotation`` scenario's user for
one day with some answers lost (``response_loss``) and shows what each knob does to her:
forced re-logins (``victim_logins``), the ones nobody attacked her for (``false_logouts``),
the auth server's load, reuse detections and family revocations, and the day's timeline.

Things to try: turn ``response_loss`` to 0 (one honest client never trips reuse detection);
give a grace interval longer than the client's retry ``timeout`` (10 s), or ``max_reuse`` 1
(the retry is forgiven); set reuse detection to ``none`` (no false logouts, but no theft
detection either); switch rotation off while reuse detection is on (an impossible combination:
the explorer says why); make the idle lifetime longer than the absolute one.

>>> outcome = rotation_outcome(RotationChoices())
>>> outcome.metrics.false_logouts, outcome.metrics.reuse_detections
(1, 1)
>>> rotation_outcome(RotationChoices(grace_interval=30.0)).metrics.false_logouts
0
"""

from __future__ import annotations

import dataclasses
import html
from dataclasses import dataclass
from typing import Any

from simtoken.plots import format_duration
from simtoken.policy.model import ReuseDetection
from simtoken.widgets._base import DAY, cached, simulate
from simtoken.widgets._controls import Choice, Control, Count, Steps, Toggle, durations
from simtoken.widgets._html import html_table, percent
from simtoken.widgets._timeline import RunOutcome, TimelineExplorer

__all__ = [
    "ROTATION_SCENARIO",
    "RotationChoices",
    "RotationExplorer",
    "RotationOutcome",
    "rotation_explorer",
    "rotation_outcome",
    "rotation_table",
]

ROTATION_SCENARIO = "rotation"
"""The scenario the explorer runs (one user, rotation with family reuse detection)."""


@dataclass(frozen=True)
class RotationChoices:
    """Everything the rotation explorer sets on top of the scenario; every name is a setting.

    The first eight are the explorer's controls; the last four fix the simulated world: one
    user for one day, a call every 10 minutes while active (fewer marks, faster updates), and
    HS256 tokens (signed in microseconds instead of RS256's millisecond; no metric depends on
    the algorithm).
    """

    rotation: bool = True
    reuse_detection: ReuseDetection = "family"
    grace_interval: float = 0.0
    max_reuse: int = 0
    refresh_token_lifetime: int = int(DAY)
    refresh_token_idle_lifetime: int = 0
    extend_on_rotate: bool = False
    response_loss: float = 0.05
    request_interval: float = 600.0
    horizon: float = DAY
    algorithm: str = "HS256"
    clients: int = 1

    def settings(self) -> dict[str, Any]:
        """The choices as ``simtoken.run`` settings."""
        return dataclasses.asdict(self)


@dataclass(frozen=True)
class RotationOutcome(RunOutcome[RotationChoices]):
    """One rotation run: the choices, the seed and the result (trace and metrics)."""


def rotation_outcome(choices: RotationChoices, seed: int = 7) -> RotationOutcome:
    """Run the ``rotation`` scenario with ``choices`` (uncached; the explorer caches it).

    Raises:
        ConfigError: the choices form an impossible combination (e.g. reuse detection or a
            grace interval without rotation, an idle lifetime above the absolute one).
    """
    return RotationOutcome(
        choices, seed, simulate(ROTATION_SCENARIO, seed, None, choices.settings())
    )


_cached_outcome = cached(rotation_outcome)


def rotation_table(outcome: RotationOutcome) -> str:
    """The outcome's metrics as an HTML table."""
    m = outcome.metrics
    return html_table(
        ("metric", "value"),
        [
            ("re-logins forced on the user (victim_logins)", m.victim_logins),
            ("… with nobody attacking (false_logouts)", m.false_logouts),
            ("auth-server load, requests / h (as_load_per_h)", f"{m.as_load_per_h:.2f}"),
            ("refresh requests", m.refreshes),
            ("reuse detections", m.reuse_detections),
            ("family revocations", m.family_revocations),
            ("user calls that succeeded (victim_availability)", percent(m.victim_availability)),
        ],
    )


_SPEC: dict[str, Control] = {
    "rotation": Toggle("rotation"),
    "reuse_detection": Choice("reuse detection", ("none", "family", "user")),
    "grace_interval": Steps("grace interval", durations((0.0, 5.0, 15.0, 30.0, 60.0, 300.0))),
    "max_reuse": Count("max reuse", 0, 5),
    "refresh_token_lifetime": Steps(
        "refresh-token lifetime",
        durations((3600, 4 * 3600, 8 * 3600, 12 * 3600, 86_400, 7 * 86_400, 30 * 86_400)),
    ),
    "refresh_token_idle_lifetime": Steps(
        "idle lifetime", durations((0, 900, 1800, 3600, 4 * 3600, 8 * 3600, 86_400), off="off")
    ),
    "extend_on_rotate": Toggle("extend on rotate"),
    "response_loss": Steps(
        "answers lost", tuple((f"{v:.0%}", v) for v in (0.0, 0.01, 0.02, 0.05, 0.1, 0.2))
    ),
}


class RotationExplorer(TimelineExplorer[RotationChoices, RotationOutcome]):
    """The rotation explorer (see the module docstring and :class:`Explorer`)."""

    SPEC = _SPEC

    def outcome(self, choices: RotationChoices) -> RotationOutcome:
        """Run (or fetch from the cache) these choices."""
        return _cached_outcome(choices, self.seed)

    def describe(self, outcome: RotationOutcome, title: str) -> tuple[str, str]:
        """The caption (the simulated world) and :func:`rotation_table`."""
        c = outcome.choices
        caption = (
            f"<b>{html.escape(title)}</b><br>One user, {format_duration(c.horizon)}, seed "
            f"{outcome.seed}: a call every {format_duration(c.request_interval)} while active; "
            f"{c.response_loss:.0%} of the servers' answers are lost (the app retries after its "
            "timeout with the refresh token it still holds)."
        )
        return caption, rotation_table(outcome)


def rotation_explorer(choices: RotationChoices | None = None, *, seed: int = 7) -> RotationExplorer:
    """Build the rotation explorer (see the module docstring).

    Args:
        choices: the controls' first values and the simulated world; the defaults by default.
        seed: the seed of every run.

    Returns:
        The widget; display it by making it the last expression of a cell.

    Raises:
        ConfigError: the first choices form an impossible combination.
    """
    return RotationExplorer(choices or RotationChoices(), seed=seed)
