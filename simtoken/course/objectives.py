"""The learning objectives LO1 to LO15: what a learner can do after the course.

Each objective has an identifier (``LO1`` ... ``LO15``) that the notebooks' objectives tables,
the questions (:mod:`simtoken.course.questions`) and ``docs/learning-objectives.md`` use; the
page says where each is covered and cites its sources. Here each has a one-line summary, so
that a quiz or a course map can name it.
"""

from __future__ import annotations

from dataclasses import dataclass

from simtoken.errors import UnknownNameError

__all__ = ["OBJECTIVES", "Objective", "objective"]


@dataclass(frozen=True)
class Objective:
    """One learning objective: its identifier and what a learner can do after it."""

    id: str
    summary: str


OBJECTIVES: tuple[Objective, ...] = (
    Objective("LO1", "explain why access tokens are short-lived and what bounds a thief's use"),
    Objective("LO2", "restrict an access token to one API (aud) and to least privilege (scope)"),
    Objective("LO3", "apply refresh-token rotation: single use, families, a fixed absolute expiry"),
    Objective("LO4", "explain reuse detection and family revocation, and read detection latency"),
    Objective("LO5", "weigh the cost of rotation: races, lost answers, grace intervals"),
    Objective("LO6", "use sender-constrained tokens (DPoP, mTLS) and know what they do not stop"),
    Objective("LO7", "enforce refresh-token expiry: absolute and idle lifetimes, no endless slide"),
    Objective("LO8", "revoke on logout or a security event; measure the residual access window"),
    Objective("LO9", "key a JWT denylist on (iss, jti), and know introspection and status lists"),
    Objective("LO10", "choose token storage: hardened cookies or a BFF, never web storage; CSRF"),
    Objective("LO11", "describe the token-sidejacking fingerprint in a hardened cookie"),
    Objective("LO12", "detect stolen-session use from its context; weigh false positives; step up"),
    Objective("LO13", "describe device-bound session credentials (DBSC)"),
    Objective("LO14", "validate a JWT correctly: algorithm from configuration, trusted keys only"),
    Objective("LO15", "place tokens in OAuth: PKCE, no implicit grant, state, exact redirect URIs"),
)
"""The fifteen objectives, in order."""

_BY_ID = {o.id: o for o in OBJECTIVES}


def objective(identifier: str) -> Objective:
    """The objective named ``identifier`` (``"LO7"``); an unknown one is refused by name."""
    try:
        return _BY_ID[identifier]
    except KeyError:
        raise UnknownNameError("objective", identifier, list(_BY_ID)) from None
