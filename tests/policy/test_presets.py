"""Presets: every named product default builds, cites its sources, and keeps its documented numbers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from simtoken import Policy, UnknownNameError
from simtoken.policy.presets import (
    PRESETS,
    Preset,
    get_preset,
)
from simtoken.policy.sources import MARKS, SOURCES
from simtoken.policy.tables import presets_markdown, presets_table

NAMES = [
    "naive",
    "auth0-spa",
    "okta-spa",
    "keycloak-default",
    "cognito-rotation",
    "entra-spa",
    "hydra",
    "spring-as-default",
    "simplejwt-default",
    "simplejwt-rotate",
    "supabase-hosted",
    "rfc9700-bcp",
]

DAY = 86_400
TEN_YEARS = 315_360_000


def cited(notes: str) -> list[str]:
    """Every bracketed citation key in ``notes`` (marks such as [unconfirmed] excluded)."""
    keys = []
    for group in re.findall(r"\[([^\]]+)\]", notes):
        for part in group.split(","):
            key = part.strip().split(" ")[0]
            if key not in MARKS:
                keys.append(key)
    return keys


def test_names_are_exactly_the_catalog_in_order() -> None:
    assert list(PRESETS) == NAMES
    assert all(PRESETS[name].name == name for name in NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_every_preset_builds_a_valid_policy(name: str) -> None:
    preset = get_preset(name)
    assert isinstance(preset, Preset)
    assert isinstance(preset.policy, Policy)
    # Re-validating the same values through the constructor raises nothing.
    assert Policy(**vars(preset.policy)) == preset.policy
    assert preset.title


@pytest.mark.parametrize("name", NAMES)
def test_notes_cite_known_sources(name: str) -> None:
    preset = PRESETS[name]
    keys = cited(preset.notes)
    assert keys, f"{name} cites no source"
    unknown = sorted(set(keys) - set(SOURCES))
    assert not unknown, f"{name} cites keys missing from SOURCES: {unknown}"
    assert list(preset.sources) == list(dict.fromkeys(keys))


def test_sources_are_urls() -> None:
    assert all(url.startswith("https://") for url in SOURCES.values())


def test_products_mark_unconfirmed_numbers() -> None:
    for name in ("auth0-spa", "okta-spa", "cognito-rotation", "supabase-hosted"):
        assert "[unconfirmed]" in PRESETS[name].notes, name


def test_unlimited_lifetimes_are_modelled_as_ten_years() -> None:
    for name in ("okta-spa", "supabase-hosted"):
        assert PRESETS[name].policy.refresh_token_lifetime == TEN_YEARS
        assert "10 years" in PRESETS[name].notes


def test_auth0_spa_numbers() -> None:
    p = get_preset("auth0-spa").policy
    assert p.access_token_lifetime == 86_400
    assert p.refresh_token_lifetime == 30 * DAY
    # Auth0's own tenant export: idle_token_lifetime 1296000 beside token_lifetime 2592000.
    assert p.refresh_token_idle_lifetime == 15 * DAY
    assert "[A-cm]" in get_preset("auth0-spa").notes
    assert (p.rotation, p.reuse_detection, p.grace_interval) == (True, "family", 0.0)
    assert p.extend_on_rotate is False
    assert (p.revoke_on_logout, p.revoke_on_password_change) == (False, False)


def test_okta_spa_numbers() -> None:
    p = get_preset("okta-spa").policy
    assert p.grace_interval == 30.0
    assert p.refresh_token_idle_lifetime == 7 * DAY
    assert p.rotation and p.reuse_detection == "family" and not p.extend_on_rotate


def test_keycloak_default_numbers() -> None:
    p = get_preset("keycloak-default").policy
    assert p.access_token_lifetime == 300
    assert p.refresh_token_lifetime == 36_000
    assert p.refresh_token_idle_lifetime == 1_800
    assert p.rotation is False and p.max_reuse == 0
    assert p.revoke_on_logout is True


def test_cognito_rotation_numbers() -> None:
    p = get_preset("cognito-rotation").policy
    assert p.refresh_token_lifetime == 30 * DAY
    assert p.rotation and p.reuse_detection == "none" and not p.extend_on_rotate
    assert 0 <= p.grace_interval <= 60
    assert p.access_token_lifetime == 3_600
    assert _line("cognito-rotation", "access_token_lifetime").count("[unconfirmed]") == 0


def test_entra_spa_numbers() -> None:
    p = get_preset("entra-spa").policy
    assert p.refresh_token_lifetime == DAY and p.rotation is False
    assert p.revoke_on_password_change is True


def test_hydra_numbers() -> None:
    p = get_preset("hydra").policy
    assert (p.access_token_lifetime, p.refresh_token_lifetime) == (3_600, 720 * 3_600)
    assert p.rotation and p.reuse_detection == "family" and p.grace_interval == 0
    assert p.validation == "introspection" and p.introspection_cache_ttl == 0
    # Hydra's config clamps rotation_grace_period to 5 min, or 180 d with a reuse count.
    assert "180 d" in get_preset("hydra").notes and "[H-code]" in get_preset("hydra").notes


def test_spring_as_default_numbers() -> None:
    p = get_preset("spring-as-default").policy
    assert (p.access_token_lifetime, p.refresh_token_lifetime) == (300, 3_600)
    assert p.rotation is False


def test_simplejwt_numbers() -> None:
    default = get_preset("simplejwt-default").policy
    rotate = get_preset("simplejwt-rotate").policy
    for p in (default, rotate):
        assert (p.access_token_lifetime, p.refresh_token_lifetime, p.leeway) == (300, DAY, 0)
        assert (p.revoke_on_logout, p.revoke_on_password_change) == (False, False)
    assert default.rotation is False
    assert rotate.rotation and rotate.extend_on_rotate and rotate.reuse_detection == "none"
    assert "BLACKLIST_AFTER_ROTATION" in get_preset("simplejwt-rotate").notes


def test_supabase_hosted_numbers() -> None:
    p = get_preset("supabase-hosted").policy
    assert (p.grace_interval, p.grace_successor) == (10.0, "same")
    assert p.forgive_active_parent is True  # the active token's parent, at any time
    assert p.access_token_lifetime == 3_600
    assert _line("supabase-hosted", "access_token_lifetime").count("[unconfirmed]") == 0
    assert p.rotation and p.reuse_detection == "family"
    assert p.revoke_on_password_change is True


def test_rfc9700_bcp_numbers() -> None:
    p = get_preset("rfc9700-bcp").policy
    assert p.rotation and p.reuse_detection == "family"
    assert p.extend_on_rotate is False
    assert p.refresh_token_lifetime == 8 * 3_600 and p.refresh_token_idle_lifetime > 0
    assert p.revoke_on_logout and p.revoke_on_password_change
    assert p.grace_successor == "same" and p.grace_interval > 0


def test_unknown_name_lists_the_presets() -> None:
    with pytest.raises(UnknownNameError) as info:
        get_preset("auth1-spa")
    assert info.value.field == "preset"
    assert info.value.value == "auth1-spa"
    message = str(info.value)
    assert message.startswith(
        "preset: unknown name 'auth1-spa'; did you mean 'auth0-spa'? allowed: one of naive, "
    )
    assert all(name in message for name in NAMES)


def test_presets_table_has_a_header_and_one_row_per_preset() -> None:
    lines = presets_table().splitlines()
    header, rule, rows = lines[0], lines[1], lines[2:]
    assert header.split()[:3] == ["preset", "AT", "RT"]
    assert set(rule) == {"-", " "}
    assert [row.split()[0] for row in rows] == NAMES
    widths = {len(line) for line in lines}
    assert max(widths) == len(rule)


def test_presets_table_formats_durations() -> None:
    rows = {line.split()[0]: line.split() for line in presets_table().splitlines()[2:]}
    assert rows["auth0-spa"][1:4] == ["24h", "30d", "15d"]
    assert rows["keycloak-default"][1:4] == ["5m", "10h", "30m"]
    assert rows["okta-spa"][1:4] == ["1h", "10y", "7d"]
    assert rows["supabase-hosted"][6:8] == ["10s", "same"]


def _line(preset: str, setting: str) -> str:
    """The row of docs/presets.md for one setting of one preset."""
    doc = presets_markdown()
    section = doc.split(f"## `{preset}`")[1].split("\n## ")[0]
    return next(row for row in section.splitlines() if row.startswith(f"| `{setting}` |"))


def test_docs_presets_md_is_in_step_with_the_presets() -> None:
    docs = Path(__file__).resolve().parents[2] / "docs" / "presets.md"
    assert docs.read_text(encoding="utf-8") == presets_markdown()


@pytest.mark.parametrize("name", list(PRESETS))
def test_every_lifetime_has_a_source_or_a_mark(name: str) -> None:
    for setting in ("access_token_lifetime", "refresh_token_lifetime", "leeway", "rotation"):
        _, _, keys, status, _ = _line(name, setting).split("|")[1:]
        assert keys.strip() != "-" or status.strip() in (*MARKS, "unconfirmed, choice"), setting
        assert "no source states it" not in status, (name, setting)
