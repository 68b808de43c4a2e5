"""Diagrams and tables name what a request asks: an API's operation, a token request's grant."""

from __future__ import annotations

import simtoken
from simtoken.record.mermaid import to_mermaid


def test_a_diagram_names_operations_grant_types_and_403s() -> None:
    workers = to_mermaid(simtoken.run("client-credentials", seed=7, horizon=300), max_messages=4)
    assert "C1->>AS: t=0s token client_credentials\n" in workers
    assert "C1->>RS1: t=0.1s api write AT 0662c4\n" in workers
    theft = to_mermaid(simtoken.run("scopes", seed=7), start=3600, end=3601)
    assert "ATK->>RS1: t=1h00m api delete AT 816730\n" in theft
    assert "RS1--xATK: t=1h00m rejected (insufficient_scope)\n" in theft


def test_a_table_row_names_the_operation_or_the_grant_type() -> None:
    result = simtoken.run("client-credentials", seed=7, horizon=300)
    infos = [row["info"] for row in result.trace.to_table() if row["kind"] == "request"]
    assert infos[:3] == ["token client_credentials", "api write", "api read"]
    plain = simtoken.run("refresh", seed=7, horizon=300).trace.to_table()
    assert [row["info"] for row in plain if row["kind"] == "request"][:2] == ["login", "api"]
