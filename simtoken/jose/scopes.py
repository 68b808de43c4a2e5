"""Scopes: what an access token allows, written as a space-separated list in its ``scope`` claim.

An audience (``aud``) says *where* a token may be used; a **scope** says *what* it may do there.
Think of a key card that opens the building (the audience) but only some of its doors (the
scopes). A client asks for scopes at the token endpoint (the ``scope`` parameter, RFC 6749
§3.3); the auth server grants some or all of them, and writes the granted ones into the access
token's ``scope`` claim (RFC 9068 §2.2.3); an API refuses a token whose scope does not cover the
operation asked for with 403 ``insufficient_scope`` (RFC 6750 §3.1), not with 401: the token is
valid, it is just not enough, so getting a fresh one of the same scope would not help.

Syntax (RFC 6749 §3.3): scope values are case-sensitive *scope-tokens* of the printable ASCII
characters but space, double quote and backslash (``%x21 / %x23-5B / %x5D-7E``), separated by
single spaces; their order carries no meaning. :func:`parse_scope` reads one (refusing anything
else), :func:`format_scope` writes one.

simtoken's APIs offer *operations* (:data:`OPERATIONS`): ``read`` (an HTTP GET), ``write``
(POST) and ``delete`` (DELETE). The scope an operation needs at an API names the API and the
operation, ``<api>:<operation>`` (:func:`scope_for`; ``api.example:write``), the way Auth0 or
Okta name scopes per API (``read:appointments``) but unambiguous across several APIs. Two more
scope values come from OpenID Connect: ``openid`` (an OpenID Connect request, OpenID Connect
Core §3.1.2.1) and ``offline_access`` (ask for a refresh token, §11).

**Resource indicators and scopes together** (RFC 8707 §2.2): a token is asked *for* one API
(the ``audience`` parameter) and the auth server *downscopes* it (:func:`downscope`): the access
token carries only the granted scopes that API can use (its own, and ``openid`` and
``offline_access``), never another API's, while the refresh token stays bound to the whole
grant. ``openid`` and ``offline_access`` stay in the access token's ``scope`` claim: RFC 9068
§2.2.3 says the claim SHOULD list the scopes granted, and Auth0's sample access tokens carry
``openid`` and ``profile`` next to the API's scopes (its *Access Token Profiles* page,
https://auth0.com/docs/secure/tokens/access-tokens/access-token-profiles); an API simply
ignores the scopes that are not its own.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import Literal

from simtoken.names import server_name

__all__ = [
    "METHODS",
    "OFFLINE_ACCESS",
    "OPENID",
    "OPERATIONS",
    "Operation",
    "covers",
    "downscope",
    "format_scope",
    "parse_scope",
    "scope_for",
    "scope_names",
]

Operation = Literal["read", "write", "delete"]
"""What a call asks an API to do."""

OPERATIONS: tuple[Operation, ...] = ("read", "write", "delete")
"""Every operation an API can offer, in order."""

METHODS: dict[str, str] = {"read": "GET", "write": "POST", "delete": "DELETE"}
"""The HTTP method of each operation (what a DPoP proof's ``htm`` names, RFC 9449 §4.2)."""

OPENID = "openid"
OFFLINE_ACCESS = "offline_access"

_SCOPE_TOKEN = re.compile(r"[\x21\x23-\x5b\x5d-\x7e]+")


def parse_scope(text: str) -> tuple[str, ...]:
    """The scope-tokens of ``text``, each once, in order; :class:`ValueError` if it is not one.

    An empty text is the empty scope. Tokens are separated by single spaces (RFC 6749 §3.3).

    >>> parse_scope("openid api.example:read openid")
    ('openid', 'api.example:read')
    >>> parse_scope('read "all"')
    Traceback (most recent call last):
    ...
    ValueError: '"all"' is not a scope-token (RFC 6749 §3.3: no space, double quote or backslash)
    """
    if text == "":
        return ()
    out: dict[str, None] = {}
    for token in text.split(" "):
        if not _SCOPE_TOKEN.fullmatch(token):
            raise ValueError(
                f"{token!r} is not a scope-token (RFC 6749 §3.3: no space, double quote or "
                "backslash)"
            )
        out[token] = None
    return tuple(out)


def format_scope(tokens: Iterable[str]) -> str:
    """Scope-tokens as one space-separated scope, each once, in order.

    >>> format_scope(["openid", "offline_access", "openid"])
    'openid offline_access'
    """
    return " ".join(dict.fromkeys(tokens))


def scope_for(audience: str, operation: str) -> str:
    """The scope that ``operation`` needs at the API of ``audience``: ``<api>:<operation>``.

    >>> scope_for("https://api.example", "write")
    'api.example:write'
    """
    return f"{server_name(audience)}:{operation}"


def scope_names(audiences: Iterable[str], operations: Iterable[str]) -> tuple[str, ...]:
    """The scopes of these operations at each of these APIs, API by API."""
    ops = tuple(operations)
    return tuple(scope_for(audience, op) for audience in audiences for op in ops)


def downscope(tokens: Iterable[str], audience: str, audiences: Iterable[str]) -> tuple[str, ...]:
    """``tokens`` without the scopes of APIs other than ``audience`` (RFC 8707 §2.2).

    >>> downscope(["openid", "mail.example:read", "calendar.example:read"],
    ...           "https://mail.example", ["https://mail.example", "https://calendar.example"])
    ('openid', 'mail.example:read')
    """
    others = _other_apis(audience, tuple(audiences))
    return tuple(t for t in tokens if t.rpartition(":")[0] not in others)


@functools.lru_cache(maxsize=256)
def _other_apis(audience: str, audiences: tuple[str, ...]) -> frozenset[str]:
    """The server names of ``audiences`` but that of ``audience`` (a run has a few APIs)."""
    return frozenset(server_name(a) for a in audiences) - {server_name(audience)}


def covers(scope: str, needed: str) -> bool:
    """Whether a ``scope`` claim's value includes the scope-token ``needed`` (case-sensitive).

    >>> covers("openid api.example:read", "api.example:read"), covers("openid", "api.example:read")
    (True, False)
    """
    return needed in scope.split(" ")
