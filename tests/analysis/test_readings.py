"""Readings: variants run on one seed, labelled by their settings; exact tables and columns."""

from __future__ import annotations

import dataclasses

import pytest

import simtoken
from simtoken import ConfigError, Result, UnknownNameError
from simtoken.analysis.facts import answer, rejected_as
from simtoken.analysis.readings import (
    Variants,
    by_label,
    column,
    means_by,
    result_table,
    run_variants,
    show,
    values_of,
    variants_table,
)

FAST: dict[str, object] = {"algorithm": "HS256"}


@pytest.fixture(scope="module")
def grace() -> Variants:
    """The ``grace-interval`` scenario: default (30 s, new successor), same successor, no grace."""
    variants: list[dict[str, object]] = [{}, {"grace_successor": "same"}, {"grace_interval": 0}]
    return run_variants("grace-interval", variants, seed=7, settings=FAST)


def test_a_list_of_variants_is_labelled_by_every_setting_any_variant_sets(grace: Variants) -> None:
    assert grace.labels == (
        "grace_successor=new, grace_interval=30",
        "grace_successor=same, grace_interval=30",
        "grace_successor=new, grace_interval=0",
    )
    assert [r.config.policy.grace_interval for r in grace] == [30.0, 30.0, 0.0]
    assert grace["grace_successor=same, grace_interval=30"] is grace[1]
    assert len(grace) == 3 and grace.items()[2] == (grace.labels[2], grace[2])


def test_each_variant_is_the_run_simtoken_run_makes(grace: Variants) -> None:
    same = simtoken.run("grace-interval", seed=7, grace_successor="same", algorithm="HS256")
    assert grace[1].to_json() == same.to_json()
    assert grace[0].to_json() == simtoken.run("grace-interval", seed=7, algorithm="HS256").to_json()


def test_the_variants_table_is_exact(grace: Variants) -> None:
    table = variants_table(grace, answer("retry"), answer("old-copy"), "reuse_presenters")
    assert table == (
        "variant                                  answer to retry  answer to old-copy  reuse_presenters\n"
        "grace_successor=new, grace_interval=30          accepted              reused          old-copy\n"
        "grace_successor=same, grace_interval=30         accepted              reused          old-copy\n"
        "grace_successor=new, grace_interval=0             reused             revoked             retry"
    )
    assert variants_table(grace, "victim_logins", label="policy").splitlines()[0] == (
        "policy                                   victim_logins"
    )


def test_column_and_by_label_give_the_same_values_exact(grace: Variants) -> None:
    assert column(grace, "family_revocations") == (1, 1, 1)
    assert column(grace, answer("retry")) == ("accepted", "accepted", "reused")
    rows = by_label(grace, "victim_logins", rejected_as("reused"))
    assert rows == {label: (1, 1) for label in grace.labels}
    assert values_of(grace[2], "refreshes", answer("old-copy")) == (
        grace[2].metrics.refreshes,
        "revoked",
    )


def test_named_variants_keep_their_labels_and_a_preset_is_a_variant() -> None:
    runs = run_variants(
        "theft-f3",
        {"naive": {"preset": "naive"}, "bff": {"preset": "auth0-spa", "storage": "cookie_bff"}},
        seed=7,
        settings={**FAST, "horizon": 4 * 3600},
    )
    assert runs.labels == ("naive", "bff")
    assert runs[1].config.storage == "cookie_bff"
    auth0 = simtoken.get_preset("auth0-spa").policy
    assert runs[1].config.policy == dataclasses.replace(auth0, algorithm="HS256")
    assert column(runs, "attacker_refresh_s") == (10_800.0, 0.0)


def test_a_preset_in_a_list_of_variants_labels_the_others_with_a_dash() -> None:
    runs = run_variants("refresh", [{}, {"preset": "okta-spa"}], seed=7, settings={"horizon": 600})
    assert runs.labels == ("preset=-", "preset=okta-spa")


def test_the_baseline_alone_is_labelled_defaults() -> None:
    runs = run_variants("refresh", [{}], seed=7, settings={**FAST, "horizon": 600})
    assert runs.labels == ("defaults",)


def test_a_comparison_and_a_mapping_are_runs_too() -> None:
    table = simtoken.compare("refresh", ["naive", "okta-spa"], seed=7, settings={"horizon": 600})
    assert Variants.of(table).labels == ("naive", "okta-spa")
    assert column(table, "victim_logins") == (0, 0)
    one = table.rows[0].result
    assert Variants.of({"only": one})["only"] is one
    assert by_label({"only": one}, "api_calls") == {"only": (one.metrics.api_calls,)}


def test_result_table_lists_one_run_a_column_a_line(grace: Variants) -> None:
    assert result_table(grace[2], "victim_logins", "detection_latency_s", "rejections") == (
        "victim_logins        1\n"
        "detection_latency_s  -\n"
        "rejections           expired: 38, reused: 1, revoked: 2"
    )


@pytest.mark.parametrize(
    ("name", "value", "text"),
    [
        ("detection_latency_s", None, "-"),
        ("attacker_access_s", 59.5, "59.5"),
        ("attacker_access_s", 19_224.774099, "19224.774099 (5 h 20 min)"),
        ("attacker_api_calls", 1738, "1738"),
        ("rejections", {"expired": 38, "reused": 1}, "expired: 38, reused: 1"),
        ("rejections", {}, "-"),
        ("answer to retry", "accepted", "accepted"),
    ],
)
def test_show_writes_each_value_one_way(name: str, value: object, text: str) -> None:
    assert show(name, value) == text


def test_means_by_reads_a_sweep_one_heatmap_row_at_a_time() -> None:
    grid = simtoken.sweep(
        "refresh",
        {"access_token_lifetime": [120, 300], "refresh": ["reactive", "proactive"]},
        [7, 8],
        settings={"horizon": 7200, **FAST},
        workers=1,
        progress=False,
    )
    by_mode = means_by(grid, "as_load_per_h", "refresh")
    assert by_mode == {"reactive": (6.75, 3.5), "proactive": (9.0, 4.0)}
    assert means_by(grid, "as_load_per_h", "access_token_lifetime") == {
        120: (6.75, 9.0),
        300: (3.5, 4.0),
    }
    with pytest.raises(UnknownNameError, match="by: unknown name 'seed'"):
        means_by(grid, "as_load_per_h", "seed")
    with pytest.raises(UnknownNameError, match="metric"):
        means_by(grid, "rejections", "refresh")


def test_bad_variants_and_columns_are_named_errors(grace: Variants) -> None:
    with pytest.raises(ConfigError, match="distinct labels"):
        run_variants("refresh", [{}, {"grace_interval": 0}], seed=7, settings={"horizon": 600})
    with pytest.raises(ConfigError, match="preset"):
        run_variants("refresh", [{"preset": 3}], seed=7)
    with pytest.raises(UnknownNameError, match="access_token_lifetme"):
        run_variants("refresh", [{"access_token_lifetme": 60}], seed=7)
    with pytest.raises(UnknownNameError, match="column: unknown name 'false_logout'"):
        column(grace, "false_logout")
    with pytest.raises(ConfigError, match="one or more"):
        variants_table(grace)
    with pytest.raises(UnknownNameError, match="variant"):
        grace["no such label"]
    with pytest.raises(ConfigError, match="one label per run"):
        Variants(("a",), ())


def test_results_are_results(grace: Variants) -> None:
    assert all(isinstance(r, Result) for r in grace)
    assert list(grace[1:]) == list(grace.results[1:])
