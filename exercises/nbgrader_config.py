"""nbgrader's configuration for the simtoken course (run nbgrader from this folder)."""

from traitlets.config import get_config

c = get_config()
c.CourseDirectory.course_id = "simtoken"
c.CourseDirectory.db_assignments = [{"name": name} for name in ("E1", "E3", "E4")]
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ExecutePreprocessor.timeout = 120
