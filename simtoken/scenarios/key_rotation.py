"""``key-rotation``: the auth server changes its signing key and the APIs' JWKS cache lags (K1).

Covers: signing-key rotation (new ``kid``; the old key stays published for ``key_overlap``)
against APIs that cache the JWKS for ``jwks_cache_ttl`` seconds. PyJWKClient caches for
300 s by default; one reported deployment refreshed only hourly
(failure mode K1 in ``docs/failure-modes.md``: PyJWT's ``jwt/jwks_client.py`` [pyjwt],
[gitlab craig#981]; keys and links in ``docs/bibliography.md``).
An API that does not know a token's ``kid`` either waits for its cache to expire, or re-fetches
at once (throttled to one fetch per ``jwks_refetch_interval``), as PyJWKClient does on a ``kid``
miss. Publishing the next key ahead of its use (``key_prepublish``), as Auth0 and Okta do
[A-keys; O-keys], avoids the problem even for an API that never re-fetches early.

Story: five users work through a day; the auth server rotates its RS256 key every 4 hours;
the API caches the JWKS for an hour and, by default here, does *not* re-fetch on an unknown
``kid``. Then ``--set jwks_refetch=true``, or ``--set key_prepublish=3600``.

Expected outcome: without the re-fetch, every rotation opens an outage: the users' fresh
tokens are refused as ``unknown_key`` until the API's copy expires (``key_outage_s`` > 0,
availability below 1, up to one cache TTL per rotation). With ``jwks_refetch=true`` the first
unknown ``kid`` triggers a fetch and the request succeeds: ``key_outage_s`` 0, no
``unknown_key`` rejections, and no extra load (the early fetch restarts the cache's clock).
With the next key published an hour (one TTL) ahead, the cache already holds it: no outage
either. Tokens signed with the old key keep working throughout (the overlap is a day).
"""

from __future__ import annotations

from simtoken.config.run import RunConfig
from simtoken.scenarios.base import Scenario

__all__ = ["KEY_ROTATION"]

KEY_ROTATION = Scenario(
    name="key-rotation",
    summary="Signing-key rotation vs the APIs' JWKS cache: outage without re-fetch (K1)",
    description=__doc__ or "",
    defaults=RunConfig(
        clients=5,
        key_rotation_interval=14_400.0,
        jwks_cache_ttl=3_600.0,
        jwks_refetch=False,
    ),
)
