"""Lifetime sweep: what the access-token lifetime costs the user and the auth server.

A short access token is like a parking ticket that must be renewed often: safer if stolen,
but every renewal is a trip to the machine. This plot puts the two costs side by side, one
line per refresh mode (``none``: every expiry is an interactive login; ``reactive`` or
``proactive``: a refresh request instead), over a log scale of lifetimes. The notebook
explorer (:mod:`simtoken.widgets`) draws it under its slider.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from matplotlib.axes import Axes
from matplotlib.figure import Figure

from simtoken.plots import _style as st
from simtoken.plots._axes import duration_ticks
from simtoken.record.metrics import Metrics

__all__ = ["plot_lifetime_sweep"]


def plot_lifetime_sweep(
    lifetimes: Sequence[float],
    metrics: Mapping[str, Sequence[Metrics]],
    *,
    current: float | None = None,
    title: str = "",
    axes: tuple[Axes, Axes] | None = None,
) -> Figure:
    """Plot re-logins and auth-server load against the access-token lifetime.

    Args:
        lifetimes: the access-token lifetimes swept, in seconds.
        metrics: for each refresh mode (``"none"``, ``"reactive"`` ...), the metrics of one run
            per lifetime, in the same order as ``lifetimes``.
        current: a lifetime to highlight (the slider's value in the explorer widget).
        title: the figure's title.
        axes: draw into these two (empty) axes of a figure with its own size and margins,
            instead of a new figure with a constrained layout (the explorer keeps its figure
            and axes between updates: no layout pass, no new ticks).

    Returns:
        A figure with two panels: ``victim_logins`` and ``as_load_per_h``, one line per mode.

    Raises:
        ValueError: a mode has a different number of runs than there are lifetimes.
    """
    _check_runs(lifetimes, metrics)
    if axes is None:
        fig = Figure(figsize=(9, 3.2), layout="constrained")
        left, right = fig.subplots(1, 2)
    else:
        left, right = axes
        root = left.get_figure(root=True)
        assert isinstance(root, Figure)
        fig = root
    styles = {  # mode -> colour, line style, marker; "none" dashed so overlaps stay visible
        "none": (st.OKABE_ITO["vermillion"], "--", "s"),
        "reactive": (st.OKABE_ITO["blue"], "-", "o"),
        "proactive": (st.OKABE_ITO["bluish_green"], ":", "^"),
    }
    panels = (
        (left, "victim_logins", "interactive re-logins"),
        (right, "as_load_per_h", "auth-server load (requests / h)"),
    )
    for ax, field, ylabel in panels:
        _panel(ax, field, ylabel, lifetimes, metrics, styles, current)
    left.legend(fontsize=8)
    if title:
        fig.suptitle(title, fontsize=10)
    return fig


def _check_runs(lifetimes: Sequence[float], metrics: Mapping[str, Sequence[Metrics]]) -> None:
    """ValueError unless every mode has one run per lifetime."""
    for mode, runs in metrics.items():
        if len(runs) != len(lifetimes):
            raise ValueError(
                f"metrics[{mode!r}] has {len(runs)} runs for {len(lifetimes)} lifetimes"
            )


def _panel(
    ax: Axes,
    field: str,
    ylabel: str,
    lifetimes: Sequence[float],
    metrics: Mapping[str, Sequence[Metrics]],
    styles: Mapping[str, tuple[str | None, str, str]],
    current: float | None,
) -> None:
    """One metric's panel: a line per refresh mode, the current lifetime ringed."""
    for mode, runs in metrics.items():
        values = [float(getattr(m, field)) for m in runs]
        colour, line, marker = styles.get(mode, (None, "-", "o"))
        ax.plot(
            lifetimes,
            values,
            marker=marker,
            ms=4,
            linestyle=line,
            color=colour,
            label=f"refresh={mode}",
            gid=f"{field}:{mode}",
            zorder=3 if mode == "none" else 2,
        )
        if current is not None and current in lifetimes:
            ax.plot(
                [current],
                [values[list(lifetimes).index(current)]],
                marker="o",
                ms=9,
                mfc="none",
                mec="black",
                gid=f"{field}:{mode}:current",
            )
    if current is not None:
        ax.axvline(current, color="#555555", linestyle=":", linewidth=1.0)
    ax.set_xscale("log")
    duration_ticks(ax.xaxis, lifetimes)
    ax.tick_params(axis="x", labelrotation=45, labelsize=8)
    ax.set_xlabel("access-token lifetime")
    ax.set_ylabel(ylabel)
    ax.set_ylim(bottom=0)
    ax.grid(color="#dddddd", linewidth=0.5)
