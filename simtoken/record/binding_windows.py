"""Theft accounting for bound tokens, and the metrics of a session cookie copied off the device.

The attacker windows (:mod:`simtoken.record.windows`) count a token the attacker holds only
while an API would accept it *from the attacker*. Two bindings change that, read from the
tokens' own claims and the trace's ground truth:

* **A fingerprint** (``fingerprint``): an access token carrying ``userFingerprint`` works off
  the victim's page only once the attacker also holds the grant's fingerprint cookie: from a
  ``stolen`` event of type ``fingerprint_cookie`` (a device thief reading the cookie store)
  whose SHA-256 is the claim, or from the first token issued to the attacker in that grant (a
  token answer to the attacker sets the cookie for it). Before that the token counts only
  through the victim's open page (``attacker_online_s``), where the browser adds the cookie.
* **A TLS client certificate** (``sender_constraint=mtls``): an access token carrying
  ``cnf.x5t#S256`` never counts: the attacker has no certificate (RFC 8705 §3).

A session cookie copied off the device (``infostealer``, :mod:`simtoken.actors.dbsc`) gives
two metrics of its own, exactly:

* ``attacker_cookie_s``: seconds from the copy of the session cookie (its ``stolen`` event of
  type ``session_cookie``) to the last API call made with it (noted ``stolen_cookie``) that an
  API accepted, 0 without one: how long the copied cookie *did* work from the attacker's
  machine. With DBSC it is at most the copied cookie's remaining life (``dbsc_cookie_lifetime``
  at most); without, it reaches as far as the BFF session;
* ``attacker_cookie_calls``: those accepted API calls. They are also in ``attacker_api_calls``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

import jwt

from simtoken.config.run import RunConfig
from simtoken.jose.certs import X5T_S256
from simtoken.names import ATTACKER
from simtoken.record.events import Accepted, Issued, Request, Stolen
from simtoken.record.trace import Trace

__all__ = ["COOKIE_NOTE", "bound_holdings", "cookie_metrics", "reads_claims"]

COOKIE_NOTE = "stolen_cookie"
"""The note of the requests made with a session cookie copied off the device."""

_CLAIM = "userFingerprint"
"""The fingerprint claim (:data:`simtoken.actors.fingerprint.FINGERPRINT_CLAIM`, a layer up)."""


def _claims(token: str) -> dict[str, Any]:
    """A token's claims, unverified (the simulator minted it; only its binding is read)."""
    try:
        claims: dict[str, Any] = jwt.decode(token, options={"verify_signature": False})
    except jwt.InvalidTokenError:
        return {}
    return claims


def reads_claims(config: RunConfig) -> bool:
    """Whether :func:`bound_holdings` reads tokens' claims (a fingerprint, or mTLS), else none."""
    return config.fingerprint or config.policy.sender_constraint == "mtls"


def bound_holdings(
    trace: Trace, config: RunConfig, issued: Mapping[str, Issued], held: Mapping[str, float]
) -> dict[str, float]:
    """``held`` (token -> since) as usable from the attacker's machine, bindings considered.

    A fingerprint-bound access token from when the attacker holds the fingerprint (dropped if
    never); a certificate-bound one never.
    """
    if not reads_claims(config):
        return dict(held)
    fingerprints = _fingerprints_held(trace, issued) if config.fingerprint else {}
    out: dict[str, float] = {}
    for token, since in held.items():
        minted = issued.get(token)
        claims = _claims(token) if minted is not None and minted.token_type == "access" else {}
        cnf = claims.get("cnf")
        if isinstance(cnf, dict) and X5T_S256 in cnf:
            continue
        if config.fingerprint and _CLAIM in claims:
            assert minted is not None
            at = fingerprints.get(minted.session)
            if at is not None:
                out[token] = max(since, at)
            continue
        out[token] = since
    return out


def _fingerprints_held(trace: Trace, issued: Mapping[str, Issued]) -> dict[str, float]:
    """Grant (``sid``) -> when the attacker first held its fingerprint cookie."""
    by_hash: dict[str, str] = {}
    for minted in issued.values():
        if minted.token_type == "access":
            claim = _claims(minted.token).get(_CLAIM)
            if isinstance(claim, str):
                by_hash.setdefault(claim, minted.session)
    out: dict[str, float] = {}
    for e in trace.only(Issued, Stolen):
        if isinstance(e, Issued) and e.holder == ATTACKER:
            out.setdefault(e.session, e.t)
        elif isinstance(e, Stolen) and e.token_type == "fingerprint_cookie":
            digest = hashlib.sha256(e.token.encode("utf-8")).hexdigest()
            if digest in by_hash:
                out.setdefault(by_hash[digest], e.t)
    return out


def cookie_metrics(trace: Trace) -> dict[str, Any]:
    """``attacker_cookie_s`` and ``attacker_cookie_calls`` (see the module docstring)."""
    copied = next((e.t for e in trace.only(Stolen) if e.token_type == "session_cookie"), None)
    last: float | None = None
    calls = 0
    for e in trace.only(Request):
        if (
            e.note == COOKIE_NOTE
            and e.endpoint == "api"
            and isinstance(outcome := trace.outcome(e.request_id), Accepted)
        ):
            calls += 1
            last = outcome.t
    span = 0.0 if copied is None or last is None else round(last - copied, 6)
    return {"attacker_cookie_s": span, "attacker_cookie_calls": calls}
