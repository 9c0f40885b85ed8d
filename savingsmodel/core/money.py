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

Money works beside the numbers an analyst has at hand: it compares with ints and
Decimals (``Money(5) > 0``), adds and subtracts them exactly, and takes numpy's
integers as ints. A binary float is taken only when it *is* a whole number of
pence (``34500.0``, ``0.25``: nothing is lost); any other float, such as ``0.1``
(in binary a little more than 10p), is refused: :meth:`Money.from_float`
converts one on purpose, rounding it by name. ``float(money)`` is for plotting,
never for a figure:

>>> Money("0.10") + Decimal("0.20"), Money(5) > 0, Money(34500.0), float(Money("1.50"))
(Money('0.30'), True, Money('34500'), 1.5)
"""

from __future__ import annotations

import numbers
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

from savingsmodel.core.text import cut, shortened

__all__ = [
    "TEXT_LIMIT",
    "Money",
    "RoundingMode",
    "Unit",
    "check_input_size",
    "exact_decimal",
    "float_text",
    "round_fraction",
]

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
#: A suffix's power of ten: "48k" is 48 x 10^3, made exactly by moving the decimal point.
_MULTIPLIER: Final = {"": 0, "k": 3, "m": 6, "bn": 9}
# ASCII digits only (Arabic-Indic or full-width digits are refused, not read), and thousands
# separators only between groups of three: "4,8,0,0,0" is a slip, not 48,000.
_DIGITS: Final = r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?|\.[0-9]+"
_MONEY_TEXT: Final = re.compile(
    # "(£12k)" is the accountant's -£12k: brackets are allowed round the whole amount.
    rf"^\s*(?P<open>\()?\s*(?P<sign>[-+]?)\s*£?\s*(?P<number>{_DIGITS})\s*(?P<suffix>k|m|bn)?\s*(?P<close>\))?\s*$",
    re.IGNORECASE | re.ASCII,
)
# A number as text: the same digits, a sign, and an exponent of at most four digits ("1.5e3").
_NUMBER_TEXT: Final = re.compile(rf"^[-+]?(?:{_DIGITS})(?:[eE][-+]?[0-9]{{1,4}})?$", re.ASCII)
#: The longest text read as an amount or a number: a figure is never longer, and nothing longer is parsed.
TEXT_LIMIT: Final = 100


def round_fraction(value: Fraction, increment: Decimal, mode: RoundingMode) -> Decimal:
    """Round an exact rational to a multiple of ``increment``, by the named mode.

    Exact integer arithmetic: no intermediate precision can tip a half either way. The mode
    is checked, not assumed: a rounding always says which one it is.
    """
    if not isinstance(mode, RoundingMode):
        raise TypeError(f"expected a RoundingMode, found {mode!r}")
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


def _is_float(value: object) -> bool:
    """A binary floating-point number: Python's float, or numpy's float64, float32, ..."""
    return isinstance(value, numbers.Real) and not isinstance(value, (numbers.Rational, Decimal))


def _is_integer(value: object) -> bool:
    """An int, or an integer of another library (numpy's int64 from ``np.arange``), never a bool."""
    return isinstance(value, numbers.Integral) and not isinstance(value, bool) and type(value).__name__ != "bool_"


def float_text(value: object) -> str:
    """The shortest text that reads back as the float ``value``: ``0.1``, not 0.1000000000000000055...

    numpy's own ``str`` is that text at the float's own precision (``0.1`` for a float32's 0.1);
    its ``repr`` would say ``np.float32(0.1)``.
    """
    return str(value) if type(value).__module__ == "numpy" else repr(float(value))  # type: ignore[arg-type]


def _float_message(value: object, what: str) -> str:
    name = "float" if isinstance(value, float) and type(value) is float else type(value).__name__
    return (
        f"expected {what} as an int, Decimal or text, found {name} {float_text(value)}; "
        "a binary float cannot hold most decimals exactly"
    )


def exact_decimal(value: object, what: str = "a number") -> Decimal:
    """A finite Decimal from an int (numpy's too), a Decimal or numeric text (ASCII digits); floats are refused."""
    if _is_float(value):
        raise TypeError(_float_message(value, what))
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        raise TypeError(f"expected {what}, found {value!r}")
    if isinstance(value, Decimal):
        result = value
    elif _is_integer(value):
        result = Decimal(int(value))  # type: ignore[call-overload]
    elif isinstance(value, str):
        text = value.strip()
        if len(text) > TEXT_LIMIT or not _NUMBER_TEXT.match(text):
            raise ValueError(f"expected {what}, found {shortened(value)}")
        result = Decimal(text.replace(",", ""))
    else:
        raise TypeError(f"expected {what}, found {type(value).__name__} {cut(repr(value))}")
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

    def __init__(self, value: Money | Decimal | int | float | str = 0) -> None:
        object.__setattr__(self, "_amount", _to_amount(value))

    @classmethod
    def from_float(cls, value: float, unit: Unit = Unit.PENCE, mode: RoundingMode = RoundingMode.HALF_UP) -> Money:
        """Convert a float on purpose, rounding its shortest repr to ``unit``.

        >>> Money.from_float(48176.8), Money.from_float(0.125)
        (Money('48176.80'), Money('0.13'))
        """
        return cls(Decimal(repr(float(value)))).round(unit, mode)

    @property
    def amount(self) -> Decimal:
        """The exact amount in pounds.

        >>> Money("£48k").amount
        Decimal('48000')
        """
        return self._amount

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("Money is immutable")

    def __float__(self) -> float:
        """The nearest binary float: for a chart's axis, never for a figure anyone reads."""
        return float(self._amount)

    # Arithmetic: exact, or an error.

    def __add__(self, other: object) -> Money:
        amount = _operand(other, "add")
        return NotImplemented if amount is None else _made(_EXACT.add(self._amount, amount))

    __radd__ = __add__  # sum() starts from the int 0

    def __sub__(self, other: object) -> Money:
        amount = _operand(other, "subtract")
        return NotImplemented if amount is None else _made(_EXACT.subtract(self._amount, amount))

    def __rsub__(self, other: object) -> Money:
        amount = _operand(other, "subtract")
        return NotImplemented if amount is None else _made(_EXACT.subtract(amount, self._amount))

    def __neg__(self) -> Money:
        return _made(_EXACT.minus(self._amount))

    def __abs__(self) -> Money:
        return _made(_EXACT.abs(self._amount))

    def __mul__(self, quantity: object) -> Money:
        amount = quantity if isinstance(quantity, Decimal) else _exact(quantity) if _is_integer(quantity) else None
        if amount is not None:
            return _made(_EXACT.multiply(self._amount, amount))
        if _is_float(quantity):
            raise TypeError(f"cannot multiply Money by a float exactly, found {float_text(quantity)}; use a Decimal")
        return NotImplemented

    __rmul__ = __mul__

    def scaled(self, ratio: Fraction, unit: Unit = Unit.PENCE, mode: RoundingMode = RoundingMode.HALF_UP) -> Money:
        """This amount times a rational ``ratio``, rounded to ``unit`` by ``mode``.

        The one way to divide money: a part-year share, a cost per post.

        >>> Money(48000).scaled(Fraction(7, 12)), Money(100).scaled(Fraction(1, 3))
        (Money('28000.00'), Money('33.33'))
        """
        return Money(round_fraction(Fraction(self._amount) * ratio, unit.value, mode))

    def ratio(self, other: Money) -> Fraction:
        """The exact ratio of two amounts, e.g. a saving per pound of cost.

        >>> Money("360k").ratio(Money("576k"))
        Fraction(5, 8)
        """
        if other._amount == 0:
            raise ZeroDivisionError("ratio to zero money")
        return Fraction(self._amount) / Fraction(other._amount)

    # Comparison and identity.

    def _key(self, other: object) -> Decimal:
        amount = _exact(other)
        if amount is None:
            raise TypeError(
                f"cannot compare Money with {type(other).__name__}; compare with money, an int or a Decimal"
            )
        return amount

    def __eq__(self, other: object) -> bool:
        # Equal to the int or Decimal of the same amount (and hashed alike); never to a float.
        amount = _exact(other)
        return NotImplemented if amount is None else self._amount == amount

    def __lt__(self, other: Money | Decimal | int) -> bool:
        return self._amount < self._key(other)

    def __le__(self, other: Money | Decimal | int) -> bool:
        return self._amount <= self._key(other)

    def __gt__(self, other: Money | Decimal | int) -> bool:
        return self._amount > self._key(other)

    def __ge__(self, other: Money | Decimal | int) -> bool:
        return self._amount >= self._key(other)

    def __hash__(self) -> int:
        return hash(self._amount)

    def __bool__(self) -> bool:
        return bool(self._amount)

    def __reduce__(self) -> tuple[type[Money], tuple[str]]:
        return (Money, (str(self._amount),))

    # Rounding and text.

    def round(self, unit: Unit = Unit.PENCE, mode: RoundingMode = RoundingMode.HALF_UP, places: int = 0) -> Money:
        """Round to ``unit`` (to ``places`` decimals of it: £0.1m is MILLIONS, 1).

        >>> Money("2.345").round(), Money("1450").round(Unit.THOUSANDS), Money("1250000").round(Unit.MILLIONS, places=1)
        (Money('2.35'), Money('1000'), Money('1300000.0'))
        """
        increment = unit.value.scaleb(-places)
        return Money(round_fraction(Fraction(self._amount), increment, mode))

    def format(self, unit: Unit = Unit.POUNDS, mode: RoundingMode = RoundingMode.HALF_UP, places: int = 0) -> str:
        """Text for a reader: ``£576,000``, ``£576k``, ``£0.6m``; negatives as ``-£216k``.

        >>> Money("576000").format(), Money("-216000").format(Unit.THOUSANDS)
        ('£576,000', '-£216k')
        >>> Money("576000").format(Unit.MILLIONS, places=1)
        '£0.6m'
        """
        rounded = self.round(unit, mode, places).amount
        if unit is Unit.PENCE:
            places = 2
        scaled = _EXACT.divide(rounded, unit.value) if unit is not Unit.PENCE else rounded
        sign = "-" if scaled < 0 else ""
        return f"{sign}£{abs(scaled):,.{places}f}{_SUFFIX[unit]}"

    def __str__(self) -> str:
        """Pounds, with pence shown whenever there are any, and part pence too (never hidden)."""
        if self._amount == self._amount.to_integral_value():
            # Whole pounds: as ``format(Unit.POUNDS)`` writes them, with nothing to round.
            sign = "-" if self._amount < 0 else ""
            return f"{sign}£{abs(self._amount):,.0f}"
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


def _made(amount: Decimal) -> Money:
    """Money from the result of exact arithmetic on money (finite, or the context traps): nothing to check again.

    Money's sums and products are the engine's commonest values; checking each one as if typed costs a third
    of making it.
    """
    money = object.__new__(Money)
    object.__setattr__(money, "_amount", amount)
    return money


def _exact(value: object) -> Decimal | None:
    """The exact amount of Money, a Decimal or an int (numpy's too); None for anything else."""
    if isinstance(value, Money):
        return value.amount
    if isinstance(value, Decimal):
        return value
    if _is_integer(value):
        return Decimal(int(value))  # type: ignore[call-overload]
    return None


def _operand(value: object, verb: str) -> Decimal | None:
    """What may be added to or taken from money: money, a Decimal or an int; a float is refused, saying why."""
    if _is_float(value):
        raise TypeError(
            f"cannot {verb} a float and Money exactly, found {float_text(value)}; "
            "use a Decimal, or Money.from_float to round one on purpose"
        )
    return _exact(value)


def _whole_pence(value: object) -> Decimal | None:
    """A float's exact value when that is a whole number of pence (34500.0, 0.25), else None."""
    try:
        exact = Fraction(float(value))  # type: ignore[arg-type]
    except (OverflowError, ValueError):
        return None  # inf, nan
    if exact.denominator == 1:
        return Decimal(exact.numerator)
    return Decimal(int(exact * 100)).scaleb(-2) if (exact * 100).denominator == 1 else None


def _to_amount(value: object) -> Decimal:
    if type(value) is Decimal and value.is_finite():
        return value  # the common case, every sum and product of money: no further checks needed
    if isinstance(value, Money):
        return value.amount
    if isinstance(value, str):
        return _parse_text(value)
    if _is_float(value):
        # A float is taken only when it is exactly a whole number of pence: then nothing is lost.
        amount = _whole_pence(value)
        if amount is None:
            raise TypeError(_float_message(value, "an amount of money"))
        return amount
    return exact_decimal(value, "an amount of money")


def _parse_text(text: str) -> Decimal:
    match = _MONEY_TEXT.match(text) if len(text) <= TEXT_LIMIT else None
    bracketed = match is not None and match["open"] is not None
    if match is None or bracketed != (match["close"] is not None) or (bracketed and match["sign"]):
        raise ValueError(
            "expected an amount of money such as '48000', '£48,000', '48k', '1.2m' or '(£12k)', "
            f"found {shortened(text)}"
        )
    _, digits, exponent = Decimal(match["number"].replace(",", "")).as_tuple()
    # A suffix appends zeros ("1.2m" is 1200000.0, as 1.2 x 1000000 is): exact for any number of digits,
    # with no decimal context to round or trap. Minus zero is zero.
    zeros = (0,) * _MULTIPLIER[(match["suffix"] or "").lower()]
    negative = (match["sign"] == "-" or bracketed) and any(digits)
    return Decimal((1 if negative else 0, digits + zeros, int(exponent)))  # the pattern reads finite numbers only


#: The largest amount, and the finest part of a penny, an input may hold. Larger or finer
#: figures are typing slips (1e999), and would overflow exact arithmetic far downstream.
INPUT_LIMIT: Final = Decimal("1e15")
INPUT_PLACES: Final = 10


def check_input_size(value: Decimal, what: str) -> Decimal:
    """``value`` if it is a plausible input figure, else a ValueError that says why.

    Read from the digits themselves, with no decimal context: any Decimal, however
    large or fine, is answered, never trapped (``1e999999`` would overflow one).
    """
    if value.is_finite() and value.copy_abs() >= INPUT_LIMIT:
        raise ValueError(f"expected {what} below 1,000,000,000,000,000, found {cut(str(value))}")
    _, digits, exponent = value.as_tuple()
    if isinstance(exponent, int):
        written = "".join(map(str, digits))
        significant = written.rstrip("0")  # 1.50000000000 has two places, not eleven
        if significant and exponent + len(written) - len(significant) < -INPUT_PLACES:
            raise ValueError(f"expected {what} with at most {INPUT_PLACES} decimal places, found {cut(str(value))}")
    return value


def _validate_money(value: object) -> Money:
    try:
        money = Money(value)  # type: ignore[arg-type]
        check_input_size(money.amount, "an amount")
        return money
    except (TypeError, ValueError) as error:
        raise PydanticCustomError("money", str(error)) from None
