"""The trace: a run's ordered list of events, and its exports.

A trace is like a flight recorder: it keeps everything that happened, in order, and nothing
else. It exports to JSON (full token strings), to a list of table rows with fixed columns, to a
pandas DataFrame when pandas is installed, and to an aligned text table for terminals and
notebooks (tokens shortened there so rows fit on a screen).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any, TypeVar, overload

from simtoken._text import text_table
from simtoken.record.detection_events import detection_gist
from simtoken.record.events import Accepted, Event, KeyLeaked, KeyRotated, Lost, Rejected, Request

__all__ = ["TABLE_COLUMNS", "Outcome", "Trace", "flow_gist", "key_gist", "sso_gist"]

TABLE_COLUMNS = ("t", "kind", "actor", "target", "request_id", "info", "token")
"""Columns of :meth:`Trace.to_table`; fields an event lacks are empty.

``target`` is whom the event concerns (the receiver of a request, the user logging in, the
holder of an issued token, the app a code is for, the receiver of a redirect, the cookie a
browser blocked); ``info`` is its one-word gist (the endpoint of a request, with the operation
it asks an API for, or the grant or response type of a token or authorization request (``api
write``, ``token authorization_code``), the reason of a rejection or login, the type of an
issued token, ``ok``/``failed`` for a call, whether a redirect was taken or dropped, how a
single sign-on or a logout notice came, ``send: samesite`` for a cookie kept off a request).
"""


_E = TypeVar("_E", bound=Event)

Outcome = Accepted | Rejected | Lost
"""The one outcome every request has: accepted, rejected or lost (same ``request_id``)."""


def _row(e: Event) -> dict[str, Any]:
    d = e.to_dict()
    kind = e.kind
    if kind == "request":  # an API's operation, a flow's grant or response type, if named
        asked = d.get("operation") or d.get("grant_type")
        info = d["endpoint"] + (
            flow_gist(d["params"]) if d.get("params") else (f" {asked}" if asked else "")
        )
        info += f" ({d['note']})" if d.get("note") else ""
    elif kind == "code_issued":
        method = d["code_challenge_method"]
        info = f"code for {d['user']}" + (f", PKCE {method}" if method else ", no PKCE")
        d["target"] = d["client_id"]
    elif kind == "redirect":
        info = f"dropped: {d['refused']}" if d["refused"] else "taken"
        d["target"] = d["receiver"]
    elif kind in _SSO_KINDS:
        info, d["target"] = _sso_info(d), d["user"]
    elif kind in ("rejected", "login"):
        info = d["reason"]
    elif kind == "issued":
        info = f"{d['token_type']} token"
        d["target"] = d["holder"]
    elif kind == "call":
        info = "ok" if d["ok"] else "failed"
    elif kind == "reuse_detected":
        info = f"generation {d['generation']}"
        d["target"] = d["presenter"]
    elif kind == "revoked":
        info = d["reason"]
        d["target"] = d["user"]
    elif kind == "forged":
        info = d["attack"]
    elif kind in ("key_leaked", "key_rotated"):
        info = key_gist(e) or ""
    elif kind in ("stolen", "theft_failed"):
        info = d["vector"] + (f" ({d['token_type']} token)" if kind == "stolen" else "")
        d["target"] = d["victim"]
    elif kind == "cookie_blocked":
        info = f"{d['action']}: {d['rule']}"
        d["target"] = d["cookie"]
    elif kind in ("alert", "remediated"):
        info, d["target"] = detection_gist(e) or "", d["user"]
    else:
        info = ""
    if kind == "login":
        d["target"] = d["user"]
    d["info"] = info
    return {c: "" if d.get(c) is None else d.get(c, "") for c in TABLE_COLUMNS}


_SSO_KINDS = ("silent_sign_in", "idp_logout", "logout_notice")


def key_gist(e: Event | None) -> str | None:
    """A key's leak or emergency rotation in words (a diagram's note); None for other kinds."""
    if isinstance(e, KeyLeaked):
        return f"key_leaked: the auth server's private key {e.kid[:6]} ({e.algorithm})"
    if isinstance(e, KeyRotated):
        return (
            f"emergency rotation: key {e.leaked_kid[:6]} out of the JWKS, {e.new_kid[:6]} signs"
            f", {e.revoked} sessions revoked"
        )
    return None


def sso_gist(e: Event | None) -> str | None:
    """A single sign-on or logout event in words (a diagram's note); None for other kinds."""
    if e is None or e.kind not in _SSO_KINDS:
        return None
    d = e.to_dict()
    sid = d["idp_session"][:6]
    if e.kind == "silent_sign_in":
        return f"{d['user']} signed in silently ({d['reason']}) through IdP session {sid}"
    if e.kind == "idp_logout":
        return f"IdP session {sid} of {d['user']} ended (apps {d['apps']})"
    return f"{d['channel']} logout notice for IdP session {sid}: tokens forgotten"


def _sso_info(d: Mapping[str, Any]) -> str:
    """The gist of a silent sign-in, an IdP logout or a logout notice."""
    if d["kind"] == "silent_sign_in":
        return f"silent ({d['reason']}), IdP session {d['idp_session'][:6]}"
    if d["kind"] == "idp_logout":
        return f"IdP session {d['idp_session'][:6]} ended, apps {d['apps']}"
    return f"{d['channel']} notice, IdP session {d['idp_session'][:6]}"


def flow_gist(params: Mapping[str, str]) -> str:
    """The gist of an authorization-flow request: its grant or response type, its prompt.

    >>> flow_gist({"response_type": "code", "prompt": "none"}), flow_gist({})
    (' code prompt=none', '')
    """
    gist = [params[k] for k in ("grant_type", "response_type") if k in params]
    gist += [f"prompt={params['prompt']}"] if "prompt" in params else []
    return "".join(f" {g}" for g in gist)


@dataclass(frozen=True)
class Trace(Sequence[Event]):
    """An immutable, time-ordered sequence of events."""

    events: tuple[Event, ...] = ()

    @overload
    def __getitem__(self, index: int) -> Event: ...
    @overload
    def __getitem__(self, index: slice) -> Trace: ...
    def __getitem__(self, index: int | slice) -> Event | Trace:
        if isinstance(index, slice):
            return Trace(self.events[index])
        return self.events[index]

    def __len__(self) -> int:
        return len(self.events)

    def __iter__(self) -> Iterator[Event]:
        return iter(self.events)

    @classmethod
    def of(cls, events: Iterable[Event]) -> Trace:
        """``events`` as a trace (the same object if it is one already)."""
        return events if isinstance(events, Trace) else cls(tuple(events))

    @cached_property
    def _exchanges(self) -> tuple[dict[int, Request], dict[int, Outcome]]:
        """Every request and every outcome of this trace by ``request_id``, indexed once."""
        requests: dict[int, Request] = {}
        outcomes: dict[int, Outcome] = {}
        for e in self.events:
            if isinstance(e, Request):
                requests[e.request_id] = e
            elif isinstance(e, Accepted | Rejected | Lost):
                outcomes[e.request_id] = e
        return requests, outcomes

    @cached_property
    def _classes(self) -> dict[type[Event], tuple[Event, ...]]:
        """The events of each class, in trace order, indexed once."""
        found: dict[type[Event], list[Event]] = {}
        for e in self.events:
            same = found.get(type(e))
            if same is None:
                found[type(e)] = [e]
            else:
                same.append(e)
        return {kind: tuple(events) for kind, events in found.items()}

    def only(self, *classes: type[_E]) -> tuple[_E, ...]:
        """The events of these (exact) classes, in trace order.

        Metrics read a long trace many times, each time for a few classes of event: the events
        of one class are looked up, not searched for.
        """
        present = [kind for kind in classes if kind in self._classes]
        if len(present) <= 1:  # one class's events, or none: no need to look
            return self._classes[present[0]] if present else ()  # type: ignore[return-value]
        wanted = frozenset(present)
        return tuple(e for e in self.events if type(e) in wanted)  # type: ignore[misc]

    def located(self, kind: type[_E]) -> list[tuple[int, _E]]:
        """The events of one class with their positions in this trace, in order."""
        if kind not in self._classes:
            return []
        return [(i, e) for i, e in enumerate(self.events) if type(e) is kind]

    def request(self, request_id: int) -> Request | None:
        """The request ``request_id``; None if it is not in this trace (a slice, say)."""
        return self._exchanges[0].get(request_id)

    def outcome(self, request_id: int) -> Outcome | None:
        """The outcome of request ``request_id``; None if it is not in this trace.

        Every request of a whole run has exactly one outcome (:mod:`simtoken.record.events`).
        """
        return self._exchanges[1].get(request_id)

    def of_kind(self, *kinds: str) -> Trace:
        """The events of the given kinds, in order."""
        return Trace(tuple(e for e in self.events if e.kind in kinds))

    def by_actor(self, actor: str) -> Trace:
        """The events of one actor, in order."""
        return Trace(tuple(e for e in self.events if e.actor == actor))

    def to_dicts(self) -> list[dict[str, Any]]:
        """Every event as a JSON-ready dict (see :meth:`simtoken.record.events.Event.to_dict`)."""
        return [e.to_dict() for e in self.events]

    def to_table(self) -> list[dict[str, Any]]:
        """One row per event with the columns in :data:`TABLE_COLUMNS`."""
        return [_row(e) for e in self.events]

    def to_dataframe(self) -> Any:
        """The table as a pandas DataFrame (pandas is an optional dependency)."""
        try:
            pd = importlib.import_module("pandas")
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise ImportError("Trace.to_dataframe needs pandas: pip install pandas") from exc
        return pd.DataFrame(self.to_table(), columns=list(TABLE_COLUMNS))

    def format_table(
        self,
        limit: int | None = None,
        token_width: int = 14,
        labels: Mapping[int, str] | None = None,
    ) -> str:
        """An aligned text table of the first ``limit`` events (all by default).

        ``labels`` maps an event's index to a text shown after its ``info``.
        """
        rows = self.to_table()
        shown = rows if limit is None else rows[:limit]
        cells = [list(TABLE_COLUMNS)]
        for i, row in enumerate(shown):
            line = []
            for col in TABLE_COLUMNS:
                value = row[col]
                if col == "t":
                    value = f"{value:.3f}"
                elif col == "info" and labels and i in labels:
                    value = f"{value} {labels[i]}"
                elif col == "token" and value and len(value) > token_width:
                    value = value[: token_width - 1] + "…"
                line.append(str(value))
            cells.append(line)
        text = text_table(cells)
        if limit is not None and len(rows) > limit:
            text += f"\n… {len(rows) - limit} more events"
        return text
