"""The access settings: clients, workers, client type, operations and scopes fit each other."""

from __future__ import annotations

import pytest

from simtoken import ConfigError, RunConfig, UnknownNameError, apply_settings


@pytest.mark.parametrize(
    ("values", "field", "allowed"),
    [
        ({"clients": "0"}, "clients", "a whole number >= 1"),
        ({"clients": "-1", "workers": "1"}, "clients", "a whole number >= 0"),
        ({"workers": "-1"}, "workers", "a whole number >= 0"),
        ({"workers": "1", "worker_interval": "0"}, "worker_interval", "a number > 0"),
        ({"client_type": "secret"}, "client_type", "one of public, confidential"),
        ({"client_auth": "private_key_jwt"}, "client_auth", "one of client_secret_basic"),
        ({"operations": "read,admin"}, "operations", "one of read, write, delete"),
        ({"operations": "read,read"}, "operations", "each operation at most once"),
        ({"client_operations": "peek"}, "client_operations", "one of read, write, delete"),
        ({"allowed_operations": "all"}, "allowed_operations", "one of read, write, delete"),
        (
            {"operations": "write", "client_operations": "read"},
            "client_operations",
            "at least one of the operations the APIs offer (write)",
        ),
        (
            {"operations": "read", "audiences": "my api"},
            "audiences",
            "API names that make scope-tokens",
        ),
        (
            {"clients": "0", "workers": "1", "theft_vector": "xss"},
            "theft_vector",
            "none unless clients >= 1",
        ),
        (
            {"clients": "0", "workers": "1", "login_flow": "code", "flow_attack": "login_csrf"},
            "flow_attack",
            "none unless clients >= 1",
        ),
    ],
)
def test_access_settings_that_do_not_fit_name_their_field(
    values: dict[str, str], field: str, allowed: str
) -> None:
    with pytest.raises(ConfigError) as info:
        apply_settings(RunConfig(), values)
    assert info.value.field == field
    assert allowed in info.value.allowed


def test_an_unknown_operation_suggests_the_closest() -> None:
    with pytest.raises(UnknownNameError, match="did you mean 'write'"):
        apply_settings(RunConfig(), {"operations": "wrte"})


def test_fitting_access_settings_are_taken() -> None:
    config = apply_settings(
        RunConfig(),
        {
            "clients": "0",
            "workers": "2",
            "worker_interval": "1m",
            "client_type": "confidential",
            "client_auth": "client_secret_post",
            "operations": "read,write",
            "client_operations": "read",
            "allowed_operations": "",
        },
    )
    assert (config.clients, config.workers, config.worker_interval) == (0, 2, 60.0)
    assert (config.operations, config.client_operations, config.allowed_operations) == (
        ("read", "write"),
        ("read",),
        (),
    )
    assert RunConfig().operations == () and RunConfig().client_type == "public"
