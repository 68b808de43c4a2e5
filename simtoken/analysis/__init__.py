"""Analysis: many runs at once.

``compare`` runs one scenario under several policies side by side; ``sweep`` runs a grid of
settings times seeds in a process pool; ``races`` measures the concurrent-tabs race over many
users.
"""

__all__: list[str] = []
