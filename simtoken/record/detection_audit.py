"""The auditor's detection rules: an alert is about a real request, and its action is carried out.

The rules of :mod:`simtoken.record.audit` that the stolen-session detector and remediation add,
checked on any result document:

============================= ================================================================
violation kind                rule
============================= ================================================================
``alert_without_request``     an ``alert`` names a ``refresh`` request to the auth server sent
                              before it, with a score at or above ``detector_threshold``; no
                              alert at all with ``detector_action=off``
``late_detector_action``      an alert whose action revokes (``step_up``, ``revoke``,
                              ``revoke_all``, ``remediate``) is followed *in the same
                              instant* by the revocation of its family (unless it was revoked
                              before), and a ``remediate`` by a ``remediated`` event
``refresh_after_step_up``     no refresh of a family is accepted after a ``step_up`` alert on it
``steal_after_remediation``   no persistent script steals from a user after the user's
                              ``remediated`` (its removal)
============================= ================================================================
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from simtoken.config.run import RunConfig

__all__ = ["DETECTION_VIOLATIONS", "detection_violations"]

DETECTION_VIOLATIONS = (
    "alert_without_request",
    "late_detector_action",
    "refresh_after_step_up",
    "steal_after_remediation",
)

Event = Mapping[str, Any]
Broken = tuple[str, float, str]
_REVOKING = ("step_up", "revoke", "revoke_all", "remediate")


def detection_violations(events: Sequence[Event], config: RunConfig) -> list[Broken]:
    """(kind, t, detail) of every broken detection rule (see the module docstring)."""
    requests = {e["request_id"]: e for e in events if e.get("kind") == "request"}
    alerts = [e for e in events if e.get("kind") == "alert"]
    found: list[Broken] = []
    for a in alerts:
        req = requests.get(a["request_id"])
        if (
            config.detector_action == "off"
            or req is None
            or req["endpoint"] != "refresh"
            or req["t"] > a["t"]
            or a["score"] < config.detector_threshold
        ):
            found.append(("alert_without_request", a["t"], f"alert on request {a['request_id']}"))
    return found + _actions(events, alerts) + _after(events, alerts)


def _actions(events: Sequence[Event], alerts: Sequence[Event]) -> list[Broken]:
    """Each revoking alert's revocation (and remediation) at its instant."""
    revoked = {(e["session"], e["t"]) for e in events if e.get("kind") == "revoked"}
    first: dict[str, float] = {}
    for e in events:
        if e.get("kind") == "revoked":
            first.setdefault(e["session"], e["t"])
    remediated = {(e["user"], e["t"]) for e in events if e.get("kind") == "remediated"}
    found: list[Broken] = []
    for a in alerts:
        if a["action"] not in _REVOKING:
            continue
        before = first.get(a["session"], float("inf")) < a["t"]
        if not before and (a["session"], a["t"]) not in revoked:
            found.append(("late_detector_action", a["t"], f"family {a['session']} not revoked"))
        if a["action"] == "remediate" and (a["user"], a["t"]) not in remediated:
            found.append(("late_detector_action", a["t"], f"{a['user']} not remediated"))
    return found


def _after(events: Sequence[Event], alerts: Sequence[Event]) -> list[Broken]:
    """No accepted refresh of a stepped-up family; no theft after a remediation."""
    frozen = {a["session"]: a["t"] for a in alerts if a["action"] == "step_up"}
    session_of = {e["token"]: e["session"] for e in events if e.get("kind") == "issued"}
    remediated: dict[str, float] = {}
    refreshes: dict[int, Event] = {}
    found: list[Broken] = []
    for e in events:
        kind = e.get("kind")
        if kind == "remediated":
            remediated.setdefault(e["user"], e["t"])
        elif kind == "stolen" and e["vector"] == "persistent_xss" and e["victim"] in remediated:
            found.append(("steal_after_remediation", e["t"], f"from {e['victim']}"))
        elif kind == "request" and e["endpoint"] == "refresh":
            refreshes[e["request_id"]] = e
        elif kind == "accepted" and e["request_id"] in refreshes:
            sid = session_of.get(refreshes[e["request_id"]].get("token") or "")
            if sid in frozen and frozen[sid] < e["t"]:
                found.append(("refresh_after_step_up", e["t"], f"family {sid} refreshed"))
    return found
