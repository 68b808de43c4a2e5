"""The demo's report: one self-contained HTML page to look at rather than read.

:func:`write_report` draws the theft timeline, the comparison chart and a small sweep as PNG
images embedded in the page as base64 ``data:`` URIs (so the file works when copied or mailed
alone: no external ``src`` or ``href``), and adds the Mermaid sequence diagram of the theft as
text in a ``<pre>`` (no renderer is bundled: paste it into any Mermaid viewer). Every figure has
a caption that states its exact settings, the same ones the terminal demo uses.
"""

from __future__ import annotations

import base64
import html
import io
from dataclasses import dataclass
from pathlib import Path

from matplotlib.figure import Figure

from simtoken._text import approx_duration, duration
from simtoken.analysis.compare import compare
from simtoken.analysis.sweep import sweep
from simtoken.demo.steps import SEED, THEFT_POLICIES, THEFT_VARIANTS, span
from simtoken.plots import plot_comparison, plot_sweep, timeline
from simtoken.record.events import Revoked, Stolen
from simtoken.record.mermaid import to_mermaid
from simtoken.record.result import Result
from simtoken.runner import run

__all__ = ["REPORT_NAME", "SWEEP_LIFETIMES", "SWEEP_SEEDS", "write_report"]

REPORT_NAME = "report.html"
"""The report's file name inside the output directory."""

SWEEP_LIFETIMES = (60, 300, 900)
"""The access-token lifetimes (seconds) the report's sweep runs theft-f2 at."""

SWEEP_SEEDS = 2
"""The sweep's seeds: 0 and 1."""

_AT = 300
"""The access-token lifetime of the theft runs (5 min)."""


@dataclass(frozen=True)
class _Section:
    title: str
    caption: str
    body: str


def _png(fig: Figure) -> str:
    """The figure as an ``<img>`` whose source is a base64 PNG data URI."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=80, bbox_inches="tight")
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f'<img alt="figure" src="data:image/png;base64,{data}">'


def _incident(result: Result) -> tuple[float, float]:
    """The theft's time and the first revocation after it (or the theft again)."""
    stolen = next(e.t for e in result.trace if isinstance(e, Stolen))
    revoked = [e.t for e in result.trace if isinstance(e, Revoked) and e.t >= stolen]
    return stolen, revoked[0] if revoked else stolen


def _theft_sections() -> list[_Section]:
    result = run("theft-f2", seed=SEED, access_token_lifetime=_AT)
    stolen, revoked = _incident(result)
    policy = result.config.policy
    settings = (
        f"theft-f2, seed {SEED}, access_token_lifetime={_AT}, rotation={policy.rotation},"
        f" reuse_detection={policy.reuse_detection}"
    )
    diagrams = "".join(
        f"<pre>{html.escape(to_mermaid(result, t - 60, t + 60, max_messages=40))}</pre>"
        for t in (stolen, revoked)
    )
    return [
        _Section(
            "The theft, on a timeline",
            f"{settings}: the theft at {approx_duration(stolen)}, the first revocation after it"
            f" at {approx_duration(revoked)}.",
            _png(timeline(result)),
        ),
        _Section(
            "The theft and its detection, as a sequence diagram",
            f"{settings}; Mermaid text of the minute either side of the theft (sim seconds"
            f" {stolen - 60:.0f}-{stolen + 60:.0f}) and of the revocation ({revoked - 60:.0f}-"
            f"{revoked + 60:.0f}). No Mermaid renderer is bundled: paste each block into any"
            " Mermaid viewer to draw it.",
            diagrams,
        ),
    ]


def _comparison_section() -> _Section:
    policies = [*THEFT_POLICIES, *THEFT_VARIANTS]
    table = compare(
        "theft-f3",
        THEFT_POLICIES,
        seed=SEED,
        settings={"access_token_lifetime": _AT},
        variants=THEFT_VARIANTS,
    )
    return _Section(
        "One theft, five defences",
        f"theft-f3, seed {SEED}, access_token_lifetime={_AT}, policies {', '.join(policies)}"
        " (as step 2 of the terminal demo).",
        _png(plot_comparison(table)),
    )


def _sweep_section() -> _Section:
    grid = {"access_token_lifetime": list(SWEEP_LIFETIMES)}
    result = sweep("theft-f2", grid, SWEEP_SEEDS, progress=False)
    lifetimes = ", ".join(str(s) for s in SWEEP_LIFETIMES)
    means = "; ".join(
        f"{span(point.mean)} at {duration(int(str(point.params['access_token_lifetime'])))}"
        for point in result.summary("attacker_access_s")
    )
    return _Section(
        "How short is short? attacker access against the access-token lifetime",
        f"theft-f2, the scenario's policy, access_token_lifetime in {lifetimes} s,"
        f" seeds 0-{SWEEP_SEEDS - 1}; mean and spread over the seeds. Mean attacker access:"
        f" {means}.",
        _png(plot_sweep(result, "access_token_lifetime", "attacker_access_s")),
    )


def _page(sections: list[_Section]) -> str:
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8"><title>simtoken demo report</title>',
        "<style>body{font-family:sans-serif;max-width:60em;margin:auto}"
        "img{max-width:100%}pre{background:#f4f4f4;padding:1em;overflow:auto}</style>",
        "</head><body><h1>simtoken demo report</h1>",
    ]
    for section in sections:
        parts += [
            f"<h2>{html.escape(section.title)}</h2>",
            f"<figure>{section.body}<figcaption>{html.escape(section.caption)}</figcaption>"
            "</figure>",
        ]
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def write_report(out: Path) -> Path:
    """Write ``out/report.html`` (creating ``out``); returns its path."""
    sections = [*_theft_sections(), _comparison_section(), _sweep_section()]
    out.mkdir(parents=True, exist_ok=True)
    path = out / REPORT_NAME
    path.write_text(_page(sections), encoding="utf-8")
    return path
