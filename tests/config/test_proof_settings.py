"""The proof-of-possession settings (server nonces, pre-computed proofs): defaults and bad input."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

import simtoken
from simtoken.config.proofs import ProofSettings
from simtoken.config.run import RunConfig
from simtoken.config.settings import SECONDS, apply_settings, settings
from simtoken.errors import ConfigError
from simtoken.policy.model import Policy

DPOP = Policy(sender_constraint="dpop")
NAMES = {f.name for f in dataclasses.fields(ProofSettings)}


def test_the_defaults_keep_every_run_as_it_was() -> None:
    config = RunConfig()
    assert (config.use_dpop_nonce, config.dpop_nonce_lifetime) == (False, 300.0)
    assert (config.precompute_horizon, config.precompute_step) == (86_400.0, 30.0)
    assert {
        "use_dpop_nonce",
        "dpop_nonce_lifetime",
        "precompute_horizon",
        "precompute_step",
    } == NAMES


def test_every_proof_setting_is_documented_and_durations_take_a_unit() -> None:
    catalog = settings()
    assert all(catalog[name].doc for name in NAMES)
    assert NAMES - {"use_dpop_nonce"} <= SECONDS
    config = apply_settings(RunConfig(policy=DPOP), {"dpop_nonce_lifetime": "2m"})
    assert config.dpop_nonce_lifetime == 120.0


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"dpop_nonce_lifetime": 0.0}, "dpop_nonce_lifetime"),
        ({"precompute_horizon": -1.0}, "precompute_horizon"),
        ({"precompute_step": float("nan")}, "precompute_step"),
        ({"precompute_step": 7200.0, "precompute_horizon": 3600.0}, "precompute_step"),
    ],
)
def test_bad_proof_settings_are_refused_naming_the_field(
    changes: dict[str, Any], field: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        RunConfig(**changes)
    assert caught.value.field == field


def test_precompute_with_a_script_and_dpop_is_a_valid_run() -> None:
    result = simtoken.run(
        "refresh",
        seed=1,
        horizon=1800.0,
        sender_constraint="dpop",
        theft_vector="persistent_xss",
        theft_at=60.0,
        attacker_strategy="precompute",
    )
    assert result.audit() == []


def test_without_a_script_in_the_page_precompute_is_immediate_and_nonces_need_dpop() -> None:
    def run(**changes: Any) -> dict[str, object]:
        return simtoken.run("theft", seed=7, horizon=7200.0, **changes).metrics.to_dict()

    device = {"theft_vector": "device", "sender_constraint": "dpop"}
    assert run(**device, attacker_strategy="precompute") == run(**device)
    assert run(use_dpop_nonce=True) == run()  # bearer tokens: no proof to carry a nonce
