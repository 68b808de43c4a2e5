"""The anatomy of a JWT: its three parts, a tampered copy, and its verdict at several times.

A signed JWT (JWS compact serialization, RFC 7515 §7.1) is three base64url parts joined by
dots: a JSON *header* (``alg``, ``typ``, ``kid``), a JSON *payload* (the claims) and the
*signature* over the first two. Base64url is an encoding, not encryption: anyone holding a
token reads its claims; only the signature stops anyone from changing them.

These helpers let a learner take a token apart (:func:`parts`), change a claim while keeping
the old signature, as a forger would (:func:`tampered`), and ask a verifier about the same token
at several simulated times (:func:`verdicts`), where ``nbf`` and ``exp`` decide
(RFC 7519 §4.1.4, §4.1.5).

A signature can also be *malleable*: an ECDSA signature (r, s) verifies exactly as well as
(r, n - s), n the curve's order (SEC 1 §4.1.4 checks nothing more; Bitcoin had to add a
"low-s" rule for this reason, BIP 146). :func:`malleated` makes that second, different token
string with the same claims: why a denylist must be keyed on the token's identity (``iss``,
``jti``), never on its bytes or their hash.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Sequence
from typing import Any

import jwt

from simtoken._text import text_table
from simtoken.jose.tokens import TokenType
from simtoken.jose.verify import Verifier

__all__ = ["P256_ORDER", "library_verdict", "malleated", "parts", "tampered", "verdicts"]

_SHOWN = 24
"""How many characters of each base64url part :func:`parts` shows."""


P256_ORDER = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
"""The order n of the P-256 curve's base point (SEC 2 §2.4.2), the group ES256 signs in."""


def _b64decode(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def parts(token: str) -> str:
    """The token's three parts, one line each: its name, its start, and what it decodes to."""
    header, payload, signature = token.split(".")
    rows = [["part", "base64url (start)", "decodes to"]]
    for name, part in (("header", header), ("payload", payload)):
        decoded = json.loads(_b64decode(part))
        rows.append([name, part[:_SHOWN] + "…", json.dumps(decoded, separators=(",", ":"))])
    size = len(_b64decode(signature))
    rows.append(["signature", signature[:_SHOWN] + "…", f"{size} bytes, not JSON"])
    return text_table(rows)


def tampered(token: str, **claims: object) -> str:
    """``token`` with ``claims`` changed in its payload, its header and signature kept as they are.

    This is what anyone can do to a token they hold; a verifier that checks the signature refuses
    the result (the signature was made over the original payload).
    """
    header, payload, signature = token.split(".")
    changed = {**json.loads(_b64decode(payload)), **claims}
    encoded = json.dumps(changed, separators=(",", ":")).encode()
    return ".".join((header, base64.urlsafe_b64encode(encoded).rstrip(b"=").decode(), signature))


def malleated(token: str) -> str:
    """An ES256 ``token`` with its signature (r, s) replaced by (r, n - s): same claims, new bytes.

    Both verify under the same public key. Raises ``ValueError`` for any other algorithm.
    """
    header, payload, signature = token.split(".")
    alg = json.loads(_b64decode(header)).get("alg")
    raw = _b64decode(signature)
    if alg != "ES256" or len(raw) != 64:
        raise ValueError(f"only an ES256 token's signature is malleable this way, not {alg!r}")
    s = int.from_bytes(raw[32:], "big")
    flipped = raw[:32] + (P256_ORDER - s).to_bytes(32, "big")
    return ".".join((header, payload, base64.urlsafe_b64encode(flipped).rstrip(b"=").decode()))


def verdicts(
    token: str,
    verifier: Verifier,
    times: Sequence[float],
    *,
    audience: str,
    expected_type: TokenType = TokenType.ACCESS,
) -> str:
    """One line per sim time: its date, and whether ``verifier`` accepts ``token`` then, and why."""
    rows = [["sim time", "date (UTC)", "verdict", "reason"]]
    for now in times:
        verdict = verifier.check(token, now=now, audience=audience, expected_type=expected_type)
        said = "accepted" if verdict.accepted else "rejected"
        reason = "" if verdict.accepted else f"{verdict.reason}: {verdict.detail}"
        rows.append([f"{now:g}", verifier.clock.isoformat(now), said, reason])
    return text_table(rows)


def library_verdict(token: str, key: Any, **decode_args: Any) -> str:
    """What plain ``jwt.decode(token, key, **decode_args)`` says: its claims, or its refusal.

    For showing a library's defaults at work. PyJWT checks ``exp``, ``nbf`` and ``iat`` *when
    present* (against the wall clock) and requires none of them unless ``options={"require":
    [...]}`` says so; it refuses a token that has an ``aud`` when no ``audience`` is given, and
    checks ``iss`` only when given an ``issuer``.
    """
    try:
        claims = jwt.decode(token, key, **decode_args)
    except jwt.PyJWTError as error:
        return f"refused: {type(error).__name__}: {error}"
    return f"accepted: {json.dumps(claims, separators=(',', ':'))}"
