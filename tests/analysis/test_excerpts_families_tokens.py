"""Excerpts (finding events), families (refresh tokens by login) and decoded tokens, exact."""

from __future__ import annotations

import jwt
import pytest

import simtoken
from simtoken import Event, Login, ResponseLost, Result
from simtoken.analysis.decoded import LIFETIME, claim_values, claims_table, claims_text, unverified
from simtoken.analysis.excerpts import find, select
from simtoken.analysis.families import families, family_table


def test_find_gives_the_position_of_the_nth_match(refresh7: Result) -> None:
    trace = refresh7.trace
    first_401 = find(trace, "rejected")
    assert trace[first_401].kind == "rejected" and trace[first_401].actor == "api.example"
    assert all(e.kind != "rejected" for e in trace[:first_401])
    assert find(trace, "login") == 0
    relogin = find(trace, "login", nth=1)
    login = trace[relogin]
    assert isinstance(login, Login)
    assert (round(login.t, 3), login.reason) == (92_240.912, "refresh_failed")
    refused = find(trace, "rejected", actor="auth-server")
    assert refused == relogin - 1  # the refresh the auth server refused, then the login


def test_select_keeps_every_match_in_order(refresh7: Result) -> None:
    trace = refresh7.trace
    logins = select(trace, "login")
    assert [e.reason for e in logins if isinstance(e, Login)] == ["first", "refresh_failed"]
    assert len(logins) == 2
    refreshes = select(trace, "request", endpoint="refresh")
    assert len(refreshes) == refresh7.metrics.refreshes == 120  # the last one was refused
    assert select(trace, "request", endpoint="refresh", note="reactive") == refreshes
    assert len(select(trace, "request", endpoint="nowhere")) == 0


def test_a_field_an_outcome_lacks_is_matched_on_its_request() -> None:
    lost = simtoken.run("lost-response", seed=7, horizon=2 * 86_400, algorithm="HS256").trace
    dropped = find(lost, "response_lost", endpoint="refresh")

    def endpoint(e: Event) -> str:
        assert isinstance(e, ResponseLost)
        request = lost.request(e.request_id)
        assert request is not None
        return request.endpoint

    assert endpoint(lost[dropped]) == "refresh"
    assert "refresh" not in {endpoint(e) for e in lost[:dropped].of_kind("response_lost")}
    assert [e.kind for e in lost[dropped + 1 : dropped + 4]] == [
        "request",
        "reuse_detected",
        "revoked",
    ]
    # a refresh token for every login and every accepted refresh
    accepted_refreshes = select(lost, "accepted", endpoint="refresh")
    logins, issued = select(lost, "login"), select(lost, "issued", token_type="refresh")
    assert len(accepted_refreshes) + len(logins) == len(issued) == 141


def test_find_names_what_it_did_not_find(refresh7: Result) -> None:
    with pytest.raises(ValueError, match=r"no login event #2 in the trace"):
        find(refresh7.trace, "login", nth=2)
    with pytest.raises(ValueError, match=r"no rejected event #0 with reason='reused' in"):
        find(refresh7.trace, "rejected", reason="reused")


def test_families_group_refresh_tokens_by_login_and_share_one_exp() -> None:
    rotation = simtoken.run("rotation", seed=7, algorithm="HS256")
    grouped = families(rotation)
    assert [len(tokens) for tokens in grouped.values()] == [39, 82]
    assert [{e.expires for e in tokens} for tokens in grouped.values()] == [
        {86_400.0},
        {178_640.0},
    ]
    assert sum(map(len, grouped.values())) == len(rotation.issued("refresh"))
    assert family_table(rotation) == (
        "family (sid)      refresh tokens  exp (sim s)\n"
        "b2dc50931237c3cd              39        86400\n"
        "6f9b58c7dd37e2d6              82       178640"
    )


def test_families_of_one_holder_and_a_sliding_lifetime() -> None:
    f3b = simtoken.run("theft-f3b", seed=7, horizon=3 * 3600, algorithm="HS256")
    user, attacker = families(f3b, "client-1"), families(f3b, "attacker")
    assert user and attacker and not set(user) & set(attacker)  # the attacker's own login
    sliding = simtoken.run(
        "rotation", seed=7, horizon=3600, extend_on_rotate=True, algorithm="HS256"
    )
    (tokens,) = families(sliding).values()
    expiries = family_table(sliding).splitlines()[1].split(maxsplit=2)[2]
    assert expiries == ", ".join(f"{t:g}" for t in sorted({e.expires for e in tokens}))
    assert len(expiries.split(", ")) == len(tokens) > 1  # every rotation slides the end


def test_decoded_tokens_read_as_pyjwt_reads_them(refresh7: Result) -> None:
    access, refresh = refresh7.issued("access")[0], refresh7.issued("refresh")[0]
    header, claims = unverified(access.token)
    assert header == jwt.get_unverified_header(access.token)
    assert claims == jwt.decode(access.token, options={"verify_signature": False})
    assert claim_values(access.token, "typ", "aud", LIFETIME) == (
        "at+jwt",
        "https://api.example",
        300,
    )
    assert claim_values(refresh.token, "typ", "exp - iat", "cnf") == ("rt+jwt", 86_400, None)
    text = claims_text(claims)
    assert text.splitlines()[0] == "iss        https://as.example"
    assert text.splitlines()[-1] == "exp - iat = 300 seconds"
    assert claims_text({"sub": "x"}) == "sub  x"  # no lifetime without exp and iat
    assert claims_text({"exp": True, "iat": 1}) == "exp  True\niat  1"  # a bool is no time


def test_claims_table_lists_a_token_a_line(refresh7: Result) -> None:
    assert claims_table(refresh7.issued("refresh"), "sid", "iat", "exp", "cnf") == (
        "t         sid               iat         exp         cnf\n"
        "0.05      b2dc50931237c3cd  1767225600  1767312000  -\n"
        "92240.96  361c7c45756afdaa  1767317840  1767404240  -"
    )
