"""The run report as CSV, for a spreadsheet: a row per year with a column per figure and
per grade's FTE change, then the total over the period on a row of its own. Money is a
two-place decimal in pounds, or whole £k (``_k`` columns) as the £000 table prints them
(each year adding as printed, by largest remainder; the total over the period half-up). Text cells
(a grade's name in a heading) are on one line and never start a formula
(:func:`~savingsmodel.outputs.escaping.spreadsheet_text`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import TYPE_CHECKING

from savingsmodel.outputs.escaping import spreadsheet_text
from savingsmodel.outputs.units import Units, count, plain_decimal, thousands_decimal

if TYPE_CHECKING:
    from savingsmodel.core.money import Money
    from savingsmodel.outputs.view import RunView

__all__ = ["render"]


def render(view: RunView, units: Units) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    thousands = units is Units.THOUSANDS
    amount: Callable[[Money], str] = thousands_decimal if thousands else plain_decimal
    suffix = "_k" if thousands else ""
    text = spreadsheet_text  # every text cell: one line, and never read as a formula
    writer.writerow(["year", *(f"{row.name}{suffix}" for row in view.money), *(text(row.name) for row in view.fte)])
    printed = view.thousands() if thousands else {}
    for i, year in enumerate(view.years):
        money = (str(printed[row.name][i]) if thousands else amount(row.values[i]) for row in view.money)
        writer.writerow([text(year.name), *money, *(count(row.values[i]) for row in view.fte)])
    # The period total is a row of its own, labelled so that it is never read as a year.
    writer.writerow(
        [
            "total over the period (not an annual figure)",
            *("" if row.total is None else amount(row.total) for row in view.money),
            *("" for _ in view.fte),
        ]
    )
    return buffer.getvalue()
