"""The single sign-on settings: several apps per user, and what a logout does to each of them.

One login at the identity provider (IdP) can sign a user in to several apps: each app has its
own ``client_id``, its own tokens and its own grant, but they all send the user through the
same browser, which holds the IdP's session cookie. The first app's login asks for the
password; every later app rides the IdP session with ``prompt=none`` (OpenID Connect Core
§3.1.2.1) and signs in silently. That is single sign-on (SSO), and ``apps`` sets how many apps
each user has.

Logging out is where SSO gets hard, because there are three sessions to end: the app's own
(its tokens), the other apps' (theirs), and the IdP's (the cookie that signs new apps in).
``logout_kind`` picks what the user's logout at ``logout_at`` reaches:

================= ===========================================================================
``app``           app-local logout: the app forgets its tokens and sends its refresh token to
                  the auth server's logout endpoint (revoked under ``revoke_on_logout``); the
                  IdP session and every other app are untouched
``idp``           also RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0 §2): the
                  browser goes to the IdP's ``end_session`` endpoint, which ends the IdP
                  session (and, under the policy's ``revoke_on_idp_logout``, every grant that
                  signed in through it)
``frontchannel``  ``idp``, and the IdP's logout page loads every other app's
                  ``frontchannel_logout_uri`` in an iframe (OpenID Connect Front-Channel Logout
                  1.0 §3); blocked when the browser blocks third-party cookies
                  (``block_third_party_cookies``, §4.1)
``backchannel``   ``idp``, and the IdP POSTs a signed Logout Token to every other app's
                  back-channel logout endpoint, server to server (OpenID Connect Back-Channel
                  Logout 1.0 §2.5)
================= ===========================================================================

The IdP session exists only in the real login flows, so ``apps`` above 1 and a ``logout_kind``
other than ``app`` need ``login_flow=code`` (or ``implicit``); :func:`check_sso` refuses them
otherwise, naming the setting, its value and what is allowed.
"""

from __future__ import annotations

from typing import Literal

from simtoken.errors import ConfigError

__all__ = ["LOGOUT_KINDS", "LogoutKind", "app_audiences", "check_sso"]

LogoutKind = Literal["app", "idp", "frontchannel", "backchannel"]
"""What a user's logout reaches (see the module docstring)."""

LOGOUT_KINDS: tuple[LogoutKind, ...] = ("app", "idp", "frontchannel", "backchannel")
"""Every logout kind, from the narrowest to the widest reach."""


def check_sso(apps: int, logout_kind: str, login_flow: str) -> None:
    """Refuse several apps, or an IdP logout, without the IdP session of a real login flow.

    >>> check_sso(2, "app", "direct")
    Traceback (most recent call last):
    ...
    simtoken.errors.ConfigError: apps: invalid value 2; allowed: 1 while login_flow=direct \
(single sign-on rides the IdP session of the real flow: set login_flow=code or implicit)
    """
    if apps > 1 and login_flow == "direct":
        raise ConfigError(
            "apps",
            apps,
            "1 while login_flow=direct (single sign-on rides the IdP session of the real "
            "flow: set login_flow=code or implicit)",
        )
    if logout_kind != "app" and login_flow == "direct":
        raise ConfigError(
            "logout_kind",
            logout_kind,
            "app while login_flow=direct (an IdP logout ends the IdP session of the real "
            "flow: set login_flow=code or implicit)",
        )


def app_audiences(audiences: tuple[str, ...], apps: int, app: int) -> tuple[str, ...]:
    """The APIs app number ``app`` (1-based) of ``apps`` calls.

    One app calls every API. Several apps share the APIs out round robin (a mail app and a
    calendar app, one API each); with fewer APIs than apps, apps share an API.

    >>> app_audiences(("mail", "calendar"), 1, 1)
    ('mail', 'calendar')
    >>> app_audiences(("mail", "calendar"), 2, 2), app_audiences(("mail",), 3, 3)
    (('calendar',), ('mail',))
    """
    if apps == 1:
        return audiences
    mine = tuple(a for i, a in enumerate(audiences) if i % apps == (app - 1) % apps)
    return mine or (audiences[(app - 1) % len(audiences)],)
