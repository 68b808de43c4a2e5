"""One family of validators (simtoken.validate) checks the policy, the run, seeds and budgets."""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import simtoken.config.run as run_module
import simtoken.policy.model as model_module
import simtoken.world as world_module
from simtoken import ConfigError, Policy, RunConfig, UnknownNameError
from simtoken.config.budget import check_max_events
from simtoken.config.run import Storage
from simtoken.validate import check_seed, choice, flag, number, probability, seconds, whole


def _message(call: Callable[[], object]) -> str | None:
    try:
        call()
    except ConfigError as exc:
        return str(exc)
    return None


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: number("clients", 0, integer=True, minimum=1),
            "clients: invalid value 0; allowed: a whole number >= 1",
        ),
        (
            lambda: number("clients", 1.5, integer=True, minimum=1),
            "clients: invalid value 1.5; allowed: a whole number",
        ),
        (
            lambda: number("clients", 2**2000, integer=True),
            "clients: invalid value 'an integer of 2001 bits'; allowed: a whole number",
        ),
        (
            lambda: number("horizon", 0.0, positive=True),
            "horizon: invalid value 0.0; allowed: a number > 0",
        ),
        (lambda: number("horizon", float("nan")), "horizon: invalid value nan; allowed: a number"),
        (
            lambda: number("latency", True, minimum=0),
            "latency: invalid value True; allowed: a number",
        ),
        (
            lambda: number("latency", -0.5, minimum=0),
            "latency: invalid value -0.5; allowed: a number >= 0",
        ),
        (
            lambda: probability("loss", 1.0),
            "loss: invalid value 1.0; allowed: a probability in [0, 1)",
        ),
        (lambda: probability("loss", -0.1), "loss: invalid value -0.1; allowed: a number >= 0"),
        (
            lambda: whole("max_reuse", -1, minimum=0),
            "max_reuse: invalid value -1; allowed: a whole number >= 0",
        ),
        (
            lambda: whole("access_token_lifetime", 0, minimum=1, unit="seconds"),
            "access_token_lifetime: invalid value 0; allowed: a whole number of seconds >= 1",
        ),
        (
            lambda: seconds("leeway", -1),
            "leeway: invalid value -1; allowed: a number of seconds >= 0",
        ),
        (
            lambda: seconds("leeway", float("inf")),
            "leeway: invalid value inf; allowed: a number of seconds >= 0",
        ),
        (lambda: flag("tls", 1), "tls: invalid value 1; allowed: true or false"),
        (
            lambda: choice("storage", "disk", Storage),
            "storage: unknown name 'disk'; allowed: one of memory, web_storage, cookie_rt, "
            "cookie_bff, keystore",
        ),
        (lambda: check_seed(-1), "seed: invalid value -1; allowed: a whole number >= 0"),
        (lambda: check_seed(True), "seed: invalid value True; allowed: a whole number >= 0"),
        (lambda: check_max_events(0), "max_events: invalid value 0; allowed: a whole number >= 1"),
    ],
)
def test_each_validator_says_exactly_what_is_allowed(
    call: Callable[[], object], message: str
) -> None:
    assert _message(call) == message


def test_a_closed_set_of_names_raises_unknown_name_error() -> None:
    with pytest.raises(UnknownNameError) as info:
        choice("storage", "disk", Storage)
    assert info.value.choices == ("memory", "web_storage", "cookie_rt", "cookie_bff", "keystore")


def test_valid_values_pass_and_whole_numbers_come_back() -> None:
    assert whole("seed", 7, minimum=0) == 7
    assert check_seed(0) == 0
    for call in (
        lambda: number("x", 2, integer=True, minimum=1),
        lambda: probability("loss", 0.0),
        lambda: seconds("leeway", 0),
        lambda: flag("tls", False),
        lambda: choice("storage", "memory", Storage),
    ):
        assert _message(call) is None


def test_policy_and_run_config_have_no_validators_of_their_own() -> None:
    for module in (run_module, model_module):
        for private in ("_check_number", "_whole", "_seconds", "_flag", "_choice"):
            assert not hasattr(module, private), f"{module.__name__}.{private}"
    uses: dict[ModuleType, dict[str, object]] = {
        run_module: {"number": number, "probability": probability, "flag": flag, "choice": choice},
        model_module: {"whole": whole, "seconds": seconds, "flag": flag, "choice": choice},
        world_module: {"check_seed": check_seed},
    }
    for module, validators in uses.items():
        for name, validator in validators.items():
            assert vars(module)[name] is validator, f"{module.__name__}.{name}"
    assert "check_seed" not in world_module.__all__


_ANY = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=5),
)


@given(_ANY)
def test_a_bad_number_reads_the_same_in_a_policy_and_a_run(value: Any) -> None:
    pairs: list[tuple[Callable[[], object], Callable[[], object]]] = [
        (lambda: Policy(leeway=value), lambda: seconds("leeway", value)),
        (lambda: Policy(max_reuse=value), lambda: whole("max_reuse", value, minimum=0)),
        (
            lambda: Policy(access_token_lifetime=value),
            lambda: whole("access_token_lifetime", value, minimum=1, unit="seconds"),
        ),
        (lambda: Policy(rotation=value), lambda: flag("rotation", value)),
        (
            lambda: RunConfig(clients=value),
            lambda: number("clients", value, integer=True, minimum=1),
        ),
        (lambda: RunConfig(latency=value), lambda: number("latency", value, minimum=0)),
        (lambda: RunConfig(loss=value), lambda: probability("loss", value)),
        (lambda: RunConfig(tls=value), lambda: flag("tls", value)),
    ]
    for make, check in pairs:
        expected = _message(check)
        if expected is not None:
            assert _message(make) == expected
