"""Preset tables: the presets as a terminal table and as ``docs/presets.md``.

``presets_table`` is what ``simtoken presets`` prints: each preset's key knobs, one row each.
``presets_markdown`` writes ``docs/presets.md``: every setting of every preset with its value,
the source keys of the clause of the notes that states it, and its status (sourced,
unconfirmed, secondary, inference, choice, or not applicable); a test keeps that file in step.
"""

from __future__ import annotations

import re

from simtoken._text import duration, text_table
from simtoken.policy.model import Policy
from simtoken.policy.presets import PRESETS, Preset, cited
from simtoken.policy.sources import MARKS, SOURCES

__all__ = ["presets_markdown", "presets_table"]


def _row(p: Policy) -> list[str]:
    def rot(value: str) -> str:
        return value if p.rotation else "-"

    def yes(flag: bool) -> str:
        return "yes" if flag else "no"

    return [
        duration(p.access_token_lifetime, compact=True),
        duration(p.refresh_token_lifetime, compact=True),
        duration(p.refresh_token_idle_lifetime, compact=True)
        if p.refresh_token_idle_lifetime
        else "-",
        yes(p.rotation),
        rot(p.reuse_detection),
        rot(duration(p.grace_interval, compact=True)),
        rot(p.grace_successor),
        rot(str(p.max_reuse)),
        rot(yes(p.extend_on_rotate)),
        yes(p.revoke_on_logout),
        yes(p.revoke_on_password_change),
        p.validation,
    ]


_HEADER = [
    "preset",
    "AT",
    "RT abs",
    "RT idle",
    "rotation",
    "reuse",
    "grace",
    "successor",
    "max reuse",
    "extend",
    "logout",
    "pw change",
    "validation",
]


def presets_table() -> str:
    """Every preset's key knobs as an aligned plain-text table (header, rule, one row each).

    A ``-`` marks a value that does not apply (no idle timeout; rotation settings without
    rotation). ``logout`` and ``pw change`` say whether they revoke the refresh tokens.
    """
    return text_table([_HEADER] + [[p.name, *_row(p.policy)] for p in PRESETS.values()], rule=True)


def _sentence_of(notes: str, name: str) -> str | None:
    """The clause (sentence, or part between semicolons) of ``notes`` first stating ``name``."""
    text = " ".join(notes.split())
    found = re.search(rf"(?<![\w.]){re.escape(name)}(?=[ =])", text)
    if found is None:
        return None
    start = max(text.rfind(". ", 0, found.start()), text.rfind("; ", 0, found.start())) + 2
    ends = [i for i in (text.find(". ", found.end()), text.find("; ", found.end())) if i >= 0]
    return text[max(start, 0) : min(ends) + 1 if ends else len(text)]


_ROTATION_ONLY = (
    "reuse_detection",
    "grace_interval",
    "grace_successor",
    "max_reuse",
    "forgive_active_parent",
    "extend_on_rotate",
)


def _provenance(preset: Preset, name: str) -> tuple[str, str]:
    """(source keys, status) of one setting, read from the sentence of the notes that states it."""
    policy = preset.policy
    if name in _ROTATION_ONLY and not policy.rotation:
        return "-", "not applicable: rotation is off"
    if name == "introspection_cache_ttl" and policy.validation != "introspection":
        return "-", f"not applicable: validation is {policy.validation}"
    sentence = _sentence_of(preset.notes, name)
    if sentence is None and name == "algorithm":  # stated as "RS256 [choice]"
        sentence = _sentence_of(preset.notes, policy.algorithm)
    if sentence is None:
        return "-", "choice: no source states it; the simulator's default"
    keys = [k for k in cited(sentence) if k in SOURCES]
    marks = [m for m in MARKS if f"[{m}]" in sentence]
    if not keys and not marks:
        marks = ["inference"]
    return (", ".join(keys) or "-"), (", ".join(marks) if marks else "sourced")


def presets_markdown() -> str:
    """``docs/presets.md``: every preset's settings, each value with its sources and status.

    The source keys and marks of a setting are those of the sentence in the preset's notes
    that first names it; the sources section lists every key with its URL.
    """
    lines = [
        "# Presets: every number, its source and its status",
        "",
        "Generated from `simtoken/policy/presets.py` by `simtoken.policy.tables`; a test",
        "keeps this file in step. A preset is a product's documented default, not a",
        "recommendation. **Status**: *sourced* (the cited source states it), *unconfirmed* (not",
        "checked against a primary source), *secondary* (only a third-party page or an issue),",
        "*inference* (an interpretation no source states), *choice* (simtoken had to pick: the",
        "product has no such setting or documents none). The notes column of `simtoken presets`",
        "and each preset's `notes` give the full reasoning and what the simulator cannot model.",
        "",
    ]
    for preset in PRESETS.values():
        lines += [f"## `{preset.name}`: {preset.title}", ""]
        lines += ["| setting | value | sources | status |", "|---|---|---|---|"]
        for name in Policy.__dataclass_fields__:
            value = getattr(preset.policy, name)
            shown = str(value).lower() if isinstance(value, bool) else str(value)
            keys, status = _provenance(preset, name)
            lines.append(f"| `{name}` | {shown} | {keys} | {status} |")
        lines += ["", "<details><summary>notes</summary>", "", preset.notes, "", "</details>", ""]
    lines += ["## Sources", ""]
    lines += [f"- **{key}**: {ref}" for key, ref in SOURCES.items()]
    return "\n".join(lines) + "\n"
