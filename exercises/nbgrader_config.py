"""nbgrader's configuration for the simtoken course (run nbgrader from this folder)."""

from pathlib import Path

from traitlets.config import get_config

SOURCE = Path(__file__).parent / "source"
ASSIGNMENTS = sorted((p.name for p in SOURCE.iterdir() if p.is_dir()), key=lambda n: (len(n), n))
"""Every folder of source/ is an assignment: E1, E2, ..., E13 in their order."""

c = get_config()
c.CourseDirectory.course_id = "simtoken"
c.CourseDirectory.db_assignments = [{"name": name} for name in ASSIGNMENTS]
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ExecutePreprocessor.timeout = 120
