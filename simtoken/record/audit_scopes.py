"""The auditor's scope rules: what a token may do, and what the token endpoint may hand out.

Three rules of :mod:`simtoken.record.audit` concern scopes and grants, checked on any result
document from its events alone (a token's ``scope`` is in its ``issued`` event, an API call's
``operation`` and a token request's ``grant_type`` in its ``request`` event):

* ``uncovered_scope``: with API ``operations``, an API accepts a call only if the access token's
  ``scope`` covers the operation's scope (``<api>:<operation>``; a call naming no operation asks
  for the first), RFC 6750 §3.1;
* ``widened_scope``: a refresh never widens scope: every token it answers with carries only
  scopes of the refresh token presented, which carries its grant's (RFC 6749 §6);
* ``refresh_for_client_credentials``: the client-credentials grant never answers with a refresh
  token (RFC 6749 §4.4.3).

The tokens a request's answer minted are the ``issued`` events recorded between the previous
outcome and its ``accepted`` (a server mints while it handles the request it then accepts).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from simtoken.config.run import RunConfig
from simtoken.jose.scopes import covers, scope_for

__all__ = ["SCOPE_VIOLATIONS", "scope_violations"]

SCOPE_VIOLATIONS = ("uncovered_scope", "widened_scope", "refresh_for_client_credentials")
"""The kinds of violation this module finds."""

Found = tuple[str, float, str]
"""One violation: its kind, its time, and what exactly."""

_OUTCOMES = ("accepted", "rejected", "lost")


def scope_violations(events: Sequence[Mapping[str, Any]], config: RunConfig) -> list[Found]:
    """Every break of this module's rules in a document's ``events``."""
    found: list[Found] = []
    requests: dict[int, Mapping[str, Any]] = {}
    issued: dict[str, Mapping[str, Any]] = {}
    minted: list[Mapping[str, Any]] = []
    for e in events:
        kind = e.get("kind")
        if kind == "request":
            requests[e["request_id"]] = e
        elif kind == "issued":
            issued[e["token"]] = e
            minted.append(e)
        elif kind in _OUTCOMES:
            answer, minted = minted, []
            request = requests.get(e["request_id"])
            if kind == "accepted" and request is not None:
                found += _check(e, request, answer, issued.get(e.get("token") or ""), config)
    return found


def _check(
    e: Mapping[str, Any],
    request: Mapping[str, Any],
    answer: list[Mapping[str, Any]],
    presented: Mapping[str, Any] | None,
    config: RunConfig,
) -> list[Found]:
    """The violations of one accepted request, given the tokens minted for its answer."""
    rid, t, endpoint = e["request_id"], e["t"], request["endpoint"]
    if endpoint == "api" and config.operations and presented is not None:
        operation = request.get("operation") or config.operations[0]
        needed = scope_for(presented["audience"], operation)
        if presented["token_type"] == "access" and not covers(presented.get("scope", ""), needed):
            detail = f"request {rid} ({operation}) accepted a token without scope {needed!r}"
            return [("uncovered_scope", t, detail)]
    if endpoint == "refresh" and presented is not None:
        allowed = set(presented.get("scope", "").split())
        for token in answer:
            wider = set(token.get("scope", "").split()) - allowed
            if wider:
                detail = (
                    f"refresh {rid} answered a {token['token_type']} token with scope "
                    f"{' '.join(sorted(wider))!r} beyond its refresh token's"
                )
                return [("widened_scope", t, detail)]
    if request.get("grant_type") == "client_credentials" and any(
        token["token_type"] == "refresh" for token in answer
    ):
        detail = f"client-credentials request {rid} was answered with a refresh token"
        return [("refresh_for_client_credentials", t, detail)]
    return []
