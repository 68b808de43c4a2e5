"""Detection metrics: how often the stolen-session detector was right, and what theft cost.

The detector (:mod:`simtoken.actors.detection`) never knows who sent a request; the trace does
(ground truth: the ``request`` record's ``actor``). Each ``alert`` names the request it flagged:

* ``true_positives``: alerts on a request the attacker sent; ``false_positives``: alerts on a
  request of anyone else (a user's app: an honest user made to look like a thief, the victim
  included when the thief used the family just before).
* ``true_positives_per_100_user_days`` and ``false_positives_per_100_user_days``: each divided
  by the user-days of the run (``clients`` times ``horizon`` / 86,400 s), times 100: the rate an
  operator or a user sees, comparable across runs of different size (None without users or
  without a detector, ``detector_action=off``).
* ``detection_rate``: true positives over the attacker's refresh requests the detector scored,
  which are those the auth server accepted or alerted on (a refresh refused for another reason,
  expired, revoked or reused, was never scored); None if the attacker had none scored or there
  is no detector.
* ``step_ups``: alerts whose action was ``step_up`` (each a family ended: a new login needed).
* ``stolen_families``: the token families (``sid``) the attacker held a token of at some time:
  a ``stolen`` token, or one ``issued`` to the attacker (its own refreshes and flows). A
  persistent script that re-steals after each revocation adds one per family it takes.

A sweep of ``detector_threshold`` gives one (false positives per 100 user-days, detection rate)
point per threshold: a ROC curve (:func:`simtoken.plots.roc.plot_roc`).
"""

from __future__ import annotations

from typing import Any

from simtoken.config.run import RunConfig
from simtoken.names import ATTACKER
from simtoken.record.events import Accepted, Alert, Issued, Request, Stolen
from simtoken.record.trace import Trace

__all__ = ["detection_metrics"]

_DAY = 86_400.0


def detection_metrics(trace: Trace, config: RunConfig, auth_server: str) -> dict[str, Any]:
    """The detection metrics of a run (see the module docstring), by name."""
    alerts = trace.only(Alert)
    alerted = {a.request_id for a in alerts}
    senders: dict[int, str] = {}  # of the requests alerted on
    attacker_refreshes: set[int] = set()
    # Nothing below depends on the order of events of different classes: one class at a time.
    for e in trace.only(Request):
        if e.request_id in alerted:
            senders[e.request_id] = e.actor
        if e.actor == ATTACKER and e.endpoint == "refresh" and e.target == auth_server:
            attacker_refreshes.add(e.request_id)
    accepted = (
        {e.request_id for e in trace.only(Accepted) if e.request_id in attacker_refreshes}
        if attacker_refreshes
        else set()
    )
    minted = trace.only(Issued)
    held = {e.token for e in trace.only(Stolen)} | {m.token for m in minted if m.holder == ATTACKER}
    session_of = {m.token: m.session for m in minted if m.token in held}  # its last, as minted
    true = {a.request_id for a in alerts if senders.get(a.request_id) == ATTACKER}
    scored = (attacker_refreshes & accepted) | (attacker_refreshes & alerted)
    on = config.detector_action != "off"
    user_days = config.clients * config.horizon / _DAY if on else 0
    false = len(alerts) - len(true)
    return {
        "true_positives": len(true),
        "false_positives": false,
        "true_positives_per_100_user_days": _per_100(len(true), user_days),
        "false_positives_per_100_user_days": _per_100(false, user_days),
        "detection_rate": round(len(true) / len(scored), 6) if scored and on else None,
        "step_ups": sum(a.action == "step_up" for a in alerts),
        "stolen_families": len(set(session_of.values())),
    }


def _per_100(count: int, user_days: float) -> float | None:
    return round(100 * count / user_days, 6) if user_days > 0 else None
