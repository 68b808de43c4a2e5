"""``simtoken demo``: a short story whose readings follow its numbers, and a self-contained report."""

from __future__ import annotations

import base64
import re
from collections.abc import Callable
from pathlib import Path

import pytest

import simtoken
from simtoken._text import approx_duration
from simtoken.cli import main
from simtoken.demo import steps
from simtoken.demo.report import REPORT_NAME
from simtoken.demo.steps import STEPS, Step
from simtoken.record.result import Result

ROOT = Path(__file__).parents[2]
PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[str], Path]:
    out = tmp_path_factory.mktemp("demo")
    with pytest.MonkeyPatch.context() as mp:
        printed: list[str] = []
        mp.setattr("builtins.print", lambda *a, **_: printed.append(" ".join(map(str, a))))
        assert main(["demo", "--out", str(out)]) == 0
    return "\n".join(printed).splitlines(), out


@pytest.fixture(scope="module")
def built() -> list[Step]:
    return [make() for make in STEPS]


def test_demo_is_short_and_its_last_line_names_the_report(demo: tuple[list[str], Path]) -> None:
    lines, out = demo
    assert len(lines) <= 100
    assert lines[-1].endswith(str(out / REPORT_NAME))
    assert [line for line in lines if line.startswith("== ")] == [
        "== 1. A token expires and is refreshed  (explained in notebook 02) ==",
        "== 2. One theft, five defences  (explained in notebook 04) ==",
        "== 3. The tab race and its cure  (explained in notebook 03) ==",
        "== 4. A forged token  (explained in notebook 05) ==",
        "== 5. The key-rotation outage and its cure  (explained in notebook 05) ==",
    ]
    assert not any(re.search(r"\d\.\d{3,}", line) for line in lines)  # no raw seconds


def test_report_is_self_contained_with_png_images(demo: tuple[list[str], Path]) -> None:
    page = (demo[1] / REPORT_NAME).read_text(encoding="utf-8")
    assert re.findall(r'(?:src|href)="(?!data:)', page) == []
    images = re.findall(r'src="data:image/png;base64,([^"]+)"', page)
    assert len(images) == 3  # timeline, comparison, sweep
    assert all(base64.b64decode(data, validate=True).startswith(PNG) for data in images)
    assert page.count("<pre>sequenceDiagram") == 2
    assert page.count("<figcaption>") == 4
    assert "No Mermaid renderer is bundled" in page
    assert "theft-f2, seed 7, access_token_lifetime=300, rotation=True" in page
    means = simtoken.sweep("theft-f2", {"access_token_lifetime": [60, 300, 900]}, 2, workers=1)
    reading = "; ".join(
        f"{approx_duration(p.mean or 0)} at {lifetime}"
        for p, lifetime in zip(
            means.summary("attacker_access_s"), ("1 min", "5 min", "15 min"), strict=True
        )
    )
    assert f"Mean attacker access: {reading}." in page


def test_step_1_reads_its_numbers(built: list[Step]) -> None:
    m = simtoken.run("refresh", seed=7).metrics
    assert built[0].rows[1] == ("refresh", "698", "121", "120", "1", "100.0 %")
    assert built[0].reading.startswith(
        f"{m.rejections['expired']} calls met an expired access token; {m.refreshes} of those"
    )


def test_step_2_reads_attacker_access_and_cost(built: list[Step]) -> None:
    rows = {row[0]: row for row in built[1].rows[1:]}
    assert rows["naive"][2] == rows["auth0-spa"][2] == "46 h"
    assert rows["rfc9700-bcp"][3] == "18 min 42 s"
    assert built[1].reading == (
        "the attacker keeps access for 46 h under naive, auth0-spa; 0 s under rfc9700-bcp,"
        " auth0-spa + DPoP, auth0-spa + BFF; no policy detects the theft; the user pays"
        " 0 re-login(s) under every policy."
    )


def test_step_3_and_5_read_their_tables(built: list[Step]) -> None:
    tabs, keys = built[2], built[4]
    assert tabs.rows[1:] == (
        ("off", "165", "10", "10", "10", "10"),
        ("on", "137", "0", "0", "0", "1"),
    )
    assert "10 reuse detection(s) and 10 false logout(s) without single-flight, 0 and 0" in (
        tabs.reading
    )
    assert keys.rows[1] == ("off", "2 h 55 min", "691", "87.2 %", "32.4")
    assert keys.reading.startswith("without re-fetching on an unknown kid the APIs refuse 691")
    assert "(2 h 55 min of outage, 87.2 % available); with it 0 and 0 s (100.0 %)" in keys.reading


def test_step_4_reads_both_verdicts(built: list[Step]) -> None:
    assert built[3].rows[1:] == (
        ("hardened (no weakness)", "alg_not_allowed"),
        ("weak (accept_alg_none)", "accepted (sub=victim)"),
    )
    assert "rejects it (alg_not_allowed); the weak one accepts it as sub=victim" in (
        built[3].reading
    )


def test_readings_are_computed_not_written(monkeypatch: pytest.MonkeyPatch) -> None:
    real: Callable[..., Result] = simtoken.run

    def shorter_cache(scenario: str, **kwargs: object) -> Result:
        return real(scenario, **kwargs, jwks_cache_ttl=300)

    monkeypatch.setattr(steps, "run", shorter_cache)
    outage = real("key-rotation", seed=7, jwks_cache_ttl=300).metrics
    step = STEPS[4]()
    refused = outage.rejections.get("unknown_key", 0)
    assert refused != 691
    assert step.rows[1][1:3] == (approx_duration(outage.key_outage_s), str(refused))
    assert f"the APIs refuse {refused} genuine calls ({approx_duration(outage.key_outage_s)}" in (
        step.reading
    )


def test_make_demo_runs_the_demo_command() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\ndemo: $(STAMP)")[1].split("\n\n")[0]
    assert recipe.splitlines()[1:] == ["\t$(BIN)/simtoken demo --out $(OUT)"]
