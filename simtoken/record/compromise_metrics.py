"""Key-compromise metrics: how long forged tokens worked, and what the rotation cost the users.

When the signing key leaks (``key_leak_at``, :mod:`simtoken.actors.compromise`), the attacker's
own tokens pass every check, so the question is no longer *whether* they are accepted but *for
how long*. Three numbers answer it, from the trace alone:

* ``forged_window_s``: from the first to the last ``accepted`` outcome of a request noted
  ``forged:...`` (any forged token: the key thief's, or a forgery a weakness let in), in
  seconds; None if no forged request was accepted. A window, not a count: ``forged_accepted``
  counts those requests.
* ``forged_after_rotation_s``: seconds from the emergency rotation (the ``key_rotated`` event)
  to the last accepted forged request, 0 if none was accepted after it; None without an
  emergency rotation. The APIs accept the leaked key until they re-fetch the JWKS, so it is
  below ``jwks_cache_ttl`` (plus the network's latency), and shorter when ``jwks_refetch``
  makes an API re-fetch at the first token signed by the new key.
* ``users_forced_to_log_in``: the users who logged in interactively after the emergency
  rotation because a refresh token the leaked key had signed was refused (a ``login`` of
  reason ``refresh_failed`` whose app's last refresh presented such a token: ``revoked`` with
  ``revoke_on_compromise``, ``unknown_key`` without, as the leaked key left the auth server's
  keys either way). A user who never came back before the horizon is not counted.
"""

from __future__ import annotations

from typing import Any

import jwt

from simtoken.config.run import RunConfig
from simtoken.record.events import Accepted, KeyRotated, Login, Request
from simtoken.record.reasons import LoginReason
from simtoken.record.trace import Trace

__all__ = ["compromise_metrics", "reads_kids"]

_FORGED = "forged:"


def reads_kids(config: RunConfig) -> bool:
    """Whether these metrics read a token's ``kid``: only after a key leak (``key_leak_at``)."""
    return config.key_leak_at > 0


def _kid(token: str | None) -> str | None:
    """The ``kid`` in a token's header, if it has one that parses."""
    try:
        kid = jwt.get_unverified_header(token or "").get("kid")
    except jwt.PyJWTError:
        return None
    return kid if isinstance(kid, str) else None


def compromise_metrics(trace: Trace) -> dict[str, Any]:
    """``forged_window_s``, ``forged_after_rotation_s``, ``users_forced_to_log_in``."""
    forged = {e.request_id for e in trace.only(Request) if e.note.startswith(_FORGED)}
    accepted = (  # each after its request
        [e.t for e in trace.only(Accepted) if e.request_id in forged] if forged else []
    )
    rotation = next(iter(trace.only(KeyRotated)), None)
    forced = _forced(trace) if rotation is not None else set()
    after: float | None = None
    if rotation is not None:
        late = [t - rotation.t for t in accepted if t >= rotation.t]
        after = round(max(late, default=0.0), 6)
    return {
        "forged_window_s": round(accepted[-1] - accepted[0], 6) if accepted else None,
        "forged_after_rotation_s": after,
        "users_forced_to_log_in": len(forced),
    }


def _forced(trace: Trace) -> set[str]:
    """Users whose refresh failed after the first emergency rotation, their token's key leaked."""
    rotation: KeyRotated | None = None
    last_refresh: dict[str, str | None] = {}
    forced: set[str] = set()
    for e in trace.only(Request, KeyRotated, Login):
        if isinstance(e, Request):
            if e.endpoint == "refresh" and not e.note.startswith(_FORGED):
                last_refresh[e.actor] = e.token
        elif isinstance(e, KeyRotated) and rotation is None:
            rotation = e
        elif (
            isinstance(e, Login)
            and rotation is not None
            and e.reason == LoginReason.REFRESH_FAILED
            and _kid(last_refresh.get(e.actor)) == rotation.leaked_kid
        ):
            forced.add(e.user)
    return forced
