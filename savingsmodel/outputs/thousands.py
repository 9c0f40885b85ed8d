"""The committee's £000 table: the summary by year, in whole £000, that adds as printed.

A committee table rounds each figure to £1,000, and rounded figures need not add up
(£286,906.58 + £3,960 - £15,719.88 rounds to 287 + 4 - 16 = 275, and 275,146.70 rounds
to 275: here they do; elsewhere they miss by one). This table is made so that they add,
by the rules of :meth:`RunView.thousands <savingsmodel.outputs.view.RunView.thousands>`
(the one place they are decided, which every £000 output prints):

- each year's **headline figures** (the net saving and, with one-off costs, the net
  after them) are their exact figures rounded half-up, as a claim is judged;
- its **parts** (gross saving, income, additional costs) are rounded so that they add to
  the net saving: down, and then up by the largest remainders (so each is within
  £1,000 of its exact figure), and the one-off costs are the difference of the two headlines;
- the **MTFP line** (the incremental net saving) is the change in the printed net
  saving, so the increments add up to each year's figure;
- the **total over the period** is the sum of the printed years.

Where a printed figure is not its own exact figure rounded on its own, the table says so
in a note, with the exact figure:

>>> from savingsmodel.engine.evaluation import evaluate
>>> from savingsmodel.files import load
>>> from savingsmodel.outputs.view import run_view
>>> table = thousands_table(run_view(evaluate(load("scenarios/library-restructure.toml").proposal)))
>>> [(row.name, row.values, row.total) for row in table.rows][3:5]
[('net_saving', (275, 412, 423, 434), 1544), ('net_saving_incremental', (275, 137, 11, 11), None)]
>>> print(next(note for note in table.notes if note.startswith("2027/28 Income")))
2027/28 Income: 17 printed, £16,479.94 exactly (16 rounded on its own)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from savingsmodel.core.money import Money
from savingsmodel.outputs.units import in_thousands

if TYPE_CHECKING:
    from savingsmodel.outputs.view import RunView

__all__ = ["ThousandsRow", "ThousandsTable", "thousands_table"]


@dataclass(frozen=True, slots=True)
class ThousandsRow:
    """One row of the table: the printed £000 by year (and over the period), the exact figures beside them.

    ``role`` is ``part`` (added or taken away), ``subtotal`` or ``total`` (the sum of the rows
    above it), or ``line`` (the MTFP line, read on its own); ``sign`` is how a part adds (+1 or -1).
    """

    name: str
    label: str
    values: tuple[int, ...]
    total: int | None
    exact: tuple[Money, ...]
    exact_total: Money | None
    role: str
    sign: int = 1


@dataclass(frozen=True, slots=True)
class ThousandsTable:
    """The rows, the years, and a note for every printed figure that is not its own rounding."""

    years: tuple[str, ...]
    rows: tuple[ThousandsRow, ...]
    notes: tuple[str, ...]

    def row(self, name: str) -> ThousandsRow:
        return next(r for r in self.rows if r.name == name)


def _k(amount: Money) -> int:
    """An amount in whole £000, rounded half-up (a half away from zero), on its own."""
    return int(in_thousands(amount).amount.scaleb(-3))


#: The table's rows, in order: name, label, role, how a part adds, and whether the row is shown without one-offs.
_ROWS: tuple[tuple[str, str, str, int, bool], ...] = (
    ("gross_saving", "Gross saving", "part", 1, True),
    ("income", "Income", "part", 1, True),
    ("additional_costs", "Additional costs", "part", -1, True),
    ("net_saving", "Net saving (savings - costs)", "subtotal", 1, True),
    ("net_saving_incremental", "MTFP line (incremental net saving)", "line", 1, True),
    ("one_off_costs", "One-off costs", "part", -1, False),
    ("one_off_income", "One-off income", "part", 1, False),
    ("net_after_one_off_costs", "Net after one-off costs", "total", 1, False),
)


def thousands_table(view: RunView) -> ThousandsTable:
    """The £000 summary of a run's view that adds as printed: the figures as :meth:`RunView.thousands`
    prints them, with the rows a committee table carries (income and one-off income only where there is
    some, the one-off costs and the net after them only where there are one-offs)."""
    years = tuple(y.name for y in view.years)
    printed = view.thousands()
    one_offs = any(view.figure("one_off_costs").values) or any(view.figure("one_off_income").values)
    rows = []
    for name, label, role, sign, always in _ROWS:
        exact = view.figure(name).values
        if (name in ("income", "one_off_income") and not any(exact)) or not (always or one_offs):
            continue
        values = printed[name]
        total = None if role == "line" else sum(values)
        exact_total = None if role == "line" else sum(exact, Money(0))
        rows.append(ThousandsRow(name, label, values, total, exact, exact_total, role, sign))
    return ThousandsTable(years, tuple(rows), tuple(_notes(rows, years)))


def _notes(rows: list[ThousandsRow], years: tuple[str, ...]) -> list[str]:
    notes = []
    for r in rows:
        for year, shown, exact in zip(years, r.values, r.exact, strict=True):
            if shown != _k(exact):
                notes.append(f"{year} {r.label}: {shown:,} printed, {exact} exactly ({_k(exact):,} rounded on its own)")
        if r.total is not None and r.exact_total is not None and r.total != _k(r.exact_total):
            notes.append(
                f"Total over the period, {r.label}: {r.total:,} printed (the sum of the years), "
                f"{r.exact_total} exactly ({_k(r.exact_total):,} rounded on its own)"
            )
    return notes
