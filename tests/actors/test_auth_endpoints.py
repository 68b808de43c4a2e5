"""The auth server's introspect, revoke and logout endpoints parse tokens as strictly as the verifier."""

from __future__ import annotations

import base64
import json
from typing import Any

import jwt
import pytest

import simtoken
from simtoken.actors.auth_server import AuthServer
from simtoken.actors.network import Message, Response

ISS = "https://as.example"


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def server() -> tuple[AuthServer, dict[str, Any]]:
    config = simtoken.apply_settings(simtoken.get_scenario("rotation").defaults, {"horizon": 100})
    world = simtoken.World(config, seed=5)
    auth = world.auth_server
    login = call(auth, "login", None, {"user": "user-1", "scope": "offline_access"})
    assert login.status == 200
    return auth, dict(login.body)


def call(
    auth: AuthServer, endpoint: str, token: str | None, params: dict[str, str] | None = None
) -> Response:
    answer = auth.handle(Message(1, "client-1", "auth-server", endpoint, token, params or {}))
    assert isinstance(answer, Response)
    return answer


def resigned(auth: AuthServer, token: str, payload: str) -> str:
    """``token``'s header over this exact payload text, signed with the server's key."""
    header = token.split(".")[0]
    signing_input = f"{header}.{b64(payload.encode())}"
    algorithm = jwt.get_algorithm_by_name(auth.minter.key.algorithm)
    signature = algorithm.sign(signing_input.encode(), auth.minter.key.signing_key)
    return f"{signing_input}.{b64(signature)}"


def duplicate_sid(auth: AuthServer, token: str) -> str:
    """Two ``sid`` names; a last-wins parser reads the real one (the grant's)."""
    claims = jwt.decode(token, options={"verify_signature": False})
    return resigned(auth, token, '{"sid": "another-session", ' + json.dumps(claims)[1:])


def variants(auth: AuthServer, token: str) -> dict[str, str]:
    claims = jwt.decode(token, options={"verify_signature": False})
    return {
        "duplicate sid": duplicate_sid(auth, token),
        "oversized": resigned(auth, token, json.dumps(claims | {"pad": "x" * 9000})),
        "non-JSON": resigned(auth, token, "not json"),
    }


REASONS = {"duplicate sid": "duplicate_claim", "oversized": "oversized", "non-JSON": "malformed"}


def test_the_real_access_token_is_active() -> None:
    auth, tokens = server()
    assert call(auth, "introspect", tokens["access_token"]).body == {"active": True}


@pytest.mark.parametrize("variant", list(REASONS))
def test_introspection_of_an_unparsable_token_is_inactive(variant: str) -> None:
    auth, tokens = server()
    token = variants(auth, tokens["access_token"])[variant]
    assert call(auth, "introspect", token).body == {"active": False}


@pytest.mark.parametrize("variant", list(REASONS))
def test_revoke_of_an_unparsable_token_revokes_nothing_and_names_why(variant: str) -> None:
    auth, tokens = server()
    token = variants(auth, tokens["refresh_token"])[variant]
    answer = call(auth, "revoke", token)
    assert (answer.status, answer.reason, answer.body) == (
        200,
        REASONS[variant],
        {"revoked": False},
    )
    assert not any(grant.revoked for grant in auth.grants.values())
    assert call(auth, "revoke", tokens["refresh_token"]).body == {"revoked": True}
    assert all(grant.revoked for grant in auth.grants.values())


@pytest.mark.parametrize("variant", list(REASONS))
def test_logout_with_an_unparsable_token_is_refused_with_its_reason(variant: str) -> None:
    auth, tokens = server()
    answer = call(auth, "logout", variants(auth, tokens["refresh_token"])[variant])
    assert (answer.status, answer.reason) == (400, REASONS[variant])
    assert not any(grant.revoked for grant in auth.grants.values())


def test_logout_refuses_an_access_token_and_takes_the_refresh_token() -> None:
    auth, tokens = server()
    answer = call(auth, "logout", tokens["access_token"])
    assert (answer.status, answer.reason) == (400, "wrong_token_type")
    assert not any(grant.revoked for grant in auth.grants.values())
    assert call(auth, "logout", tokens["refresh_token"]).status == 200
    assert [grant.revoked_reason for grant in auth.grants.values()] == ["logout"]


def test_logout_without_a_refresh_token_is_a_plain_200() -> None:
    # A client without offline_access holds no refresh token and logs out with none.
    auth, _ = server()
    answer = call(auth, "logout", None)
    assert answer.status == 200
    assert not any(grant.revoked for grant in auth.grants.values())


@pytest.mark.parametrize("grant_type", ["", "password", "urn:example:unknown"])
def test_token_endpoint_refuses_an_unknown_grant_type(grant_type: str) -> None:
    auth, _ = server()
    answer = call(auth, "token", None, {"grant_type": grant_type})
    assert (answer.status, answer.reason) == (400, "unsupported_grant_type")
    assert repr(grant_type) in answer.detail
