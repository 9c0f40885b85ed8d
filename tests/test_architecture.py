"""The package's shape: one list of the public API, loaded lazily, and layers kept by contract."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import savingsmodel

ROOT = Path(__file__).resolve().parent.parent


def _type_checking_names() -> set[str]:
    """The names the package imports under TYPE_CHECKING: what editors and type checkers see."""
    tree = ast.parse((ROOT / "savingsmodel" / "__init__.py").read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            for statement in node.body:
                if isinstance(statement, ast.ImportFrom):
                    names.update(alias.asname or alias.name for alias in statement.names)
    return names


def test_the_public_api_is_one_list() -> None:
    public = set(savingsmodel._PUBLIC)
    assert savingsmodel.__all__ == sorted([*public, "__version__"])
    assert _type_checking_names() == public


@pytest.mark.parametrize("name", sorted(savingsmodel._PUBLIC))
def test_every_public_name_loads_from_the_module_it_names(name: str) -> None:
    value = getattr(savingsmodel, name)
    assert getattr(value, "__module__", savingsmodel._PUBLIC[name]) == savingsmodel._PUBLIC[name]


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="has no attribute 'evaluat'"):
        savingsmodel.evaluat  # noqa: B018


def test_importing_the_package_loads_none_of_it() -> None:
    code = "import sys, savingsmodel; print(sorted(m for m in sys.modules if m.startswith(('savingsmodel', 'pyd'))))"
    run = [sys.executable, "-c", code]
    out = subprocess.run(run, capture_output=True, text=True, check=True, cwd=ROOT).stdout  # noqa: S603
    assert out.strip() == "['savingsmodel']"
