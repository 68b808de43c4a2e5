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

from simtoken.attacks import ATTACKS, AttackClass, Attempt, attempt
from simtoken.audit import Violation, audit
from simtoken.clock import DEFAULT_EPOCH, SimClock
from simtoken.compare import Comparison, compare
from simtoken.config import RunConfig, Setting, apply_settings, settings
from simtoken.diagrams import to_mermaid
from simtoken.errors import (
    ConfigError,
    DuplicateClaimError,
    OversizedTokenError,
    SimTokenError,
    UnknownKeyError,
    UnknownNameError,
    UnsupportedCriticalError,
    WrongTokenTypeError,
)
from simtoken.events import (
    Accepted,
    Call,
    Event,
    Issued,
    Login,
    Lost,
    Page,
    Rejected,
    Request,
    ResponseLost,
    ReuseDetected,
    Revoked,
    Stolen,
    TheftFailed,
)
from simtoken.keys import ALGORITHMS, KeyPurpose, SigningKey, derive_key
from simtoken.metrics import Metrics
from simtoken.policy import Policy
from simtoken.presets import PRESETS, Preset, get_preset
from simtoken.result import Result
from simtoken.runner import run
from simtoken.scenarios import SCENARIOS, Scenario, get_scenario
from simtoken.sweep import SweepResult, sweep
from simtoken.tokens import TokenMinter, TokenType
from simtoken.trace import Trace
from simtoken.verify import Reason, Verdict, Verifier
from simtoken.weakness import Weakness
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
    "Comparison",
    "ConfigError",
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
    "run",
    "settings",
    "sweep",
    "to_mermaid",
]
