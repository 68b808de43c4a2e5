"""The course: its learning objectives, its notebooks and the questions each one checks.

simtoken is taught as a course of numbered notebooks (``notebooks/``). This package holds what
the course *is*, as plain, validated data that tests, the README's course map and the notebooks'
quizzes all read from one place:

* :mod:`simtoken.course.objectives`: the fifteen learning objectives, LO1 to LO15;
* :mod:`simtoken.course.notebooks`: each notebook's number, title, time, objectives and the
  scenarios it runs, and the named paths through the course (a one-day and a two-day course);
* :mod:`simtoken.course.questions`: each notebook's exam-style multiple-choice questions with
  their answers and explanations, checked in the notebook by
  :func:`simtoken.widgets.quiz` (or in plain text by :func:`check`);
* :mod:`simtoken.course.assignments`: the graded nbgrader assignments of ``exercises/``, each
  with its notebook, objectives, level and points;
* :mod:`simtoken.course.export`: the same questions as a question bank an LMS imports (GIFT,
  Moodle XML; ``make questions``).

It imports no simulator and no widget toolkit: a question bank is data.
"""

from simtoken.course.assignments import ASSIGNMENTS, Assignment, Level, assignment
from simtoken.course.notebooks import (
    COURSE,
    PATHS,
    Notebook,
    course_map,
    coverage_table,
    notebook,
)
from simtoken.course.objectives import OBJECTIVES, Objective, objective
from simtoken.course.questions import Feedback, Question, check, questions

__all__ = [
    "ASSIGNMENTS",
    "COURSE",
    "OBJECTIVES",
    "PATHS",
    "Assignment",
    "Feedback",
    "Level",
    "Notebook",
    "Objective",
    "Question",
    "assignment",
    "check",
    "course_map",
    "coverage_table",
    "notebook",
    "objective",
    "questions",
]
