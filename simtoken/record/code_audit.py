"""The auditor's rules for authorization codes: once, by the right client, with the right proof.

An authorization code is a bearer ticket for one exchange (RFC 6749 §4.1.2): redeemable once,
before it expires, by the client it was issued to, at the redirect URI it was issued for
(§4.1.3), and with PKCE only together with the verifier of its challenge (RFC 7636 §4.6). These
rules are checked from the trace alone: each ``code_issued`` event says what a code is bound to,
and each ``token`` request of ``grant_type=authorization_code`` keeps the parameters it was sent
with (:mod:`simtoken.record.events`), so the auditor recomputes the PKCE challenge itself.

======================== ====================================================================
violation kind           rule
======================== ====================================================================
``code_redeemed_twice``  an authorization code is redeemed (a token request with it accepted)
                         at most once
``code_misredeemed``     a code is redeemed only if it was issued, before it expires, by the
                         client it was issued to, with its redirect URI, and (for a code bound
                         to a challenge, which ``require_pkce`` demands of every code) with a
                         verifier whose challenge is the code's; a code without a challenge is
                         redeemed without a verifier
======================== ====================================================================
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from simtoken.jose.pkce import verify
from simtoken.policy.model import Policy

__all__ = ["CODE_VIOLATIONS", "check_codes"]

CODE_VIOLATIONS = ("code_redeemed_twice", "code_misredeemed")
"""The kinds of violation this module finds."""

Found = tuple[str, float, str]
"""A violation as (kind, sim time, detail)."""


def check_codes(events: Sequence[Mapping[str, Any]], policy: Policy) -> list[Found]:
    """Every broken rule about authorization codes in a result document's events."""
    codes: dict[str, Mapping[str, Any]] = {}
    redemptions: dict[int, Mapping[str, Any]] = {}
    redeemed: dict[str, float] = {}
    found: list[Found] = []
    for e in events:
        kind = e.get("kind")
        if kind == "code_issued":
            codes[e["code"]] = e
            if policy.require_pkce and not e["code_challenge"]:
                found.append(("code_misredeemed", e["t"], f"code {e['code'][:6]} has no challenge"))
        elif kind == "request" and e.get("params", {}).get("grant_type") == "authorization_code":
            redemptions[e["request_id"]] = e
        elif kind == "accepted" and e["request_id"] in redemptions:
            params = redemptions[e["request_id"]]["params"]
            code = str(params.get("code", ""))
            if code in redeemed:
                detail = f"code {code[:6]} redeemed again (first at {redeemed[code]:g})"
                found.append(("code_redeemed_twice", e["t"], detail))
            redeemed.setdefault(code, e["t"])
            problem = _misredeemed(codes.get(code), params, e["t"])
            if problem:
                found.append(("code_misredeemed", e["t"], f"code {code[:6]}: {problem}"))
    return found


def _misredeemed(issued: Mapping[str, Any] | None, params: Mapping[str, Any], t: float) -> str:
    """What is wrong with an accepted redemption of ``issued`` with ``params`` ("" if nothing)."""
    if issued is None:
        return "never issued"
    if t >= issued["expires"]:
        return f"redeemed at {t:g}, after it expired at {issued['expires']:g}"
    for name in ("client_id", "redirect_uri"):
        if params.get(name) != issued[name]:
            return f"{name} {params.get(name)!r}, issued for {issued[name]!r}"
    verifier, method = params.get("code_verifier"), issued["code_challenge_method"]
    if not method:
        return "" if verifier is None else "a verifier for a code without a challenge"
    if not isinstance(verifier, str) or not verify(verifier, issued["code_challenge"], method):
        return f"no verifier matching its {method} challenge"
    return ""
