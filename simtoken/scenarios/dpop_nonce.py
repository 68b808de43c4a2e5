"""``dpop-nonce``: what DPoP server nonces cost honest clients, and what they do not stop.

Covers: server-provided nonces (RFC 9449 §8 at the auth server's token endpoint: 400
``use_dpop_nonce``; §9 at a resource server: 401 with ``WWW-Authenticate: DPoP
error="use_dpop_nonce"``), the ``DPoP-Nonce`` answer header, in refusals and in successful
answers (§8.2), the client's single retry with a new proof, and the nonce's rotation (the
servers accept the current and the previous nonce, ``dpop_nonce_lifetime`` each).

Story: three users work for 8 hours with a DPoP app (an hour active, two idle, again and again;
access tokens of 5 min, refreshed when an API refuses an expired one). Each server (the auth
server, the API) draws a new nonce every L = 5 min. At t = 1 h an XSS copies the first user's
tokens *and* its DPoP key, which the app left extractable (``dpop_key_extractable``).

Expected outcome: the users' availability stays 1.0 and nobody logs in again; the price is
``nonce_retries``: each client pays one refused request per server the first time it talks to
it and whenever it comes back after the nonce it knew was retired (any gap longer than L
between its requests to that server, such as every idle period), so ``as_load_per_h`` rises by
the auth server's share of them (the requests it refused). Nonces do not stop the thief: it
signs live with the stolen key, learns the nonces like any client, and keeps the whole
access it has without nonces: ``attacker_refresh_s`` = H - t and ``attacker_access_s`` within a
second of it, as with ``--set use_dpop_nonce=false``. Nonces bound proofs made *ahead*
(``precomputed-proofs``), not a stolen key.
"""

from __future__ import annotations

from simtoken.config.run import RunConfig
from simtoken.policy.model import Policy
from simtoken.scenarios.base import Scenario

__all__ = ["DPOP_NONCE"]

DPOP_NONCE = Scenario(
    name="dpop-nonce",
    summary="DPoP server nonces: one extra round trip per server after each rotation",
    description=__doc__ or "",
    defaults=RunConfig(
        policy=Policy(sender_constraint="dpop"),
        clients=3,
        horizon=8 * 3600.0,
        theft_vector="xss",
        theft_at=3600.0,
        dpop_key_extractable=True,
        use_dpop_nonce=True,
    ),
)
