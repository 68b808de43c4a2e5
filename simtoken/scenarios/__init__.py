"""The scenario catalog: every named scenario, by name.

Each scenario module's docstring states what it covers, its story and the expected outcome;
``simtoken list`` shows the summaries.
"""

from simtoken.errors import UnknownNameError
from simtoken.scenarios.base import Scenario
from simtoken.scenarios.expiry import EXPIRY
from simtoken.scenarios.refresh import REFRESH
from simtoken.scenarios.sso import SSO

__all__ = ["SCENARIOS", "Scenario", "get_scenario"]

SCENARIOS: dict[str, Scenario] = {s.name: s for s in (EXPIRY, REFRESH, SSO)}
"""All scenarios, by name, in catalog order."""


def get_scenario(name: str) -> Scenario:
    """The scenario called ``name``; raises :class:`~simtoken.errors.UnknownNameError` otherwise."""
    try:
        return SCENARIOS[name]
    except (KeyError, TypeError):
        raise UnknownNameError("scenario", name, SCENARIOS) from None
