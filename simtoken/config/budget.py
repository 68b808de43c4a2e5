"""Work budget: what a run will cost, estimated from its configuration before it starts.

A simulation has no natural size limit: ``horizon=1e8``, ``request_interval=1e-9`` or
``clients=100000`` are all valid numbers, and each would keep the computer busy for hours
while the trace fills its memory. Like a builder who prices a job before digging, simtoken
estimates the work of a run from its configuration and refuses (a one-line
:class:`~simtoken.errors.ConfigError`) any run above a budget, before the first event.

The unit of work is one *event* of the SimPy scheduler (a timeout, an answer awaited, a
process started). The estimate is a sum of terms, each the expected count of one activity
times a safety margin, so it stays above what a run really does (a test checks it on every
scenario):

=================== =========================================================================
term                events
=================== =========================================================================
client API calls    users x apps x tabs x ``horizon`` x active share / ``request_interval``, each
                    call up to two requests (a 401, a refresh, a retry), more with loss, twice
                    as many with a real login flow (``login_flow``: a login is two requests)
activity periods    users x apps x tabs x ``horizon`` / (``active_period`` + ``idle_period``)
worker calls        ``workers`` x ``horizon`` / ``worker_interval``, each call up to four
                    requests (a token request, the call, and both again after a 401)
attacker            (``horizon`` - ``theft_at``) / ``attacker_interval`` calls, plus a refresh
                    every half ``access_token_lifetime`` (a thief, a forger, a flow attack, or
                    a key thief from ``key_leak_at`` if that is earlier);
                    ``resteal_interval`` wake-ups
signing keys        ``horizon`` / ``key_rotation_interval`` keys (an RSA key costs as much
                    time as ~20,000 events; a key leak, ``key_leak_at``, adds the emergency
                    key), the APIs' JWKS fetches (``jwks_cache_ttl``,
                    ``jwks_refetch_interval``) times the keys each document lists
=================== =========================================================================

The refusal names the *dominant* setting: of the settings in the largest term, the one
furthest from its default (``clients=100000``: 100,000 times the default).
The default budget, :data:`DEFAULT_MAX_EVENTS`, lets a one-year, one-user run through (about
half a minute);
``max_events`` (``--max-events``) raises or lowers the budget.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from simtoken.config.run import RunConfig
from simtoken.errors import ConfigError
from simtoken.validate import whole

__all__ = [
    "DEFAULT_MAX_EVENTS",
    "SECONDS_PER_EVENT",
    "Estimate",
    "Term",
    "check_budget",
    "check_max_events",
    "estimate",
]

DEFAULT_MAX_EVENTS = 10_000_000
"""The default budget of one run, in estimated events (a one-year, one-user ``refresh`` run is
~6.7 million; the estimate is 2-10 times the events a run really has, each 20-70 µs)."""

SECONDS_PER_EVENT = 1e-5
"""Rough wall time per *estimated* event, to announce how long a sweep may take."""

_DEFAULTS = RunConfig()
_STEPS_PER_REQUEST = 8.0  # send, deliver, serve, answer, return, and the processes around them
_MARGIN = 2.0  # the estimate is an expected count: twice it stays above the seeds' spread
_SLACK = 2_000.0  # per actor: short runs, logins, the drain after the horizon
_KEY_EVENTS = {"RS256": 2_000.0}  # deriving a 2048-bit RSA key takes ~0.04 s (GMP powmod)
_SETUP_TICK = {"grace-interval": 1.0, "logout": 20.0, "sso": 30.0}
"""Scenario setups that poll on a timer (seconds between wake-ups)."""


@dataclass(frozen=True)
class Term:
    """One activity's estimated events and the settings it grows with: (name, value, ratio).

    ``ratio`` is how far the value is from its default in the direction of more work
    (``clients=10``: 10; ``request_interval=6``: 10).
    """

    what: str
    events: float
    factors: tuple[tuple[str, object, float], ...]


@dataclass(frozen=True)
class Estimate:
    """The estimated events of a run: their total and the terms they come from."""

    events: int
    terms: tuple[Term, ...]

    def dominant(self) -> tuple[str, object, str]:
        """(setting, value, activity) of the largest term's most extreme setting."""
        term = max(self.terms, key=lambda t: t.events)
        name, value, _ = max(term.factors, key=lambda f: f[2])
        return name, value, term.what


def _up(name: str, value: float) -> tuple[str, object, float]:
    """A factor whose work grows with its value."""
    default = float(getattr(_DEFAULTS, name, 1.0) or 1.0)
    return name, value, value / default


def _down(name: str, value: float, default: float | None = None) -> tuple[str, object, float]:
    """A factor whose work grows as its value shrinks."""
    base = float(getattr(_DEFAULTS, name)) if default is None else default
    return name, value, math.inf if value <= 0 else base / value


def _client_terms(config: RunConfig, scenario: str | None) -> list[Term]:
    cfg = config
    users = cfg.clients * cfg.tabs * cfg.apps
    period = cfg.active_period + cfg.idle_period
    share = cfg.active_period / period
    survive = (1.0 - cfg.loss) * (1.0 - cfg.response_loss)
    per_call = 2.0 / survive * (2.0 if cfg.policy.validation == "introspection" else 1.0)
    per_call *= 1.0 if cfg.login_flow == "direct" else 2.0  # a login is two requests
    calls = cfg.horizon * share / cfg.request_interval
    people = (
        _up("clients", cfg.clients),
        _up("apps", cfg.apps),
        _up("tabs", cfg.tabs),
        _up("horizon", cfg.horizon),
    )
    terms = [
        Term(
            "client API calls",
            users * (calls * (per_call * _STEPS_PER_REQUEST + 1.0) + _SLACK),
            (*people, _down("request_interval", cfg.request_interval), _up("loss", cfg.loss)),
        ),
    ]
    longest = "active_period" if cfg.active_period >= cfg.idle_period else "idle_period"
    terms.append(
        Term(
            "activity periods",
            users * 4.0 * (cfg.horizon / period + 1.0),
            (*people, _down(longest, getattr(cfg, longest))),
        )
    )
    tick = _SETUP_TICK.get(scenario or "")
    if tick is not None:
        terms.append(
            Term("scenario timer", 2.0 * cfg.horizon / tick, (_up("horizon", cfg.horizon),))
        )
    return terms


def _worker_terms(config: RunConfig) -> list[Term]:
    cfg = config
    if not cfg.workers:
        return []
    survive = (1.0 - cfg.loss) * (1.0 - cfg.response_loss)
    per_call = 4.0 / survive * (2.0 if cfg.policy.validation == "introspection" else 1.0)
    calls = cfg.horizon / cfg.worker_interval
    return [
        Term(
            "worker calls",
            cfg.workers * (calls * (per_call * _STEPS_PER_REQUEST + 1.0) + _SLACK),
            (
                _up("workers", cfg.workers),
                _up("horizon", cfg.horizon),
                _down("worker_interval", cfg.worker_interval),
            ),
        )
    ]


def _attacker_terms(config: RunConfig) -> list[Term]:
    cfg = config
    span = cfg.horizon - min(cfg.theft_at, cfg.key_leak_at or cfg.theft_at)
    terms = []
    if cfg.theft_vector != "none" or cfg.forge != "none" or cfg.attacks_flow or cfg.key_leak_at:
        lifetime = float(cfg.policy.access_token_lifetime)
        refreshes = 0.0 if cfg.attacker_strategy == "quiet" else span / (lifetime / 2.0)
        iterations = span / cfg.attacker_interval + refreshes + span / 30.0
        terms.append(
            Term(
                "attacker calls",
                iterations * (_STEPS_PER_REQUEST + 1.0) + _SLACK,
                (
                    _up("horizon", cfg.horizon),
                    _down("attacker_interval", cfg.attacker_interval),
                    ("access_token_lifetime", cfg.policy.access_token_lifetime, 300.0 / lifetime),
                ),
            )
        )
    if cfg.theft_vector == "persistent_xss":
        terms.append(
            Term(
                "persistent XSS re-steals",
                2.0 * span / cfg.resteal_interval,
                (_up("horizon", cfg.horizon), _down("resteal_interval", cfg.resteal_interval)),
            )
        )
    return terms


def _key_terms(config: RunConfig) -> list[Term]:
    cfg = config
    interval = cfg.key_rotation_interval
    if (interval <= 0 and not cfg.key_leak_at) or "weak_hmac_secret" in cfg.vulnerable:
        return []
    keys = (cfg.horizon / interval if interval > 0 else 0.0) + 3.0  # + a leaked key's successor
    cost = _KEY_EVENTS.get(cfg.policy.algorithm, 10.0)
    published = min(keys, cfg.key_overlap / interval + 3.0) if interval > 0 else 2.0
    throttle = max(cfg.jwks_refetch_interval, cfg.request_interval)
    fetches = len(cfg.audiences) * (cfg.horizon / cfg.jwks_cache_ttl + cfg.horizon / throttle)
    rotation = _down("key_rotation_interval", interval or 86_400.0, 86_400.0)
    return [
        Term("signing keys", keys * cost, (_up("horizon", cfg.horizon), rotation)),
        Term(
            "JWKS fetches",
            fetches * (_STEPS_PER_REQUEST + published),
            (
                _up("horizon", cfg.horizon),
                rotation,
                _down("jwks_cache_ttl", cfg.jwks_cache_ttl),
                _up("key_overlap", cfg.key_overlap),
            ),
        ),
    ]


def estimate(config: RunConfig, scenario: str | None = None) -> Estimate:
    """The estimated events of a run of ``config`` (an upper bound; see the module docstring).

    ``scenario`` adds the polling of the scenarios whose setup wakes up on a timer.
    """
    terms = _client_terms(config, scenario) + _worker_terms(config) + _attacker_terms(config)
    terms += _key_terms(config)
    total = sum(t.events for t in terms) * _MARGIN
    return Estimate(int(min(total, 1e18)), tuple(terms))


def check_max_events(value: object) -> int:
    """Validate a budget: a whole number >= 1."""
    return whole("max_events", value, minimum=1)


def check_budget(
    config: RunConfig, max_events: int = DEFAULT_MAX_EVENTS, scenario: str | None = None
) -> Estimate:
    """The estimate of a run; :class:`ConfigError` naming the dominant setting if over budget."""
    limit = check_max_events(max_events)
    found = estimate(config, scenario)
    if found.events > limit:
        name, value, what = found.dominant()
        raise ConfigError(
            name,
            value,
            f"a run within the budget of {limit:,} events (this one: ~{found.events:.3g} events, "
            f"mostly {what}); raise it with max_events / --max-events",
        )
    return found
