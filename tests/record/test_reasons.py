"""Refusal, revocation and login reasons are closed sets of enum members, not bare strings."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

import simtoken
from simtoken.actors.auth_server import AuthServer
from simtoken.actors.network import Message, Response
from simtoken.jose.dpop import DPoPReason
from simtoken.jose.reasons import Reason
from simtoken.record.reasons import REFUSAL_REASONS, ServerReason, refusal_reason

ACTORS = Path(simtoken.__file__).parent / "actors"


def test_the_three_refusal_sets_share_no_name() -> None:
    sets = [{m.value for m in enum} for enum in (Reason, DPoPReason, ServerReason)]
    assert sum(len(names) for names in sets) == len(REFUSAL_REASONS) == len(set().union(*sets))


def test_a_member_is_exported_as_its_bare_name() -> None:
    assert json.dumps({ServerReason.REUSED: ServerReason.REUSED}) == '{"reused": "reused"}'
    assert f"({ServerReason.IDLE_EXPIRED})" == "(idle_expired)"
    assert ServerReason("revoked") is ServerReason.REVOKED


def _bare_reasons(path: Path) -> list[str]:
    """Every ``Response(...)`` in ``path`` whose reason is a string literal."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if not (isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Response"):
            continue
        reasons = node.args[1:2] + [k.value for k in node.keywords if k.arg == "reason"]
        found += [
            f"{path.name}:{node.lineno} {r.value!r}"
            for r in reasons
            if isinstance(r, ast.Constant) and isinstance(r.value, str)
        ]
    return found


def test_no_server_answers_with_a_bare_string() -> None:
    assert [bad for path in sorted(ACTORS.glob("*.py")) for bad in _bare_reasons(path)] == []


def _auth() -> AuthServer:
    config = simtoken.apply_settings(simtoken.get_scenario("rotation").defaults, {"horizon": 100})
    return simtoken.World(config, seed=5).auth_server


def _answer(endpoint: str, token: str | None, params: dict[str, str]) -> Response:
    answer = _auth().handle(Message(1, "client-1", "auth-server", endpoint, token, params))
    assert isinstance(answer, Response)
    return answer


@pytest.mark.parametrize(
    ("endpoint", "params", "reason"),
    [
        ("nowhere", {}, ServerReason.UNSUPPORTED_ENDPOINT),
        ("login", {"scope": "offline_access"}, ServerReason.INVALID_REQUEST),
        ("login", {"user": "u", "audience": "https://other.example"}, ServerReason.INVALID_TARGET),
        ("refresh", {}, Reason.MALFORMED),
        ("logout", {}, Reason.MALFORMED),
    ],
)
def test_rare_refusals_are_members(endpoint: str, params: dict[str, str], reason: str) -> None:
    token = None if endpoint in ("nowhere", "login") else "not-a-jwt"
    answer = _answer(endpoint, token, params)
    assert answer.reason == reason
    assert type(answer.reason) is type(reason)


def test_metrics_count_rejections_by_bare_name() -> None:
    rejections = simtoken.run("grace-interval", seed=0).metrics.rejections
    assert rejections == {"expired": 75, "reused": 1, "revoked": 1}
    assert {type(name) for name in rejections} == {str}  # printed as 'reused', not an enum repr


def test_a_name_turns_back_into_its_member() -> None:
    assert refusal_reason("dpop_wrong_key") is DPoPReason.WRONG_KEY
    with pytest.raises(ValueError, match="'lost' is not a refusal reason"):
        refusal_reason("lost")
