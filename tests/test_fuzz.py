"""Fuzzing: random and mutated inputs against the verifiers and every server request handler.

The slow tests (marker ``slow``, run by ``make test``) draw ``SIMTOKEN_FUZZ_EXAMPLES``
examples each (default 10,000); ``pytest -m "not slow"`` skips them for quick runs. Every
input must end in a verdict or a response (never an unhandled exception), the hardened
verifier must never accept bytes other than a genuine token's, and every request sent through
the network must get exactly one recorded outcome.
"""

from __future__ import annotations

import os
from collections.abc import Generator
from typing import Any

import jwt
import jwt.utils
import pytest
from conftest import FUZZ_COUNTS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import simtoken
from simtoken.actors.network import Message, Response
from simtoken.config.run import RunConfig
from simtoken.forgery.attacks import ATTACKS
from simtoken.forgery.bench import Bench
from simtoken.jose.tokens import TokenType
from simtoken.jose.verify import Verdict
from simtoken.jose.weakness import Weakness
from simtoken.names import AUTH_SERVER, DEFAULT_AUDIENCE, ISSUER
from simtoken.world import World

EXAMPLES = int(os.environ.get("SIMTOKEN_FUZZ_EXAMPLES", "10000"))
BENCH = Bench()
GENUINE = {t: BENCH.issued(t) for t in TokenType}
FORGED = [a.make(Bench(algorithm=a.algorithm)) for a in ATTACKS]
HARDENED = BENCH.verifier()
WEAK = [BENCH.verifier(frozenset([w])) for w in Weakness]
SLOW = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,
)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)


def _b64(data: bytes) -> str:
    return jwt.utils.base64url_encode(data).decode("ascii")


@st.composite
def mutated(draw: st.DrawFn) -> str:
    """A genuine or forged token with one mutation."""
    token = draw(st.sampled_from([*GENUINE.values(), *FORGED]))
    how = draw(st.sampled_from(["flip", "cut", "dot", "segment", "json", "none"]))
    if how == "none":
        return token
    i = draw(st.integers(0, len(token) - 1))
    if how == "flip":
        return token[:i] + draw(st.characters(max_codepoint=0x17F)) + token[i + 1 :]
    if how == "cut":
        return token[:i]
    if how == "dot":
        return token[:i] + "." + token[i:]
    parts = token.split(".")
    k = draw(st.integers(0, len(parts) - 1))
    if how == "segment":
        parts[k] = _b64(draw(st.binary(max_size=64)))
    else:
        import json

        parts[k] = _b64(json.dumps(draw(json_values)).encode())
    return ".".join(parts)


text_tokens = st.one_of(
    mutated(),
    st.text(max_size=80),
    st.binary(max_size=80).map(lambda b: b.decode("latin-1")),
    st.none(),
)
tokens = text_tokens | st.integers()
FLOW_KEYS = [
    "response_type", "client_id", "redirect_uri", "state", "code_challenge",
    "code_challenge_method", "prompt", "idp_session", "grant_type", "code", "code_verifier",
]  # fmt: skip
FLOW_VALUES = [
    "code", "token", "none", "login", "client-1", "https://app.example/callback", "S256", "plain",
    "authorization_code", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
    "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk",
]  # fmt: skip
PARAMS = st.dictionaries(
    st.sampled_from(["user", "audience", "scope", "x", *FLOW_KEYS]),
    st.sampled_from(["user-1", DEFAULT_AUDIENCE, ISSUER, "offline_access", "", "?", *FLOW_VALUES]),
    max_size=8,
)


def _same_token(a: str, b: str) -> bool:
    try:
        return [jwt.utils.base64url_decode(p) for p in a.split(".")] == [
            jwt.utils.base64url_decode(p) for p in b.split(".")
        ]
    except Exception:
        return False


def _check_verifiers(token: object, expected: TokenType) -> None:
    verdict = HARDENED.check(token, now=3600.0, audience=DEFAULT_AUDIENCE, expected_type=expected)
    assert isinstance(verdict, Verdict)
    if verdict.accepted:
        assert isinstance(token, str) and _same_token(token, GENUINE[expected]), token
    for weak in WEAK:
        assert isinstance(
            weak.check(token, now=3600.0, audience=DEFAULT_AUDIENCE, expected_type=expected),
            Verdict,
        )


@pytest.mark.slow
def test_verifiers_fuzz() -> None:
    count = 0

    @SLOW
    @given(tokens, st.sampled_from(list(TokenType)))
    def fuzz(token: object, expected: TokenType) -> None:
        nonlocal count
        count += 1
        _check_verifiers(token, expected)

    fuzz()
    FUZZ_COUNTS["verifiers (hardened + 23 weak)"] = count
    assert count >= min(EXAMPLES, 10_000)


# -- the servers' request handlers -------------------------------------------------------------

ENDPOINTS = [
    "login", "refresh", "revoke", "logout", "password_change", "admin_revoke", "introspect",
    "jwks", "api", "authorize", "token", "", "nope",
]  # fmt: skip


def _world() -> World:
    config = simtoken.apply_settings(
        RunConfig(),
        {
            "horizon": 60.0,
            "rotation": True,
            "reuse_detection": "family",
            "validation": "introspection",
            "algorithm": "EdDSA",  # fast signing: the handlers are under test, not RSA
        },
    )
    return World(config, seed=7)


@st.composite
def messages(draw: st.DrawFn) -> Message:
    return Message(
        request_id=draw(st.integers(0, 10**6)),
        sender=draw(st.sampled_from(["client-1", "attacker", "x"])),
        target=draw(st.sampled_from([AUTH_SERVER, "api.example"])),
        endpoint=draw(st.sampled_from(ENDPOINTS)),
        token=draw(text_tokens),
        params=draw(PARAMS),
        proof=draw(st.none() | st.text(max_size=20)),
    )


def _answer(world: World, message: Message) -> Response:
    server = world.network.servers[message.target]
    answer = server.handle(message)
    if isinstance(answer, Response):
        return answer
    done: dict[str, Response] = {}

    def finish() -> Generator[Any, Any, None]:
        done["response"] = yield from answer

    world.env.run(until=world.env.process(finish()))
    return done["response"]


@pytest.mark.slow
def test_request_handlers_fuzz() -> None:
    world = _world()
    count = 0

    @SLOW
    @given(messages())
    def fuzz(message: Message) -> None:
        nonlocal count
        count += 1
        response = _answer(world, message)
        assert isinstance(response.status, int) and (response.ok or response.reason)

    fuzz()
    FUZZ_COUNTS["auth-server and API handlers"] = count
    assert count >= min(EXAMPLES, 10_000)


@settings(max_examples=150, deadline=None, database=None)
@given(
    st.lists(
        st.tuples(
            text_tokens,
            st.floats(0, 59),
            st.sampled_from([AUTH_SERVER, "api.example"]),
            st.sampled_from(ENDPOINTS),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_every_fuzzed_request_gets_exactly_one_outcome(
    requests: list[tuple[str | None, float, str, str]],
) -> None:
    world = _world()
    for token, at, target, endpoint in requests:
        world.present(token, at=at, to=target, endpoint=endpoint, actor="fuzzer")
    result = world.run()
    assert result.audit() == []
    fuzzed = [e for e in result.trace.of_kind("request") if e.actor == "fuzzer"]
    assert len(fuzzed) == len(requests)
