"""The import ledger: what reading a product's file did with each of its fields.

Reading someone's configuration must never guess in silence. Every field of the file ends in
exactly one list of an :class:`Imported`: *used* (which setting it became), *assumed* (a
documented field the file lacks; the product's documented default is used, and said), *not
modelled* (a token setting the simulator has no knob for) or *ignored* (not about tokens). The
readers of :mod:`simtoken.analysis.product_import` fill it through a :class:`Ledger`; a field
with a wrong type or value raises :class:`~simtoken.errors.ConfigError` naming the field.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from simtoken.errors import ConfigError
from simtoken.validate import whole

__all__ = [
    "FieldNote",
    "Imported",
    "Ledger",
    "count",
    "json_object",
    "one_of",
    "positive",
    "seconds",
]


@dataclass(frozen=True)
class FieldNote:
    """One field of the file: its value and what the import did with it."""

    field: str
    value: object
    note: str


@dataclass(frozen=True)
class Imported:
    """A product file read as simulator settings, with the ledger of every field."""

    source: str
    """What was read: "Keycloak realm export" or "Auth0 application"."""
    preset: str
    """The preset whose policy fills every knob the file cannot set (revocation, DPoP, ...)."""
    settings: Mapping[str, object]
    """The settings the file sets, by simtoken setting name (applied over :attr:`preset`)."""
    used: tuple[FieldNote, ...]
    """Fields read, each with the setting it became."""
    assumed: tuple[FieldNote, ...]
    """Documented fields the file lacks: the product's default was used (named, not hidden)."""
    not_modelled: tuple[FieldNote, ...]
    """Token fields present in the file that the simulator has no knob for."""
    ignored: tuple[str, ...]
    """Fields present that are not about tokens (sorted)."""


class Ledger:
    """Reads fields of one JSON object, writing down each one's fate."""

    def __init__(self, data: Mapping[str, Any], defaults: Mapping[str, object]) -> None:
        self.data, self.defaults = data, defaults
        self.used: list[FieldNote] = []
        self.assumed: list[FieldNote] = []

    def read(self, name: str, check: Callable[[str, object], object], note: str) -> Any:
        """The field's value (or its documented default, written down as assumed)."""
        if name in self.data:
            value = self.data[name]
            check(name, value)
            self.used.append(FieldNote(name, value, note))
            return value
        value = self.defaults[name]
        self.assumed.append(FieldNote(name, value, f"not in the file; the default is used: {note}"))
        return value

    def imported(
        self,
        source: str,
        preset: str,
        settings: Mapping[str, object],
        skipped: tuple[FieldNote, ...],
        ignored: tuple[str, ...],
    ) -> Imported:
        """The :class:`Imported` of what was read."""
        used, assumed = tuple(self.used), tuple(self.assumed)
        return Imported(source, preset, settings, used, assumed, skipped, ignored)

    def overrule(self, name: str, note: str) -> None:
        """Replace the note of a field that was read: its value turned out not to apply."""
        self.used = [FieldNote(n.field, n.value, note) if n.field == name else n for n in self.used]

    def rest(self, not_modelled: tuple[str, ...]) -> tuple[tuple[FieldNote, ...], tuple[str, ...]]:
        """The fields not read: token fields without a knob, and the others."""
        known = set(self.defaults) | set(not_modelled)
        skipped = tuple(
            FieldNote(n, self.data[n], "not modelled") for n in not_modelled if n in self.data
        )
        return skipped, tuple(sorted(n for n in self.data if n not in known))


def seconds(name: str, value: object) -> int:
    """A whole number of seconds, 0 or more."""
    return whole(name, value, minimum=0, unit="seconds")


def positive(name: str, value: object) -> int:
    """A whole number of seconds, 1 or more."""
    return whole(name, value, minimum=1, unit="seconds")


def count(name: str, value: object) -> int:
    """A whole number, 0 or more."""
    return whole(name, value, minimum=0)


def one_of(*names: str) -> Callable[[str, object], None]:
    """A check that the value is one of ``names``."""

    def check(name: str, value: object) -> None:
        if value not in names:
            raise ConfigError(name, value, "one of " + ", ".join(names))

    return check


def json_object(data: object, what: str) -> Mapping[str, Any]:
    """``data`` if it is a JSON object; otherwise a ConfigError naming ``what``."""
    if not isinstance(data, Mapping):  # a JSON array, string, number ...
        raise ConfigError(what, type(data).__name__, "a JSON object")
    return data
