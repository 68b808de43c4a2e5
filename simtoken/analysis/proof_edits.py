"""Altering a DPoP proof one change at a time, and what the API says of each alteration.

A DPoP proof (RFC 9449 §4.2) is a JWS: a header (``typ`` ``dpop+jwt``, ``alg``, the public
``jwk``), claims (``jti``, ``htm``, ``htu``, ``iat``, ``ath``) and a signature over both. The
server's checks (RFC 9449 §4.3, in simtoken's order: :mod:`simtoken.jose.dpop`) each refuse one
kind of change. This module is the bench of an exercise in which a learner writes functions that
break a valid proof in one named way: :func:`situation` gives the valid proof of one request and
the API's check of any proof for that request; :func:`changed` names what differs between two
proofs (claim names, ``header``, ``signature``), so that a test can tell the change asked for
from a proof rebuilt from scratch; :data:`ALTERATIONS` says, per alteration, the refusal it must
cause and the change it must make; :func:`alteration_problem` puts them together.

Where it simplifies: one verifier per check (no replay memory across checks), no server nonce,
and the proofs are checked against one fixed request (``GET`` on the API's URL).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import jwt

from simtoken.jose.clock import SimClock
from simtoken.jose.dpop import ProofVerifier
from simtoken.jose.dpop_client import PROOF_TYP, DPoPKey, derive_dpop_key, make_proof
from simtoken.names import api_url

__all__ = [
    "ALTERATIONS",
    "Alteration",
    "Situation",
    "alteration_problem",
    "changed",
    "claims_of",
    "sign",
    "situation",
]

URL = api_url("https://api.example")
"""The URL every proof here is made for."""

Alteration = Callable[[str, DPoPKey, DPoPKey], str]
"""A learner's function: (valid proof, the client's key, an attacker's own key) -> a proof."""

ONE_CLAIM = "one claim"
"""The change of a tampered proof: exactly one claim, header and signature kept."""

ALTERATIONS: dict[str, tuple[str, frozenset[str] | str]] = {
    "tamper": ("dpop_bad_signature", ONE_CLAIM),
    "symmetric": ("dpop_alg_not_allowed", frozenset({"header", "signature"})),
    "stale": ("dpop_stale", frozenset({"iat", "signature"})),
    "another_token": ("dpop_wrong_ath", frozenset({"ath", "signature"})),
    "own_key": ("dpop_wrong_key", frozenset({"header", "signature"})),
}
"""Per alteration (by function name): the refusal it must cause and what it must change."""


@dataclass(frozen=True)
class Situation:
    """A valid proof for one request, the keys, and the API's check of any proof for it."""

    proof: str
    key: DPoPKey
    other: DPoPKey
    check: Callable[[str], str]
    """The API's verdict on a proof sent with this request: ``accepted`` or the reason."""


def situation(seed: int, now: float = 100.0, token: str = "the-access-token") -> Situation:
    """The client's valid proof for ``GET`` :data:`URL` at sim time ``now`` with ``token``.

    The access token is bound to the client's key (``cnf.jkt``); ``other`` is an attacker's own
    key of the same seed. Each check uses a fresh verifier, so a proof checked twice is not a
    replay.
    """
    key, other = derive_dpop_key(seed, "client-1"), derive_dpop_key(seed, "attacker")
    request: dict[str, Any] = {"htm": "GET", "htu": URL, "now": now, "access_token": token}
    proof = make_proof(key, **request, jti=f"proof-{seed}", clock=SimClock())

    def check(altered: str) -> str:
        verdict = ProofVerifier(SimClock()).check(altered, **request, expected_jkt=key.thumbprint)
        return "accepted" if verdict.accepted else str(verdict.reason)

    return Situation(proof, key, other, check)


def claims_of(proof: str) -> dict[str, Any]:
    """A proof's claims, read without checking the signature."""
    claims: dict[str, Any] = jwt.decode(proof, options={"verify_signature": False})
    return claims


def sign(claims: dict[str, Any], key: DPoPKey) -> str:
    """``claims`` signed as a DPoP proof (EdDSA) with ``key``, its public ``jwk`` in the header."""
    header = {"typ": PROOF_TYP, "jwk": key.public_jwk}
    return jwt.encode(claims, key.private_key, algorithm="EdDSA", headers=header)


def changed(before: str, after: str) -> frozenset[str]:
    """The claim names whose values differ, plus ``header`` and ``signature`` if those differ."""
    one, two = claims_of(before), claims_of(after)
    names = {n for n in one.keys() | two.keys() if one.get(n) != two.get(n)}
    if jwt.get_unverified_header(before) != jwt.get_unverified_header(after):
        names.add("header")
    if before.rsplit(".", 1)[-1] != after.rsplit(".", 1)[-1]:
        names.add("signature")
    return frozenset(names)


def alteration_problem(
    alter: Alteration, seed: int, now: float = 100.0, token: str = "the-access-token"
) -> str:
    """What is wrong with ``alter`` on the situation of ``seed``; ``""`` if nothing.

    ``alter`` is judged by its name in :data:`ALTERATIONS`: its proof must be refused for the
    reason named, after exactly the change named; the unaltered proof must be accepted.
    """
    reason, change = ALTERATIONS[alter.__name__]
    here = situation(seed, now, token)
    if here.check(here.proof) != "accepted":  # pragma: no cover - the bench itself is wrong
        return "the unaltered proof is refused"
    altered = alter(here.proof, here.key, here.other)
    verdict, diff = here.check(altered), changed(here.proof, altered)
    if verdict != reason:
        return f"{alter.__name__}: the API says {verdict}, not {reason}"
    if change == ONE_CLAIM:
        fits = len(diff) == 1 and not diff & {"header", "signature"}
    else:
        fits = diff == change
    wanted = change if isinstance(change, str) else sorted(change)
    return "" if fits else f"{alter.__name__} changed {sorted(diff)}, not {wanted}"
