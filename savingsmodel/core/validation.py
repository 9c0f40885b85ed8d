"""Pydantic's validation errors, as problems in the words of a scenario file.

Every input model raises :class:`~savingsmodel.core.errors.InputError` naming each
bad field as ``expected ..., found ...`` at its field path. The translation reads
the models' own fields (which model sits at ``lines[2]``, which kinds a tagged
union has), so it knows nothing of any one model and serves them all.
"""

from __future__ import annotations

import functools
import re
import typing
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any, Final

from pydantic import BaseModel, ValidationError

from savingsmodel.core.errors import InputError, Problem, did_you_mean
from savingsmodel.core.money import Money
from savingsmodel.core.text import cut, shortened
from savingsmodel.core.years import FinancialYear

__all__ = ["problems_from_validation"]


def problems_from_validation(error: ValidationError, data: object, model: type[BaseModel]) -> list[Problem]:
    """Turn pydantic's errors into Problems that say ``expected ..., found ...`` at a field path.

    ``data`` is the input that was validated by ``model``: it lets a misspelt key
    get a "did you mean". A model with a ``cross_problems(data)`` class method (the
    proposal's cross-references) has it run even when some fields are wrong, so
    every problem is reported at once.
    """
    tags = frozenset(tag for kinds in _kinds_below(model) for tag in kinds)
    problems: list[Problem] = []
    for item in error.errors(include_url=False):
        loc = tuple(part for part in item["loc"] if not _is_internal(part, tags))
        ctx = item.get("ctx") or {}
        nested = ctx.get("error")
        if item["type"] == "cross":
            problems.extend(ctx["problems"])
        elif isinstance(nested, InputError):
            # A nested model's own __init__ already explained itself; place it under loc.
            problems.extend(p.at(_join(_path(loc), p.path)) for p in nested.problems)
        else:
            kind = _code(item["type"])
            name = _named(item) if kind in ("extra_field", "unknown_kind") else None
            problems.append(Problem(_path(loc), _message(item, loc, data, model), code=kind, name=name))
    cross = getattr(model, "cross_problems", None)
    if cross is not None and not any(item["type"] == "cross" for item in error.errors()):
        seen = {str(p) for p in problems}
        problems.extend(p for p in cross(data) if str(p) not in seen)
    return problems


# pydantic's error types, in the reason codes of a Problem (see ``_code``).
_CODES: Final = {
    "missing": "missing",
    "extra_forbidden": "extra_field",
    "union_tag_invalid": "unknown_kind",
    "union_tag_not_found": "missing_kind",
    "enum": "unknown_choice",
    "literal_error": "unknown_choice",
    "greater_than": "out_of_range",
    "greater_than_equal": "out_of_range",
    "less_than": "out_of_range",
    "less_than_equal": "out_of_range",
}


def _code(error_type: str) -> str:
    """A problem's reason code from pydantic's error type.

    The common reasons get a word of their own; any wrong shape (``list_type``,
    ``int_parsing``, ...) is ``wrong_type``; the rest keep their type as it is:
    our validators' own (``money``, ``negative``, ``schedule``, ...) or pydantic's,
    which are stable within pydantic 2 (the version the package requires).
    """
    if error_type in _CODES:
        return _CODES[error_type]
    if error_type.endswith(("_type", "_parsing")):
        return "wrong_type"
    return error_type


def _named(item: Any) -> str | None:
    """The unknown key or kind an error is about, as the input wrote it."""
    if item["type"] == "extra_forbidden":
        return str(item["loc"][-1])
    found = item.get("input")
    tag = (item.get("ctx") or {}).get("tag", found.get(_TAG) if isinstance(found, Mapping) else None)
    return None if tag is None else str(tag)


def _join(prefix: str, path: str) -> str:
    if not prefix:
        return path
    if not path or path.startswith("["):
        return prefix + path
    return f"{prefix}.{path}"


_VALIDATOR_NAME: Final = re.compile(r"^[a-z][\w-]*\[.*\]$")


def _is_internal(part: str | int, tags: frozenset[str]) -> bool:
    # pydantic adds the union tag and validator names ("function-after[...]") to locations;
    # a reader wants fields. A key the file wrote, however odd ("0["), is kept.
    return isinstance(part, str) and (part in tags or bool(_VALIDATOR_NAME.match(part)))


def _path(loc: tuple[str | int, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _found(value: object) -> str:
    if isinstance(value, (Mapping, list, tuple)):
        return f"a {'table' if isinstance(value, Mapping) else 'list'}"
    if isinstance(value, str):
        return shortened(value)  # a 1 MB string is quoted by its start and its length, not whole
    if isinstance(value, (Decimal, date, FinancialYear, Money)):
        return cut(str(value))  # as the file wrote it, not Python's repr
    return f"{type(value).__name__} {value!r}" if isinstance(value, float) else cut(repr(value))


# pydantic's words for a wrong shape, in the words of a scenario file.
_SHAPES: Final = (
    (re.compile(r"^expected a valid (?:tuple|list)\b.*"), "expected a list"),
    (
        re.compile(r"^expected a valid dictionary\b.*|^expected a (?:valid )?dictionary or instance of \w+.*"),
        "expected a table",
    ),
    (
        re.compile(r"^Datetimes provided to dates should have zero time.*"),
        "expected a date such as 2016-04-01, without a time",
    ),
    # Keep pydantic's reason when it names what is wrong ("month value is outside expected range of 1-12").
    (re.compile(r"^expected a valid date(?: or datetime)?(?:, (?P<why>.+))?$"), "expected a date such as 2016-04-01"),
    (re.compile(r"^expected a valid (?:integer|number)\b.*"), "expected a whole number"),
    (re.compile(r"^expected a valid string\b.*"), "expected text"),
    (re.compile(r"^expected a valid boolean\b.*"), "expected true or false"),
)


def _message(item: Any, loc: tuple[str | int, ...], data: object, model: type[BaseModel]) -> str:
    kind, found = item["type"], item.get("input")
    if kind == "missing":
        return "expected a value, found nothing (required)"
    if kind == "extra_forbidden":
        key = str(item["loc"][-1])  # the unknown key itself, as written
        known = _known_fields(loc[:-1], data, model)
        return f"unknown field {key!r}{did_you_mean(key, known) if known else ''}"
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        tag = item.get("ctx", {}).get("tag", found.get("kind") if isinstance(found, Mapping) else None)
        kinds = list(_kinds_at(loc, data, model))
        if kind == "union_tag_not_found":
            return f"expected a kind, one of {', '.join(kinds)}; found none"
        return f"unknown kind {tag!r}{did_you_mean(str(tag), kinds)}"
    message: str = item["msg"]
    if message.startswith("Value error, "):
        message = message[len("Value error, ") :]
    if message.startswith("Input should be "):
        message = "expected " + message[len("Input should be ") :]
    for shape, words in _SHAPES:
        match = shape.match(message)
        if match:
            why = match.groupdict().get("why")
            message = f"{words} ({why})" if why and "invalid character" not in why else words
            break
    if "found" not in message:
        message = f"{message}, found {_found(found)}"
    if kind in ("enum", "literal_error") and isinstance(found, str):
        # A misspelt choice ('net_savings') gets a "did you mean", as a misspelt key does.
        expected = str((item.get("ctx") or {}).get("expected", ""))
        choices = [part.strip().strip("'") for part in expected.replace(" or ", ", ").split(", ")]
        hint = did_you_mean(found, choices)
        message += hint if hint.startswith("; did you mean") else ""
    return message


def _known_fields(loc: tuple[str | int, ...], data: object, model: type[BaseModel]) -> list[str] | None:
    """The field names allowed at ``loc`` (the parent of an unknown key), from the input."""
    found = _model_at(loc, data, model)
    if found is None:
        return None
    return [name for name in found.model_fields if name != _TAG]


# The field that tells the kinds of a tagged union apart (a line's ``kind``).
_TAG: Final = "kind"


def _model_at(loc: tuple[str | int, ...], data: object, model: type[BaseModel]) -> type[BaseModel] | None:
    """The model that validates the node at ``loc`` of ``data``, found from the models' own fields."""
    node: object = data
    models: tuple[type[BaseModel], ...] = (model,)
    for part in loc:
        current = _pick(models, node)
        if isinstance(part, int):
            node = node[part] if isinstance(node, (list, tuple)) and part < len(node) else None
            continue
        field = current.model_fields.get(part) if current is not None else None
        if field is None:
            return None
        node = node.get(part) if isinstance(node, Mapping) else None
        models = _models_in(field.annotation)
        if not models:
            return None
    return _pick(models, node)


def _pick(models: tuple[type[BaseModel], ...], node: object) -> type[BaseModel] | None:
    """One model of several: the one whose tag the node names (or the common base of a tagged union)."""
    if len(models) == 1:
        return models[0]
    kind = node.get(_TAG) if isinstance(node, Mapping) else None
    for candidate in models:
        if _tag_of(candidate) == kind:
            return candidate
    # No tag (or an unknown one): the fields every kind shares.
    common = [base for base in models[0].__mro__ if all(base in m.__mro__ for m in models)]
    return next((base for base in common if issubclass(base, BaseModel) and base.model_fields), None)


def _kinds_at(loc: tuple[str | int, ...], data: object, model: type[BaseModel]) -> list[str]:
    """The tags of the tagged union validated at ``loc``."""
    node: object = data
    models: tuple[type[BaseModel], ...] = (model,)
    for part in loc:
        if isinstance(part, int):
            continue
        current = _pick(models, node)
        field = current.model_fields.get(part) if current is not None else None
        if field is None:
            break
        models = _models_in(field.annotation)
    return [tag for tag in (_tag_of(m) for m in models) if tag is not None]


def _tag_of(model: type[BaseModel]) -> str | None:
    field = model.model_fields.get(_TAG)
    return field.default if field is not None and isinstance(field.default, str) else None


def _models_in(annotation: object) -> tuple[type[BaseModel], ...]:
    """The models a field's type holds: through Annotated, unions, tuples, lists and dict values."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return (annotation,)
    found: list[type[BaseModel]] = []
    for arg in typing.get_args(annotation):
        for model in _models_in(arg):
            if model not in found:
                found.append(model)
    return tuple(found)


@functools.cache
def _kinds_below(model: type[BaseModel]) -> tuple[tuple[str, ...], ...]:
    """Every tagged union's tags reachable from ``model``, so they can be dropped from error locations."""
    seen: set[type[BaseModel]] = set()
    unions: list[tuple[str, ...]] = []

    def walk(current: type[BaseModel]) -> None:
        if current in seen:
            return
        seen.add(current)
        for field in current.model_fields.values():
            models = _models_in(field.annotation)
            tags = tuple(tag for tag in (_tag_of(m) for m in models) if tag is not None)
            if len(tags) > 1:
                unions.append(tags)
            for inner in models:
                walk(inner)

    walk(model)
    return tuple(unions)
