"""The detector at the auth server: it scores each refresh and acts, and remediation.

With ``detector_action`` other than ``off`` the auth server keeps a :class:`Detector`. It
remembers each token family's login context, scores every refresh the rotation rules would
honour (:func:`~simtoken.actors.detector.score`; a refresh they already refuse, as idle or
reused, is not scored) and, at ``detector_threshold`` or above, records an ``alert`` and acts:

* ``log``: nothing more; the refresh goes on.
* ``step_up``: this refresh is refused ``step_up_required`` and the family ends (revoked,
  reason ``step_up``): only a fresh authentication goes on (RFC 9470, OAuth 2.0 Step Up
  Authentication Challenge, describes how a server asks for one; here the client answers by
  logging the user in again, which starts a new family, so the thief's copy of the old one is
  worthless). The user pays a login; a thief, who cannot log in, loses the family.
* ``revoke``: the family is revoked (reason ``detector``), its access tokens go on the denylist.
* ``revoke_all``: every family of the user is revoked (reason ``detector``).
* ``remediate``: the :class:`Remediation`: every family of the user revoked (reason
  ``remediation``) *and* the injected script removed (a ``remediated`` event), so a persistent
  XSS stops re-stealing. An operator does the same at ``remediation_at``
  (:func:`operator_remediation`).

Revocation alone is not remediation: a persistent script re-reads the tokens of the user's next
login and the thief is back (OWASP Cookie Theft Mitigation Cheat Sheet: find and fix the cause;
OWASP Session Management Cheat Sheet: renew or invalidate the session on detection).
"""

from __future__ import annotations

import simpy

from simtoken.actors.detector import FamilyHistory, score
from simtoken.actors.grants import Grant
from simtoken.actors.network import ActorProcess, Message, Response
from simtoken.actors.revocation import Revocations
from simtoken.actors.rules import Outcome
from simtoken.config.run import RunConfig
from simtoken.record.events import Alert, Remediated
from simtoken.record.reasons import RevocationReason, ServerReason

__all__ = ["Detection", "Detector", "Remediation", "operator_remediation"]


class Remediation:
    """The users whose injected script was removed (what a persistent XSS checks)."""

    def __init__(self) -> None:
        self.removed: set[str] = set()

    def __call__(self, server: Revocations, user: str, by: str) -> None:
        """Remove ``user``'s script and revoke every session of the user (``remediated``)."""
        self.removed.add(user)
        now = server.env.now
        server.record(Remediated(t=now, actor=server.name, user=user, by=by))
        server.revoke_user(user, RevocationReason.REMEDIATION)


class Detector:
    """The detector's settings and memory (see the module docstring)."""

    def __init__(self, config: RunConfig, remediation: Remediation) -> None:
        self.action = config.detector_action
        self.threshold = config.detector_threshold
        self.max_kmh = config.detector_max_speed_kmh
        self.window = config.detector_concurrency_window
        self.min_gap = config.policy.access_token_lifetime / 2
        self.remediation = remediation
        self.families: dict[str, FamilyHistory] = {}


class Detection(Revocations):
    """The auth server's use of a :class:`Detector` (mixed in; see the module docstring)."""

    detector: Detector | None = None

    def _seen_login(self, grant: Grant, message: Message) -> None:
        """Remember a new family's first context."""
        detector = self.detector
        if detector is not None and message.context is not None:
            history = detector.families.setdefault(grant.sid, FamilyHistory())
            history.seen(self.env.now, message.context, refresh=False, window=detector.window)

    def _screen(self, message: Message, grant: Grant, outcome: Outcome) -> Response | None:
        """Score a refresh of ``grant`` the rules decided ``outcome`` for, and act.

        A refusal, or None to go on; a refresh the rules refuse anyway is not scored.
        """
        detector = self.detector
        if detector is None or message.context is None:
            return None
        if outcome in (Outcome.IDLE_EXPIRED, Outcome.REUSE_DETECTED):
            return None
        now = self.env.now
        history = detector.families.setdefault(grant.sid, FamilyHistory())
        points, signals = score(
            history,
            now,
            message.context,
            max_kmh=detector.max_kmh,
            window=detector.window,
            min_gap=detector.min_gap,
        )
        history.seen(now, message.context, refresh=True, window=detector.window)
        if points < detector.threshold:
            return None
        action = detector.action
        self.record(
            Alert(
                t=now,
                actor=self.name,
                request_id=message.request_id,
                session=grant.sid,
                user=grant.user,
                score=points,
                signals=",".join(signals),
                action=action,
            )
        )
        return self._act(detector, grant)

    def _act(self, detector: Detector, grant: Grant) -> Response | None:
        """Carry out the detector's action on ``grant`` (an alert was just recorded)."""
        action = detector.action
        if action == "log":
            return None
        if action == "step_up":
            self.revoke(grant, RevocationReason.STEP_UP)
            return Response(400, ServerReason.STEP_UP_REQUIRED, "Log in again (step-up)")
        if action == "revoke":
            self.revoke(grant, RevocationReason.DETECTOR)
        elif action == "revoke_all":
            self.revoke_user(grant.user, RevocationReason.DETECTOR)
        else:
            detector.remediation(self, grant.user, "detector")
        return Response(400, ServerReason.REVOKED, f"Revoked by the detector ({action})")


def operator_remediation(
    env: simpy.Environment, server: Revocations, remediation: Remediation, user: str, at: float
) -> ActorProcess:
    """An operator's process: remediate ``user`` at ``at`` (``remediation_at``)."""
    yield env.timeout(at)
    remediation(server, user, "operator")
