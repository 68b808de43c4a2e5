"""The detection scenarios: ``detection``, ``detection-careful-attacker`` and ``remediation``,
pinned whole (seed 1) and checked against the claims of their docstring."""

from __future__ import annotations

from conftest import quiet_metrics

import simtoken
from simtoken.names import ATTACKER
from simtoken.record.events import Accepted, Alert, Issued, Remediated, Request, Revoked

_SHARED = {
    "attacker_access_s": 151199.95,
    "attacker_refresh_s": 151200.0,  # horizon - theft time: logging stops nobody
    "attacker_api_calls": 292,
    "victim_availability": 1.0,
    "as_load_per_h": 6.479167,
    "api_calls": 212,
    "refreshes": 308,
    "rejections": {"expired": 128},
    "stolen_families": 1,
}


def test_detection_pinned_metrics() -> None:
    result = simtoken.run("detection", seed=1)
    assert result.metrics.to_dict() == quiet_metrics(
        **_SHARED,
        true_positives=180,
        false_positives=41,
        true_positives_per_100_user_days=3000.0,
        false_positives_per_100_user_days=683.333333,
        detection_rate=1.0,
    )
    assert result.audit() == []


def test_the_careless_thief_is_flagged_on_every_refresh_and_travels_after_the_victim() -> None:
    """The docstring's claim: its User-Agent (2) always; after the victim also 3 + 1 more."""
    result = simtoken.run("detection", seed=1)
    session_of = {e.token: e.session for e in result.trace if isinstance(e, Issued)}
    alerts = {e.request_id: e for e in result.trace if isinstance(e, Alert)}
    accepted = {e.request_id for e in result.trace if isinstance(e, Accepted)}
    previous: dict[str, str] = {}  # the family's previous scored refresh: who sent it
    mine = 0
    for e in result.trace:
        if not (isinstance(e, Request) and e.endpoint == "refresh" and e.request_id in accepted):
            continue
        sid = session_of[e.token or ""]
        if e.actor == ATTACKER:
            mine += 1
            signals = alerts[e.request_id].signals.split(",")
            after_victim = previous.get(sid, ATTACKER) != ATTACKER
            assert "user_agent_change" in signals
            assert ({"impossible_travel", "asn_change"} <= set(signals)) == after_victim
        previous[sid] = e.actor
    assert mine == result.metrics.true_positives == 180
    assert all(a.action == "log" and a.score >= 2.0 for a in alerts.values())


def test_detection_careful_attacker_pinned_metrics() -> None:
    result = simtoken.run("detection-careful-attacker", seed=1)
    assert result.metrics.to_dict() == quiet_metrics(
        **_SHARED,
        true_positives=12,
        false_positives=18,
        true_positives_per_100_user_days=200.0,
        false_positives_per_100_user_days=300.0,
        detection_rate=0.066667,
    )
    assert result.audit() == []


def test_a_careful_thief_is_flagged_only_after_the_victim_moved() -> None:
    result = simtoken.run("detection-careful-attacker", seed=1)
    sender = {e.request_id: e.actor for e in result.trace if isinstance(e, Request)}
    mine = [e for e in result.trace if isinstance(e, Alert) and sender[e.request_id] == ATTACKER]
    assert len(mine) == 12
    assert all("user_agent_change" not in a.signals for a in mine)  # it copied the browser
    assert all("asn_change" in a.signals for a in mine)  # the victim was on another network


def test_remediation_revoke_only_keeps_losing_families() -> None:
    result = simtoken.run("remediation", seed=1)
    assert result.metrics.to_dict() == quiet_metrics(
        attacker_access_s=27746.0,
        attacker_refresh_s=25902.95669,
        attacker_api_calls=471,
        detection_latency_s=0.05,  # the thief's first refresh is flagged...
        victim_logins=31,  # ...but each new login hands the script a new family
        victim_availability=1.0,
        as_load_per_h=3.958333,
        residual_access_s=59.855406,
        api_calls=431,
        refreshes=63,
        family_revocations=32,
        rejections={"expired": 31, "revoked": 63},
        true_positives=32,
        true_positives_per_100_user_days=3200.0,
        false_positives_per_100_user_days=0.0,
        detection_rate=1.0,
        stolen_families=32,
    )
    assert result.metrics.stolen_families == result.metrics.victim_logins + 1
    assert result.audit() == []


def test_remediation_by_the_detector_stops_the_script() -> None:
    result = simtoken.run("remediation", seed=1, detector_action="remediate")
    assert result.metrics.to_dict() == quiet_metrics(
        attacker_refresh_s=0.05,
        detection_latency_s=0.05,
        victim_logins=2,
        victim_availability=1.0,
        as_load_per_h=1.458333,
        residual_access_s=0.0,
        api_calls=431,
        refreshes=32,
        family_revocations=2,
        rejections={"expired": 31, "revoked": 3},
        true_positives=1,
        false_positives=1,
        true_positives_per_100_user_days=100.0,
        false_positives_per_100_user_days=100.0,
        detection_rate=1.0,
        stolen_families=1,
    )
    first = next(e for e in result.trace if isinstance(e, Remediated))
    assert (first.by, first.t) == ("detector", 3600.05)
    stolen_after = [e for e in result.trace if e.kind == "stolen" and e.t > first.t]
    assert stolen_after == []  # the script is gone
    assert result.audit() == []


def test_remediation_by_an_operator_ends_the_theft_at_its_time() -> None:
    result = simtoken.run("remediation", seed=1, detector_action="off", remediation_at=7200.0)
    m = result.metrics
    assert (m.stolen_families, m.attacker_refresh_s, m.attacker_access_s) == (1, 3600.0, 3686.95)
    assert m.detection_latency_s == 3600.0
    revoked = [e for e in result.trace if isinstance(e, Revoked)]
    assert [(e.t, e.reason) for e in revoked] == [(7200.0, "remediation")]
    assert result.audit() == []


def test_step_up_stops_the_careless_thief_where_log_does_not() -> None:
    """The attack (a stolen family) vulnerable (``log``) and hardened (``step_up``)."""
    logged = simtoken.run("detection", seed=1).metrics
    assert logged.attacker_refresh_s == 151200.0  # an alert that stops nobody
    result = simtoken.run("detection", seed=1, detector_action="step_up")
    assert result.metrics.to_dict() == quiet_metrics(
        attacker_refresh_s=0.05,  # its first refresh after the theft is flagged and refused
        detection_latency_s=0.05,
        victim_logins=5,  # the step-ups' cost: the victim once, honest users four times
        victim_availability=1.0,
        as_load_per_h=2.854167,
        residual_access_s=0.0,
        api_calls=212,
        refreshes=129,
        family_revocations=5,
        rejections={"expired": 128, "revoked": 1, "step_up_required": 5},
        true_positives=1,
        false_positives=4,
        true_positives_per_100_user_days=16.666667,
        false_positives_per_100_user_days=66.666667,
        detection_rate=1.0,
        step_ups=5,
        stolen_families=1,
    )
    revoked = [e for e in result.trace if isinstance(e, Revoked)]
    assert {e.reason for e in revoked} == {"step_up"}
    assert result.audit() == []
