"""Event marks: requests, logins, thefts, detections and revocations as points on lanes.

Marks are the punctuation of a timeline. On a server's lane each request shows where it was
answered: accepted above, rejected in the middle (one shape per reason), lost below, next to
the auth server's revocations and the IdP sessions it ended. Under a holder's bars go the
things that actor did or suffered: logins and silent sign-ins (single sign-on), logouts (an
app's, or a browser's at the IdP) and the logout notices an app took, failed calls, lost
answers, its requests (when it is not a user's app; a browser's ``authorize`` requests have
their own mark), thefts, the cookies its browser refused or kept off a request, the cross-site
requests an attacker's page made it send (CSRF), the reuse detections its presented refresh
token tripped, the detector's alerts on its requests (a remediation goes on the auth server's
lane), the authorization responses a redirect brought it (taken, or dropped by an app's
``state`` or PKCE check), and a signing key's leak (under the attacker) and the emergency
rotation that answered it (under the auth server). Each kind of mark is one collection (gid
``accepted``, ``rejected:expired``, ``stolen`` ...), labelled with its count.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from matplotlib.axes import Axes
from matplotlib.collections import LineCollection

from simtoken.names import ATTACKER
from simtoken.plots import _style as st
from simtoken.plots._axes import clients
from simtoken.record.events import (
    Alert,
    Call,
    CookieBlocked,
    Event,
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

__all__ = ["MARK_ROW", "SERVER_ROWS", "draw_marks"]

MARK_ROW = 0.34
"""Where a holder's own marks sit in its lane, under its bars."""
SERVER_ROWS = {"accepted": -0.25, "rejected": 0.0, "lost": 0.25, "revoked": 0.25}
"""Where each outcome sits in a server's lane."""
_REJECT_MARKERS = {
    "expired": "x",
    "not_yet_valid": "<",
    "wrong_audience": "D",
    "wrong_token_type": "s",
    "wrong_issuer": "p",
    "bad_signature": "*",
    "unknown_key": "h",
    "unknown_session": "P",
    "reused": "+",
    "revoked": "1",
    "idle_expired": "3",
}
_SPARE_MARKERS = ("^", "v", ">", "d", "H", "8", "2", "4")
_Point = tuple[float, float]


def draw_marks(ax: Axes, result: Result, row: Mapping[str, int], lo: float, hi: float) -> None:
    """Request outcomes on the servers' lanes; each holder's own events under its bars."""
    marker = _Marker(result, row)
    for e in result.trace:
        marker.note(e)
        if lo <= e.t <= hi:
            marker.mark(e)
    _add_lines(ax, marker.revocations, marker.links)
    _add_marks(ax, marker.marks)


class _Marker:
    """Walks a trace once, gathering each kind of mark, the theft links and revocation lines."""

    def __init__(self, result: Result, row: Mapping[str, int]) -> None:
        self.row = row
        self.users = set(clients(result))
        self.client_of: dict[str, str] = {}
        self.holder_of = {e.token: e.holder for e in result.issued()}
        self.senders: dict[int, str] = {}
        self.targets: dict[int, str] = {}
        self.marks: dict[str, list[_Point]] = {"accepted": []}
        self.links: list[list[_Point]] = []
        self.revocations: list[list[_Point]] = []

    def add(self, kind: str, t: float, y: float) -> None:
        self.marks.setdefault(kind, []).append((t, y))

    def note(self, e: Event) -> None:
        """Who sent each request to whom, and each user's client: needed outside the window too."""
        if e.kind == "request":
            assert isinstance(e, Request)
            self.senders[e.request_id], self.targets[e.request_id] = e.actor, e.target
        elif e.kind == "login":
            assert isinstance(e, Login)
            self.client_of.setdefault(e.user, e.actor)

    def mark(self, e: Event) -> None:
        """The mark of one event within the window, if it makes one."""
        kind, row = e.kind, self.row
        if kind == "accepted":  # the most frequent mark, kept out of the helper
            self.marks["accepted"].append((e.t, row[e.actor] + SERVER_ROWS["accepted"]))
        elif kind == "rejected":
            assert isinstance(e, Rejected)
            self.add(f"rejected:{e.reason}", e.t, row[e.actor] + SERVER_ROWS["rejected"])
        elif kind == "lost":
            assert isinstance(e, Lost)
            self.add("lost", e.t, row[self.targets[e.request_id]] + SERVER_ROWS["lost"])
        elif kind == "revoked":
            assert isinstance(e, Revoked)
            self.add(f"revoked:{e.reason}", e.t, row[e.actor] + SERVER_ROWS["revoked"])
            self.revocations.append([(e.t, 0.0), (e.t, 1.0)])
        elif kind in ("idp_logout", "remediated"):
            self.add(kind, e.t, row[e.actor] + SERVER_ROWS["revoked"])
        else:
            self._mark_own(e)

    def _mark_own(self, e: Event) -> None:
        """A mark under the bars of the holder that did or suffered the event."""
        kind, row = e.kind, self.row
        if kind == "response_lost":
            assert isinstance(e, ResponseLost)
            self.add("answer-lost", e.t, row[self.senders[e.request_id]] + MARK_ROW)
        elif kind in ("login", "forged", "silent_sign_in", "logout_notice", *_KEY_KINDS):
            self.add(kind, e.t, row[e.actor] + MARK_ROW)
        elif kind == "call":
            assert isinstance(e, Call)
            if not e.ok:
                self.add("call:failed", e.t, row[e.actor] + MARK_ROW)
        elif kind == "request":
            assert isinstance(e, Request)
            if e.endpoint in ("logout", "end_session"):
                self.add("logout", e.t, row[e.actor] + MARK_ROW)
            elif e.endpoint == "authorize":
                self.add("authorize", e.t, row[e.actor] + MARK_ROW)
            elif e.note == "csrf":
                self.add("csrf", e.t, row[e.actor] + MARK_ROW)
            elif e.actor not in self.users:
                sent = "sent:attacker" if e.actor == ATTACKER else "sent"
                self.add(sent, e.t, row[e.actor] + MARK_ROW)
        elif kind in ("stolen", "theft_failed"):
            assert isinstance(e, Stolen | TheftFailed)
            self.add(kind, e.t, row[e.actor] + MARK_ROW)
            victim = self.holder_of.get(getattr(e, "token", ""), self.client_of.get(e.victim))
            if victim is not None and victim in row:
                self.links.append([(e.t, row[victim]), (e.t, row[e.actor] + MARK_ROW)])
        elif kind == "alert":  # under the lane of whoever sent the flagged request
            assert isinstance(e, Alert)
            sender = self.senders.get(e.request_id, e.actor)
            self.add("alert", e.t, row.get(sender, row[e.actor]) + MARK_ROW)
        elif kind == "reuse_detected":
            assert isinstance(e, ReuseDetected)
            self.add("reuse", e.t, row.get(e.presenter, row[e.actor]) + MARK_ROW)
        elif kind == "redirect":
            assert isinstance(e, Redirect)
            lane = row.get(e.receiver, row[e.actor])
            self.add("redirect:dropped" if e.refused else "redirect", e.t, lane + MARK_ROW)
        elif kind == "cookie_blocked":
            assert isinstance(e, CookieBlocked)
            self.add("cookie_blocked", e.t, row[e.actor] + MARK_ROW)


def _add_lines(ax: Axes, revocations: list[list[_Point]], links: list[list[_Point]]) -> None:
    """Dotted revocation lines across the whole plot; dashed links from victim to thief."""
    if revocations:
        lines = LineCollection(
            revocations, colors=st.BLACK, linestyles=":", linewidths=0.9, alpha=0.7, zorder=2
        )
        lines.set_transform(ax.get_xaxis_transform())
        lines.set_gid("revoked:lines")
        ax.add_collection(lines, autolim=False)
    if links:
        theft = LineCollection(
            links, colors=st.OKABE_ITO["vermillion"], linestyles="--", linewidths=0.9, zorder=2
        )
        theft.set_gid("stolen:links")
        ax.add_collection(theft, autolim=False)


class _Look(NamedTuple):
    """How one kind of mark looks."""

    label: str
    marker: str
    size: float
    colour: str
    edge: str | None = None
    linewidth: float = 1.0
    alpha: float = 1.0
    zorder: float = 3


_DARK_ORANGE = "#8a5f00"
_LOOKS = {  # in legend order: outcomes, the user's actions, then the attack
    "accepted": _Look("accepted", "o", 9, st.ACCEPTED, linewidth=0, alpha=0.6),
    "rejected": _Look("rejected", "x", 30, st.REJECTED, _DARK_ORANGE, 1.2, zorder=4),
    "lost": _Look("lost", "o", 24, st.GREY),
    "login": _Look("interactive login", "*", 80, st.BLACK, linewidth=0),
    "silent_sign_in": _Look("silent sign-in (SSO)", "*", 80, "white", st.BLACK),
    "logout": _Look("logout", "s", 30, "white", st.BLACK),
    "logout_notice": _Look("logout notice taken", "s", 30, "white", st.OKABE_ITO["sky_blue"], 1.4),
    "call:failed": _Look("failed call", "v", 30, st.REJECTED, _DARK_ORANGE),
    "answer-lost": _Look("answer lost", "o", 28, "white", st.GREY, 1.4),
    "authorize": _Look("authorization request", "d", 22, "white", st.OKABE_ITO["blue"], 1.0),
    "redirect": _Look("redirect taken", "d", 30, st.OKABE_ITO["blue"], linewidth=0),
    "redirect:dropped": _Look("redirect dropped", "d", 30, "white", st.REJECTED, 1.2),
    "sent": _Look("request by a non-client", ">", 14, st.BLACK, linewidth=0, alpha=0.55),
    "sent:attacker": _Look("attacker's request", ">", 14, st.BLACK, linewidth=0, alpha=0.55),
    "stolen": _Look("theft", "D", 60, st.OKABE_ITO["vermillion"], st.BLACK, zorder=5),
    "theft_failed": _Look("theft failed", "D", 50, "white", st.OKABE_ITO["vermillion"], 1.4),
    "forged": _Look("forged token", "p", 60, "white", st.OKABE_ITO["vermillion"], 1.4),
    "key_leaked": _Look("signing key leaked", "P", 80, st.OKABE_ITO["vermillion"], st.BLACK),
    "key_rotated": _Look("emergency key rotation", "P", 80, "white", st.BLACK, 1.2, zorder=5),
    "csrf": _Look("cross-site request (CSRF)", "^", 40, st.OKABE_ITO["vermillion"], st.BLACK),
    "cookie_blocked": _Look("cookie kept back", "s", 28, "white", st.OKABE_ITO["blue"], 1.2),
    "reuse": _Look("reuse detected", "h", 120, st.REUSE, st.BLACK, zorder=5),
    "alert": _Look("detector alert", "o", 70, "white", st.REUSE, 1.6, zorder=5),
    "revoked": _Look("family revoked", "X", 90, st.BLACK, "white", 0.6, zorder=5),
    "idp_logout": _Look("IdP session ended", "s", 70, st.BLACK, "white", 0.6, zorder=5),
    "remediated": _Look("script removed (remediation)", "P", 90, st.BLACK, "white", 0.6, zorder=5),
}
_BY_REASON = ("rejected", "revoked")
_KEY_KINDS = ("key_leaked", "key_rotated")
"""A signing key's leak (over the attacker) and its emergency rotation (over the auth server)."""


def _add_marks(ax: Axes, marks: Mapping[str, list[_Point]]) -> None:
    """The mark collections, in legend order; rejections and revocations one per reason."""
    spare = iter(_SPARE_MARKERS * 4)
    for kind, look in _LOOKS.items():
        if kind in _BY_REASON:
            found = sorted(k for k in marks if k.partition(":")[0] == kind)
        else:
            found = [kind] if kind in marks else []
        for gid in found:
            label, marker = look.label, look.marker
            reason = gid.partition(":")[2]
            if kind == "rejected":
                label, marker = f"rejected: {reason}", _REJECT_MARKERS.get(reason) or next(spare)
            elif kind == "revoked":
                label += ": " + reason.replace("_", " ")
            st.add_marks(
                ax,
                marks[gid],
                gid=gid,
                label=label,
                marker=marker,
                size=look.size,
                colour=look.colour,
                edge=look.edge,
                linewidth=look.linewidth,
                alpha=look.alpha,
                zorder=look.zorder,
            )
