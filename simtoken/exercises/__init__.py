"""Exercises for self-study: check your answer to an nbgrader assignment without nbgrader.

The course's graded exercises (``exercises/``, see :mod:`simtoken.course.assignments`) are
nbgrader assignments that an instructor releases, collects and grades. A learner working alone
checks their notebook with :func:`check` (or ``simtoken check E4`` in a terminal): it runs the
notebook in a fresh kernel and reports each visible test, what failed and what to look at next.

>>> from simtoken.exercises import check
>>> report = check("E4", "exercises/source/E4/E4.ipynb")  # doctest: +SKIP
"""

from simtoken.exercises.checking import CELL_TIMEOUT_S, check, find_notebook
from simtoken.exercises.report import CellCheck, CheckReport, Status

__all__ = ["CELL_TIMEOUT_S", "CellCheck", "CheckReport", "Status", "check", "find_notebook"]
