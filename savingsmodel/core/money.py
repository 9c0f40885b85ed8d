"""Money: an exact amount in pounds, on Decimal, rounded only by name.

>>> Money("48k") * 12
Money('576000')
>>> str(Money("£48,000") * 12 - Money("216000"))
'£360,000'
>>> Money("576000").format(Unit.THOUSANDS)
'£576k'
>>> sum([Money(1), Money("0.50")])
Money('1.50')

Arithmetic never rounds: ``Money(1) * Decimal("0.5")`` is exact. Rounding
happens only in :meth:`Money.round` (and the formatting built on it) with a
named :class:`Unit` and :class:`RoundingMode`, half-up unless told otherwise.
Floats are refused, because a binary float cannot hold most pence exactly;
:meth:`Money.from_float` converts one on purpose, rounding it by name.
"""

from __future__ import annotations

import re
from decimal import (
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    Context,
    Decimal,
    DivisionByZero,
    Inexact,
    InvalidOperation,
    Overflow,
)
from enum import Enum
from fractions import Fraction
from typing import Any, Final

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema

__all__ = ["Money", "RoundingMode", "Unit", "check_input_size", "exact_decimal", "round_fraction"]

# Every money operation runs in this context, never the thread's global one, so a
# caller's decimal settings cannot change a figure. Inexact is trapped: addition,
# subtraction and multiplication of money must be exact, or fail loudly.
_EXACT: Final = Context(prec=60, traps=[InvalidOperation, DivisionByZero, Overflow, Inexact])


class Unit(Enum):
    """The increments money is rounded to: pence, pounds, £k, £m."""

    PENCE = Decimal("0.01")
    POUNDS = Decimal(1)
    THOUSANDS = Decimal(1000)
    MILLIONS = Decimal(1000000)


class RoundingMode(Enum):
    """How a half is rounded: half-up (away from zero) is the finance default."""

    HALF_UP = ROUND_HALF_UP
    HALF_EVEN = ROUND_HALF_EVEN


_SUFFIX: Final = {Unit.POUNDS: "", Unit.PENCE: "", Unit.THOUSANDS: "k", Unit.MILLIONS: "m"}
_MULTIPLIER: Final = {"": 1, "k": 1000, "m": 1000000, "bn": 1000000000}
_MONEY_TEXT: Final = re.compile(
    # "(£12k)" is the accountant's -£12k: brackets are allowed round the whole amount.
    r"^\s*(?P<open>\()?\s*(?P<sign>[-+]?)\s*£?\s*(?P<number>\d[\d,]*(?:\.\d+)?|\.\d+)\s*(?P<suffix>k|m|bn)?\s*"
    r"(?P<close>\))?\s*$",
    re.IGNORECASE,
)


def round_fraction(value: Fraction, increment: Decimal, mode: RoundingMode) -> Decimal:
    """Round an exact rational to a multiple of ``increment``, by the named mode.

    Exact integer arithmetic: no intermediate precision can tip a half either way.
    """
    steps = value / Fraction(increment)
    whole, rest = divmod(steps.numerator, steps.denominator)
    twice = 2 * rest
    if twice > steps.denominator:
        whole += 1
    elif twice == steps.denominator:
        if mode is RoundingMode.HALF_EVEN:
            whole += whole % 2
        elif steps >= 0:  # half-up rounds a half away from zero
            whole += 1
    return _EXACT.multiply(Decimal(whole), increment)


def exact_decimal(value: object, what: str = "a number") -> Decimal:
    """A finite Decimal from int, Decimal or numeric text; floats are refused."""
    if isinstance(value, float):
        raise TypeError(
            f"expected {what} as an int, Decimal or text, found float {value!r}; "
            "a binary float cannot hold most decimals exactly"
        )
    if isinstance(value, bool):
        raise TypeError(f"expected {what}, found {value!r}")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, str):
        try:
            result = Decimal(value.strip().replace(",", ""))
        except InvalidOperation:
            raise ValueError(f"expected {what}, found {value!r}") from None
    else:
        raise TypeError(f"expected {what}, found {type(value).__name__} {value!r}")
    if not result.is_finite():
        noun = what.removeprefix("an ").removeprefix("a ")  # "a finite amount of money", not "a finite an ..."
        raise ValueError(f"expected a finite {noun}, found {value!r}")
    return result


class Money:
    """An exact amount of pounds sterling.

    Made from an int, a Decimal, another Money or text such as ``"48000"``,
    ``"£48,000"``, ``"48k"`` or ``"1.2m"``.
    """

    __slots__ = ("_amount",)
    _amount: Decimal

    def __init__(self, value: Money | Decimal | int | str = 0) -> None:
        object.__setattr__(self, "_amount", _to_amount(value))

    @classmethod
    def from_float(cls, value: float, unit: Unit = Unit.PENCE, mode: RoundingMode = RoundingMode.HALF_UP) -> Money:
        """Convert a float on purpose, rounding its shortest repr to ``unit``."""
        return cls(Decimal(repr(float(value)))).round(unit, mode)

    @property
    def amount(self) -> Decimal:
        """The exact amount in pounds."""
        return self._amount

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("Money is immutable")

    # Arithmetic: exact, or an error.

    def __add__(self, other: object) -> Money:
        if isinstance(other, Money):
            return Money(_EXACT.add(self._amount, other._amount))
        return NotImplemented

    def __radd__(self, other: object) -> Money:
        # sum() starts from the int 0; nothing else may be added to money.
        if isinstance(other, int) and not isinstance(other, bool) and other == 0:
            return self
        return NotImplemented

    def __sub__(self, other: object) -> Money:
        if isinstance(other, Money):
            return Money(_EXACT.subtract(self._amount, other._amount))
        return NotImplemented

    def __neg__(self) -> Money:
        return Money(_EXACT.minus(self._amount))

    def __abs__(self) -> Money:
        return Money(_EXACT.abs(self._amount))

    def __mul__(self, quantity: object) -> Money:
        if isinstance(quantity, (int, Decimal)) and not isinstance(quantity, bool):
            return Money(_EXACT.multiply(self._amount, Decimal(quantity)))
        return NotImplemented

    __rmul__ = __mul__

    def scaled(self, ratio: Fraction, unit: Unit = Unit.PENCE, mode: RoundingMode = RoundingMode.HALF_UP) -> Money:
        """This amount times a rational ``ratio``, rounded to ``unit`` by ``mode``.

        The one way to divide money: a part-year share, a cost per post.
        """
        return Money(round_fraction(Fraction(self._amount) * ratio, unit.value, mode))

    def ratio(self, other: Money) -> Fraction:
        """The exact ratio of two amounts, e.g. a saving per pound of cost."""
        if other._amount == 0:
            raise ZeroDivisionError("ratio to zero money")
        return Fraction(self._amount) / Fraction(other._amount)

    # Comparison and identity.

    def _key(self, other: object) -> Decimal:
        if not isinstance(other, Money):
            raise TypeError(f"cannot compare Money with {type(other).__name__}")
        return other._amount

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Money):
            return self._amount == other._amount
        return NotImplemented

    def __lt__(self, other: Money) -> bool:
        return self._amount < self._key(other)

    def __le__(self, other: Money) -> bool:
        return self._amount <= self._key(other)

    def __gt__(self, other: Money) -> bool:
        return self._amount > self._key(other)

    def __ge__(self, other: Money) -> bool:
        return self._amount >= self._key(other)

    def __hash__(self) -> int:
        return hash(self._amount)

    def __bool__(self) -> bool:
        return bool(self._amount)

    def __reduce__(self) -> tuple[type[Money], tuple[str]]:
        return (Money, (str(self._amount),))

    # Rounding and text.

    def round(self, unit: Unit = Unit.PENCE, mode: RoundingMode = RoundingMode.HALF_UP, places: int = 0) -> Money:
        """Round to ``unit`` (to ``places`` decimals of it: £0.1m is MILLIONS, 1)."""
        increment = unit.value.scaleb(-places)
        return Money(round_fraction(Fraction(self._amount), increment, mode))

    def format(self, unit: Unit = Unit.POUNDS, mode: RoundingMode = RoundingMode.HALF_UP, places: int = 0) -> str:
        """Text for a reader: ``£576,000``, ``£576k``, ``£0.6m``; negatives as ``-£216k``."""
        rounded = self.round(unit, mode, places).amount
        if unit is Unit.PENCE:
            places = 2
        scaled = _EXACT.divide(rounded, unit.value) if unit is not Unit.PENCE else rounded
        sign = "-" if scaled < 0 else ""
        return f"{sign}£{abs(scaled):,.{places}f}{_SUFFIX[unit]}"

    def __str__(self) -> str:
        """Pounds, with pence shown whenever there are any, and part pence too (never hidden)."""
        if self._amount == self._amount.to_integral_value():
            return self.format(Unit.POUNDS)
        exponent = self._amount.normalize().as_tuple().exponent
        places = max(2, -exponent if isinstance(exponent, int) else 2)
        sign = "-" if self._amount < 0 else ""
        return f"{sign}£{abs(self._amount):,.{places}f}"

    def __repr__(self) -> str:
        return f"Money('{self._amount}')"

    # pydantic: accept what Money() accepts, refuse floats, serialise as text.

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            _validate_money,
            serialization=core_schema.plain_serializer_function_ser_schema(
                lambda m: str(m.amount), when_used="json-unless-none"
            ),
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {
            "anyOf": [
                {"type": "number"},
                {"type": "string", "pattern": _MONEY_TEXT.pattern},
            ],
            "description": 'An amount in pounds: 48000, "48000", "£48,000", "48k" or "1.2m".',
            "examples": ["48000", "£48,000", "48k", "1.2m"],
        }


def _to_amount(value: object) -> Decimal:
    if isinstance(value, Money):
        return value.amount
    if isinstance(value, str):
        return _parse_text(value)
    return exact_decimal(value, "an amount of money")


def _parse_text(text: str) -> Decimal:
    match = _MONEY_TEXT.match(text)
    bracketed = match is not None and match["open"] is not None
    if match is None or bracketed != (match["close"] is not None) or (bracketed and match["sign"]):
        raise ValueError(
            f"expected an amount of money such as '48000', '£48,000', '48k', '1.2m' or '(£12k)', found {text!r}"
        )
    number = Decimal(match["number"].replace(",", ""))
    multiplier = _MULTIPLIER[(match["suffix"] or "").lower()]
    amount = _EXACT.multiply(number, Decimal(multiplier))
    return _EXACT.minus(amount) if match["sign"] == "-" or bracketed else amount


#: The largest amount, and the finest part of a penny, an input may hold. Larger or finer
#: figures are typing slips (1e999), and would overflow exact arithmetic far downstream.
INPUT_LIMIT: Final = Decimal("1e15")
INPUT_PLACES: Final = 10


def check_input_size(value: Decimal, what: str) -> Decimal:
    """``value`` if it is a plausible input figure, else a ValueError that says why."""
    exponent = value.as_tuple().exponent
    if abs(value) >= INPUT_LIMIT:
        raise ValueError(f"expected {what} below 1,000,000,000,000,000, found {value}")
    if (
        isinstance(exponent, int)
        and exponent < -INPUT_PLACES
        and value != value.quantize(Decimal(1).scaleb(-INPUT_PLACES))
    ):
        raise ValueError(f"expected {what} with at most {INPUT_PLACES} decimal places, found {value}")
    return value


def _validate_money(value: object) -> Money:
    try:
        money = Money(value)  # type: ignore[arg-type]
        check_input_size(money.amount, "an amount")
        return money
    except (TypeError, ValueError) as error:
        raise PydanticCustomError("money", str(error)) from None
