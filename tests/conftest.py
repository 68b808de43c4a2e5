from __future__ import annotations

import pytest

import simtoken
from simtoken import Result


@pytest.fixture(scope="session")
def refresh7() -> Result:
    """The ``refresh`` scenario with seed 7 (default settings), run once per session."""
    return simtoken.run("refresh", seed=7)


@pytest.fixture(scope="session")
def sso7() -> Result:
    return simtoken.run("sso", seed=7)


@pytest.fixture(scope="session")
def expiry7() -> Result:
    return simtoken.run("expiry", seed=7)
