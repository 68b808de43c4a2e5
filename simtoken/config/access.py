"""Who may call what: the checks of a run's clients, workers, operations and scopes.

A run's access settings must fit each other before anything runs: every operation named must
be one an API can offer (:data:`~simtoken.jose.scopes.OPERATIONS`), the users' apps must ask
for at least one operation the APIs offer (or they would have nothing to call), each API's name
must make a valid scope-token (RFC 6749 §3.3) once operations need scopes, and a world needs
someone in it: a user (``clients``, checked with the other numbers: 0 only with ``workers``)
or a background worker; a theft, or an attack on the login flow, needs a user to target. The
APIs themselves (``audiences``) must have distinct names at distinct hosts or paths, none the
issuer's (:func:`check_audiences`). :func:`check_access` checks them all, raising the usual
one-line :class:`~simtoken.errors.ConfigError` that names the field, the value and what is
allowed.
"""

from __future__ import annotations

from typing import Protocol

from simtoken.errors import ConfigError, UnknownNameError
from simtoken.jose.client_auth import ClientAuthMethod, ClientType
from simtoken.jose.scopes import OPERATIONS, parse_scope, scope_for
from simtoken.names import AUTH_SERVER, ISSUER, server_name
from simtoken.validate import choice, number

__all__ = ["AccessSettings", "check_access", "check_audiences"]


class AccessSettings(Protocol):
    """The settings :func:`check_access` reads (a :class:`~simtoken.config.run.RunConfig`)."""

    @property
    def clients(self) -> int:
        """Users, each with an app."""

    @property
    def workers(self) -> int:
        """Background workers."""

    @property
    def worker_interval(self) -> float:
        """Seconds between a worker's calls."""

    @property
    def theft_vector(self) -> str:
        """How the attacker steals."""

    @property
    def flow_attack(self) -> str:
        """The attack on the login flow."""

    @property
    def client_type(self) -> str:
        """Whether the apps are public or confidential."""

    @property
    def client_auth(self) -> str:
        """How a confidential client authenticates."""

    @property
    def operations(self) -> tuple[str, ...]:
        """What the APIs offer."""

    @property
    def client_operations(self) -> tuple[str, ...]:
        """What the apps ask for."""

    @property
    def allowed_operations(self) -> tuple[str, ...]:
        """What the auth server grants."""

    @property
    def audiences(self) -> tuple[str, ...]:
        """The APIs."""


def _operations(field: str, value: object) -> tuple[str, ...]:
    """A tuple of distinct operation names; the error names the first one that is not."""
    if not isinstance(value, tuple):
        raise ConfigError(
            field, value, "a comma-separated list of operations (read, write, delete)"
        )
    for op in value:
        if op not in OPERATIONS:
            raise UnknownNameError(field, op, OPERATIONS)
    if len(set(value)) != len(value):
        raise ConfigError(field, ",".join(value), "each operation at most once")
    return value


def check_access(config: AccessSettings) -> None:
    """Check the clients, workers, client type and operations of ``config`` (module docstring)."""
    choice("client_type", config.client_type, ClientType)
    choice("client_auth", config.client_auth, ClientAuthMethod)
    number("workers", config.workers, integer=True, minimum=0)
    number("worker_interval", config.worker_interval, positive=True)
    if config.clients == 0 and config.theft_vector != "none":
        raise ConfigError(
            "theft_vector", config.theft_vector, "none unless clients >= 1 (a user to steal from)"
        )
    if config.clients == 0 and config.flow_attack != "none":
        raise ConfigError(
            "flow_attack", config.flow_attack, "none unless clients >= 1 (a user to attack)"
        )
    offered = _operations("operations", config.operations)
    asked = _operations("client_operations", config.client_operations)
    _operations("allowed_operations", config.allowed_operations)
    if not offered:
        return
    if not set(asked) & set(offered):
        raise ConfigError(
            "client_operations",
            ",".join(asked),
            f"at least one of the operations the APIs offer ({','.join(offered)})",
        )
    for audience in config.audiences:
        scope = scope_for(audience, offered[0])
        try:
            one = parse_scope(scope) == (scope,)
        except ValueError:
            one = False
        if not one:
            raise ConfigError(
                "audiences", audience, "API names that make scope-tokens (no spaces or quotes)"
            )


def check_audiences(audiences: object) -> None:
    """The APIs: distinct non-empty names, none the issuer, at distinct hosts or paths."""
    if (
        not isinstance(audiences, tuple)
        or not audiences
        or not all(isinstance(a, str) and a for a in audiences)
        or len(set(audiences)) != len(audiences)
    ):
        raise ConfigError("audiences", audiences, "one or more distinct non-empty names")
    if ISSUER in audiences:
        raise ConfigError("audiences", audiences, f"API names other than the issuer {ISSUER}")
    names = [server_name(a) for a in audiences]
    if len(set(names)) != len(names) or AUTH_SERVER in names:
        raise ConfigError(
            "audiences",
            ",".join(audiences),
            "APIs at distinct hosts or paths (two names for one API are ambiguous)",
        )
