"""A stolen token's reach by scope: every accepted attacker call counted once, refusals apart."""

from __future__ import annotations

import copy

import pytest

import simtoken
from simtoken import ConfigError
from simtoken.record.document import check_document
from simtoken.record.metrics import __doc__ as METRICS_DOC


def test_the_reach_metrics_are_documented() -> None:
    assert METRICS_DOC is not None
    for name in ("attacker_api_calls_by_scope", "attacker_scope_refusals"):
        assert f"``{name}``" in METRICS_DOC


def test_without_operations_the_reach_is_empty_and_every_call_is_in_the_total() -> None:
    m = simtoken.run("theft", seed=7, horizon=7200).metrics
    assert m.attacker_api_calls == 82
    assert (m.attacker_api_calls_by_scope, m.attacker_scope_refusals) == ({}, {})


def test_riding_calls_count_by_scope_and_add_up_to_the_total() -> None:
    result = simtoken.run(
        "theft",
        seed=7,
        storage="cookie_bff",
        theft_at=60,
        horizon=4 * 3600,
        operations="read,write",
        client_operations="read",
    )
    m = result.metrics
    assert m.attacker_api_calls_by_scope == {"api.example:read": 10}
    assert m.attacker_scope_refusals == {"api.example:write": 13}
    assert sum(m.attacker_api_calls_by_scope.values()) == m.attacker_api_calls == 10
    assert m.attacker_online_calls == 13  # riding calls and the BFF's refreshes for them


def test_a_forgery_let_through_by_a_weakness_still_lacks_a_scope() -> None:
    weak = simtoken.run(
        "forgery", seed=7, horizon=7200, operations="read,write", vulnerable="accept_alg_none"
    ).metrics
    assert (weak.forged_accepted, weak.attacker_api_calls) == (0, 0)
    assert weak.attacker_scope_refusals == {"api.example:read": 8}  # no operation named: read


def test_a_document_with_a_count_that_is_not_whole_is_refused() -> None:
    doc = simtoken.run("scopes", seed=7, horizon=4000).to_dict()
    check_document(doc)
    broken = copy.deepcopy(doc)
    broken["metrics"]["attacker_scope_refusals"] = {"api.example:write": "many"}
    with pytest.raises(ConfigError, match=r"metrics\.attacker_scope_refusals\.api\.example:write"):
        check_document(broken)
    broken["metrics"]["attacker_scope_refusals"] = [1]
    with pytest.raises(ConfigError, match="a JSON object"):
        check_document(broken)
