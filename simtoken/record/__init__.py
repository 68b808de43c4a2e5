"""The record: what a run leaves behind.

Typed events (``events``) in a trace (``trace``); the metrics computed from it (``metrics``,
with the attacker's windows from ground truth in ``windows``); the result of a run
(``result``); the invariant auditor and the checks on a saved document (``audit``,
``document``); the trace as a Mermaid sequence diagram (``mermaid``).
"""

__all__: list[str] = []
