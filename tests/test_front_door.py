"""runner.configure is the one place where scenario + preset + settings become a RunConfig."""

from __future__ import annotations

import ast
import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import simtoken
import simtoken.runner as runner
from simtoken.runner import build, configure
from simtoken.world import World

ROOT = Path(__file__).resolve().parent.parent


def _bench_core() -> ModuleType:
    name = "_simtoken_bench_core"
    if name not in sys.modules:  # the benchmark is a script, not a package module
        path = ROOT / "benchmarks" / "bench_core.py"
        spec = importlib.util.spec_from_file_location(name, path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # its dataclasses look their module up while being made
        spec.loader.exec_module(module)
    return sys.modules[name]


def test_only_the_runner_resolves_a_config() -> None:
    needle = "resolve_config" + "("
    found = {
        path.relative_to(ROOT).as_posix()
        for folder in ("simtoken", "tests", "benchmarks", "docs")
        for path in (ROOT / folder).rglob("*.py")
        if needle in path.read_text(encoding="utf-8")
    }
    assert found == {"simtoken/runner.py"}
    assert "resolve_config" not in runner.__all__


def _calls(function: ast.FunctionDef) -> set[str]:
    return {
        node.func.id
        for node in ast.walk(function)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    }


def test_bench_core_builds_its_world_through_the_front_door() -> None:
    tree = ast.parse((ROOT / "benchmarks" / "bench_core.py").read_text(encoding="utf-8"))
    (function,) = (
        node
        for node in tree.body
        if isinstance(node, ast.FunctionDef) and node.name == "build_world"
    )
    calls = _calls(function)
    assert {"configure", "build"} <= calls
    assert not calls & {"apply_settings", "World", "get_scenario"}


def test_bench_core_world_is_the_world_simtoken_run_builds() -> None:
    bench = _bench_core()
    world = bench.build_world(clients=3, days=0.1, request_interval=60.0, seed=7, algorithm="HS256")
    knobs: dict[str, Any] = {
        "clients": 3,
        "horizon": 8640.0,
        "request_interval": 60.0,
        "algorithm": "HS256",
    }
    assert world.config == configure("refresh", None, knobs)
    assert world.run().to_json() == simtoken.run("refresh", seed=7, **knobs).to_json()


def test_bench_core_population_world_is_not_refused_by_the_budget() -> None:
    # 1,000 clients for 7 days is ~8 million estimated events, over the library's default budget.
    world = _bench_core().build_world(
        clients=1000, days=7.0, request_interval=1800.0, seed=0, algorithm="HS256"
    )
    assert isinstance(world, World) and len(world.clients) == 1000


def test_configure_and_build_are_what_run_does() -> None:
    config = configure("refresh", "okta-spa", {"horizon": 7200})
    assert config.policy == simtoken.get_preset("okta-spa").policy and config.horizon == 7200.0
    built = build("refresh", config, 7).run()
    assert built == simtoken.run("refresh", seed=7, preset="okta-spa", horizon=7200)
