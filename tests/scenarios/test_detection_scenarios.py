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
        true_positives=38,
        false_positives=41,
        true_positives_per_100_user_days=633.333333,
        false_positives_per_100_user_days=683.333333,
        detection_rate=0.211111,
    )
    assert result.audit() == []


def test_a_careless_thief_is_flagged_when_it_follows_the_victim() -> None:
    result = simtoken.run("detection", seed=1)
    sender = {e.request_id: e.actor for e in result.trace if isinstance(e, Request)}
    alerts = [e for e in result.trace if isinstance(e, Alert)]
    mine = [a for a in alerts if sender[a.request_id] == ATTACKER]
    assert {a.signals for a in mine} >= {"impossible_travel,user_agent_change,asn_change"}
    assert all(a.score >= 4.0 and a.action == "log" for a in alerts)


def test_the_careless_thief_is_flagged_exactly_after_a_victim_request() -> None:
    """The docstring's claim: 3 + 2 + 1 >= 4 after the victim; at most 1 + 1 after itself."""
    result = simtoken.run("detection", seed=1)
    session_of = {e.token: e.session for e in result.trace if isinstance(e, Issued)}
    flagged = {e.request_id for e in result.trace if isinstance(e, Alert)}
    accepted = {e.request_id for e in result.trace if isinstance(e, Accepted)}
    previous: dict[str, str] = {}  # the family's previous scored request: who sent it
    expected, got = [], []
    for e in result.trace:
        if not (isinstance(e, Request) and e.endpoint in ("login", "refresh")):
            continue
        if e.endpoint == "refresh" and e.request_id not in accepted | flagged:
            continue  # refused before scoring
        sid = session_of.get(e.token or "", f"login-{e.request_id}")
        if e.actor == ATTACKER:
            expected.append(previous.get(sid, ATTACKER) != ATTACKER)
            got.append(e.request_id in flagged)
        previous[sid] = e.actor
    assert got == expected and sum(got) == result.metrics.true_positives


def test_detection_careful_attacker_pinned_metrics() -> None:
    result = simtoken.run("detection-careful-attacker", seed=1)
    assert result.metrics.to_dict() == quiet_metrics(
        **_SHARED,
        true_positives=6,
        false_positives=10,
        true_positives_per_100_user_days=100.0,
        false_positives_per_100_user_days=166.666667,
        detection_rate=0.033333,
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
