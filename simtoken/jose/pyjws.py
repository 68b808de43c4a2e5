"""PyJWS with PyJWT's verdicts, faster: a regex for base64url, tokens read once, HMAC secrets once.

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

It also remembers what it read: splitting a token into its segments and decoding them (PyJWT's
``_load``: base64url, then the header's JSON) is a pure function of the token's text, and in a
run a token is verified again at every call it authorises, so the last :data:`LOADED_TOKENS`
tokens read are not read again. Only the reading is remembered: every verification still
checks the header, the signature and the claims, and a token that cannot be read raises every
time (exceptions are not remembered). Each caller gets a header dict of its own.

Its HMAC algorithms (HS256, HS384, HS512) are PyJWT's, checking each secret once. Before
every HMAC signature PyJWT makes sure the secret is not an asymmetric key (a PEM, SSH or DER
public key or certificate: its key-confusion guard, added for CVE-2022-29217, advisory
GHSA-ffqj-6fqr-9h24, and extended to DER since), and that check depends on the secret alone:
:class:`RememberingHMAC` remembers the secrets that passed it (the last
:data:`SECRETS_REMEMBERED`); one that fails raises every time. The signature itself is
computed and compared at every call, by PyJWT.

:class:`~simtoken.jose.segments.StrictPyJWT`, which every verifier in simtoken uses, signs and
checks through it; so does the minter (:class:`~simtoken.jose.tokens.TokenMinter`).
"""

from __future__ import annotations

import binascii
import functools
import re
from types import MappingProxyType
from typing import Any

import jwt
from jwt.algorithms import HMACAlgorithm
from jwt.utils import base64url_decode, base64url_encode

__all__ = [
    "LOADED_TOKENS",
    "SECRETS_REMEMBERED",
    "FastPyJWS",
    "RememberingHMAC",
    "decode_segment",
]

LOADED_TOKENS = 4096
"""How many tokens :class:`FastPyJWS` remembers having read (the most recently read)."""

SECRETS_REMEMBERED = 64
"""How many HMAC secrets a :class:`RememberingHMAC` remembers having checked."""

_ALPHABET = re.compile(rb"[A-Za-z0-9_-]*")
"""PyJWT's ``_BASE64URL_ALPHABET``, as a pattern a whole segment must match."""


def decode_segment(segment: bytes, name: str) -> bytes:
    """PyJWT's ``PyJWS._decode_base64url_segment``, with the alphabet checked by :data:`_ALPHABET`.

    Raises ``jwt.DecodeError`` ("Invalid {name} padding") where PyJWT does. An unpadded
    segment (what a JWS holds) takes a shorter road to the same verdict: PyJWT decodes it and
    encodes the bytes again to make sure the text was the canonical one; here the unused low
    bits of its last character are checked to be zero, which is the same condition.
    """
    if segment.endswith(b"="):
        return _decode_padded(segment, name)
    tail = len(segment) % 4
    if tail == 1 or _ALPHABET.fullmatch(segment) is None:
        raise jwt.DecodeError(f"Invalid {name} padding")
    if tail and _SEXTET[segment[-1]] & _UNUSED_BITS[tail]:
        raise jwt.DecodeError(f"Invalid {name} padding")  # not the canonical encoding
    return binascii.a2b_base64(segment.translate(_STANDARD) + _PADDING[tail])


def _decode_padded(segment: bytes, name: str) -> bytes:
    """:func:`decode_segment` of a segment ending in ``=``, step by step as PyJWT does it."""
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


_SEXTET = {
    c: i for i, c in enumerate(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
}
"""The six-bit value of each base64url character (RFC 4648 §5)."""

_UNUSED_BITS = {2: 0b1111, 3: 0b11}
"""The low bits of the last character that carry no data, by the segment's length modulo 4."""

_STANDARD = bytes.maketrans(b"-_", b"+/")
_PADDING = {0: b"", 2: b"==", 3: b"="}


class RememberingHMAC(HMACAlgorithm):
    """PyJWT's HMAC algorithm, checking each secret once (see the module docstring)."""

    def __init__(self, hash_alg: Any) -> None:
        super().__init__(hash_alg)
        self._checked: dict[str | bytes, bytes] = {}

    def prepare_key(self, key: str | bytes) -> bytes:
        """PyJWT's checked secret: checked the first time, remembered after."""
        if not isinstance(key, str | bytes):  # PyJWT refuses it, every time
            return super().prepare_key(key)
        prepared = self._checked.get(key)
        if prepared is None:
            prepared = super().prepare_key(key)
            if len(self._checked) >= SECRETS_REMEMBERED:
                self._checked.clear()
            self._checked[key] = prepared
        return prepared


_HMACS = {"HS256": "SHA256", "HS384": "SHA384", "HS512": "SHA512"}


class FastPyJWS(jwt.PyJWS):
    """PyJWS reading tokens faster, with the same verdicts (see the module docstring)."""

    def __init__(self, algorithms: Any = None, options: Any = None) -> None:
        super().__init__(algorithms, options)
        for name, hash_name in _HMACS.items():
            if name in self._valid_algs:
                self.unregister_algorithm(name)
                hash_alg = getattr(HMACAlgorithm, hash_name)
                self.register_algorithm(name, RememberingHMAC(hash_alg))

    @staticmethod
    def _decode_base64url_segment(segment: bytes, name: str) -> bytes:
        return decode_segment(segment, name)

    def _load(self, jwt: str | bytes) -> tuple[bytes, bytes, dict[str, Any], bytes]:
        payload, signing_input, header, signature = _loaded(jwt)
        return payload, signing_input, header.copy(), signature


_READER = FastPyJWS()


@functools.lru_cache(maxsize=LOADED_TOKENS)
def _loaded(token: str | bytes) -> tuple[bytes, bytes, MappingProxyType[str, Any], bytes]:
    """PyJWT's ``_load`` of ``token`` (with :func:`decode_segment`), its header read-only."""
    payload, signing_input, header, signature = jwt.PyJWS._load(_READER, token)
    return payload, signing_input, MappingProxyType(header), signature
