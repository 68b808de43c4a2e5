"""APIs with operations: each needs its scope, and a token without it gets 403, not 401."""

from __future__ import annotations

import itertools

import jwt

import simtoken
from simtoken import Rejected, Request, Result
from simtoken.actors.network import Message, Response
from simtoken.runner import configure

OPS = "read,write,delete"


def _refusals_of(result: Result, reason: str) -> list[Rejected]:
    return [e for e in result.trace if isinstance(e, Rejected) and e.reason == reason]


def test_a_token_without_the_operations_scope_is_refused_403_and_never_refreshed_for() -> None:
    # The app asks for all three operations; its registration allows only read.
    result = simtoken.run(
        "refresh", seed=7, horizon=4 * 3600, allowed_operations="read", operations=OPS
    )
    m = result.metrics
    assert (m.api_calls, m.victim_availability, m.refreshes) == (22, 0.181818, 3)
    assert m.rejections == {"insufficient_scope": 18, "expired": 3}
    requests = [e for e in result.trace if isinstance(e, Request)]
    following = {a.request_id: b for a, b in itertools.pairwise(requests)}
    refused = _refusals_of(result, "insufficient_scope")
    for e in refused:
        request = result.trace.request(e.request_id)
        assert request is not None and request.operation in ("write", "delete")
        after = following.get(e.request_id)
        assert after is None or after.endpoint == "api"  # no refresh, no retry: a new call
        assert "needs scope 'api.example:" in e.detail
    assert result.audit() == []


def test_the_scope_is_checked_after_introspection_says_active() -> None:
    result = simtoken.run(
        "refresh",
        seed=7,
        horizon=4 * 3600,
        allowed_operations="read",
        validation="introspection",
        introspection_cache_ttl=30,
        operations="read,write",
    )
    assert result.metrics.rejections == {"insufficient_scope": 14, "expired": 3}
    introspected = {
        e.token for e in result.trace if isinstance(e, Request) and e.endpoint == "introspect"
    }
    assert all(e.token in introspected for e in _refusals_of(result, "insufficient_scope"))
    assert result.audit() == []


def test_a_dpop_proof_names_the_operations_method() -> None:
    result = simtoken.run(
        "refresh", seed=7, horizon=4 * 3600, sender_constraint="dpop", operations="read,write"
    )
    assert result.metrics.victim_availability == 1.0
    methods = {
        (e.operation, jwt.decode(e.proof, options={"verify_signature": False})["htm"])
        for e in result.trace
        if isinstance(e, Request) and e.endpoint == "api" and e.proof is not None
    }
    assert methods == {("read", "GET"), ("write", "POST")}


def _api_answer(operations: str, params: dict[str, str], scope: str) -> Response:
    world = simtoken.World(configure("refresh", None, {"horizon": 100, "operations": operations}))
    login = world.auth_server.handle(
        Message(1, "client-1", "auth-server", "login", None, {"user": "u", "scope": scope})
    )
    assert isinstance(login, Response)
    api = world.resource_servers["https://api.example"]
    answer = api.handle(Message(2, "x", api.name, "api", login.body["access_token"], params))
    assert isinstance(answer, Response)
    return answer


def test_without_operations_no_scope_is_checked_and_a_call_naming_none_asks_for_the_first() -> None:
    assert _api_answer("", {"operation": "delete"}, "").status == 200
    assert _api_answer("write,read", {}, "api.example:write").status == 200
    refused = _api_answer("write,read", {}, "api.example:read")
    assert (refused.status, refused.reason) == (403, "insufficient_scope")
    unknown = _api_answer("read", {"operation": "delete"}, "api.example:read")
    assert (unknown.status, unknown.reason) == (405, "unsupported_endpoint")
