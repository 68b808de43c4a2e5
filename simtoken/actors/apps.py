"""Several apps, one browser: single sign-on between the apps of one user.

A user with a mail app and a calendar app has two *apps* at the auth server: two ``client_id``
values, two token stores, two grants (two refresh tokens). What they share is the user's
browser, and in it the IdP's session cookie (:mod:`simtoken.actors.idp`). With ``apps`` above 1
each user's apps are ``client-N.app-1``, ``client-N.app-2`` ... (tabs of one app share its
store: ``client-N.app-K.tab-J``), and app K calls the K-th API, round robin
(:func:`~simtoken.config.sso.app_audiences`).

How an app of such a user signs in (:class:`SsoFlow`, the app's side of the login flow):

1. if another app of the user is at the login page (the user is typing the password), wait
   for it: the browser has one login page at a time;
2. if the browser holds an IdP session cookie, ask silently first: an authorization request
   with ``prompt=none`` (OpenID Connect Core §3.1.2.1). A live session signs the app in at
   once, with no password: a ``silent_sign_in`` event (single sign-on), *not* a ``login``;
3. otherwise (no cookie, or ``login_required``: the session ended or expired) the user logs
   in interactively, a ``login`` event, which starts a new IdP session for the next apps.

So the first app's first sign-in asks for the password and every other app rides the session
it started: ``victim_logins`` (interactive logins after the first) stays 0, and
``silent_sign_ins`` counts the rest. The same rule brings an app back after its own logout
without a password while the IdP session lives: app-local logout does not log the user out
of single sign-on (:mod:`simtoken.actors.single_logout`). With one app per user the flow is
the plain one (:class:`~simtoken.actors.flows.AppFlow`); :class:`SsoFlow` then only remembers
the IdP sessions its app signed in through, which a logout notice must name.

What the simulator simplifies: every app registers the same redirect URI and the browser hands
each response to the app that asked (the apps of a real deployment have one each).
"""

from __future__ import annotations

import random
from collections.abc import Generator, Mapping
from dataclasses import dataclass
from typing import Any

import simpy

from simtoken.actors.client import Client
from simtoken.actors.flows import AppFlow
from simtoken.actors.frontchannel import FrontChannel
from simtoken.actors.idp import IdpSessions
from simtoken.actors.network import Response
from simtoken.record.events import SilentSignIn
from simtoken.record.reasons import LoginReason

__all__ = ["LoginPage", "SsoFlow", "activity_purpose", "key_owner"]


def key_owner(user: int, app: str, apps: int) -> str:
    """Whose DPoP key an app signs with: the user's (one app), or each app its own."""
    return f"user-{user}" if apps == 1 else app


def activity_purpose(user: int, app: str, apps: int) -> str:
    """The random purpose of the activity an app's tabs share: the user's, or the app's."""
    return f"user-{user}" if apps == 1 else f"user-{user}/{app}"


@dataclass
class LoginPage:
    """The IdP's login page in one user's browser: the interactive login under way, if any."""

    busy: simpy.Event | None = None
    """Set while an app's user types the password; triggered when that login is over."""


class SsoFlow(AppFlow):
    """An app's side of the login flow with single sign-on (see the module docstring)."""

    def __init__(
        self,
        client: Client,
        front: FrontChannel,
        rng: random.Random,
        sessions: IdpSessions,
        page: LoginPage,
    ) -> None:
        super().__init__(client, front, rng)
        self.sessions = sessions
        """The auth server's IdP sessions (ground truth: the expiry a ``silent_sign_in`` names)."""
        self.page = page
        self.known_sessions: list[str] = []
        """Every IdP session (``sid``) the app signed in through, first first: what it learns
        from the ID token's ``sid`` in OpenID Connect, and what a logout notice must name."""
        self._reason = ""

    def sign_in(
        self, audience: str, reason: LoginReason, cause: str
    ) -> Generator[simpy.Event, Any, Response | None]:
        """Get tokens for ``audience``: silently through the IdP session if it can."""
        if self.config.apps == 1:
            return (yield from super().sign_in(audience, reason, cause))
        while self.page.busy is not None:
            yield self.page.busy
        if self.client.browser.idp_session is not None:
            self._reason = str(reason)
            silent = yield from self.authorize(audience, interactive=False)
            if silent is not None and silent.ok:
                return silent
        done = self.page.busy = self.env.event()
        try:
            return (yield from self._interactive(audience, reason, cause))
        finally:
            self.page.busy = None
            done.succeed()

    def _send(
        self, sender: str, endpoint: str, params: Mapping[str, str], proof: str | None = None
    ) -> Generator[simpy.Event, Any, Response]:
        """Send as the plain flow does; remember the IdP session an authorization answer names.

        With several apps, an answer to ``prompt=none`` is a ``silent_sign_in``.
        """
        answer = yield from super()._send(sender, endpoint, params, proof)
        if endpoint != "authorize" or not answer.ok:
            return answer
        sid = str(answer.body["idp_session"])
        if sid not in self.known_sessions:
            self.known_sessions.append(sid)
        if params.get("prompt") == "none" and self.config.apps > 1:
            self.client.record(
                SilentSignIn(
                    t=self.env.now,
                    actor=self.name,
                    user=self.client.user,
                    client_id=self.client.client_id,
                    idp_session=sid,
                    session_expires=self.sessions.sessions[sid].expires,
                    reason=self._reason,
                )
            )
        return answer
