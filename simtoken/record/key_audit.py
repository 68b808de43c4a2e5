"""The auditor's rule for a leaked signing key: once rotated out, it stops opening doors.

After an emergency rotation (a ``key_rotated`` event at E, :mod:`simtoken.actors.compromise`)
the leaked key is out of the auth server's JWKS. Two things must then hold in any trace, checked
from the ``kid`` in the header of the token of each request an ``accepted`` outcome answers:

* the auth server accepts no refresh token signed by the leaked key at or after E (its own
  verifier holds only the published keys);
* an API accepts no token signed by the leaked key at or after E + ``jwks_cache_ttl`` +
  2 x ``latency``: its cached JWKS, fetched at the latest at E, expires within one cache
  lifetime, and a re-fetch already in flight takes one round trip to land.

A break is a ``leaked_key_accepted`` violation (:mod:`simtoken.record.audit`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import jwt

from simtoken.config.run import RunConfig

__all__ = ["KEY_VIOLATIONS", "key_violations"]

KEY_VIOLATIONS = ("leaked_key_accepted",)
"""The violation kind of this module."""

Found = tuple[str, float, str]
"""A violation: its kind, sim time and detail."""


def _kid(token: object) -> object:
    try:
        return jwt.get_unverified_header(str(token)).get("kid")
    except jwt.PyJWTError:
        return None


def key_violations(events: Sequence[Mapping[str, Any]], config: RunConfig) -> list[Found]:
    """Every acceptance of a token signed by a key after it was rotated out in an emergency."""
    found: list[Found] = []
    requests: dict[int, Mapping[str, Any]] = {}
    leaked, since = None, 0.0
    grace = config.jwks_cache_ttl + 2 * config.latency
    for e in events:
        kind = e.get("kind")
        if kind == "request":
            requests[e["request_id"]] = e
        elif kind == "key_rotated" and leaked is None:
            leaked, since = e["leaked_kid"], e["t"]
        elif kind == "accepted" and leaked is not None:
            request = requests.get(e["request_id"], {})
            endpoint = request.get("endpoint")
            late = e["t"] >= since + (grace if endpoint == "api" else 0.0)
            token = request.get("token")
            if endpoint in ("api", "refresh") and late and token and _kid(token) == leaked:
                detail = (
                    f"request {e['request_id']} ({endpoint}) was accepted with a token signed "
                    f"by the key rotated out at {since:g} s"
                )
                found.append(("leaked_key_accepted", e["t"], detail))
    return found
