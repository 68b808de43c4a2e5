"""Names: the simulated deployment's addresses and actor names, shared by every layer.

A simulation needs a world with fixed names, like a stage play needs its cast list: the auth
server's issuer URL and token endpoint, the API's audience, and the names actors carry in every
trace. They live here, at the bottom of the package, so that tokens, forgeries, policies,
records, pictures and the command line all agree without importing one another.
"""

from __future__ import annotations

import functools
from urllib.parse import urlsplit

__all__ = [
    "ATTACKER",
    "AUTH_SERVER",
    "DEFAULT_AUDIENCE",
    "ISSUER",
    "TOKEN_URL",
    "api_url",
    "server_name",
    "user_apps",
]

ISSUER = "https://as.example"
"""The auth server's issuer (``iss`` of every token it mints)."""
DEFAULT_AUDIENCE = "https://api.example"
"""The API's audience (``aud``) unless a run names others."""
TOKEN_URL = f"{ISSUER}/oauth/token"
"""The auth server's token endpoint (what DPoP proofs for login and refresh name as ``htu``)."""

AUTH_SERVER = "auth-server"
"""The auth server's actor name in every trace."""
ATTACKER = "attacker"
"""The attacker's actor name in every trace."""


@functools.lru_cache(maxsize=256)
def server_name(audience: str) -> str:
    """The actor (network) name of the API of ``audience``: its host and path, or the name.

    ``https://api.example`` is ``api.example``; two APIs on one host keep their paths apart
    (``https://api.example/a`` is ``api.example/a``), so each gets its own calls.
    """
    parts = urlsplit(audience)
    return (parts.hostname or "") + parts.path.rstrip("/") if parts.hostname else audience


def api_url(audience: str) -> str:
    """The URL a client calls at the API of ``audience`` (a DPoP proof's ``htu``)."""
    return audience.rstrip("/") + "/data"


def user_apps(user: int, apps: int) -> list[str]:
    """User number ``user``'s apps (their ``client_id``): ``client-N``, or ``client-N.app-K``.

    >>> user_apps(1, 1), user_apps(2, 2)
    (['client-1'], ['client-2.app-1', 'client-2.app-2'])
    """
    if apps == 1:
        return [f"client-{user}"]
    return [f"client-{user}.app-{k}" for k in range(1, apps + 1)]
