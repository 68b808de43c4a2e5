"""Single sign-on on a timeline: silent sign-ins, IdP logouts, logout notices, browser logouts."""

from __future__ import annotations

import matplotlib
import numpy as np
from matplotlib.axes import Axes

import simtoken
from simtoken.plots import lanes, timeline

matplotlib.use("Agg")
MARK_ROW = 0.34  # where a holder's own marks sit in its lane


def _points(ax: Axes, gid: str) -> list[tuple[float, float]]:
    found = [c for c in ax.collections if c.get_gid() == gid]
    if not found:
        return []
    offsets = np.asarray(found[0].get_offsets(), dtype=float)
    return [(round(float(x), 6), round(float(y), 6)) for x, y in offsets]


def test_each_sso_event_is_a_mark_in_its_actors_lane() -> None:
    result = simtoken.run("single-logout", seed=9)
    (ax,) = timeline(result).axes
    row = {name: i for i, name in enumerate(lanes(result))}
    app_a, app_b = row["client-1.app-1"], row["client-1.app-2"]
    assert _points(ax, "silent_sign_in") == [(0.3, app_b + MARK_ROW)]
    assert _points(ax, "idp_logout") == [(3600.05, row["auth-server"] + 0.25)]
    assert _points(ax, "logout_notice") == [(3600.1, app_b + MARK_ROW)]
    # the user's logout in app A and in the browser, and B's logout on the notice
    assert sorted(_points(ax, "logout")) == sorted(
        [
            (3600.0, app_a + MARK_ROW),
            (3600.0, row["user-1/browser"] + MARK_ROW),
            (3600.1, app_b + MARK_ROW),
        ]
    )
    labels = [t.get_text() for t in ax.get_legend().get_texts()]  # type: ignore[union-attr]
    assert {"silent sign-in (SSO) (1)", "IdP session ended (1)", "logout notice taken (1)"} <= set(
        labels
    )
