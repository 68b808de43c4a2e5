"""The lab's scene and mitigations: one theft, run without and with the mitigations you switch on.

A workshop asks one question over and over: *this* theft, against *these* defences, what does
the attacker keep and what does the user pay? :class:`LabChoices` holds the scene (a product
preset or custom lifetimes, where the app keeps its tokens, how they are stolen, how the
attacker behaves, when it strikes, whether the user goes offline) and the mitigations as
switches. :func:`lab_outcome` runs the ``theft`` scenario twice on the same seed: once with every
mitigation off (the *baseline*) and once as chosen, so every difference between the two columns
is the mitigations' doing, and :func:`reading` says the difference in one sentence.

The mitigations and what each one sets (RFC sections in ``docs/failure-modes.md``):

=================== ==========================================================================
switch              setting
=================== ==========================================================================
rotation            ``rotation`` with ``reuse_detection=family`` (RFC 9700 §4.14.2)
grace               ``grace_interval``: a rotated token's replay forgiven this long (with
                    rotation only)
idle lifetime       ``refresh_token_idle_lifetime``: an unused refresh token dies
DPoP                ``sender_constraint=dpop`` (RFC 9449): tokens bound to the app's key
revoke on logout    ``revoke_on_logout`` (RFC 7009; RFC 9700 §4.14.2)
API validation      ``validation``: ``denylist`` (``jti``) or ``introspection`` (RFC 7662)
detector            ``detector_action=revoke``: the stolen-session detector revokes a family
                    whose refresh looks like another person's
=================== ==========================================================================

The two storage choices that are mitigations, ``cookie_rt`` (the refresh token in an HttpOnly
cookie) and ``cookie_bff`` (a backend-for-frontend keeps every token; draft-ietf-oauth-browser-
based-apps §6.1), are values of the scene's storage; the baseline keeps tokens in web storage
instead.

Both runs fix the world as the theft explorer does (:class:`simtoken.widgets.theft.TheftChoices`):
one user, one day, a call every 10 minutes, HS256 tokens.

>>> outcome = lab_outcome(LabChoices(storage="cookie_bff"))
>>> outcome.baseline.metrics.attacker_access_s, outcome.mitigated.metrics.attacker_access_s
(82799.95, 0.0)
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from simtoken.config.run import Storage, Strategy, TheftVector
from simtoken.policy.model import Validation
from simtoken.record.metrics import Metrics
from simtoken.record.result import Result
from simtoken.runner import build, configure

__all__ = [
    "DAY",
    "MITIGATIONS",
    "LabChoices",
    "LabOutcome",
    "figures",
    "lab_outcome",
    "reading",
    "run_scene",
    "span",
]

DAY = 86_400.0
"""The lab's horizon: one simulated day."""

MITIGATIONS = (
    "rotation",
    "grace_interval",
    "idle_lifetime",
    "dpop",
    "revoke_on_logout",
    "validation",
    "detector",
)
"""The switches of :class:`LabChoices`, in the lab's order (storage is the scene's)."""

_SAFE_STORAGE: dict[str, Storage] = {"cookie_rt": "web_storage", "cookie_bff": "web_storage"}


@dataclass(frozen=True)
class LabChoices:
    """A scene and its mitigations; every field is a control of the lab.

    ``preset`` None means custom: the ``naive`` policy with the lifetimes given here (0: the
    preset's own). Choosing a preset in the lab sets the switches to that product's defaults.
    """

    preset: str | None = "naive"
    access_token_lifetime: int = 0
    refresh_token_lifetime: int = 0
    storage: Storage = "web_storage"
    theft_vector: TheftVector = "xss"
    attacker_strategy: Strategy = "immediate"
    theft_at: float = 3600.0
    victim_stops_at: float = 0.0
    rotation: bool = False
    grace_interval: float = 0.0
    idle_lifetime: int = 0
    dpop: bool = False
    revoke_on_logout: bool = False
    validation: Validation = "local"
    detector: bool = False

    def settings(self) -> dict[str, Any]:
        """The settings of the mitigated run (over :attr:`preset`'s policy)."""
        values: dict[str, Any] = {
            "storage": self.storage,
            "theft_vector": self.theft_vector,
            "attacker_strategy": self.attacker_strategy,
            "theft_at": self.theft_at,
            "victim_stops_at": self.victim_stops_at,
            "rotation": self.rotation,
            "reuse_detection": "family" if self.rotation else "none",
            "grace_interval": self.grace_interval if self.rotation else 0.0,
            "refresh_token_idle_lifetime": self.idle_lifetime,
            "sender_constraint": "dpop" if self.dpop else "none",
            "revoke_on_logout": self.revoke_on_logout,
            "validation": self.validation,
            "detector_action": "revoke" if self.detector else "off",
            "request_interval": 600.0,
            "attacker_interval": 3600.0,
            "horizon": DAY,
            "algorithm": "HS256",
        }
        for name in ("access_token_lifetime", "refresh_token_lifetime"):
            if getattr(self, name):
                values[name] = getattr(self, name)
        return values

    def baseline(self) -> LabChoices:
        """The same scene with every mitigation off.

        Tokens are kept in web storage if the scene kept them in a cookie or a BFF.
        """
        off = {name: getattr(_DEFAULTS, name) for name in MITIGATIONS}  # the defaults are off
        storage = _SAFE_STORAGE.get(self.storage, self.storage)
        return dataclasses.replace(self, storage=storage, **off)

    def from_preset(self, preset: str | None) -> LabChoices:
        """These choices with ``preset`` and the switches at that preset's defaults."""
        policy = configure("theft", preset or "naive").policy
        return dataclasses.replace(
            self,
            preset=preset,
            rotation=policy.rotation,
            grace_interval=policy.grace_interval if policy.rotation else 0.0,
            idle_lifetime=policy.refresh_token_idle_lifetime,
            dpop=policy.sender_constraint == "dpop",
            revoke_on_logout=policy.revoke_on_logout,
            validation=policy.validation,
        )


_DEFAULTS = LabChoices()
"""The lab's opening choices: every mitigation off (what :meth:`LabChoices.baseline` restores)."""


def run_scene(choices: LabChoices, seed: int = 7) -> Result:
    """One run of the scene as ``choices`` say (mitigations as chosen)."""
    config = configure("theft", choices.preset or "naive", choices.settings())
    return build("theft", config, seed).run()


@dataclass(frozen=True)
class LabOutcome:
    """The two runs of one set of choices: without (baseline) and with the mitigations."""

    choices: LabChoices
    seed: int
    baseline: Result
    mitigated: Result


def lab_outcome(choices: LabChoices, seed: int = 7) -> LabOutcome:
    """Run the baseline and the mitigated scene (uncached; the lab caches it).

    Raises:
        ConfigError: the choices cannot run (a setting out of range).
        UnknownNameError: an unknown preset.
    """
    return LabOutcome(choices, seed, run_scene(choices.baseline(), seed), run_scene(choices, seed))


FIGURES: tuple[tuple[str, str], ...] = (
    ("attacker_access_s", "attacker held a working access token"),
    ("attacker_online_s", "attacker acted through the open page"),
    ("attacker_refresh_s", "attacker held a working refresh token"),
    ("victim_logins", "user's forced logins"),
    ("false_logouts", "… of them false logouts (nobody attacking)"),
    ("as_load_per_h", "auth-server load, requests / h"),
)
"""The figures the lab shows for each column: metric name and label."""


def figures(metrics: Metrics) -> dict[str, float]:
    """The lab's figures of one run, by metric name (:data:`FIGURES`)."""
    return {name: float(getattr(metrics, name)) for name, _ in FIGURES}


def span(seconds: float) -> str:
    """A window for a room to read: ``0 s``, ``20 s``, ``12 min``, ``23.0 h``."""
    if seconds < 60:
        return f"{seconds:.0f} s"
    return f"{seconds / 60:.0f} min" if seconds < 3600 else f"{seconds / 3600:.1f} h"


def _times(count: int) -> str:
    return "once" if count == 1 else f"{count} times"


def reading(outcome: LabOutcome) -> str:
    """The difference between the two columns, in one sentence.

    >>> import textwrap
    >>> print(textwrap.fill(reading(lab_outcome(LabChoices(storage="cookie_bff"))), 90))
    With these mitigations the attacker holds a working token of its own for 0 s instead of
    23.0 h, but can still act through the victim's open page for 2.9 h; the user logs in 0
    times (unchanged); the auth server handles 0.25 instead of 1.25 requests per hour.
    """
    before, after = outcome.baseline.metrics, outcome.mitigated.metrics
    online = (
        f", but can still act through the victim's open page for {span(after.attacker_online_s)}"
        if after.attacker_online_s
        else ""
    )
    held = _versus(span(after.attacker_access_s), span(before.attacker_access_s))
    logins = _versus(_times(after.victim_logins), _times(before.victim_logins))
    load = _versus(f"{after.as_load_per_h:.2f}", f"{before.as_load_per_h:.2f}")
    return (
        f"With these mitigations the attacker holds a working token of its own for {held}"
        f"{online}; the user logs in {logins}; the auth server handles {load} requests per hour."
    )


def _versus(after: str, before: str) -> str:
    """``after instead of before``, or ``after (unchanged)`` when the two read the same."""
    return f"{after} (unchanged)" if after == before else f"{after} instead of {before}"
