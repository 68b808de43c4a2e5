"""``scopes``: least privilege: the same theft, against an app that asked for less.

Covers: scopes (RFC 6749 §3.3) carried in the access token's ``scope`` claim (RFC 9068 §2.2.3),
APIs that check them per operation and answer a valid token of too narrow a scope with 403
``insufficient_scope`` (RFC 6750 §3.1), and least privilege: a client that asks only for what
it needs hands a thief only that (RFC 9700 §2.3 restricts privileges "to the minimum
required"). With RFC 8707 resource indicators each token is also downscoped to its API.

Story: the API offers three operations, ``read`` (GET), ``write`` (POST) and ``delete``
(DELETE), each needing its scope (``api.example:read`` ...). The user's app is a dashboard: it
only reads, so it asks only for ``api.example:read`` (``client_operations=read``). An hour
into a two-hour session a cross-site script copies its tokens from web storage and uses them
at once, trying every operation, one drawn at random per call, and refreshing ahead of expiry
as a thief does. The API accepts its reads and refuses every write and delete.

Expected outcome: let N be the attacker's API calls, N_read, N_write, N_delete those asking for
each operation (N ≈ (horizon - theft_at) / attacker_interval, plus the calls made right after
each refresh). With ``client_operations=read``: ``attacker_api_calls`` = N_read,
``attacker_api_calls_by_scope`` = {``api.example:read``: N_read}, ``attacker_scope_refusals`` =
{``api.example:delete``: N_delete, ``api.example:write``: N_write}, and ``rejections`` counts
``insufficient_scope`` N_write + N_delete times. With ``--set
client_operations=read,write,delete`` (an app that asked for everything) the *same* N calls
(the attacker's timing and choices come from its own generators) are all accepted:
``attacker_api_calls`` = N, one count per scope, no refusals. The user's calls succeed in both
(``victim_availability`` 1.0): the app only calls what it asked for.
"""

from __future__ import annotations

from simtoken.config.run import RunConfig
from simtoken.scenarios.base import Scenario

__all__ = ["SCOPES"]

SCOPES = Scenario(
    name="scopes",
    summary="Least privilege: a stolen read-only token reads, and every write or delete gets 403",
    description=__doc__ or "",
    defaults=RunConfig(
        horizon=2 * 3600.0,
        theft_vector="xss",
        theft_at=3600.0,
        operations=("read", "write", "delete"),
        client_operations=("read",),
    ),
)
