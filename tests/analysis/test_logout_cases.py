"""A logout run as denylist data: the session's tokens, the logout, the leaked copy's answers."""

from __future__ import annotations

import jwt
import pytest

from simtoken.analysis.logout_cases import EPOCH, logout_case


def test_seed_7_one_live_token_refused_as_revoked_until_its_exp() -> None:
    case = logout_case(7)
    assert (case.logout, case.end, case.live, len(case.tokens)) == (
        EPOCH + 3600.05,
        EPOCH + 4200.0,
        1,
        10,
    )
    exp = jwt.decode(case.tokens[-1], options={"verify_signature": False})["exp"]
    assert exp == EPOCH + 3638
    assert len(case.answers) == 30
    assert all(a.token == case.tokens[-1] for a in case.answers)
    # refused as revoked exactly while the token has not expired, then as expired
    assert [a.revoked for a in case.answers] == [a.at < exp for a in case.answers]
    assert sum(a.revoked for a in case.answers) == 2


def test_without_a_logout_there_is_no_case() -> None:
    with pytest.raises(ValueError, match="expected one logout, the run revoked 0 sessions"):
        logout_case(7, logout_at=0.0)
