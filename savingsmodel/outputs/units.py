"""Units, and how a figure is written in them: exact pounds or £k for a reader, two-place
decimals for data, FTE as a person writes it.

>>> money_text(Money("1499.5"), Units.THOUSANDS), money_text(Money("1499.5"), Units.POUNDS)
('£1k', '£1,499.50')
>>> plain_decimal(Money("-0.005")), thousands_decimal(Money("1500")), signed_count(Decimal("0.50"))
('-0.01', '2', '+0.5')

A £k figure is rounded half-up to £1k on its own, as committee tables are, so a
column can stop adding up; the reports then print :data:`ROUNDING_NOTE`.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

from savingsmodel.core.money import Money, RoundingMode, Unit

__all__ = [
    "ROUNDING_NOTE",
    "THOUSANDS_NOTE",
    "Units",
    "count",
    "in_thousands",
    "money_text",
    "plain_decimal",
    "signed_count",
    "thousands_decimal",
]

ROUNDING_NOTE = "Figures may not sum due to rounding."
THOUSANDS_NOTE = "Figures in £k, each rounded half-up to the nearest £1k."


class Units(StrEnum):
    POUNDS = "pounds"
    THOUSANDS = "thousands"


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
