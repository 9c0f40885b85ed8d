"""Every public function and method has a docstring with an example (run as a doctest)."""

import inspect
from collections.abc import Iterator

import pytest

import savingsmodel


def _public_callables() -> Iterator[tuple[str, object]]:
    for name in sorted(savingsmodel._PUBLIC):
        value = getattr(savingsmodel, name)
        if inspect.isfunction(value):
            yield name, value
        elif inspect.isclass(value):
            for attr, member in vars(value).items():
                if attr.startswith("_"):
                    continue
                if isinstance(member, (staticmethod, classmethod)):
                    member = member.__func__
                if isinstance(member, property):
                    member = member.fget
                # Only what this package defines: not pydantic's, an enum's or a dataclass's own methods.
                if inspect.isfunction(member) and member.__module__.startswith("savingsmodel"):
                    yield f"{name}.{attr}", member


@pytest.mark.parametrize(("name", "member"), list(_public_callables()), ids=lambda x: x if isinstance(x, str) else "")
def test_every_public_method_has_an_example(name: str, member: object) -> None:
    doc = inspect.getdoc(member) or ""
    assert ">>>" in doc, f"{name} needs a docstring with an example"
