"""The detector's ROC curve, and its alerts and remediations on the timeline and in Mermaid."""

from __future__ import annotations

from typing import Any

import matplotlib
import numpy as np
import pytest

import simtoken
from simtoken import ConfigError
from simtoken.analysis.sweep import sweep
from simtoken.cli import main
from simtoken.plots import plot_roc, timeline
from simtoken.record.mermaid import to_mermaid

matplotlib.use("Agg")

THRESHOLDS = [1.0, 4.0, 7.0]


@pytest.fixture(scope="module")
def roc_rows() -> list[dict[str, Any]]:
    return sweep("detection", {"detector_threshold": THRESHOLDS}, seeds=(1,), workers=1).to_dicts()


def test_true_and_false_positives_rise_as_the_threshold_falls(
    roc_rows: list[dict[str, Any]],
) -> None:
    got = [(r["detector_threshold"], r["true_positives"], r["false_positives"]) for r in roc_rows]
    assert got == [(1.0, 180, 55), (4.0, 38, 41), (7.0, 18, 22)]


def test_plot_roc_draws_one_labelled_point_per_threshold(roc_rows: list[dict[str, Any]]) -> None:
    fig = plot_roc(roc_rows)
    (ax,) = fig.axes
    (line,) = [x for x in ax.get_lines() if x.get_gid() == "roc"]
    expected = [[r["false_positives_per_100_user_days"], r["detection_rate"]] for r in roc_rows]
    assert np.asarray(line.get_xydata()).tolist() == expected
    assert [t.get_text() for t in ax.texts] == ["1", "4", "7"]
    assert "false alarms per 100 user-days" in ax.get_xlabel()


def test_plot_roc_needs_a_detector() -> None:
    rows = [{"detector_threshold": 3.0, "false_positives_per_100_user_days": None,
             "detection_rate": None}]  # fmt: skip
    with pytest.raises(ConfigError, match="detector_action"):
        plot_roc(rows)


def test_the_cli_sweeps_the_threshold_with_the_detector_columns(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = main(["sweep", "detection", "--grid", "detector_threshold=4,7", "--seeds", "1,",
                 "--workers", "1"])  # fmt: skip
    out = capsys.readouterr().out
    assert code == 0
    header = out.splitlines()[1].split()
    assert header[-4:] == [
        "true_positives", "false_positives_per_100_user_days", "detection_rate", "stolen_families"
    ]  # fmt: skip


def test_alerts_and_remediation_are_marked_on_the_timeline() -> None:
    result = simtoken.run("remediation", seed=1, detector_action="remediate")
    (ax,) = timeline(result).axes[:1]
    gids = {c.get_gid() for c in ax.collections}
    assert {"alert", "remediated", "revoked:remediation"} <= gids
    diagram = to_mermaid(result, max_messages=None)
    assert "detector alert on request" in diagram
    assert "script removed, every session of user-1 revoked (by detector)" in diagram
