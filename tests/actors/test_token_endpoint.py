"""The token endpoint's client side: who asks, which scopes, whose refresh token, client credentials."""

from __future__ import annotations

from typing import Any

import jwt
import pytest

import simtoken
from simtoken.actors.auth_server import AuthServer
from simtoken.actors.network import Message, Response
from simtoken.jose.client_auth import client_secret, credentials_params
from simtoken.runner import configure

API = "https://api.example"
READ, WRITE, DELETE = "api.example:read", "api.example:write", "api.example:delete"


def server(**settings: Any) -> AuthServer:
    """The auth server of a short ``refresh`` world with API operations and two users' apps."""
    knobs = {"horizon": 100, "operations": "read,write,delete", "clients": 2, **settings}
    return simtoken.World(configure("refresh", None, knobs), seed=5).auth_server


def call(
    auth: AuthServer,
    endpoint: str,
    token: str | None = None,
    sender: str = "client-1",
    **params: str,
) -> Response:
    answer = auth.handle(Message(1, sender, "auth-server", endpoint, token, params))
    assert isinstance(answer, Response)
    return answer


def claims(token: object) -> dict[str, Any]:
    return jwt.decode(str(token), options={"verify_signature": False})


def login(auth: AuthServer, scope: str, **params: str) -> dict[str, Any]:
    answer = call(auth, "login", None, user="user-1", audience=API, scope=scope, **params)
    assert answer.status == 200, answer
    return dict(answer.body)


def test_a_login_is_granted_what_it_asks_that_the_registration_allows() -> None:
    auth = server(allowed_operations="read,write")
    body = login(auth, f"openid offline_access {READ} {DELETE} unknown", client_id="client-1")
    grant = next(iter(auth.grants.values()))
    assert grant.scope == f"openid offline_access {READ}"  # delete and unknown dropped (§3.3)
    assert claims(body["access_token"])["scope"] == body["scope"] == grant.scope
    assert claims(body["refresh_token"])["scope"] == grant.scope
    assert grant.client == "client-1"


def test_an_access_token_is_downscoped_to_its_api_the_refresh_token_is_not() -> None:
    apis = "https://mail.example,https://calendar.example"
    auth = server(audiences=apis)
    scope = "openid offline_access mail.example:read calendar.example:read"
    body = call(auth, "login", None, user="u", audience="https://mail.example", scope=scope).body
    assert claims(body["access_token"])["scope"] == "openid offline_access mail.example:read"
    assert claims(body["refresh_token"])["scope"] == scope
    other = call(auth, "refresh", body["refresh_token"], audience="https://calendar.example")
    assert claims(other.body["access_token"])["scope"] == (
        "openid offline_access calendar.example:read"
    )


def test_a_refresh_may_narrow_the_scope_but_never_widen_it() -> None:
    auth = server()
    rt = login(auth, f"openid offline_access {READ} {WRITE}")["refresh_token"]
    narrow = call(auth, "refresh", rt, audience=API, scope=READ)
    assert narrow.status == 200 and claims(narrow.body["access_token"])["scope"] == READ
    wide = call(auth, "refresh", rt, audience=API, scope=f"{READ} {DELETE}")
    assert (wide.status, wide.reason) == (400, "invalid_scope")
    assert repr(DELETE) in wide.detail
    bad = call(auth, "refresh", rt, audience=API, scope='"read"')
    assert (bad.status, bad.reason) == (400, "invalid_scope")
    whole = call(auth, "refresh", rt, audience=API)  # no scope: the grant's (RFC 6749 §6)
    assert claims(whole.body["access_token"])["scope"] == f"openid offline_access {READ} {WRITE}"


def test_a_malformed_login_scope_is_refused() -> None:
    answer = call(server(), "login", None, user="u", audience=API, scope="openid  read")
    assert (answer.status, answer.reason) == (400, "invalid_scope")


def test_a_refresh_token_works_only_for_its_client() -> None:
    auth = server()
    rt = login(auth, "openid offline_access", client_id="client-1")["refresh_token"]
    other = call(auth, "refresh", rt, "client-2", audience=API, client_id="client-2")
    assert (other.status, other.reason) == (400, "wrong_client")
    assert "issued to client-1, not client-2" in other.detail
    assert call(auth, "refresh", rt, "client-2", audience=API, client_id="client-1").ok
    assert call(auth, "refresh", rt, "presenter", audience=API).ok  # a public client, unnamed


def confidential(method: str = "client_secret_basic") -> tuple[AuthServer, dict[str, str]]:
    auth = server(client_type="confidential")
    return auth, credentials_params("client-1", client_secret(5, "client-1"), method)  # type: ignore[arg-type]


@pytest.mark.parametrize("method", ["client_secret_basic", "client_secret_post"])
def test_a_confidential_clients_refresh_token_needs_its_secret(method: str) -> None:
    auth, secret = confidential(method)
    rt = login(auth, "openid offline_access", **secret)["refresh_token"]
    assert call(auth, "refresh", rt, audience=API, **secret).ok
    for params in ({}, {"client_id": "client-1"}):  # a thief names the app but has no secret
        stolen = call(auth, "refresh", rt, "attacker", audience=API, **params)
        assert (stolen.status, stolen.reason) == (401, "invalid_client")
    wrong = {"client_id": "client-1", "client_secret": "guess"}
    answer = call(auth, "refresh", rt, "attacker", audience=API, **wrong)
    assert (answer.status, answer.reason) == (401, "invalid_client")
    as_other = credentials_params("client-2", client_secret(5, "client-2"), "client_secret_post")
    answer = call(auth, "refresh", rt, "client-2", audience=API, **as_other)
    assert (answer.status, answer.reason) == (400, "wrong_client")


def test_a_confidential_login_needs_the_secret_and_a_public_client_has_none() -> None:
    auth, _ = confidential()
    answer = call(auth, "login", None, user="u", audience=API, client_id="client-1")
    assert (answer.status, answer.reason) == (401, "invalid_client")
    public = server()
    secret = {"client_id": "client-1", "client_secret": "anything"}
    answer = call(public, "login", None, user="u", audience=API, **secret)
    assert (answer.status, answer.reason) == (401, "invalid_client")


def worker_server(**settings: Any) -> tuple[AuthServer, dict[str, str]]:
    auth = server(workers=1, **settings)
    return auth, credentials_params("worker-1", client_secret(5, "worker-1"), "client_secret_basic")


def test_client_credentials_give_an_access_token_for_the_client_and_no_refresh_token() -> None:
    auth, secret = worker_server(allowed_operations="read,write")
    answer = call(
        auth, "token", None, "worker-1", grant_type="client_credentials", audience=API, **secret
    )
    assert answer.status == 200 and "refresh_token" not in answer.body
    token = claims(answer.body["access_token"])
    assert (token["sub"], token["client_id"], token["scope"]) == (
        "worker-1",
        "worker-1",
        f"{READ} {WRITE}",  # no scope asked: the registration's (RFC 6749 §3.3)
    )
    grant = auth.grants[token["sid"]]
    assert (grant.user, grant.client, grant.refresh_tokens) == ("worker-1", "worker-1", {})
    asked = call(
        auth,
        "token",
        None,
        "worker-1",
        grant_type="client_credentials",
        audience=API,
        scope=f"{WRITE} {DELETE}",
        **secret,
    )
    assert claims(asked.body["access_token"])["scope"] == WRITE


@pytest.mark.parametrize(
    ("sender", "with_secret", "params", "status", "reason"),
    [
        ("worker-1", False, {}, 401, "invalid_client"),
        ("worker-1", False, {"client_id": "worker-1"}, 401, "invalid_client"),
        ("client-1", False, {"client_id": "client-1"}, 400, "unauthorized_client"),
        ("worker-1", True, {"audience": "https://other.example"}, 400, "invalid_target"),
        ("worker-1", True, {"scope": "a  b"}, 400, "invalid_scope"),
    ],
)
def test_client_credentials_refusals(
    sender: str, with_secret: bool, params: dict[str, str], status: int, reason: str
) -> None:
    auth, secret = worker_server()
    asked = {"audience": API, **(secret if with_secret else {}), **params}
    answer = call(auth, "token", None, sender, grant_type="client_credentials", **asked)
    assert (answer.status, answer.reason) == (status, reason)


def test_a_worker_cannot_log_a_user_in() -> None:
    auth, secret = worker_server()
    answer = call(auth, "login", None, "worker-1", user="u", audience=API, **secret)
    assert (answer.status, answer.reason) == (400, "unauthorized_client")
