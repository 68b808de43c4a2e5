"""Metrics: the numbers a run is judged by, computed from the trace alone.

Names and definitions follow the design (``shared/DESIGN.md`` §3) exactly:

======================== =====================================================================
``victim_logins``        interactive logins the legitimate users had to perform after their first
``victim_availability``  fraction of the users' API calls that succeeded (None if none were made)
``as_load_per_h``        requests handled by the auth server per simulated hour
======================== =====================================================================

Counters that explain them ride along: ``api_calls`` (user-level calls), ``refreshes``
(refresh requests the auth server handled) and ``rejections`` (count per reason, over all
servers). Because they are computed from the trace, a metric can never disagree with what the
timeline shows.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from simtoken.events import Accepted, Call, Event, Login, Rejected, Request

__all__ = ["Metrics", "compute_metrics"]


@dataclass(frozen=True)
class Metrics:
    """The metrics of one run (see the module docstring for definitions)."""

    victim_logins: int
    victim_availability: float | None
    as_load_per_h: float
    api_calls: int
    refreshes: int
    rejections: Mapping[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict, keys named as in the design."""
        return {
            "victim_logins": self.victim_logins,
            "victim_availability": self.victim_availability,
            "as_load_per_h": self.as_load_per_h,
            "api_calls": self.api_calls,
            "refreshes": self.refreshes,
            "rejections": dict(sorted(self.rejections.items())),
        }


def compute_metrics(
    events: Iterable[Event], *, horizon: float, auth_server: str, users: Iterable[str]
) -> Metrics:
    """Compute :class:`Metrics` from a trace.

    ``users`` are the legitimate client actors; ``auth_server`` is the auth server's actor name.
    """
    user_set = set(users)
    logins: Counter[str] = Counter()
    calls = ok_calls = handled = 0
    refresh_ids: set[int] = set()
    refreshes = 0
    rejections: Counter[str] = Counter()
    for e in events:
        if isinstance(e, Login) and e.actor in user_set:
            logins[e.actor] += 1
        elif isinstance(e, Call) and e.actor in user_set:
            calls += 1
            ok_calls += e.ok
        elif isinstance(e, Request) and e.endpoint == "refresh":
            refresh_ids.add(e.request_id)
        elif isinstance(e, Accepted | Rejected):
            if e.actor == auth_server:
                handled += 1
                refreshes += e.request_id in refresh_ids
            if isinstance(e, Rejected):
                rejections[e.reason] += 1
    return Metrics(
        victim_logins=sum(n - 1 for n in logins.values() if n > 0),
        victim_availability=round(ok_calls / calls, 6) if calls else None,
        as_load_per_h=round(handled / (horizon / 3600.0), 6),
        api_calls=calls,
        refreshes=refreshes,
        rejections=dict(rejections),
    )
