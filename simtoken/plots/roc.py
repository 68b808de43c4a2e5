"""The detector's ROC curve: how many thieves it catches for how many honest users it bothers.

A detector with a threshold is a dial, not a switch. Lower the threshold and it flags more of
the thief's requests (true positives), but also more honest ones (false positives: a user on
a VPN, on a trip, after a browser update). A *receiver operating characteristic* (ROC) curve
draws one point per threshold: across, the cost to users, ``false_positives_per_100_user_days``
(each an alert a real user's request raised: a step-up or a revoked session if the detector
acts on it); up, the ``detection_rate``, the share of the attacker's scored refreshes that were
flagged. A sweep of ``detector_threshold`` (``simtoken sweep detection --grid
detector_threshold=1,2,3,4,5,6,7``) gives the rows; each point is the mean over the seeds and is
labelled with its threshold. The upper left corner is the ideal; a careful thief (scenario
``detection-careful-attacker``) pulls the whole curve down.

Unlike a textbook ROC, the x axis is a rate per 100 user-days, not a fraction of negatives:
what an operator pays is alerts per user per day, and honest requests are plentiful.
"""

from __future__ import annotations

from matplotlib.figure import Figure

from simtoken.errors import ConfigError
from simtoken.plots import _style as st
from simtoken.plots._labels import metric_label
from simtoken.plots._rows import Rows, as_rows, check_keys, group

__all__ = ["plot_roc"]

_X, _Y = "false_positives_per_100_user_days", "detection_rate"


def plot_roc(
    rows: Rows, threshold: str = "detector_threshold", *, fig: Figure | None = None
) -> Figure:
    """Draw the detector's ROC curve from a sweep of ``threshold`` (see the module docstring).

    ``rows`` is a :class:`~simtoken.analysis.sweep_table.SweepResult` or its ``to_dicts()``;
    the points are drawn in threshold order and joined (gid ``roc``), each labelled.

    Raises:
        UnknownNameError: ``threshold`` or a metric is not a key of the rows.
        ConfigError: no rows, or no threshold with both metrics (a run without a detector).
    """
    data = as_rows(rows)
    check_keys(data, threshold=threshold, x=_X, y=_Y)
    xs, ys = group(data, (threshold,), _X), group(data, (threshold,), _Y)
    points = [
        (key[0], x, y)
        for key, cell in xs.items()  # in threshold order
        if (x := cell.mean) is not None and (y := ys[key].mean) is not None
    ]
    if not points:
        raise ConfigError("rows", "no point", "runs with a detector (detector_action not off)")
    if fig is None:
        fig = Figure(figsize=(6.4, 5.0), layout="constrained")
    ax = fig.add_subplot()
    colour = st.SERIES[0]
    ax.plot([p[1] for p in points], [p[2] for p in points], "-o", color=colour, gid="roc")
    for value, x, y in points:
        label = f"{value:g}" if isinstance(value, int | float) else str(value)
        ax.annotate(label, (x, y), textcoords="offset points", xytext=(5, 5), fontsize=8)
    ax.set_xlabel(metric_label(_X) + " (the cost to users)")
    ax.set_ylabel(metric_label(_Y))
    ax.set_ylim(-0.02, 1.08)
    ax.set_xlim(left=0)
    ax.grid(color="#dddddd", linewidth=0.5)
    ax.set_title(f"Detector ROC: one point per {threshold}", fontsize=10)
    return fig
