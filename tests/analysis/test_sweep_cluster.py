"""Distributed sweeps: a Dask LocalCluster of two worker processes gives the local sweep's bytes."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from simtoken import ConfigError, sweep
from simtoken.analysis import sweep_cluster
from simtoken.cli import main

distributed = pytest.importorskip("distributed")

ARGV = [
    "sweep", "refresh", "--grid", "access_token_lifetime=120,300", "--grid",
    "refresh=reactive,proactive", "--seeds", "7,8", "--set", "horizon=7200",
    "--set", "algorithm=HS256", "--json",
]  # fmt: skip


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    """Two worker processes, one thread each, on this machine; no dashboard."""
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as local:
        yield local


def test_cli_json_through_a_local_cluster_equals_the_local_sweep_byte_for_byte(
    cluster: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*ARGV, "--workers", "1"]) == 0
    local = capsys.readouterr().out
    assert main([*ARGV, "--scheduler", cluster.scheduler_address, "--progress"]) == 0
    captured = capsys.readouterr()
    assert captured.out == local
    assert "8/8" in captured.err  # the same tqdm bar, fed by the cluster's completions


def test_sweep_accepts_a_client_and_keeps_grid_order(cluster: Any) -> None:
    grid = {"access_token_lifetime": [900, 120, 300]}
    settings = {"horizon": 3600, "algorithm": "HS256"}
    local = sweep("refresh", grid, 3, settings=settings, workers=1)
    with distributed.Client(cluster, set_as_default=False) as client:
        remote = sweep("refresh", grid, 3, settings=settings, scheduler=client)
        assert client.status == "running"  # a Client passed in is left open for its owner
    assert remote.to_json() == local.to_json()


@pytest.mark.parametrize(
    "address",
    ["nonsense", "http://sched.example:8786", "tcp://sched.example", "sched.example:8786", 8786],
)
def test_malformed_scheduler_addresses_are_config_errors_before_any_run(address: object) -> None:
    with pytest.raises(ConfigError) as info:
        sweep("refresh", {"horizon": [600]}, scheduler=address)
    assert info.value.field == "scheduler"
    assert info.value.allowed == sweep_cluster.SCHEDULER_ALLOWED


def test_an_unreachable_scheduler_is_one_line_and_exit_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sweep_cluster, "CONNECT_TIMEOUT_S", 0.5)
    argv = ["sweep", "refresh", "--grid", "horizon=600,1200", "--scheduler", "tcp://127.0.0.1:9"]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("simtoken: error: scheduler: invalid value 'tcp://127.0.0.1:9'")
    assert "no answer within 0.5 s" in err


def test_the_budget_is_checked_before_connecting(monkeypatch: pytest.MonkeyPatch) -> None:
    def never(_: object) -> None:
        raise AssertionError("connected before checking the budget")

    monkeypatch.setattr(sweep_cluster, "connect", never)
    with pytest.raises(ConfigError) as info:
        sweep("refresh", {"horizon": [600]}, max_events=10, scheduler="tcp://127.0.0.1:9")
    assert info.value.field != "scheduler"


@pytest.mark.parametrize("workers", [1, 2])
def test_tasks_are_sent_in_the_order_given_and_answered_by_index(workers: int) -> None:
    tasks = [3, 1, 4, 1, 5]
    order = [4, 2, 0, 1, 3]  # the longest first
    with sweep_cluster.completions(_square, tasks, workers, order=order) as finished:
        pairs = list(finished)
    assert sorted(pairs) == [(i, t * t) for i, t in enumerate(tasks)]
    if workers == 1:  # in process: run in exactly that order
        assert [i for i, _ in pairs] == order


def _square(n: int) -> int:
    return n * n


def test_a_sweep_sends_its_longest_runs_first(monkeypatch: pytest.MonkeyPatch) -> None:
    sent: list[list[int]] = []
    real = sweep_cluster.completions

    def spy(*args: Any, **kwargs: Any) -> Any:
        sent.append(list(args[4]))
        return real(*args, **kwargs)

    monkeypatch.setattr("simtoken.analysis.sweep.completions", spy)
    grid = {"access_token_lifetime": [3600, 300]}
    sweep("theft", grid=grid, seeds=2, settings={"horizon": 7200.0})
    assert sent == [[2, 3, 0, 1]]  # 300 s tokens: more refreshes, more estimated events
