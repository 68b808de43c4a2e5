"""Cookie events on the timeline: each cross-site request and each withheld cookie a mark."""

from __future__ import annotations

import matplotlib
import numpy as np
from matplotlib.axes import Axes

import simtoken
from simtoken import CookieBlocked, Request
from simtoken.plots import timeline

matplotlib.use("Agg")


def marks(ax: Axes, gid: str) -> list[tuple[float, float]]:
    found = [c for c in ax.collections if c.get_gid() == gid]
    offsets = np.asarray(found[0].get_offsets(), dtype=float) if found else np.empty((0, 2))
    return [(float(x), float(y)) for x, y in offsets]


def test_the_timeline_marks_each_cross_site_request_and_each_withheld_cookie() -> None:
    result = simtoken.run("csrf", seed=7, horizon=2 * 3600, cookie_samesite="lax")
    ax = timeline(result).axes[0]
    forged = [e for e in result.trace if isinstance(e, Request) and e.note == "csrf"]
    withheld = [e for e in result.trace if isinstance(e, CookieBlocked)]
    assert len(forged) == len(withheld) > 0
    assert [x for x, _ in marks(ax, "csrf")] == [e.t for e in forged]
    assert [x for x, _ in marks(ax, "cookie_blocked")] == [e.t for e in withheld]
    legend = ax.get_legend()
    assert legend is not None
    labels = [t.get_text() for t in legend.get_texts()]
    assert any(label.startswith("cross-site request (CSRF)") for label in labels)
    assert any(label.startswith("cookie kept back") for label in labels)
