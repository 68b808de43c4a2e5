"""Diagrams: a run as a Mermaid sequence diagram, for READMEs, issues and slides.

A sequence diagram is a run's screenplay: one column per actor (each client or tab, the
attacker, the auth server, each API), time flowing down the page, and each line a message from
one actor to another. :func:`to_mermaid` writes it in Mermaid's ``sequenceDiagram`` language,
which GitHub renders inside a fenced ```` ```mermaid ```` block and most slide tools import.

What each line shows, labelled with its sim time (``t=1h02m05s``):

* a login (a note over the client), each request with what it asks (an operation, a grant
  type) and the token it carries (``AT 55cd34`` / ``RT dde08e``: the token type and the first
  characters of its ``jti``), and its outcome: ``accepted`` (with the tokens issued),
  ``rejected (reason)``, or lost in the network;
* a theft (``stolen``, ``theft_failed``) as an arrow from the attacker to the victim's client,
  and the attacker's requests with a stolen token as ``replaying stolen ...``;
* the login flows: the browser's ``authorize`` request and the code it gets (``code 1a2b3c``),
  each ``redirect`` as an arrow from the browser to the app (or attacker) it reached, and the
  code's redemption (``token authorization_code code 1a2b3c``);
* ``reuse_detected``, ``revoked``, ``idp_logout``, the detector's ``alert`` and ``remediated``,
  and an emergency key rotation (``key_rotated``) as notes over the auth server, a leaked key
  (``key_leaked``) over the attacker, failed API
  calls, silent sign-ins, logout notices and ``cookie_blocked`` cookies as notes over the app.

Successful user-level ``call`` records are left out (the request and its answer already show
them). A long run makes a long diagram: pass a time slice (``start``, ``end``) or let
``max_messages`` cut it, which ends the diagram with a note saying how many lines were omitted.

>>> from simtoken.runner import run
>>> print(to_mermaid(run("expiry", seed=7, horizon=400), max_messages=5), end="")
sequenceDiagram
    %% scenario expiry, seed 7
    participant C1 as client-1
    participant AS as auth-server
    participant RS1 as api.example
    Note over C1: t=0s user-1 logs in (first)
    C1->>AS: t=0s login
    AS-->>C1: t=0.05s accepted, issues AT 0662c4 (exp 5m)
    C1->>RS1: t=0.1s api AT 0662c4
    RS1-->>C1: t=0.15s accepted
    Note over C1,RS1: 33 more lines omitted (to t=6m11s), narrow the slice or raise max_messages
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlsplit

from simtoken.errors import ConfigError
from simtoken.record.cast import cast
from simtoken.record.detection_events import detection_gist
from simtoken.record.events import (
    Accepted,
    Call,
    CodeIssued,
    Event,
    Issued,
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
from simtoken.record.result import Result
from simtoken.record.trace import Trace, flow_gist, key_gist, sso_gist

__all__ = ["to_mermaid"]

_ESCAPES = {"#": "#35;", ";": "#59;", ":": "#58;", "<": "#60;", ">": "#62;", "%": "#37;"}


def _esc(text: str) -> str:
    """Text Mermaid can take inside a label: entity codes for its separators, one line."""
    return re.sub(r"[#;:<>%]", lambda m: _ESCAPES[m.group()], " ".join(text.split()))


def _clock(t: float) -> str:
    """A sim time for a reader: ``0.05s``, ``9.75s``, ``5m``, ``1h02m05s``, ``1d00h00m``."""
    if t < 60:
        return f"{t:.2f}".rstrip("0").rstrip(".") + "s"
    d, rest = divmod(int(t), 86_400)
    h, rest = divmod(rest, 3600)
    m, s = divmod(rest, 60)
    text = f"{d}d{h:02d}h{m:02d}m" if d else f"{h}h{m:02d}m" if h else f"{m}m"
    return text + (f"{s:02d}s" if s else "")


@dataclass
class _Script:
    """The diagram's lines as they are written, with the participants each one uses."""

    cast: dict[str, str]
    tokens: dict[str, str]
    lines: list[tuple[str, tuple[str, ...], float]] = field(default_factory=list)

    def say(self, t: float, sender: str, arrow: str, receiver: str, text: str) -> None:
        a, b = self.cast[sender], self.cast[receiver]
        self.lines.append((f"{a}{arrow}{b}: t={_clock(t)} {_esc(text)}", (a, b), t))

    def note(self, t: float, text: str, *actors: str) -> None:
        ids = tuple(dict.fromkeys(self.cast[a] for a in actors if a in self.cast))
        self.lines.append((f"Note over {','.join(ids)}: t={_clock(t)} {_esc(text)}", ids, t))

    def token(self, token: str | None) -> str:
        if token is None:
            return ""
        return self.tokens.get(token) or f"token …{token[-6:]}"


def _issued(e: Issued | CodeIssued) -> str:
    if isinstance(e, CodeIssued):
        return f"code {e.code[:6]}"
    return f"{'AT' if e.token_type == 'access' else 'RT'} {e.jti[:6]}"


def _labels(trace: Trace) -> dict[str, str]:
    """Each issued token's and code's short label, by its string."""
    tokens = {e.token: _issued(e) for e in trace if isinstance(e, Issued)}
    return tokens | {e.code: _issued(e) for e in trace if isinstance(e, CodeIssued)}


def _write(script: _Script, events: list[Event], everything: Trace) -> None:
    """Turn the events into lines (see the module docstring for what each becomes)."""
    stolen = {(e.token, e.actor): e.t for e in everything if isinstance(e, Stolen)}
    client_of: dict[str, str] = {}
    for login in (e for e in everything if isinstance(e, Login)):
        client_of.setdefault(login.user, login.actor)
    pending: list[Issued | CodeIssued] = []
    stream: list[Event | None] = [*events, None]
    for e in stream:
        if isinstance(e, Issued | CodeIssued):
            pending.append(e)
            continue
        req = (
            everything.request(e.request_id) if isinstance(e, Accepted | Rejected | Lost) else None
        )
        ours = [
            i for i in pending if isinstance(e, Accepted) and req and _to(i, req.actor) == req.actor
        ]
        for i in pending:
            if i not in ours:
                exp = f"{_issued(i)} (exp {_clock(i.expires)})"
                script.say(i.t, i.actor, "-->>", _to(i, i.actor), f"issues {exp}")
        pending = []
        if not _exchange(script, e, req, ours, stolen, everything):
            _incident(script, e, client_of)


def _to(minted: Issued | CodeIssued, asker: str) -> str:
    """Whom ``minted`` goes to: a token's holder; a code to whoever asked (the browser)."""
    return asker if isinstance(minted, CodeIssued) else minted.holder


def _exchange(
    script: _Script,
    e: Event | None,
    req: Request | None,
    ours: list[Issued | CodeIssued],
    stolen: dict[tuple[str, str], float],
    everything: Trace,
) -> bool:
    """A login, a request or its fate as a line; False if ``e`` is none of these."""
    if isinstance(e, Login):
        cause = f", {e.cause}" if e.cause else ""
        script.note(e.t, f"{e.user} logs in ({e.reason}{cause})", e.actor)
    elif isinstance(e, Request):
        asked = e.operation or flow_gist(dict(e.params)).strip() or e.grant_type
        tok = f"{e.endpoint} {asked} "  # _esc drops the extra spaces
        if stolen.get((e.token or "", e.actor), math.inf) <= e.t:
            tok += "replaying stolen "
        extra = (f" ({e.note})" if e.note else "") + (" with DPoP proof" if e.proof else "")
        params = dict(e.params)
        label = script.tokens.get(params.get("code", ""), script.token(e.token))
        script.say(e.t, e.actor, "->>", e.target, tok + label + extra)
    elif isinstance(e, Accepted) and req is not None:
        gave = " and ".join(f"{_issued(i)} (exp {_clock(i.expires)})" for i in ours)
        script.say(
            e.t, e.actor, "-->>", req.actor, f"accepted, issues {gave}" if gave else "accepted"
        )
    elif isinstance(e, Rejected) and req is not None:
        script.say(e.t, e.actor, "--x", req.actor, f"rejected ({e.reason})")
    elif isinstance(e, Lost) and req is not None:
        script.note(e.t, f"{req.endpoint} request lost in the network", req.actor, req.target)
    elif isinstance(e, ResponseLost) and (req := everything.request(e.request_id)) is not None:
        script.note(e.t, f"answer to {req.endpoint} lost", req.target, req.actor)
    else:
        return False
    return True


def _incident(script: _Script, e: Event | None, client_of: dict[str, str]) -> None:
    """A failed call, a detection, a revocation, a theft, or a kind not known yet, as a line."""
    if isinstance(e, Call):
        if not e.ok:
            script.note(e.t, f"API call to {e.target} failed", e.actor)
    elif isinstance(e, ReuseDetected):
        text = f"{script.token(e.token)} replayed by {e.presenter} (generation {e.generation})"
        script.note(e.t, f"reuse_detected, {text}", e.actor)
    elif isinstance(e, Revoked):
        script.note(e.t, f"revoked session {e.session[:6]} of {e.user} ({e.reason})", e.actor)
    elif isinstance(e, Redirect):
        _redirect(script, e)
    elif isinstance(e, Stolen | TheftFailed):
        what = (
            f"stolen {script.tokens.get(e.token, e.token_type)} ({e.vector})"
            if isinstance(e, Stolen)
            else f"theft_failed ({e.vector}, {e.reason})"
        )
        victim = client_of.get(e.victim, e.victim)
        if victim in script.cast:
            script.say(e.t, e.actor, "-)" if isinstance(e, Stolen) else "--)", victim, what)
        else:
            script.note(e.t, f"{what} from {e.victim}", e.actor)
    elif (gist := sso_gist(e) or detection_gist(e) or key_gist(e)) is not None and e is not None:
        script.note(e.t, gist, e.actor)
    elif e is not None and e.actor in script.cast:  # a kind this module does not know yet
        hidden = ("t", "kind", "actor", "token", "proof")
        details = ", ".join(f"{k} {v}" for k, v in e.to_dict().items() if k not in hidden)
        script.note(e.t, e.kind + (f" ({details})" if details else ""), e.actor)


def _redirect(script: _Script, e: Redirect) -> None:
    """A redirect as an arrow from the browser (or app) that delivered it to its receiver."""
    params = dict(parse_qsl(urlsplit(e.location).fragment or urlsplit(e.location).query))
    carried = script.tokens.get(params.get("code", ""), "")
    carried = carried or script.tokens.get(params.get("access_token", ""), "a response")
    refused = f" (dropped: {e.refused})" if e.refused else ""
    if e.receiver in script.cast:
        script.say(e.t, e.actor, "-)", e.receiver, f"redirect, {carried}{refused}")
    else:
        script.note(e.t, f"redirect to {e.location.partition('?')[0]}{refused}", e.actor)


def to_mermaid(
    result_or_trace: Result | Trace,
    start: float | None = None,
    end: float | None = None,
    *,
    max_messages: int | None = 200,
) -> str:
    """A run (or its trace) as Mermaid ``sequenceDiagram`` text; see the module docstring.

    Only events with ``start <= t <= end`` are drawn (sim seconds; None: no bound). At most
    ``max_messages`` lines of messages and notes are written (None: no limit); what is cut is
    counted in a final note, never dropped silently. The text is byte-identical for the same
    run and slice.
    """
    trace, header = _source(result_or_trace)
    _check_bounds(start, end, max_messages)
    low = -math.inf if start is None else start
    high = math.inf if end is None else end
    events = [e for e in trace if low <= e.t <= high]
    script = _Script(cast(trace), _labels(trace))
    _write(script, events, trace)
    lines, cut = script.lines, []
    if max_messages is not None and len(lines) > max_messages:
        lines, cut = lines[:max_messages], lines[max_messages:]
    used = {p for _, ids, _ in lines for p in ids}
    declared = [(name, pid) for name, pid in script.cast.items() if pid in used]
    body = [f"participant {pid} as {_esc(name)}" for name, pid in declared]
    body += [text for text, _, _ in lines]
    if cut:
        ends = ",".join(dict.fromkeys([declared[0][1], declared[-1][1]]))
        body.append(
            f"Note over {ends}: {len(cut)} more lines omitted (to t={_clock(cut[-1][2])}), "
            "narrow the slice or raise max_messages"
        )
    return "\n".join(["sequenceDiagram", *(f"    {line}" for line in header + body)]) + "\n"


def _source(result_or_trace: Result | Trace) -> tuple[Trace, list[str]]:
    """The trace to draw and the header comment (a result's scenario and seed)."""
    if isinstance(result_or_trace, Result):
        return result_or_trace.trace, [
            f"%% scenario {result_or_trace.scenario}, seed {result_or_trace.seed}"
        ]
    if isinstance(result_or_trace, Trace):
        return result_or_trace, []
    raise TypeError(f"to_mermaid needs a simtoken Result or Trace, not {result_or_trace!r}")


def _check_bounds(start: float | None, end: float | None, max_messages: int | None) -> None:
    """The slice and the line limit, each a clear ConfigError when it is not one."""
    for name, bound in (("start", start), ("end", end)):
        ok = not isinstance(bound, bool) and isinstance(bound, int | float) and math.isfinite(bound)
        if bound is not None and not ok:
            raise ConfigError(name, bound, "a sim time in seconds, or None")
    if start is not None and end is not None and end < start:
        raise ConfigError("end", end, f"a sim time >= start ({start:g} s)")
    if max_messages is not None and (
        isinstance(max_messages, bool) or not isinstance(max_messages, int) or max_messages < 1
    ):
        raise ConfigError("max_messages", max_messages, "a whole number >= 1, or None")
