"""Cookie events in the trace's table and in its Mermaid diagram."""

from __future__ import annotations

import pytest

import simtoken
from simtoken import CookieBlocked, Result


@pytest.fixture(scope="module")
def blocked_csrf() -> Result:
    """Cross-site requests the browser sends without the Lax cookie (two hours)."""
    return simtoken.run("csrf", seed=7, horizon=2 * 3600, cookie_samesite="lax")


def test_a_table_row_names_the_cookie_and_the_rule(blocked_csrf: Result) -> None:
    rows = [r for r in blocked_csrf.trace.to_table() if r["kind"] == "cookie_blocked"]
    assert rows[0]["actor"] == "client-1"
    assert (rows[0]["target"], rows[0]["info"]) == ("__Host-session", "send: samesite")


def test_the_diagram_notes_the_withheld_cookie(blocked_csrf: Result) -> None:
    first = next(e for e in blocked_csrf.trace if isinstance(e, CookieBlocked))
    text = simtoken.to_mermaid(blocked_csrf, first.t, first.t + 0.2)
    assert (
        "Note over C1: t=1h00m cookie_blocked (cookie __Host-session, action send, url "
        "https#58;//app.example/api/data, rule samesite)" in text
    )
    assert "C1->>RS1: t=1h00m api (csrf)" in text
    assert "RS1--xC1: t=1h00m rejected (no_cookie)" in text
