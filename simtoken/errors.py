"""Errors: what simtoken raises when it is given something it cannot use.

Two families of failure exist in this package, and they are kept apart on purpose:

* **Token failures** are part of the lesson. A resource server that rejects an expired token
  is *working*. Those failures use PyJWT's own exception classes (``jwt.ExpiredSignatureError``,
  ``jwt.InvalidAudienceError`` ...) so learners meet the names real code raises, plus two
  classes PyJWT has no name for, all subclasses of ``jwt.InvalidTokenError``::

      jwt.InvalidTokenError          (PyJWT's base)
      ├── WrongTokenTypeError        a refresh token at an API, or the reverse
      ├── UnknownKeyError            a ``kid`` naming no trusted key
      ├── UnsupportedCriticalError   a ``crit`` header extension the verifier does not know
      ├── DuplicateClaimError        the same name twice in a header or claims set
      └── OversizedTokenError        a token longer than any real credential

* **Usage errors** mean the simulation cannot run as asked: an unknown scenario, a lifetime of
  ``-5``, a ``--set`` key that does not exist. They form one small tree::

      SimTokenError
      └── ConfigError            (also a ValueError): field, value and what is allowed
          └── UnknownNameError   an unknown scenario, setting or algorithm name

Names (scenarios, presets, attacks, weaknesses) are resolved by :func:`resolve_name`, which
matches them case-insensitively (``AUTH0-SPA`` is ``auth0-spa``); an unknown name's error
suggests the closest known one (``thef``: did you mean ``'theft'``?), found by
:func:`difflib.get_close_matches`.

Every usage error carries the offending ``field``, the ``value`` and a description of what is
``allowed``, and renders as one line, which is what the CLI prints before exiting with code 2.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

import jwt

__all__ = [
    "ConfigError",
    "DuplicateClaimError",
    "OversizedTokenError",
    "SimTokenError",
    "UnknownKeyError",
    "UnknownNameError",
    "UnsupportedCriticalError",
    "WrongTokenTypeError",
    "resolve_name",
]


class SimTokenError(Exception):
    """Base class of every usage error simtoken raises."""


class ConfigError(SimTokenError, ValueError):
    """Raised when a configuration value is invalid; names the field, value and what is allowed."""

    def __init__(self, field: str, value: object, allowed: str) -> None:
        self.field = field
        self.value = value
        self.allowed = allowed
        super().__init__(f"{field}: invalid value {value!r}; allowed: {allowed}")


class UnknownNameError(ConfigError):
    """Raised when a name (scenario, setting, algorithm ...) is not one simtoken knows.

    ``suggestion`` is the known name closest to ``value`` (or None), which the message offers.
    """

    def __init__(
        self, field: str, value: object, choices: Iterable[str], allowed: str | None = None
    ) -> None:
        self.choices = tuple(str(c) for c in choices)
        super().__init__(field, value, allowed or "one of " + ", ".join(self.choices))
        self.suggestion = _closest(value, self.choices)
        hint = f"did you mean {self.suggestion!r}? " if self.suggestion else ""
        self.args = (f"{field}: unknown name {value!r}; {hint}allowed: {self.allowed}",)


def _closest(value: object, choices: tuple[str, ...]) -> str | None:
    """The choice most like ``value`` (ignoring case), if one is close enough."""
    if not isinstance(value, str):
        return None
    by_lower = {c.lower(): c for c in choices}
    close = difflib.get_close_matches(value.strip().lower(), list(by_lower), n=1)
    return by_lower[close[0]] if close else None


def resolve_name(
    field: str, value: object, choices: Iterable[str], allowed: str | None = None
) -> str:
    """The known name ``value`` means: an exact or case-insensitive match of one of ``choices``.

    Raises :class:`UnknownNameError` (with a "did you mean" suggestion) when there is none.

    >>> resolve_name("preset", "AUTH0-SPA", ["auth0-spa", "okta-spa"])
    'auth0-spa'
    """
    names = tuple(str(c) for c in choices)
    if isinstance(value, str):
        if value in names:
            return value
        folded = [n for n in names if n.casefold() == value.strip().casefold()]
        if len(folded) == 1:
            return folded[0]
    raise UnknownNameError(field, value, names, allowed)


class WrongTokenTypeError(jwt.InvalidTokenError):
    """Raised when a token of one type is presented where another is required.

    A refresh token sent to an API, or an access token sent to the token endpoint, is rejected
    with this error even though its signature is perfect (RFC 8725 §3.11 "explicit typing").
    """


class UnknownKeyError(jwt.InvalidTokenError):
    """Raised when a token's ``kid`` header names no key in the verifier's JWKS."""


class UnsupportedCriticalError(jwt.InvalidTokenError):
    """Raised when a token's ``crit`` header lists an extension the verifier does not implement.

    RFC 7515 §4.1.11: a recipient that does not understand a critical extension MUST reject.
    """


class DuplicateClaimError(jwt.InvalidTokenError):
    """Raised when a header or claims set names the same member twice (RFC 7519 §4)."""


class OversizedTokenError(jwt.InvalidTokenError):
    """Raised when a token is longer than :data:`simtoken.jose.segments.MAX_TOKEN_LENGTH`."""
