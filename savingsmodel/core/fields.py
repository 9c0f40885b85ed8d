"""The base of every input model, the field types inputs share, and how a rate is written.

Every input is a frozen pydantic model that refuses unknown fields and raises
:class:`~savingsmodel.core.errors.InputError` naming every bad field. The field types
here are made once so each kind of input value is read, and refused, the same
way everywhere:

>>> from pydantic import TypeAdapter
>>> TypeAdapter(Rate).validate_python("13.8%"), TypeAdapter(FTE).validate_python(0.5)
(Decimal('0.138'), Decimal('0.5'))
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Annotated, Any

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

from savingsmodel.core.errors import InputError
from savingsmodel.core.money import Money, check_input_size, exact_decimal
from savingsmodel.core.text import MULTILINE_FIELDS, text_problem
from savingsmodel.core.validation import problems_from_validation

__all__ = ["FTE", "Amount", "Count", "Number", "Positive", "Rate", "Share", "Stated", "Value", "format_rate"]


class Value(BaseModel):
    """A frozen pydantic model that raises :class:`InputError` naming every bad field.

    pydantic calls ``__init__`` for nested models too, so each level explains its
    own errors and the level above places them under its field path.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    def __init__(self, /, **data: Any) -> None:
        try:
            super().__init__(**data)
        except ValidationError as error:
            raise InputError(problems_from_validation(error, data, type(self))) from None

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
    if isinstance(value, float):
        # A count, an hour figure or a rate is not money: take the float as the decimal it was written as.
        value = repr(value)
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
#: A share of time, such as abstraction for leave: ``0.15`` or ``"15%"``; from 0 up to 1.
Share = Annotated[Decimal, BeforeValidator(_percent_or_number), AfterValidator(_share_in_range)]
