"""The ``precomputed-proofs`` and ``dpop-nonce`` scenarios: their promised outcomes, exactly."""

from __future__ import annotations

import math
from collections import Counter

import pytest
from conftest import quiet_metrics

import simtoken
from simtoken import Accepted, Page, Rejected, Request, Result
from simtoken.names import ATTACKER


def _attacker_requests(result: Result) -> dict[tuple[str, str, str], int]:
    """The attacker's requests by (endpoint, note, outcome: ``accepted`` or the reason)."""
    counts: Counter[tuple[str, str, str]] = Counter()
    for e in result.trace:
        if isinstance(e, Request) and e.actor == ATTACKER:
            outcome = result.trace.outcome(e.request_id)
            answer = outcome.reason if isinstance(outcome, Rejected) else "accepted"
            counts[e.endpoint, e.note, answer] += 1
    return dict(counts)


def _page_closed_at(result: Result) -> float:
    (closed,) = [e.t for e in result.trace if isinstance(e, Page) and not e.is_open]
    return closed


def _precomputed_accepted(result: Result) -> list[Request]:
    return [
        e
        for e in result.trace
        if isinstance(e, Request)
        and e.note == "precomputed"
        and isinstance(result.trace.outcome(e.request_id), Accepted)
    ]


ONLINE = {  # the same in both runs: what the script did through the open page [600 s, 1200 s)
    "attacker_online_s": 600.0,  # tc - t0
    "attacker_online_calls": 15,
    "attacker_refresh_s": 600.0,
    "stolen_families": 1,
    "victim_logins": 0,
    "false_logouts": 0,
    "victim_availability": 1.0,
    "api_calls": 22,
    "rejections": {"expired": 1},
}


def test_precomputed_proofs_without_nonces_keep_the_attacker_in_after_the_page_closed() -> None:
    result = simtoken.run("precomputed-proofs", seed=7)
    assert _attacker_requests(result) == {
        ("api", "page", "accepted"): 14,
        ("refresh", "page", "accepted"): 1,
        ("api", "precomputed", "accepted"): 8,  # the last access token held, until it is due
        ("refresh", "precomputed", "accepted"): 24,  # one per access token, to the horizon
    }
    assert result.metrics.to_dict() == quiet_metrics(
        **ONLINE,
        attacker_api_calls=22,  # 14 through the page + 8 with proofs signed ahead
        as_load_per_h=4.5,
        refreshes=26,
        attacker_precomputed_calls=32,
        attacker_precomputed_reach_s=19802.5,
    )
    assert _page_closed_at(result) == 1200.0
    last = _precomputed_accepted(result)[-1]
    assert last.endpoint == "refresh"
    assert round(last.t - 1200.0, 6) == result.metrics.attacker_precomputed_reach_s
    assert result.config.horizon - last.t < 900  # the next refresh would be after H
    assert result.audit() == []


def test_precomputed_proofs_with_nonces_stop_within_two_nonce_lifetimes() -> None:
    result = simtoken.run("precomputed-proofs", seed=7, use_dpop_nonce=True)
    assert _attacker_requests(result) == {
        ("api", "page", "accepted"): 14,
        ("refresh", "page", "dpop_nonce_invalid"): 1,  # the page learns the new nonce ...
        ("refresh", "page", "accepted"): 1,  # ... and signs again
        ("api", "precomputed", "accepted"): 6,  # still the nonce the page knew
        ("api", "precomputed", "dpop_nonce_invalid"): 1,  # that nonce was retired
        ("refresh", "precomputed", "dpop_nonce_invalid"): 1,  # no refresh after the page
    }
    assert result.metrics.to_dict() == quiet_metrics(
        **{**ONLINE, "rejections": {"dpop_nonce_invalid": 3, "expired": 1, "use_dpop_nonce": 2}},
        attacker_api_calls=20,
        as_load_per_h=1.0,
        refreshes=4,
        nonce_retries=2,  # the user's first proof to each server carried no nonce
        attacker_precomputed_calls=6,
        attacker_precomputed_reach_s=275.46116,
    )
    lifetime = result.config.dpop_nonce_lifetime
    assert result.metrics.attacker_precomputed_reach_s is not None
    assert result.metrics.attacker_precomputed_reach_s < 2 * lifetime
    assert all(e.endpoint == "api" for e in _precomputed_accepted(result))
    assert result.audit() == []


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_precomputed_proofs_formulas_hold_for_other_seeds(seed: int) -> None:
    plain = simtoken.run("precomputed-proofs", seed=seed)
    nonces = simtoken.run("precomputed-proofs", seed=seed, use_dpop_nonce=True)
    cfg = plain.config
    closed, lifetime = cfg.victim_stops_at, cfg.dpop_nonce_lifetime
    reach = plain.metrics.attacker_precomputed_reach_s
    assert reach is not None
    assert cfg.horizon - closed - cfg.policy.access_token_lifetime < reach <= cfg.horizon - closed
    assert nonces.metrics.attacker_precomputed_reach_s is not None
    assert nonces.metrics.attacker_precomputed_reach_s < lifetime  # P = 4 L: retired at P + L
    assert not [e for e in _precomputed_accepted(nonces) if e.endpoint == "refresh"]
    for result in (plain, nonces):
        assert result.metrics.attacker_online_s == closed - cfg.theft_at
        assert result.metrics.attacker_access_s == 0.0


DPOP_NONCE_COMMON = {
    "attacker_refresh_s": 25200.0,  # H - t: the stolen key signs live
    "stolen_families": 1,
    "victim_logins": 0,
    "false_logouts": 0,
    "victim_availability": 1.0,
    "api_calls": 379,
}


def test_dpop_nonce_whole_metrics_with_and_without_nonces() -> None:
    result = simtoken.run("dpop-nonce", seed=7)
    plain = simtoken.run("dpop-nonce", seed=7, use_dpop_nonce=False)
    assert result.metrics.to_dict() == quiet_metrics(
        **DPOP_NONCE_COMMON,
        attacker_access_s=25199.85,  # a nonce round trip shifts one of its refreshes by 0.1 s
        attacker_api_calls=509,
        as_load_per_h=24.5,  # 196 requests in 8 h
        refreshes=190,
        rejections={"dpop_nonce_invalid": 17, "expired": 67, "use_dpop_nonce": 8},
        nonce_retries=23,
    )
    assert plain.metrics.to_dict() == quiet_metrics(
        **DPOP_NONCE_COMMON,
        attacker_access_s=25199.95,
        attacker_api_calls=510,
        as_load_per_h=21.875,  # 175 requests in 8 h: 21 fewer, the auth server's refusals
        refreshes=172,
        rejections={"expired": 67},
    )
    assert result.audit() == plain.audit() == []
    at_auth_server = [
        e
        for e in result.trace
        if isinstance(e, Rejected)
        and e.actor == "auth-server"
        and e.reason in ("use_dpop_nonce", "dpop_nonce_invalid")
    ]
    hours = result.config.horizon / 3600
    assert len(at_auth_server) == 21 == round((24.5 - 21.875) * hours)  # the load it added


def _expected_nonce_refusals(result: Result) -> int:
    """Requests of the users a nonce rule refuses, counted from the trace alone.

    A client's proof carries the nonce of its last answer from that server, handed out at the
    server's time ``s``; at the server's time ``t`` it is accepted iff floor(t / L) <=
    floor(s / L) + 1 (current or previous nonce). Its first request carries none. An API
    refuses an expired token before it looks at the proof, and its answer brings the nonce too.
    """
    lifetime = result.config.dpop_nonce_lifetime
    last: dict[tuple[str, str], float] = {}
    refused = 0
    for e in result.trace:
        if not isinstance(e, Request) or e.actor == ATTACKER or e.proof is None:
            continue
        outcome = result.trace.outcome(e.request_id)
        if outcome is None or not isinstance(outcome, Accepted | Rejected):
            continue
        pair = (e.actor, e.target)
        if isinstance(outcome, Rejected) and outcome.reason == "expired":
            pass
        elif pair in last:
            known = math.floor(last[pair] / lifetime)
            refused += math.floor(outcome.t / lifetime) > known + 1
        else:
            refused += 1
        last[pair] = outcome.t
    return refused


def test_dpop_nonce_refusals_are_exactly_the_first_contacts_and_the_retired_nonces() -> None:
    result = simtoken.run("dpop-nonce", seed=7)
    assert result.metrics.nonce_retries == _expected_nonce_refusals(result) == 23
    users = {e.actor for e in result.trace if isinstance(e, Request) and e.actor != ATTACKER}
    first_contacts = sum(
        1
        for user in users
        for target in {e.target for e in result.trace if isinstance(e, Request)}
        if any(
            isinstance(e, Request) and e.actor == user and e.target == target and e.proof
            for e in result.trace
        )
    )
    assert first_contacts == 6  # 3 users x (auth server, API): one use_dpop_nonce each
    assert result.metrics.rejections["use_dpop_nonce"] == first_contacts + 2  # + the thief's
