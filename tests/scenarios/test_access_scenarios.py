"""The ``scopes`` and ``client-credentials`` scenarios: their promised outcomes, exactly."""

from __future__ import annotations

import jwt
from conftest import quiet_metrics

import simtoken
from simtoken import Request, Result

NO_ATTACKER = quiet_metrics()


def _attempts(result: Result) -> dict[str, int]:
    """The attacker's API calls per operation, whatever their answer."""
    counts: dict[str, int] = {}
    for e in result.trace:
        if isinstance(e, Request) and e.endpoint == "api" and e.actor == "attacker":
            counts[e.operation] = counts.get(e.operation, 0) + 1
    return counts


def test_scopes_a_read_only_token_reads_and_every_write_or_delete_is_refused() -> None:
    narrow = simtoken.run("scopes", seed=7)
    wide = simtoken.run("scopes", seed=7, client_operations="read,write,delete")
    # The same N attacker calls in both runs: its timing and choices are its own draws.
    n = _attempts(narrow)
    assert n == _attempts(wide) == {"read": 20, "write": 31, "delete": 31}
    m = narrow.metrics
    assert m.attacker_api_calls == n["read"]
    assert m.attacker_api_calls_by_scope == {"api.example:read": n["read"]}
    assert m.attacker_scope_refusals == {
        "api.example:delete": n["delete"],
        "api.example:write": n["write"],
    }
    assert m.rejections == {"expired": 3, "insufficient_scope": n["write"] + n["delete"]}
    w = wide.metrics
    assert w.attacker_api_calls == sum(n.values()) == 82
    assert w.attacker_api_calls_by_scope == {f"api.example:{op}": k for op, k in n.items()}
    assert (w.attacker_scope_refusals, w.rejections) == ({}, {"expired": 3})
    for result in (narrow, wide):  # the user's app only calls what it asked for
        assert (result.metrics.victim_availability, result.metrics.api_calls) == (1.0, 22)
        assert result.audit() == []
    # Everything but the scope is the same story: same windows, same load.
    same = ("attacker_access_s", "attacker_refresh_s", "as_load_per_h", "refreshes")
    assert [m.to_dict()[k] for k in same] == [w.to_dict()[k] for k in same]
    assert (m.attacker_access_s, m.attacker_refresh_s) == (3599.95, 3600.0)


def test_scopes_tokens_carry_the_granted_scope() -> None:
    result = simtoken.run("scopes", seed=7, horizon=4000)
    scopes = {
        jwt.decode(e.token, options={"verify_signature": False})["scope"] for e in result.issued()
    }
    assert scopes == {"openid offline_access api.example:read"}


def test_client_credentials_whole_metrics() -> None:
    result = simtoken.run("client-credentials", seed=7)
    assert result.metrics.to_dict() == {
        **NO_ATTACKER,
        "victim_logins": 0,
        "false_logouts": 0,
        "victim_availability": 1.0,
        "as_load_per_h": 15.0,  # 360 token requests in 24 h
        "residual_access_s": None,
        "api_calls": 1440,  # H / worker_interval
        "refreshes": 0,
        "reuse_detections": 0,
        "family_revocations": 0,
        "rejections": {},
    }
    requests = [e for e in result.trace if isinstance(e, Request) and e.endpoint == "token"]
    assert len(requests) == 360 == len(result.issued("access"))  # ceil(H / 240 s)
    assert result.issued("refresh") == []
    first = jwt.decode(result.issued("access")[0].token, options={"verify_signature": False})
    assert (first["sub"], first["client_id"], first["scope"]) == (
        "worker-1",
        "worker-1",
        "api.example:read api.example:write",
    )
    assert result.audit() == []
