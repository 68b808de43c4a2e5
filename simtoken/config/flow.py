"""The login-flow settings: how a user logs in, how the app protects the flow, who attacks it.

``login_flow`` picks between the authorization-code flow collapsed into one ``login`` request
(``direct``, the default), the real authorization-code flow with PKCE (``code``, RFC 6749 §4.1,
RFC 7636) and the deprecated implicit grant (``implicit``, RFC 6749 §4.2, which RFC 9700 §2.1.2
says not to use). With a real flow the app chooses its PKCE method (``pkce``), whether it sends
and checks a ``state`` (``use_state``), and the kind of redirect URI it has (``app_kind``); an
attacker may go after the flow (``flow_attack``). :func:`check_flow` refuses what cannot go
together, naming the setting, its value and what is allowed.
"""

from __future__ import annotations

from typing import Literal

from simtoken.errors import ConfigError

__all__ = ["AppKind", "FlowAttack", "LoginFlow", "PkceMode", "check_flow"]

LoginFlow = Literal["direct", "code", "implicit"]
"""How a user logs in (see :mod:`simtoken.actors.flows`)."""

PkceMode = Literal["S256", "plain", "none"]
"""The PKCE code challenge method an app uses in the code flow, or none (RFC 7636)."""

AppKind = Literal["web", "native"]
"""A web app (an https redirect URI) or a native app (a private-use URI scheme, RFC 8252)."""

FlowAttack = Literal["none", "code_interception", "redirect_uri", "login_csrf", "implicit_leak"]
"""An attack on the login flow (see :mod:`simtoken.actors.flow_attacker`)."""


def check_flow(
    login_flow: str, flow_attack: str, theft_vector: str, sender_constraint: str
) -> None:
    """Refuse a flow attack without a real flow or beside a theft, and DPoP with implicit.

    >>> check_flow("direct", "login_csrf", "none", "none")
    Traceback (most recent call last):
    ...
    simtoken.errors.ConfigError: flow_attack: invalid value 'login_csrf'; allowed: none while \
login_flow=direct (the attacks need the real flow: set login_flow=code or implicit)
    """
    if flow_attack != "none" and login_flow == "direct":
        raise ConfigError(
            "flow_attack",
            flow_attack,
            "none while login_flow=direct (the attacks need the real flow: set "
            "login_flow=code or implicit)",
        )
    if flow_attack != "none" and theft_vector != "none":
        raise ConfigError(
            "flow_attack",
            flow_attack,
            f"none while theft_vector={theft_vector} (one attacker at a time)",
        )
    if login_flow == "implicit" and sender_constraint == "dpop":
        raise ConfigError(
            "login_flow",
            login_flow,
            "direct or code with sender_constraint=dpop (an implicit grant's token never "
            "passes the token endpoint, where DPoP binds it)",
        )
