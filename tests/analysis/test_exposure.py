"""The exposure assessment: a configuration against every failure mode and the BCP, and its report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from simtoken.analysis.exposure import ASSESSED, Configuration, Exposure, assess
from simtoken.analysis.exposure_report import exposure_html, seconds_text
from simtoken.analysis.product_import import read_export
from simtoken.errors import ConfigError, UnknownNameError

EXAMPLES = Path(__file__).resolve().parents[2] / "workshop" / "examples"


@pytest.fixture(scope="module")
def keycloak() -> Exposure:
    imported = read_export(json.loads((EXAMPLES / "keycloak-realm.json").read_text()))
    return assess(Configuration(imported.preset, imported.settings, "web_storage", imported))


def test_the_checks_are_the_failure_modes() -> None:
    assert [c.code for c in ASSESSED] == ["F1", "F2", "F3", "F3b", "F4", "F5", "F6", "F7", "F8"]


def test_keycloak_example_exposure_seed_7(keycloak: Exposure) -> None:
    yours = {
        r.check.code: (r.yours.attacker_access_s, r.yours.logins_per_day) for r in keycloak.rows
    }
    assert yours == {
        "F1": (0.0, 5.0),
        "F2": (0.0, 5.0),
        "F3": (0.0, 0.0),
        "F3b": (36183.95, 5.0),
        "F4": (221.0, 0.0),
        "F5": (0.0, 5.5),
        "F6": (0.0, 10.6667),
        "F7": (0.0, 2.8571),
        "F8": (0.0, 0.0),
    }
    assert keycloak.exposed == ("F3b",)
    f3b = keycloak.rows[3]
    assert f3b.verdict == "window above the BCP; logins above the BCP"


def test_the_report_names_every_field_and_is_self_contained(keycloak: Exposure) -> None:
    page = exposure_html(keycloak)
    assert page.startswith("<!DOCTYPE html>")
    for absent in ("<script", "http://", "https://", "<link", "<img"):
        assert absent not in page
    assert "accessCodeLifespan" in page and "not in the file" in page  # assumed, named
    assert "offlineSessionIdleTimeout" in page  # not modelled, named
    assert "sslRequired" in page  # ignored, named
    assert "36,184 s (10.1 h) | " in page  # F3b, yours against the BCP's
    assert "<b>F3b</b>" in page
    assert exposure_html(keycloak) == page  # no clock in it


def test_progress_is_reported_per_run() -> None:
    seen: list[tuple[int, int, str]] = []
    configuration = Configuration("rfc9700-bcp")
    result = assess(configuration, seed=3, progress=lambda *step: seen.append(step))
    assert [s[0] for s in seen] == list(range(1, 19))
    assert {s[1] for s in seen} == {18}
    assert seen[0][2] == "F1, your configuration"
    assert len(result.rows) == 9


def test_impossible_configurations_fail_before_any_run() -> None:
    with pytest.raises(ConfigError) as caught:
        assess(
            Configuration("naive", {"grace_interval": 30.0}), progress=lambda *_: pytest.fail("ran")
        )
    assert caught.value.field == "grace_interval"
    with pytest.raises(UnknownNameError):
        assess(Configuration("no-such-product"))


def test_seconds_text() -> None:
    assert seconds_text(0) == "0 s"
    assert seconds_text(82800.0) == "82,800 s (23.0 h)"
