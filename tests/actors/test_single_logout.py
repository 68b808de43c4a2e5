"""Single logout: RP-initiated end_session, front-channel iframes, back-channel Logout Tokens."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import jwt
import pytest
from conftest import rows

import simtoken
from simtoken import Accepted, Call, Rejected, Request, Result, Revoked, World
from simtoken.jose.logout_token import BACKCHANNEL_LOGOUT_EVENT, mint_logout_token
from simtoken.names import ISSUER
from simtoken.record.events import IdpLogout, LogoutNotice

A, B = "client-1.app-1", "client-1.app-2"
ENDPOINT = f"{B}/logout"


def test_backchannel_logout_whole_trace_at_the_logout() -> None:
    result = simtoken.run("single-logout", seed=9)
    assert [row for row in rows(result) if 3600 <= row[0] <= 3600.2] == [
        (3600.0, "request", A, "auth-server", 171, "logout"),
        (3600.0, "request", "user-1/browser", "auth-server", 172, "end_session"),
        (3600.05, "revoked", "auth-server", "user-1", "", "logout"),
        (3600.05, "accepted", "auth-server", "", 171, ""),
        (3600.05, "idp_logout", "auth-server", "user-1", "", f"IdP session 123782 ended, apps {A},{B}"),
        (3600.05, "accepted", "auth-server", "", 172, ""),
        (3600.05, "request", "auth-server", ENDPOINT, 173, "backchannel_logout"),
        (3600.1, "logout_notice", B, "user-1", "", "backchannel notice, IdP session 123782"),
        (3600.1, "accepted", ENDPOINT, "", 173, ""),
        (3600.1, "request", B, "auth-server", 174, "logout"),
        (3600.15, "revoked", "auth-server", "user-1", "", "logout"),
        (3600.15, "accepted", "auth-server", "", 174, ""),
    ]  # fmt: skip


def test_the_logout_token_is_a_real_signed_jwt_of_section_2_4() -> None:
    result = simtoken.run("single-logout", seed=9)
    (post,) = [
        e for e in result.trace if isinstance(e, Request) and e.endpoint == "backchannel_logout"
    ]
    (ended,) = [e for e in result.trace if isinstance(e, IdpLogout)]
    assert post.token is not None
    header = jwt.get_unverified_header(post.token)
    assert header["typ"] == "logout+jwt"
    (jwk,) = [k for k in result.jwks["keys"] if k["kid"] == header["kid"]]
    claims = jwt.decode(
        post.token,
        jwt.PyJWK(jwk).key,
        algorithms=[header["alg"]],
        audience=B,
        issuer=ISSUER,
        options={"verify_exp": False, "verify_iat": False},
    )
    assert claims["sub"] == "user-1" and claims["sid"] == ended.idp_session
    assert claims["events"] == {BACKCHANNEL_LOGOUT_EVENT: {}} and "nonce" not in claims
    assert claims["exp"] - claims["iat"] == 120


def test_end_session_params_and_the_cookie_it_clears() -> None:
    world = World(simtoken.get_scenario("single-logout").defaults, 9, "single-logout")
    result = world.run()
    (end,) = [e for e in result.trace if isinstance(e, Request) and e.endpoint == "end_session"]
    (ended,) = [e for e in result.trace if isinstance(e, IdpLogout)]
    assert dict(end.params) == {"client_id": A, "idp_session": ended.idp_session}
    first = world.auth_server.idp_sessions.sessions[ended.idp_session]
    assert (first.ended, first.ended_reason) == (3600.05, "logout")
    assert world.clients[0].browser.idp_session != ended.idp_session  # a new one, from R on


def test_revoke_on_idp_logout_revokes_every_grant_of_the_session() -> None:
    result = simtoken.run("single-logout", seed=9, logout_kind="idp", revoke_on_idp_logout=True)
    revoked = [(e.t, e.reason) for e in result.trace if isinstance(e, Revoked)]
    assert revoked == [(3600.05, "logout"), (3600.05, "idp_logout")]
    kept = simtoken.run("single-logout", seed=9, logout_kind="idp")
    assert [(e.t, e.reason) for e in kept.trace if isinstance(e, Revoked)] == [(3600.05, "logout")]


def _frontchannel(result: Result) -> tuple[Request, Accepted | Rejected | None]:
    (iframe,) = [
        e for e in result.trace if isinstance(e, Request) and e.endpoint == "frontchannel_logout"
    ]
    outcome = result.trace.outcome(iframe.request_id)
    assert not isinstance(outcome, simtoken.Lost)
    return iframe, outcome


def test_a_front_channel_iframe_reaches_the_app_only_without_third_party_cookie_blocking() -> None:
    blocked = simtoken.run("single-logout", seed=9, logout_kind="frontchannel")
    iframe, outcome = _frontchannel(blocked)
    assert (iframe.actor, iframe.target) == ("user-1/browser", ENDPOINT)
    assert iframe.t == pytest.approx(3600.1)
    (ended,) = [e for e in blocked.trace if isinstance(e, IdpLogout)]
    assert dict(iframe.params) == {"iss": ISSUER, "sid": ended.idp_session}
    assert isinstance(outcome, Rejected) and outcome.reason == "storage_partitioned"
    assert not [e for e in blocked.trace if isinstance(e, LogoutNotice)]
    allowed = simtoken.run(
        "single-logout", seed=9, logout_kind="frontchannel", block_third_party_cookies=False
    )
    _, outcome = _frontchannel(allowed)
    assert isinstance(outcome, Accepted)
    (notice,) = [e for e in allowed.trace if isinstance(e, LogoutNotice)]
    assert (notice.actor, notice.channel) == (B, "frontchannel")
    assert notice.t == pytest.approx(3600.15)


def test_a_notified_app_stops_and_an_unnotified_one_keeps_calling() -> None:
    back = simtoken.run("single-logout", seed=9)
    idp = simtoken.run("single-logout", seed=9, logout_kind="idp")
    assert not [e for e in back.trace if e.kind == "call" and e.actor == B and e.t > 3600.1]
    later = [e for e in idp.trace if isinstance(e, Call) and e.actor == B and e.t > 3600.1]
    assert len(later) > 10 and all(e.ok for e in later)


def test_end_session_for_an_unknown_session_ends_nothing() -> None:
    world = World(simtoken.get_scenario("sso-apps").defaults, 7, "custom")
    world.present(
        None,
        at=100.0,
        to="auth-server",
        actor="user-1/browser",
        endpoint="end_session",
        params={"client_id": A, "idp_session": "0000000000000000"},
    )
    result = world.run()
    (end,) = [e for e in result.trace if isinstance(e, Request) and e.endpoint == "end_session"]
    assert isinstance(result.trace.outcome(end.request_id), Accepted)
    assert not [e for e in result.trace if isinstance(e, IdpLogout)]
    assert result.metrics.victim_availability == 1.0  # nobody was logged out


def _present_at_b(make: Callable[[World], object], *more: Callable[[World], object]) -> Result:
    """A world of two back-channel apps and no logout; tokens shown to B's endpoint from 100 s."""
    config = simtoken.apply_settings(
        simtoken.get_scenario("single-logout").defaults, {"logout_at": 0, "horizon": 600}
    )
    world = World(config, 9, "custom")
    for i, maker in enumerate((make, *more)):
        world.present(
            lambda maker=maker: maker(world),
            at=100.0 + i,
            to=ENDPOINT,
            actor="auth-server",
            endpoint="backchannel_logout",
        )
    return world.run()


def _token(world: World, **changes: Any) -> str:
    (session,) = world.auth_server.idp_sessions.sessions.values()
    fields: dict[str, Any] = {
        "issuer": ISSUER,
        "audience": B,
        "subject": "user-1",
        "sid": session.sid,
        "jti": "j1",
        "iat": world.clock.numeric_date(world.env.now),
    }
    fields.update(changes)
    return mint_logout_token(world.auth_server.minter.key, **fields)


def _raw(world: World, **changes: Any) -> str:
    """A Logout Token with claims changed, signed with the auth server's key."""
    key = world.auth_server.minter.key
    claims = jwt.decode(_token(world), options={"verify_signature": False}) | changes
    headers = {"kid": key.kid, "typ": "logout+jwt"}
    return jwt.encode(claims, key.signing_key, algorithm=key.algorithm, headers=headers)


def _alg_none(world: World) -> str:
    """An unsigned Logout Token naming the auth server's key (``alg: none``)."""
    header = {"alg": "none", "kid": world.auth_server.minter.key.kid, "typ": "logout+jwt"}
    body = jwt.decode(_token(world), options={"verify_signature": False})
    parts = (jwt.utils.base64url_encode(json.dumps(p).encode()).decode() for p in (header, body))
    return ".".join(parts) + "."


def _outcomes(result: Result) -> list[str]:
    posts = [e for e in result.trace if isinstance(e, Request) and e.target == ENDPOINT]
    found = [result.trace.outcome(e.request_id) for e in posts]
    return [e.reason if isinstance(e, Rejected) else (e.kind if e else "") for e in found]


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda w: _token(w, audience=A), "wrong_audience"),
        (lambda w: _token(w, issuer="https://attacker.example"), "wrong_issuer"),
        (lambda w: _token(w, sid="0000000000000000"), "unknown_session"),
        (lambda w: _token(w, subject="user-2", sid=None), "unknown_session"),
        (lambda w: _raw(w, nonce="n"), "invalid_logout_token"),
        (lambda w: _raw(w, events={"https://example.com/other": {}}), "invalid_logout_token"),
        (lambda w: _token(w, iat=w.clock.numeric_date(w.env.now) - 200), "expired"),
        (lambda w: w.latest_issued(holder=B, audience="https://calendar.example").token,
         "wrong_token_type"),
        (lambda w: _alg_none(w), "alg_not_allowed"),
        (lambda w: "eyJhbGciOiJub25lIn0.e30.", "wrong_token_type"),
    ],
)  # fmt: skip
def test_a_bad_logout_token_logs_nobody_out(make: Callable[[World], object], reason: str) -> None:
    result = _present_at_b(make)
    assert _outcomes(result) == [reason]
    assert not [e for e in result.trace if isinstance(e, LogoutNotice)]
    assert result.audit() == []


def test_a_valid_logout_token_logs_the_app_out_once_and_a_replay_is_refused() -> None:
    result = _present_at_b(_token, _token)
    assert _outcomes(result) == ["accepted", "logout_token_replayed"]
    (notice,) = [e for e in result.trace if isinstance(e, LogoutNotice)]
    assert (notice.actor, notice.t) == (B, 100.05)
    logouts = [e for e in result.trace if isinstance(e, Request) and e.endpoint == "logout"]
    assert [(e.actor, e.t) for e in logouts] == [(B, 100.05)]
    # The token is genuine, but no end_session ended its session: the auditor says so.
    assert [v.kind for v in result.audit()] == ["notice_without_logout"]
