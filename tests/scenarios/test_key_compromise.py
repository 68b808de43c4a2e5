"""The ``key-compromise`` scenario: a leaked signing key, and how long forged tokens work after
the emergency rotation (its promised outcome, exactly; the JWKS-cache bound over a sweep)."""

from __future__ import annotations

from typing import Any

import jwt
import pytest
from conftest import quiet_metrics
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import simtoken
from simtoken import Result
from simtoken.actors.compromise import FORGED_SUBJECT
from simtoken.record.events import Forged, KeyLeaked, KeyRotated, Login, Revoked

COMPROMISED = quiet_metrics(
    attacker_api_calls=20,
    forged_accepted=20,
    key_outage_s=1918.965108,
    victim_logins=5,
    victim_availability=0.95099,
    as_load_per_h=20.0,
    residual_access_s=0.0,
    api_calls=1061,
    refreshes=219,
    family_revocations=5,
    rejections={"expired": 166, "unknown_key": 237},
    forged_window_s=7031.876071,
    forged_after_rotation_s=1632.026071,
    users_forced_to_log_in=5,
)


def _run(**settings: Any) -> Result:
    return simtoken.run("key-compromise", seed=7, **settings)


def test_key_compromise_forged_tokens_work_until_the_cache_drops_the_key() -> None:
    result = _run()
    config = result.config
    assert result.metrics.to_dict() == COMPROMISED
    leak = next(e for e in result.trace if isinstance(e, KeyLeaked))
    rotation = next(e for e in result.trace if isinstance(e, KeyRotated))
    forged = next(e for e in result.trace if isinstance(e, Forged))
    assert (leak.t, rotation.t, forged.t) == (3600.0, 9000.0, 3600.0)
    assert rotation.leaked_kid == leak.kid != rotation.new_kid and rotation.revoked == 5
    header, claims = (
        jwt.get_unverified_header(forged.token),
        jwt.decode(forged.token, options={"verify_signature": False}),
    )
    assert header["kid"] == leak.kid and claims["sub"] == FORGED_SUBJECT
    assert claims["exp"] - claims["iat"] == 30 * 86_400
    revoked = [e for e in result.trace if isinstance(e, Revoked)]
    assert {e.reason for e in revoked} == {"key_compromise"} and len(revoked) == 5
    assert all(e.t == rotation.t for e in revoked)
    ttl, latency = config.jwks_cache_ttl, config.latency
    m = result.metrics
    assert m.forged_after_rotation_s is not None and m.forged_window_s is not None
    assert 0 < m.forged_after_rotation_s < ttl + 2 * latency
    span = config.emergency_rotation_at - config.key_leak_at
    assert m.forged_window_s < span + ttl + 2 * latency


def test_key_compromise_with_refetch_the_first_new_kid_ends_the_forgery() -> None:
    m = _run(jwks_refetch=True).metrics
    assert (m.forged_accepted, m.forged_window_s, m.forged_after_rotation_s) == (
        18,
        4495.240512,
        0.0,
    )
    assert (m.users_forced_to_log_in, m.family_revocations, m.key_outage_s) == (5, 5, 1.127513)


@pytest.mark.parametrize("refetch", [False, True])
def test_key_compromise_sweep_forged_tokens_stop_within_one_cache_lifetime(refetch: bool) -> None:
    ttls = [300.0, 900.0, 1800.0, 3600.0, 7200.0]
    swept = simtoken.sweep(
        "key-compromise",
        {"jwks_cache_ttl": ttls},
        seeds=[7],
        settings={"jwks_refetch": refetch},
        workers=1,
    )
    after = {float(r["jwks_cache_ttl"]): r["forged_after_rotation_s"] for r in swept.to_dicts()}
    latency = simtoken.get_scenario("key-compromise").defaults.latency
    assert all(a is not None and a < ttl + 2 * latency for ttl, a in after.items())
    if refetch:  # the users' tokens signed by the new key make the API re-fetch at once
        assert set(after.values()) == {0.0}
    else:  # only the cache's age ends it: a longer cache, a longer window
        assert after == {
            300.0: 0.0,
            900.0: 0.0,
            1800.0: 0.0,
            3600.0: 1632.026071,
            7200.0: 5381.65821,
        }


def test_key_compromise_without_revocation_the_leaked_key_still_ends_the_sessions() -> None:
    m = _run(revoke_on_compromise=False).metrics
    assert (m.family_revocations, m.users_forced_to_log_in) == (0, 5)
    result = _run(revoke_on_compromise=False)
    causes = {e.cause for e in result.trace if isinstance(e, Login) and e.t >= 9000.0}
    assert causes == {"unknown_key"}  # the refresh tokens were signed by the leaked key


def test_key_compromise_audit_names_every_forgery_that_got_in() -> None:
    result = _run()
    violations = result.audit()
    assert {v.kind for v in violations} == {"unissued_token"}
    assert len(violations) == result.metrics.forged_accepted == 20
    assert max(v.t for v in violations) < 9000.0 + result.config.jwks_cache_ttl


def test_no_leak_no_key_events() -> None:
    result = simtoken.run("refresh", seed=7, horizon=3600)
    assert not [e for e in result.trace if isinstance(e, KeyLeaked | KeyRotated)]
    m = result.metrics
    assert (m.forged_window_s, m.forged_after_rotation_s, m.users_forced_to_log_in) == (
        None,
        None,
        0,
    )


def test_a_leak_without_an_emergency_rotation_never_ends() -> None:
    m = _run(emergency_rotation_at=0.0).metrics
    assert m.forged_after_rotation_s is None and m.family_revocations == 0
    assert m.forged_window_s is not None and m.forged_window_s > 43_200.0 - 3_600.0 - 1_800.0


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 50),
    leak=st.floats(60.0, 3_600.0),
    delay=st.floats(1.0, 3_600.0),
    ttl=st.sampled_from([60.0, 300.0, 900.0, 3_600.0]),
    refetch=st.booleans(),
    revoke=st.booleans(),
)
def test_forged_tokens_never_outlive_one_cache_lifetime_after_the_rotation(
    seed: int, leak: float, delay: float, ttl: float, refetch: bool, revoke: bool
) -> None:
    """Whatever the timing: the bound holds, and the auditor finds only the forgeries."""
    result = simtoken.run(
        "key-compromise",
        seed=seed,
        clients=2,
        horizon=leak + delay + 2 * ttl + 600.0,
        key_leak_at=leak,
        emergency_rotation_at=leak + delay,
        jwks_cache_ttl=ttl,
        jwks_refetch=refetch,
        revoke_on_compromise=revoke,
    )
    m = result.metrics
    assert m.forged_after_rotation_s is not None
    assert m.forged_after_rotation_s < ttl + 2 * result.config.latency
    violations = result.audit()
    assert {v.kind for v in violations} <= {"unissued_token"}
    assert len(violations) == m.forged_accepted == m.attacker_api_calls
    assert revoke or m.family_revocations == 0
