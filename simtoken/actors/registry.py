"""The client registry: what the auth server knows about each client, and who is calling now.

Before a client can ask for tokens it is *registered* (RFC 6749 §2): the auth server gives it a
``client_id``, records its type (public or confidential, §2.1), gives a confidential client a
secret (§2.3.1), and decides what it may ever get: its grant types (a user's app logs users in
and refreshes; a background worker uses the client-credentials grant, §4.4) and the scopes it
may be granted (a scope it asks for beyond them is dropped, §3.3). A
:class:`Registration` is that record; the :class:`Registry` answers, for each token request,
*who is calling* (:meth:`Registry.caller`): the client it names, and whether it proved it.

* A request that names no client (``client_id``, or client authentication) is taken to come
  from its sender; a sender nobody registered is a public client of that name (simtoken's
  presenters and forgers are such anonymous callers).
* A request that names a **confidential** client must carry that client's secret, by either
  method (:mod:`simtoken.jose.client_auth`); without it, or with a wrong one, it is refused
  ``invalid_client`` with status 401 (RFC 6749 §5.2), whatever else it asks.
* A secret presented for a public or an unknown client is refused the same way: there is no
  secret to check it against.

The secrets stay on the clients' servers: the attacker (:mod:`simtoken.actors.attacker`), who
steals from the browser or the device, never has one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from simtoken._records import quick_init
from simtoken.actors.frontchannel import redirect_uri
from simtoken.actors.network import Message, Response
from simtoken.config.run import RunConfig
from simtoken.jose.client_auth import (
    ClientAuthMethod,
    ClientType,
    client_secret,
    credentials_params,
    presented_credentials,
    same_secret,
)
from simtoken.jose.scopes import OFFLINE_ACCESS, OPENID, scope_names
from simtoken.names import user_apps
from simtoken.record.reasons import ServerReason

__all__ = ["USER_GRANTS", "Caller", "Registration", "Registry", "app_names"]

USER_GRANTS = frozenset({"login", "authorization_code", "refresh_token"})
"""What a user's app does at the auth server: log its user in (in one ``login`` request, or by
redeeming an authorization code), refresh."""


@dataclass(frozen=True)
class Registration:
    """One registered client: its id, type, secret, grant types and the scopes it may get."""

    client_id: str
    client_type: ClientType = "public"
    secret: str | None = field(default=None, repr=False)
    """The client secret (confidential clients only)."""
    grant_types: frozenset[str] = USER_GRANTS
    allowed_scope: tuple[str, ...] | None = None
    """The scope-tokens it may be granted (None: whatever it asks for)."""
    redirect_uris: tuple[str, ...] = ()
    """Where the authorization endpoint may send its responses (RFC 6749 §3.1.2.2; none: the
    client cannot use the authorization endpoint, like a worker)."""

    def allow(self, requested: Iterable[str]) -> tuple[str, ...]:
        """The requested scope-tokens this client may be granted, in the order asked."""
        allowed = self.allowed_scope
        return tuple(t for t in requested if allowed is None or t in allowed)


@quick_init
@dataclass(frozen=True, slots=True)
class Caller:
    """Who a token request comes from: the client it names and whether it proved it."""

    registration: Registration
    named: bool
    """The request named its client (``client_id`` or client authentication)."""
    authenticated: bool
    """The request carried the client's secret, and it was the right one."""

    @property
    def client_id(self) -> str:
        """The calling client's id."""
        return self.registration.client_id


class Registry:
    """Every registered client, by ``client_id``."""

    def __init__(self, registrations: Iterable[Registration] = ()) -> None:
        self.clients: dict[str, Registration] = {r.client_id: r for r in registrations}
        self._unregistered: dict[str, Registration] = {}  # one record per unknown client

    @classmethod
    def of_run(
        cls, config: RunConfig, seed: int, apps: Iterable[str], workers: Iterable[str]
    ) -> Registry:
        """The clients of a run: the users' apps (of ``client_type``) and the workers.

        An app registers the redirect URI of its kind (``app_kind``,
        :func:`~simtoken.actors.frontchannel.redirect_uri`); a worker none.

        Each may be granted ``openid``, ``offline_access`` (not a worker: it has no user to be
        offline for) and, when the APIs have operations, the scopes of ``allowed_operations``
        at every API; a confidential client's secret is derived from the seed
        (:func:`~simtoken.jose.client_auth.client_secret`).
        """
        allowed = config.allowed_operations if config.operations else ()
        api_scopes = scope_names(config.audiences, allowed)
        confidential = config.client_type == "confidential"
        registrations = [
            Registration(
                app,
                config.client_type,
                client_secret(seed, app) if confidential else None,
                USER_GRANTS,
                (OPENID, OFFLINE_ACCESS, *api_scopes),
                (redirect_uri(config.app_kind),),
            )
            for app in apps
        ]
        registrations += [
            Registration(
                worker,
                "confidential",
                client_secret(seed, worker),
                frozenset({"client_credentials"}),
                api_scopes,
            )
            for worker in workers
        ]
        return cls(registrations)

    def credentials(self, client_id: str, method: ClientAuthMethod) -> dict[str, str]:
        """What the token requests of ``client_id`` carry to name or authenticate it.

        A client without a secret (a public one) names itself (``client_id``, RFC 6749
        §3.2.1); a confidential one authenticates by ``method``.
        """
        secret = self.get(client_id).secret
        if secret is None:
            return {"client_id": client_id}
        return credentials_params(client_id, secret, method)

    def add(self, registration: Registration) -> None:
        """Register a client (what a developer does once, by hand), replacing any earlier one."""
        self.clients[registration.client_id] = registration

    def get(self, client_id: str) -> Registration:
        """The registration of ``client_id``; an unknown one is an unregistered public client."""
        found = self.clients.get(client_id)
        if found is not None:
            return found
        unknown = self._unregistered.get(client_id)
        if unknown is None:
            unknown = self._unregistered[client_id] = Registration(client_id)
        return unknown

    def caller(self, message: Message) -> Caller | Response:
        """Who sent ``message`` (see the module docstring), or the ``invalid_client`` refusal."""
        try:
            client_id, secret = presented_credentials(message.params)
        except ValueError as exc:
            return _invalid_client(str(exc))
        registration = self.get(client_id or message.sender)
        if secret is None:
            if registration.client_type == "confidential":
                return _invalid_client(f"{registration.client_id} must authenticate")
            return Caller(registration, named=client_id is not None, authenticated=False)
        if registration.secret is None or not same_secret(secret, registration.secret):
            return _invalid_client(f"Client authentication of {registration.client_id} failed")
        return Caller(registration, named=True, authenticated=True)


def _invalid_client(detail: str) -> Response:
    return Response(401, ServerReason.INVALID_CLIENT, detail)


def app_names(config: RunConfig) -> list[str]:
    """Every user's apps' ``client_id`` values (an app's tabs share it).

    ``client-1`` ..., or with several apps per user ``client-1.app-1`` ...
    (:func:`simtoken.names.user_apps`).
    """
    return [app for i in range(1, config.clients + 1) for app in user_apps(i, config.apps)]
