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

Before any of that, :func:`shape_problem` checks the *shape* of a compact JWS (RFC 7515
§7.1): at most a length limit, ASCII, three base64url segments (RFC 7515 §2: no padding, no
other characters) with a non-empty header and payload; the token verifiers raise on it through
:func:`check_shape`, the DPoP proof checker names it in its verdict.

:func:`parse_segment` applies them, each one switchable off by the matching
:class:`~simtoken.jose.weakness.Weakness` to show what a naive parser lets through.
:class:`StrictPyJWT` is PyJWT with its claims parsed by :func:`parse_segment`, for every
place that lets PyJWT check a signature: the verifier, the auth server's endpoints and the
DPoP proof checker parse the same bytes the same way.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Collection, Mapping
from enum import StrEnum
from types import MappingProxyType
from typing import Any

import jwt
import jwt.utils

from simtoken.errors import DuplicateClaimError, OversizedTokenError
from simtoken.jose.pyjws import FastPyJWS
from simtoken.jose.weakness import Weakness

__all__ = [
    "MAX_DEPTH",
    "MAX_TOKEN_LENGTH",
    "NOT_A_JWS",
    "ShapeProblem",
    "StrictPyJWT",
    "check_shape",
    "parse_segment",
    "parsed_header",
    "shape_problem",
    "strict_payload",
]

MAX_TOKEN_LENGTH = 8192
"""Longest token accepted, in characters: nginx's default header buffer (8 KiB)."""

MAX_DEPTH = 8
"""Deepest JSON nesting accepted in a header or claims set (simtoken's own tokens use 2)."""

NOT_A_JWS = "Not a JWT: expected three base64url segments separated by '.'"
"""The message of the ``jwt.DecodeError`` for a token without the shape of a compact JWS."""

_NO_WEAKNESSES: frozenset[Weakness] = frozenset()
_COMPACT_JWS = re.compile(r"[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*")


class ShapeProblem(StrEnum):
    """What is wrong with the shape of a would-be compact JWS."""

    OVERSIZED = "oversized"
    """Longer than the limit."""
    NOT_JWS = "not_jws"
    """Not ASCII, not three base64url segments, or an empty header or payload segment."""


def shape_problem(text: str, limit: int | None = MAX_TOKEN_LENGTH) -> ShapeProblem | None:
    """What is wrong with the shape of ``text`` as a compact JWS, None if nothing is.

    ``limit`` is the longest length allowed, in characters (None: any length). The signature
    segment may be empty (an unsecured ``alg: none`` JWS has none, RFC 7519 §6.1).
    """
    if limit is not None and len(text) > limit:
        return ShapeProblem.OVERSIZED
    if not text.isascii() or not _COMPACT_JWS.fullmatch(text):
        return ShapeProblem.NOT_JWS
    return None


def check_shape(token: str, weaknesses: Collection[Weakness] = _NO_WEAKNESSES) -> None:
    """Raise unless ``token`` has the shape of a compact JWS (see :func:`shape_problem`).

    :class:`OversizedTokenError` for a token longer than :data:`MAX_TOKEN_LENGTH` (no limit with
    ``no_size_limit``), ``jwt.DecodeError`` (:data:`NOT_A_JWS`) for any other shape.
    """
    limit = None if weaknesses and Weakness.NO_SIZE_LIMIT in weaknesses else MAX_TOKEN_LENGTH
    problem = _token_shape(token, limit)
    if problem is ShapeProblem.OVERSIZED:
        raise OversizedTokenError(
            f"The token is {len(token)} characters long; the limit is {MAX_TOKEN_LENGTH}"
        )
    if problem is ShapeProblem.NOT_JWS:
        raise jwt.DecodeError(NOT_A_JWS)


@functools.lru_cache(maxsize=4096)
def _token_shape(token: str, limit: int | None) -> ShapeProblem | None:
    """:func:`shape_problem`, remembered: a token is checked at every call it authorises."""
    return shape_problem(token, limit)


def _unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # The common case in C: a dict as long as the pairs has no duplicate name. Only a JSON
    # object that lost a name to a duplicate walks the pairs to name the first duplicate.
    built = dict(pairs)
    if len(built) == len(pairs):
        return built
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
    if weaknesses:
        hook = None if Weakness.ALLOW_DUPLICATE_CLAIMS in weaknesses else _unique
        constant = None if Weakness.LENIENT_JSON in weaknesses else _no_constant
    else:  # a hardened parser: the common case, without the look-ups
        hook, constant = _unique, _no_constant
    try:
        value = _loads(text, hook, constant)
    except (ValueError, RecursionError) as exc:
        raise jwt.DecodeError(f"Invalid {what}: not JSON ({exc})") from None
    if not isinstance(value, dict):
        raise jwt.DecodeError(f"Invalid {what}: must be a JSON object")
    if (
        text.count("{") + text.count("[") > MAX_DEPTH  # else it cannot nest deeper
        and Weakness.NO_DEPTH_LIMIT not in weaknesses
        and _depth(value, MAX_DEPTH) > MAX_DEPTH
    ):
        raise jwt.DecodeError(f"Invalid {what}: JSON nested deeper than {MAX_DEPTH} levels")
    return value


def _loads(text: str, hook: Any, constant: Any) -> Any:
    """``json.loads(text, object_pairs_hook=hook, parse_constant=constant)``, same errors.

    ``json.loads`` builds a new decoder at each call given hooks; this builds each once (a
    decoder holds no state between documents).
    """
    if text.startswith("\ufeff"):  # json.loads refuses a byte order mark first
        raise json.JSONDecodeError("Unexpected UTF-8 BOM (decode using utf-8-sig)", text, 0)
    return _decoder(hook, constant).decode(text)


@functools.lru_cache(maxsize=4)
def _decoder(hook: Any, constant: Any) -> json.JSONDecoder:
    """The decoder ``json.loads`` would build for these hooks (a handful of pairs)."""
    return json.JSONDecoder(object_pairs_hook=hook, parse_constant=constant)


@functools.lru_cache(maxsize=256)
def parsed_header(segment: str) -> Mapping[str, Any]:
    """:func:`parse_segment` of a header segment, strictly, read-only and remembered.

    A run's tokens share a handful of headers (one per signing key and token type), and
    parsing is a pure function of the segment's text, so each distinct header is parsed once;
    a segment that fails to parse raises every time (exceptions are not cached).
    """
    return MappingProxyType(parse_segment(segment, "header"))


class StrictPyJWT(jwt.PyJWT):
    """PyJWT, with its documented payload-decoding hook parsing claims strictly.

    PyJWT calls the hook after the signature has been verified (``jwt/api_jwt.py``). Its
    JWS layer is :class:`~simtoken.jose.pyjws.FastPyJWS`: PyJWT's, with the same verdicts.
    """

    def __init__(self, options: Any = None) -> None:
        super().__init__(options)
        self._jws = FastPyJWS(options=self._get_sig_options())

    def _decode_payload(self, decoded: dict[str, Any]) -> dict[str, Any]:
        return strict_payload(decoded["payload"]).copy()  # a fresh dict for every caller


@functools.lru_cache(maxsize=4096)
def strict_payload(payload: bytes) -> MappingProxyType[str, Any]:
    """The strictly parsed claims of a (signature-checked) payload, read-only and remembered.

    A token is verified again at every call it authorises, and its payload parses to the same
    claims each time; a payload that fails to parse raises every time.
    """
    return MappingProxyType(parse_segment(payload, "payload", encoded=False))
