"""Axes helpers: time units, durations and lanes, shared by every plot.

Simulated time is always stored in seconds, but nobody reads "172800" at a glance. A time axis
is like a ruler whose markings change with the distance measured: seconds for a three-minute
window, minutes up to three hours, hours up to three days, days beyond. The same unit choice
labels durations inside the plots (a bar labelled ``5.4 h``), and :func:`format_duration` names
a setting's value in its largest whole unit (``5 min``, ``24 h``).

>>> time_unit(600).name
'minutes'
>>> format_duration(300), human_duration(19484.95), human_duration(42.0)
('5 min', '5.41 h', '42 s')

:func:`lanes` decides a timeline's rows: the token holders (clients, then attackers and other
presenters) above the servers (the auth server, then each API), so who-holds-what reads top
down and who-answered reads at the bottom.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from matplotlib.axes import Axes
from matplotlib.axis import Axis
from matplotlib.figure import Figure
from matplotlib.ticker import FixedLocator, FuncFormatter, Locator, NullLocator

from simtoken._text import duration
from simtoken.names import AUTH_SERVER, server_name
from simtoken.record.events import Call, Issued, Login, Lost, Request, ResponseLost
from simtoken.record.result import Result

__all__ = [
    "TimeLocator",
    "TimeUnit",
    "clients",
    "duration_axis",
    "duration_ticks",
    "end_of_run",
    "figure_of",
    "format_duration",
    "human_duration",
    "is_seconds",
    "lanes",
    "time_axis",
    "time_unit",
]


class TimeUnit(NamedTuple):
    """A unit for a time axis: its symbol, its name and its length in seconds."""

    symbol: str
    name: str
    seconds: float


_UNITS = (
    (180.0, TimeUnit("s", "seconds", 1.0)),
    (3 * 3600.0, TimeUnit("min", "minutes", 60.0)),
    (3 * 86_400.0, TimeUnit("h", "hours", 3600.0)),
    (math.inf, TimeUnit("d", "days", 86_400.0)),
)
_SECONDS_NAME = re.compile(
    r"(_s|lifetime|interval|_at|leeway|horizon|period|timeout|latency|margin|ttl|skew|window)$"
)


def time_unit(span: float) -> TimeUnit:
    """Choose the unit for a time axis covering ``span`` seconds.

    Seconds up to 3 minutes, minutes up to 3 hours, hours up to 3 days, days beyond.
    """
    return next(unit for limit, unit in _UNITS if span <= limit)


def format_duration(seconds: float) -> str:
    """Format a duration in its largest whole unit: ``"45 s"``, ``"5 min"``, ``"24 h"``."""
    return duration(seconds)


def human_duration(seconds: float) -> str:
    """Format any duration with three significant digits in the largest unit it fills twice.

    Seconds below 2 minutes, minutes below 2 hours, hours below 2 days, then days.
    """
    size = abs(seconds)
    unit = next(
        u
        for limit, (_, u) in zip((120, 7200, 172_800, math.inf), _UNITS, strict=True)
        if size < limit
    )
    return f"{seconds / unit.seconds:.3g} {unit.symbol}"


def is_seconds(name: str) -> bool:
    """Whether a metric or setting name measures seconds (``*_s``, ``*_lifetime``, ``theft_at``)."""
    return bool(_SECONDS_NAME.search(name))


def _natural(name: str) -> tuple[tuple[str, int], ...]:
    """Sort key that puts ``client-2`` before ``client-10``."""
    return tuple((text, int(num) if num else -1) for text, num in re.findall(r"(\D*)(\d*)", name))


def clients(result: Result) -> list[str]:
    """The users' apps (or tabs): actors that log in or make user-level calls, natural order."""
    names = {e.actor for e in result.trace if isinstance(e, Login | Call)}
    return sorted(names, key=_natural)


def lanes(result: Result) -> tuple[str, ...]:
    """List the timeline's lanes, top to bottom.

    Clients (each app or tab) first, then every other actor that holds or presents tokens (an
    attacker, a replaying service) in order of first appearance, then the auth server and the
    resource servers in the order of the run's audiences. The network, which only ever drops
    requests and answers, has no lane.
    """
    servers = dict.fromkeys([AUTH_SERVER, *(server_name(a) for a in result.config.audiences)])
    order = dict.fromkeys(clients(result))
    for e in result.trace:
        if isinstance(e, Request):
            order.update(dict.fromkeys((e.actor, e.target)))
        elif isinstance(e, Issued):
            order.update(dict.fromkeys((e.actor, e.holder)))
        elif not isinstance(e, Lost | ResponseLost):
            order.setdefault(e.actor)
    others = [name for name in order if name not in servers]
    return (*others, *servers)


def end_of_run(result: Result) -> float:
    """The horizon, or the last event if requests in flight at the horizon finished later."""
    return max(result.config.horizon, result.trace[-1].t if len(result.trace) else 0.0)


_STEPS = tuple(
    float(s)
    for s in (
        *(0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5),  # fractions: a race's window
        *(1, 2, 5, 10, 20, 30),  # seconds
        *(60 * m for m in (1, 2, 5, 10, 20, 30)),  # minutes
        *(3600 * h for h in (1, 2, 3, 6, 12)),  # hours
        *(86_400 * d for d in (1, 2, 5, 7, 14, 30, 60, 90, 180, 365)),  # days
    )
)


class TimeLocator(Locator):
    """Ticks at round times for data in seconds: every 20 s, 10 min, 6 h, 7 d ...

    The step is the smallest of those with at most ``max_ticks`` intervals in the view.
    """

    def __init__(self, max_ticks: int = 10) -> None:
        self.max_ticks = max_ticks

    def __call__(self) -> Sequence[float]:
        assert self.axis is not None
        vmin, vmax = self.axis.get_view_interval()
        return self.tick_values(vmin, vmax)

    def tick_values(self, vmin: float, vmax: float) -> Sequence[float]:
        """Round times between ``vmin`` and ``vmax``."""
        vmin, vmax = sorted((float(vmin), float(vmax)))
        span = vmax - vmin
        step = next((s for s in _STEPS if span / s <= self.max_ticks), _STEPS[-1])
        if span <= 0:
            return [vmin]
        first = math.ceil(vmin / step - 1e-9)
        last = math.floor(vmax / step + 1e-9)
        return [round(i * step, 6) for i in range(first, last + 1)]


def time_axis(ax: Axes, lo: float, hi: float) -> None:
    """Label the x axis of sim-time data in the unit the window ``[lo, hi]`` calls for."""
    unit = time_unit(hi - lo)
    ax.xaxis.set_major_locator(TimeLocator())
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _pos: f"{x / unit.seconds:g}"))
    ax.set_xlabel(f"simulated time ({unit.name})")


def duration_axis(axis: Axis, top: float, nbins: int = 6) -> str:
    """Tick an axis of durations (data in seconds) in the unit ``top`` calls for; its symbol."""
    unit = time_unit(top)
    axis.set_major_locator(TimeLocator(nbins))
    axis.set_major_formatter(FuncFormatter(lambda x, _pos: f"{x / unit.seconds:g}"))
    return unit.symbol


def duration_ticks(axis: Axis, values: Iterable[float]) -> None:
    """Put one tick at each of ``values`` (seconds), labelled like ``5 min`` or ``1 h``."""
    axis.set_major_locator(FixedLocator(sorted(set(values))))
    axis.set_major_formatter(FuncFormatter(lambda x, _pos: format_duration(x)))
    axis.set_minor_locator(NullLocator())


def figure_of(ax: Axes) -> Figure:
    """The figure an Axes belongs to."""
    fig = ax.get_figure(root=True)
    if fig is None:  # pragma: no cover - an Axes always belongs to a figure
        raise ValueError("ax belongs to no figure")
    return fig
