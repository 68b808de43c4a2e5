"""Holdings: which token was valid when, and who held it, from the run's ground truth.

A token is like a key card: valid from the moment it is cut (``issued``) until the first of

* its ``exp`` (for a refresh token, the session's absolute expiry, or an idle timeout when the
  family went unused for too long),
* its **rotation**, when the policy rotates refresh tokens: the auth server exchanged it for a
  successor, and honours it afterwards only within the grace interval (a policy with
  ``max_reuse`` keeps forgiving replays, so rotation does not end it),
* its family's **revocation** (reuse detection, logout, password change, an admin): for a refresh
  token always; for an access token only if the APIs check a denylist (at once) or introspect
  (after their cache's time to live); with local JWT validation an access token outlives the
  revocation, which is exactly the residual window the metrics report,
* the end of the run.

Who holds it comes from ground truth no server has, the same as :mod:`simtoken.record.windows` uses:
tokens issued to the attacker are the *attacker*'s; a token issued to the user and taken in a
``stolen`` event is held by *both* from the theft on; every other token is the user's (the
*victim*'s when there is a theft). A DPoP-bound token is no use without the victim's private key:
stolen without it, it stays the victim's (the theft still shows as a mark), and tokens of the
victim's family the attacker obtained by riding the victim's open page (which holds the key)
count as the victim's too, drawn in the attacker's lane: exactly as the attacker metrics count.

After a rotation its holder may still keep a refresh token the auth server no longer honours:
the attacker refreshed first, or the answer carrying the successor was lost. That stretch, until
the holder gets a new refresh token (or the family ends), is a span with ``honoured=False``.
"""

from __future__ import annotations

import bisect
from typing import NamedTuple

from simtoken.names import ATTACKER
from simtoken.plots._axes import end_of_run
from simtoken.record.events import Accepted, Issued, Request, Revoked, Stolen
from simtoken.record.result import Result

__all__ = ["TokenSpan", "token_spans"]


class TokenSpan(NamedTuple):
    """A stretch of one token's validity during which one set of parties held it."""

    token_type: str
    """``"access"`` or ``"refresh"``."""
    lane: str
    """The actor the token was issued to (its bar's lane)."""
    holder: str
    """``"victim"`` (the user's app), ``"attacker"`` or ``"both"`` (a stolen copy)."""
    start: float
    end: float
    ends: str
    """Why the validity ends: exp, idle, rotated, revoked, horizon (or ``stolen`` for the
    part before a theft: the same token goes on as a ``both`` span)."""
    audience: str
    issued: Issued
    honoured: bool = True
    """False for a refresh token its holder still keeps after the auth server rotated it away
    (someone else refreshed first, or the answer with its successor was lost): presenting it
    is what trips reuse detection."""


def _rotations(result: Result) -> dict[str, float]:
    """When each refresh token was first exchanged at the auth server."""
    refresh = {
        e.request_id for e in result.trace if isinstance(e, Request) and e.endpoint == "refresh"
    }
    out: dict[str, float] = {}
    for e in result.trace:
        if isinstance(e, Accepted) and e.request_id in refresh and e.token is not None:
            out.setdefault(e.token, e.t)
    return out


def _family_uses(result: Result) -> dict[str, list[float]]:
    """When each family was created or refreshed: what renews an idle lifetime."""
    uses: dict[str, list[float]] = {}
    session_of: dict[str, str] = {}
    for minted in result.issued("refresh"):
        session_of[minted.token] = minted.session
        uses.setdefault(minted.session, []).append(minted.t)
    for e in result.trace:
        if isinstance(e, Accepted) and e.token in session_of:
            uses[session_of[e.token]].append(e.t)
    return {session: sorted(times) for session, times in uses.items()}


def _idle_end(start: float, uses: list[float], idle: float) -> float:
    """When a token issued at ``start`` dies of idleness: the first gap longer than ``idle``."""
    last = start
    for used in uses:
        if used <= last:
            continue
        if used > last + idle:
            break
        last = used
    return last + idle


def _end(
    e: Issued,
    result: Result,
    revoked: dict[str, float],
    rotations: dict[str, float],
    uses: dict[str, list[float]],
) -> tuple[float, str]:
    policy = result.config.policy
    candidates = [(end_of_run(result), "horizon"), (e.expires, "exp")]
    revoked_at = revoked.get(e.session)
    if revoked_at is not None and revoked_at >= e.t:
        if e.token_type == "refresh" or policy.validation == "denylist":
            candidates.append((revoked_at, "revoked"))
        elif policy.validation == "introspection":
            candidates.append((revoked_at + policy.introspection_cache_ttl, "revoked"))
    if e.token_type == "refresh":
        if policy.rotation and not policy.max_reuse and e.token in rotations:
            candidates.append((rotations[e.token] + policy.grace_interval, "rotated"))
        idle = policy.refresh_token_idle_lifetime
        if idle:
            candidates.append((_idle_end(e.t, uses.get(e.session, []), idle), "idle"))
    # the earliest end wins; on a tie the more telling reason (revoked, rotated ...) does
    order = ("revoked", "rotated", "idle", "exp", "horizon")
    return min(candidates, key=lambda c: (c[0], order.index(c[1])))


def token_spans(result: Result) -> list[TokenSpan]:
    """Every token's validity, split where its holders change, in the order of issue.

    A token the attacker stole during its validity gives two spans: the victim's until the
    theft (``ends == "stolen"``), then ``both`` until its real end.
    """
    policy = result.config.policy
    revoked, stolen, key_stolen = _revocations_and_thefts(result)
    issued = result.issued()
    bound: set[str] = set()  # families whose tokens only work with the victim's private key
    if policy.sender_constraint == "dpop" and not key_stolen:
        stolen = {}  # bound to the victim's key: a useless copy
        bound = {e.session for e in issued if e.holder != ATTACKER}
    rotations = _rotations(result) if policy.rotation else {}
    uses = _family_uses(result) if policy.refresh_token_idle_lifetime else {}
    horizon = end_of_run(result)
    renewals = _renewals(issued)
    spans: list[TokenSpan] = []
    for e in issued:
        end, why = _end(e, result, revoked, rotations, uses)
        end = max(end, e.t)
        owner = "attacker" if e.holder == ATTACKER and e.session not in bound else "victim"
        spans += _held(e, owner, stolen.get(e.token), end, why)
        if why == "rotated":
            kept = min(
                _kept_until(e, rotations[e.token], renewals, horizon),
                revoked.get(e.session, horizon),
            )
            if kept > end:
                spans.append(_span(e, spans[-1].holder, end, kept, "replaced", honoured=False))
    return spans


def _revocations_and_thefts(result: Result) -> tuple[dict[str, float], dict[str, float], bool]:
    """When each family was first revoked, each token first stolen; whether a DPoP key was."""
    revoked: dict[str, float] = {}
    stolen: dict[str, float] = {}
    key_stolen = False
    for ev in result.trace:
        if isinstance(ev, Revoked):
            revoked.setdefault(ev.session, ev.t)
        elif isinstance(ev, Stolen):
            if ev.token_type == "dpop_key":
                key_stolen = True
            else:
                stolen.setdefault(ev.token, ev.t)
    return revoked, stolen, key_stolen


def _renewals(issued: list[Issued]) -> dict[tuple[bool, str], list[float]]:
    """When each party (attacker or not, per subject) got a refresh token, in order."""
    renewals: dict[tuple[bool, str], list[float]] = {}
    for e in issued:
        if e.token_type == "refresh":
            renewals.setdefault((e.holder == ATTACKER, e.subject), []).append(e.t)
    return renewals


def _span(
    e: Issued, holder: str, start: float, stop: float, ends: str, *, honoured: bool = True
) -> TokenSpan:
    return TokenSpan(e.token_type, e.holder, holder, start, stop, ends, e.audience, e, honoured)


def _held(e: Issued, owner: str, theft: float | None, end: float, why: str) -> list[TokenSpan]:
    """One token's spans: its owner's, or split at a theft into the victim's and ``both``."""
    if owner == "attacker" or theft is None or theft >= end:
        return [_span(e, owner, e.t, end, why)]
    if theft <= e.t:
        return [_span(e, "both", e.t, end, why)]
    return [_span(e, "victim", e.t, theft, "stolen"), _span(e, "both", theft, end, why)]


def _kept_until(
    e: Issued, since: float, renewals: dict[tuple[bool, str], list[float]], last: float
) -> float:
    """Until when the holder keeps a refresh token rotated away at ``since``: its next one."""
    times = renewals.get((e.holder == ATTACKER, e.subject), [])
    i = bisect.bisect_left(times, since)
    return min(times[i] if i < len(times) else last, e.expires, last)
