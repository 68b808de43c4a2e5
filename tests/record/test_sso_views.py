"""Single sign-on in a run's views: table rows, Mermaid notes, the document, the metrics."""

from __future__ import annotations

import copy
from functools import cache
from typing import Any

import pytest

import simtoken
from simtoken import ConfigError, Result
from simtoken.record.document import check_document
from simtoken.record.trace import sso_gist

A, B = "client-1.app-1", "client-1.app-2"


@cache
def backchannel() -> Result:
    return simtoken.run("single-logout", seed=9)


def test_table_rows_name_who_each_sso_event_concerns() -> None:
    table = backchannel().trace.to_table()
    rows = {r["kind"]: (r["actor"], r["target"], r["info"]) for r in table if "_" in r["kind"]}
    assert rows["silent_sign_in"] == (B, "user-1", "silent (first), IdP session 123782")
    assert rows["idp_logout"] == (
        "auth-server",
        "user-1",
        f"IdP session 123782 ended, apps {A},{B}",
    )
    assert rows["logout_notice"] == (B, "user-1", "backchannel notice, IdP session 123782")


def test_mermaid_notes_for_sso_events() -> None:
    text = simtoken.to_mermaid(backchannel(), 0.3, 0.3) + simtoken.to_mermaid(
        backchannel(), 3600.05, 3600.11
    )
    assert (
        "Note over C2: t=0.3s user-1 signed in silently (first) through IdP session 123782" in text
    )
    assert f"Note over AS1: t=1h00m IdP session 123782 of user-1 ended (apps {A},{B})" in text
    assert "AS1->>AS2: t=1h00m backchannel_logout token" in text
    assert "Note over C2: t=1h00m backchannel logout notice for IdP session 123782#58;" in text
    assert sso_gist(None) is None and sso_gist(backchannel().trace[0]) is None


def test_the_per_app_metrics_are_in_the_document_and_checked() -> None:
    doc: dict[str, Any] = backchannel().to_dict()
    assert doc["metrics"]["residual_refresh_by_app"] == {A: 0.05, B: 0.15}
    assert doc["metrics"]["silent_sign_ins"] == 1
    check_document(doc)
    broken = copy.deepcopy(doc)
    broken["metrics"]["residual_access_by_app"][A] = "long"
    with pytest.raises(ConfigError) as info:
        check_document(broken)
    assert info.value.field == f"metrics.residual_access_by_app.{A}"


def test_one_app_logging_out_has_its_residues_too() -> None:
    """The ``logout`` scenario: measured from the logout request, not from the revocation."""
    result = simtoken.run("logout", seed=7)
    m = result.metrics
    assert (m.residual_access_s, dict(m.residual_access_by_app)) == (37.95, {"client-1": 38.0})
    assert dict(m.residual_refresh_by_app) == {"client-1": 0.05}  # revoked one latency later
    assert dict(simtoken.run("refresh", seed=7, horizon=600).metrics.residual_access_by_app) == {}


def test_a_run_without_a_logout_lists_no_residues_and_counts_silent_sign_ins() -> None:
    m = simtoken.run("sso-apps", seed=7, horizon=600).metrics
    assert (m.silent_sign_ins, dict(m.residual_access_by_app)) == (1, {})
