"""The ``cookie-refresh`` and ``csrf`` scenarios: pinned metrics and the formulas they promise."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import quiet_metrics

import simtoken
from simtoken import Page, Request, Result

T, S, AT, HORIZON = 3600.0, 5 * 3600.0, 300.0, 8 * 3600.0

QUIET = quiet_metrics(victim_availability=1.0)


@pytest.fixture(scope="module")
def cookie7() -> Result:
    return simtoken.run("cookie-refresh", seed=7)


def open_periods(result: Result) -> list[tuple[float, float]]:
    """When the victim's page was open (from the ``page`` events), until the horizon."""
    pages = [e for e in result.trace if isinstance(e, Page)]
    ends = [*pages[1:], None]
    pairs = zip(pages, ends, strict=True)
    return [(a.t, HORIZON if b is None else b.t) for a, b in pairs if a.is_open]


def test_cookie_refresh_pinned_metrics(cookie7: Result) -> None:
    assert cookie7.metrics.to_dict() == {
        **QUIET,
        "attacker_access_s": 3784.743113,
        "attacker_online_s": 1099.648838,
        "attacker_online_calls": 14,
        "attacker_refresh_s": 0.0,
        "attacker_api_calls": 32,
        "detection_latency_s": None,
        "csrf_accepted": 0,
        "as_load_per_h": 4.125,
        "api_calls": 105,
        "refreshes": 32,
        "stolen_families": 1,
        "rejections": {"expired": 18},
    }


def test_cookie_refresh_outcome_matches_its_docstring(cookie7: Result) -> None:
    m = cookie7.metrics
    periods = open_periods(cookie7)
    assert periods[0][0] == T and periods[-1][1] <= S  # the theft, then the app closed for good
    page_open = sum(end - start for start, end in periods)
    assert m.attacker_refresh_s == 0.0
    assert m.attacker_online_s > 0
    assert m.attacker_access_s + m.attacker_online_s <= page_open + (len(periods) + 1) * AT
    assert m.detection_latency_s is None
    held = {e.token for e in cookie7.trace if isinstance(e, simtoken.Stolen)}
    assert max(e.expires for e in cookie7.issued("access") if e.token in held) <= S + AT
    assert cookie7.audit() == []


def test_cookie_refresh_against_web_storage() -> None:
    m = simtoken.run("cookie-refresh", seed=7, storage="web_storage").metrics
    assert (m.attacker_refresh_s, m.attacker_access_s) == (HORIZON - T, HORIZON - T)
    assert (m.attacker_online_s, m.attacker_online_calls) == (0.0, 0)


def csrf_metrics(**settings: Any) -> dict[str, Any]:
    return simtoken.run("csrf", seed=7, **settings).metrics.to_dict()


def test_csrf_succeeds_with_samesite_none_and_no_defence() -> None:
    result = simtoken.run("csrf", seed=7)
    forged = [e for e in result.trace if isinstance(e, Request) and e.note == "csrf"]
    assert result.metrics.to_dict() == {
        **QUIET,
        "attacker_access_s": 0.0,
        "attacker_online_s": 0.0,
        "attacker_online_calls": 0,
        "attacker_refresh_s": 0.0,
        "attacker_api_calls": 0,
        "detection_latency_s": None,
        "csrf_accepted": 26,
        "as_load_per_h": 5.375,
        "api_calls": 220,
        "refreshes": 42,
        "rejections": {"expired": 38},
    }
    assert len(forged) == 26  # every cross-site request was accepted
    assert result.audit() == []


def test_csrf_fails_with_samesite_lax() -> None:
    assert csrf_metrics(cookie_samesite="lax") == {
        **QUIET,
        "attacker_access_s": 0.0,
        "attacker_online_s": 0.0,
        "attacker_online_calls": 0,
        "attacker_refresh_s": 0.0,
        "attacker_api_calls": 0,
        "detection_latency_s": None,
        "csrf_accepted": 0,
        "as_load_per_h": 5.25,
        "api_calls": 220,
        "refreshes": 41,
        "rejections": {"expired": 41, "no_cookie": 26},
    }


@pytest.mark.parametrize(
    ("settings", "reason"),
    [({"csrf_token": True}, "csrf_token_invalid"), ({"origin_check": True}, "origin_mismatch")],
)
def test_csrf_fails_with_a_token_or_an_origin_check(settings: dict[str, Any], reason: str) -> None:
    m = csrf_metrics(**settings)
    assert (m["csrf_accepted"], m["rejections"]) == (0, {"expired": 41, reason: 26})


def test_both_scenarios_run_as_json() -> None:
    for name in ("cookie-refresh", "csrf"):
        document = simtoken.run(name, seed=7, horizon=7200).to_dict()
        assert document["scenario"] == name and document["config"]["storage"].startswith("cookie")
