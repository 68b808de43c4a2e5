"""The exposure report: one self-contained HTML page a team can keep, mail or print.

An :class:`~simtoken.analysis.exposure.Exposure` becomes one page: what was assessed (the
preset, every setting, the storage, the seed), one table row per failure mode with the
attacker's windows and the user's cost under your settings next to the BCP's, and, when the
settings came from a product file, the import's ledger: the fields used, the fields assumed
(missing from the file: the product's documented default, named), the token fields the
simulator does not model, and the fields ignored. The page has no script, no external style
sheet, font or image: it opens the same from a mail attachment as from the workshop.

Nothing in the page depends on the wall clock, so the same assessment gives the same bytes.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence

from simtoken.analysis.exposure import BCP_PRESET, Exposure, Measure
from simtoken.analysis.product_import import FieldNote, Imported

__all__ = ["exposure_fragment", "exposure_html", "seconds_text"]

_STYLE = """
body { font-family: system-ui, sans-serif; margin: 2em; color: #222; max-width: 70em; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; }
th, td { border: 1px solid #ccc; padding: 3px 8px; text-align: right; vertical-align: top; }
th:first-child, td:first-child { text-align: left; }
td.worse { background: #fde0d0; } td.better { background: #dff3e4; }
.small { font-size: 0.9em; color: #555; }
"""


def seconds_text(seconds: float) -> str:
    """A window in seconds and hours: ``82,800 s (23.0 h)``; ``0 s`` for none."""
    if seconds == 0:
        return "0 s"
    return f"{seconds:,.0f} s ({seconds / 3600:.1f} h)"


def _table(header: Sequence[str], rows: Iterable[Sequence[str]], raw: bool = False) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    body = "".join(
        "<tr>" + "".join(c if raw else f"<td>{html.escape(c)}</td>" for c in row) + "</tr>"
        for row in rows
    )
    return f"<table><tr>{head}</tr>{body}</table>"


def _cell(yours: float, bcp: float, text: str) -> str:
    kind = "worse" if yours > bcp else "better" if yours < bcp else ""
    return f'<td class="{kind}">{html.escape(text)}</td>'


def _cells(yours: Measure, bcp: Measure) -> list[str]:
    pairs = (
        (yours.attacker_access_s, bcp.attacker_access_s, seconds_text),
        (yours.attacker_online_s, bcp.attacker_online_s, seconds_text),
        (yours.logins_per_day, bcp.logins_per_day, lambda v: f"{v:.2f}"),
        (yours.false_logouts_per_day, bcp.false_logouts_per_day, lambda v: f"{v:.2f}"),
        (yours.load_per_h, bcp.load_per_h, lambda v: f"{v:.2f}"),
    )
    cells = []
    for mine, theirs, text in pairs:
        cells.append(_cell(mine, theirs, f"{text(mine)} | {text(theirs)}"))
    return cells


def _ledger(imported: Imported) -> str:
    def notes(title: str, items: Sequence[FieldNote]) -> str:
        if not items:
            return f"<p><b>{html.escape(title)}</b>: none.</p>"
        rows = [(n.field, repr(n.value), n.note) for n in items]
        return f"<p><b>{html.escape(title)}</b></p>" + _table(("field", "value", "note"), rows)

    ignored = ", ".join(imported.ignored) or "none"
    return (
        f"<h2>What was read from the {html.escape(imported.source)}</h2>"
        + notes("Used", imported.used)
        + notes(
            "Assumed (missing from the file; the product's documented default)", imported.assumed
        )
        + notes("Token settings present but not modelled", imported.not_modelled)
        + f"<p><b>Ignored (not about tokens)</b>: {html.escape(ignored)}</p>"
    )


def exposure_html(exposure: Exposure) -> str:
    """The whole report as one HTML document (see the module docstring)."""
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>Token exposure report</title><style>{_STYLE}</style></head><body>"
        "<h1>Token exposure report</h1>"
        f"{exposure_fragment(exposure)}</body></html>"
    )


def exposure_fragment(exposure: Exposure) -> str:
    """The report's content without the page around it (for a page that shows it inline)."""
    c = exposure.configuration
    settings = ", ".join(f"{k}={v!r}" for k, v in sorted(c.settings.items())) or "none"
    header: tuple[str, ...] = ("failure mode", "attacker held a token", "acted through the page")
    header += ("logins / day", "false logouts / day", "auth-server load / h", "verdict")
    rows = [
        [
            f"<td>{html.escape(r.check.code)} {html.escape(r.check.title)}</td>",
            *_cells(r.yours, r.bcp),
            f"<td>{html.escape(r.verdict)}</td>",
        ]
        for r in exposure.rows
    ]
    exposed = ", ".join(exposure.exposed) or "none"
    ledger = _ledger(c.imported) if c.imported else "<p>Settings entered by hand.</p>"
    return (
        "<div class='exposure-report'>"
        f"<p>Preset <code>{html.escape(c.preset)}</code> with {html.escape(settings)}; the "
        f"browser app keeps its tokens in <code>{html.escape(c.storage)}</code>. Each cell: "
        f"<b>yours | the BCP's</b> (preset <code>{BCP_PRESET}</code>, RFC 9700), one seeded "
        f"run each, seed {exposure.seed}. Red: yours is higher; green: lower.</p>"
        + _table(header, rows, raw=True)
        + f"<p>Failure modes where the attacker keeps a token longer than under the BCP: "
        f"<b>{html.escape(exposed)}</b>.</p>"
        + ledger
        + "<p class='small'>Made by simtoken: a simulation, not a penetration test. Windows are "
        "ground truth from the simulator (the auth server cannot see them); costs are per user "
        "and simulated day. See docs/failure-modes.md for each failure mode.</p></div>"
    )
