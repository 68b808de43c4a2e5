"""The auditor: reads any trace and reports where it breaks the rules every run must keep.

An auditor is a referee with the rule book and the match recording: it does not care how the
run was produced, only whether what happened is allowed. It checks the invariants below
on a result document (``Result.to_dict()`` or a ``--json`` file):

======================== ====================================================================
violation kind           rule
======================== ====================================================================
``outcome_count``        every request has exactly one outcome (accepted, rejected or lost),
                         and every outcome belongs to a request
``accepted_expired``     no token is accepted at or after ``exp + leeway`` (an API's clock
                         includes its skew), nor before ``iat - leeway``
``wrong_token_type``     an API accepts only access tokens, the token endpoint only refresh
                         tokens
``replay_outside_grace`` under rotation, a refresh token already exchanged is accepted again
                         only within ``grace_interval`` of its rotation or ``max_reuse`` times;
                         with ``forgive_active_parent`` also later, but then the answer hands
                         back the token already issued (no refresh token minted for it)
``late_revocation``      a reuse detection is followed *in the same instant* by the revocation
                         the policy names (unless the family was revoked before)
``outlives_family``      a rotated refresh token never expires after the family's first one,
                         unless ``extend_on_rotate`` is set
``unissued_token``       an API or the token endpoint accepts only tokens the auth server
                         issued: anything else is a forgery that got in (failure mode F10)
``silent_without_session`` a silent sign-in rides a live IdP session; an app takes a logout
                         notice only for an ended one (``notice_without_logout``) and never
                         refreshes after it (``refresh_after_notice``); see
                         :mod:`simtoken.record.sso_audit`
``uncovered_scope``      with API ``operations``, an API accepts a call only if the token's
                         ``scope`` covers the operation (:mod:`simtoken.record.audit_scopes`)
``widened_scope``        a refresh never widens scope: its answer's tokens carry only scopes
                         of the refresh token presented (RFC 6749 §6)
``refresh_for_client_credentials`` the client-credentials grant never issues a refresh token
                         (RFC 6749 §4.4.3)
``httponly_stolen``      no script steals a refresh token kept in an ``HttpOnly`` cookie
``cross_site_cookie``    no cross-site request carries a ``SameSite=Lax``/``Strict`` cookie
``fingerprint_stolen``   no script steals the ``HttpOnly`` fingerprint cookie
``copied_cookie_outlived`` with DBSC a copied session cookie works at most its lifetime
                         (all four: :mod:`simtoken.record.cookie_audit`)
``leaked_key_accepted``  after an emergency key rotation, no refresh token signed by the leaked
                         key is accepted, nor any token at an API once its cached JWKS expired
                         (``jwks_cache_ttl`` + 2 x ``latency``; :mod:`simtoken.record.key_audit`)
``code_redeemed_twice``  an authorization code is redeemed at most once
``code_misredeemed``     a code is redeemed only before it expires, by the client it was issued
                         to, with its redirect URI and (with PKCE, always under
                         ``require_pkce``) a verifier of its challenge
                         (:mod:`simtoken.record.code_audit`)
``alert_without_request`` the detector's alerts, actions and remediations keep their rules
                         (also ``late_detector_action``, ``refresh_after_step_up``,
                         ``steal_after_remediation``: :mod:`simtoken.record.detection_audit`)
======================== ====================================================================

``simtoken audit FILE.json`` prints the violations (exit 1) or says there are none (exit 0); a
file that is not a valid result document (:mod:`simtoken.record.document`: at most 64 MiB, a known
``format``, every field of its type) is one line on stderr and exit 2.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from simtoken.jose.clock import SimClock
from simtoken.policy.model import Policy
from simtoken.record.audit_scopes import SCOPE_VIOLATIONS, scope_violations
from simtoken.record.code_audit import CODE_VIOLATIONS, check_codes
from simtoken.record.cookie_audit import COOKIE_VIOLATION_KINDS, cookie_findings
from simtoken.record.detection_audit import DETECTION_VIOLATIONS, detection_violations
from simtoken.record.document import MAX_DOCUMENT_BYTES, check_document, load_document
from simtoken.record.key_audit import KEY_VIOLATIONS, key_violations
from simtoken.record.sso_audit import SSO_VIOLATIONS, sso_violations

__all__ = ["MAX_AUDIT_BYTES", "VIOLATION_KINDS", "Violation", "audit", "audit_file"]

MAX_AUDIT_BYTES = MAX_DOCUMENT_BYTES
"""The largest file ``simtoken audit`` reads unless ``--max-bytes`` says otherwise (64 MiB)."""

VIOLATION_KINDS = (
    "outcome_count",
    "accepted_expired",
    "wrong_token_type",
    "replay_outside_grace",
    "late_revocation",
    "outlives_family",
    "unissued_token",
    *SSO_VIOLATIONS,
    *SCOPE_VIOLATIONS,
    *COOKIE_VIOLATION_KINDS,
    *CODE_VIOLATIONS,
    *DETECTION_VIOLATIONS,
    *KEY_VIOLATIONS,
)

_OUTCOMES = ("accepted", "rejected", "lost")
_CLOCK = SimClock()


@dataclass(frozen=True)
class Violation:
    """One broken rule: its kind, when, and what exactly."""

    kind: str
    t: float
    detail: str

    def __str__(self) -> str:
        return f"t={self.t:g}: {self.kind}: {self.detail}"


def audit(document: Mapping[str, Any]) -> list[Violation]:
    """All violations in a result document (see the module docstring); [] for a clean run.

    A document that is not a valid result (:func:`simtoken.record.document.check_document`) raises
    :class:`~simtoken.errors.ConfigError` naming the offending field.
    """
    config = check_document(document)
    policy = config.policy
    events: Sequence[Mapping[str, Any]] = document["events"]
    leeway, skew, rotation = float(policy.leeway), config.rs_skew, policy.rotation
    found: list[Violation] = []
    requests: dict[int, Mapping[str, Any]] = {}
    outcomes: dict[int, list[Mapping[str, Any]]] = {}
    issued: dict[str, Mapping[str, Any]] = {}
    first_refresh: dict[str, float] = {}
    for e in events:
        kind = e.get("kind")
        if kind == "request":
            requests[e["request_id"]] = e
        elif kind in _OUTCOMES:
            outcomes.setdefault(e["request_id"], []).append(e)
        elif kind == "issued":
            issued[e["token"]] = e
            if e["token_type"] == "refresh":
                family_exp = first_refresh.setdefault(e["session"], e["expires"])
                if rotation and not policy.extend_on_rotate and e["expires"] > family_exp:
                    found.append(
                        Violation(
                            "outlives_family",
                            e["t"],
                            f"refresh token jti {e['jti']} expires "
                            f"at {e['expires']:g}, after its family's {family_exp:g}",
                        )
                    )
    for rid in sorted(set(requests) | set(outcomes)):
        got = outcomes.get(rid, [])
        if rid not in requests or len(got) != 1:
            t = requests[rid]["t"] if rid in requests else got[0]["t"]
            found.append(Violation("outcome_count", t, f"request {rid} has {len(got)} outcomes"))
    found += _check_acceptances(events, requests, issued, leeway, skew, policy)
    found += _check_detections(events, policy)
    found += [Violation(*broken) for broken in sso_violations(events)]
    found += [Violation(*broken) for broken in scope_violations(events, config)]
    found += [Violation(*finding) for finding in cookie_findings(events, config)]
    found += [Violation(kind, t, detail) for kind, t, detail in check_codes(events, policy)]
    found += [Violation(*broken) for broken in detection_violations(events, config)]
    found += [Violation(*broken) for broken in key_violations(events, config)]
    return sorted(found, key=lambda v: (v.t, v.kind))


def _check_acceptances(
    events: Sequence[Mapping[str, Any]],
    requests: Mapping[int, Mapping[str, Any]],
    issued: Mapping[str, Mapping[str, Any]],
    leeway: float,
    skew: float,
    policy: Policy,
) -> list[Violation]:
    """Every accepted API call or refresh holds an issued token of the right type, in time.

    Under rotation, a refresh token is replayed only as the policy forgives.
    """
    found: list[Violation] = []
    used: dict[str, list[float]] = {}
    minted_refresh = False  # a refresh token was issued since the last outcome (for this answer)
    for e in events:
        kind = e.get("kind")
        if kind == "issued" and e.get("token_type") == "refresh":
            minted_refresh = True
        if kind not in _OUTCOMES:
            continue
        new_refresh_token, minted_refresh = minted_refresh, False
        request = requests.get(e["request_id"])
        if kind != "accepted" or "token" not in e or request is None:
            continue
        if request["endpoint"] not in ("api", "refresh"):
            continue
        minted = issued.get(e["token"])
        if minted is None:
            found.append(_unissued(e, request))
            continue
        found += _check_window(e, request, minted, leeway, skew)
        expected = "access" if request["endpoint"] == "api" else "refresh"
        if minted["token_type"] != expected:
            found.append(
                Violation(
                    "wrong_token_type",
                    e["t"],
                    f"request {e['request_id']} "
                    f"({request['endpoint']}) accepted a {minted['token_type']} token",
                )
            )
        if expected == "refresh" and policy.rotation:
            times = used.setdefault(e["token"], [])
            found += _check_replay(e, minted, times, policy, new_refresh_token)
            times.append(e["t"])
    return found


def _unissued(e: Mapping[str, Any], request: Mapping[str, Any]) -> Violation:
    return Violation(
        "unissued_token",
        e["t"],
        f"request {e['request_id']} by {request['actor']} was accepted with a token "
        "the auth server never issued",
    )


def _check_window(
    e: Mapping[str, Any],
    request: Mapping[str, Any],
    minted: Mapping[str, Any],
    leeway: float,
    skew: float,
) -> list[Violation]:
    """A token is accepted only in [iat - leeway, exp + leeway) of the checker's clock."""
    now = _CLOCK.epoch_seconds + e["t"] + (skew if request["endpoint"] == "api" else 0.0)
    exp = _CLOCK.numeric_date(minted["expires"])
    iat = _CLOCK.numeric_date(minted["t"])
    if iat - leeway <= now < exp + leeway:
        return []
    detail = f"request {e['request_id']} accepted a token valid [{iat}, {exp}) at {now:.3f}"
    return [Violation("accepted_expired", e["t"], detail)]


def _check_replay(
    e: Mapping[str, Any],
    minted: Mapping[str, Any],
    times: list[float],
    policy: Policy,
    new_refresh_token: bool,
) -> list[Violation]:
    """A refresh token already exchanged comes back only as the policy forgives.

    That is within the grace interval of its rotation, within ``max_reuse`` replays, or (with
    ``forgive_active_parent``) answered with the token already issued.
    """
    if not times:
        return []
    grace = float(policy.grace_interval)
    in_grace = grace > 0 and e["t"] - times[0] <= grace
    handed_back = policy.forgive_active_parent and not new_refresh_token
    if in_grace or handed_back or len(times) <= policy.max_reuse:
        return []
    detail = f"refresh token jti {minted['jti']} accepted {len(times) + 1} times"
    return [Violation("replay_outside_grace", e["t"], detail)]


def _check_detections(events: Sequence[Mapping[str, Any]], policy: Policy) -> list[Violation]:
    scope = policy.reuse_detection
    if scope == "none":
        return []
    found = []
    revoked: dict[str, float] = {}
    for e in events:
        if e.get("kind") == "revoked":
            revoked.setdefault(e["session"], e["t"])
    for e in events:
        if e.get("kind") != "reuse_detected":
            continue
        at = revoked.get(e["session"])
        if at is None or at > e["t"]:
            found.append(
                Violation(
                    "late_revocation",
                    e["t"],
                    f"reuse in family {e['session']} "
                    f"was detected but the family was revoked "
                    f"{'never' if at is None else f'at {at:g}'}",
                )
            )
    return found


def audit_file(path: str | Path, max_bytes: int = MAX_DOCUMENT_BYTES) -> list[Violation]:
    """Audit a result document saved by ``simtoken run ... --json``.

    The file is checked before it is trusted (:func:`simtoken.record.document.load_document`: at
    most ``max_bytes``, 64 MiB by default, a valid result document); anything else raises
    :class:`~simtoken.errors.ConfigError`.
    """
    return audit(load_document(path, max_bytes))
