"""Header checks: what a verifier asks of a token's header before it checks any signature.

Steps 1 (``crit``) to 5 of :mod:`simtoken.jose.verify`, on a header already parsed strictly:

* no ``crit`` extension (RFC 7515 §4.1.11; simtoken implements none);
* ``alg`` is one the verifier was configured with, never the one the token asks for
  (RFC 8725 §3.1);
* ``typ`` names the expected token type, compared as a media type (RFC 8725 §3.11,
  RFC 9068 §4);
* ``kid`` names a trusted key, and ``alg`` is *the* algorithm of that key (RFC 8725 §3.1,
  §2.1: every key is bound to exactly one algorithm).

The outcome depends only on the header and on the verifier's settings, so a verifier may
remember a header segment that passed (see :meth:`simtoken.jose.verify.Verifier.verify`).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

import jwt

from simtoken.errors import UnknownKeyError, WrongTokenTypeError
from simtoken.jose.claims import check_crit, typ_matches
from simtoken.jose.tokens import TokenType

__all__ = ["check_header"]


def check_header(
    header: Mapping[str, Any],
    expected_type: TokenType | None,
    algorithms: Collection[str],
    trusted: Collection[str],
    key_algorithms: Mapping[str, str],
) -> tuple[str, str, TokenType]:
    """The header's ``alg``, ``kid`` and token type, if it passes (module docstring).

    ``trusted`` are the ``kid`` values of the trusted keys, ``key_algorithms`` maps each to its
    one algorithm; ``expected_type`` None accepts either token type. Raises
    ``jwt.InvalidAlgorithmError``, :class:`~simtoken.errors.WrongTokenTypeError`,
    :class:`~simtoken.errors.UnknownKeyError` or
    :class:`~simtoken.errors.UnsupportedCriticalError`.
    """
    check_crit(header)
    alg = header.get("alg")
    if not isinstance(alg, str) or alg not in algorithms:
        raise jwt.InvalidAlgorithmError("The specified alg value is not allowed")
    types = [expected_type] if expected_type is not None else list(TokenType)
    token_type = next((t for t in types if typ_matches(header.get("typ"), t)), None)
    if token_type is None:
        wanted = " or ".join(repr(t.typ_header) for t in types)
        raise WrongTokenTypeError(
            f"Expected a {' or '.join(types)} token (typ {wanted}), got typ {header.get('typ')!r}"
        )
    kid = header.get("kid")
    if not isinstance(kid, str) or kid not in trusted:
        raise UnknownKeyError(f"No trusted key has kid {kid!r}")
    if alg != key_algorithms[kid]:
        raise jwt.InvalidAlgorithmError(
            f"The specified alg value is not allowed: key {kid!r} is a "
            f"{key_algorithms[kid]} key, the token asks for {alg}"
        )
    return alg, kid, token_type
