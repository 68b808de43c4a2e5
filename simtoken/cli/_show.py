"""``simtoken show SCENARIO`` and ``simtoken list -v``: a scenario told in the terminal.

Every scenario's description (its module docstring) has three parts, each a paragraph that
opens with its label: ``Covers:`` (the mechanism and the sources), ``Story:`` (who does what,
when) and ``Expected outcome:`` (what the metrics should show). The theft variants share one
docstring: an introduction (the notation of the formulas) and one bullet per variant, whose
``Expected:`` sentence is its outcome. :func:`scenario_sections` finds the parts of either
form; :func:`changed_settings` lists the settings in which the scenario departs from the
defaults of :class:`~simtoken.config.run.RunConfig` and :class:`~simtoken.policy.model.Policy`.
"""

from __future__ import annotations

import re
import textwrap
from typing import Any

from simtoken._text import duration, text_table
from simtoken.config.run import RunConfig
from simtoken.config.settings import SECONDS, flatten
from simtoken.scenarios import SCENARIOS, Scenario, get_scenario

__all__ = [
    "LABELS",
    "changed_settings",
    "cmd_list_verbose",
    "cmd_show",
    "format_scenario",
    "scenario_sections",
]

LABELS = ("Covers", "Story", "Expected outcome")
"""The parts of a scenario's description, in order."""

_ROLE = re.compile(r":[a-z]+:`~?([^`]+)`")  # :mod:`x` -> `x`


def _plain(text: str) -> str:
    """Docstring markup made terminal-friendly: ``x`` and :role:`x` become `x`."""
    return _ROLE.sub(r"`\1`", text).replace("``", "`").strip()


def scenario_sections(spec: Scenario) -> dict[str, str]:
    """The scenario's Covers, Story and Expected outcome, by label (all three, never empty)."""
    paragraphs = spec.description.strip().split("\n\n")
    sections: dict[str, list[str]] = {}
    label = ""
    for paragraph in paragraphs[1:]:
        head = next((lbl for lbl in LABELS if paragraph.startswith(lbl + ":")), None)
        if head is not None:
            label, paragraph = head, paragraph[len(head) + 1 :]
        if label:
            sections.setdefault(label, []).append(paragraph.strip())
    if not sections:
        return _variant_sections(spec.name, paragraphs)
    return {lbl: _plain("\n\n".join(sections.get(lbl, ["(not stated)"]))) for lbl in LABELS}


def _variant_sections(name: str, paragraphs: list[str]) -> dict[str, str]:
    """The parts of one variant in a docstring of bullets (``* ``name``: **what** ...``)."""
    text = "\n\n".join(paragraphs[1:])
    bullets = re.split(r"\n(?=\* )", text)
    intro = bullets[0].strip()
    mine = next(b for b in bullets[1:] if f"``{name}``" in b.split(":", 1)[0])
    body = " ".join(mine.split(":", 1)[1].split())
    what = re.match(r"\*\*(.+?)\*\*\s*(\([^)]*\))?\.?\s*(.*)", body)
    covers, story = (f"{what[1]} {what[2] or ''}".strip(), what[3]) if what else ("", body)
    story, _, expected = story.partition("Expected")
    parts = {
        "Covers": f"{covers}. {' '.join(intro.split())}",
        "Story": story,
        "Expected outcome": expected.lstrip(" :") or "(not stated)",
    }
    return {label: textwrap.fill(_plain(text), 92) for label, text in parts.items()}


def _value(name: str, value: Any) -> str:
    """A setting's value as shown: seconds in their largest exact unit (``2 d``, ``5 min``)."""
    if name in SECONDS and isinstance(value, int | float) and not isinstance(value, bool):
        return duration(value)
    return ",".join(value) if isinstance(value, list) else str(value).lower()


def changed_settings(spec: Scenario) -> list[tuple[str, str, str]]:
    """``(setting, scenario value, default)`` for each setting the scenario changes."""
    mine, default = flatten(spec.defaults), flatten(RunConfig())
    return [
        (name, _value(name, value), _value(name, default[name]))
        for name, value in mine.items()
        if value != default[name]
    ]


def format_scenario(spec: Scenario) -> str:
    """The scenario told in full: title, its three parts, and its settings."""
    lines = [f"{spec.name}: {spec.summary}"]
    for label, text in scenario_sections(spec).items():
        lines += ["", f"{label}:", *(f"  {line}".rstrip() for line in text.splitlines())]
    changed = changed_settings(spec)
    lines += [
        "",
        "Settings that differ from the defaults:" if changed else "Settings: all defaults",
    ]
    if changed:
        rows = [(name, value, f"(default {default})") for name, value, default in changed]
        lines += [f"  {line}" for line in text_table(rows).splitlines()]
    return "\n".join(lines)


def cmd_show(name: str) -> int:
    print(format_scenario(get_scenario(name)))
    return 0


def cmd_list_verbose() -> int:
    print("\n\n".join(format_scenario(spec) for spec in SCENARIOS.values()))
    return 0
