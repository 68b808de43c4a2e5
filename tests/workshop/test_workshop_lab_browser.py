"""The lab as a person uses it: Voila serves it, Chromium shows it, controls move, figures follow.

Every number the page shows must be the number the Python function gives for the same settings.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from simtoken.workshop.lab import figure_text
from simtoken.workshop.presenter import STEPS, step_choices
from simtoken.workshop.scene import FIGURES, LabChoices, figures, lab_outcome, reading

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.slow


def figure(run: str, name: str) -> str:
    """The CSS selector of one figure's cell."""
    return f'.lab-figure[data-run="{run}"][data-figure="{name}"]'


def _shown(page: Page) -> dict[str, dict[str, float]]:
    return {
        run: {
            name: float(page.locator(figure(run, name)).get_attribute("data-value") or "nan")
            for name, _ in FIGURES
        }
        for run in ("baseline", "mitigated")
    }


def _wait_for(page: Page, run: str, name: str, value: float) -> None:
    selector = figure(run, name)
    page.wait_for_function(
        "([s, v]) => { const e = document.querySelector(s); return e && Number(e.dataset.value) === v; }",
        arg=[selector, value],
        timeout=30_000,
    )


def _expect(page: Page, choices: LabChoices) -> None:
    from playwright.sync_api import expect  # the workshop extra; the fixtures skip without it

    outcome = lab_outcome(choices)
    expected = {
        "baseline": figures(outcome.baseline.metrics),
        "mitigated": figures(outcome.mitigated.metrics),
    }
    for run, values in expected.items():  # the widgets update one by one: wait for each
        for name, value in values.items():
            _wait_for(page, run, name, value)
    assert _shown(page) == expected
    expect(page.locator(".lab-reading")).to_have_text(reading(outcome), timeout=30_000)


def test_storage_from_web_storage_to_bff_drops_held_access_to_zero(lab_page: Page) -> None:
    cell = lab_page.locator(figure("mitigated", "attacker_access_s"))
    assert cell.inner_text() == figure_text("attacker_access_s", 82799.95) == "23.0 h"
    _expect(lab_page, LabChoices())
    lab_page.select_option(".lab-storage select", label="HttpOnly cookie + BFF")
    _wait_for(lab_page, "mitigated", "attacker_access_s", 0.0)
    assert cell.inner_text() == "0 s"
    _expect(lab_page, LabChoices(storage="cookie_bff"))


def test_switches_and_presets_show_the_python_numbers(lab_page: Page) -> None:
    lab_page.locator(".lab-rotation input").check()
    _expect(lab_page, LabChoices(rotation=True))
    lab_page.select_option(".lab-preset select", value="auth0-spa")
    _expect(lab_page, LabChoices().from_preset("auth0-spa"))
    assert lab_page.locator(".lab-rotation input").is_checked()


def test_presenter_steps_through_the_story(lab_page: Page) -> None:
    for index, step in enumerate(STEPS):
        lab_page.locator(".lab-next button, button.lab-next").first.click()
        lab_page.wait_for_selector(f"text=Step {index + 1} of {len(STEPS)}: {step.title}.")
        _expect(lab_page, step_choices(index))
    assert _shown(lab_page)["mitigated"]["attacker_access_s"] == 0.0
