"""The README's example and the package's docstring examples run as written."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
from pathlib import Path

import pytest

import simtoken

ROOT = Path(__file__).resolve().parent.parent


def test_readme_example() -> None:
    failures, tried = doctest.testfile(str(ROOT / "README.md"), module_relative=False)
    assert tried >= 5
    assert failures == 0


def _modules() -> list[str]:
    names = ["simtoken"]
    for info in pkgutil.walk_packages(simtoken.__path__, "simtoken."):
        if info.name not in ("simtoken.__main__",):
            names.append(info.name)
    return sorted(names)


@pytest.mark.parametrize("name", _modules())
def test_module_docstring_all_and_examples(name: str) -> None:
    module = importlib.import_module(name)
    assert module.__doc__ and len(module.__doc__.strip()) > 40, (
        f"{name} needs a docstring that explains its concept"
    )
    if not name.endswith("__init__") and hasattr(module, "__all__"):
        for public in module.__all__:
            assert hasattr(module, public), f"{name}.__all__ names missing {public}"
    else:
        assert hasattr(module, "__all__"), f"{name} needs an explicit __all__"
    failures, _ = doctest.testmod(module)
    assert failures == 0


def test_public_api_is_exactly_all() -> None:
    public = {name for name in dir(simtoken) if not name.startswith("_")}
    modules = {name for name in public if type(getattr(simtoken, name)).__name__ == "module"}
    assert set(simtoken.__all__) - {"__version__"} == public - modules


def test_every_exception_is_exported() -> None:
    from simtoken import errors

    for name in errors.__all__:
        assert getattr(simtoken, name) is getattr(errors, name)
