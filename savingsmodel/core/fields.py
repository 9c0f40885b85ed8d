"""The base of every input model, the field types inputs share, and how a rate is written.

Every input is a frozen pydantic model that refuses unknown fields and raises
:class:`~savingsmodel.core.errors.InputError` naming every bad field. The field types
here are made once so each kind of input value is read, and refused, the same
way everywhere:

>>> from pydantic import TypeAdapter
>>> TypeAdapter(Rate).validate_python("13.8%"), TypeAdapter(FTE).validate_python(0.5)
(Decimal('0.138'), Decimal('0.5'))

A field is read as one type and written as several: ``unit_cost`` is always
:class:`Money` once made, and may be given as ``"48k"``, ``48000`` or a
Decimal. A model's fields say both with :data:`In` (``In[Money, MoneyIn]``), so
an editor's type checker (pyright, Pylance, mypy without the pydantic plugin)
accepts ``Grade(unit_cost="48k")`` and still knows ``grade.unit_cost`` is Money.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any, Generic, Self, SupportsIndex, TypeAlias, TypeVar, overload

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    ValidationError,
    ValidationInfo,
    field_validator,
)
from pydantic_core import PydanticCustomError

from savingsmodel.core.errors import InputError, did_you_mean
from savingsmodel.core.money import Money, check_input_size, exact_decimal, float_text
from savingsmodel.core.text import MULTILINE_FIELDS, text_problem
from savingsmodel.core.validation import problems_from_validation
from savingsmodel.core.years import FinancialYear

__all__ = [
    "FTE",
    "Amount",
    "Count",
    "DateIn",
    "In",
    "MoneyIn",
    "Number",
    "NumberIn",
    "Percent",
    "Portion",
    "Positive",
    "Rate",
    "Share",
    "Stated",
    "Value",
    "YearIn",
    "format_rate",
]

#: What a money field accepts: Money, a Decimal, an int (numpy's too), text such as "£48k", a float of whole pence.
MoneyIn: TypeAlias = Money | Decimal | int | SupportsIndex | float | str
#: What a number field (FTE, a rate, hours) accepts: a Decimal, an int, a float (read as written) or text.
NumberIn: TypeAlias = Decimal | int | SupportsIndex | float | str
#: What a financial-year field accepts: a FinancialYear, text such as "2016/17", or a date in the year.
YearIn: TypeAlias = FinancialYear | str | date
#: What a date field accepts: a date, or ISO text such as "2016-10-01".
DateIn: TypeAlias = date | str

_R = TypeVar("_R")
_W = TypeVar("_W")

# mypy takes a bare name MYPY as true, as it does TYPE_CHECKING; pyright, Pylance and Python do not.
MYPY = False

if MYPY:
    # mypy (with the pydantic plugin, as this project checks itself) reads In[Read, Written] as Read: the
    # plugin would type a field a model inherits as its descriptor's written type, not its read type.
    from typing import Annotated as In
elif TYPE_CHECKING:

    class In(Generic[_R, _W]):
        """A field read as ``_R`` and written as ``_W``: a descriptor, as pyright and Pylance see it (PEP 681)."""

        @overload
        def __get__(self, instance: None, owner: type[Any]) -> In[_R, _W]: ...
        @overload
        def __get__(self, instance: object, owner: type[Any]) -> _R: ...
        def __get__(self, instance: object | None, owner: type[Any]) -> _R | In[_R, _W]: ...
        def __set__(self, instance: object, value: _W) -> None: ...

else:

    class In:
        """``In[Read, Written]`` is ``Read`` to pydantic, which validates and converts what is written.

        Editors see a descriptor instead (PEP 681: a dataclass-like field typed with a
        descriptor is written as its ``__set__`` takes and read as its ``__get__`` gives), so
        ``Grade(unit_cost="48k")`` type-checks and ``grade.unit_cost`` is ``Money``.
        """

        def __class_getitem__(cls, types: tuple[Any, Any]) -> Any:
            return types[0]


class Value(BaseModel):
    """A frozen pydantic model that raises :class:`InputError` naming every bad field.

    pydantic calls ``__init__`` for nested models too, so each level explains its
    own errors and the level above places them under its field path. A changed copy
    is validated like a new value (pydantic's own ``model_copy(update=...)`` is not),
    and assigning to a field says how to make one instead.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    def __init__(self, /, **data: Any) -> None:
        try:
            super().__init__(**data)
        except ValidationError as error:
            raise InputError(problems_from_validation(error, data, type(self))) from None

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        """A copy with the fields in ``update`` replaced, validated as a new value would be.

        >>> from savingsmodel import Grade
        >>> Grade(name="WM", unit_cost="48k").model_copy(update={"unit_cost": "50k"}).unit_cost
        Money('50000')
        >>> Grade(name="WM", unit_cost="48k").model_copy(update={"unitcost": "50k"})
        Traceback (most recent call last):
        savingsmodel.core.errors.InputError: unitcost: unknown field 'unitcost'; did you mean 'unit_cost'?
        """
        if not update:
            return super().model_copy(deep=deep)
        # The fields as they are (values already made are not made again), then the changes, validated.
        data = {name: getattr(self, name) for name in self.model_fields_set}
        return type(self)(**{**data, **update})

    def __setattr__(self, name: str, value: Any) -> None:
        if name.startswith("_"):
            super().__setattr__(name, value)  # pydantic's own bookkeeping
            return
        what = type(self).__name__
        if name not in type(self).model_fields:
            known = list(type(self).model_fields)
            raise InputError.one(name, f"unknown field {name!r}{did_you_mean(name, known)}", code="extra_field")
        raise InputError.one(
            name,
            f"cannot assign to a {what}: it is frozen, so a figure worked from it cannot go stale; "
            f"make a changed copy with {self._change_hint(name)}",
            code="frozen",
            name=name,
        )

    def _change_hint(self, name: str) -> str:
        """How to make a copy with ``name`` changed, for the message when it is assigned to."""
        return f"{type(self).__name__.lower()}.model_copy(update={{{name!r}: ...}})"

    @field_validator("*", mode="after")
    @classmethod
    def _safe_text(cls, value: Any, info: ValidationInfo) -> Any:
        """Every text a field holds, keys of its tables too, is free of control characters (see core.text)."""
        problem = _text_problem(value, info.field_name in MULTILINE_FIELDS)
        if problem is not None:
            raise PydanticCustomError("control_character", problem)
        return value


def _text_problem(value: object, multiline: bool) -> str | None:
    """The first problem with a text in ``value`` (text, or lists and tables of it); models check themselves."""
    if isinstance(value, str):
        return text_problem(value, multiline=multiline)
    if isinstance(value, dict):
        for key, item in value.items():
            problem = _text_problem(key, False) or _text_problem(item, multiline or key in MULTILINE_FIELDS)
            if problem is not None:
                return problem
    elif isinstance(value, (list, tuple)):
        for item in value:
            problem = _text_problem(item, multiline)
            if problem is not None:
                return problem
    return None


def format_rate(rate: Decimal) -> str:
    """A rate as a percentage: ``13.8%``, ``15.05%``, ``0%``.

    >>> format_rate(Decimal("0.138")), format_rate(Decimal("0.1505")), format_rate(Decimal(0))
    ('13.8%', '15.05%', '0%')
    """
    percent = rate.scaleb(2).normalize()
    return f"{percent:f}%"


def _number(value: object) -> Decimal:
    if isinstance(value, numbers.Real) and not isinstance(value, (numbers.Rational, Decimal)):
        # A count, an hour figure or a rate is not money: take the float (numpy's too) as the decimal it was written as.
        value = float_text(value)
    try:
        return check_input_size(exact_decimal(value, "a number"), "a number")
    except (TypeError, ValueError) as error:
        raise PydanticCustomError("number", str(error)) from None


def _percent_or_number(value: object) -> Decimal:
    """A fraction (``0.138``) or percentage text (``"13.8%"``), as the fraction."""
    percent = isinstance(value, str) and value.strip().endswith("%")
    text = value.strip().removesuffix("%") if isinstance(value, str) else value
    try:
        number = _number(text)
    except PydanticCustomError:
        raise PydanticCustomError(
            "rate",
            "expected a rate as a fraction such as 0.138 or a percentage such as '13.8%', found {found}",
            {"found": repr(value)},
        ) from None
    return number.scaleb(-2) if percent else number


def _at_least_zero(noun: str) -> Callable[[Any], Any]:
    def check(value: Any) -> Any:
        if value < type(value)(0):
            message = f"expected {noun} of zero or more, found {{found}}"
            raise PydanticCustomError("negative", message, {"found": str(value)})
        return value

    return check


def _above_zero(value: Decimal) -> Decimal:
    if value <= 0:
        raise PydanticCustomError("positive", "expected a number above zero, found {found}", {"found": str(value)})
    return value


def _rate_in_range(rate: Decimal) -> Decimal:
    if not -1 < rate <= 1:
        hint = f"; for {rate}% write '{rate}%'" if 1 < rate < 100 else ""
        raise PydanticCustomError(
            "rate",
            "expected a rate above -100% and at most 100% (a fraction such as 0.138, or '13.8%'), found {found}{hint}",
            {"found": str(rate), "hint": hint},
        )
    return rate


def _share_in_range(value: Decimal) -> Decimal:
    if not 0 <= value < 1:
        raise PydanticCustomError(
            "share",
            "expected a share from 0 up to (not including) 1, such as 0.15 or '15%', found {found}",
            {"found": str(value)},
        )
    return value


def _portion_in_range(value: Decimal) -> Decimal:
    if not 0 < value <= 1:
        raise PydanticCustomError(
            "portion",
            "expected a share above 0 and at most 1 (all of it), such as 0.6 or '60%', found {found}",
            {"found": str(value)},
        )
    return value


def _stated(value: object) -> Decimal:
    """A stated figure: money text (``"£576k"``) or a count (``-11``)."""
    try:
        return check_input_size(Money(value).amount, "a figure")  # type: ignore[arg-type]
    except (TypeError, ValueError) as error:
        raise PydanticCustomError("quantity", str(error)) from None


#: An amount in pounds that may not be negative.
Amount = Annotated[Money, AfterValidator(_at_least_zero("an amount"))]
#: Full-time equivalents: 0.5 is allowed, negative is not.
FTE = Annotated[Decimal, BeforeValidator(_number), AfterValidator(_at_least_zero("an FTE"))]
#: A count of posts or people: exact, zero or more.
Count = Annotated[Decimal, BeforeValidator(_number), AfterValidator(_at_least_zero("a number"))]
#: A quantity above zero, such as hours in a day.
Positive = Annotated[Decimal, BeforeValidator(_number), AfterValidator(_above_zero)]
#: A number such as a rate or a count, exact.
Number = Annotated[Decimal, BeforeValidator(_number)]
#: A figure as stated in a paper: money or a count.
Stated = Annotated[Decimal, BeforeValidator(_stated)]
#: A rate: ``0.138`` or ``"13.8%"``; above -100%, at most 100%.
Rate = Annotated[Decimal, BeforeValidator(_percent_or_number), AfterValidator(_rate_in_range)]
#: A body's part of something shared with a partner: ``0.6`` or ``"60%"``; above 0, at most 1 (all of it).
Portion = Annotated[Decimal, BeforeValidator(_percent_or_number), AfterValidator(_portion_in_range)]
#: A percentage a paper states: ``"9%"`` (or the fraction ``0.09``), zero or more; kept as the fraction,
#: with the digits as written (``"10%"`` is ``Decimal('0.10')``), so the step it is rounded to can be read off.
Percent = Annotated[Decimal, BeforeValidator(_percent_or_number), AfterValidator(_at_least_zero("a percentage"))]
#: A share of time, such as abstraction for leave: ``0.15`` or ``"15%"``; from 0 up to 1.
Share = Annotated[Decimal, BeforeValidator(_percent_or_number), AfterValidator(_share_in_range)]
