"""Run configuration: the world around the policy, and the ``--set key=value`` catalog.

A run is fully described by a :class:`RunConfig` (who is in the world and how they behave) and
a seed. The policy sits inside it; every knob of either lives in one flat namespace of
*settings*, so ``simtoken run refresh --set access_token_lifetime=60 --set clients=3`` and
``simtoken.run("refresh", access_token_lifetime=60, clients=3)`` name them the same way.

Each setting is a typed field with a docstring; :func:`settings` lists them and
:func:`apply_settings` parses strings (from the command line) or values (from Python),
rejecting unknown keys and wrong types with an error that names the key, the value and what
is allowed.

The client's activity pattern alternates *active* periods (the user is at the app and calls
the API every ``request_interval`` seconds on average) with *idle* periods (app in the
background, no calls). Period lengths and call gaps are exponentially distributed, drawn from
the run's seeded random generator.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import math
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, get_args, get_origin

from simtoken.errors import ConfigError, UnknownNameError
from simtoken.forgery.attacks import ATTACKS
from simtoken.jose.weakness import Weakness, parse_weaknesses
from simtoken.names import AUTH_SERVER, DEFAULT_AUDIENCE, ISSUER, server_name
from simtoken.policy.model import Policy

__all__ = [
    "RefreshMode",
    "RunConfig",
    "Setting",
    "Storage",
    "Strategy",
    "TheftVector",
    "apply_settings",
    "settings",
]

RefreshMode = Literal["none", "reactive", "proactive"]
"""How a client renews access: never (log in again), after a 401, or a margin before ``exp``."""

Storage = Literal["memory", "web_storage", "cookie_bff", "keystore"]
"""Where the client keeps its tokens: JS memory, web storage, an HttpOnly cookie to a
backend-for-frontend (tokens never reach the browser), or a mobile OS keystore."""

TheftVector = Literal["none", "xss", "persistent_xss", "device", "sniffing", "log_leak", "new_flow"]
"""How the attacker gets tokens (see :mod:`simtoken.actors.attacker`)."""

Strategy = Literal["immediate", "wait_offline", "aggressive", "quiet", "race"]
"""What the attacker does with stolen tokens (see :mod:`simtoken.actors.attacker`)."""


@dataclass(frozen=True)
class RunConfig:
    """The world of one run: its policy, its clients and their behaviour, its network."""

    policy: Policy = field(default_factory=Policy)
    clients: int = 1
    """Number of users, each with one client app (see ``tabs``)."""
    horizon: float = 86_400.0
    """Simulated seconds to run."""
    request_interval: float = 60.0
    """Mean seconds between API calls while the user is active."""
    active_period: float = 3_600.0
    """Mean length of an active period, in seconds."""
    idle_period: float = 7_200.0
    """Mean length of an idle period (app unused), in seconds."""
    refresh: RefreshMode = "reactive"
    """none | reactive (refresh after a 401) | proactive (refresh refresh_margin s before exp)."""
    refresh_margin: float = 60.0
    """Proactive refresh this many seconds before the access token expires (Auth0 suggests 60 s)."""
    latency: float = 0.05
    """One-way network latency in seconds."""
    loss: float = 0.0
    """Probability that a request is lost in the network."""
    response_loss: float = 0.0
    """Probability that a server's answer is lost (the app is killed, the connection drops)."""
    timeout: float = 10.0
    """Seconds a client waits for an answer before giving up on a request."""
    rs_skew: float = 0.0
    """Resource servers' clock offset in seconds (positive: their clock runs ahead)."""
    audiences: tuple[str, ...] = (DEFAULT_AUDIENCE,)
    """The APIs (resource servers) the clients call, one audience each."""
    tabs: int = 1
    """Tabs (or app instances) per user, sharing one token storage."""
    race_window: float = 0.2
    """With several tabs: when the user comes back, every tab calls within this many seconds."""
    single_flight: bool = False
    """Tabs coordinate (a cross-tab lock) so that only one refreshes at a time."""
    logout_at: float = 0.0
    """Sim time at which each user logs out and stops (0: never)."""
    victim_stops_at: float = 0.0
    """Sim time at which the first user closes the app for good, without logging out (0: never)."""
    storage: Storage = "web_storage"
    """Where the client keeps tokens: memory | web_storage | cookie_bff | keystore."""
    tls: bool = True
    """Whether traffic is encrypted (without TLS a sniffer on the network reads every token)."""
    theft_vector: TheftVector = "none"
    """none | xss | persistent_xss | device | sniffing | log_leak | new_flow."""
    theft_at: float = 3600.0
    """Sim time of the theft (the first user is the victim)."""
    attacker_strategy: Strategy = "immediate"
    """immediate | wait_offline | aggressive | quiet | race."""
    attacker_interval: float = 60.0
    """Mean seconds between the attacker's API calls."""
    dpop_key_extractable: bool = False
    """With DPoP: whether the client's private key can be read out (a non-extractable WebCrypto
    key cannot: stealing storage does not take it)."""
    resteal_interval: float = 10.0
    """With persistent_xss: the injected script re-reads the newest tokens this often."""
    forge: str = "none"
    """An attack class (simtoken.forgery.attacks) the attacker forges tokens of from theft_at on."""
    vulnerable: tuple[str, ...] = ()
    """Weaknesses switched on in every verifier (simtoken.jose.weakness); empty: hardened."""
    key_rotation_interval: float = 0.0
    """The auth server signs with a new key (new kid) this often, in seconds (0: never)."""
    key_overlap: float = 86_400.0
    """A retired signing key stays in the published JWKS this many seconds."""
    key_prepublish: float = 0.0
    """The next signing key is published this many seconds before its first use."""
    jwks_cache_ttl: float = 300.0
    """With key rotation: APIs re-fetch the JWKS when their copy is this old (PyJWKClient 300 s)."""
    jwks_refetch: bool = True
    """With key rotation: APIs re-fetch the JWKS at once when a token names an unknown kid."""
    jwks_refetch_interval: float = 30.0
    """With key rotation: at most one unknown-kid re-fetch per API per this many seconds."""

    def __post_init__(self) -> None:
        if not isinstance(self.policy, Policy):
            raise ConfigError("policy", self.policy, "a simtoken.Policy")
        _check_number("clients", self.clients, integer=True, minimum=1)
        _check_number("horizon", self.horizon, positive=True)
        _check_number("request_interval", self.request_interval, positive=True)
        _check_number("active_period", self.active_period, positive=True)
        _check_number("idle_period", self.idle_period, minimum=0)
        _check_number("refresh_margin", self.refresh_margin, minimum=0)
        _check_number("latency", self.latency, minimum=0)
        _check_number("timeout", self.timeout, positive=True)
        _check_number("rs_skew", self.rs_skew)
        for name in ("loss", "response_loss"):
            _check_number(name, getattr(self, name), minimum=0)
            if getattr(self, name) >= 1:
                raise ConfigError(name, getattr(self, name), "a probability in [0, 1)")
        _check_number("tabs", self.tabs, integer=True, minimum=1)
        _check_number("race_window", self.race_window, minimum=0)
        _check_number("logout_at", self.logout_at, minimum=0)
        _check_number("victim_stops_at", self.victim_stops_at, minimum=0)
        _check_number("theft_at", self.theft_at, minimum=0)
        _check_number("attacker_interval", self.attacker_interval, positive=True)
        _check_number("resteal_interval", self.resteal_interval, positive=True)
        _check_number("key_rotation_interval", self.key_rotation_interval, minimum=0)
        _check_number("key_overlap", self.key_overlap, minimum=0)
        _check_number("key_prepublish", self.key_prepublish, minimum=0)
        _check_number("jwks_cache_ttl", self.jwks_cache_ttl, positive=True)
        _check_number("jwks_refetch_interval", self.jwks_refetch_interval, minimum=0)
        if self.key_rotation_interval and self.key_prepublish >= self.key_rotation_interval:
            raise ConfigError(
                "key_prepublish",
                self.key_prepublish,
                f"less than key_rotation_interval ({self.key_rotation_interval:g} s)",
            )
        if self.forge != "none" and self.forge not in {a.name for a in ATTACKS}:
            raise UnknownNameError("forge", self.forge, ["none", *(a.name for a in ATTACKS)])
        if not isinstance(self.vulnerable, tuple):
            raise ConfigError("vulnerable", self.vulnerable, "a tuple of weakness names")
        if Weakness.WEAK_HMAC_SECRET in parse_weaknesses(self.vulnerable) and (
            self.policy.algorithm != "HS256" or self.key_rotation_interval
        ):
            raise ConfigError(
                "vulnerable",
                "weak_hmac_secret",
                "only with algorithm=HS256 and key_rotation_interval=0 (a typed secret is a "
                "shared HMAC secret that nobody rotates)",
            )
        for name, kind in (
            ("storage", Storage),
            ("theft_vector", TheftVector),
            ("attacker_strategy", Strategy),
        ):
            if getattr(self, name) not in get_args(kind):
                raise UnknownNameError(name, getattr(self, name), get_args(kind))
        for flag in ("tls", "dpop_key_extractable", "jwks_refetch"):
            if not isinstance(getattr(self, flag), bool):
                raise ConfigError(flag, getattr(self, flag), "true or false")
        attacked = self.theft_vector != "none" or self.forge != "none"
        if attacked and self.theft_at >= self.horizon:
            raise ConfigError(
                "theft_at", self.theft_at, f"a sim time before the horizon ({self.horizon:g} s)"
            )
        if not isinstance(self.single_flight, bool):
            raise ConfigError("single_flight", self.single_flight, "true or false")
        if self.refresh not in get_args(RefreshMode):
            raise UnknownNameError("refresh", self.refresh, get_args(RefreshMode))
        if self.refresh == "proactive" and self.refresh_margin >= self.policy.access_token_lifetime:
            raise ConfigError(
                "refresh_margin",
                self.refresh_margin,
                f"less than access_token_lifetime ({self.policy.access_token_lifetime} s)",
            )
        if 2 * self.latency >= self.timeout:
            raise ConfigError(
                "timeout", self.timeout, f"more than a round trip ({2 * self.latency} s)"
            )
        if (
            not isinstance(self.audiences, tuple)
            or not self.audiences
            or not all(isinstance(a, str) and a for a in self.audiences)
            or len(set(self.audiences)) != len(self.audiences)
        ):
            raise ConfigError("audiences", self.audiences, "one or more distinct non-empty names")
        if ISSUER in self.audiences:
            raise ConfigError(
                "audiences", self.audiences, f"API names other than the issuer {ISSUER}"
            )
        names = [server_name(a) for a in self.audiences]
        if len(set(names)) != len(names) or AUTH_SERVER in names:
            raise ConfigError(
                "audiences",
                ",".join(self.audiences),
                "APIs at distinct hosts or paths (two names for one API are ambiguous)",
            )

    @property
    def weaknesses(self) -> frozenset[Weakness]:
        """The ``vulnerable`` names as :class:`~simtoken.jose.weakness.Weakness` members."""
        return parse_weaknesses(self.vulnerable)


def _check_number(
    name: str,
    value: object,
    *,
    integer: bool = False,
    positive: bool = False,
    minimum: float | None = None,
) -> None:
    kinds = "a whole number" if integer else "a number"
    ok_type = isinstance(value, int) if integer else isinstance(value, int | float)
    try:
        finite = ok_type and not isinstance(value, bool) and math.isfinite(value)  # type: ignore[arg-type]
    except OverflowError:  # an integer too large for a float
        finite = False
    if not finite:
        if isinstance(value, int) and value.bit_length() > 1000:
            value = f"an integer of {value.bit_length()} bits"
        raise ConfigError(name, value, kinds)
    assert isinstance(value, int | float)
    if positive and value <= 0:
        raise ConfigError(name, value, f"{kinds} > 0")
    if minimum is not None and value < minimum:
        raise ConfigError(name, value, f"{kinds} >= {minimum:g}")


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
        if self.type is tuple:
            return tuple(part.strip() for part in text.split(","))
        return text


def _field_docs(cls: type) -> dict[str, str]:
    """Attribute docstrings (the string literal after each field) of a dataclass."""
    import ast
    import inspect
    import textwrap

    tree = ast.parse(textwrap.dedent(inspect.getsource(cls)))
    body = tree.body[0].body  # type: ignore[attr-defined]
    docs: dict[str, str] = {}
    for node, nxt in itertools.pairwise(body):
        if (
            isinstance(node, ast.AnnAssign)
            and isinstance(node.target, ast.Name)
            and isinstance(nxt, ast.Expr)
            and isinstance(nxt.value, ast.Constant)
        ):
            docs[node.target.id] = str(nxt.value.value)
    return docs


def _settings_of(cls: type, owner: Literal["policy", "run"]) -> list[Setting]:
    hints = typing.get_type_hints(cls)
    docs = _field_docs(cls)
    out = []
    for f in dataclasses.fields(cls):
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
    """The configuration as one flat ``{setting: value}`` mapping (JSON-ready)."""
    out: dict[str, Any] = dataclasses.asdict(config.policy)
    for f in dataclasses.fields(config):
        if f.name != "policy":
            value = getattr(config, f.name)
            out[f.name] = list(value) if isinstance(value, tuple) else value
    return out
