"""Honest attacker metrics: no accepted request of the attacker hides behind a zero.

Introspection windows follow the caches the APIs really filled; what the attacker does through
the victim's open page (a BFF session it rides, a non-extractable DPoP key it signs with) is
counted in ``attacker_online_s`` and ``attacker_online_calls``; a script riding a BFF session
gets what the page gets.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import simtoken
from simtoken import Accepted, Rejected, Request, Result, Revoked
from simtoken.analysis.compare import COMPARED_METRICS
from simtoken.analysis.sweep_table import METRICS
from simtoken.cli import main
from simtoken.record.events import Page

ONLINE = ("attacker_online_s", "attacker_online_calls")
THEFT = simtoken.get_scenario("theft").defaults
BRIEF_VARIANTS = [
    "--variant",
    "auth0-spa + DPoP:preset=auth0-spa,sender_constraint=dpop",
    "--variant",
    "auth0-spa + BFF:preset=auth0-spa,storage=cookie_bff",
]


def outcomes(result: Result) -> list[tuple[Request, Accepted | Rejected]]:
    pairs = []
    for e in result.trace:
        if isinstance(e, Accepted | Rejected):
            request = result.trace.request(e.request_id)
            assert request is not None
            pairs.append((request, e))
    return pairs


# -- 1. introspection: only the caches the APIs really filled -----------------------------------


def test_introspection_window_ends_when_the_cached_answer_goes_stale() -> None:
    """theft-f4, seed 6, a 60 s introspection cache: the leaked token works until the logout
    (10.05 s after the theft) and then only while the API's cached answer is fresh: 24.020747 s
    more, exactly the residual window. It used to be 70.05 s (revocation + the whole TTL)."""
    r = simtoken.run("theft-f4", seed=6, validation="introspection", introspection_cache_ttl=60)
    m = r.metrics
    assert m.attacker_access_s == 34.070747
    assert m.residual_access_s == 24.020747
    assert m.attacker_access_s == pytest.approx(10.05 + m.residual_access_s)


def test_introspection_without_a_cache_ends_at_the_revocation() -> None:
    r = simtoken.run("theft-f4", seed=6, validation="introspection", introspection_cache_ttl=0)
    assert r.metrics.attacker_access_s == 10.05  # was 10.05 too: no TTL to add


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), ttl=st.sampled_from([0.0, 5.0, 30.0, 60.0, 240.0]))
def test_attacker_window_never_outlives_the_last_cache_fill(seed: int, ttl: float) -> None:
    """After the revocation r, the stolen token works only until max(r, f + TTL), f the last
    introspection answer decided before r reaching the API; and every attacker request the API
    accepted lies inside the window the metric reports."""
    r = simtoken.run(
        "theft-f4",
        seed=seed,
        horizon=7200.0,
        validation="introspection",
        introspection_cache_ttl=ttl,
    )
    events = list(r.trace)
    (revoked,) = [i for i, e in enumerate(events) if isinstance(e, Revoked)]
    at = events[revoked].t
    pairs = outcomes(r)
    fills = [
        o.t + r.config.latency
        for q, o in pairs
        if q.endpoint == "introspect" and isinstance(o, Accepted) and events.index(o) < revoked
    ]
    end = r.config.theft_at + r.metrics.attacker_access_s
    assert end <= max([at, *(f + ttl for f in fills)]) + 1e-6
    for q, o in pairs:
        if q.actor == "attacker" and q.endpoint == "api" and isinstance(o, Accepted):
            assert r.config.theft_at <= o.t <= end + 1e-6


# -- 2. online attacker success -----------------------------------------------------------------


def test_dpop_page_calls_and_refreshes_count_as_online_success() -> None:
    """theft, seed 10, auth0-spa with 5-minute access tokens and DPoP: the script signs with
    the page's non-extractable key while the page is open. Before: access 0.0, refresh 0.0,
    8 API calls, nothing else. Now the page window and the page refresh show."""
    r = simtoken.run(
        "theft", seed=10, preset="auth0-spa", access_token_lifetime=300, sender_constraint="dpop"
    )
    m = r.metrics
    assert m.attacker_access_s == 0.0  # nothing usable without the page
    assert (m.attacker_online_s, m.attacker_online_calls) == (397.0, 9)
    assert (m.attacker_api_calls, m.attacker_refresh_s) == (8, 232.869083)
    assert m.detection_latency_s == m.attacker_refresh_s  # the refresh window ends at revocation
    through_page = [(q, o) for q, o in outcomes(r) if q.note == "page"]
    assert sum(isinstance(o, Accepted) for _, o in through_page) == 9
    assert {q.endpoint for q, o in through_page if isinstance(o, Accepted)} == {"api", "refresh"}


def test_page_events_follow_the_victims_page() -> None:
    r = simtoken.run(
        "theft", seed=10, preset="auth0-spa", access_token_lifetime=300, sender_constraint="dpop"
    )
    pages = [e for e in r.trace if isinstance(e, Page)]
    assert pages[0].t == r.config.theft_at and pages[0].is_open
    assert [p.is_open for p in pages] == [i % 2 == 0 for i in range(len(pages))]
    page_requests = [q for q, _ in outcomes(r) if q.note == "page"]
    windows = list(zip(pages[::2], [*pages[1::2], None], strict=False))
    for q in page_requests:  # every request through the page was made while it was open
        assert any(o.t <= q.t and (c is None or q.t < c.t) for o, c in windows)


def test_bearer_theft_records_no_page() -> None:
    r = simtoken.run("theft", seed=7, horizon=7200.0)
    assert not [e for e in r.trace if isinstance(e, Page)]
    assert (r.metrics.attacker_online_s, r.metrics.attacker_online_calls) == (0.0, 0)


@settings(max_examples=12, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    knobs=st.sampled_from(
        [
            {"sender_constraint": "dpop"},
            {"storage": "cookie_bff"},
            {"storage": "cookie_bff", "rotation": True, "reuse_detection": "family"},
            {"sender_constraint": "dpop", "rotation": True, "reuse_detection": "family"},
        ]
    ),
)
def test_no_accepted_attacker_request_hides_behind_zero(
    seed: int, knobs: dict[str, object]
) -> None:
    values = {"horizon": 6 * 3600.0, "access_token_lifetime": 300, **knobs}
    r = simtoken.run("theft", seed=seed, config=simtoken.apply_settings(THEFT, values))
    m = r.metrics
    pairs = [(q, o) for q, o in outcomes(r) if isinstance(o, Accepted)]
    api = [q for q, _ in pairs if q.actor == "attacker" and q.endpoint == "api"]
    online = [q for q, _ in pairs if q.note in ("page", "riding")]
    refreshed = [q for q, _ in pairs if q.endpoint == "refresh" and q.actor == "attacker"]
    assert m.attacker_api_calls == len(api)
    assert m.attacker_online_calls == len(online)
    if api:
        assert m.attacker_access_s + m.attacker_online_s > 0
    if refreshed:
        assert m.attacker_refresh_s > 0
    assert (m.attacker_online_calls > 0) <= (m.attacker_online_s > 0)


def test_brief_comparison_shows_the_online_columns(capsys: pytest.CaptureFixture[str]) -> None:
    """The command of the brief: seed 7's victim never opens the page between the theft and
    closing the app for good, so the DPoP and BFF rows are honestly 0, now in columns of their
    own."""
    args = ["compare", "theft-f3", "--seed", "7", "--set", "access_token_lifetime=300"]
    args += ["--preset", "auth0-spa", *BRIEF_VARIANTS]
    assert main(args) == 0
    header, *rows = capsys.readouterr().out.splitlines()
    assert header.split()[1:6] == [
        "attacker_access_s",
        "attacker_online_s",
        "attacker_online_calls",
        "attacker_refresh_s",
        "attacker_api_calls",
    ]
    labels = ["auth0-spa + DPoP", "auth0-spa + BFF"]
    # durations in human units: "0 s"; counts as numbers
    cells = [row[len(label) :].split("  ") for label, row in zip(labels, rows[1:], strict=True)]
    assert [[c.strip() for c in row if c.strip()][:5] for row in cells] == [
        ["0 s", "0 s", "0", "0 s", "0"],
        ["0 s", "0 s", "0", "0 s", "0"],
    ]
    assert main([*args, "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert [{k: row["metrics"][k] for k in ONLINE} for row in doc["rows"]] == [
        {"attacker_online_s": 0.0, "attacker_online_calls": 0}
    ] * 3


def test_theft_with_the_page_open_shows_online_columns(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["compare", "theft", "--seed", "10", "--set", "access_token_lifetime=300"]
    assert main([*args, "--preset", "auth0-spa", *BRIEF_VARIANTS, "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    got = {
        row["label"]: [row["metrics"][k] for k in ("attacker_access_s", *ONLINE)]
        for row in doc["rows"]
    }
    assert got["auth0-spa + DPoP"] == [0.0, 397.0, 9]
    assert got["auth0-spa + BFF"][0] == 0.0 and got["auth0-spa + BFF"][2] > 0


def test_online_metrics_are_everywhere_attacker_metrics_are(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert set(ONLINE) <= set(COMPARED_METRICS) and set(ONLINE) <= set(METRICS)
    i = COMPARED_METRICS.index("attacker_access_s")
    assert COMPARED_METRICS[i + 1 : i + 3] == ONLINE
    assert main(["run", "theft", "--seed", "7", "--set", "horizon=7200", "--events", "0"]) == 0
    out = capsys.readouterr().out
    assert "attacker_online_s: 0.0" in out and "attacker_online_calls: 0" in out
    sweep = simtoken.sweep("theft", {"storage": ["cookie_bff"]}, settings={"horizon": 7200})
    assert set(ONLINE) <= set(sweep.to_dicts()[0]) and set(ONLINE) <= set(sweep.default_metrics())


# -- 3. a script riding a BFF session gets what the page gets -----------------------------------


def test_riding_a_bff_session_gets_what_the_page_gets() -> None:
    """theft, seed 7, storage=cookie_bff. Before: 602 of the riding calls accepted, 220 expired
    refusals in all; now the BFF refreshes first (59 refreshes for riding calls) and retries
    once on a 401, like the page: 700 accepted, 2 refused (each retried at once, accepted)."""
    r = simtoken.run("theft", seed=7, storage="cookie_bff")
    m = r.metrics
    riding = [(q, o) for q, o in outcomes(r) if q.note == "riding"]
    calls = [(q, o) for q, o in riding if q.endpoint == "api"]
    refreshes = [(q, o) for q, o in riding if q.endpoint == "refresh"]
    assert all(q.actor == "attacker" for q, _ in calls)
    assert all(q.actor == "client-1" and isinstance(o, Accepted) for q, o in refreshes)
    assert (len(calls), len(refreshes)) == (702, 59)
    assert m.attacker_api_calls == sum(isinstance(o, Accepted) for _, o in calls) == 700
    assert m.attacker_online_calls == 759
    assert m.attacker_online_s == 40133.658761
    assert (m.attacker_access_s, m.attacker_refresh_s) == (0.0, 0.0)
    assert m.rejections == {"expired": 76}
    for i, (q, o) in enumerate(calls):  # a refused riding call is retried at once, and works
        if isinstance(o, Rejected):
            retry, answer = calls[i + 1]
            assert retry.t - q.t < 1.0 and isinstance(answer, Accepted)
    assert (m.victim_logins, m.false_logouts, m.victim_availability) == (1, 0, 1.0)
