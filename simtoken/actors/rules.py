"""The rotation rules: what the auth server does with a refresh token that passed every check.

Once a refresh token verifies, its grant exists and is not revoked, its DPoP proof (if any) and
its audience are right, what happens next depends only on the grant, the token's record, the
:class:`~simtoken.policy.model.Policy` and the time. :func:`decide_refresh` is that decision as
a pure function (it changes nothing; the auth server applies the :class:`Decision`):

========================== ======================================================================
outcome                    when
========================== ======================================================================
``idle_expired``           the grant went unused for ``refresh_token_idle_lifetime`` seconds
                           (checked first, with or without rotation)
``keep``                   no rotation: the refresh token stays valid, only a new access token
``rotate``                 the token is the family's active one: it is retired, a successor minted
``forgive_new``            a retired token forgiven (below): a second successor, the family forks
``forgive_same``           a retired token forgiven, answered with the successor already issued
                           (``grace_successor = "same"``)
``reuse_detected``         any other retired token: reuse (RFC 9700 §4.14.2), and the revocation
                           the policy's ``reuse_detection`` names (none, family or user)
========================== ======================================================================

A retired token is forgiven only if it is the **immediate predecessor of a still-active token**
(so a token two generations old never is) and either it comes back within ``grace_interval``
seconds of its rotation (when that is above 0), or it has been replayed fewer than
``max_reuse`` times (Keycloak's ``refreshTokenMaxReuse``), or at any time with
``forgive_active_parent`` (Supabase); :mod:`simtoken.policy.model` cites each vendor's setting.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from simtoken._records import quick_init
from simtoken.actors.grants import Grant, RefreshRecord
from simtoken.policy.model import Policy, ReuseDetection

__all__ = ["Decision", "Outcome", "decide_refresh", "forgiven"]


class Outcome(StrEnum):
    """What the auth server does with a refresh token that passed every check."""

    IDLE_EXPIRED = "idle_expired"
    KEEP = "keep"
    ROTATE = "rotate"
    FORGIVE_NEW = "forgive_new"
    FORGIVE_SAME = "forgive_same"
    REUSE_DETECTED = "reuse_detected"

    @property
    def answers(self) -> bool:
        """True if the refresh succeeds (a new access token is returned)."""
        return self not in (Outcome.IDLE_EXPIRED, Outcome.REUSE_DETECTED)


@quick_init
@dataclass(frozen=True, slots=True, kw_only=True)
class Decision:
    """An :class:`Outcome` and what it needs: the successor to hand back, what to revoke."""

    outcome: Outcome
    successor: str | None = None
    """``forgive_same``: the ``jti`` of the active successor to return."""
    revoke: ReuseDetection = "none"
    """``reuse_detected``: the revocation scope (none, family or user)."""


def forgiven(grant: Grant, record: RefreshRecord, policy: Policy, now: float) -> bool:
    """Whether a retired ``record`` presented at ``now`` is forgiven (module docstring)."""
    if record.rotated_at is None or not grant.has_active_child(record):
        return False
    if policy.forgive_active_parent:
        return True
    in_grace = policy.grace_interval > 0 and now - record.rotated_at <= policy.grace_interval
    return in_grace or record.replays < policy.max_reuse


def decide_refresh(grant: Grant, record: RefreshRecord, policy: Policy, now: float) -> Decision:
    """The rotation rules for ``record`` of ``grant`` presented at ``now`` (module docstring)."""
    idle = policy.refresh_token_idle_lifetime
    if idle and now - grant.last_used >= idle:
        return Decision(outcome=Outcome.IDLE_EXPIRED)
    if not policy.rotation:
        return Decision(outcome=Outcome.KEEP)
    if record.active:
        return Decision(outcome=Outcome.ROTATE)
    if not forgiven(grant, record, policy, now):
        return Decision(outcome=Outcome.REUSE_DETECTED, revoke=policy.reuse_detection)
    if policy.grace_successor == "new":
        return Decision(outcome=Outcome.FORGIVE_NEW)
    successor = next(c for c in record.children if grant.refresh_tokens[c].active)
    return Decision(outcome=Outcome.FORGIVE_SAME, successor=successor)
