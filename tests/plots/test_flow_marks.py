"""Timelines of the login flows: the browser's lane, authorization requests, redirects."""

from __future__ import annotations

import matplotlib
import numpy as np
from matplotlib.axes import Axes

import simtoken
from simtoken.plots import timeline

matplotlib.use("Agg")  # headless


def gids(ax: Axes) -> set[str]:
    return {str(c.get_gid()) for c in ax.collections if c.get_gid()}


def points(ax: Axes, gid: str) -> list[tuple[float, float]]:
    (marks,) = [c for c in ax.collections if c.get_gid() == gid]
    offsets = np.asarray(marks.get_offsets(), dtype=float)
    return [(float(x), float(y)) for x, y in offsets.tolist()]


def test_code_interception_shows_the_redirect_to_the_attacker_and_the_revocation() -> None:
    result = simtoken.run("code-interception", seed=7, horizon=600)
    fig = timeline(result)
    ax = fig.axes[0]
    lanes = [t.get_text() for t in ax.get_yticklabels()]
    assert lanes == ["client-1", "user-1/browser", "attacker", "auth-server", "api.example"]
    assert {
        "authorize",
        "redirect",
        "stolen",
        "rejected:code_reused",
        "revoked:code_reused",
    } <= gids(ax)
    # the first redirect reaches the attacker's lane (2), the forwarded one the app's (0)
    assert [round(x, 2) for x, _ in points(ax, "redirect")][:2] == [0.1, 0.2]
    assert [round(y) for _, y in points(ax, "redirect")][:2] == [2, 0]
    assert "login flow: code (native app, PKCE none, state); attack: code_interception at 0 s" in (
        fig.axes[0].get_title()
    )


def test_a_dropped_redirect_has_its_own_mark() -> None:
    result = simtoken.run("login-csrf", seed=7, horizon=3700, use_state=True)
    ax = timeline(result, start=3590, end=3610).axes[0]
    assert {"authorize", "redirect:dropped", "theft_failed"} <= gids(ax)
    assert "redirect" not in gids(ax)
