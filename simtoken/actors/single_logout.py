"""Single logout: what a user's logout reaches, app by app.

A user who logs out of one app of several means "log me out", but three kinds of session are
alive: the app's (its tokens), the other apps' (theirs), the IdP's (the cookie that signs apps
in silently). ``logout_kind`` (:mod:`simtoken.config.sso`) decides what the logout at
``logout_at`` reaches; the user logs out of the first app (its last tab) of each user:

* ``app``: **app-local logout**. The app forgets its tokens and sends its refresh token to the
  auth server's ``logout`` endpoint, which revokes its grant under ``revoke_on_logout``
  (RFC 7009 §2.1's revocation, through the logout endpoint). The IdP session and every other
  app are untouched: the other apps keep refreshing, and the app itself, opened again, is
  signed back in silently (:mod:`simtoken.actors.apps`).
* ``idp``: the same, and **RP-initiated logout** (OpenID Connect RP-Initiated Logout 1.0 §2):
  in the same instant the browser goes to the IdP's ``end_session`` endpoint
  (:mod:`simtoken.actors.end_session`), which ends the IdP session, clears the cookie and,
  under ``revoke_on_idp_logout``, revokes every grant that rode it. Nobody tells the other
  apps: each holds its tokens and finds out at its next refresh, if the grant was revoked.
* ``frontchannel``: ``idp``, and **front-channel logout** (OpenID Connect Front-Channel Logout
  1.0 §3): the IdP's logout page loads each other app's logout URI in an iframe, a
  ``frontchannel_logout`` request from the browser with ``iss`` and ``sid``. It works only
  while the browser shows that page, so only for a logout made in the browser (nothing is
  loaded for a session that ends otherwise), and only if the iframe can reach the app's
  state: a browser that blocks third-party cookies (``block_third_party_cookies``, the
  default: Safari blocks them, Firefox partitions them) gives the iframe partitioned cookies
  and storage, so the app is not logged out (``storage_partitioned``, §4.1).
* ``backchannel``: ``idp``, and **back-channel logout** (OpenID Connect Back-Channel Logout
  1.0): the IdP POSTs a signed Logout Token (:mod:`simtoken.jose.logout_token`) to each other
  app's endpoint, server to server, so it needs no browser at all (an app with a backend: a
  BFF or a server-rendered app; the simulated app's endpoint reaches its token store as a
  BFF's would). The app validates it (§2.6) and answers 200 (§2.8), or 400 with a reason.

A notified app (:class:`LogoutEndpoint`) logs itself out as its user would: a ``logout_notice``
event, it forgets its tokens and sends its refresh token to the ``logout`` endpoint. Nothing
reaches a copy of an access token: under local validation it works until its ``exp`` whatever
the logout (the metric ``residual_access_by_app``).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping

import jwt

from simtoken.actors.apps import LoginPage, SsoFlow
from simtoken.actors.auth_server import AuthServer
from simtoken.actors.client import Client
from simtoken.actors.frontchannel import FrontChannel
from simtoken.actors.network import ActorProcess, Message, Network, Response, Server
from simtoken.jose.clock import SimClock
from simtoken.jose.keys import SigningKey
from simtoken.jose.logout_token import NotALogoutTokenError, read_logout_token
from simtoken.jose.reasons import Reason, reason_of
from simtoken.names import AUTH_SERVER, ISSUER
from simtoken.record.events import Event, LogoutNotice
from simtoken.record.reasons import ServerReason

__all__ = ["LogoutEndpoint", "logout_endpoint_name", "user_logout", "wire_sso_app"]


def logout_endpoint_name(app: str) -> str:
    """The actor that takes an app's logout notices: its logout URI's server.

    >>> logout_endpoint_name("client-1.app-2")
    'client-1.app-2/logout'
    """
    return f"{app}/logout"


class LogoutEndpoint(Server):
    """An app's front- and back-channel logout endpoint (see the module docstring)."""

    def __init__(
        self,
        app: Client,
        flow: SsoFlow,
        record: Callable[[Event], None],
        *,
        keys: Callable[[], Mapping[str, SigningKey]],
        clock: SimClock,
        leeway: float,
    ) -> None:
        super().__init__(app.env, logout_endpoint_name(app.name), record)
        self.app = app
        self.flow = flow
        self.keys = keys
        """The IdP's published signing keys, by ``kid``, now (its JWKS)."""
        self.clock = clock
        self.leeway = leeway
        self.seen: set[str] = set()
        """The ``jti`` of every Logout Token taken (§2.6: refuse one seen before)."""

    def handle(self, message: Message) -> Response:
        """A ``backchannel_logout`` (a Logout Token) or a ``frontchannel_logout`` (an iframe)."""
        if message.endpoint == "backchannel_logout":
            return self._backchannel(message)
        if message.endpoint == "frontchannel_logout":
            return self._frontchannel(message)
        detail = f"No endpoint {message.endpoint!r}"
        return Response(404, ServerReason.UNSUPPORTED_ENDPOINT, detail)

    def _backchannel(self, message: Message) -> Response:
        """Validate the Logout Token (§2.6), then log the app out (§2.7)."""
        try:
            claims = read_logout_token(
                message.token,
                keys=self.keys(),
                issuer=ISSUER,
                audience=self.app.name,
                now=self.clock.epoch_seconds + self.env.now,
                leeway=self.leeway,
            )
        except NotALogoutTokenError as exc:
            return Response(400, ServerReason.INVALID_LOGOUT_TOKEN, str(exc))
        except jwt.InvalidTokenError as exc:
            return Response(400, reason_of(exc), str(exc))
        jti = str(claims["jti"])
        if jti in self.seen:
            detail = f"A Logout Token with jti {jti!r} was taken before"
            return Response(400, ServerReason.LOGOUT_TOKEN_REPLAYED, detail)
        self.seen.add(jti)
        return self._log_out("backchannel", claims.get("sid"), claims.get("sub"))

    def _frontchannel(self, message: Message) -> Response:
        """The iframe's request: nothing reachable under third-party cookie blocking."""
        if self.app.config.block_third_party_cookies:
            detail = "Third-party cookies are blocked: the iframe's storage is not the app's"
            return Response(400, ServerReason.STORAGE_PARTITIONED, detail)
        issuer = message.params.get("iss")
        if issuer != ISSUER:
            return Response(400, Reason.WRONG_ISSUER, f"iss {issuer!r} is not {ISSUER!r}")
        return self._log_out("frontchannel", message.params.get("sid"), None)

    def _log_out(self, channel: str, sid: object, sub: object) -> Response:
        """A notice for one of the app's sessions logs the app out (idempotent); else refuse."""
        app = self.app
        if (sid is not None and sid not in self.flow.known_sessions) or (
            sub is not None and sub != app.user
        ):
            detail = f"The app never signed {sub or app.user} in through IdP session {sid!r}"
            return Response(400, ServerReason.UNKNOWN_SESSION, detail)
        self.record(
            LogoutNotice(
                t=self.env.now,
                actor=app.name,
                user=app.user,
                channel=channel,
                idp_session=str(sid or ""),
            )
        )
        if not app.store.logged_out:
            self.env.process(app.logout())
        return Response(200)


def user_logout(client: Client, at: float, network: Network) -> ActorProcess:
    """At ``at``, the user logs out of ``client`` and, unless app-local, of the IdP too.

    The app's own logout goes first, in the same instant; then the browser's ``end_session``
    (sent again while it is lost); then, for the front channel, one iframe per app the IdP's
    logout page names (each sent once: an iframe that fails to load is not retried).
    """
    env = client.env
    yield env.timeout(at)
    env.process(client.logout())
    if client.config.logout_kind == "app":
        return
    yield env.timeout(0)  # the app's own logout request is sent first
    browser = client.browser
    params = {"client_id": client.client_id}
    if browser.idp_session is not None:
        params["idp_session"] = browser.idp_session
    answer = None
    while answer is None:
        answer = yield from network.request(browser.name, AUTH_SERVER, "end_session", None, params)
    browser.idp_session = None  # the answer clears the IdP's session cookie
    iframe = {"iss": ISSUER, "sid": str(answer.body.get("sid", ""))}
    for endpoint in answer.body.get("frontchannel", ()):
        env.process(network.request(browser.name, endpoint, "frontchannel_logout", None, iframe))


def wire_sso_app(
    client: Client,
    auth_server: AuthServer,
    front: FrontChannel,
    rng: random.Random,
    page: LoginPage,
) -> SsoFlow:
    """Give ``client`` its side of the flow with single sign-on.

    With ``logout_kind=frontchannel`` or ``backchannel`` the app also registers its logout
    endpoint, which is attached to the network.
    """
    config = client.config
    flow = SsoFlow(client, front, rng, auth_server.idp_sessions, page)
    client.flow = flow
    front.add_app(client.user, flow)
    if config.logout_kind in ("frontchannel", "backchannel"):
        endpoint = LogoutEndpoint(
            client,
            flow,
            client.record,
            keys=lambda: _published(auth_server),
            clock=auth_server.clock,
            leeway=config.policy.leeway,
        )
        client.network.attach(endpoint)
        auth_server.register_logout(client.client_id, config.logout_kind, endpoint.name)
    return flow


def _published(auth_server: AuthServer) -> dict[str, SigningKey]:
    """The auth server's published signing keys now (what its ``jwks`` endpoint serves)."""
    schedule = auth_server.keys
    keys = schedule.published(auth_server.env.now) if schedule else [auth_server.minter.key]
    return {key.kid: key for key in keys}
