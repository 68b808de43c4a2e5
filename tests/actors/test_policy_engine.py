"""The refresh-token policy engine: each knob on seeded runs, presets, and bad combinations."""

from __future__ import annotations

from typing import Any

import jwt
import pytest
from conftest import rows

import simtoken
from simtoken import (
    ConfigError,
    Issued,
    Login,
    Policy,
    Rejected,
    Request,
    Result,
    ReuseDetected,
    Revoked,
    UnknownNameError,
)
from simtoken.analysis.races import false_logout_table

ISS = "https://as.example"


def outcome(result: Result, request: Request) -> Any:
    return result.trace.outcome(request.request_id)


def refresh_requests(result: Result, actor: str = "client-1") -> list[Request]:
    return [
        e
        for e in result.trace
        if isinstance(e, Request) and e.endpoint == "refresh" and e.actor == actor
    ]


def test_rotation_chains_generations_and_keeps_the_family_expiry() -> None:
    result = simtoken.run("rotation", seed=7, horizon=20_000)
    chain = [e for e in result.issued("refresh")]
    assert len({e.session for e in chain}) == 1
    first_exp = chain[0].expires
    assert all(e.expires == first_exp for e in chain)  # never extended
    # Each refresh presents exactly the refresh token the previous answer carried.
    presented = [r.token for r in refresh_requests(result)]
    assert presented == [e.token for e in chain[:-1]]
    generations = [jwt.decode(e.token, options={"verify_signature": False})["jti"] for e in chain]
    assert len(set(generations)) == len(chain)
    assert result.metrics.reuse_detections == 0


def test_without_rotation_the_same_refresh_token_is_reused() -> None:
    result = simtoken.run("refresh", seed=7, horizon=20_000)
    assert len(result.issued("refresh")) == 1
    assert len({r.token for r in refresh_requests(result)}) == 1


def test_reuse_detection_revokes_the_family_in_the_same_instant() -> None:
    result = simtoken.run("reuse-detection", seed=7)
    (detected,) = [e for e in result.trace if isinstance(e, ReuseDetected)]
    (revoked,) = [e for e in result.trace if isinstance(e, Revoked)]
    first_rt = result.issued("refresh")[0]
    assert (detected.presenter, detected.token, detected.generation) == (
        "stale-copy",
        first_rt.token,
        0,
    )
    assert (revoked.t, revoked.session, revoked.reason) == (
        detected.t,
        first_rt.session,
        "reuse_detected",
    )
    # The user's next refresh is refused as revoked, and she logs in again.
    after = next(r for r in refresh_requests(result) if r.t > revoked.t)
    refusal = outcome(result, after)
    assert isinstance(refusal, Rejected) and refusal.reason == "revoked"
    logins = [e for e in result.trace if isinstance(e, Login)]
    assert [(e.reason, e.cause) for e in logins] == [("first", ""), ("refresh_failed", "revoked")]
    m = result.metrics
    assert (m.reuse_detections, m.family_revocations, m.false_logouts) == (1, 1, 0)


def test_reuse_detection_scope_none() -> None:
    none = simtoken.run("reuse-detection", seed=7, reuse_detection="none")
    assert (
        none.metrics.reuse_detections,
        none.metrics.family_revocations,
        none.metrics.victim_logins,
    ) == (1, 0, 0)


def test_user_scope_revokes_every_session_of_the_user() -> None:
    world = simtoken.World(
        simtoken.apply_settings(
            simtoken.get_scenario("rotation").defaults,
            {"reuse_detection": "user", "horizon": 7200, "tabs": 1},
        ),
        seed=3,
    )
    # A second session of the same user (another device) starts at t=100 through a login.
    world.present(
        None,
        at=100.0,
        to="auth-server",
        endpoint="login",
        params={"user": "user-1", "scope": "offline_access"},
        actor="device-2",
    )
    first = lambda: world.first_issued(holder="client-1", audience=ISS).token  # type: ignore[union-attr]  # noqa: E731
    world.present(first, at=5000.0, to="auth-server", endpoint="refresh", actor="stale-copy")
    result = world.run()
    (detected,) = [e for e in result.trace if isinstance(e, ReuseDetected)]
    revoked = [e for e in result.trace if isinstance(e, Revoked)]
    assert len(revoked) == 2 and {e.t for e in revoked} == {detected.t}
    assert len({e.session for e in revoked}) == 2


def test_grace_interval_forgives_only_the_immediate_predecessor() -> None:
    for successor in ("new", "same"):
        result = simtoken.run("grace-interval", seed=7, grace_successor=successor)
        retry = next(e for e in result.trace if isinstance(e, Request) and e.actor == "retry")
        old = next(e for e in result.trace if isinstance(e, Request) and e.actor == "old-copy")
        assert outcome(result, retry).kind == "accepted"
        refused = outcome(result, old)
        assert isinstance(refused, Rejected) and refused.reason == "reused"
        (detected,) = [e for e in result.trace if isinstance(e, ReuseDetected)]
        assert detected.presenter == "old-copy" and detected.t == refused.t
        issued_to_retry = [
            e
            for e in result.trace
            if isinstance(e, Issued) and e.holder == "retry" and e.token_type == "refresh"
        ]
        # new: a second live successor is minted (a fork); same: the already-issued one is returned.
        assert len(issued_to_retry) == (1 if successor == "new" else 0)


def test_grace_zero_detects_the_immediate_retry() -> None:
    result = simtoken.run("grace-interval", seed=7, grace_interval=0)
    retry = next(e for e in result.trace if isinstance(e, Request) and e.actor == "retry")
    assert outcome(result, retry).reason == "reused"


def test_max_reuse_allows_counted_replays() -> None:
    result = simtoken.run("grace-interval", seed=7, grace_interval=0, max_reuse=1)
    retry = next(e for e in result.trace if isinstance(e, Request) and e.actor == "retry")
    assert outcome(result, retry).kind == "accepted"


def test_idle_lifetime_ends_unused_sessions() -> None:
    result = simtoken.run("refresh", seed=7, refresh_token_idle_lifetime=3600)
    causes = [
        e.cause for e in result.trace if isinstance(e, Login) and e.reason == "refresh_failed"
    ]
    assert causes and set(causes) <= {"idle_expired", "expired"} and "idle_expired" in causes
    assert result.metrics.false_logouts == 0


def test_concurrent_tabs_false_logouts_and_their_cures() -> None:
    strict = simtoken.run("concurrent-tabs", seed=7)
    assert strict.metrics.false_logouts == strict.metrics.reuse_detections > 0
    tabs = {e.presenter for e in strict.trace if isinstance(e, ReuseDetected)}
    assert tabs <= {f"client-1.tab-{i}" for i in range(1, 5)}
    for cure in ({"grace_interval": 30}, {"single_flight": True}):
        cured = simtoken.run("concurrent-tabs", seed=7, **cure)
        assert cured.metrics.false_logouts == 0 and cured.metrics.reuse_detections == 0


def test_false_logout_table_small() -> None:
    table = false_logout_table(seed=7, tabs=(4,), users=2, days=5)
    assert table[(4, "grace 0")] > 0
    assert table[(4, "grace 30")] == 0 and table[(4, "lock")] == 0


def test_lost_response_retry_is_punished_without_grace() -> None:
    strict = simtoken.run("lost-response", seed=7, horizon=2 * 86_400, algorithm="EdDSA")
    assert strict.metrics.false_logouts > 0
    causes = {
        e.cause for e in strict.trace if isinstance(e, Login) and e.reason == "refresh_failed"
    }
    assert "reused" in causes
    graced = simtoken.run(
        "lost-response", seed=7, horizon=2 * 86_400, algorithm="EdDSA", grace_interval=30
    )
    assert graced.metrics.reuse_detections == 0
    assert graced.metrics.false_logouts < strict.metrics.false_logouts


@pytest.mark.parametrize(
    ("validation", "extra", "expected"),
    [
        ("local", {}, 37.95),
        ("denylist", {}, 0.0),
        ("introspection", {"introspection_cache_ttl": 60}, 12.786188),
    ],
)
def test_logout_residual_access_per_validation_mode(
    validation: str, extra: dict[str, Any], expected: float
) -> None:
    result = simtoken.run("logout", seed=7, validation=validation, **extra)
    assert result.metrics.residual_access_s == expected
    copies = [e for e in result.trace if isinstance(e, Request) and e.actor == "leaked-copy"]
    verdicts = [outcome(result, c) for c in copies]
    accepted_after = [v.t for v in verdicts if v.kind == "accepted"]
    if validation == "denylist":
        assert not accepted_after
        assert {v.reason for v in verdicts} <= {"revoked", "expired"}
    else:
        assert accepted_after and max(accepted_after) - 3600 <= expected + 1


def test_introspection_costs_auth_server_load() -> None:
    local = simtoken.run("logout", seed=7)
    intro = simtoken.run("logout", seed=7, validation="introspection")
    cached = simtoken.run("logout", seed=7, validation="introspection", introspection_cache_ttl=60)
    assert intro.metrics.as_load_per_h > cached.metrics.as_load_per_h > local.metrics.as_load_per_h


def test_sliding_lifetime_never_ends() -> None:
    kept = simtoken.run("sliding-lifetime", seed=7, request_interval=600, algorithm="EdDSA")
    slid = simtoken.run(
        "sliding-lifetime", seed=7, request_interval=600, algorithm="EdDSA", extend_on_rotate=True
    )
    assert kept.metrics.victim_logins == 6
    assert slid.metrics.victim_logins == 0
    last = slid.issued("refresh")[-1]
    assert last.expires == pytest.approx(last.t + 86_400, abs=1)


def test_background_worker_needs_an_operator_every_absolute_lifetime() -> None:
    result = simtoken.run("background", seed=7, algorithm="EdDSA", request_interval=900)
    logins = [e for e in result.trace if isinstance(e, Login)]
    assert [e.cause for e in logins[1:]] == ["expired"] * 4
    assert result.metrics.false_logouts == 0 and result.metrics.victim_availability == 1.0


def test_mobile_has_natural_and_false_relogins() -> None:
    result = simtoken.run("mobile", seed=7)
    causes = [
        e.cause for e in result.trace if isinstance(e, Login) and e.reason == "refresh_failed"
    ]
    assert "idle_expired" in causes and "reused" in causes
    assert result.metrics.false_logouts == causes.count("reused")
    graced = simtoken.run("mobile", seed=7, grace_interval=30)
    assert graced.metrics.false_logouts == 0


# -- presets behave as their sources document ------------------------------------------------


def test_every_preset_runs_the_refresh_scenario() -> None:
    for name in simtoken.PRESETS:
        result = simtoken.run("refresh", seed=7, preset=name, horizon=6 * 3600, algorithm="EdDSA")
        assert result.metrics.victim_availability == 1.0, name


def test_okta_grace_forgives_a_retry_and_auth0_does_not() -> None:
    okta = simtoken.run("grace-interval", seed=7, preset="okta-spa", access_token_lifetime=300)
    auth0 = simtoken.run("grace-interval", seed=7, preset="auth0-spa", access_token_lifetime=300)
    for result, expected in ((okta, "accepted"), (auth0, "rejected")):
        retry = next(e for e in result.trace if isinstance(e, Request) and e.actor == "retry")
        assert outcome(result, retry).kind == expected


def test_keycloak_idle_timeout_ends_sessions_after_30_minutes() -> None:
    result = simtoken.run("refresh", seed=7, preset="keycloak-default")
    causes = [
        e.cause for e in result.trace if isinstance(e, Login) and e.reason == "refresh_failed"
    ]
    assert causes.count("idle_expired") >= 5
    refused = [e for e in result.trace if isinstance(e, Rejected) and e.reason == "idle_expired"]
    assert all("1800" in e.detail for e in refused)


def test_supabase_returns_the_same_successor_on_retry() -> None:
    result = simtoken.run(
        "grace-interval", seed=7, preset="supabase-hosted", access_token_lifetime=300
    )
    retry = next(e for e in result.trace if isinstance(e, Request) and e.actor == "retry")
    assert outcome(result, retry).kind == "accepted"
    assert not [
        e
        for e in result.trace
        if isinstance(e, Issued) and e.holder == "retry" and e.token_type == "refresh"
    ]


def test_preset_and_set_layering() -> None:
    result = simtoken.run("refresh", seed=7, preset="okta-spa", grace_interval=10, horizon=3600)
    assert result.config.policy.grace_interval == 10
    assert result.config.policy.refresh_token_idle_lifetime == 7 * 86_400


# -- contradictory or impossible policies --------------------------------------------------


@pytest.mark.parametrize(
    ("knobs", "field"),
    [
        ({"grace_interval": 30}, "grace_interval"),
        ({"reuse_detection": "family"}, "reuse_detection"),
        ({"max_reuse": 2}, "max_reuse"),
        ({"extend_on_rotate": True}, "extend_on_rotate"),
        ({"rotation": True, "grace_successor": "same"}, "grace_successor"),
        ({"refresh_token_idle_lifetime": 90_000}, "refresh_token_idle_lifetime"),
        ({"rotation": True, "max_reuse": -1}, "max_reuse"),
        ({"rotation": True, "grace_interval": -5}, "grace_interval"),
        ({"introspection_cache_ttl": 30}, "introspection_cache_ttl"),
        ({"validation": "magic"}, "validation"),
        ({"rotation": "yes"}, "rotation"),
        ({"reuse_detection": "everything", "rotation": True}, "reuse_detection"),
    ],
)
def test_contradictory_policies_name_the_fields(knobs: dict[str, Any], field: str) -> None:
    with pytest.raises(ConfigError) as info:
        Policy(**knobs)
    assert info.value.field == field
    message = str(info.value)
    assert message.startswith(f"{field}: ")
    if (
        field in ("grace_interval", "reuse_detection", "max_reuse", "extend_on_rotate")
        and "rotation" not in knobs
    ):
        assert "rotation=true" in message


def test_unknown_preset() -> None:
    with pytest.raises(
        UnknownNameError,
        match=r"preset: unknown name 'okta'; did you mean 'okta-spa'\? allowed: one of naive, auth0-spa",
    ):
        simtoken.run("refresh", preset="okta")


# -- revocation endpoints ------------------------------------------------------------------


def _world(**knobs: Any) -> simtoken.World:
    base = simtoken.get_scenario("rotation").defaults
    config = simtoken.apply_settings(
        base, {"horizon": 4000, "active_period": 1e6, "idle_period": 0, **knobs}
    )
    return simtoken.World(config, seed=5)


def _outcome_of(result: Result, actor: str) -> Any:
    request = next(e for e in result.trace if isinstance(e, Request) and e.actor == actor)
    return outcome(result, request)


def test_rfc7009_revoke_answers_200_for_anything_and_revokes_the_family() -> None:
    world = _world(validation="denylist")
    world.present("garbage", at=100.0, to="auth-server", endpoint="revoke", actor="junk")
    latest_rt = lambda: world.latest_issued(holder="client-1", audience=ISS).token  # type: ignore[union-attr]  # noqa: E731
    world.present(latest_rt, at=1000.0, to="auth-server", endpoint="revoke", actor="revoker")
    result = world.run()
    assert _outcome_of(result, "junk").kind == "accepted"
    assert _outcome_of(result, "revoker").kind == "accepted"
    (revoked,) = [e for e in result.trace if isinstance(e, Revoked)]
    assert (revoked.t, revoked.reason) == (1000.05, "revocation_endpoint")
    # The user's next refresh fails and she logs in again; not a false logout.
    assert [(e.reason, e.cause) for e in result.trace if isinstance(e, Login)][1:] == [
        ("refresh_failed", "revoked")
    ]
    assert result.metrics.false_logouts == 0
    assert (
        result.metrics.residual_access_s == 0.0
    )  # denylist: her access token died with the family


def test_revoking_an_access_token_puts_it_on_the_denylist() -> None:
    world = _world(validation="denylist")
    latest_at = lambda: world.latest_issued(holder="client-1", audience="https://api.example").token  # type: ignore[union-attr]  # noqa: E731
    world.present(latest_at, at=1000.0, to="auth-server", endpoint="revoke", actor="revoker")
    world.present(latest_at, at=1001.0, to="api.example", actor="replayer")
    result = world.run()
    assert _outcome_of(result, "replayer").reason == "revoked"
    assert not [e for e in result.trace if isinstance(e, Revoked)]  # the family lives on


@pytest.mark.parametrize(("revoke", "expected"), [(True, 1), (False, 0)])
def test_password_change_revokes_every_session_when_the_policy_says_so(
    revoke: bool, expected: int
) -> None:
    world = _world(revoke_on_password_change=revoke)
    world.present(
        None,
        at=500.0,
        to="auth-server",
        endpoint="password_change",
        params={"user": "user-1"},
        actor="user-1",
    )
    result = world.run()
    assert _outcome_of(result, "user-1").kind == "accepted"
    revoked = [e for e in result.trace if isinstance(e, Revoked)]
    assert len(revoked) == expected
    assert all(e.reason == "password_change" for e in revoked)


def test_admin_revoke_always_revokes() -> None:
    world = _world(revoke_on_password_change=False)
    world.present(
        None,
        at=500.0,
        to="auth-server",
        endpoint="admin_revoke",
        params={"user": "user-1"},
        actor="admin",
    )
    result = world.run()
    assert [e.reason for e in result.trace if isinstance(e, Revoked)] == ["admin"]


def test_logout_without_revocation_leaves_the_refresh_token_alive() -> None:
    result = simtoken.run("logout", seed=7, revoke_on_logout=False, rotation=True)
    assert result.metrics.family_revocations == 0
    session = result.issued("refresh")[0].session
    grant_is_alive = not any(isinstance(e, Revoked) and e.session == session for e in result.trace)
    assert grant_is_alive


def test_grace_interval_trace_slice() -> None:
    """The whole stretch of trace from the in-grace replay to the revocation, pinned."""
    trace = rows(simtoken.run("grace-interval", seed=7))
    start = next(i for i, row in enumerate(trace) if row[2] == "retry")
    assert trace[start : start + 14] == [
        (22830.0, "request", "retry", "auth-server", 34, "refresh (replayed token)"),
        (22830.05, "issued", "auth-server", "retry", "", "refresh token"),
        (22830.05, "issued", "auth-server", "retry", "", "access token"),
        (22830.05, "accepted", "auth-server", "", 34, ""),
        (22840.1, "request", "old-copy", "auth-server", 35, "refresh (replayed token)"),
        (22840.15, "reuse_detected", "auth-server", "old-copy", "", "generation 2"),
        (22840.15, "revoked", "auth-server", "user-1", "", "reuse_detected"),
        (22840.15, "rejected", "auth-server", "", 35, "reused"),
        # Local validation: the user's access token keeps working after the revocation.
        (22901.835, "request", "client-1", "api.example", 36, "api"),
        (22901.885, "accepted", "api.example", "", 36, ""),
        (22901.935, "call", "client-1", "api.example", "", "ok"),
        (22963.016, "request", "client-1", "api.example", 37, "api"),
        (22963.066, "accepted", "api.example", "", 37, ""),
        (22963.116, "call", "client-1", "api.example", "", "ok"),
    ]


def test_forgive_active_parent_answers_a_late_parent_with_the_active_token() -> None:
    # Supabase: the parent of the active refresh token gets that token back at any time; here the
    # retry comes 5 s after rotation with no grace interval at all, and is still forgiven.
    result = simtoken.run(
        "grace-interval",
        seed=7,
        grace_interval=0,
        grace_successor="same",
        forgive_active_parent=True,
    )
    retry = next(e for e in result.trace if isinstance(e, Request) and e.actor == "retry")
    old = next(e for e in result.trace if isinstance(e, Request) and e.actor == "old-copy")
    assert outcome(result, retry).kind == "accepted"
    assert outcome(result, old).reason == "reused"  # a grandparent is never forgiven
    assert not [
        e
        for e in result.trace
        if isinstance(e, Issued) and e.holder == "retry" and e.token_type == "refresh"
    ]
    assert result.audit() == []


def test_forgive_active_parent_needs_the_same_successor() -> None:
    with pytest.raises(ConfigError, match="forgive_active_parent"):
        Policy(rotation=True, forgive_active_parent=True)
    with pytest.raises(ConfigError, match="forgive_active_parent"):
        Policy(forgive_active_parent=True)  # rotation off
