"""The scenario catalog: every named scenario, by name.

Each scenario module's docstring states what it covers, its story and the expected outcome;
``simtoken list`` shows the summaries.
"""

from simtoken.errors import resolve_name
from simtoken.scenarios.background import BACKGROUND
from simtoken.scenarios.base import Scenario
from simtoken.scenarios.client_credentials import CLIENT_CREDENTIALS
from simtoken.scenarios.code_interception import CODE_INTERCEPTION
from simtoken.scenarios.concurrent_tabs import CONCURRENT_TABS
from simtoken.scenarios.cookie_refresh import COOKIE_REFRESH
from simtoken.scenarios.csrf import CSRF
from simtoken.scenarios.dbsc import DBSC
from simtoken.scenarios.detection import DETECTION, DETECTION_CAREFUL, REMEDIATION
from simtoken.scenarios.dpop_nonce import DPOP_NONCE
from simtoken.scenarios.expiry import EXPIRY
from simtoken.scenarios.fingerprint import FINGERPRINT
from simtoken.scenarios.forgery import FORGERY
from simtoken.scenarios.grace_interval import GRACE_INTERVAL
from simtoken.scenarios.implicit_leak import IMPLICIT_LEAK
from simtoken.scenarios.key_compromise import KEY_COMPROMISE
from simtoken.scenarios.key_rotation import KEY_ROTATION
from simtoken.scenarios.login_csrf import LOGIN_CSRF
from simtoken.scenarios.logout import LOGOUT
from simtoken.scenarios.lost_response import LOST_RESPONSE
from simtoken.scenarios.mobile import MOBILE
from simtoken.scenarios.precomputed_proofs import PRECOMPUTED_PROOFS
from simtoken.scenarios.redirect_uri import REDIRECT_URI
from simtoken.scenarios.refresh import REFRESH
from simtoken.scenarios.reuse_detection import REUSE_DETECTION
from simtoken.scenarios.rotation import ROTATION
from simtoken.scenarios.scopes import SCOPES
from simtoken.scenarios.single_logout import SINGLE_LOGOUT
from simtoken.scenarios.sliding_lifetime import SLIDING_LIFETIME
from simtoken.scenarios.sso import SSO
from simtoken.scenarios.sso_apps import SSO_APPS
from simtoken.scenarios.theft import THEFT_VARIANTS

__all__ = ["SCENARIOS", "THEFT_SCENARIOS", "Scenario", "get_scenario"]

SCENARIOS: dict[str, Scenario] = {
    s.name: s
    for s in (
        EXPIRY,
        REFRESH,
        SSO,
        ROTATION,
        REUSE_DETECTION,
        GRACE_INTERVAL,
        CONCURRENT_TABS,
        LOST_RESPONSE,
        LOGOUT,
        SLIDING_LIFETIME,
        MOBILE,
        BACKGROUND,
        CLIENT_CREDENTIALS,
        *THEFT_VARIANTS,
        SCOPES,
        COOKIE_REFRESH,
        CSRF,
        FINGERPRINT,
        DBSC,
        FORGERY,
        KEY_ROTATION,
        KEY_COMPROMISE,
        SSO_APPS,
        SINGLE_LOGOUT,
        DPOP_NONCE,
        PRECOMPUTED_PROOFS,
        DETECTION,
        DETECTION_CAREFUL,
        REMEDIATION,
        CODE_INTERCEPTION,
        REDIRECT_URI,
        LOGIN_CSRF,
        IMPLICIT_LEAK,
    )
}
"""All scenarios, by name, in catalog order."""

THEFT_SCENARIOS: tuple[str, ...] = tuple(
    name for name, scenario in SCENARIOS.items() if scenario.defaults.theft_vector != "none"
)
"""The scenarios in which an attacker steals (a theft vector other than ``none``), in order."""


def get_scenario(name: str) -> Scenario:
    """The scenario called ``name`` (any case); else :class:`~simtoken.errors.UnknownNameError`."""
    return SCENARIOS[resolve_name("scenario", name, SCENARIOS)]
