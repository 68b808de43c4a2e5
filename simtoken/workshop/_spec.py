"""The lab's controls: one widget per field of :class:`~simtoken.workshop.scene.LabChoices`.

Each control carries the CSS class ``lab-<field>`` so that a person (or a browser test) finds
it on the page; its value is the setting's own value (seconds for durations, ``""`` for a
custom policy instead of a preset).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import ipywidgets as widgets

from simtoken.plots import format_duration
from simtoken.policy.presets import PRESETS

__all__ = ["SCENE_FIELDS", "control", "options"]

_HOUR = 3600.0

_OPTIONS: dict[str, tuple[str, Sequence[tuple[str, Any]]]] = {
    "preset": (
        "product preset",
        (("custom (naive policy, your lifetimes)", ""), *((p, p) for p in PRESETS)),
    ),
    "access_token_lifetime": (
        "access token lifetime",
        (("the preset's", 0), *((format_duration(v), v) for v in (60, 300, 900, 3600, 86_400))),
    ),
    "refresh_token_lifetime": (
        "refresh token lifetime",
        (
            ("the preset's", 0),
            *((format_duration(v), v) for v in (3600, 36_000, 86_400, 2_592_000)),
        ),
    ),
    "storage": (
        "the app keeps its tokens in",
        (
            ("web storage (localStorage)", "web_storage"),
            ("JS memory", "memory"),
            ("OS keystore (mobile)", "keystore"),
            ("refresh token in an HttpOnly cookie", "cookie_rt"),
            ("HttpOnly cookie + BFF", "cookie_bff"),
        ),
    ),
    "theft_vector": (
        "theft vector",
        (
            ("XSS: one copy", "xss"),
            ("persistent XSS: keeps copying", "persistent_xss"),
            ("the script's own silent login", "new_flow"),
            ("stolen device", "device"),
            ("token in a log", "log_leak"),
            ("network sniffing", "sniffing"),
            ("cross-site request (CSRF)", "csrf"),
            ("no theft", "none"),
        ),
    ),
    "attacker_strategy": (
        "attacker",
        (
            ("refreshes at once", "immediate"),
            ("waits until the user is offline", "wait_offline"),
            ("refreshes aggressively", "aggressive"),
            ("stays quiet", "quiet"),
            ("races the user", "race"),
        ),
    ),
    "theft_at": (
        "strikes at",
        tuple((format_duration(v), v) for v in (300.0, _HOUR, 4 * _HOUR, 12 * _HOUR)),
    ),
    "victim_stops_at": (
        "user goes offline",
        (("never", 0.0), *((f"after {format_duration(v)}", v) for v in (2 * _HOUR, 8 * _HOUR))),
    ),
    "grace_interval": (
        "grace interval (with rotation)",
        (("none", 0.0), *((format_duration(v), v) for v in (10.0, 30.0, 60.0))),
    ),
    "idle_lifetime": (
        "refresh idle lifetime",
        (("none", 0), *((format_duration(v), v) for v in (1800, 7200, 604_800, 1_296_000))),
    ),
    "validation": (
        "API validation",
        (
            ("local JWT check", "local"),
            ("jti denylist", "denylist"),
            ("introspection (RFC 7662)", "introspection"),
        ),
    ),
}

_TOGGLES = {
    "rotation": "rotation + reuse detection",
    "dpop": "DPoP (sender-constrained)",
    "revoke_on_logout": "revoke on logout",
    "detector": "stolen-session detector",
}

SCENE_FIELDS = (
    "preset",
    "access_token_lifetime",
    "refresh_token_lifetime",
    "storage",
    "theft_vector",
    "attacker_strategy",
    "theft_at",
    "victim_stops_at",
)
"""The scene's controls, in display order."""


def options(name: str) -> tuple[tuple[str, Any], ...]:
    """The (label, value) options of a choice control."""
    return tuple(_OPTIONS[name][1])


def control(name: str, value: Any) -> Any:
    """A new widget for the field ``name`` showing ``value`` (CSS class ``lab-<name>``)."""
    style = {"description_width": "initial"}
    layout = widgets.Layout(width="auto")
    made: Any
    if name in _TOGGLES:
        made = widgets.Checkbox(
            value=bool(value), description=_TOGGLES[name], style=style, indent=False
        )
    else:
        label, choices = _OPTIONS[name]
        known = [v for _, v in choices]
        extra = [] if value in known else [(str(value), value)]
        made = widgets.Dropdown(
            options=[*choices, *extra], value=value, description=label, style=style, layout=layout
        )
    made.add_class(f"lab-{name.replace('_', '-')}")
    return made
