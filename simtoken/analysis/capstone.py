"""The capstone: one design, measured against every failure mode, within budgets.

The course's running case has three clients: a single-page app (SPA), a mobile app and a
nightly worker. A learner's :class:`Design` is the settings they choose: ``shared`` for the auth
server and the APIs (the policy, validation, JWKS handling), and one set per client (``spa``,
``mobile``, ``worker``: where tokens live, DPoP, a single-flight lock ...). :func:`evaluate`
runs the design through :data:`CHECKS`, one seeded scenario per failure mode of
``docs/failure-modes.md`` that a design can change, on each seed given, and sets each against
the :class:`Budgets`: what the attacker may keep, what the users may pay, what the auth server
may carry. A design that passes on the seeds a learner tries can still fail on seeds it did not
see: an instructor grades on others (``exercises/``).

What each check measures, as the mean over the seeds:

* ``attacker_window_s``: ``attacker_access_s``, how long the thief held a token that worked on
  its own, from anywhere (0 where nobody attacks);
* ``attacker_online_s``: ``attacker_online_s``, how long it could act through the victim's open
  page (a script riding a BFF session, a non-extractable key): shown beside the window and not
  budgeted, since no token design removes a script from the page;
* ``logins_per_user_day``: ``victim_logins`` per user per simulated day (the users' cost);
* ``false_logouts``: of those, the ones with nobody attacking, per user per day;
* ``load_per_user_h``: ``as_load_per_h`` per user (the auth server's cost);
* ``availability``: ``victim_availability``, the share of the users' calls that succeeded (an
  outage, such as an API that does not know a new signing key, is a cost too).

Where it simplifies: one seeded run per check and seed, horizons shortened to keep a
notebook quick (each check says its own), and the budgets are the course's, not a standard's.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from simtoken._text import text_table
from simtoken.errors import ConfigError
from simtoken.record.metrics import Metrics
from simtoken.runner import run

__all__ = ["CHECKS", "Budgets", "Check", "CheckResult", "Design", "Scorecard", "evaluate"]

Client = Literal["spa", "mobile", "worker"]


_HEADER: tuple[str, ...] = ("check", "attacker s", "online s", "logins/day", "false/day")
_HEADER += ("load/h", "calls ok", "verdict")


@dataclass(frozen=True)
class Check:
    """One failure mode as a seeded scenario, for one of the three clients."""

    code: str
    title: str
    scenario: str
    client: Client
    settings: Mapping[str, object] = field(default_factory=dict)
    """The scenario's settings the capstone fixes (shorter horizons), before the design's."""


CHECKS: tuple[Check, ...] = (
    Check("F1", "a refresh token stolen from the SPA", "theft-f1", "spa", {"horizon": 86400}),
    Check("F2", "a theft, then the race to refresh", "theft-f2", "spa", {"horizon": 86400}),
    Check("F3", "a persistent script, the user offline", "theft-f3", "spa", {"horizon": 86400}),
    Check("F3b", "a script's own silent login", "theft-f3b", "spa", {"horizon": 86400}),
    Check("F4", "a leaked access token after logout", "theft-f4", "spa"),
    Check("F5", "four tabs refreshing at once", "concurrent-tabs", "spa"),
    Check("F6", "refresh answers lost on a phone", "lost-response", "mobile", {"horizon": 259200}),
    Check("F7", "two weeks of a mobile app", "mobile", "mobile"),
    Check("F8", "a stolen session kept busy", "theft-f8", "spa", {"horizon": 172800}),
    Check("K1", "a signing-key rotation", "key-rotation", "spa"),
    Check("W1", "a nightly worker for eight days", "background", "worker", {"horizon": 691200}),
)
"""The checks, in the order of ``docs/failure-modes.md`` (W1: the worker's own)."""


@dataclass(frozen=True)
class Budgets:
    """What a design may cost: the attacker's window, the users' logins, the auth server's load."""

    attacker_window_s: float = 3600.0
    logins_per_user_day: float = 1.0
    false_logouts: float = 0.5
    load_per_user_h: float = 60.0
    availability: float = 0.9
    """The least share of the users' calls that must succeed (a floor, not a ceiling)."""


@dataclass(frozen=True)
class Design:
    """A learner's design: settings for the servers (``shared``) and for each client."""

    shared: Mapping[str, object] = field(default_factory=dict)
    spa: Mapping[str, object] = field(default_factory=dict)
    mobile: Mapping[str, object] = field(default_factory=dict)
    worker: Mapping[str, object] = field(default_factory=dict)

    def settings_for(self, check: Check) -> dict[str, object]:
        """The settings one check runs with: the check's own, the shared, its client's."""
        own: Mapping[str, object] = getattr(self, check.client)
        return {**check.settings, **self.shared, **own}


@dataclass(frozen=True)
class CheckResult:
    """One check's means over the seeds, and the budgets it broke (empty: it passed)."""

    check: Check
    attacker_window_s: float
    attacker_online_s: float
    logins_per_user_day: float
    false_logouts: float
    load_per_user_h: float
    availability: float
    broken: tuple[str, ...]

    @property
    def passed(self) -> bool:
        """Whether every budget held."""
        return not self.broken


@dataclass(frozen=True)
class Scorecard:
    """A design's results on every check, and how many passed."""

    results: tuple[CheckResult, ...]
    seeds: tuple[int, ...]

    @property
    def passed(self) -> int:
        """How many checks stayed within every budget."""
        return sum(r.passed for r in self.results)

    def format_table(self) -> str:
        """One line per check: its measures, and pass or the budgets it broke."""
        rows = [list(_HEADER)]
        for r in self.results:
            verdict = "pass" if r.passed else "over: " + ", ".join(r.broken)
            rows.append(
                [
                    f"{r.check.code} {r.check.title}",
                    f"{r.attacker_window_s:,.0f}",
                    f"{r.attacker_online_s:,.0f}",
                    f"{r.logins_per_user_day:.2f}",
                    f"{r.false_logouts:.2f}",
                    f"{r.load_per_user_h:.1f}",
                    f"{r.availability:.1%}",
                    verdict,
                ]
            )
        total = f"{self.passed} of {len(self.results)} checks passed on seeds {list(self.seeds)}"
        return text_table(rows) + "\n" + total


def _measures(metrics: Metrics, days: float, users: int) -> tuple[float, ...]:
    per_user_day = users * days
    logins, false = metrics.victim_logins / per_user_day, metrics.false_logouts / per_user_day
    ok = 1.0 if metrics.victim_availability is None else metrics.victim_availability
    window, online = metrics.attacker_access_s, metrics.attacker_online_s
    return window, online, logins, false, metrics.as_load_per_h / users, ok


def _result(check: Check, design: Design, seeds: Sequence[int], budgets: Budgets) -> CheckResult:
    rows = []
    for seed in seeds:
        result = run(check.scenario, seed=seed, **design.settings_for(check))  # type: ignore[arg-type]
        config = result.config
        users = max(1, config.clients + config.workers)
        rows.append(_measures(result.metrics, config.horizon / 86400.0, users))
    window, online, logins, false, load, ok = (
        round(statistics.fmean(column), 6) for column in zip(*rows, strict=True)
    )
    over = [
        ("attacker window", window > budgets.attacker_window_s),
        ("logins", logins > budgets.logins_per_user_day),
        ("false logouts", false > budgets.false_logouts),
        ("load", load > budgets.load_per_user_h),
        ("availability", ok < budgets.availability),
    ]
    broken = tuple(name for name, is_over in over if is_over)
    return CheckResult(check, window, online, logins, false, load, ok, broken)


def evaluate(
    design: Design, seeds: Sequence[int] = (1, 2), budgets: Budgets | None = None
) -> Scorecard:
    """Run ``design`` through every check on every seed; see the module docstring.

    Raises :class:`~simtoken.errors.ConfigError` naming the check whose settings cannot run.
    """
    if not seeds:
        raise ConfigError("seeds", list(seeds), "at least one seed")
    chosen = budgets or Budgets()
    results = []
    for check in CHECKS:
        try:
            results.append(_result(check, design, seeds, chosen))
        except ConfigError as error:
            raise ConfigError(
                f"{check.code} ({check.scenario}): {error.field}", error.value, error.allowed
            ) from None
    return Scorecard(tuple(results), tuple(seeds))
