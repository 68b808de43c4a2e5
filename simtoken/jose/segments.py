"""Segments: turning a token's base64url parts into JSON objects, strictly or naively.

A JWT is three base64url segments. The first two decode to JSON objects (header and claims),
and *how* a verifier parses them is itself a security decision, because two parsers that
disagree about the same bytes can be played against each other (RFC 8725 §3.9). A strict
parser is a customs officer who refuses a suitcase with two labels; a lenient one reads
whichever label it likes. The strict rules here:

* the bytes must be UTF-8 (RFC 7519 §7.2 step 4: "the octets ... MUST be ... UTF-8");
* the JSON must be standard JSON (RFC 8259): no ``NaN``, ``Infinity`` or ``-Infinity``, which
  Python's :func:`json.loads` accepts by default and which turn ``exp`` into a number that
  never passes;
* names must be unique (RFC 7519 §4: parsers "MUST either reject JWTs with duplicate Claim
  Names or use a JSON parser that returns only the lexically last duplicate member name";
  simtoken rejects, so an upstream component that read the *first* name cannot be fooled);
* nesting is at most :data:`MAX_DEPTH` levels (a deeply nested claim is a parser bomb);
* the whole token is at most :data:`MAX_TOKEN_LENGTH` characters (HTTP servers cap header
  size, e.g. 8 KiB by default in nginx's ``large_client_header_buffers``; a megabyte "token"
  is a denial-of-service attempt, not a credential).

:func:`parse_segment` applies them, each one switchable off by the matching
:class:`~simtoken.jose.weakness.Weakness` to show what a naive parser lets through.
:class:`StrictPyJWT` is PyJWT with its claims parsed by :func:`parse_segment`, for every
place that lets PyJWT check a signature: the verifier, the auth server's endpoints and the
DPoP proof checker parse the same bytes the same way.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from typing import Any

import jwt
import jwt.utils

from simtoken.errors import DuplicateClaimError, OversizedTokenError
from simtoken.jose.weakness import Weakness

__all__ = ["MAX_DEPTH", "MAX_TOKEN_LENGTH", "StrictPyJWT", "check_length", "parse_segment"]

MAX_TOKEN_LENGTH = 8192
"""Longest token accepted, in characters: nginx's default header buffer (8 KiB)."""

MAX_DEPTH = 8
"""Deepest JSON nesting accepted in a header or claims set (simtoken's own tokens use 2)."""

_NO_WEAKNESSES: frozenset[Weakness] = frozenset()


def check_length(token: str, weaknesses: Collection[Weakness] = _NO_WEAKNESSES) -> None:
    """Raise :class:`OversizedTokenError` for a token longer than :data:`MAX_TOKEN_LENGTH`."""
    if len(token) > MAX_TOKEN_LENGTH and Weakness.NO_SIZE_LIMIT not in weaknesses:
        raise OversizedTokenError(
            f"The token is {len(token)} characters long; the limit is {MAX_TOKEN_LENGTH}"
        )


def _unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for name, value in pairs:
        if name in seen:
            raise DuplicateClaimError(f"Duplicate name {name!r} in the JSON object")
        seen[name] = value
    return seen


def _no_constant(name: str) -> Any:
    raise jwt.DecodeError(f"{name} is not JSON (RFC 8259 has no {name})")


def _depth(value: Any, limit: int) -> int:
    """Nesting depth of ``value``, stopping early once it exceeds ``limit``."""
    depth, level = 0, [value]
    while level:
        depth += 1
        if depth > limit:
            return depth
        level = [
            child
            for item in level
            if isinstance(item, dict | list)
            for child in (item.values() if isinstance(item, dict) else item)
            if isinstance(child, dict | list)
        ]
    return depth


def parse_segment(
    segment: str | bytes,
    what: str = "payload",
    weaknesses: Collection[Weakness] = _NO_WEAKNESSES,
    *,
    encoded: bool = True,
) -> dict[str, Any]:
    """Decode one base64url segment (or raw bytes when ``encoded`` is false) to a JSON object.

    Raises ``jwt.DecodeError`` (reason ``malformed``) or :class:`DuplicateClaimError`.
    """
    try:
        raw = jwt.utils.base64url_decode(segment) if encoded else bytes(segment)  # type: ignore[arg-type]
    except (ValueError, TypeError) as exc:
        raise jwt.DecodeError(f"Invalid {what} padding: {exc}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        if Weakness.LENIENT_UTF8 not in weaknesses:
            raise jwt.DecodeError(f"Invalid {what}: not UTF-8 ({exc.reason})") from None
        text = raw.decode("latin-1")
    hook = None if Weakness.ALLOW_DUPLICATE_CLAIMS in weaknesses else _unique
    constant = None if Weakness.LENIENT_JSON in weaknesses else _no_constant
    try:
        value = json.loads(text, object_pairs_hook=hook, parse_constant=constant)
    except (ValueError, RecursionError) as exc:
        raise jwt.DecodeError(f"Invalid {what}: not JSON ({exc})") from None
    if not isinstance(value, dict):
        raise jwt.DecodeError(f"Invalid {what}: must be a JSON object")
    if Weakness.NO_DEPTH_LIMIT not in weaknesses and _depth(value, MAX_DEPTH) > MAX_DEPTH:
        raise jwt.DecodeError(f"Invalid {what}: JSON nested deeper than {MAX_DEPTH} levels")
    return value


class StrictPyJWT(jwt.PyJWT):
    """PyJWT, with its documented payload-decoding hook parsing claims strictly.

    PyJWT calls the hook after the signature has been verified (``jwt/api_jwt.py``).
    """

    def _decode_payload(self, decoded: dict[str, Any]) -> dict[str, Any]:
        return parse_segment(decoded["payload"], "payload", encoded=False)
