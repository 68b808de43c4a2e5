from __future__ import annotations

import os
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest
from _pytest.terminal import TerminalReporter

import simtoken
from simtoken import Result
from simtoken.config.budget import estimate

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

    from simtoken.workshop.serve import VoilaServer


@pytest.fixture(scope="session")
def refresh7() -> Result:
    """The ``refresh`` scenario with seed 7 (default settings), run once per session."""
    return simtoken.run("refresh", seed=7)


@pytest.fixture(scope="session")
def sso7() -> Result:
    return simtoken.run("sso", seed=7)


@pytest.fixture(scope="session")
def expiry7() -> Result:
    return simtoken.run("expiry", seed=7)


Row = tuple[Any, ...]


def rows(result: Result) -> list[Row]:
    """The trace without token strings, times rounded to the millisecond (for pinned traces)."""
    out = []
    for row in result.trace.to_table():
        t = round(row["t"], 3)
        out.append((t, row["kind"], row["actor"], row["target"], row["request_id"], row["info"]))
    return out


FUZZ_COUNTS: dict[str, int] = {}
"""Examples each slow fuzz test ran, reported at the end of the session."""


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Under pytest-xdist, a worker hands its fuzz counts to the controller with its results."""
    output = getattr(session.config, "workeroutput", None)
    if output is not None:
        output["fuzz_counts"] = dict(FUZZ_COUNTS)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: object) -> None:
    """The controller adds up the fuzz counts of each worker as it finishes (xdist's hook)."""
    for name, count in getattr(node, "workeroutput", {}).get("fuzz_counts", {}).items():
        FUZZ_COUNTS[name] = FUZZ_COUNTS.get(name, 0) + count


def pytest_terminal_summary(terminalreporter: TerminalReporter) -> None:
    for name, count in FUZZ_COUNTS.items():
        terminalreporter.write_line(f"slow: {count:,} examples against {name}, 0 failures")


def quiet_metrics(**values: Any) -> dict[str, Any]:
    """Every metric as a quiet run leaves it (no attacker, nothing revoked), then ``values``.

    Whole-metric pins start from it and name what their run changes, so that a metric added
    later, at its quiet value in that run, needs no edit, and one that is not still fails.
    """
    quiet = simtoken.Metrics().to_dict()
    return {**quiet, **values}


def counted_steps(scenario: str, knobs: dict[str, object]) -> tuple[int, int]:
    """(SimPy events processed, the estimate) of one run."""
    spec = simtoken.get_scenario(scenario)
    config = simtoken.apply_settings(spec.defaults, knobs)
    world = simtoken.World(config, 7, spec.name)
    spec.setup(world)
    steps = 0
    step = world.env.step

    def counting() -> None:
        nonlocal steps
        steps += 1
        step()

    world.env.step = counting  # type: ignore[method-assign]
    world.run()
    return steps, estimate(config, spec.name).events


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    """Debian's Chromium driven by Playwright, headless (tests/workshop, the Mermaid test).

    Skipped when Chromium or Playwright is missing, except in CI (``CI=true``), where it fails.
    """
    from simtoken.workshop.serve import CHROMIUM_ARGS, chromium_path

    path = chromium_path()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # the workshop extra is not installed
        path = None
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI needs Chromium and Playwright: .ci/run installs them")
        pytest.skip("no Chromium (apt-get install chromium) or no Playwright (pip .[workshop])")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=path, headless=True, args=list(CHROMIUM_ARGS)
        )
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def voila(chromium: Browser, tmp_path_factory: pytest.TempPathFactory) -> Iterator[VoilaServer]:
    """The workshop lab served by Voila on a free port (once a browser is there to look)."""
    import importlib.util

    from simtoken.workshop.serve import VoilaServer

    if importlib.util.find_spec("voila") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI needs Voila: pip install -e '.[workshop]'")
        pytest.skip("no Voila (pip install -e '.[workshop]')")
    log = tmp_path_factory.mktemp("voila") / "voila.log"
    with VoilaServer(log=log) as server:
        yield server


@pytest.fixture
def lab_page(chromium: Browser, voila: VoilaServer) -> Iterator[Page]:
    """A fresh visit of the lab (its own kernel), once both of its cells are on the page."""
    page = chromium.new_page(viewport={"width": 1400, "height": 1300})
    page.goto(voila.url, timeout=60_000)
    page.wait_for_selector(".lab-figure", timeout=60_000)
    page.wait_for_selector(".assess-run", timeout=60_000)
    yield page
    page.close()
