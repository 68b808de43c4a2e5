"""The detection scenarios: ``detection``, ``detection-careful-attacker`` and ``remediation``,
pinned whole (seed 1) and checked against the claims of their docstring."""

from __future__ import annotations

from conftest import quiet_metrics

import simtoken
from simtoken.names import ATTACKER
from simtoken.record.events import Alert, Remediated, Request, Revoked

_SHARED = {
    "attacker_access_s": 86399.95,
    "attacker_refresh_s": 86400.0,  # horizon - theft time: logging stops nobody
    "attacker_api_calls": 428,
    "victim_availability": 1.0,
    "as_load_per_h": 11.125,
    "api_calls": 212,
    "refreshes": 531,
    "rejections": {"expired": 171},
    "stolen_families": 1,
}


def test_detection_pinned_metrics() -> None:
    result = simtoken.run("detection", seed=1)
    assert result.metrics.to_dict() == quiet_metrics(
        **_SHARED,
        true_positives=29,
        false_positives=32,
        true_positives_per_100_user_days=483.333333,
        false_positives_per_100_user_days=533.333333,
        detection_rate=0.080556,
    )
    assert result.audit() == []


def test_a_careless_thief_is_flagged_when_it_follows_the_victim() -> None:
    result = simtoken.run("detection", seed=1)
    sender = {e.request_id: e.actor for e in result.trace if isinstance(e, Request)}
    alerts = [e for e in result.trace if isinstance(e, Alert)]
    mine = [a for a in alerts if sender[a.request_id] == ATTACKER]
    assert {a.signals for a in mine} >= {"impossible_travel,user_agent_change,asn_change"}
    assert all(a.score >= 4.0 and a.action == "log" for a in alerts)


def test_detection_careful_attacker_pinned_metrics() -> None:
    result = simtoken.run("detection-careful-attacker", seed=1)
    assert result.metrics.to_dict() == quiet_metrics(
        **_SHARED,
        true_positives=9,
        false_positives=13,
        true_positives_per_100_user_days=150.0,
        false_positives_per_100_user_days=216.666667,
        detection_rate=0.025,
    )
    assert result.audit() == []


def test_a_careful_thief_never_changes_browser_at_the_same_threshold() -> None:
    result = simtoken.run("detection-careful-attacker", seed=1)
    sender = {e.request_id: e.actor for e in result.trace if isinstance(e, Request)}
    mine = [e for e in result.trace if isinstance(e, Alert) and sender[e.request_id] == ATTACKER]
    assert all("user_agent_change" not in a.signals for a in mine)
    assert all("impossible_travel" in a.signals for a in mine)  # only while the victim travels


def test_remediation_revoke_only_keeps_losing_families() -> None:
    result = simtoken.run("remediation", seed=1)
    assert result.metrics.to_dict() == quiet_metrics(
        attacker_access_s=52430.0,
        attacker_refresh_s=41854.021525,
        attacker_api_calls=863,
        detection_latency_s=0.05,
        victim_logins=178,
        victim_availability=1.0,
        as_load_per_h=11.166667,
        residual_access_s=59.894181,
        api_calls=1058,
        refreshes=357,
        family_revocations=179,
        rejections={"expired": 178, "revoked": 357},
        true_positives=179,
        true_positives_per_100_user_days=8950.0,
        false_positives_per_100_user_days=0.0,
        detection_rate=1.0,
        stolen_families=179,
    )
    assert result.audit() == []


def test_remediation_by_the_detector_stops_the_script() -> None:
    result = simtoken.run("remediation", seed=1, detector_action="remediate")
    assert result.metrics.to_dict() == quiet_metrics(
        attacker_refresh_s=0.05,
        detection_latency_s=0.05,
        victim_logins=3,
        victim_availability=1.0,
        as_load_per_h=3.8125,
        residual_access_s=0.0,
        api_calls=1058,
        refreshes=179,
        family_revocations=3,
        rejections={"expired": 178, "revoked": 4},
        true_positives=1,
        false_positives=2,
        true_positives_per_100_user_days=50.0,
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
    assert (m.stolen_families, m.attacker_refresh_s, m.attacker_access_s) == (1, 3600.0, 3775.95)
    assert m.detection_latency_s == 3600.0
    revoked = [e for e in result.trace if isinstance(e, Revoked)]
    assert [(e.t, e.reason) for e in revoked] == [(7200.0, "remediation")]
    assert result.audit() == []
