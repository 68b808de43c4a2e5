"""The Mermaid diagrams simtoken writes, drawn by the real Mermaid library in Chromium.

``to_mermaid`` output was only ever checked as text; here every scenario's diagram (and the
sliced and cut kinds the demo report and the CLI write) goes through ``mermaid.render`` in the
browser, pinned to the Mermaid release ``make mermaid-js`` installs. Each must render to an
SVG without a parse error, and the SVG must show exactly the labels of the source: one message
or note per line, entity codes (``#58;``) decoded, nothing split or swallowed.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from simtoken.record.mermaid import to_mermaid
from simtoken.runner import configure, run
from simtoken.scenarios import SCENARIOS

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
MERMAID_JS = ROOT / ".cache" / "mermaid" / "node_modules" / "mermaid" / "dist" / "mermaid.min.js"
"""Where ``make mermaid-js`` puts the pinned Mermaid release (npm; not committed)."""

_RENDER = """async (diagrams) => {
  mermaid.initialize({startOnLoad: false, securityLevel: 'strict'});
  const out = {}; let i = 0;
  const box = document.getElementById('out');
  for (const [name, text] of Object.entries(diagrams)) {
    try {
      const drawn = await mermaid.render('diagram' + (i++), text);
      box.innerHTML = drawn.svg;
      const labels = Array.from(box.querySelectorAll('.messageText, .noteText'));
      out[name] = {svg: drawn.svg.startsWith('<svg'), labels: labels.map(e => e.textContent)};
    } catch (error) {
      out[name] = {error: String((error && error.message) || error)};
    }
  }
  return out;
}"""


def _diagrams() -> dict[str, str]:
    diagrams = {}
    for name in SCENARIOS:
        horizon = min(configure(name).horizon, 43_200.0)  # half a day: every kind of line
        diagrams[name] = to_mermaid(run(name, seed=7, horizon=horizon), max_messages=300)
    theft = run("theft", seed=7, horizon=7200.0)
    diagrams["theft, the minute around the theft"] = to_mermaid(theft, 3540, 3660, max_messages=40)
    diagrams["theft, cut after 5 lines"] = to_mermaid(theft, max_messages=5)
    return diagrams


def _labels(source: str) -> list[str]:
    """The label of every message and note line, entity codes decoded."""
    labels = []
    for line in source.splitlines()[1:]:
        line = line.strip()
        if line.startswith(("%%", "participant ")):
            continue
        label = line.split(": ", 1)[1]
        labels.append(re.sub(r"#(\d+);", lambda m: chr(int(m.group(1))), label))
    return labels


def test_every_diagram_renders_with_the_real_mermaid(chromium: Browser) -> None:
    if not MERMAID_JS.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("CI needs Mermaid: make mermaid-js")
        pytest.skip("no Mermaid library: make mermaid-js")
    diagrams = _diagrams()
    page = chromium.new_page()
    page.set_content("<html><body><div id='out'></div></body></html>")
    page.add_script_tag(path=str(MERMAID_JS))
    drawn = page.evaluate(_RENDER, diagrams)
    page.close()
    errors = {name: d["error"] for name, d in drawn.items() if "error" in d}
    assert errors == {}
    assert all(d["svg"] for d in drawn.values())
    for name, source in diagrams.items():
        assert sorted(drawn[name]["labels"]) == sorted(_labels(source)), name
    assert len(diagrams) == len(SCENARIOS) + 2


def test_labels_are_read_back_from_the_source() -> None:
    source = "sequenceDiagram\n    participant C1 as client-1\n    C1->>AS: t=0s a #58; b\n"
    assert _labels(source) == ["t=0s a : b"]
