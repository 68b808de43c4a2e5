"""Validators: the checks every configuration value goes through, with one wording for each.

A policy (:mod:`simtoken.policy.model`), a run's world (:mod:`simtoken.config.run`), a seed and a
work budget are all checked by the same few functions, so the same mistake reads the same
everywhere: each raises :class:`~simtoken.errors.ConfigError` (one line: the field, the value,
what is allowed) or, for a closed set of names, :class:`~simtoken.errors.UnknownNameError`.

A ``bool`` is never a number here, although Python counts ``True`` as ``1``: ``clients=True``
is a mistake, not one client.

>>> whole("seed", -1, minimum=0)
Traceback (most recent call last):
...
simtoken.errors.ConfigError: seed: invalid value -1; allowed: a whole number >= 0
"""

from __future__ import annotations

import math
from typing import get_args

from simtoken.errors import ConfigError, UnknownNameError

__all__ = [
    "check_seed",
    "choice",
    "flag",
    "number",
    "probability",
    "seconds",
    "url_path",
    "whole",
]

_HUGE_BITS = 1000
"""An integer longer than this many bits is named by its size in an error, not printed."""


def number(
    field: str,
    value: object,
    *,
    integer: bool = False,
    positive: bool = False,
    minimum: float | None = None,
) -> None:
    """A finite number (``integer``: a whole one), ``> 0`` if ``positive``, ``>= minimum``."""
    kinds = "a whole number" if integer else "a number"
    ok_type = isinstance(value, int) if integer else isinstance(value, int | float)
    try:
        finite = ok_type and not isinstance(value, bool) and math.isfinite(value)  # type: ignore[arg-type]
    except OverflowError:  # an integer too large for a float
        finite = False
    if not finite:
        if isinstance(value, int) and value.bit_length() > _HUGE_BITS:
            value = f"an integer of {value.bit_length()} bits"
        raise ConfigError(field, value, kinds)
    assert isinstance(value, int | float)
    if positive and value <= 0:
        raise ConfigError(field, value, f"{kinds} > 0")
    if minimum is not None and value < minimum:
        raise ConfigError(field, value, f"{kinds} >= {minimum:g}")


def probability(field: str, value: object) -> None:
    """A probability that leaves a chance of the opposite: a number in ``[0, 1)``."""
    number(field, value, minimum=0)
    assert isinstance(value, int | float)
    if value >= 1:
        raise ConfigError(field, value, "a probability in [0, 1)")


def whole(field: str, value: object, *, minimum: int, unit: str = "") -> int:
    """A whole number ``>= minimum`` (of ``unit``, if given, in the message); returns it."""
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        of = f" of {unit}" if unit else ""
        raise ConfigError(field, value, f"a whole number{of} >= {minimum}")
    return value


def seconds(field: str, value: object) -> None:
    """A finite duration in seconds, ``>= 0``."""
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
        or value < 0
    ):
        raise ConfigError(field, value, "a number of seconds >= 0")


def flag(field: str, value: object) -> None:
    """``True`` or ``False`` (not 0, 1 or a string)."""
    if not isinstance(value, bool):
        raise ConfigError(field, value, "true or false")


def choice(field: str, value: object, kind: object) -> None:
    """One of the names of a ``Literal[...]`` type; :class:`UnknownNameError` otherwise."""
    if value not in get_args(kind):
        raise UnknownNameError(field, value, get_args(kind))


def url_path(field: str, value: object) -> None:
    """A URL path a cookie's ``Path`` can name.

    ``/`` first, then visible ASCII or spaces without ``;`` (RFC 6265bis §4.1.1
    ``path-value``), at most 1024 characters (§5.6).
    """
    if (
        not isinstance(value, str)
        or not value.startswith("/")
        or len(value) > 1024
        or any(not " " <= c <= "~" or c == ";" for c in value)
    ):
        shown = value if not isinstance(value, str) or len(value) <= 60 else value[:57] + "..."
        raise ConfigError(field, shown, "a path that starts with / (no ';'), e.g. /auth/refresh")


def check_seed(seed: object) -> int:
    """Validate a run seed: a whole number >= 0."""
    return whole("seed", seed, minimum=0)
