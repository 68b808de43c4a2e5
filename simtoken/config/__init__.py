"""Configuration: one run's settings, the ``--set`` catalog, and the work a run will take.

``run`` holds :class:`~simtoken.config.run.RunConfig`; ``settings`` is the ``--set`` catalog of
its knobs (and the policy's); ``budget`` estimates a run's work from its configuration so that
a run too large is refused before it starts.
"""

__all__: list[str] = []
