"""Wiring the watch over a run: request contexts, the detector, and remediation.

:func:`start_watch` gives the network each sender's context model (the users' apps their
user's :class:`~simtoken.actors.contexts.ContextModel`, drawn from ``user-N/context``; the
attacker its ``attacker_context``; everyone else a data centre's), so that every request is
stamped; with ``detector_action`` other than ``off`` it gives the auth server its
:class:`~simtoken.actors.detection.Detector`; and with ``remediation_at`` it starts the
operator who remediates the victim then. The :class:`~simtoken.actors.detection.Remediation`
is shared by the detector, the operator and the attacker's persistent script, which stops
re-stealing once its user's script is removed.
"""

from __future__ import annotations

from simtoken.actors.attacker import Attacker
from simtoken.actors.contexts import ContextModel, Contexts, attacker_context
from simtoken.actors.detection import Detector, Remediation, operator_remediation
from simtoken.actors.stage import Stage
from simtoken.names import ATTACKER
from simtoken.record.context import RequestContext

__all__ = ["start_watch"]


def _user_index(user: str) -> int:
    """``user-3`` is 3 (1 for a name without a number)."""
    tail = user.rpartition("-")[2]
    return int(tail) if tail.isdigit() else 1


def start_watch(stage: Stage, attacker: Attacker | None) -> Remediation:
    """Stamp contexts, arm the detector and the operator (see the module docstring)."""
    cfg = stage.config
    contexts = Contexts()
    models: dict[str, ContextModel] = {}
    for client in stage.clients:
        model = models.get(client.user)
        if model is None:
            rng = stage.rng(f"{client.user}/context")
            model = models[client.user] = ContextModel(rng, _user_index(client.user), cfg.horizon)
        contexts.add(client.name, model)
    if attacker is not None and attacker.victim.user in models:
        fixed = attacker_context(cfg.attacker_context, models[attacker.victim.user], cfg.theft_at)
        contexts.add(ATTACKER, _Constant(fixed))
    stage.network.contexts = contexts
    remediation = Remediation()
    if attacker is not None:
        attacker.remediation = remediation
    if cfg.detector_action != "off":
        stage.auth_server.detector = Detector(cfg, remediation)
    if cfg.remediation_at > 0 and stage.clients:
        victim = stage.clients[0].user
        process = operator_remediation(
            stage.env, stage.auth_server, remediation, victim, cfg.remediation_at
        )
        stage.env.process(process)
    return remediation


class _Constant:
    """A context model that never changes (the attacker's)."""

    def __init__(self, context: RequestContext) -> None:
        self.context = context

    def __call__(self, t: float) -> RequestContext:
        return self.context
