"""Result documents: reading a saved run back, and checking it is one before trusting it.

A result document (``simtoken run NAME --json``, :meth:`simtoken.Result.to_dict`) is data from
outside: a file may be truncated, edited by hand, produced by another version, or made to
hurt the reader (JSON nested 100,000 levels deep, an integer of 5,000 digits, a 10 GB file).
Like a customs officer who checks every crate against the manifest before it enters the port,
:func:`load_document` and :func:`check_document` check every part against the schema the
writer follows, and answer anything else with one :class:`~simtoken.errors.ConfigError` that
names the path of the offending field (``events[12].t``), its value and what is allowed:

* the file: a regular file of at most :data:`MAX_DOCUMENT_BYTES` (64 MiB, checked before
  reading; a one-day run is ~2 MB), UTF-8, JSON, no deeper than Python's parser can go, no
  integer longer than Python converts (4,300 digits);
* the document: an object with ``format`` ``simtoken.result/1``, ``config`` (every setting
  valid, as ``--set`` would check it), ``events`` (a list of objects, each a known ``kind``
  with its fields of the right types, :mod:`simtoken.record.events`; a request's ``params`` an
  object of texts), and if present ``scenario``, ``seed``, ``jwks`` and ``metrics`` (each metric
  of its type, :class:`simtoken.Metrics`).
"""

from __future__ import annotations

import dataclasses
import json
import math
import stat
import typing
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from simtoken.config.run import RunConfig
from simtoken.config.settings import apply_settings, settings
from simtoken.errors import ConfigError
from simtoken.record import events as _events
from simtoken.record.metrics import Metrics

__all__ = ["DOCUMENT_FORMAT", "MAX_DOCUMENT_BYTES", "check_document", "load_document"]

DOCUMENT_FORMAT = "simtoken.result/1"
MAX_DOCUMENT_BYTES = 64 * 1024 * 1024
"""The largest file :func:`load_document` reads by default (64 MiB)."""

_KINDS: dict[str, type[_events.Event]] = {
    cls.kind: cls
    for cls in vars(_events).values()
    if isinstance(cls, type) and issubclass(cls, _events.Event) and cls is not _events.Event
}
_TOP = ("format", "scenario", "seed", "config", "jwks", "metrics", "events")


def load_document(path: str | Path, max_bytes: int = MAX_DOCUMENT_BYTES) -> dict[str, Any]:
    """The checked result document in the file ``path`` (see the module docstring)."""
    name = str(path)
    try:
        info = Path(path).stat()
        if not stat.S_ISREG(info.st_mode):
            raise ConfigError("file", name, "a regular file (not a directory, device or pipe)")
        if info.st_size > max_bytes:
            raise ConfigError("file", name, f"a file of at most {max_bytes:,} bytes")
        with Path(path).open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise ConfigError("file", name, f"a readable file ({exc.strerror})") from None
    if len(data) > max_bytes:
        raise ConfigError("file", name, f"a file of at most {max_bytes:,} bytes")
    try:
        document = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ConfigError("file", name, f"UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except RecursionError:
        raise ConfigError("file", name, "JSON nested at most ~900 levels deep") from None
    except ValueError as exc:  # JSONDecodeError, and integers beyond Python's 4,300 digits
        raise ConfigError("file", name, f"a JSON document ({exc})") from None
    check_document(document)
    return typing.cast(dict[str, Any], document)


def check_document(document: object) -> RunConfig:
    """The run configuration of a valid result document; :class:`ConfigError` otherwise."""
    doc = _object("document", document)
    for key in doc:
        if key not in _TOP:
            raise ConfigError(f"document.{key}", "(present)", "the keys " + ", ".join(_TOP))
    for key in ("format", "config", "events"):
        if key not in doc:
            raise ConfigError(key, "(missing)", "present in a simtoken result document")
    if doc["format"] != DOCUMENT_FORMAT:
        raise ConfigError("format", _short(doc["format"]), DOCUMENT_FORMAT)
    _typed("scenario", doc.get("scenario", ""), str)
    _typed("seed", doc.get("seed", 0), int)
    _object("jwks", doc.get("jwks", {}))
    _check_metrics(_object("metrics", doc.get("metrics", {})))
    config = _check_config(_object("config", doc["config"]))
    events = doc["events"]
    if not isinstance(events, list):
        raise ConfigError("events", _short(events), "a list of event objects")
    for i, event in enumerate(events):
        _check_event(f"events[{i}]", event)
    return config


def _check_config(config: Mapping[str, Any]) -> RunConfig:
    known = settings()
    for name, value in config.items():
        setting = known.get(name)
        if setting is not None and setting.type in (int, float, bool) and isinstance(value, str):
            raise ConfigError(f"config.{name}", _short(value), setting.allowed + " (not text)")
    try:
        return apply_settings(RunConfig(), config)
    except ConfigError as exc:
        raise ConfigError(f"config.{exc.field}", _short(exc.value), exc.allowed) from None
    except (TypeError, OverflowError) as exc:  # a value no setting could ever hold
        raise ConfigError("config", type(exc).__name__, "valid settings") from None


def _check_metrics(metrics: Mapping[str, Any]) -> None:
    hints = typing.get_type_hints(Metrics)
    for name, value in metrics.items():
        if name not in hints:
            raise ConfigError(f"metrics.{name}", _short(value), "a metric of simtoken.Metrics")
        if typing.get_origin(hints[name]) is Mapping:  # rejections, counts by scope
            for key, count in _object(f"metrics.{name}", value).items():
                _typed(f"metrics.{name}.{key}", count, int)
        else:
            _typed(f"metrics.{name}", value, hints[name])


def _check_event(path: str, event: object) -> None:
    record = _object(path, event)
    kind = record.get("kind")
    cls = _KINDS.get(kind) if isinstance(kind, str) else None
    if cls is None:
        raise ConfigError(f"{path}.kind", _short(kind), "one of " + ", ".join(sorted(_KINDS)))
    hints = typing.get_type_hints(cls)
    for f in dataclasses.fields(cls):
        if f.name == "params" and f.name in record:  # a request's parameters: text to text
            for name, value in _object(f"{path}.params", record["params"]).items():
                _typed(f"{path}.params.{name}", value, str)
        elif f.name in record:
            _typed(f"{path}.{f.name}", record[f.name], hints[f.name])
        elif f.default is dataclasses.MISSING and type(None) not in typing.get_args(hints[f.name]):
            raise ConfigError(f"{path}.{f.name}", "(missing)", f"present in a {kind} event")


def _typed(path: str, value: object, kind: Any) -> None:
    """Check ``value`` against a field type: str, int, float, bool, or one of them | None."""
    options = typing.get_args(kind) or (kind,)
    if value is None and type(None) in options:
        return
    ok = any(_is(value, option) for option in options if option is not type(None))
    if not ok:
        names = " or ".join(_NAMES.get(o, str(o)) for o in options)
        raise ConfigError(path, _short(value), names)


_NAMES = {str: "text", int: "a whole number", float: "a finite number", bool: "true or false"}
_NAMES[type(None)] = "null"


def _is(value: object, kind: object) -> bool:
    if kind is bool or isinstance(value, bool):
        return kind is bool and isinstance(value, bool)
    if kind is float and isinstance(value, int | float):
        try:
            return math.isfinite(value)
        except OverflowError:  # an integer too large for a float
            return False
    return isinstance(kind, type) and isinstance(value, kind)


def _object(path: str, value: object) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ConfigError(path, _short(value), "a JSON object")
    return value


def _short(value: object) -> object:
    """A value fit for a one-line message (long texts and containers are cut)."""
    if isinstance(value, str | int | float | bool) or value is None:
        text = repr(value) if not isinstance(value, int) or abs(value) < 10**30 else "a huge int"
        return value if len(text) <= 60 else text[:57] + "..."
    return type(value).__name__
