"""The nbgrader course, proven for every assignment: nbgrader's own commands, a fresh copy each.

For each assignment of ``exercises/``: the student release hides the solution and the hidden
tests; the release, submitted blank, fails only in the cells the student must fill (with
``NotImplementedError``) and scores 0; the instructor's solution scores full marks; a planted
wrong answer (one that hard-codes the visible example) scores less than full marks, because the
hidden tests re-run it on seeds it has not seen.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
COURSE = ROOT / "exercises"
ASSIGNMENTS = sorted(p.name for p in (COURSE / "source").iterdir() if p.is_dir())

WRONG: dict[str, str | tuple[str, ...]] = {
    "E1": 'return {"sub": "user-1", "aud": "https://api.example", "lifetime": 300}',
    "E2": (
        "h, p, s = token.split('.')\n    c = json.loads(jwt.utils.base64url_decode(p))\n"
        "    c['sub'] = 'admin'\n    raw = json.dumps(c, separators=(',', ':')).encode()\n"
        "    return h + '.' + jwt.utils.base64url_encode(raw).decode() + '.' + s",
        "iat = simtoken.SimClock().numeric_date(100)\n    claims = {'iss': ISSUER, 'sub': subject, "
        "'aud': API, 'iat': iat, 'exp': iat + lifetime, 'jti': 'x', 'token_use': 'access'}\n"
        "    return jwt.encode(claims, secret, algorithm='HS256', headers={'kid': kid, 'typ': 'at+jwt'})",
    ),
    "E3": "return 300",
    "E4": "return 0.1",
    "E5": "return presented == active - 1 and now - rotated_at <= grace_interval",
    "E6": 'return {"sender_constraint": "dpop", "refresh_token_lifetime": 172800}',
    "E7": (
        "return refresh_token_lifetime - theft_at, "
        "refresh_token_lifetime - theft_at + access_token_lifetime",
        "return detection_latency_s, detection_latency_s + 300",
    ),
    "E8": (
        "b = Bench()\n    return b.sign(b.header(alg='none'), admin_claims(b))",
        "b = Bench()\n    pem = key_material(b.key.verification_key)\n"
        "    return b.sign(b.header(alg='HS256'), admin_claims(b), pem)",
        "b = Bench()\n    header = b.header(alg='HS256', kid='../../../../dev/null')\n"
        "    return b.sign(header, admin_claims(b), b'')",
        "b = Bench()\n    header = b.header(kid=b.attacker_key.kid, jwk=b.attacker_key.public_jwk)\n"
        "    return b.sign(header, admin_claims(b), b.attacker_key)",
    ),
    "E9": (
        "return dict(pairs)",
        "return 1",
        "return json.loads(jwt.utils.base64url_decode(segment))",
        "return strict_json(token.split('.')[0]), strict_json(token.split('.')[1])",
        "return header.get('alg') == algorithm and header.get('typ') == 'at+jwt' "
        "and header.get('kid') in keys",
        "options = {'verify_exp': False, 'verify_nbf': False, 'verify_iat': False}\n    try:\n"
        "        return jwt.decode(token, key, algorithms=[algorithm], audience=API, "
        "issuer=ISSUER, options=options)\n    except jwt.InvalidTokenError:\n        return None",
        "return claims['iat'] <= now < claims['exp']",
        "found = parts(token)\n    if not header_ok(found[0], keys, algorithm):\n        return None\n"
        "    claims = signed_claims(token, keys[found[0]['kid']], algorithm)\n"
        "    return claims if claims is not None and times_ok(claims, now) else None",
    ),
    "E10": (
        'denylist[token] = jwt.decode(token, options={"verify_signature": False})["exp"]',
        "return token in denylist and now < denylist[token]",
        "ended = [key for key, exp in denylist.items() if exp <= now]\n"
        "    for key in ended:\n        del denylist[key]\n    return len(ended)",
        'live = [t for t in access_tokens if jwt.decode(t, options={"verify_signature": False})'
        '["exp"] > now]\n    for t in live:\n        deny(denylist, t)\n    return len(live)',
    ),
    "E11": tuple(
        "here = situation(7)\n    proof, key, other = here.proof, here.key, here.other\n    " + body
        for body in (
            'head, _, sig = proof.split(".")\n    claims = claims_of(proof) | {"htm": "POST"}\n'
            "    return head + '.' + jwt.utils.base64url_encode(json.dumps(claims).encode())"
            ".decode() + '.' + sig",
            'return jwt.encode(claims_of(proof), "k" * 32, algorithm="HS256", '
            'headers={"typ": "dpop+jwt"})',
            'return sign(claims_of(proof) | {"iat": claims_of(proof)["iat"] - 3600}, key)',
            'return sign(claims_of(proof) | {"ath": access_token_hash("x")}, key)',
            "return sign(claims_of(proof), other)",
        )
    ),
    "E12": "return 3.0, 0.983333",
    "E13": (
        'return Design(shared={"access_token_lifetime": 900, "rotation": True, '
        '"reuse_detection": "family", "grace_interval": 30, "refresh_token_lifetime": 604800, '
        '"refresh_token_idle_lifetime": 86400, "jwks_refetch": True}, spa={"storage": '
        '"cookie_bff", "single_flight": True}, mobile={"sender_constraint": "dpop"})'
    ),
}
"""A wrong answer per assignment that still passes its visible test: one text for every stub of
the release, or a tuple of texts, one per cell with a stub, in order."""

pytestmark = pytest.mark.slow


def _nbgrader(course: Path, *args: str) -> None:
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    subprocess.run(
        [sys.executable, "-m", "nbgrader", *args],
        cwd=course,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )


def _scores(course: Path, assignment: str) -> dict[str, tuple[float, float]]:
    """Each student's (score, max score), and the planted answer's on the autograded tests.

    The instructor gives the solution's written answers full marks by hand first (nbgrader
    leaves them to a person: ``needs_manual_grade``).
    """
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        for grade in _grades(gradebook, assignment, "blank"):
            assert not grade.needs_manual_grade, grade.name  # unchanged: 0, nothing to read
        for grade in _grades(gradebook, assignment, "solution"):
            if grade.cell_type == "markdown":
                assert grade.needs_manual_grade and grade.auto_score is None, grade.name
                grade.manual_score = grade.max_score
            else:
                assert grade.auto_score == grade.max_score, grade.name
        gradebook.db.commit()
        scores = {
            s.student.id: (s.score, s.max_score)
            for s in gradebook.find_assignment(assignment).submissions
        }
        tests = [g for g in _grades(gradebook, assignment, "wrong") if g.cell_type == "code"]
        scores["wrong, tests only"] = (sum(g.score for g in tests), sum(g.max_score for g in tests))
        return scores


def _grades(gradebook: Any, assignment: str, student: str) -> list[Any]:
    submission = gradebook.find_submission(assignment, student)
    return [grade for notebook in submission.notebooks for grade in notebook.grades]


def _blank_fails_only_in_the_students_cells(course: Path, assignment: str) -> None:
    """The blank release, as the autograder ran it, fails only where the student has work to do.

    It raises nothing but ``NotImplementedError``, and only in the cells the student fills or in
    the tests that call them.
    """
    path = course / "autograded" / "blank" / assignment / f"{assignment}.ipynb"
    errors = []
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        meta = cell["metadata"].get("nbgrader", {})
        for output in cell.get("outputs", []):
            if output["output_type"] == "error":
                errors.append(output["ename"])
                assert meta.get("solution") or meta.get("grade"), meta.get("grade_id")
    assert errors and set(errors) == {"NotImplementedError"}, errors


def _submit(course: Path, student: str, assignment: str, notebook: dict[str, object]) -> None:
    folder = course / "submitted" / student / assignment
    folder.mkdir(parents=True)
    (folder / f"{assignment}.ipynb").write_text(json.dumps(notebook), encoding="utf-8")


def _planted(release: dict[str, Any], answers: str | tuple[str, ...]) -> dict[str, Any]:
    """The release with each ``raise NotImplementedError()`` replaced by a planted answer."""
    wrong: dict[str, Any] = json.loads(json.dumps(release))
    stubs = [c for c in wrong["cells"] if "raise NotImplementedError()" in "".join(c["source"])]
    texts = (answers,) * len(stubs) if isinstance(answers, str) else answers
    assert len(texts) == len(stubs)
    for cell, text in zip(stubs, texts, strict=True):
        cell["source"] = "".join(cell["source"]).replace("raise NotImplementedError()", text)
    return wrong


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh copy of the course with every assignment released."""
    copy = tmp_path_factory.mktemp("course") / "exercises"
    shutil.copytree(COURSE, copy, ignore=shutil.ignore_patterns("release", "gradebook.db"))
    for assignment in ASSIGNMENTS:
        _nbgrader(copy, "generate_assignment", assignment, "--force")
    for student in ("solution", "blank", "wrong"):
        _nbgrader(copy, "db", "student", "add", student)
    return copy


def test_every_assignment_is_in_the_configuration() -> None:
    assert {"E1", "E3", "E4"} <= set(ASSIGNMENTS)
    assert set(WRONG) == set(ASSIGNMENTS)


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_the_release_hides_solutions_and_hidden_tests(course: Path, assignment: str) -> None:
    text = (course / "release" / assignment / f"{assignment}.ipynb").read_text(encoding="utf-8")
    assert "HIDDEN TESTS" not in text and "BEGIN SOLUTION" not in text
    assert "raise NotImplementedError()" in text
    committed = COURSE / "release" / assignment / f"{assignment}.ipynb"
    assert json.loads(committed.read_text(encoding="utf-8"))["cells"] == json.loads(text)["cells"]


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_solution_full_marks_blank_zero_wrong_less(course: Path, assignment: str) -> None:
    source = json.loads(
        (course / "source" / assignment / f"{assignment}.ipynb").read_text(encoding="utf-8")
    )
    release = json.loads(
        (course / "release" / assignment / f"{assignment}.ipynb").read_text(encoding="utf-8")
    )
    wrong = _planted(release, WRONG[assignment])
    _submit(course, "solution", assignment, source)
    _submit(course, "blank", assignment, release)
    _submit(course, "wrong", assignment, wrong)
    _nbgrader(course, "autograde", assignment, "--force")
    _blank_fails_only_in_the_students_cells(course, assignment)
    scores = _scores(course, assignment)
    full = scores["solution"][1]
    assert full > 0 and scores["solution"] == (full, full)
    assert scores["blank"] == (0.0, full)
    planted, tests = scores["wrong, tests only"]
    assert 0.0 <= planted < tests  # the autograded tests themselves catch the planted answer
