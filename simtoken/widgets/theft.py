"""Theft explorer: one stolen token, and what each mitigation leaves the attacker.

A stolen refresh token is a copied house key: what it is worth depends on the lock (the
policy), on where the key was kept (``storage``: a script can read web storage but not an
HttpOnly cookie held by a backend-for-frontend, nor a mobile keystore), on how it was taken
(``theft_vector``) and on how patiently the thief uses it (``attacker_strategy``). This
explorer runs one theft scenario (``theft`` or a ``theft-f*`` variant) for one user and one
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

import ipywidgets as widgets

from simtoken.config.run import Storage, Strategy, TheftVector
from simtoken.plots import format_duration
from simtoken.policy.model import ReuseDetection, SenderConstraint, Validation
from simtoken.policy.presets import PRESETS
from simtoken.record.events import TheftFailed
from simtoken.record.metrics import Metrics
from simtoken.record.result import Result
from simtoken.widgets._base import (
    DAY,
    STYLE,
    cached,
    configure,
    durations,
    html_table,
    simulate,
    slider,
)
from simtoken.widgets._timeline import TimelineExplorer

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

THEFT_SCENARIOS = ("theft", "theft-f1", "theft-f2", "theft-f3", "theft-f3b", "theft-f4", "theft-f8")
"""The scenarios the theft and comparison explorers can run."""

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
class TheftOutcome:
    """One theft run: the choices, the seed and the result (trace and metrics)."""

    choices: TheftChoices
    seed: int
    result: Result

    @property
    def metrics(self) -> Metrics:
        """The run's metrics."""
        return self.result.metrics

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
    availability = "n/a" if m.victim_availability is None else f"{m.victim_availability:.1%}"
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
            ("re-logins forced on the user (victim_logins)", m.victim_logins),
            ("… with nobody attacking (false_logouts)", m.false_logouts),
            ("user calls that succeeded (victim_availability)", availability),
            ("auth-server load, requests / h (as_load_per_h)", f"{m.as_load_per_h:.2f}"),
        ],
    )


def _caption(outcome: TheftOutcome, title: str) -> str:
    c = outcome.choices
    policy = f"preset <code>{html.escape(c.preset)}</code>" if c.preset else "its own policy"
    failed = "".join(f"<br>The theft failed: {html.escape(r)}." for r in outcome.failures)
    return (
        f"<b>{html.escape(title)}</b><br>Scenario <code>{html.escape(c.scenario)}</code> "
        f"with {policy}, one user, {format_duration(c.horizon)}, seed {outcome.seed}.{failed}"
    ).replace("\n", "<br>")


class TheftExplorer(TimelineExplorer[TheftOutcome]):
    """The theft explorer (see the module docstring and :class:`Explorer`)."""

    def compute(self, values: Mapping[str, Any]) -> TheftOutcome:
        """The outcome of the choices the controls show (an empty preset is none)."""
        return super().compute({**values, "preset": values["preset"] or None})

    def outcome(self, choices: Any) -> TheftOutcome:
        """Run (or fetch from the cache) these choices."""
        return _cached_outcome(choices, self.seed)

    def table_html(self, outcome: TheftOutcome) -> str:
        """The metrics table."""
        return theft_table(outcome)

    def caption_html(self, outcome: TheftOutcome, title: str) -> str:
        """The caption above the picture."""
        return _caption(outcome, title)

    def react(self, change: Mapping[str, Any]) -> None:
        """A new preset sets the mitigation controls to that preset's defaults."""
        if change["owner"] is self.controls["preset"]:
            policy = configure(self.choices.scenario, change["new"] or None).policy
            for name in _POLICY_LEVEL:
                self.controls[name].value = getattr(policy, name)


def _dropdown(description: str, options: Any, value: Any) -> Any:
    return widgets.Dropdown(options=options, value=value, description=description, style=STYLE)


def _controls(c: TheftChoices) -> dict[str, Any]:
    return {
        "preset": _dropdown(
            "preset", [("scenario's own policy", ""), *((p, p) for p in PRESETS)], c.preset or ""
        ),
        "storage": _dropdown(
            "storage",
            [
                ("JS memory", "memory"),
                ("web storage", "web_storage"),
                ("HttpOnly cookie + BFF", "cookie_bff"),
                ("OS keystore", "keystore"),
            ],
            c.storage,
        ),
        "theft_vector": _dropdown(
            "theft vector",
            ["none", "xss", "persistent_xss", "device", "sniffing", "log_leak", "new_flow"],
            c.theft_vector,
        ),
        "theft_at": slider(
            "theft at",
            durations((300.0, 1800.0, 3600.0, 7200.0, 4 * 3600.0, 8 * 3600.0, 12 * 3600.0)),
            c.theft_at,
            continuous=False,  # see the module docstring
        ),
        "attacker_strategy": _dropdown(
            "attacker",
            ["immediate", "wait_offline", "aggressive", "quiet", "race"],
            c.attacker_strategy,
        ),
        "rotation": widgets.Checkbox(value=c.rotation, description="rotation", style=STYLE),
        "reuse_detection": _dropdown(
            "reuse detection", ["none", "family", "user"], c.reuse_detection
        ),
        "sender_constraint": _dropdown(
            "sender constraint", [("bearer", "none"), ("DPoP", "dpop")], c.sender_constraint
        ),
        "revoke_on_logout": widgets.Checkbox(
            value=c.revoke_on_logout, description="revoke on logout", style=STYLE
        ),
        "validation": _dropdown(
            "API validation", ["local", "introspection", "denylist"], c.validation
        ),
    }


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
    choices = (choices or TheftChoices()).resolved()
    _cached_outcome(choices, seed)  # invalid choices raise here, before any control exists
    return TheftExplorer(choices, _controls(choices), seed)
