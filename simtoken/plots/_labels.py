"""Labels: readable names and values for metrics and settings on axes, titles and bars.

A metric's key (``attacker_access_s``) is exact but terse; a slide needs "attacker's access
window". Values are printed the way a person reads them: durations in the unit their size
calls for (``5.41 h``), counts as whole numbers, fractions as percentages, and a missing value
(``None``: no detection ever happened) as the word *none*.

>>> metric_label("victim_logins"), format_value("detection_latency_s", None)
('forced re-logins', 'none')
>>> format_value("attacker_access_s", 19484.95), format_value("victim_availability", 0.995)
('5.41 h', '99.5 %')
"""

from __future__ import annotations

from simtoken.plots._axes import format_duration, human_duration, is_seconds

__all__ = ["better", "format_setting", "format_value", "metric_label", "setting_label"]

_METRICS = {
    "attacker_access_s": "attacker's access window",
    "attacker_online_s": "attacker's window through the open page",
    "attacker_online_calls": "attacker's accepted requests through the page",
    "attacker_refresh_s": "attacker's refresh window",
    "attacker_api_calls": "attacker's successful API calls",
    "detection_latency_s": "detection latency (theft to detection)",
    "victim_logins": "forced re-logins",
    "false_logouts": "false logouts (no attacker involved)",
    "victim_availability": "user's API calls that succeeded",
    "as_load_per_h": "auth-server load (requests / h)",
    "residual_access_s": "access left after logout or revocation",
    "api_calls": "user's API calls",
    "refreshes": "refresh requests",
    "reuse_detections": "reuse detections",
    "family_revocations": "revoked families",
    "detection_rate": "thief's refreshes flagged (detection rate)",
    "false_positives_per_100_user_days": "false alarms per 100 user-days",
    "true_positives_per_100_user_days": "true alarms per 100 user-days",
    "stolen_families": "token families stolen",
}
_SETTINGS = {
    "access_token_lifetime": "access-token lifetime",
    "refresh_token_lifetime": "refresh-token lifetime",
    "refresh_token_idle_lifetime": "refresh-token idle lifetime",
    "grace_interval": "grace interval",
    "theft_at": "theft time",
    "detector_threshold": "detector threshold",
}
_HIGHER_IS_BETTER = frozenset(
    {"victim_availability", "detection_rate", "true_positives", "true_positives_per_100_user_days"}
)
_NEUTRAL = frozenset({"api_calls", "refreshes"})


def metric_label(name: str) -> str:
    """A metric's readable name (its key with spaces when there is no better one)."""
    return _METRICS.get(name, name.replace("_", " "))


def setting_label(name: str) -> str:
    """A setting's readable name."""
    return _SETTINGS.get(name, name.replace("_", " "))


def better(name: str) -> str:
    """``"lower is better"``, ``"higher is better"`` or ``""`` for a metric."""
    if name in _NEUTRAL:
        return ""
    return "higher is better" if name in _HIGHER_IS_BETTER else "lower is better"


def format_value(name: str, value: object) -> str:
    """A metric value as a person reads it (see the module docstring)."""
    if value is None:
        return "none"
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if is_seconds(name):
        return human_duration(float(value))
    if name == "victim_availability":
        return f"{100 * value:.3g} %"
    if isinstance(value, int) or float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:.3g}"


def format_setting(name: str, value: object) -> str:
    """A setting value for a tick label: durations as ``5 min``, others as they are."""
    if isinstance(value, int | float) and not isinstance(value, bool) and is_seconds(name):
        return format_duration(float(value))
    return f"{value:g}" if isinstance(value, float) else str(value)
