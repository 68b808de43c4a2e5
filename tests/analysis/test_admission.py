"""Admission of forged tokens: a working forgery, and each of the three ways one fails."""

from __future__ import annotations

from simtoken.analysis.admission import ADMIN, admission_problem, verdict_at
from simtoken.forgery.bench import Bench
from simtoken.jose.weakness import Weakness


def test_alg_none_as_admin_gets_past_the_weak_verifier_only() -> None:
    bench = Bench(seed=3, now=100.0)
    token = bench.sign(bench.header(alg="none"), bench.claims(**ADMIN))
    assert admission_problem(bench, token, Weakness.ACCEPT_ALG_NONE) == ""
    assert verdict_at(bench, token).reason == "alg_not_allowed"


def test_a_refused_token_says_why() -> None:
    bench = Bench()
    token = bench.sign(bench.header(alg="none"), bench.claims(**ADMIN))
    problem = admission_problem(bench, token, Weakness.KID_AS_PATH)
    assert problem.startswith("the kid_as_path verifier refuses it: alg_not_allowed")


def test_a_token_accepted_as_someone_else_is_no_escalation() -> None:
    bench = Bench()
    token = bench.sign(bench.header(alg="none"), bench.claims(sub="admin"))
    problem = admission_problem(bench, token, Weakness.ACCEPT_ALG_NONE)
    assert problem == "accepted, but as {'sub': 'admin', 'role': None}, not " + str(dict(ADMIN))


def test_a_genuine_token_is_no_forgery() -> None:
    bench = Bench()
    problem = admission_problem(bench, bench.issued(), Weakness.SKIP_AUDIENCE, {"sub": "attacker"})
    assert problem == "the hardened verifier accepts it too: not a forgery"
