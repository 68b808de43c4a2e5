"""The auditor's single sign-on rules: silent sign-ins need a live IdP session.

A referee for single sign-on and single logout: no app is signed in silently without a live
IdP session, and no app keeps refreshing after it took a logout notice. These are the rules of
:mod:`simtoken.record.audit` that single sign-on and single logout add, checked on any result
document:

============================ ===============================================================
violation kind               rule
============================ ===============================================================
``silent_without_session``   a ``silent_sign_in`` rides a live IdP session: its app's
                             ``prompt=none`` authorization naming the session was accepted
                             at or before it, and neither after the session ended
                             (``idp_logout``) nor at or after its ``session_expires``
``notice_without_logout``    an app takes a logout notice (``logout_notice``) only for an IdP
                             session the auth server ended before (``idp_logout``)
``refresh_after_notice``     after an app took a logout notice it has forgotten its tokens:
                             it never again sends, and no server accepts from it, a refresh
                             with a refresh token issued to it before the notice
============================ ===============================================================
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["SSO_VIOLATIONS", "sso_violations"]

SSO_VIOLATIONS = ("silent_without_session", "notice_without_logout", "refresh_after_notice")

Event = Mapping[str, Any]
Broken = tuple[str, float, str]


def sso_violations(events: Sequence[Event]) -> list[Broken]:
    """(kind, t, detail) of every broken single sign-on rule (see the module docstring)."""
    ended = {e["idp_session"]: e["t"] for e in events if e.get("kind") == "idp_logout"}
    found = _silent(events, ended) + _notices(events, ended)
    return found + _refreshes(events)


def _silent(events: Sequence[Event], ended: Mapping[str, float]) -> list[Broken]:
    """A silent sign-in needs its accepted ``prompt=none`` authorization of a live session."""
    requests: dict[int, Event] = {}
    authorized: dict[tuple[str, str], float] = {}
    found: list[Broken] = []
    for e in events:
        kind = e.get("kind")
        if kind == "request" and e.get("endpoint") == "authorize":
            requests[e["request_id"]] = e
        elif kind == "accepted" and e["request_id"] in requests:
            params = requests[e["request_id"]].get("params", {})
            if params.get("prompt") == "none":
                authorized[(params.get("client_id", ""), params.get("idp_session", ""))] = e["t"]
        elif kind == "silent_sign_in":
            at = authorized.get((e["client_id"], e["idp_session"]))
            end = ended.get(e["idp_session"])
            if at is None or at > e["t"] or at >= e["session_expires"] or (end and end <= at):
                when = "never" if at is None else f"at {at:g}"
                detail = (
                    f"{e['actor']} signed in silently through IdP session {e['idp_session']}, "
                    f"authorized {when}, ended {end if end is not None else 'never'}, "
                    f"expiring {e['session_expires']:g}"
                )
                found.append(("silent_without_session", e["t"], detail))
    return found


def _notices(events: Sequence[Event], ended: Mapping[str, float]) -> list[Broken]:
    """A logout notice follows the end of the IdP session it names."""
    found: list[Broken] = []
    for e in events:
        if e.get("kind") != "logout_notice":
            continue
        end = ended.get(e["idp_session"])
        if end is None or end > e["t"]:
            detail = (
                f"{e['actor']} took a {e['channel']} notice for a live session {e['idp_session']}"
            )
            found.append(("notice_without_logout", e["t"], detail))
    return found


def _refreshes(events: Sequence[Event]) -> list[Broken]:
    """No refresh by an app with a refresh token it held before it took a logout notice."""
    noticed: dict[str, float] = {}
    issued: dict[str, tuple[str, float]] = {}
    found: list[Broken] = []
    for e in events:
        kind = e.get("kind")
        if kind == "issued" and e.get("token_type") == "refresh":
            issued[e["token"]] = (e["holder"], e["t"])
        elif kind == "logout_notice":
            noticed.setdefault(e["actor"], e["t"])
        elif kind == "request" and e.get("endpoint") == "refresh":
            holder, minted = issued.get(e.get("token") or "", ("", 0.0))
            at = noticed.get(e["actor"])
            if at is not None and e["t"] > at and holder == e["actor"] and minted <= at:
                detail = f"{e['actor']} refreshed at {e['t']:g} after its logout notice at {at:g}"
                found.append(("refresh_after_notice", e["t"], detail))
    return found
