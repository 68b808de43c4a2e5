"""simtoken: learn how JWT access and refresh tokens behave by simulating them.

Every token is a real JWT signed with PyJWT; every actor (client, auth server, resource
servers, network) is a SimPy process; every run is a pure function of its configuration and
seed. Start with :func:`run`::

    >>> import simtoken
    >>> result = simtoken.run("refresh", seed=7)
    >>> result.metrics.victim_logins
    1

Plots live in :mod:`simtoken.plots` and notebook widgets in :mod:`simtoken.widgets` (imported
on demand: they pull in matplotlib and ipywidgets).
"""

from simtoken.analysis.compare import Comparison, compare
from simtoken.analysis.sweep import sweep
from simtoken.analysis.sweep_table import SweepResult
from simtoken.config.run import RunConfig
from simtoken.config.settings import Setting, apply_settings, settings
from simtoken.errors import (
    ConfigError,
    DuplicateClaimError,
    OversizedTokenError,
    SimTokenError,
    UnknownKeyError,
    UnknownNameError,
    UnsupportedCriticalError,
    WrongTokenTypeError,
    resolve_name,
)
from simtoken.forgery.attacks import ATTACKS, AttackClass, Attempt, attempt
from simtoken.jose.clock import DEFAULT_EPOCH, SimClock
from simtoken.jose.keys import ALGORITHMS, KeyPurpose, SigningKey, derive_key
from simtoken.jose.reasons import Reason
from simtoken.jose.tokens import TokenMinter, TokenType
from simtoken.jose.verify import Verdict, Verifier
from simtoken.jose.weakness import Weakness
from simtoken.policy.model import Policy
from simtoken.policy.presets import PRESETS, Preset, get_preset
from simtoken.record.audit import Violation, audit
from simtoken.record.events import (
    Accepted,
    Call,
    CodeIssued,
    CookieBlocked,
    Event,
    Issued,
    Login,
    Lost,
    Page,
    Redirect,
    Rejected,
    Request,
    ResponseLost,
    ReuseDetected,
    Revoked,
    Stolen,
    TheftFailed,
)
from simtoken.record.mermaid import to_mermaid
from simtoken.record.metrics import Metrics
from simtoken.record.result import Result
from simtoken.record.trace import Trace
from simtoken.runner import run
from simtoken.scenarios import SCENARIOS, Scenario, get_scenario
from simtoken.world import World

__version__ = "0.1.0"

__all__ = [
    "ALGORITHMS",
    "ATTACKS",
    "DEFAULT_EPOCH",
    "PRESETS",
    "SCENARIOS",
    "Accepted",
    "AttackClass",
    "Attempt",
    "Call",
    "CodeIssued",
    "Comparison",
    "ConfigError",
    "CookieBlocked",
    "DuplicateClaimError",
    "Event",
    "Issued",
    "KeyPurpose",
    "Login",
    "Lost",
    "Metrics",
    "OversizedTokenError",
    "Page",
    "Policy",
    "Preset",
    "Reason",
    "Redirect",
    "Rejected",
    "Request",
    "ResponseLost",
    "Result",
    "ReuseDetected",
    "Revoked",
    "RunConfig",
    "Scenario",
    "Setting",
    "SigningKey",
    "SimClock",
    "SimTokenError",
    "Stolen",
    "SweepResult",
    "TheftFailed",
    "TokenMinter",
    "TokenType",
    "Trace",
    "UnknownKeyError",
    "UnknownNameError",
    "UnsupportedCriticalError",
    "Verdict",
    "Verifier",
    "Violation",
    "Weakness",
    "World",
    "WrongTokenTypeError",
    "__version__",
    "apply_settings",
    "attempt",
    "audit",
    "compare",
    "derive_key",
    "get_preset",
    "get_scenario",
    "resolve_name",
    "run",
    "settings",
    "sweep",
    "to_mermaid",
]
