"""The cast of a run: every actor that appears on stage, in the order a diagram shows them.

Like a play's list of characters, a sequence diagram (:mod:`simtoken.record.mermaid`) names its
participants before the first line, grouped by role: the users' apps (and tabs), their browsers
(which carry the login flows' front channel: an ``authorize`` request, a ``redirect``), other
presenters (a leaked copy, a replaying service), the attacker, the auth server, then the APIs.
The network is no participant: what it drops becomes a note. Each gets a short id (``C1``,
``B1``, ``ATK``, ``AS``, ``RS1`` ...); apps and browsers in natural order (``client-2`` before
``client-10``).

>>> natural("client-10") > natural("client-2")
True
"""

from __future__ import annotations

import re

from simtoken.record.events import (
    Accepted,
    Call,
    CodeIssued,
    Issued,
    KeyLeaked,
    KeyRotated,
    Login,
    Lost,
    Redirect,
    Rejected,
    Request,
    ResponseLost,
    ReuseDetected,
    Revoked,
    Stolen,
    TheftFailed,
)
from simtoken.record.trace import Trace

__all__ = ["ROLES", "cast", "natural"]

ROLES = ("C", "B", "P", "ATK", "AS", "RS")
"""The roles, in column order: apps, browsers, presenters, attacker, auth server, APIs."""


def natural(name: str) -> tuple[tuple[str, int], ...]:
    """Sort key that puts ``client-2`` before ``client-10``."""
    return tuple((text, int(num) if num else -1) for text, num in re.findall(r"(\D*)(\d*)", name))


def _roles(events: Trace) -> dict[str, dict[str, None]]:
    """Who plays which role, in order of first appearance (see the module docstring)."""
    roles: dict[str, dict[str, None]] = {k: {} for k in (*ROLES, "net")}
    for e in events:
        if isinstance(e, Issued | CodeIssued | ReuseDetected | Revoked | KeyRotated):
            roles["AS"][e.actor] = None
        elif isinstance(e, Stolen | TheftFailed | KeyLeaked):
            roles["ATK"][e.actor] = None
        elif isinstance(e, Login | Call):
            roles["C"][e.actor] = None
        elif isinstance(e, Lost | ResponseLost):
            roles["net"][e.actor] = None
        if isinstance(e, Request):
            roles["RS" if e.endpoint == "api" else "AS"][e.target] = None
            if e.endpoint == "authorize":
                roles["B"][e.actor] = None
    named = {n for k, names in roles.items() if k != "net" for n in names}
    for e in events:
        extra = (e.actor, e.target) if isinstance(e, Request) else (e.actor,)
        if isinstance(e, Issued):
            extra = (e.holder,)
        elif isinstance(e, Redirect):
            extra = (e.actor, e.receiver) if e.receiver else (e.actor,)
        for name in extra:
            if name not in named and (name not in roles["net"] or isinstance(e, Request)):
                roles["RS" if isinstance(e, Accepted | Rejected) else "P"][name] = None
                named.add(name)
    return roles


def cast(events: Trace) -> dict[str, str]:
    """Every actor on stage, by name, with its participant id, in column order."""
    roles = _roles(events)
    servers = {**roles["ATK"], **roles["AS"]}  # an attacker or a server is never an app
    for role in ("C", "B"):
        actors = (n for n in roles[role] if n not in servers)
        roles[role] = dict.fromkeys(sorted(actors, key=natural))
    ids: dict[str, str] = {}
    for prefix in ROLES:
        names = [n for n in roles[prefix] if n not in ids]
        for i, name in enumerate(names, 1):
            single = prefix in ("ATK", "AS") and len(names) == 1
            ids[name] = prefix if single else f"{prefix}{i}"
    return ids
