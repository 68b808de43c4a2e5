"""The record: what a run leaves behind.

Typed events (``events``, on the base in ``event_base``, with the attacker's in
``attack_events`` and the browser flows' in ``flow_events``) in a trace (``trace``); the
metrics computed from it (``metrics``, counted in one pass by ``tally``, with the attacker's
windows from ground truth in ``windows``); the result of a run
(``result``); the invariant auditor and the checks on a saved document (``audit``,
``document``); the trace as a Mermaid sequence diagram (``mermaid``).
"""

__all__: list[str] = []
