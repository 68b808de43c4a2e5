"""The ``--set key=value`` catalog: every knob of a run, by name, typed and documented.

The policy (:class:`~simtoken.policy.model.Policy`) and the world around it
(:class:`~simtoken.config.run.RunConfig`) share one flat namespace of *settings*, so
``simtoken run refresh --set access_token_lifetime=60 --set clients=3`` and
``simtoken.run("refresh", access_token_lifetime=60, clients=3)`` name them the same way.

Each setting is a typed field with a docstring; :func:`settings` lists them and
:func:`apply_settings` parses strings (from the command line) or values (from Python),
rejecting unknown keys and wrong types with an error that names the key, the value and what
is allowed. :func:`flatten` is the reverse view: a configuration as one ``{setting: value}``
mapping.

A setting measured in seconds (:data:`SECONDS`) also accepts a duration with a unit:
``90s``, ``5m``, ``1.5h``, ``30d`` (:func:`parse_duration`), so ``access_token_lifetime=5m``
is ``access_token_lifetime=300``. A whole-number setting takes only a duration that comes out
whole (``1.5m`` is 90 s; ``0.5s`` is refused).
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
import itertools
import math
import re
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal, get_args, get_origin

from simtoken.config.run import RunConfig
from simtoken.errors import ConfigError, UnknownNameError
from simtoken.policy.model import Policy

__all__ = ["SECONDS", "UNITS", "Setting", "apply_settings", "flatten", "parse_duration", "settings"]

SECONDS = frozenset(
    {
        "access_token_lifetime",
        "refresh_token_lifetime",
        "refresh_token_idle_lifetime",
        "leeway",
        "grace_interval",
        "introspection_cache_ttl",
        "idp_session_lifetime",
        "code_lifetime",
        "horizon",
        "request_interval",
        "active_period",
        "idle_period",
        "refresh_margin",
        "latency",
        "timeout",
        "rs_skew",
        "race_window",
        "logout_at",
        "victim_stops_at",
        "theft_at",
        "attacker_interval",
        "resteal_interval",
        "key_rotation_interval",
        "key_overlap",
        "key_prepublish",
        "jwks_cache_ttl",
        "jwks_refetch_interval",
        "worker_interval",
        "cookie_max_age",
        "dpop_nonce_lifetime",
        "precompute_horizon",
        "precompute_step",
        "dbsc_cookie_lifetime",
        "detector_concurrency_window",
        "remediation_at",
        "key_leak_at",
        "emergency_rotation_at",
    }
)
"""The settings measured in seconds (durations and sim times): they accept a unit too."""

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
"""The units a duration may carry, in seconds: seconds, minutes, hours, days."""

_DURATION = re.compile(r"([+-]?(?:\d+(?:\.\d*)?|\.\d+))\s*([a-z]+)", re.IGNORECASE)


def parse_duration(text: str) -> float | None:
    """The seconds of ``text`` if it is a number with a unit (``5m`` is 300.0); else None.

    >>> parse_duration("1.5h"), parse_duration("90s"), parse_duration("300")
    (5400.0, 90.0, None)
    """
    match = _DURATION.fullmatch(text.strip())
    if match is None or match.group(2).lower() not in UNITS:
        return None
    return float(match.group(1)) * UNITS[match.group(2).lower()]


@dataclass(frozen=True)
class Setting:
    """One ``--set`` key: its name, where it lives, its type and its documentation."""

    name: str
    owner: Literal["policy", "run"]
    type: Any
    default: Any
    doc: str

    @property
    def allowed(self) -> str:
        """What values this setting accepts, in words."""
        if self.name in SECONDS:
            whole = "a whole number" if self.type is int else "a number"
            return f"{whole} of seconds, or a duration: 90s, 5m, 1.5h, 30d" + (
                " (a whole number of seconds)" if self.type is int else ""
            )
        if get_origin(self.type) is Literal:
            return "one of " + ", ".join(map(str, get_args(self.type)))
        return {
            int: "a whole number",
            float: "a number",
            str: "text",
            bool: "true or false",
        }.get(self.type, "a comma-separated list of names")

    def parse(self, raw: object) -> Any:
        """Convert a command-line string (or check a Python value) for this setting."""
        if not isinstance(raw, str):
            if self.type is float and isinstance(raw, int) and not isinstance(raw, bool):
                return float(raw)
            if self.type is tuple and isinstance(raw, list | tuple):
                return tuple(raw)
            return raw  # checked by the dataclass validation
        text = raw.strip()
        if self.name in SECONDS and parse_duration(text) is not None:
            return self._seconds_of(raw, text)
        try:
            if self.type is int:
                return int(text)
            if self.type is float:
                return float(text)
            if self.type is bool:
                if text.lower() in ("true", "1", "yes", "on"):
                    return True
                if text.lower() in ("false", "0", "no", "off"):
                    return False
                raise ValueError(text)
        except ValueError:
            raise ConfigError(self.name, raw, self.allowed) from None
        if self.type is tuple:  # an empty text is the empty list
            return tuple(part.strip() for part in text.split(",")) if text else ()
        return text

    def _seconds_of(self, raw: str, text: str) -> int | float:
        """A number with a unit (``5m``), in seconds; a whole number for an ``int`` setting."""
        seconds = parse_duration(text)
        if seconds is None or not math.isfinite(seconds):  # pragma: no cover - checked by parse
            raise ConfigError(self.name, raw, self.allowed)
        if self.type is int:
            if not seconds.is_integer():
                raise ConfigError(self.name, raw, self.allowed)
            return int(seconds)
        return seconds


def _field_docs(cls: type) -> dict[str, str]:
    """Attribute docstrings (the string literal after each field) of a dataclass and its bases."""
    import ast
    import textwrap

    docs: dict[str, str] = {}
    for klass in reversed(_sections(cls)):
        tree = ast.parse(textwrap.dedent(inspect.getsource(klass)))
        body = tree.body[0].body  # type: ignore[attr-defined]
        for node, nxt in itertools.pairwise(body):
            if (
                isinstance(node, ast.AnnAssign)
                and isinstance(node.target, ast.Name)
                and isinstance(nxt, ast.Expr)
                and isinstance(nxt.value, ast.Constant)
            ):
                docs[node.target.id] = str(nxt.value.value)
    return docs


def _sections(cls: type) -> list[type]:
    """``cls`` and the dataclasses it inherits settings from, ``cls`` first.

    :class:`~simtoken.config.run.RunConfig` gathers the settings of a few topics from mixins
    (detection, proofs, binding, key compromise), each in its own module; they are settings of
    the run like its own fields, listed after them in the order of the bases.
    """
    return [k for k in cls.__mro__ if dataclasses.is_dataclass(k)]


def _ordered_fields(cls: type) -> list[dataclasses.Field[Any]]:
    """The fields of ``cls``: its own first, then each base's, each in declaration order."""
    rank = {k: i for i, k in enumerate(_sections(cls))}

    def owner(f: dataclasses.Field[Any]) -> int:
        return min(rank[k] for k in rank if f.name in inspect.get_annotations(k))

    return sorted(dataclasses.fields(cls), key=owner)


def _settings_of(cls: type, owner: Literal["policy", "run"]) -> list[Setting]:
    hints = typing.get_type_hints(cls)
    docs = _field_docs(cls)
    out = []
    for f in _ordered_fields(cls):
        if f.name == "policy":
            continue
        typ = hints[f.name]
        if get_origin(typ) is tuple:
            typ = tuple
        elif isinstance(typ, types.UnionType):  # pragma: no cover - no optional settings yet
            typ = get_args(typ)[0]
        factory = f.default_factory
        default = factory() if factory is not dataclasses.MISSING else f.default
        out.append(Setting(f.name, owner, typ, default, docs.get(f.name, "")))
    return out


@functools.cache
def _catalog() -> tuple[Setting, ...]:
    """The settings, read once from the dataclasses' source (their attribute docstrings)."""
    return tuple(_settings_of(Policy, "policy") + _settings_of(RunConfig, "run"))


def settings() -> dict[str, Setting]:
    """Every setting a run accepts, by name: the policy's knobs first, then the world's."""
    return {s.name: s for s in _catalog()}


def apply_settings(config: RunConfig, values: Mapping[str, object]) -> RunConfig:
    """A copy of ``config`` with settings replaced; strings are parsed, everything is validated."""
    known = settings()
    policy_changes: dict[str, Any] = {}
    run_changes: dict[str, Any] = {}
    for name, raw in values.items():
        if name not in known:
            raise UnknownNameError("setting", name, sorted(known))
        setting = known[name]
        target = policy_changes if setting.owner == "policy" else run_changes
        target[name] = setting.parse(raw)
    policy = dataclasses.replace(config.policy, **policy_changes)
    return dataclasses.replace(config, policy=policy, **run_changes)


def flatten(config: RunConfig) -> dict[str, Any]:
    """The configuration as one flat ``{setting: value}`` mapping (JSON-ready).

    In the order of :func:`settings`: the policy's, then the world's.
    """
    out: dict[str, Any] = dataclasses.asdict(config.policy)
    for name, setting in settings().items():
        if setting.owner == "run":
            value = getattr(config, name)
            out[name] = list(value) if isinstance(value, tuple) else value
    return out
