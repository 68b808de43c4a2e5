"""Request context and the stolen-session detector: the settings of that topic.

Every request carries a context (IP, ASN, location, User-Agent, Accept-Language; see
:mod:`simtoken.record.context`): the users' apps from a noisy model of honest life
(:mod:`simtoken.actors.contexts`), the attacker from its own, ``careless`` (a server in another
country, another browser) or ``careful`` (a residential proxy in the victim's city, the victim's
User-Agent and language). A detector at the auth server (:mod:`simtoken.actors.detector`) scores
each refresh of a token family against ``detector_threshold`` and acts (``detector_action``):

=============== ==================================================================================
``off``         no detector (the default: contexts are stamped, nobody reads them)
``log``         an ``alert`` event only: someone may read it tomorrow
``step_up``     the refresh is refused ``step_up_required`` and the family ends (reason
                ``step_up``): only a fresh login goes on (a cost to the user; a thief cannot)
``revoke``      the family is revoked (reason ``detector``) and the refresh refused
``revoke_all``  every family of the user is revoked
``remediate``   ``revoke_all``, and the operator removes the injected script (a persistent XSS
                stops re-stealing): detection followed by remediation
=============== ==================================================================================

``remediation_at`` (sim seconds; 0: never) has an operator remediate the first user (the
victim) at a fixed time instead, whatever the detector says: what an incident response does.

These fields are settings of the run like :class:`~simtoken.config.run.RunConfig`'s own
(``--set``), gathered here so that each topic's knobs and checks live together;
:class:`~simtoken.config.run.RunConfig` inherits them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from simtoken.validate import choice, number, seconds

__all__ = ["AttackerContext", "DetectionSettings", "DetectorAction"]

DetectorAction = Literal["off", "log", "step_up", "revoke", "revoke_all", "remediate"]
"""What the detector does with a request whose score reaches the threshold."""

AttackerContext = Literal["careless", "careful"]
"""Where the attacker's requests seem to come from (see the module docstring)."""


@dataclass(frozen=True)
class DetectionSettings:
    """The settings of this topic (see the module docstring)."""

    detector_action: DetectorAction = "off"
    """off | log | step_up | revoke | revoke_all | remediate: the detector's action on an alert."""
    detector_threshold: float = 3.0
    """The score (sum of the signals' weights) at which a refresh raises an alert."""
    detector_max_speed_kmh: float = 1000.0
    """Impossible travel: a speed between a family's consecutive contexts above this (km/h)."""
    detector_concurrency_window: float = 600.0
    """Concurrent use: a family used from IP A, then B, then A again within this many seconds."""
    attacker_context: AttackerContext = "careless"
    """careless (another country, another browser) | careful (a proxy near the victim)."""
    remediation_at: float = 0.0
    """An operator removes the script and revokes all of the victim's sessions then (0: never)."""

    def _check_detection(self) -> None:
        """Check this topic's settings, each on its own and against each other."""
        choice("detector_action", self.detector_action, DetectorAction)
        choice("attacker_context", self.attacker_context, AttackerContext)
        number("detector_threshold", self.detector_threshold, positive=True)
        number("detector_max_speed_kmh", self.detector_max_speed_kmh, positive=True)
        seconds("detector_concurrency_window", self.detector_concurrency_window)
        seconds("remediation_at", self.remediation_at)
