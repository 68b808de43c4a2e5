"""Client authentication: how a confidential client proves at the token endpoint that it is itself.

OAuth has two kinds of clients (RFC 6749 §2.1). A **public** client (a single-page app, a mobile
app) runs where its user, and anything in its page, can read its code and memory: it cannot
keep a secret, so it only *names* itself (``client_id``, §3.2.1). A **confidential** client (a
web server, a backend-for-frontend, a background worker) runs on a server and keeps a
``client_secret`` there, which it shows with every token request (§2.3.1):

* ``client_secret_basic``: HTTP Basic authentication, ``Authorization: Basic
  base64(client_id ":" client_secret)``, each half form-urlencoded first (RFC 6749 §2.3.1,
  Appendix B; RFC 7617 §2); the method every auth server must support;
* ``client_secret_post``: the two as form parameters ``client_id`` and ``client_secret``.

A request must not use both (RFC 6749 §2.3). Everything the token endpoint does for a
confidential client (a login's code redemption, §4.1.3; a refresh, §6; the client-credentials
grant, §4.4.2) needs the secret, so a thief who copied its refresh token from the browser but
cannot reach its server gets ``invalid_client`` (§5.2).

simtoken has no HTTP headers: a request's ``authorization`` parameter stands for the header.
Each secret is *derived from the run's seed* (:func:`client_secret`), like every key
(:mod:`simtoken.jose.keys`), from ``simtoken/client-secret/{seed}/{client_id}``: a prefix no
key's derivation input has, so no secret is ever a key. Anyone who knows the seed knows the
secrets, by design, as with the keys: never use one outside the simulator.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from collections.abc import Mapping
from typing import Literal
from urllib.parse import quote_plus, unquote_plus

__all__ = [
    "ClientAuthMethod",
    "ClientType",
    "client_secret",
    "credentials_params",
    "presented_credentials",
    "same_secret",
]

ClientType = Literal["public", "confidential"]
"""Whether a client can keep a secret (RFC 6749 §2.1)."""

ClientAuthMethod = Literal["client_secret_basic", "client_secret_post"]
"""How a confidential client sends its secret (RFC 6749 §2.3.1; OpenID Connect Core §9)."""


def client_secret(seed: int, client_id: str) -> str:
    """The secret of ``client_id`` in the run of ``seed``: 256 bits, base64url, no padding.

    >>> client_secret(7, "worker-1") == client_secret(7, "worker-1") != client_secret(8, "worker-1")
    True
    """
    digest = hashlib.sha256(f"simtoken/client-secret/{seed}/{client_id}".encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def credentials_params(client_id: str, secret: str, method: ClientAuthMethod) -> dict[str, str]:
    """The request parameters that authenticate ``client_id`` with ``secret`` by ``method``.

    >>> credentials_params("app 1", "s:cret", "client_secret_basic")
    {'authorization': 'Basic YXBwKzE6cyUzQWNyZXQ='}
    """
    if method == "client_secret_post":
        return {"client_id": client_id, "client_secret": secret}
    pair = f"{quote_plus(client_id)}:{quote_plus(secret)}".encode()
    return {"authorization": "Basic " + base64.b64encode(pair).decode("ascii")}


def presented_credentials(params: Mapping[str, str]) -> tuple[str | None, str | None]:
    """The (client_id, secret) a request presents, by either method; (None, None) for none.

    A request that names its ``client_id`` without a secret (a public client) gives
    ``(client_id, None)``. :class:`ValueError` for a malformed ``Basic`` value, for two methods at
    once, or for a ``client_id`` parameter that contradicts the ``Basic`` one (RFC 6749 §2.3).

    >>> presented_credentials(credentials_params("app 1", "s:cret", "client_secret_basic"))
    ('app 1', 's:cret')
    >>> presented_credentials({"client_id": "spa"})
    ('spa', None)
    """
    named = params.get("client_id")
    posted = params.get("client_secret")
    header = params.get("authorization")
    if header is None:
        return named, posted
    if posted is not None:
        raise ValueError("more than one client authentication method (RFC 6749 §2.3)")
    scheme, _, encoded = header.partition(" ")
    try:
        if scheme.lower() != "basic":
            raise ValueError
        decoded = base64.b64decode(encoded, validate=True).decode("utf-8")
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise ValueError("a malformed Basic authorization (RFC 7617 §2)") from None
    user, colon, password = decoded.partition(":")
    if not colon:
        raise ValueError("a Basic authorization without ':' (RFC 7617 §2)")
    client_id, secret = unquote_plus(user), unquote_plus(password)
    if named is not None and named != client_id:
        raise ValueError("client_id differs from the one in the Basic authorization")
    return client_id, secret


def same_secret(presented: str, expected: str) -> bool:
    """Whether two secrets are equal, compared in constant time (:func:`hmac.compare_digest`)."""
    return hmac.compare_digest(presented.encode(), expected.encode())
