"""Widgets: explorers that rerun the simulator as you move their controls (``notebooks`` extra).

An explorer is a remote control, not a machine: every number it shows comes from a pure,
typed, cacheable function of this package that runs seeded simulations and can be called,
tested and timed without any notebook. The widget only reads its controls (each named after
the setting it sets: ``explorer.controls["tabs"].value = 4``), calls that function and paints
the answer, so a notebook cell stays one line long:

=============================== ============================================================
explorer                        the question, and its pure function
=============================== ============================================================
:func:`lifetime_explorer`       how short should an access token live? (:func:`lifetime_metrics`)
:func:`rotation_explorer`       what do rotation, reuse detection and grace cost an honest
                                user on a flaky network? (:func:`rotation_outcome`)
:func:`race_explorer`           how do a user's own tabs log her out? (:func:`race_outcome`)
:func:`theft_explorer`          what is a stolen token worth under each mitigation?
                                (:func:`theft_outcome`)
:func:`scenario_explorer`       any scenario, the settings you choose as controls, the
                                metrics you name (:func:`scenario_outcome`)
:func:`compare_explorer`        one theft, several policies side by side
                                (:func:`compare_outcome`)
=============================== ============================================================

An update of the rotation, race or theft explorer reruns one user's simulated day and redraws
its picture within a tenth of a second of CPU time (``benchmarks/bench_widgets.py`` measures
it, uncached); the comparison and lifetime explorers run several simulations per update.
Results are also cached, so going back to a setting is instant.

**Errors are never swallowed**: an impossible combination of controls is explained in the
explorer's ``message`` area; any other exception in a callback appears in the notebook
(outside IPython it reaches whoever set the control), see :class:`Explorer`.

Two small widgets make a notebook ask before it tells (:mod:`simtoken.widgets.quiz`):
:func:`quiz` checks a notebook's exam-style questions (:mod:`simtoken.course`) and
:func:`predict` has the learner lock in a prediction before the run that answers it.

This package imports ipywidgets; ``import simtoken`` never imports it.
"""

from simtoken.widgets._base import DAY, Explorer, clear_caches, simulate
from simtoken.widgets.compare import (
    COMPARE_ROWS,
    CompareChoices,
    CompareExplorer,
    CompareOutcome,
    compare_explorer,
    compare_outcome,
    comparison_table,
    draw_comparison,
)
from simtoken.widgets.lifetime import (
    COMPARED_MODES,
    DEFAULT_LIFETIMES,
    LifetimeExplorer,
    LifetimeMetrics,
    cache_info,
    lifetime_explorer,
    lifetime_metrics,
    lifetime_sweep,
    metrics_table,
    run_metrics,
)
from simtoken.widgets.quiz import Prediction, QuestionWidget, predict, quiz
from simtoken.widgets.race import (
    RACE_SCENARIO,
    RaceChoices,
    RaceExplorer,
    RaceOutcome,
    race_explorer,
    race_outcome,
    race_table,
)
from simtoken.widgets.rotation import (
    ROTATION_SCENARIO,
    RotationChoices,
    RotationExplorer,
    RotationOutcome,
    rotation_explorer,
    rotation_outcome,
    rotation_table,
)
from simtoken.widgets.scenario import (
    ScenarioExplorer,
    ScenarioRun,
    scenario_explorer,
    scenario_outcome,
)
from simtoken.widgets.theft import (
    THEFT_SCENARIOS,
    TheftChoices,
    TheftExplorer,
    TheftOutcome,
    theft_explorer,
    theft_outcome,
    theft_table,
)

__all__ = [
    "COMPARED_MODES",
    "COMPARE_ROWS",
    "DAY",
    "DEFAULT_LIFETIMES",
    "RACE_SCENARIO",
    "ROTATION_SCENARIO",
    "THEFT_SCENARIOS",
    "CompareChoices",
    "CompareExplorer",
    "CompareOutcome",
    "Explorer",
    "LifetimeExplorer",
    "LifetimeMetrics",
    "Prediction",
    "QuestionWidget",
    "RaceChoices",
    "RaceExplorer",
    "RaceOutcome",
    "RotationChoices",
    "RotationExplorer",
    "RotationOutcome",
    "ScenarioExplorer",
    "ScenarioRun",
    "TheftChoices",
    "TheftExplorer",
    "TheftOutcome",
    "cache_info",
    "clear_caches",
    "compare_explorer",
    "compare_outcome",
    "comparison_table",
    "draw_comparison",
    "lifetime_explorer",
    "lifetime_metrics",
    "lifetime_sweep",
    "metrics_table",
    "predict",
    "quiz",
    "race_explorer",
    "race_outcome",
    "race_table",
    "rotation_explorer",
    "rotation_outcome",
    "rotation_table",
    "run_metrics",
    "scenario_explorer",
    "scenario_outcome",
    "simulate",
    "theft_explorer",
    "theft_outcome",
    "theft_table",
]
