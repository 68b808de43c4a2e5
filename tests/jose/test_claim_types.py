"""check_claim_types: its quick test for the common case never lets through what the full checks refuse."""

from __future__ import annotations

from typing import Any

import jwt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simtoken.jose import claims as claims_module
from simtoken.jose.claims import (
    MAX_NUMERIC_DATE,
    MIN_NUMERIC_DATE,
    STRING_CLAIMS,
    TIME_CLAIMS,
    check_claim_types,
)

NAMES = [*TIME_CLAIMS, *STRING_CLAIMS, "aud", "cnf", "scope_list", "extra"]
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(MIN_NUMERIC_DATE - 2, MAX_NUMERIC_DATE + 2),
    st.sampled_from([MIN_NUMERIC_DATE, MAX_NUMERIC_DATE, 0, -1, 1_767_242_620]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=5),
)
VALUES = st.one_of(
    SCALARS,
    st.lists(SCALARS, max_size=3),
    st.dictionaries(st.text(max_size=3), SCALARS, max_size=2),
)


def verdict(claims: dict[str, Any], *, lenient: bool = False) -> str:
    try:
        check_claim_types(claims, lenient=lenient)
    except jwt.DecodeError as exc:
        return str(exc)
    return "ok"


@settings(max_examples=600, deadline=None)
@given(st.dictionaries(st.sampled_from(NAMES), VALUES, max_size=6), st.booleans())
def test_the_quick_test_gives_the_full_checks_verdict(
    claims: dict[str, Any], lenient: bool
) -> None:
    quick = verdict(claims, lenient=lenient)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(claims_module, "_plainly_typed", lambda _claims: False)
        full = verdict(claims, lenient=lenient)
    assert quick == full


def test_the_quick_test_takes_a_minted_tokens_claims_and_leaves_the_rest() -> None:
    minted = {"iss": "https://as.example", "aud": ["a", "b"], "iat": 1, "exp": 2, "cnf": {}}
    assert claims_module._plainly_typed(minted)
    assert claims_module._plainly_typed({"exp": None, "custom": 1.5})  # null counts as missing
    for odd in ({"exp": 1.5}, {"iat": True}, {"sub": 3}, {"aud": ["a", 1]}, {"cnf": "x"}):
        assert not claims_module._plainly_typed(odd), odd
    assert verdict({"exp": 1.5}) == "ok"  # a float NumericDate is fine, decided the full way
