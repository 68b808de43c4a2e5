"""Lifetime explorer: *how short is short?* for an access token, over a slider of lifetimes.

An access token's lifetime is a parking ticket's: a short one limits what a thief can do with
it, but every renewal is a trip to the machine. For the chosen lifetime the explorer runs the
same user twice on the same seed, once without refresh tokens (``refresh=none``: every expiry
costs an interactive login) and once with them (``refresh=reactive``: every expiry costs one
request to the auth server instead), and plots both numbers over all the lifetimes on the
slider. Every number comes from :func:`lifetime_metrics`, a pure function that runs seeded
simulations and can be called, tested and cached without any notebook.

Its picture is a *sweep*: two runs for every lifetime on the slider (18 for the defaults, a few
seconds the first time; the runs sign with HS256, since no metric depends on the algorithm).
The whole sweep cannot be simulated within 100 ms uncached, so the explorer caches runs (per
seed, lifetime, mode, scenario, horizon) and its slider has ``continuous_update=False``: a
move runs at most its lifetime's two runs and redraws the chart into kept panels
(:mod:`simtoken.widgets._canvas`), within the 100 ms of ``benchmarks/bench_widgets.py``.
"""

from __future__ import annotations

import functools
import html
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from simtoken.config.run import RefreshMode
from simtoken.errors import ConfigError
from simtoken.plots import format_duration
from simtoken.record.metrics import Metrics
from simtoken.scenarios import get_scenario
from simtoken.widgets._base import Explorer, Picture, cached, simulate
from simtoken.widgets._canvas import Canvas
from simtoken.widgets._controls import Steps, durations
from simtoken.widgets._html import html_table, percent

__all__ = [
    "COMPARED_MODES",
    "DEFAULT_LIFETIMES",
    "LifetimeExplorer",
    "LifetimeMetrics",
    "cache_info",
    "lifetime_explorer",
    "lifetime_metrics",
    "lifetime_sweep",
    "metrics_table",
    "run_metrics",
]

DEFAULT_LIFETIMES: tuple[int, ...] = (60, 300, 600, 900, 1800, 3600, 14_400, 43_200, 86_400)
"""Access-token lifetimes on the explorer's slider: 1 min to 24 h.

5 min is Keycloak's default [K-code], 10 min WebGoat's example, 1 h Okta's (org authorization
server) [O-life], 24 h Auth0's default for API access tokens [A-at] (``docs/bibliography.md``).
"""

COMPARED_MODES: tuple[RefreshMode, RefreshMode] = ("none", "reactive")
"""The two refresh modes the explorer compares: without and with refresh tokens."""


def _metrics(
    seed: int, lifetime: int, refresh: RefreshMode, scenario: str, horizon: float
) -> Metrics:
    settings = {
        "access_token_lifetime": lifetime,
        "refresh": refresh,
        "horizon": horizon,
        "algorithm": "HS256",  # no metric depends on the algorithm; HS256 signs fastest
    }
    return simulate(scenario, seed, None, settings).metrics


_cached_metrics = cached(_metrics, maxsize=1024)


def _horizon(scenario: str, horizon: float | None) -> float:
    spec = get_scenario(scenario)
    return spec.defaults.horizon if horizon is None else float(horizon)


def run_metrics(
    seed: int,
    lifetime: int,
    refresh: RefreshMode,
    *,
    scenario: str = "refresh",
    horizon: float | None = None,
) -> Metrics:
    """Return the metrics of one seeded run, from the cache when it ran before.

    Args:
        seed: the run's seed.
        lifetime: the access-token lifetime in seconds (``access_token_lifetime``).
        refresh: the client's refresh mode: ``"none"``, ``"reactive"`` or ``"proactive"``.
        scenario: the scenario to run.
        horizon: simulated seconds; the scenario's own horizon by default.

    Returns:
        The run's :class:`~simtoken.record.metrics.Metrics` (shared with the cache: do not mutate).

    Raises:
        ConfigError: a setting is invalid (e.g. ``refresh_margin`` not below ``lifetime`` for
            proactive refresh); errors are not cached.
    """
    return _cached_metrics(seed, lifetime, refresh, scenario, _horizon(scenario, horizon))


def cache_info() -> functools._CacheInfo:
    """Report hits and misses of the run cache behind :func:`run_metrics`."""
    return _cached_metrics.cache_info()


@dataclass(frozen=True)
class LifetimeMetrics:
    """One point of the lifetime sweep: the same user, without and with refresh tokens."""

    seed: int
    scenario: str
    lifetime: int
    """Access-token lifetime in seconds."""
    horizon: float
    """Simulated seconds per run."""
    without_refresh: Metrics
    """Metrics with ``refresh=none``: each expired access token costs an interactive login."""
    with_refresh: Metrics
    """Metrics with ``refresh=reactive``: each expired access token costs a refresh request."""


def lifetime_metrics(
    seed: int, lifetime: int, *, scenario: str = "refresh", horizon: float | None = None
) -> LifetimeMetrics:
    """Run one scenario without and with refresh tokens for one access-token lifetime.

    Args:
        seed: the seed of both runs (same seed: the same user behaviour in both).
        lifetime: the access-token lifetime in seconds.
        scenario: the scenario to run.
        horizon: simulated seconds per run; the scenario's own horizon by default.

    Returns:
        Both runs' metrics (cached per seed, lifetime, mode, scenario and horizon).
    """
    end = _horizon(scenario, horizon)
    without, with_ = (
        run_metrics(seed, lifetime, mode, scenario=scenario, horizon=end) for mode in COMPARED_MODES
    )
    return LifetimeMetrics(seed, scenario, lifetime, end, without, with_)


def lifetime_sweep(
    seed: int, lifetimes: Iterable[int], *, scenario: str = "refresh", horizon: float | None = None
) -> tuple[LifetimeMetrics, ...]:
    """Return :func:`lifetime_metrics` for each lifetime, in the given order."""
    return tuple(
        lifetime_metrics(seed, lifetime, scenario=scenario, horizon=horizon)
        for lifetime in lifetimes
    )


def _rows(point: LifetimeMetrics) -> list[tuple[str, str, str]]:
    def both(get: Callable[[Metrics], object]) -> tuple[str, str]:
        return str(get(point.without_refresh)), str(get(point.with_refresh))

    return [
        ("interactive re-logins (victim_logins)", *both(lambda m: m.victim_logins)),
        ("auth-server load, requests / h (as_load_per_h)", *both(lambda m: m.as_load_per_h)),
        ("refresh requests", *both(lambda m: m.refreshes)),
        ("rejected requests", *both(lambda m: sum(m.rejections.values()))),
        ("user API calls", *both(lambda m: m.api_calls)),
        (
            "calls that succeeded (victim_availability)",
            *both(lambda m: percent(m.victim_availability)),
        ),
    ]


def metrics_table(point: LifetimeMetrics) -> str:
    """Render one sweep point as a small HTML table with a one-line summary above it."""
    without, with_ = point.without_refresh, point.with_refresh

    def times(n: int) -> str:
        return f"<b>{n}</b> time" + ("" if n == 1 else "s")

    summary = (
        f"Access tokens live <b>{format_duration(point.lifetime)}</b>; "
        f"{format_duration(point.horizon)} of <code>{html.escape(point.scenario)}</code>, "
        f"seed {point.seed}. Without refresh tokens the user logs in again "
        f"{times(without.victim_logins)}; with them {times(with_.victim_logins)}, while the "
        f"auth server handles <b>{with_.as_load_per_h:.2f}</b> requests per hour."
    )
    table = html_table(("metric", "refresh=none", "refresh=reactive"), _rows(point))
    return f"<p>{summary}</p>{table}"


def _draw(canvas: Canvas, points: Sequence[LifetimeMetrics], current: int) -> bytes:
    """The sweep chart with ``current`` ringed, drawn into the explorer's kept figure."""
    first = points[0]
    by_mode: Mapping[str, Sequence[Metrics]] = {
        "none": [p.without_refresh for p in points],
        "reactive": [p.with_refresh for p in points],
    }
    title = (
        f"{first.scenario} (seed {first.seed}), {format_duration(first.horizon)} per run: "
        "re-logins without refresh tokens vs auth-server load with them"
    )
    canvas.draw_lifetime_sweep([p.lifetime for p in points], by_mode, current, title)
    return canvas.png()


@dataclass(frozen=True)
class _Slider:
    """The lifetime explorer's one choice: the access-token lifetime on its slider."""

    lifetime: int


class LifetimeExplorer(Explorer[_Slider, LifetimeMetrics]):
    """The lifetime explorer: a slider, a metrics table, a sweep chart (see :class:`Explorer`).

    Attributes:
        slider: ``controls["lifetime"]``, a ``SelectionSlider`` over the lifetimes (seconds).
        current: the :class:`LifetimeMetrics` on display.
    """

    def __init__(
        self,
        seed: int,
        scenario: str,
        lifetimes: Sequence[int],
        lifetime: int,
        horizon: float | None,
    ) -> None:
        self.scenario = scenario
        self.lifetimes = tuple(lifetimes)
        self.horizon = horizon
        # a move may run two simulations (module docstring): update on release
        slider = Steps("access-token lifetime", durations(self.lifetimes), False, "70%")
        super().__init__(_Slider(lifetime), seed=seed, spec={"lifetime": slider})
        self.slider = self.controls["lifetime"]

    def outcome(self, choices: _Slider) -> LifetimeMetrics:
        """Both runs for the slider's lifetime (the sweep is computed when drawing)."""
        return lifetime_metrics(
            self.seed, int(choices.lifetime), scenario=self.scenario, horizon=self.horizon
        )

    def draw(self, outcome: LifetimeMetrics) -> Picture:
        """The metrics table and the sweep chart with the chosen lifetime marked."""
        points = lifetime_sweep(
            self.seed, self.lifetimes, scenario=self.scenario, horizon=self.horizon
        )
        return Picture("", metrics_table(outcome), _draw(self.canvas, points, outcome.lifetime))

    def show(self, lifetime: int) -> LifetimeMetrics | None:
        """Move the slider to ``lifetime`` and display it; return its metrics."""
        return self.set(lifetime=lifetime)

    def __repr__(self) -> str:
        return (
            f"LifetimeExplorer(seed={self.seed}, scenario={self.scenario!r}, "
            f"lifetime={self.slider.value})"
        )


def lifetime_explorer(
    seed: int = 7,
    scenario: str = "refresh",
    lifetimes: Sequence[int] = DEFAULT_LIFETIMES,
    *,
    lifetime: int = 300,
    horizon: float | None = None,
) -> LifetimeExplorer:
    """Build the access-token lifetime explorer (see the module docstring).

    Args:
        seed: the seed of every run.
        scenario: the scenario to run (``refresh`` by default: two days of bursty use).
        lifetimes: the access-token lifetimes on the slider, in seconds.
        lifetime: the lifetime selected at first; one of ``lifetimes``.
        horizon: simulated seconds per run; the scenario's own horizon by default. The first
            display runs two simulations per lifetime (a few seconds for the defaults); after
            that every slider position comes from the cache.

    Returns:
        The widget; display it by making it the last expression of a cell.

    Raises:
        ConfigError: ``lifetimes`` is empty or holds a value that is not a whole number of
            seconds > 0, or ``lifetime`` is not one of them.
        UnknownNameError: the scenario does not exist.
    """
    get_scenario(scenario)
    given = tuple(lifetimes)
    if not given or not all(
        isinstance(v, int) and not isinstance(v, bool) and v > 0 for v in given
    ):
        raise ConfigError("lifetimes", given, "one or more whole numbers of seconds > 0")
    values = sorted(set(given))
    if lifetime not in values:
        raise ConfigError("lifetime", lifetime, "one of " + ", ".join(map(str, values)))
    return LifetimeExplorer(seed, scenario, values, lifetime, horizon)
