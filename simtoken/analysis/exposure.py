"""Exposure: your own configuration, measured against each failure mode and against the BCP.

"What does this mean for *our* settings?" A configuration (a product preset, the settings you
change on it, where the browser app keeps its tokens) is run through the seeded scenario of each
failure mode F1 to F8 of ``docs/failure-modes.md`` (the capstone's checks,
:data:`simtoken.analysis.capstone.CHECKS`), and so is the ``rfc9700-bcp`` preset, the
simulator's reading of RFC 9700 (the OAuth 2.0 Security Best Current Practice: rotation with
reuse detection for public clients, §4.14.2; audience-restricted access tokens, §2.3) with the
example lifetimes of the browser-apps BCP (draft-ietf-oauth-browser-based-apps; each number and
its source in ``docs/presets.md``). Each line of the :class:`Exposure` sets the two side by
side:

* the attacker's window: ``attacker_access_s``, how long the thief held a token that worked on
  its own, and ``attacker_online_s``, how long it could act through the victim's open page;
* the user's cost: forced logins per user-day (``victim_logins``), and of those the
  ``false_logouts`` (nobody attacking), per user-day;
* the auth server's load per user (``as_load_per_h``).

The storage you choose applies to the checks of the single-page app (F1 to F5, F8); the mobile
checks (F6, F7) keep the phone's keystore. The BCP column keeps each scenario's own storage:
it measures the policy, not the front end.

Where it simplifies: one seeded run per check and column (the numbers are exact for that seed,
not averages), the capstone's shortened horizons, and only what the simulator models (the
import's ledger, :mod:`simtoken.analysis.product_import`, names what it does not).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from simtoken.analysis.capstone import CHECKS, Check
from simtoken.analysis.product_import import Imported
from simtoken.config.run import Storage
from simtoken.record.metrics import Metrics
from simtoken.runner import build, configure

__all__ = [
    "ASSESSED",
    "BCP_PRESET",
    "Configuration",
    "Exposure",
    "ExposureRow",
    "Measure",
    "assess",
    "measure",
]

ASSESSED: tuple[Check, ...] = tuple(c for c in CHECKS if c.code.startswith("F"))
"""The failure modes a token configuration changes: F1 to F8 (with F3b)."""

BCP_PRESET = "rfc9700-bcp"
"""The preset every configuration is set against."""

Progress = Callable[[int, int, str], None]
"""Called after each run: (runs done, runs in all, what just ran)."""


@dataclass(frozen=True)
class Configuration:
    """What is assessed: a preset, settings over it, and the browser app's token storage."""

    preset: str = "naive"
    settings: Mapping[str, object] = field(default_factory=dict)
    storage: Storage = "web_storage"
    imported: Imported | None = None
    """The product file the settings came from, if any (its ledger goes into the report)."""

    def for_check(self, check: Check) -> dict[str, object]:
        """The settings one check runs with: the check's own, yours, the storage (SPA only)."""
        values = {**check.settings, **self.settings}
        if check.client == "spa":
            values["storage"] = self.storage
        return values

    def validate(self) -> None:
        """Raise the :class:`~simtoken.errors.ConfigError` of the first check that cannot run."""
        for check in ASSESSED:
            configure(check.scenario, self.preset, self.for_check(check))


@dataclass(frozen=True)
class Measure:
    """One run's figures: the attacker's windows, the user's cost, the auth server's load."""

    attacker_access_s: float
    attacker_online_s: float
    logins_per_day: float
    false_logouts_per_day: float
    load_per_h: float


def measure(metrics: Metrics, days: float, users: int) -> Measure:
    """A run's :class:`Measure` (costs per user and per simulated day)."""
    user_days = max(1, users) * days
    return Measure(
        attacker_access_s=round(metrics.attacker_access_s, 3),
        attacker_online_s=round(metrics.attacker_online_s, 3),
        logins_per_day=round(metrics.victim_logins / user_days, 4),
        false_logouts_per_day=round(metrics.false_logouts / user_days, 4),
        load_per_h=round(metrics.as_load_per_h / max(1, users), 4),
    )


def _compare(yours: float, bcp: float) -> str:
    if yours == bcp:
        return "as the BCP"
    return "above the BCP" if yours > bcp else "below the BCP"


@dataclass(frozen=True)
class ExposureRow:
    """One failure mode: your configuration's figures and the BCP's."""

    check: Check
    yours: Measure
    bcp: Measure

    @property
    def verdict(self) -> str:
        """Your attacker window and user cost set against the BCP's, in a few words."""
        return (
            f"window {_compare(self.yours.attacker_access_s, self.bcp.attacker_access_s)}; "
            f"logins {_compare(self.yours.logins_per_day, self.bcp.logins_per_day)}"
        )


@dataclass(frozen=True)
class Exposure:
    """The assessment: the configuration, the seed and one row per failure mode."""

    configuration: Configuration
    seed: int
    rows: tuple[ExposureRow, ...]

    @property
    def exposed(self) -> tuple[str, ...]:
        """The codes where your attacker window is longer than the BCP's."""
        return tuple(
            r.check.code for r in self.rows if r.yours.attacker_access_s > r.bcp.attacker_access_s
        )


def _measure_run(check: Check, seed: int, preset: str, values: Mapping[str, object]) -> Measure:
    result = build(check.scenario, configure(check.scenario, preset, values), seed).run()
    config = result.config
    return measure(result.metrics, config.horizon / 86_400.0, config.clients + config.workers)


def assess(
    configuration: Configuration, seed: int = 7, progress: Progress | None = None
) -> Exposure:
    """Run ``configuration`` and the BCP through every failure mode of :data:`ASSESSED`.

    Raises:
        ConfigError: the configuration cannot run (checked before any run starts).
        UnknownNameError: an unknown preset or setting.
    """
    configuration.validate()
    total, rows = 2 * len(ASSESSED), []
    for i, check in enumerate(ASSESSED):
        yours = _measure_run(check, seed, configuration.preset, configuration.for_check(check))
        if progress:
            progress(2 * i + 1, total, f"{check.code}, your configuration")
        bcp = _measure_run(check, seed, BCP_PRESET, dict(check.settings))
        if progress:
            progress(2 * i + 2, total, f"{check.code}, the BCP")
        rows.append(ExposureRow(check, yours, bcp))
    return Exposure(configuration, seed, tuple(rows))
