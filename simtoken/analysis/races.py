"""Races: how often the concurrent-tabs race logs users out, measured over many users and days.

One run of ``concurrent-tabs`` shows the race once; a rate needs many users and many days. The
table runs the scenario for each number of tabs under three cures (no grace interval, a 30 s
grace interval, a single-flight lock shared by the tabs) and reports false logouts per 100
user-days: forced re-logins no attacker caused.
"""

from __future__ import annotations

from simtoken.runner import configure, run
from simtoken.scenarios.concurrent_tabs import CONCURRENT_TABS

__all__ = ["false_logout_table"]


def false_logout_table(
    seed: int = 7, tabs: tuple[int, ...] = (2, 4, 8), users: int = 10, days: int = 10
) -> dict[tuple[int, str], float]:
    """False logouts per 100 user-days for each (tabs, variant); variants: grace 0, 30, lock."""
    variants: dict[str, dict[str, object]] = {
        "grace 0": {},
        "grace 30": {"grace_interval": 30.0},
        "lock": {"single_flight": True},
    }
    common: dict[str, object] = {
        "clients": users,
        "horizon": days * 86_400.0,
        "request_interval": 600.0,
        "algorithm": "HS256",
    }
    table: dict[tuple[int, str], float] = {}
    for n in tabs:
        for label, knobs in variants.items():
            config = configure(CONCURRENT_TABS.name, None, {**common, "tabs": n, **knobs})
            result = run(CONCURRENT_TABS.name, seed=seed, config=config)
            table[(n, label)] = round(result.metrics.false_logouts * 100 / (users * days), 1)
    return table
