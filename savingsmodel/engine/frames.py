"""The figures as pandas frames: numeric columns to sum, multiply and plot, the exact Decimals a parameter away.

Two shapes, named as :data:`~savingsmodel.engine.figures.COLUMNS` names the figures:

- **wide**: one row per financial year, a column per figure, then one per grade's
  FTE change (``fte_change:Watch Manager``);
- **long** (tidy): one row per figure and year, with ``figure``, ``year`` and
  ``value`` columns, and for many results a column for the input each was made with.

Values are floats (pounds, or FTE) unless ``exact=True``: then Decimals, exactly
the figures the engine made (a float is for a chart, never for a figure a paper
quotes). pandas is imported here, inside the functions, so nothing else pays for it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from savingsmodel.core.money import Money
from savingsmodel.engine.figures import COLUMNS, YearFigures

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["grades_changed", "long_rows", "number", "wide_frame"]


def number(value: Money | Decimal, exact: bool) -> Decimal | float:
    """A figure as a frame holds it: its Decimal when ``exact``, else the nearest float (for plotting)."""
    amount = value.amount if isinstance(value, Money) else value
    return amount if exact else float(amount)


def grades_changed(years: Iterable[YearFigures]) -> list[str]:
    """Every grade whose establishment changes in any year, in the order they first appear."""
    grades: list[str] = []
    for y in years:
        grades.extend(g for g in y.fte_change if g not in grades)
    return grades


def _values(y: YearFigures, grades: Sequence[str], exact: bool) -> dict[str, Decimal | float]:
    row: dict[str, Decimal | float] = {}
    for column in COLUMNS:
        row[column.name] = number(y.figure(column.name), exact)
    for grade in grades:
        row[f"fte_change:{grade}"] = number(y.fte_change.get(grade, Decimal(0)), exact)
    return row


def wide_frame(years: Sequence[YearFigures], prices: str, *, exact: bool = False) -> pd.DataFrame:
    """One row per financial year (the index, ``year``), a column per figure and per grade's FTE change."""
    import pandas as pd

    grades = grades_changed(years)
    frame = pd.DataFrame(
        [_values(y, grades, exact) for y in years],
        index=pd.Index([str(y.year) for y in years], name="year"),
    )
    frame.attrs["prices"] = prices
    return frame


def long_rows(years: Sequence[YearFigures], *, exact: bool = False) -> list[dict[str, Any]]:
    """One row per figure and year: ``figure``, ``year``, ``value``, in the order of the columns."""
    grades = grades_changed(years)
    by_year = [(str(y.year), _values(y, grades, exact)) for y in years]
    names = [*(column.name for column in COLUMNS), *(f"fte_change:{g}" for g in grades)]
    return [{"figure": name, "year": year, "value": values[name]} for name in names for year, values in by_year]
