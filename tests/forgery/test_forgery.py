"""Forged and misdirected tokens (F10): one named test per attack class.

Each test shows the hardened verifier rejecting the forgery with a named reason, and a
verifier with exactly the attack's weakness switched on accepting it (and whose identity the
attacker then has): the table ``VERDICTS``, one parametrized test per class, plus tests of what
some forgeries look like. test_only_its_weakness_lets_it_in checks the whole attack x weakness
matrix.
"""

from __future__ import annotations

import jwt
import pytest

from simtoken import apply_settings
from simtoken.config.run import RunConfig
from simtoken.errors import ConfigError, UnknownNameError
from simtoken.forgery.attacks import ATTACKS, attempt, catalog, get_attack
from simtoken.forgery.bench import ATTACKER_JKU, WEAK_SECRET, Bench, crack_hs256, wordlist
from simtoken.forgery.refresh_flaw import logged_token, refresh
from simtoken.jose.naive import key_material, sql_lookup
from simtoken.jose.reasons import Reason
from simtoken.jose.tokens import TokenType
from simtoken.jose.weakness import Weakness, parse_weaknesses
from simtoken.names import DEFAULT_AUDIENCE
from simtoken.world import World


def check(name: str, reason: Reason, weakness: Weakness, sub: str) -> None:
    hardened = attempt(name)
    assert not hardened.accepted
    assert hardened.verdict.reason is reason, hardened.verdict
    vulnerable = attempt(name, [weakness])
    assert vulnerable.accepted, vulnerable.verdict
    assert vulnerable.verdict.claims["sub"] == sub
    cls = get_attack(name)
    assert (cls.hardened, cls.weakness) == (reason, weakness)


# One row per attack class: the hardened verifier's reason, the one weakness that lets the
# forgery in, and whose identity the attacker then has. Each row is a named test of its own.
VERDICTS = [
    ("alg_none", Reason.ALG_NOT_ALLOWED, Weakness.ACCEPT_ALG_NONE, "victim"),
    ("alg_confusion", Reason.ALG_NOT_ALLOWED, Weakness.ALG_FROM_HEADER, "victim"),
    ("unverified_signature", Reason.BAD_SIGNATURE, Weakness.SKIP_SIGNATURE, "victim"),
    ("tampered_payload", Reason.BAD_SIGNATURE, Weakness.SKIP_SIGNATURE, "victim"),
    ("weak_hmac_secret", Reason.BAD_SIGNATURE, Weakness.WEAK_HMAC_SECRET, "victim"),
    ("wrong_audience", Reason.WRONG_AUDIENCE, Weakness.SKIP_AUDIENCE, "attacker"),
    ("wrong_issuer", Reason.WRONG_ISSUER, Weakness.SKIP_ISSUER, "victim"),
    ("missing_exp", Reason.MISSING_CLAIM, Weakness.EXP_OPTIONAL, "attacker"),
    ("expired", Reason.EXPIRED, Weakness.SKIP_EXPIRY, "attacker"),
    ("future_nbf", Reason.NOT_YET_VALID, Weakness.SKIP_NOT_BEFORE, "attacker"),
    ("future_iat", Reason.NOT_YET_VALID, Weakness.SKIP_NOT_BEFORE, "attacker"),
    ("refresh_as_access", Reason.WRONG_TOKEN_TYPE, Weakness.SKIP_TYPE_CHECK, "attacker"),
    ("access_as_refresh", Reason.WRONG_TOKEN_TYPE, Weakness.SKIP_TYPE_CHECK, "attacker"),
    ("unknown_kid", Reason.UNKNOWN_KEY, Weakness.FALLBACK_KEY, "victim"),
    ("kid_path_traversal", Reason.UNKNOWN_KEY, Weakness.KID_AS_PATH, "victim"),
    ("kid_sql_injection", Reason.UNKNOWN_KEY, Weakness.KID_IN_SQL, "victim"),
    ("jku_header", Reason.UNKNOWN_KEY, Weakness.FOLLOW_JKU, "victim"),
    ("embedded_jwk", Reason.UNKNOWN_KEY, Weakness.TRUST_EMBEDDED_JWK, "victim"),
    ("crit_unknown", Reason.UNSUPPORTED_CRITICAL, Weakness.IGNORE_CRIT, "attacker"),
    ("retired_key", Reason.UNKNOWN_KEY, Weakness.KEEP_RETIRED_KEYS, "victim"),
    ("duplicate_claims", Reason.DUPLICATE_CLAIM, Weakness.ALLOW_DUPLICATE_CLAIMS, "admin"),
    ("oversized_token", Reason.OVERSIZED, Weakness.NO_SIZE_LIMIT, "attacker"),
    ("nested_claims", Reason.MALFORMED, Weakness.NO_DEPTH_LIMIT, "attacker"),
    ("non_json_segment", Reason.MALFORMED, Weakness.LENIENT_JSON, "victim"),
    ("non_utf8_segment", Reason.MALFORMED, Weakness.LENIENT_UTF8, "victim"),
    ("other_issuer_key", Reason.UNKNOWN_KEY, Weakness.TRUST_OTHER_ISSUERS_KEYS, "victim"),
    ("refresh_binding", Reason.SESSION_MISMATCH, Weakness.REFRESH_USER_FROM_ACCESS_TOKEN, "victim"),
]


@pytest.mark.parametrize(
    ("name", "reason", "weakness", "sub"), VERDICTS, ids=[r[0] for r in VERDICTS]
)
def test_attack_class(name: str, reason: Reason, weakness: Weakness, sub: str) -> None:
    check(name, reason, weakness, sub)


def test_every_attack_class_has_exactly_one_row() -> None:
    names = [row[0] for row in VERDICTS]
    assert len(names) == len(set(names)) == len(ATTACKS) == 27
    assert set(names) == {a.name for a in ATTACKS}


def test_alg_none() -> None:
    token = attempt("alg_none").token
    assert token.endswith(".") and jwt.get_unverified_header(token)["alg"] == "none"


def test_alg_confusion_rs256_to_hs256() -> None:
    # PyJWT itself refuses the PEM as an HMAC secret: the hardened path never gets that far
    pem = key_material(Bench().key.verification_key)
    assert pem.startswith(b"-----BEGIN PUBLIC KEY-----")
    with pytest.raises(jwt.InvalidKeyError):
        jwt.decode(attempt("alg_confusion").token, pem, algorithms=["HS256"])


def test_tampered_payload() -> None:
    forged, real = attempt("tampered_payload").token, Bench().issued()
    assert forged.split(".")[2] == real.split(".")[2] and forged != real


def test_weak_hmac_secret_cracked_from_word_list() -> None:
    assert crack_hs256(Bench(algorithm="HS256", weak_secret=True).issued()) == WEAK_SECRET
    assert crack_hs256(Bench(algorithm="HS256").issued()) is None  # 32 random bytes
    assert WEAK_SECRET in wordlist() and len(wordlist()) == 82


def test_missing_exp() -> None:
    assert "exp" in attempt("missing_exp").verdict.detail


def test_nbf_in_the_future() -> None:
    assert attempt("future_nbf").verdict.detail == "The token is not yet valid (nbf)"


def test_iat_in_the_future() -> None:
    assert attempt("future_iat").verdict.detail == "The token is not yet valid (iat)"


def test_access_token_used_as_refresh_token() -> None:
    assert get_attack("access_as_refresh").present_as is TokenType.REFRESH


def test_kid_path_traversal() -> None:
    # PyJWT refuses an empty HMAC key; only the hand-rolled check takes /dev/null's bytes
    with pytest.raises(jwt.InvalidKeyError):
        jwt.decode(attempt("kid_path_traversal").token, b"", algorithms=["HS256"])


def test_kid_sql_injection() -> None:
    assert sql_lookup("x' UNION SELECT 'pwned", {}) == b"pwned"
    assert sql_lookup("k1", {"k1": b"s"}) == b"s" and sql_lookup("k2", {}) is None


def test_oversized_token() -> None:
    assert len(attempt("oversized_token").token) > 65_536


def test_deeply_nested_claims() -> None:
    assert "nested deeper than 8" in attempt("nested_claims").verdict.detail


def test_non_json_segment() -> None:
    assert attempt("non_json_segment", [Weakness.LENIENT_JSON]).verdict.claims["exp"] == float(
        "inf"
    )


def test_non_utf8_segment() -> None:
    assert "not UTF-8" in attempt("non_utf8_segment").verdict.detail


# A weakness lets in its own attack and nothing else, except where one mistake opens two doors.
EXTRA = {("weak_hmac_secret", Weakness.SKIP_SIGNATURE)}  # a guessed signature is never checked


def test_only_its_weakness_lets_it_in() -> None:
    for attack in ATTACKS:
        for weakness in Weakness:
            accepted = attempt(attack, [weakness]).accepted
            expected = weakness is attack.weakness or (attack.name, weakness) in EXTRA
            assert accepted is expected, (attack.name, weakness)


@pytest.mark.parametrize("algorithm", ["RS256", "HS256"])
def test_real_tokens_pass_every_single_weakness(algorithm: str) -> None:
    """The naive pipeline is not a sieve: one weakness never refuses a genuine token."""
    for weakness in Weakness:
        bench = Bench(algorithm=algorithm, weak_secret=weakness is Weakness.WEAK_HMAC_SECRET)
        for token_type in TokenType:
            verdict = bench.verifier(frozenset([weakness])).check(
                bench.issued(token_type),
                now=3600.0,
                audience=DEFAULT_AUDIENCE,
                expected_type=token_type,
            )
            assert verdict.accepted, (weakness, token_type, verdict)


def test_catalog_table() -> None:
    rows = catalog()
    assert [r["attack"] for r in rows] == [a.name for a in ATTACKS]
    assert all(r["vulnerable"].startswith("accepted (sub=") for r in rows)
    assert {r["hardened"] for r in rows} == {
        "alg_not_allowed", "bad_signature", "wrong_audience", "wrong_issuer", "missing_claim",
        "expired", "not_yet_valid", "wrong_token_type", "unknown_key", "unsupported_critical",
        "duplicate_claim", "oversized", "malformed", "session_mismatch",
    }  # fmt: skip


def test_refresh_binding_hardened_refuses_another_users_access_token() -> None:
    """The WebGoat / emtunc.org refresh flaw: the attacker's own refresh token, the victim's
    expired access token from a log. Hardened, the user comes from the refresh token's grant
    and the mismatch is refused; flawed, the new tokens are the victim's."""
    bench = Bench()
    own, logged = attempt("refresh_binding").token, logged_token(bench)
    assert jwt.decode(own, options={"verify_signature": False})["sub"] == "attacker"
    expired = bench.verifier().check(
        logged, now=bench.now, audience=DEFAULT_AUDIENCE, expected_type=TokenType.ACCESS
    )
    assert expired.reason is Reason.EXPIRED  # the log copy no API would take any more
    hardened = refresh(bench, own, logged)
    assert (hardened.accepted, hardened.reason) == (False, Reason.SESSION_MISMATCH)
    assert refresh(bench, own, None).claims["sub"] == "attacker"  # no header: its own session


def test_refresh_binding_vulnerable_renews_the_victims_session() -> None:
    bench = Bench()
    own, logged = bench.issued(TokenType.REFRESH), logged_token(bench)
    flawed = refresh(bench, own, logged, [Weakness.REFRESH_USER_FROM_ACCESS_TOKEN])
    assert flawed.accepted and (flawed.claims["sub"], flawed.claims["sid"]) == (
        "victim",
        "s-victim",
    )
    # the flaw reads an expired token, never one with a bad signature
    forged = bench.sign(bench.header(), bench.claims(sub="victim"), bench.attacker_key)
    refused = refresh(bench, own, forged, [Weakness.REFRESH_USER_FROM_ACCESS_TOKEN])
    assert refused.reason is Reason.BAD_SIGNATURE


def test_bad_names() -> None:
    with pytest.raises(
        UnknownNameError,
        match=r"attack: unknown name 'alg_nope'; did you mean 'alg_none'\? allowed: one of alg_none",
    ):
        get_attack("alg_nope")
    with pytest.raises(ConfigError, match="vulnerable: unknown name 'skip_all'; allowed: none, or"):
        parse_weaknesses("skip_expiry,skip_all")
    assert parse_weaknesses("none") == frozenset() == parse_weaknesses("")


def test_bench_key_sources_are_the_one_set_the_weak_verifiers_reach() -> None:
    bench = Bench(seed=3)
    sources = bench.key_sources()
    assert sources.retired == {bench.retired_key.kid: bench.retired_key.verification_key}
    assert sources.other_issuers == {bench.tenant_key.kid: bench.tenant_key.verification_key}
    assert sources.web == {ATTACKER_JKU: bench.attacker_key.jwks()}
    assert bench.verifier(frozenset([Weakness.FOLLOW_JKU])).sources == sources
    world = World(apply_settings(RunConfig(), {"vulnerable": "follow_jku"}), seed=3)
    assert world.bench.seed == 3
    assert world._weaken(bench.verifier()).sources == sources
