"""Units, and how a figure is written in them: exact pounds or £k for a reader, two-place
decimals for data, FTE as a person writes it, and the cells of a £000 committee table.

>>> money_text(Money("1499.5"), Units.THOUSANDS), money_text(Money("1499.5"), Units.POUNDS)
('£1k', '£1,499.50')
>>> plain_decimal(Money("-0.005")), thousands_decimal(Money("1500")), signed_count(Decimal("0.50"))
('-0.01', '2', '+0.5')

A £000 table (the run report in thousands) is written as a committee reads it: the
unit in the header, whole thousands in the cells, negatives in brackets, nil as a
dash (:func:`k_cell`). Each total is rounded half-up to £1k and its parts are
rounded by **largest remainder** (:func:`allocate`) so that they add to it as
printed; where a table still cannot add (a total over the period of rounded
years), the reports print :data:`ROUNDING_NOTE`.

>>> allocate([Decimal("1500"), Decimal("-1499")]), [k_cell(n) for n in (576, -288, 0)]
([1, -1], ['576', '(288)', '-'])
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from savingsmodel.core.money import Money, RoundingMode, Unit, round_fraction

__all__ = [
    "ROUNDING_NOTE",
    "SIGN_NOTE",
    "THOUSANDS_HEADER",
    "THOUSANDS_NOTE",
    "Sign",
    "Units",
    "allocate",
    "count",
    "in_thousands",
    "k_cell",
    "money_text",
    "plain_decimal",
    "signed_count",
    "thousands_decimal",
]

ROUNDING_NOTE = "Figures may not sum due to rounding."
THOUSANDS_NOTE = (
    "Figures in £000: each total rounded half-up to the nearest £1,000 and its parts by largest remainder, "
    "so that a year's column adds as printed; negatives in brackets, nil as a dash."
)
#: The unit, where a £000 table's header names it.
THOUSANDS_HEADER = "£000"
SIGN_NOTE = "Sign: budget convention (savings and income negative, costs positive)."
_K = Decimal(1000)


class Units(StrEnum):
    POUNDS = "pounds"
    THOUSANDS = "thousands"


class Sign(StrEnum):
    """The sign convention of a money table: ``savings`` positive (the default, as the figures are named), or
    ``budget``: the budget's convention, in which a saving (a lower budget) and income are negative and a cost
    positive."""

    SAVINGS = "savings"
    BUDGET = "budget"


def allocate(parts: Sequence[Decimal], step: Decimal = _K, *, total: int | None = None) -> list[int]:
    """Each part in whole ``step``s (£1k), rounded so that they add to their total rounded half-up.

    Largest remainder: every part is rounded down, then the steps the total still needs go one each to
    the parts with the largest remainders (the first of equal ones first). Each part ends within one step
    of its exact value.

    >>> allocate([Decimal("333.4"), Decimal("333.3"), Decimal("333.3")], Decimal(1))
    [334, 333, 333]

    ``total`` is the printed total to add to instead, where that total is itself a part of a larger one
    (a directorate's, allocated to the plan's): it must be their exact sum rounded down or up.

    >>> allocate([Decimal("1400"), Decimal("1400")], total=2), allocate([Decimal("1400"), Decimal("1400")])
    ([1, 1], [2, 1])
    """
    scaled = [Fraction(p) / Fraction(step) for p in parts]
    exact = sum(scaled, Fraction(0))
    rounded = round_fraction(exact, Decimal(1), RoundingMode.HALF_UP)
    if total is None:
        total = int(rounded)
    elif not _floor(exact) <= total <= -_floor(-exact):
        raise ValueError(f"expected a total of {_floor(exact)} or {-_floor(-exact)} steps, found {total}")
    floors = [_floor(s) for s in scaled]
    short = total - sum(floors)
    order = sorted(range(len(parts)), key=lambda i: (-(scaled[i] - floors[i]), i))
    for i in order[:short]:
        floors[i] += 1
    return floors


def _floor(value: Fraction) -> int:
    return value.numerator // value.denominator


def k_cell(thousands: int) -> str:
    """A £000 cell: ``1,418``, ``(288)`` for a negative, ``-`` for nil."""
    if thousands == 0:
        return "-"
    text = f"{abs(thousands):,}"
    return f"({text})" if thousands < 0 else text


def in_thousands(amount: Money) -> Money:
    """The amount rounded half-up to £1k, as a £k table shows it."""
    return amount.round(Unit.THOUSANDS, RoundingMode.HALF_UP)


def money_text(amount: Money, units: Units) -> str:
    """Money for a reader: exact pounds, or £k rounded half-up to £1k."""
    if units is Units.THOUSANDS:
        return amount.format(Unit.THOUSANDS, RoundingMode.HALF_UP)
    return str(amount)


def plain_decimal(amount: Money | Decimal) -> str:
    """Money as a decimal string with two places, rounded half-up to the penny: ``"360000.00"``."""
    money = amount if isinstance(amount, Money) else Money(amount)
    return f"{money.round(Unit.PENCE, RoundingMode.HALF_UP).amount:.2f}"


def thousands_decimal(amount: Money) -> str:
    """Money as a whole number of £k, rounded half-up: ``"360"`` for £360,000."""
    return f"{in_thousands(amount).amount.scaleb(-3).quantize(Decimal(1)):f}"


def count(value: Decimal) -> str:
    """A count (FTE) as written: ``12``, ``0.5``, ``-11``."""
    return f"{value.normalize():f}" if value != 0 else "0"


def signed_count(value: Decimal) -> str:
    """A change in a count, with its sign: ``+8``, ``-11``, ``0``."""
    text = count(value)
    return f"+{text}" if value > 0 else text
