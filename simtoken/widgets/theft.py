"""Theft explorer: one stolen token, and what each mitigation leaves the attacker.

A stolen refresh token is a copied house key: what it is worth depends on the lock (the
policy), on where the key was kept (``storage``: a script can read web storage but not an
HttpOnly cookie, nor a mobile keystore), on how it was taken (``theft_vector``; ``csrf``
takes nothing but makes the victim's browser send requests that ride a cookie) and on how
patiently the thief uses it (``attacker_strategy``). This explorer runs one theft scenario
(``theft``, a ``theft-f*`` variant, ``cookie-refresh`` or ``csrf``) for one user and one
day under a product preset and the mitigations you switch on, and shows what the simulator
knows and no server does: how long the attacker held a working access token
(``attacker_access_s``) and refresh token (``attacker_refresh_s``), how long and how often it
could still act through the victim's open page when it held no usable token of its own (a BFF
session it rides, a non-extractable DPoP key: ``attacker_online_s``, ``attacker_online_calls``),
when the theft was detected, and what the mitigations cost the user; the timeline shows the
theft.

Choosing a preset sets the mitigation controls to that product's defaults; change them from
there. The theft-time slider updates when released, not while dragged: with a 5-minute access
token and no rotation (the scenario's own policy, ``simplejwt-*``) the attacker refreshes every
four minutes for the rest of the day, and one update takes a few hundred milliseconds; under
the default preset (``naive``) it takes well under 100 ms. Some combinations cannot exist
(rotation off while reuse detection or a grace interval is on): the explorer says so in words
and waits.

>>> outcome = theft_outcome(TheftChoices())
>>> outcome.metrics.attacker_refresh_s, outcome.metrics.detection_latency_s
(82800.0, None)
>>> theft_outcome(TheftChoices(storage="cookie_bff")).metrics.attacker_refresh_s
0.0
"""

from __future__ import annotations

import dataclasses
import html
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from simtoken.config.run import Storage, Strategy, TheftVector
from simtoken.plots import format_duration
from simtoken.policy.model import ReuseDetection, SenderConstraint, Validation
from simtoken.policy.presets import PRESETS
from simtoken.record.events import TheftFailed
from simtoken.runner import configure
from simtoken.scenarios import THEFT_SCENARIOS  # the explorers run every theft scenario
from simtoken.widgets._base import DAY, cached, simulate
from simtoken.widgets._controls import Choice, Control, Steps, Toggle, durations
from simtoken.widgets._html import html_table, percent
from simtoken.widgets._timeline import RunOutcome, TimelineExplorer

__all__ = [
    "THEFT_SCENARIOS",
    "TheftChoices",
    "TheftExplorer",
    "TheftOutcome",
    "hours",
    "theft_explorer",
    "theft_outcome",
    "theft_table",
]

_SCENARIO_LEVEL = ("storage", "theft_vector", "theft_at", "attacker_strategy")
_POLICY_LEVEL = (
    "rotation",
    "reuse_detection",
    "sender_constraint",
    "revoke_on_logout",
    "validation",
)


@dataclass(frozen=True)
class TheftChoices:
    """What the theft explorer runs; every field but ``scenario`` and ``preset`` is a setting.

    ``None`` means "as the scenario (storage, vector, time, strategy) or the preset (the
    policy knobs) says". ``preset`` None keeps the scenario's own policy. The last four fields
    fix the world: one day; the user calls every 10 minutes (while active) and the attacker
    about once an hour while it holds a token (it still refreshes ahead of every expiry, so its
    windows do not depend on this); HS256 tokens (no metric depends on the algorithm).
    """

    scenario: str = "theft"
    preset: str | None = "naive"
    storage: Storage | None = None
    theft_vector: TheftVector | None = None
    theft_at: float | None = None
    attacker_strategy: Strategy | None = None
    rotation: bool | None = None
    reuse_detection: ReuseDetection | None = None
    sender_constraint: SenderConstraint | None = None
    revoke_on_logout: bool | None = None
    validation: Validation | None = None
    request_interval: float = 600.0
    attacker_interval: float = 3600.0
    horizon: float = DAY
    algorithm: str = "HS256"

    def settings(self) -> dict[str, Any]:
        """The settings ``simtoken.run`` gets (the fields that are not None)."""
        data = dataclasses.asdict(self)
        del data["scenario"], data["preset"]
        return {name: value for name, value in data.items() if value is not None}

    def resolved(self) -> TheftChoices:
        """These choices with every None replaced by the scenario's or the preset's value.

        Raises:
            ConfigError: the choices form an impossible combination.
        """
        config = configure(self.scenario, self.preset, self.settings())
        policy = config.policy
        filled = {n: getattr(config, n) for n in _SCENARIO_LEVEL}
        filled |= {n: getattr(policy, n) for n in _POLICY_LEVEL}
        return dataclasses.replace(self, **filled)


@dataclass(frozen=True)
class TheftOutcome(RunOutcome[TheftChoices]):
    """One theft run: the choices, the seed and the result (trace and metrics)."""

    @property
    def failures(self) -> tuple[str, ...]:
        """Why theft attempts got nothing (empty when the theft worked)."""
        return tuple(e.reason for e in self.result.trace if isinstance(e, TheftFailed))


def theft_outcome(choices: TheftChoices, seed: int = 7) -> TheftOutcome:
    """Run the theft scenario with ``choices`` (uncached; the explorer caches it).

    Raises:
        ConfigError: the choices form an impossible combination.
        UnknownNameError: an unknown scenario or preset.
    """
    result = simulate(choices.scenario, seed, choices.preset, choices.settings())
    return TheftOutcome(choices, seed, result)


_cached_outcome = cached(theft_outcome)


def hours(seconds: float | None, never: str = "never") -> str:
    """A window in seconds, also in hours: ``82,800 s (23.0 h)``; ``never`` for None."""
    if seconds is None:
        return never
    return f"{seconds:,.0f} s ({seconds / 3600:.1f} h)"


def theft_table(outcome: TheftOutcome) -> str:
    """The outcome's metrics as an HTML table: the attacker's gains, then the user's costs."""
    m = outcome.metrics
    return html_table(
        ("metric", "value"),
        [
            ("attacker held a usable access token (attacker_access_s)", hours(m.attacker_access_s)),
            (
                "… and could act through the open page (attacker_online_s)",
                hours(m.attacker_online_s),
            ),
            (
                "attacker's accepted requests through the page (attacker_online_calls)",
                m.attacker_online_calls,
            ),
            (
                "attacker held a usable refresh token (attacker_refresh_s)",
                hours(m.attacker_refresh_s),
            ),
            ("theft → first detection (detection_latency_s)", hours(m.detection_latency_s)),
            ("attacker's successful API calls (attacker_api_calls)", m.attacker_api_calls),
            ("cross-site requests the app accepted (csrf_accepted)", m.csrf_accepted),
            ("re-logins forced on the user (victim_logins)", m.victim_logins),
            ("… with nobody attacking (false_logouts)", m.false_logouts),
            ("user calls that succeeded (victim_availability)", percent(m.victim_availability)),
            ("auth-server load, requests / h (as_load_per_h)", f"{m.as_load_per_h:.2f}"),
        ],
    )


_SPEC: dict[str, Control] = {
    "preset": Choice(
        "preset", (("scenario's own policy", ""), *((p, p) for p in PRESETS)), none=""
    ),
    "storage": Choice(
        "storage",
        (
            ("JS memory", "memory"),
            ("web storage", "web_storage"),
            ("refresh token in an HttpOnly cookie", "cookie_rt"),
            ("HttpOnly cookie + BFF", "cookie_bff"),
            ("OS keystore", "keystore"),
        ),
    ),
    "theft_vector": Choice(
        "theft vector",
        ("none", "xss", "persistent_xss", "device", "sniffing", "log_leak", "new_flow", "csrf"),
    ),
    "theft_at": Steps(
        "theft at",
        durations((300.0, 1800.0, 3600.0, 7200.0, 4 * 3600.0, 8 * 3600.0, 12 * 3600.0)),
        continuous=False,  # see the module docstring
    ),
    "attacker_strategy": Choice(
        "attacker", ("immediate", "wait_offline", "aggressive", "quiet", "race")
    ),
    "rotation": Toggle("rotation"),
    "reuse_detection": Choice("reuse detection", ("none", "family", "user")),
    "sender_constraint": Choice("sender constraint", (("bearer", "none"), ("DPoP", "dpop"))),
    "revoke_on_logout": Toggle("revoke on logout"),
    "validation": Choice("API validation", ("local", "introspection", "denylist")),
}


class TheftExplorer(TimelineExplorer[TheftChoices, TheftOutcome]):
    """The theft explorer (see the module docstring and :class:`Explorer`)."""

    SPEC = _SPEC

    def outcome(self, choices: TheftChoices) -> TheftOutcome:
        """Run (or fetch from the cache) these choices."""
        return _cached_outcome(choices, self.seed)

    def describe(self, outcome: TheftOutcome, title: str) -> tuple[str, str]:
        """The caption (scenario, policy, why a theft failed) and :func:`theft_table`."""
        c = outcome.choices
        policy = f"preset <code>{html.escape(c.preset)}</code>" if c.preset else "its own policy"
        failed = "".join(f"<br>The theft failed: {html.escape(r)}." for r in outcome.failures)
        caption = (
            f"<b>{html.escape(title)}</b><br>Scenario <code>{html.escape(c.scenario)}</code> "
            f"with {policy}, one user, {format_duration(c.horizon)}, seed {outcome.seed}.{failed}"
        ).replace("\n", "<br>")
        return caption, theft_table(outcome)

    def react(self, change: Mapping[str, Any]) -> None:
        """A new preset sets the mitigation controls to that preset's defaults."""
        if change["owner"] is self.controls["preset"]:
            policy = configure(
                self.choices.scenario, self.spec["preset"].read(change["new"])
            ).policy
            for name in _POLICY_LEVEL:
                self.controls[name].value = getattr(policy, name)


def theft_explorer(choices: TheftChoices | None = None, *, seed: int = 7) -> TheftExplorer:
    """Build the theft explorer (see the module docstring).

    Args:
        choices: the scenario, preset, first control values and world; the defaults (the
            ``theft`` scenario under the ``naive`` preset) by default.
        seed: the seed of every run.

    Returns:
        The widget; display it by making it the last expression of a cell.

    Raises:
        ConfigError: the first choices form an impossible combination.
        UnknownNameError: an unknown scenario or preset.
    """
    return TheftExplorer((choices or TheftChoices()).resolved(), seed=seed)
