"""The authorization endpoint and the authorization_code grant, request by request.

Each test drives a real auth server's ``handle`` (no network), so that every check of
``simtoken.actors.authorization`` and ``simtoken.actors.code_grant`` is seen on its own.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

import simtoken
from simtoken import Revoked
from simtoken.actors.auth_server import AuthServer
from simtoken.actors.network import Message, Response
from simtoken.actors.registry import Registration
from simtoken.jose.pkce import code_challenge

CALLBACK = "https://app.example/callback"
VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"


def server(**settings: Any) -> AuthServer:
    config = simtoken.apply_settings(simtoken.RunConfig(horizon=100), settings)
    return simtoken.World(config, seed=5).auth_server


def handle(auth: AuthServer, endpoint: str, params: dict[str, str], sender: str) -> Response:
    answer = auth.handle(Message(1, sender, "auth-server", endpoint, None, params))
    assert isinstance(answer, Response)
    return answer


def authorize(auth: AuthServer, **changes: str) -> Response:
    params = {
        "response_type": "code",
        "client_id": "client-1",
        "redirect_uri": CALLBACK,
        "scope": "openid offline_access",
        "state": "s1",
        "nonce": "n1",
        "code_challenge": code_challenge(VERIFIER, "S256"),
        "code_challenge_method": "S256",
        "user": "user-1",
    } | changes
    return handle(auth, "authorize", {k: v for k, v in params.items() if v != "-"}, "browser")


def code_of(answer: Response) -> str:
    assert answer.status == 200, answer
    query = parse_qs(urlsplit(answer.body["location"]).query)
    return str(query["code"][0])


def redeem(auth: AuthServer, issued: str, sender: str = "client-1", **changes: str) -> Response:
    params = {
        "grant_type": "authorization_code",
        "code": issued,
        "redirect_uri": CALLBACK,
        "client_id": "client-1",
        "code_verifier": VERIFIER,
    } | changes
    return handle(auth, "token", {k: v for k, v in params.items() if v != "-"}, sender)


def test_an_interactive_authorization_starts_an_idp_session_and_redirects_with_code_and_state() -> (
    None
):
    auth = server()
    answer = authorize(auth)
    assert answer.status == 200
    location = urlsplit(answer.body["location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == CALLBACK
    assert parse_qs(location.query)["state"] == ["s1"]
    session = auth.idp_sessions.current(answer.body["idp_session"], 0.0)
    assert session is not None and session.user == "user-1" and session.apps == ["client-1"]
    assert session.expires == 36_000.0  # idp_session_lifetime: Keycloak's SSO Session Max
    code = auth.codes[code_of(answer)]
    assert (code.client_id, code.redirect_uri, code.method, code.nonce) == (
        "client-1",
        CALLBACK,
        "S256",
        "n1",
    )
    assert code.expires == 60.0 and ("user-1", "client-1") in auth.consents


@pytest.mark.parametrize(
    ("settings", "changes", "reason"),
    [
        ({}, {"client_id": "client-9"}, "unknown_client"),
        ({}, {"redirect_uri": CALLBACK + "/../out?to=x"}, "unregistered_redirect_uri"),
        ({}, {"redirect_uri": "https://app.example/callback2"}, "unregistered_redirect_uri"),
        ({}, {"response_type": "token"}, "unsupported_response_type"),
        ({}, {"response_type": "id_token"}, "unsupported_response_type"),
        ({"require_pkce": True}, {"code_challenge": "-"}, "pkce_required"),
        (
            {"allow_plain_pkce": False},
            {"code_challenge": VERIFIER, "code_challenge_method": "plain"},
            "pkce_method_not_allowed",
        ),
        ({}, {"code_challenge_method": "S512"}, "pkce_method_not_allowed"),
        ({}, {"user": "-"}, "invalid_request"),
        ({}, {"prompt": "consent"}, "invalid_request"),
        ({}, {"prompt": "none"}, "login_required"),
        ({}, {"audience": "https://elsewhere.example"}, "invalid_target"),
    ],
)
def test_the_authorization_endpoint_refuses_with_a_named_reason(
    settings: dict[str, Any], changes: dict[str, str], reason: str
) -> None:
    auth = server(**settings)
    answer = authorize(auth, **changes)
    assert (answer.status, answer.reason) == (400, reason)
    assert "location" not in answer.body  # no redirect: nothing leaves (RFC 6749 §4.1.2.1)
    assert auth.codes == {}


def test_prefix_matching_lets_a_crafted_redirect_uri_through_exact_does_not() -> None:
    crafted = CALLBACK + "/../out?to=https%3A%2F%2Fattacker.example%2Fc"
    assert authorize(server(), redirect_uri=crafted).reason == "unregistered_redirect_uri"
    answer = authorize(server(redirect_uri_matching="prefix"), redirect_uri=crafted)
    assert answer.body["location"].startswith(crafted + "&code=")  # the query is kept


def test_prompt_none_rides_a_live_session_until_it_expires() -> None:
    auth = server(idp_session_lifetime=50)
    first = authorize(auth)
    sid = first.body["idp_session"]
    silent = authorize(auth, prompt="none", user="-", idp_session=sid, client_id="client-1")
    assert silent.status == 200 and silent.body["idp_session"] == sid
    assert len(auth.idp_sessions.sessions) == 1  # no new login
    auth.env.run(until=50.0)
    late = authorize(auth, prompt="none", user="-", idp_session=sid)
    assert late.reason == "login_required"


def test_prompt_none_after_the_idp_session_ended_is_login_required() -> None:
    auth = server()
    sid = authorize(auth).body["idp_session"]
    assert auth.idp_sessions.end(sid, 0.0, "logout") is not None
    assert authorize(auth, prompt="none", user="-", idp_session=sid).reason == "login_required"
    assert authorize(auth, prompt="none", user="-", idp_session="forged").reason == "login_required"


def test_an_interactive_authorization_with_a_live_session_asks_no_password() -> None:
    auth = server()
    sid = authorize(auth).body["idp_session"]
    again = authorize(auth, user="-", idp_session=sid)
    assert again.status == 200 and again.body["idp_session"] == sid
    forced = authorize(auth, prompt="login", user="user-1", idp_session=sid)
    assert forced.body["idp_session"] != sid  # prompt=login: the password again, a new session


def test_require_consent_makes_prompt_none_need_a_recorded_consent() -> None:
    auth = server(require_consent=True)
    auth.registry.add(Registration("client-2", redirect_uris=(CALLBACK,)))
    sid = authorize(auth).body["idp_session"]  # client-1: interactive, consent recorded
    silent_other = authorize(auth, prompt="none", user="-", idp_session=sid, client_id="client-2")
    assert silent_other.reason == "consent_required"
    assert authorize(auth, prompt="none", user="-", idp_session=sid).status == 200
    lenient = server()  # without require_consent: consent is implied (first-party apps)
    lenient.registry.add(Registration("client-2", redirect_uris=(CALLBACK,)))
    sid = authorize(lenient).body["idp_session"]
    assert authorize(lenient, prompt="none", user="-", idp_session=sid, client_id="client-2").ok


def test_the_implicit_grant_puts_the_access_token_in_the_fragment_and_no_refresh_token() -> None:
    assert authorize(server(), response_type="token").reason == "unsupported_response_type"
    auth = server(allow_implicit=True)
    answer = authorize(auth, response_type="token", code_challenge="-")
    fragment = parse_qs(urlsplit(answer.body["location"]).fragment)
    assert set(fragment) == {"access_token", "token_type", "expires_in", "state"}
    assert fragment["expires_in"] == ["300"] and auth.codes == {}
    (grant,) = auth.grants.values()
    assert grant.refresh_tokens == {} and grant.idp_session == answer.body["idp_session"]


def test_a_code_is_redeemed_once_for_tokens_of_its_user_and_session() -> None:
    auth = server()
    answer = authorize(auth)
    tokens = redeem(auth, code_of(answer))
    assert tokens.status == 200 and set(tokens.body) == {
        "access_token",
        "token_type",
        "expires_in",
        "refresh_token",  # offline_access was in the authorization's scope
        "scope",
    }
    assert tokens.body["scope"] == "openid offline_access"
    (grant,) = auth.grants.values()
    assert (grant.user, grant.client, grant.idp_session) == (
        "user-1",
        "client-1",
        answer.body["idp_session"],
    )
    without_offline = server()
    code = code_of(authorize(without_offline, scope="openid"))
    assert "refresh_token" not in redeem(without_offline, code).body
    assert authorize(server(), scope="openid  offline_access").reason == "invalid_scope"


def test_a_confidential_app_must_authenticate_to_redeem_its_code() -> None:
    auth = server(client_type="confidential")
    code = code_of(authorize(auth))
    assert redeem(auth, code).reason == "invalid_client"  # client_id alone proves nothing
    secret = auth.registry.credentials("client-1", "client_secret_post")
    assert redeem(auth, code, **secret).status == 200


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"code": "nope"}, "unknown_code"),
        ({"client_id": "client-2"}, "client_mismatch"),
        ({"redirect_uri": CALLBACK + "/"}, "redirect_uri_mismatch"),
        ({"code_verifier": "-"}, "pkce_missing"),
        ({"code_verifier": "x" * 43}, "pkce_mismatch"),
    ],
)
def test_a_redemption_is_refused_with_a_named_reason_and_does_not_use_up_the_code(
    changes: dict[str, str], reason: str
) -> None:
    auth = server()
    code = code_of(authorize(auth))
    assert redeem(auth, code, **changes).reason == reason
    assert redeem(auth, code).status == 200  # the real redemption still works


def test_a_verifier_for_a_code_without_challenge_is_a_downgrade() -> None:
    auth = server()
    code = code_of(authorize(auth, code_challenge="-", code_challenge_method="-"))
    assert redeem(auth, code).reason == "pkce_mismatch"  # RFC 9700 §2.1.1
    assert redeem(auth, code, code_verifier="-").status == 200


def test_plain_pkce_matches_the_verifier_itself() -> None:
    auth = server()
    code = code_of(authorize(auth, code_challenge=VERIFIER, code_challenge_method="plain"))
    assert redeem(auth, code).status == 200


def test_an_expired_code_is_refused() -> None:
    auth = server(code_lifetime=30)
    code = code_of(authorize(auth))
    auth.env.run(until=30.0)
    assert redeem(auth, code).reason == "code_expired"


def test_a_code_redeemed_twice_revokes_what_the_first_redemption_got() -> None:
    auth = server()
    seen: list[object] = []
    auth.record = seen.append
    code = code_of(authorize(auth))
    first = redeem(auth, code, sender="attacker")
    assert first.status == 200
    again = redeem(auth, code)
    assert again.reason == "code_reused"
    (grant,) = auth.grants.values()
    assert grant.revoked and grant.revoked_reason == "code_reused"
    assert [e.reason for e in seen if isinstance(e, Revoked)] == ["code_reused"]
    assert redeem(auth, code, code_verifier="-").reason == "pkce_missing"  # checked before reuse
