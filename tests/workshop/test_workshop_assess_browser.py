"""Assess my configuration, in the browser: a Keycloak realm export in, the exposure report out."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from simtoken.analysis.exposure import Configuration, assess
from simtoken.analysis.exposure_report import exposure_html, seconds_text
from simtoken.analysis.product_import import read_export

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.slow

EXAMPLES = Path(__file__).resolve().parents[2] / "workshop" / "examples"


def test_keycloak_export_gives_the_python_report(lab_page: Page) -> None:
    realm = EXAMPLES / "keycloak-realm.json"
    imported = read_export(json.loads(realm.read_text()))
    settings = {**imported.settings, "grace_interval": 0.0, "validation": "local"}
    expected = assess(Configuration(imported.preset, settings, "web_storage", imported))

    lab_page.wait_for_selector(".assess-upload", timeout=60_000)
    with lab_page.expect_file_chooser() as chooser:
        lab_page.click(".assess-upload")  # the file input exists only once the button is pressed
    chooser.value.set_files(str(realm))
    lab_page.wait_for_selector(".assess-loaded", timeout=30_000)
    assert "Read a Keycloak realm export: 8 fields used, 1 assumed" in lab_page.inner_text(
        ".assess-status"
    )
    assert lab_page.input_value(".assess-access-token-lifetime input") == "900"
    assert lab_page.locator(".assess-rotation input").is_checked()
    lab_page.locator(".assess-run button, button.assess-run").first.click()
    lab_page.wait_for_selector(".assess-report .exposure-report", timeout=90_000)

    report = lab_page.inner_text(".assess-report")
    for field in ("accessCodeLifespan", "offlineSessionIdleTimeout", "sslRequired"):
        assert field in report
    f3b = next(r for r in expected.rows if r.check.code == "F3b")
    row = lab_page.locator(".assess-report tr", has_text="F3b").inner_text()
    assert seconds_text(f3b.yours.attacker_access_s) in row
    assert (
        f"{seconds_text(f3b.yours.attacker_access_s)} | {seconds_text(f3b.bcp.attacker_access_s)}"
        in row
    )
    link = lab_page.locator(".assess-download a").get_attribute("href") or ""
    assert link.startswith("data:text/html;base64,")
    assert base64.b64decode(link.split(",", 1)[1]).decode() == exposure_html(expected)
