"""The invariant auditor: clean runs pass, and each planted violation is caught by its kind."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import simtoken
from simtoken.cli import main
from simtoken.record.audit import VIOLATION_KINDS, audit


@pytest.fixture(scope="module")
def grace_doc() -> dict[str, Any]:
    return simtoken.run("grace-interval", seed=7, horizon=30_000).to_dict()


@pytest.fixture(scope="module")
def tabs_doc() -> dict[str, Any]:
    return simtoken.run("concurrent-tabs", seed=7, horizon=20_000).to_dict()


@pytest.fixture(scope="module")
def interception_doc() -> dict[str, Any]:
    """The code-interception attack without PKCE: the app's own redemption refused as reused."""
    return simtoken.run("code-interception", seed=7, horizon=600).to_dict()


@pytest.fixture(scope="module")
def code_doc() -> dict[str, Any]:
    """A code flow with S256 PKCE whose first redemption is accepted."""
    return simtoken.run("refresh", seed=7, horizon=600, login_flow="code").to_dict()


@pytest.fixture(scope="module")
def scopes_doc() -> dict[str, Any]:
    return simtoken.run("scopes", seed=7).to_dict()


@pytest.fixture(scope="module")
def workers_doc() -> dict[str, Any]:
    return simtoken.run("client-credentials", seed=7, horizon=3600).to_dict()


@pytest.fixture(scope="module")
def cookie_doc() -> dict[str, Any]:
    return simtoken.run("cookie-refresh", seed=7).to_dict()


@pytest.fixture(scope="module")
def fingerprint_doc() -> dict[str, Any]:
    return simtoken.run("fingerprint", seed=7, horizon=3 * 3600).to_dict()


@pytest.fixture(scope="module")
def copied_cookie_doc() -> dict[str, Any]:
    """A session cookie copied off the device, without DBSC: it works all along."""
    return simtoken.run("dbsc", seed=7, dbsc=False, horizon=3 * 3600).to_dict()


@pytest.fixture(scope="module")
def csrf_doc() -> dict[str, Any]:
    return simtoken.run("csrf", seed=7, horizon=3 * 3600).to_dict()


@pytest.fixture(scope="module")
def compromise_doc() -> dict[str, Any]:
    """A key-compromise run without the thief's requests (its forgeries are unissued tokens).

    The rotation comes at 8,800 s, while the users are calling: their tokens signed by the
    leaked key keep being accepted (8,805.8 s ...) as the API's cache still lists it.
    """
    doc = simtoken.run("key-compromise", seed=7, emergency_rotation_at=8_800.0).to_dict()
    thief = {e.get("request_id") for e in doc["events"] if e.get("actor") == "attacker"} - {None}
    doc["events"] = [
        e
        for e in doc["events"]
        if e.get("actor") != "attacker" and e.get("request_id") not in thief
    ]
    return doc


@pytest.mark.parametrize(
    "name",
    [
        "refresh",
        "sso",
        "rotation",
        "concurrent-tabs",
        "logout",
        "theft-f2",
        "theft-f3",
        "sso-apps",
        "single-logout",
        "code-interception",
        "redirect-uri",
        "login-csrf",
        "implicit-leak",
        "scopes",
        "client-credentials",
        "cookie-refresh",
        "csrf",
    ],
)
def test_clean_runs_have_no_violations(name: str) -> None:
    assert simtoken.run(name, seed=7, horizon=20_000).audit() == []


def kinds(doc: dict[str, Any]) -> set[str]:
    return {v.kind for v in audit(doc)}


Doc = dict[str, Any]


def _missing_outcome(doc: Doc) -> None:
    del doc["events"][next(i for i, e in enumerate(doc["events"]) if e["kind"] == "accepted")]


def _accepted_after_expiry(doc: Doc) -> None:
    issued = next(e for e in doc["events"] if e["kind"] == "issued" and e["token_type"] == "access")
    issued["expires"] = issued["t"] + 1  # the token now dies a second after its issue


def _refresh_token_at_an_api(doc: Doc) -> None:
    refresh = next(
        e for e in doc["events"] if e["kind"] == "issued" and e["token_type"] == "refresh"
    )
    accepted = next(
        e
        for e in doc["events"]
        if e["kind"] == "accepted" and e["actor"] == "api.example" and e["t"] < refresh["expires"]
    )
    accepted["token"] = refresh["token"]


def _replay_outside_grace(doc: Doc) -> None:
    doc["config"]["grace_interval"] = 1.0  # the retry at +5 s is now outside the window


def _late_revocation(doc: Doc) -> None:
    doc["events"] = [e for e in doc["events"] if e["kind"] != "revoked"]


def _outlives_family(doc: Doc) -> None:
    refreshes = [e for e in doc["events"] if e["kind"] == "issued" and e["token_type"] == "refresh"]
    refreshes[1]["expires"] = refreshes[0]["expires"] + 3600


def _unissued_token(doc: Doc) -> None:
    accepted = next(
        e for e in doc["events"] if e["kind"] == "accepted" and e["actor"] == "api.example"
    )
    accepted["token"] = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9."  # alg none, sub admin


@pytest.fixture(scope="module")
def sso_doc() -> dict[str, Any]:
    """Two apps, one silent sign-in, a back-channel logout and a logout notice."""
    return simtoken.run("single-logout", seed=7).to_dict()


def _silent_without_session(doc: Doc) -> None:
    silent = next(e for e in doc["events"] if e["kind"] == "silent_sign_in")
    silent["session_expires"] = silent["t"] - 1.0  # the session had expired before it


def _notice_without_logout(doc: Doc) -> None:
    ended = next(e for e in doc["events"] if e["kind"] == "idp_logout")
    ended["idp_session"] = "0000000000000000"  # the noticed session was never ended


def _refresh_after_notice(doc: Doc) -> None:
    """The notified app refreshes with its old refresh token after the notice, and gets in."""
    events = doc["events"]
    at = next(i for i, e in enumerate(events) if e["kind"] == "logout_notice")
    app, t = events[at]["actor"], events[at]["t"]
    token = next(
        e["token"]
        for e in events
        if e["kind"] == "issued" and e["token_type"] == "refresh" and e["holder"] == app
    )
    common = {"request_id": 10_000, "token": token}
    events[at + 1 : at + 1] = [
        {"t": t + 1, "kind": "request", "actor": app, "target": "auth-server",
         "endpoint": "refresh", "note": "", **common},
        {"t": t + 1.05, "kind": "accepted", "actor": "auth-server", **common},
    ]  # fmt: skip


def _redemption(doc: Doc) -> dict[str, Any]:
    """The parameters of the first code redemption (a token request with grant_type)."""
    return next(
        e["params"]
        for e in doc["events"]
        if e["kind"] == "request" and e.get("params", {}).get("grant_type") == "authorization_code"
    )


def _code_redeemed_twice(doc: Doc) -> None:
    refused = next(
        e for e in doc["events"] if e["kind"] == "rejected" and e["reason"] == "code_reused"
    )
    refused["kind"] = "accepted"  # the app's second redemption of the code now gets in


def _code_misredeemed(doc: Doc) -> None:
    _redemption(doc)["code_verifier"] = "x" * 43  # not the verifier of the code's challenge


def _uncovered_scope(doc: Doc) -> None:
    events = doc["events"]
    i = next(
        i
        for i, e in enumerate(events)
        if e["kind"] == "rejected" and e["reason"] == "insufficient_scope"
    )
    refused = events[i]  # the API now lets the attacker write with a read-only token
    events[i] = {k: refused[k] for k in ("t", "actor", "request_id", "token")} | {
        "kind": "accepted"
    }


def _answered(doc: Doc, endpoint: str) -> list[dict[str, Any]]:
    """The tokens issued for the first accepted ``endpoint`` request (the answer's tokens)."""
    requests = {e["request_id"]: e for e in doc["events"] if e["kind"] == "request"}
    minted: list[dict[str, Any]] = []
    for e in doc["events"]:
        if e["kind"] == "issued":
            minted.append(e)
        elif e["kind"] in ("accepted", "rejected", "lost"):
            if e["kind"] == "accepted" and requests[e["request_id"]]["endpoint"] == endpoint:
                return minted
            minted = []
    raise AssertionError(f"no accepted {endpoint} request")


def _widened_scope(doc: Doc) -> None:
    access = next(t for t in _answered(doc, "refresh") if t["token_type"] == "access")
    access["scope"] += " api.example:write"  # a refresh handing out more than the grant has


def _refresh_for_client_credentials(doc: Doc) -> None:
    access = _answered(doc, "token")[0]
    refresh = access | {"token": access["token"] + "-rt", "jti": "rt", "token_type": "refresh"}
    doc["events"].insert(doc["events"].index(access) + 1, refresh)


def _script_reads_an_http_only_cookie(doc: Doc) -> None:
    events = doc["events"]
    theft = next(i for i, e in enumerate(events) if e["kind"] == "stolen")
    refresh = next(e for e in events if e["kind"] == "issued" and e["token_type"] == "refresh")
    events.insert(theft + 1, {**events[theft], "token": refresh["token"], "token_type": "refresh"})


def _cross_site_post_with_a_lax_cookie(doc: Doc) -> None:
    doc["config"]["cookie_samesite"] = "lax"  # yet every forged request carried the session


def _script_reads_the_fingerprint_cookie(doc: Doc) -> None:
    events = doc["events"]
    theft = next(i for i, e in enumerate(events) if e["kind"] == "stolen")
    events.insert(
        theft + 1, {**events[theft], "token": "f" * 64, "token_type": "fingerprint_cookie"}
    )


def _copied_cookie_under_dbsc(doc: Doc) -> None:
    doc["config"]["dbsc"] = True  # yet the copied cookie kept working for an hour


@pytest.fixture(scope="module")
def remediate_doc() -> dict[str, Any]:
    """A persistent XSS the detector flags and remediates at the first alert."""
    return simtoken.run("remediation", seed=1, detector_action="remediate").to_dict()


@pytest.fixture(scope="module")
def step_up_doc() -> dict[str, Any]:
    """A careless thief whose first flagged refresh freezes the family (step-up)."""
    return simtoken.run("detection", seed=1, detector_action="step_up").to_dict()


def _alert_on_no_request(doc: Doc) -> None:
    next(e for e in doc["events"] if e["kind"] == "alert")["request_id"] = 10**6


def _remediation_left_out(doc: Doc) -> None:
    doc["events"] = [e for e in doc["events"] if e["kind"] != "remediated"]


def _refresh_after_step_up(doc: Doc) -> None:
    events = doc["events"]
    flagged = {e["request_id"] for e in events if e["kind"] == "alert"}
    i = next(
        i
        for i, e in enumerate(events)
        if e["kind"] == "rejected"
        and e["reason"] == "revoked"
        and e["request_id"] not in flagged  # a later refresh of a stepped-up family
    )
    refused = events[i]  # the ended family's later refresh now gets in
    events[i] = {k: refused[k] for k in ("t", "actor", "request_id", "token")} | {
        "kind": "accepted"
    }


def _steal_after_remediation(doc: Doc) -> None:
    stolen = next(e for e in doc["events"] if e["kind"] == "stolen")
    doc["events"].append(stolen | {"t": doc["events"][-1]["t"]})  # the script is still there


def _stale_jwks_cache(doc: Doc) -> None:
    # The users' own tokens signed by the leaked key were accepted for a while after the
    # emergency rotation, while the API's cache (an hour) still listed the key; a cache of
    # one second would have dropped it at once.
    doc["config"]["jwks_cache_ttl"] = 1.0


PLANTS: dict[str, tuple[str, Callable[[Doc], None], bool]] = {
    # kind: (the clean run it is planted in, how, whether it is the only violation found)
    "outcome_count": ("grace_doc", _missing_outcome, True),
    "accepted_expired": ("grace_doc", _accepted_after_expiry, False),
    "wrong_token_type": ("grace_doc", _refresh_token_at_an_api, False),
    "replay_outside_grace": ("grace_doc", _replay_outside_grace, True),
    "late_revocation": ("grace_doc", _late_revocation, True),
    "outlives_family": ("tabs_doc", _outlives_family, False),
    "unissued_token": ("grace_doc", _unissued_token, True),
    "silent_without_session": ("sso_doc", _silent_without_session, True),
    "notice_without_logout": ("sso_doc", _notice_without_logout, True),
    "refresh_after_notice": ("sso_doc", _refresh_after_notice, True),
    "code_redeemed_twice": ("interception_doc", _code_redeemed_twice, True),
    "code_misredeemed": ("code_doc", _code_misredeemed, True),
    "uncovered_scope": ("scopes_doc", _uncovered_scope, True),
    "widened_scope": ("scopes_doc", _widened_scope, True),
    "refresh_for_client_credentials": ("workers_doc", _refresh_for_client_credentials, True),
    "httponly_stolen": ("cookie_doc", _script_reads_an_http_only_cookie, True),
    "cross_site_cookie": ("csrf_doc", _cross_site_post_with_a_lax_cookie, True),
    "fingerprint_stolen": ("fingerprint_doc", _script_reads_the_fingerprint_cookie, True),
    "copied_cookie_outlived": ("copied_cookie_doc", _copied_cookie_under_dbsc, True),
    "alert_without_request": ("remediate_doc", _alert_on_no_request, True),
    "late_detector_action": ("remediate_doc", _remediation_left_out, True),
    "refresh_after_step_up": ("step_up_doc", _refresh_after_step_up, True),
    "steal_after_remediation": ("remediate_doc", _steal_after_remediation, True),
    "leaked_key_accepted": ("compromise_doc", _stale_jwks_cache, True),
}
"""One planted violation per kind: the table the next two tests run."""


@pytest.mark.parametrize("kind", list(PLANTS))
def test_each_planted_violation_is_caught_by_its_kind(
    kind: str, request: pytest.FixtureRequest
) -> None:
    fixture, plant, alone = PLANTS[kind]
    doc = copy.deepcopy(request.getfixturevalue(fixture))
    assert audit(doc) == []  # clean before the plant
    plant(doc)
    found = kinds(doc)
    assert (found == {kind}) if alone else (kind in found), found


def test_every_kind_has_a_planted_violation() -> None:
    # A new violation kind without a plant fails here, and each plant above is a real test.
    assert set(PLANTS) == set(VIOLATION_KINDS)


def _issued_code(doc: Doc) -> dict[str, Any]:
    return next(e for e in doc["events"] if e["kind"] == "code_issued")


@pytest.mark.parametrize(
    ("plant", "detail"),
    [
        (lambda d: _redemption(d).update(client_id="client-2"), "client_id 'client-2'"),
        (lambda d: _redemption(d).update(redirect_uri="https://app.example/"), "redirect_uri"),
        (lambda d: _redemption(d).pop("code_verifier"), "no verifier matching its S256"),
        (lambda d: _issued_code(d).update(expires=0.05), "after it expired at 0.05"),
        (lambda d: _redemption(d).update(code="forged"), "never issued"),
        (lambda d: _issued_code(d).update(code_challenge_method=""), "a verifier for a code"),
        (lambda d: d["config"].update(require_pkce=True, pkce="none"), None),
    ],
)
def test_every_way_to_misredeem_a_code_is_caught(
    plant: Callable[[Doc], object], detail: str | None, code_doc: Doc
) -> None:
    doc = copy.deepcopy(code_doc)
    if detail is None:  # a code without a challenge under require_pkce
        doc = simtoken.run("refresh", seed=7, horizon=600, login_flow="code", pkce="none").to_dict()
    plant(doc)
    found = audit(doc)
    assert {v.kind for v in found} == {"code_misredeemed"}
    assert detail is None or detail in found[0].detail, found


def test_a_request_whose_params_are_not_text_is_not_a_result_document(code_doc: Doc) -> None:
    doc = copy.deepcopy(code_doc)
    _redemption(doc)["code"] = 7
    with pytest.raises(simtoken.ConfigError, match=r"events\[\d+\]\.params\.code"):
        audit(doc)


def test_the_auditor_catches_weak_verifiers_in_real_runs() -> None:
    """A weakness shows up as a violation; the same run against hardened servers is clean."""
    for forge, weakness, found in (
        ("alg_none", "accept_alg_none", {"unissued_token"}),
        # the victim's own expired tokens get in too, and the forger's log copy was never issued
        ("expired", "skip_expiry", {"accepted_expired", "unissued_token"}),
    ):
        assert simtoken.run("forgery", seed=7, forge=forge).audit() == []
        violations = simtoken.run("forgery", seed=7, forge=forge, vulnerable=weakness).audit()
        assert {v.kind for v in violations} == found


def test_audit_cli(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], grace_doc: dict[str, Any]
) -> None:
    clean = tmp_path / "clean.json"
    clean.write_text(json.dumps(grace_doc))
    assert main(["audit", str(clean)]) == 0
    assert capsys.readouterr().out == "no violations\n"
    broken = copy.deepcopy(grace_doc)
    broken["events"] = [e for e in broken["events"] if e["kind"] != "revoked"]
    bad = tmp_path / "broken.json"
    bad.write_text(json.dumps(broken))
    assert main(["audit", str(bad)]) == 1
    out = capsys.readouterr().out
    assert "late_revocation" in out and out.endswith("1 violation(s)\n")


@pytest.mark.parametrize("content", ["not json", "[1, 2]", '{"events": []}'])
def test_audit_cli_bad_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str
) -> None:
    path = tmp_path / "x.json"
    path.write_text(content)
    assert main(["audit", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("simtoken: error: ") and err.count("\n") == 1
    assert main(["audit", str(tmp_path / "missing.json")]) == 2


def test_a_tab_signs_in_silently_under_its_apps_client_id() -> None:
    """Regression: the auditor matched a silent sign-in by the tab's name, not its client_id."""
    result = simtoken.run("sso-apps", seed=2, tabs=2, loss=0.5, horizon=3600)
    silent = [e for e in result.trace if e.kind == "silent_sign_in"]
    assert silent and all(e.to_dict()["client_id"] in e.actor for e in silent)
    assert result.audit() == []
