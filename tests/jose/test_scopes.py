"""Scopes: RFC 6749 §3.3 syntax, the names of API operations, downscoping and coverage."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from simtoken.jose.scopes import (
    METHODS,
    OPERATIONS,
    covers,
    downscope,
    format_scope,
    parse_scope,
    scope_for,
    scope_names,
)

# RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E )
NQCHAR = st.sampled_from([chr(c) for c in (0x21, *range(0x23, 0x5C), *range(0x5D, 0x7F))])
TOKENS = st.lists(st.text(NQCHAR, min_size=1, max_size=12), max_size=6)


@given(TOKENS)
def test_a_formatted_scope_parses_back_to_its_tokens_each_once(tokens: list[str]) -> None:
    assert parse_scope(format_scope(tokens)) == tuple(dict.fromkeys(tokens))


@pytest.mark.parametrize(
    "text", [" ", "read  write", " read", "read ", 'say "hi"', "back\\slash", "tab\tread", "é"]
)
def test_what_is_not_a_scope_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="is not a scope-token"):
        parse_scope(text)


@given(st.text(max_size=20))
def test_any_text_parses_or_is_refused_cleanly(text: str) -> None:
    try:
        tokens = parse_scope(text)
    except ValueError as exc:
        assert "RFC 6749 §3.3" in str(exc)
    else:
        assert all(token and " " not in token for token in tokens)


def test_the_empty_scope_is_no_tokens() -> None:
    assert parse_scope("") == () and format_scope([]) == ""


def test_each_operation_has_a_method_and_a_scope_per_api() -> None:
    assert METHODS == {"read": "GET", "write": "POST", "delete": "DELETE"}
    assert set(METHODS) == set(OPERATIONS)
    assert scope_for("https://api.example", "read") == "api.example:read"
    assert scope_for("https://api.example/a", "delete") == "api.example/a:delete"
    assert scope_names(["https://a.example", "https://b.example"], ["read", "write"]) == (
        "a.example:read",
        "a.example:write",
        "b.example:read",
        "b.example:write",
    )


def test_downscoping_keeps_the_apis_own_scopes_and_the_openid_ones() -> None:
    apis = ["https://mail.example", "https://calendar.example", "https://mail.example/old"]
    granted = (*scope_names(apis, ["read"]), "openid", "offline_access")
    assert downscope(granted, apis[0], apis) == ("mail.example:read", "openid", "offline_access")
    assert downscope(granted, apis[2], apis) == (
        "mail.example/old:read",
        "openid",
        "offline_access",
    )


def test_coverage_is_an_exact_case_sensitive_token_match() -> None:
    assert covers("openid api.example:read", "api.example:read")
    assert not covers("openid api.example:readwrite", "api.example:read")
    assert not covers("API.EXAMPLE:READ", "api.example:read")
    assert not covers("", "api.example:read")
