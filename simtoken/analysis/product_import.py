"""Product exports as settings: a Keycloak realm export or an Auth0 application, field by field.

A product's configuration file speaks the product's language; the simulator speaks
:class:`~simtoken.policy.model.Policy`. This module translates the refresh-token part of two
documented formats, using the products' own field names, and keeps a ledger of every field:

* **Keycloak realm export** (the JSON of a ``RealmRepresentation``, as *Realm settings →
  Action → Partial export* or ``kc.sh export`` writes it [K-realm]): ``accessTokenLifespan``
  → ``access_token_lifetime``; ``ssoSessionMaxLifespan`` → ``refresh_token_lifetime`` and
  ``idp_session_lifetime`` (a browser login's refresh token dies with its SSO session [K-to]);
  ``ssoSessionIdleTimeout`` → ``refresh_token_idle_lifetime``; ``clientSessionIdleTimeout`` and
  ``clientSessionMaxLifespan`` shorten those when set (0 means "as the SSO session" [K-to]);
  ``revokeRefreshToken`` → ``rotation``, with reuse detection ``user`` (a reuse past the limit
  ends the session, which the simulator models as revoking the user's grants [K-16081]);
  ``refreshTokenMaxReuse`` → ``max_reuse``; ``accessCodeLifespan`` → ``code_lifetime``;
  ``defaultSignatureAlgorithm`` → ``algorithm``.
* **Auth0 application** (the ``refresh_token`` object of a Management API client, alone or
  inside the whole client JSON [A-mgmt]): ``rotation_type`` ``rotating`` → ``rotation`` with
  reuse detection ``family`` [A-rot]; ``leeway`` (Auth0's rotation overlap period) →
  ``grace_interval`` [A-cfg]; ``expiration_type`` ``expiring`` with ``token_lifetime`` and
  ``infinite_token_lifetime`` → ``refresh_token_lifetime`` (infinite: ten years here);
  ``idle_token_lifetime`` and ``infinite_idle_token_lifetime`` →
  ``refresh_token_idle_lifetime`` (infinite: 0, no idle limit) [A-exp]. An Auth0 access
  token's lifetime belongs to the API, not to the application, so it is never in this file.

**Nothing is guessed silently.** Every field ends up in exactly one list of the
:class:`Imported` ledger: *used* (which setting it became), *assumed* (a documented field the
file lacks: the product's documented default is used and the report says so), *not modelled*
(a token setting the simulator has no knob for) or *ignored* (not about tokens). A field with a
wrong type or value raises :class:`~simtoken.errors.ConfigError` naming it.

>>> imported = from_keycloak({"accessTokenLifespan": 600, "revokeRefreshToken": True, "realm": "x"})
>>> imported.settings["access_token_lifetime"], imported.settings["rotation"]
(600, True)
>>> imported.ignored
('realm',)
>>> [note.field for note in imported.assumed][:2]
['ssoSessionIdleTimeout', 'ssoSessionMaxLifespan']
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from simtoken.analysis.import_ledger import (
    FieldNote,
    Imported,
    Ledger,
    count,
    json_object,
    one_of,
    positive,
    seconds,
)
from simtoken.errors import ConfigError
from simtoken.jose.keys import ALGORITHMS
from simtoken.validate import flag

__all__ = [
    "AUTH0_DEFAULTS",
    "KEYCLOAK_DEFAULTS",
    "FieldNote",
    "Imported",
    "from_auth0",
    "from_keycloak",
    "read_export",
]

_TEN_YEARS = 315_360_000  # "no absolute lifetime", as the okta-spa preset writes it

KEYCLOAK_DEFAULTS: Mapping[str, object] = {
    "accessTokenLifespan": 300,
    "ssoSessionIdleTimeout": 1800,
    "ssoSessionMaxLifespan": 36_000,
    "clientSessionIdleTimeout": 0,
    "clientSessionMaxLifespan": 0,
    "revokeRefreshToken": False,
    "refreshTokenMaxReuse": 0,
    "accessCodeLifespan": 60,
    "defaultSignatureAlgorithm": "RS256",
}
"""A new realm's values of the fields read here [K-code, K-to] (used when a field is missing)."""

_KEYCLOAK_NOT_MODELLED = (
    "accessTokenLifespanForImplicitFlow",
    "ssoSessionIdleTimeoutRememberMe",
    "ssoSessionMaxLifespanRememberMe",
    "offlineSessionIdleTimeout",
    "offlineSessionMaxLifespanEnabled",
    "offlineSessionMaxLifespan",
    "clientOfflineSessionIdleTimeout",
    "clientOfflineSessionMaxLifespan",
    "accessCodeLifespanUserAction",
    "accessCodeLifespanLogin",
    "notBefore",
)  # token fields without a knob: offline, remember-me, implicit, login-page timeouts

AUTH0_DEFAULTS: Mapping[str, object] = {
    "rotation_type": "non-rotating",
    "expiration_type": "non-expiring",
    "leeway": 0,
    "token_lifetime": 2_592_000,
    "infinite_token_lifetime": True,
    "idle_token_lifetime": 1_296_000,
    "infinite_idle_token_lifetime": True,
}
"""The Management API's values when a ``refresh_token`` field is left out [A-mgmt, A-exp]."""

_AUTH0_NOT_MODELLED = ("policies",)  # multi-resource refresh tokens: one audience here


def _shorter(session: int, client: int) -> int:
    """A Keycloak client-session limit: 0 inherits the SSO session's; otherwise the shorter."""
    return session if client == 0 or session == 0 else min(session, client)


def from_keycloak(realm: object) -> Imported:
    """Read a Keycloak realm export (see the module docstring).

    Raises:
        ConfigError: ``realm`` is not a JSON object, or a field has a wrong type or value.
    """
    ledger = Ledger(json_object(realm, "realm export"), KEYCLOAK_DEFAULTS)
    at = ledger.read("accessTokenLifespan", positive, "access_token_lifetime")
    idle = ledger.read("ssoSessionIdleTimeout", seconds, "refresh_token_idle_lifetime")
    cap = ledger.read(
        "ssoSessionMaxLifespan", positive, "refresh_token_lifetime, idp_session_lifetime"
    )
    client_idle = ledger.read("clientSessionIdleTimeout", seconds, "shortens the idle lifetime")
    client_cap = ledger.read("clientSessionMaxLifespan", seconds, "shortens the lifetime")
    rotation = ledger.read("revokeRefreshToken", flag, "rotation (reuse detection user)")
    reuse = ledger.read("refreshTokenMaxReuse", count, "max_reuse")
    code = ledger.read("accessCodeLifespan", positive, "code_lifetime")
    algorithm = ledger.read("defaultSignatureAlgorithm", one_of(*ALGORITHMS), "algorithm")
    settings: dict[str, object] = {
        "access_token_lifetime": at,
        "refresh_token_lifetime": _shorter(cap, client_cap),
        "refresh_token_idle_lifetime": _shorter(idle, client_idle),
        "idp_session_lifetime": cap,
        "rotation": rotation,
        "reuse_detection": "user" if rotation else "none",
        "max_reuse": reuse if rotation else 0,
        "code_lifetime": code,
        "algorithm": algorithm,
    }
    if reuse and not rotation:
        ledger.overrule("refreshTokenMaxReuse", "ignored: applies only with revokeRefreshToken on")
    skipped, ignored = ledger.rest(_KEYCLOAK_NOT_MODELLED)
    return ledger.imported("Keycloak realm export", "keycloak-default", settings, skipped, ignored)


def _auth0_object(application: object) -> tuple[Mapping[str, Any], tuple[str, ...]]:
    """The ``refresh_token`` object, and the client's other top-level fields (ignored)."""
    data = json_object(application, "application")
    if "refresh_token" in data:
        return json_object(data["refresh_token"], "refresh_token"), tuple(
            sorted(n for n in data if n != "refresh_token")
        )
    return data, ()


def from_auth0(application: object) -> Imported:
    """Read an Auth0 application's refresh-token settings (see the module docstring).

    Raises:
        ConfigError: not a JSON object, or a field has a wrong type or value.
    """
    data, outer = _auth0_object(application)
    ledger = Ledger(data, AUTH0_DEFAULTS)
    rotating = ledger.read(
        "rotation_type", one_of("rotating", "non-rotating"), "rotation (reuse detection family)"
    )
    expiring = ledger.read(
        "expiration_type", one_of("expiring", "non-expiring"), "refresh_token_lifetime"
    )
    overlap = ledger.read("leeway", seconds, "grace_interval")
    life = ledger.read("token_lifetime", positive, "refresh_token_lifetime")
    endless = ledger.read("infinite_token_lifetime", flag, "refresh_token_lifetime")
    idle = ledger.read("idle_token_lifetime", positive, "refresh_token_idle_lifetime")
    idle_endless = ledger.read("infinite_idle_token_lifetime", flag, "refresh_token_idle_lifetime")
    rotation = rotating == "rotating"
    if overlap and not rotation:
        ledger.overrule("leeway", "ignored: the overlap period applies only to rotating tokens")
    limited = expiring == "expiring"
    settings: dict[str, object] = {
        "rotation": rotation,
        "reuse_detection": "family" if rotation else "none",
        "grace_interval": float(overlap) if rotation else 0.0,
        "refresh_token_lifetime": life if limited and not endless else _TEN_YEARS,
        "refresh_token_idle_lifetime": idle if limited and not idle_endless else 0,
    }
    skipped, ignored = ledger.rest(_AUTH0_NOT_MODELLED)
    ignored = tuple(sorted((*ignored, *outer)))
    return ledger.imported("Auth0 application", "auth0-spa", settings, skipped, ignored)


def read_export(data: object) -> Imported:
    """Read either format, told apart by its fields.

    A realm has ``accessTokenLifespan`` or ``realm``; an Auth0 application has
    ``refresh_token``, ``rotation_type`` or ``expiration_type``.

    Raises:
        ConfigError: neither format's fields are there, or a field is wrong.
    """
    document = json_object(data, "export")
    if any(name in document for name in ("refresh_token", "rotation_type", "expiration_type")):
        return from_auth0(document)
    if any(name in document for name in ("realm", *KEYCLOAK_DEFAULTS)):
        return from_keycloak(document)
    raise ConfigError(
        "export",
        sorted(document)[:5],
        "a Keycloak realm export (accessTokenLifespan, realm, ...) or an Auth0 application "
        "(refresh_token, rotation_type, ...)",
    )
