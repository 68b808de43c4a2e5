"""Several apps per user (``apps``): one browser, one IdP session, single sign-on."""

from __future__ import annotations

from conftest import rows

import simtoken
from simtoken import Call, Login, Request, World
from simtoken.actors.apps import activity_purpose, key_owner
from simtoken.config.sso import app_audiences
from simtoken.names import user_apps
from simtoken.record.events import SilentSignIn

A, B = "client-1.app-1", "client-1.app-2"


def test_the_second_app_waits_for_the_login_page_then_signs_in_silently() -> None:
    result = simtoken.run("sso-apps", seed=7)
    assert [row for row in rows(result) if row[0] <= 0.5] == [
        (0, "login", A, "user-1", "", "first"),
        (0, "request", "user-1/browser", "auth-server", 1, "authorize code"),
        (0.05, "code_issued", "auth-server", A, "", "code for user-1, PKCE S256"),
        (0.05, "accepted", "auth-server", "", 1, ""),
        (0.1, "redirect", "user-1/browser", A, "", "taken"),
        (0.1, "request", A, "auth-server", 2, "token authorization_code"),
        (0.15, "issued", "auth-server", A, "", "refresh token"),
        (0.15, "issued", "auth-server", A, "", "access token"),
        (0.15, "accepted", "auth-server", "", 2, ""),
        (0.2, "request", A, "mail.example", 3, "api"),
        # B waited while the user typed her password, then asks without a login page
        (0.2, "request", "user-1/browser", "auth-server", 4, "authorize code prompt=none"),
        (0.25, "accepted", "mail.example", "", 3, ""),
        (0.25, "code_issued", "auth-server", B, "", "code for user-1, PKCE S256"),
        (0.25, "accepted", "auth-server", "", 4, ""),
        (0.3, "call", A, "mail.example", "", "ok"),
        (0.3, "silent_sign_in", B, "user-1", "", "silent (first), IdP session b2dc50"),
        (0.3, "redirect", "user-1/browser", B, "", "taken"),
        (0.3, "request", B, "auth-server", 5, "token authorization_code"),
        (0.35, "issued", "auth-server", B, "", "refresh token"),
        (0.35, "issued", "auth-server", B, "", "access token"),
        (0.35, "accepted", "auth-server", "", 5, ""),
        (0.4, "request", B, "calendar.example", 6, "api"),
        (0.45, "accepted", "calendar.example", "", 6, ""),
        (0.5, "call", B, "calendar.example", "", "ok"),
    ]


def test_a_silent_sign_in_names_the_session_it_rode_and_when_that_expires() -> None:
    world = World(simtoken.get_scenario("sso-apps").defaults, 7, "sso-apps")
    result = world.run()
    (silent,) = [e for e in result.trace if isinstance(e, SilentSignIn)]
    (session,) = world.auth_server.idp_sessions.sessions.values()
    assert (silent.user, silent.idp_session, silent.reason) == ("user-1", session.sid, "first")
    assert silent.session_expires == session.started + 36_000 == session.expires
    (authorize,) = [
        e for e in result.trace if isinstance(e, Request) and e.endpoint == "authorize" and e.t > 0
    ]
    params = dict(authorize.params)
    assert (params["prompt"], params["client_id"], params["idp_session"]) == (
        "none",
        B,
        session.sid,
    )
    assert "user" not in params  # nobody typed a password


def test_an_expired_idp_session_signs_nobody_in_silently() -> None:
    """Back at R (70 min) after an app-local logout, the 50-minute IdP session is over."""
    result = simtoken.run("single-logout", seed=9, logout_kind="app", idp_session_lifetime=3000)
    assert [row for row in rows(result) if 4200 <= row[0] <= 4200.1] == [
        (4200.0, "request", "user-1/browser", "auth-server", 182, "authorize code prompt=none"),
        (4200.05, "rejected", "auth-server", "", 182, "login_required"),
        (4200.1, "login", A, "user-1", "", "no_refresh_token"),
        (4200.1, "request", "user-1/browser", "auth-server", 183, "authorize code"),
    ]
    assert (result.metrics.victim_logins, result.metrics.silent_sign_ins) == (1, 1)


def test_each_app_has_its_own_client_id_grant_dpop_key_and_api() -> None:
    config = simtoken.apply_settings(
        simtoken.get_scenario("sso-apps").defaults,
        {"sender_constraint": "dpop", "horizon": 3600},
    )
    world = World(config, 7, "sso-apps")
    result = world.run()
    grants = {g.client: g for g in world.auth_server.grants.values()}
    assert set(grants) == {A, B}
    assert grants[A].jkt != grants[B].jkt  # two apps, two origins, two DPoP keys
    assert grants[A].idp_session == grants[B].idp_session
    calls = {(e.actor, e.target) for e in result.trace if isinstance(e, Call)}
    assert calls == {(A, "mail.example"), (B, "calendar.example")}
    assert result.metrics.victim_availability == 1.0 and result.audit() == []


def test_tabs_of_several_apps_and_the_implicit_flow() -> None:
    tabs = simtoken.run("sso-apps", seed=7, tabs=2, horizon=3600)
    logins = [e.actor for e in tabs.trace if isinstance(e, Login)]
    assert logins == [f"{A}.tab-2"] and tabs.metrics.victim_availability == 1.0  # first awake
    implicit = simtoken.run(
        "sso-apps", seed=7, login_flow="implicit", allow_implicit=True, horizon=3600
    )
    # an implicit app has no refresh token: every renewal is a silent sign-in of its own
    silent = [e for e in implicit.trace if isinstance(e, SilentSignIn)]
    assert implicit.metrics.silent_sign_ins == len(silent) > 2
    assert {e.actor for e in silent} == {A, B} and implicit.metrics.victim_logins == 0
    assert implicit.audit() == []


def test_names_apis_keys_and_random_purposes_of_apps() -> None:
    assert user_apps(3, 1) == ["client-3"]
    assert user_apps(1, 3) == [A, B, "client-1.app-3"]
    apis = ("mail", "calendar", "files")
    assert [app_audiences(apis, 2, k) for k in (1, 2)] == [("mail", "files"), ("calendar",)]
    assert [app_audiences(("mail", "calendar"), 3, k) for k in (1, 2, 3)] == [
        ("mail",),
        ("calendar",),
        ("mail",),
    ]
    # one app draws and signs exactly as the user's only client always did
    assert (key_owner(1, "client-1", 1), activity_purpose(1, "client-1", 1)) == ("user-1",) * 2
    assert (key_owner(1, B, 2), activity_purpose(1, B, 2)) == (B, f"user-1/{B}")


def test_one_app_per_user_leaves_the_run_as_it_was() -> None:
    """apps=1 and logout_kind=app: the plain login flow, no SSO events, the same trace."""
    base = simtoken.run("refresh", seed=7, horizon=600, login_flow="code")
    assert not [e for e in base.trace if e.kind in ("silent_sign_in", "idp_logout")]
    assert (
        base.to_json()
        == simtoken.run(
            "refresh", seed=7, horizon=600, login_flow="code", apps=1, logout_kind="app"
        ).to_json()
    )
