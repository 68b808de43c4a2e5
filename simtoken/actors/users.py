"""Users: each user's browser, apps and tabs, built and wired into the world.

A user is a person with one browser (:class:`~simtoken.actors.idp.Browser`: the IdP session
cookie) and ``apps`` apps (:mod:`simtoken.actors.apps`), each open in ``tabs`` tabs that share
the app's token store and, with several tabs, one rhythm of activity
(:class:`~simtoken.actors.storage.Activity`). With one app the user's app is ``client-N`` (its
tabs ``client-N.tab-J``) and everything is as it always was: the plain login flow
(:func:`~simtoken.actors.flows.wire_app`), random draws from ``user-N`` and ``client-N``, the
user's DPoP key. With several apps, or a logout that reaches past the app
(``logout_kind``), each app gets the flow with single sign-on and, if it registered for them,
a logout endpoint (:func:`~simtoken.actors.single_logout.wire_sso_app`); each app draws from its
own generators and signs with its own DPoP key.

With ``logout_at`` the user logs out of the first app (its last tab) at that time: app-local
(:meth:`~simtoken.actors.client.Client.logout_at`) or further
(:func:`~simtoken.actors.single_logout.user_logout`).
"""

from __future__ import annotations

from collections.abc import Callable

from simtoken.actors.apps import LoginPage, activity_purpose, key_owner
from simtoken.actors.client import Client
from simtoken.actors.flows import wire_app
from simtoken.actors.idp import Browser
from simtoken.actors.single_logout import user_logout, wire_sso_app
from simtoken.actors.stage import Stage
from simtoken.actors.storage import Activity, TokenStore
from simtoken.config.sso import app_audiences
from simtoken.names import AUTH_SERVER, user_apps
from simtoken.record.events import Event

__all__ = ["build_user"]


def build_user(stage: Stage, record: Callable[[Event], None], i: int) -> list[Client]:
    """User ``i``'s apps and tabs, wired (not started); its logout scheduled, if any."""
    cfg = stage.config
    browser = Browser(f"user-{i}/browser", f"user-{i}")
    page = LoginPage()
    apps = [
        _build_app(stage, record, i, k, app, browser, page)
        for k, app in enumerate(user_apps(i, cfg.apps), 1)
    ]
    if cfg.logout_at > 0 and cfg.logout_kind == "app":
        stage.env.process(apps[0][-1].logout_at(cfg.logout_at))
    elif cfg.logout_at > 0:
        stage.env.process(user_logout(apps[0][-1], cfg.logout_at, stage.network))
    return [tab for tabs in apps for tab in tabs]


def _build_app(
    stage: Stage,
    record: Callable[[Event], None],
    i: int,
    k: int,
    app: str,
    browser: Browser,
    page: LoginPage,
) -> list[Client]:
    """App ``k`` (named ``app``) of user ``i``: its tabs, sharing one store and one activity."""
    cfg = stage.config
    routes = stage.routes()
    routes = {audience: routes[audience] for audience in app_audiences(cfg.audiences, cfg.apps, k)}
    store = TokenStore()
    purpose = activity_purpose(i, app, cfg.apps)
    activity = Activity(stage.rng(purpose), cfg.active_period, cfg.idle_period)
    tabs: list[Client] = []
    for j in range(1, cfg.tabs + 1):
        name = app if cfg.tabs == 1 else f"{app}.tab-{j}"
        client = Client(
            stage.env,
            name,
            f"user-{i}",
            record,
            network=stage.network,
            auth_server=AUTH_SERVER,
            resource_servers=routes,
            config=cfg,
            rng=stage.rng(name),
            store=store,
            activity=activity if cfg.tabs > 1 else None,
            stops_at=cfg.victim_stops_at if i == 1 else 0.0,
            prover=stage.prover(key_owner(i, app, cfg.apps), name),
            browser=browser,
            auth=stage.auth_server.registry.credentials(app, cfg.client_auth),
            ops_rng=stage.rng(f"{name}/ops"),
            webapp=stage.webapp,
        )
        oauth = stage.rng(f"{name}/oauth")
        if cfg.apps > 1 or cfg.logout_kind != "app":
            wire_sso_app(client, stage.auth_server, stage.front, oauth, page)
        else:
            wire_app(client, stage.front, oauth)
        tabs.append(client)
    return tabs
