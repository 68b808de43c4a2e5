from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from simtoken.workshop.serve import VoilaServer

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page


@pytest.fixture(scope="module")
def voila(chromium: Browser, tmp_path_factory: pytest.TempPathFactory) -> Iterator[VoilaServer]:
    """The lab served by Voila on a free port (only once a browser is there to look at it)."""
    log = Path(tmp_path_factory.mktemp("voila")) / "voila.log"
    with VoilaServer(log=log) as server:
        yield server


@pytest.fixture
def lab_page(chromium: Browser, voila: VoilaServer) -> Iterator[Page]:
    """A fresh visit of the lab (its own kernel), once its figures are on the page."""
    page = chromium.new_page(viewport={"width": 1400, "height": 1300})
    page.goto(voila.url, timeout=60_000)
    page.wait_for_selector(figure("mitigated", "attacker_access_s"), timeout=60_000)
    yield page
    page.close()


def figure(run: str, name: str) -> str:
    """The CSS selector of one figure's cell."""
    return f'.lab-figure[data-run="{run}"][data-figure="{name}"]'
