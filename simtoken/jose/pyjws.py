"""PyJWS with its base64url alphabet check done by one regular expression: same verdicts, faster.

Before it decodes a segment of a compact JWS, PyJWT (2.15, ``jwt/api_jws.py``) rejects any
character outside the base64url alphabet (RFC 4648 §5), the fix of advisory
GHSA-hxm8-2xgr-2p9m (a lenient decoder let junk through). It tests the characters one at a
time, in a Python generator: for a 300-character HS256 token that costs more than the HMAC and
the JSON together, and in a population run it was the largest single cost of a verification.

:class:`FastPyJWS` is PyJWT's ``PyJWS`` with that one step replaced by a compiled regular
expression over the same alphabet; every other step of the method is PyJWT's, in PyJWT's
order, with PyJWT's messages (optional ``=`` padding, the length rule, decoding, the canonical
re-encoding check). So a segment is accepted, decoded or refused exactly as PyJWT does it
(``tests/jose/test_pyjws.py`` compares both on arbitrary bytes); only the time differs.
:class:`~simtoken.jose.segments.StrictPyJWT`, which every verifier in simtoken uses, signs and
checks through it.
"""

from __future__ import annotations

import binascii
import re

import jwt
from jwt.utils import base64url_decode, base64url_encode

__all__ = ["FastPyJWS", "decode_segment"]

_ALPHABET = re.compile(rb"[A-Za-z0-9_-]*")
"""PyJWT's ``_BASE64URL_ALPHABET``, as a pattern a whole segment must match."""


def decode_segment(segment: bytes, name: str) -> bytes:
    """PyJWT's ``PyJWS._decode_base64url_segment``, with the alphabet checked by :data:`_ALPHABET`.

    Raises ``jwt.DecodeError`` ("Invalid {name} padding") where PyJWT does.
    """
    padding = 0
    stripped = segment
    while stripped.endswith(b"="):
        stripped = stripped[:-1]
        padding += 1
        if padding > 2:
            raise jwt.DecodeError(f"Invalid {name} padding")
    if padding and len(segment) % 4 != 0:
        raise jwt.DecodeError(f"Invalid {name} padding")
    if len(stripped) % 4 == 1 or _ALPHABET.fullmatch(stripped) is None:
        raise jwt.DecodeError(f"Invalid {name} padding")
    try:
        decoded = base64url_decode(stripped)
    except (TypeError, binascii.Error) as err:
        raise jwt.DecodeError(f"Invalid {name} padding") from err
    if base64url_encode(decoded) != stripped:
        raise jwt.DecodeError(f"Invalid {name} padding")
    return decoded


class FastPyJWS(jwt.PyJWS):
    """PyJWS whose segment decoding is :func:`decode_segment` (see the module docstring)."""

    @staticmethod
    def _decode_base64url_segment(segment: bytes, name: str) -> bytes:
        return decode_segment(segment, name)
