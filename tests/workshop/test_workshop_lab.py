"""The lab's widgets without a browser: controls in, the pure functions' numbers out."""

from __future__ import annotations

import base64
import html

from simtoken.analysis.exposure import Configuration
from simtoken.analysis.exposure_report import exposure_html
from simtoken.workshop.assess_panel import AssessPanel
from simtoken.workshop.lab import Lab, figures_html
from simtoken.workshop.scene import LabChoices, lab_outcome, reading
from simtoken.workshop.serve import CHROMIUM_ARGS, LAB, free_port


def test_moving_a_control_shows_the_pure_functions_numbers() -> None:
    lab = Lab()
    lab.controls["storage"].value = "cookie_bff"
    expected = lab_outcome(LabChoices(storage="cookie_bff"))
    assert lab.figures.value == figures_html(expected)
    assert (
        'data-run="mitigated" data-figure="attacker_access_s" data-value="0.0"' in lab.figures.value
    )
    assert html.escape(reading(expected)) in lab.sentence.value
    assert bytes(lab.timelines[1].value)[:4] == b"\x89PNG"


def test_a_preset_moves_the_switches() -> None:
    lab = Lab()
    lab.controls["preset"].value = "okta-spa"
    assert lab.controls["rotation"].value is True
    assert lab.controls["grace_interval"].value == 30.0
    assert lab.choices() == LabChoices().from_preset("okta-spa")
    lab.controls["preset"].value = ""
    assert lab.choices().preset is None


def test_an_impossible_setting_is_said_in_words() -> None:
    lab = Lab()
    lab.controls["refresh_token_lifetime"].options = (
        *lab.controls["refresh_token_lifetime"].options,
        ("-1", -1),
    )
    lab.controls["refresh_token_lifetime"].value = -1
    assert "cannot run" in lab.message.value and "refresh_token_lifetime" in lab.message.value
    assert lab.figures.layout.display == "none"
    lab.controls["refresh_token_lifetime"].value = 0
    assert lab.message.value == ""


def test_the_presenter_steps_and_starts_again() -> None:
    lab = Lab()
    lab.next_button.click()
    assert "Step 1 of 5: Steal." in lab.talking_point.value
    for _ in range(10):
        lab.next_button.click()
    assert lab.step == 4 and "Step 5 of 5: BFF." in lab.talking_point.value
    assert lab.current.mitigated.metrics.attacker_access_s == 0.0
    lab.reset_button.click()
    assert lab.step == -1 and "next step" in lab.talking_point.value


def test_assess_panel_by_hand_and_from_a_file() -> None:
    panel = AssessPanel()
    panel.form["preset"].value = "rfc9700-bcp"
    panel.form["storage"].value = "cookie_bff"
    configuration = panel.configuration()
    assert configuration.preset == "rfc9700-bcp" and configuration.storage == "cookie_bff"
    assert configuration.settings["reuse_detection"] == "family"
    auth0 = '{"refresh_token": {"rotation_type": "rotating", "expiration_type": "expiring", "leeway": 10}}'
    imported = panel.load(auth0)
    assert imported is not None and panel.form["grace_interval"].value == 10.0
    assert "4 assumed" in panel.status.value
    assert panel.load("{not json") is None and "cannot run" in panel.status.value
    panel.form["rotation"].value = False
    assert panel.run() is None and "grace_interval" in panel.report.value  # grace needs rotation


def test_assess_panel_report_and_download() -> None:
    panel = AssessPanel()
    panel.form["preset"].value = "keycloak-default"
    exposure = panel.run()
    assert exposure is not None and panel.progress.value == 18
    link = panel.download.value
    encoded = link.split("base64,", 1)[1].split('"', 1)[0]
    assert base64.b64decode(encoded).decode() == exposure_html(exposure)
    assert isinstance(exposure.configuration, Configuration)


def test_serving_helpers() -> None:
    assert LAB.name == "lab.ipynb" and LAB.exists()
    assert "--no-sandbox" in CHROMIUM_ARGS and "--headless" in CHROMIUM_ARGS
    assert 0 < free_port() < 65536
