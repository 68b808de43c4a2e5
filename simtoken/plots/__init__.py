"""Plots: pictures of runs, comparisons and sweeps, drawn from results and nothing else.

Every picture is a view of data the simulator already computed, so a plot can never disagree
with the trace or the metrics:

====================================== ======================================================
:func:`timeline`                       one run: a lane per actor, token bars coloured by who
                                       holds them (user, attacker, both), request outcomes,
                                       thefts, reuse detections, revocations
:func:`plot_comparison`                a :func:`simtoken.compare` table: one panel per
                                       metric, one bar per policy
:func:`plot_sweep`                     a metric against a setting, mean and spread over seeds
:func:`plot_heatmap`                   a metric over two settings
:func:`plot_tradeoff`                  security against usability as a setting grows
:func:`plot_lifetime_sweep`            the notebook explorer's re-logins and load curves
:func:`plot_roc`                       the detector's ROC: detection rate against false alarms
                                       per 100 user-days, one point per threshold
:func:`token_spans`                    the ground truth behind the timeline's bars
====================================== ======================================================

Colours are Okabe-Ito (colour-blind safe) and mean the same everywhere (see
:data:`HOLDER_COLOURS`). Every function returns a :class:`~matplotlib.figure.Figure` built
with matplotlib's object API, never ``pyplot``'s global state, so it works headless (``Agg``),
in scripts and in notebooks, where a returned figure displays itself. Save one with
``fig.savefig("run.png")``; ``docs/gallery.py`` draws one of each.
"""

from __future__ import annotations

from simtoken.plots._axes import TimeUnit, format_duration, lanes, time_unit
from simtoken.plots._rows import Rows, SupportsToDicts
from simtoken.plots._style import HOLDER_COLOURS, OKABE_ITO
from simtoken.plots.compare import DEFAULT_COMPARED, plot_comparison
from simtoken.plots.heatmap import plot_heatmap
from simtoken.plots.holdings import TokenSpan, token_spans
from simtoken.plots.lifetime import plot_lifetime_sweep
from simtoken.plots.roc import plot_roc
from simtoken.plots.sweep import plot_sweep, plot_tradeoff
from simtoken.plots.timelines import timeline

__all__ = [
    "DEFAULT_COMPARED",
    "HOLDER_COLOURS",
    "OKABE_ITO",
    "Rows",
    "SupportsToDicts",
    "TimeUnit",
    "TokenSpan",
    "format_duration",
    "lanes",
    "plot_comparison",
    "plot_heatmap",
    "plot_lifetime_sweep",
    "plot_roc",
    "plot_sweep",
    "plot_tradeoff",
    "time_unit",
    "timeline",
    "token_spans",
]
