"""Workshop screenshot: the lab as Voila serves it, in headless Chromium (``make workshop-shot``).

Starts Voila on a free port, opens the lab in Debian's Chromium (Playwright), presses the
presenter's button up to the DPoP step, and saves the page as a PNG (``docs/img/workshop.png``
by default). Needs the ``workshop`` extra and ``chromium``.

    python docs/workshop_shot.py [OUT.png]
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

from simtoken.workshop.presenter import STEPS
from simtoken.workshop.serve import CHROMIUM_ARGS, VoilaServer, chromium_path

STEP = 3
"""The presenter's step shown (0-based: DPoP)."""


def main(out: Path) -> None:
    """Serve the lab, step the presenter to :data:`STEP`, save the page as ``out``."""
    path = chromium_path()
    if path is None:
        sys.exit("no Chromium: apt-get install chromium")
    with VoilaServer() as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=path, headless=True, args=list(CHROMIUM_ARGS)
        )
        page = browser.new_page(viewport={"width": 1400, "height": 1720})
        page.goto(server.url, timeout=60_000)
        page.wait_for_selector(".lab-figure", timeout=60_000)
        for index in range(STEP + 1):
            page.locator("button.lab-next").click()
            page.wait_for_selector(f"text=Step {index + 1} of {len(STEPS)}")
        page.wait_for_timeout(1500)  # the timelines' images arrive after the figures
        page.screenshot(path=str(out))
        browser.close()
    print(f"wrote {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/img/workshop.png"))
