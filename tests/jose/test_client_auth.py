"""Client authentication: seeded secrets, client_secret_basic and client_secret_post."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from simtoken.jose.client_auth import (
    client_secret,
    credentials_params,
    presented_credentials,
    same_secret,
)
from simtoken.jose.keys import NAMED_PURPOSES, KeyPurpose, derivation_input


def test_a_secret_is_a_function_of_seed_and_client_only() -> None:
    assert client_secret(7, "worker-1") == client_secret(7, "worker-1")
    secrets = {client_secret(seed, c) for seed in (0, 7, 8) for c in ("client-1", "worker-1")}
    assert len(secrets) == 6
    assert all(len(s) == 43 for s in secrets)  # 256 bits, base64url without padding


def test_no_secret_derivation_input_is_a_key_derivation_input() -> None:
    # Secrets come from "simtoken/client-secret/...", keys from "simtoken/key/...".
    keys = {derivation_input(p, "HS256", 7, "x" if p in NAMED_PURPOSES else 0) for p in KeyPurpose}
    assert all(k.startswith("simtoken/key/") for k in keys)


@given(st.text(min_size=1, max_size=30), st.text(max_size=30))
def test_basic_credentials_read_back_whatever_the_characters(client_id: str, secret: str) -> None:
    params = credentials_params(client_id, secret, "client_secret_basic")
    assert set(params) == {"authorization"} and params["authorization"].startswith("Basic ")
    assert presented_credentials(params) == (client_id, secret)


def test_post_credentials_are_two_parameters() -> None:
    params = credentials_params("app", "s3cret", "client_secret_post")
    assert params == {"client_id": "app", "client_secret": "s3cret"}
    assert presented_credentials(params) == ("app", "s3cret")
    assert presented_credentials({}) == (None, None)
    assert presented_credentials({"client_id": "spa"}) == ("spa", None)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        (
            {"authorization": "Basic YTpi", "client_secret": "b"},
            "more than one client authentication method",
        ),
        ({"authorization": "Bearer YTpi"}, "malformed Basic"),
        ({"authorization": "Basic not*base64"}, "malformed Basic"),
        ({"authorization": "Basic bm9jb2xvbg=="}, "without ':'"),  # "nocolon"
        ({"authorization": "Basic YTpi", "client_id": "z"}, "client_id differs"),  # "a:b"
    ],
)
def test_malformed_or_double_authentication_is_refused(
    params: dict[str, str], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        presented_credentials(params)


def test_secrets_compare_in_constant_time_and_exactly() -> None:
    assert same_secret("abc", "abc")
    assert not same_secret("abc", "abd") and not same_secret("abc", "abcd")
