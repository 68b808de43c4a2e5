"""Decoded tokens: a run's JWTs read the way a debugger, or an attacker, reads them.

A JWT's header and payload are base64url-encoded JSON, not encrypted (RFC 7519 §3): anyone who
holds the token can read every claim without any key. These helpers read them *without*
verifying anything (PyJWT's ``get_unverified_header`` and ``decode`` with
``verify_signature`` off), for display only; whether a token is *valid* is the verifier's
question (:mod:`simtoken.jose.verify`, ``simtoken verify``).

Besides the claims and header fields, a column may be ``exp - iat``: the lifetime the issuer
gave the token, in seconds (RFC 7519 §4.1.4 ``exp``, §4.1.6 ``iat``).

>>> import simtoken
>>> token = simtoken.run("refresh", seed=7, horizon=600).issued("access")[0]
>>> claim_values(token.token, "typ", "aud", "exp - iat")
('at+jwt', 'https://api.example', 300)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import jwt

from simtoken._text import show_value, text_table
from simtoken.record.events import Issued

__all__ = ["LIFETIME", "claim_values", "claims_table", "claims_text", "unverified"]

LIFETIME = "exp - iat"
"""The column name of a token's lifetime, ``exp`` minus ``iat`` in seconds."""


def unverified(token: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The header and the claims of ``token``, decoded without checking anything."""
    header = jwt.get_unverified_header(token)
    claims = jwt.decode(token, options={"verify_signature": False})
    return header, claims


def _lifetime(claims: Mapping[str, Any]) -> int | float | None:
    """``exp - iat`` if both are numbers (a bool is not), else None."""
    exp, iat = claims.get("exp"), claims.get("iat")
    if isinstance(exp, bool) or isinstance(iat, bool):
        return None
    if isinstance(exp, int | float) and isinstance(iat, int | float):
        return exp - iat
    return None


def claims_text(claims: Mapping[str, Any]) -> str:
    """Every claim on a line of its own (name, value), then ``exp - iat = N seconds``."""
    lines = text_table([[name, str(value)] for name, value in claims.items()])
    lifetime = _lifetime(claims)
    return lines if lifetime is None else f"{lines}\n{LIFETIME} = {lifetime} seconds"


def claim_values(token: str, *names: str) -> tuple[object, ...]:
    """The named claims of ``token``, or :data:`LIFETIME`.

    A name no claim has is looked up in the header (``typ``, ``alg``, ``kid``); None if neither
    has it.
    """
    header, claims = unverified(token)
    return tuple(
        _lifetime(claims) if name == LIFETIME else claims.get(name, header.get(name))
        for name in names
    )


def claims_table(issued: Iterable[Issued], *names: str) -> str:
    """One line per issued token: when it was issued (``t``, sim seconds), then ``names``."""
    rows = [["t", *names]]
    for e in issued:
        values = claim_values(e.token, *names)
        rows.append([f"{e.t:.2f}", *map(show_value, values)])
    return text_table(rows)
