"""The single sign-on scenarios: ``sso-apps`` and ``single-logout``, pinned and checked against
the formulas of their docstrings."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import quiet_metrics

import simtoken
from simtoken import Call, Issued, Login, Result
from simtoken.record.events import IdpLogout, LogoutNotice, SilentSignIn

A, B = "client-1.app-1", "client-1.app-2"
L, R, H = 3600.0, 4200.0, 5400.0  # the logout, the user's return to A, the horizon
LATENCY = 0.05
AT = 300.0


def test_sso_apps_pinned_metrics() -> None:
    result = simtoken.run("sso-apps", seed=7)
    assert result.metrics.to_dict() == quiet_metrics(
        victim_availability=1.0,
        as_load_per_h=13.75,
        api_calls=609,
        refreshes=106,
        rejections={"expired": 106},
        silent_sign_ins=1,
    )
    assert result.audit() == []


@pytest.mark.parametrize("seed", [1, 7, 12])
def test_sso_apps_one_password_one_silent_sign_in_both_apps_available(seed: int) -> None:
    """The docstring's outcome holds with any seed: 1 login, 1 silent sign-in, 1.0 per app."""
    world = simtoken.World(simtoken.get_scenario("sso-apps").defaults, seed, "sso-apps")
    result = world.run()
    logins = [e for e in result.trace if isinstance(e, Login)]
    silent = [e for e in result.trace if isinstance(e, SilentSignIn)]
    assert [(e.actor, e.reason) for e in logins] == [(A, "first")]
    assert [(e.actor, e.reason) for e in silent] == [(B, "first")]
    assert result.metrics.silent_sign_ins == 1 and result.metrics.victim_logins == 0
    for app in (A, B):
        calls = [e for e in result.trace if isinstance(e, Call) and e.actor == app]
        assert calls and all(e.ok for e in calls)  # availability 1.0 for each app
    (session,) = world.auth_server.idp_sessions.sessions.values()
    assert session.apps == [A, B] and silent[0].idp_session == session.sid
    assert {g.client: g.idp_session for g in world.auth_server.grants.values()} == {
        A: session.sid,
        B: session.sid,
    }


def _atl(result: Result, app: str) -> float:
    """ATL(app): the remaining lifetime at L of the app's last access token issued before L."""
    last = max(
        e.expires
        for e in result.trace
        if isinstance(e, Issued) and e.holder == app and e.token_type == "access" and e.t < L
    )
    return max(0.0, last - L)


def _residues(result: Result) -> dict[str, tuple[float, float]]:
    m = result.metrics
    return {app: (m.residual_access_by_app[app], m.residual_refresh_by_app[app]) for app in (A, B)}


KINDS: dict[str, tuple[dict[str, Any], dict[str, tuple[float, float]], int, int]] = {
    # label: (settings, residues (access, refresh) per app, victim_logins, silent_sign_ins)
    "app": ({"logout_kind": "app"}, {A: (900.0, 1800.0), B: (1800.0, 1800.0)}, 0, 2),
    "idp": ({"logout_kind": "idp"}, {A: (243.0, 0.05), B: (1800.0, 1800.0)}, 1, 1),
    "idp+revoke": (
        {"logout_kind": "idp", "revoke_on_idp_logout": True},
        {A: (243.0, 0.05), B: (258.0, 0.05)},
        1,
        2,
    ),
    "frontchannel blocked": (
        {"logout_kind": "frontchannel"},
        {A: (243.0, 0.05), B: (1800.0, 1800.0)},
        1,
        1,
    ),
    "frontchannel": (
        {"logout_kind": "frontchannel", "block_third_party_cookies": False},
        {A: (243.0, 0.05), B: (258.0, 0.2)},
        1,
        1,
    ),
    "backchannel": ({}, {A: (243.0, 0.05), B: (258.0, 0.15)}, 1, 1),
    "backchannel+denylist": (
        {"validation": "denylist"},
        {A: (0.05, 0.05), B: (0.15, 0.15)},
        1,
        1,
    ),
}


@pytest.mark.parametrize("label", list(KINDS))
def test_single_logout_residues_of_each_kind(label: str) -> None:
    settings, residues, logins, silent = KINDS[label]
    result = simtoken.run("single-logout", seed=9, **settings)
    assert _residues(result) == residues
    assert (result.metrics.victim_logins, result.metrics.silent_sign_ins) == (logins, silent)
    assert result.metrics.victim_availability == 1.0 and result.audit() == []


def test_single_logout_formulas_app_local() -> None:
    """``app``: B keeps everything to the horizon; A is back silently at R with a new token."""
    result = simtoken.run("single-logout", seed=9, logout_kind="app")
    assert _residues(result) == {A: (R + AT - L, H - L), B: (H - L, H - L)}
    back = [e for e in result.trace if isinstance(e, SilentSignIn) and e.actor == A]
    assert [e.t for e in back] == [R + 2 * LATENCY]  # the IdP session still lives at R
    assert not [e for e in result.trace if isinstance(e, IdpLogout)]


@pytest.mark.parametrize("revoke", [False, True])
def test_single_logout_formulas_idp(revoke: bool) -> None:
    result = simtoken.run("single-logout", seed=9, logout_kind="idp", revoke_on_idp_logout=revoke)
    b = (_atl(result, B), LATENCY) if revoke else (H - L, H - L)
    assert _residues(result) == {A: (_atl(result, A), LATENCY), B: b}
    (ended,) = [e for e in result.trace if isinstance(e, IdpLogout)]
    assert (ended.t, ended.client_id, ended.apps) == (L + LATENCY, A, f"{A},{B}")
    # The IdP session is gone: the next app to need the password asks for it. Without the
    # revocation that is A at R; with it, B when its refresh is refused, and A rides B's login.
    logins = [(e.actor, e.reason, e.cause) for e in result.trace if isinstance(e, Login)]
    silent = [e.actor for e in result.trace if isinstance(e, SilentSignIn) and e.t > L]
    if revoke:
        assert logins[1:] == [(B, "refresh_failed", "revoked")] and silent == [A]
    else:
        assert logins[1:] == [(A, "no_refresh_token", "")] and silent == []


def test_single_logout_formulas_front_and_back_channel() -> None:
    front = simtoken.run(
        "single-logout", seed=9, logout_kind="frontchannel", block_third_party_cookies=False
    )
    back = simtoken.run("single-logout", seed=9)
    assert _residues(front)[B] == (_atl(front, B), round(4 * LATENCY, 6))
    assert _residues(back)[B] == (_atl(back, B), round(3 * LATENCY, 6))
    for result, channel, at in ((front, "frontchannel", 3), (back, "backchannel", 2)):
        (notice,) = [e for e in result.trace if isinstance(e, LogoutNotice)]
        assert (notice.actor, notice.channel) == (B, channel)
        assert notice.t == pytest.approx(L + at * LATENCY)
        assert _residues(result)[A] == (_atl(result, A), LATENCY)
    blocked = simtoken.run("single-logout", seed=9, logout_kind="frontchannel")
    assert _residues(blocked)[B] == (H - L, H - L)  # like app-local for B
    assert blocked.metrics.rejections["storage_partitioned"] == 1
