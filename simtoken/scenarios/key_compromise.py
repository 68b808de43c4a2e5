"""``key-compromise``: the auth server's signing key leaks; an emergency rotation answers it.

Covers: key compromise (:mod:`simtoken.actors.compromise`). At ``key_leak_at`` the attacker
obtains the auth server's current private signing key (``key_leaked``) and signs its own access
token with it: ``sub`` ``admin``, an ``exp`` 30 days away (``forged``, attack
``key_compromise``); no verifier can tell it from a real one, so the API accepts it every
``attacker_interval`` seconds on average. At ``emergency_rotation_at`` the operator rotates in an
emergency (``key_rotated``): a new key (its own derivation purpose, ``emergency``), the leaked
key out of the JWKS at once, and every grant one of whose tokens the leaked key signed revoked
(``revoke_on_compromise``, reason ``key_compromise``). The API still trusts the leaked key until
it re-fetches the JWKS: when its cached copy is ``jwks_cache_ttl`` old, or at once on an unknown
``kid`` with ``jwks_refetch`` (throttled to one fetch per ``jwks_refetch_interval``).

Story: five users work through a 12-hour day; the API caches the JWKS for an hour and, here,
does *not* re-fetch on an unknown ``kid``. The key leaks one hour in; the operator notices and
rotates at 2 h 30 min. Then ``--set jwks_refetch=true``, or a longer ``jwks_cache_ttl``.

Expected outcome: the thief's token is accepted from ``key_leak_at`` until the API's copy of the
JWKS that still lists the leaked key expires: ``forged_after_rotation_s`` < T + 2 x ``latency``
with T = ``jwks_cache_ttl`` (the copy was fetched at the latest at the rotation, and a re-fetch
in flight takes a round trip), and ``forged_window_s`` <
``emergency_rotation_at`` - ``key_leak_at`` + T + 2 x ``latency``. Seed 7: 20 forged requests
accepted over 7,031.9 s, the last 1,632.0 s after the rotation (T = 3,600 s). With
``jwks_refetch=true`` the first user token signed by the new key makes the API re-fetch: 18
accepted, none after the rotation. Every user's grant was signed by the leaked key, so all 5 are
revoked and all 5 users log in again (``users_forced_to_log_in``); without the re-fetch their new
tokens meet the same stale cache (``key_outage_s`` 1,919 s, failure mode K1).
``attacker_access_s`` stays 0 (it measures *stolen* tokens): the thief's accepted calls are
``attacker_api_calls`` and ``forged_accepted``, and the auditor reports each as an
``unissued_token``.
"""

from __future__ import annotations

from simtoken.config.run import RunConfig
from simtoken.scenarios.base import Scenario

__all__ = ["KEY_COMPROMISE"]

KEY_COMPROMISE = Scenario(
    name="key-compromise",
    summary="The signing key leaks; forged tokens work until the APIs' JWKS cache drops the key",
    description=__doc__ or "",
    defaults=RunConfig(
        clients=5,
        horizon=43_200.0,
        key_leak_at=3_600.0,
        emergency_rotation_at=9_000.0,
        jwks_cache_ttl=3_600.0,
        jwks_refetch=False,
        attacker_interval=300.0,
    ),
)
