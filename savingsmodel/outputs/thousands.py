"""The committee's £000 table: the summary by year, in whole £000, that adds as printed.

A committee table rounds each figure to £1,000, and rounded figures need not add up
(£286,906.58 + £3,960 - £15,719.88 rounds to 287 + 4 - 16 = 275, and 275,146.70 rounds
to 275: here they do; elsewhere they miss by one). This table is made so that they add:

- each year's **headline figures** (the recurring net saving and, with one-off costs,
  the net saving after them) are their exact figures rounded half-up, as a claim is judged;
- its **parts** (gross saving, income, additional costs) are rounded so that they add to
  the recurring net saving: down, and then up by the largest remainders (so each is within
  £1,000 of its exact figure), and the one-off costs are the difference of the two headlines;
- the **MTFP line** (the incremental recurring net saving) is the change in the printed
  recurring net saving, so the increments add up to each year's figure;
- the **total over the period** is the sum of the printed years.

Where a printed figure is not its own exact figure rounded on its own, the table says so
in a note, with the exact figure:

>>> from savingsmodel.engine.evaluation import evaluate
>>> from savingsmodel.files import load
>>> from savingsmodel.outputs.view import run_view
>>> table = thousands_table(run_view(evaluate(load("scenarios/library-restructure.toml").proposal)))
>>> [(row.name, row.values, row.total) for row in table.rows][3:5]
[('recurring_net_saving', (275, 412, 423, 434), 1544), ('mtfp_line', (275, 137, 11, 11), None)]
>>> print(next(note for note in table.notes if note.startswith("2027/28 Income")))
2027/28 Income: 17 printed, £16,479.94 exactly (16 rounded on its own)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
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


def _share_out(parts: list[Fraction], target: int) -> list[int]:
    """Whole numbers, each the part rounded down or up, adding to ``target`` (largest remainders go up)."""
    floors = [math.floor(p) for p in parts]
    short = target - sum(floors)
    # Largest remainder first; among equals, the part written first.
    order = sorted(range(len(parts)), key=lambda i: (-(parts[i] - floors[i]), i))
    for i in order[: max(short, 0)]:
        floors[i] += 1
    return floors


def thousands_table(view: RunView) -> ThousandsTable:
    """The £000 summary of a run's view that adds as printed; see the module's words for how."""
    years = tuple(y.name for y in view.years)
    fig = {row.name: row for row in view.money}
    gross, income, costs = fig["gross_saving"].values, fig["income"].values, fig["additional_costs"].values
    one_off, recurring, net = fig["one_off_costs"].values, fig["recurring_net_saving"].values, fig["net_saving"].values
    printed: dict[str, list[int]] = {k: [] for k in ("gross", "income", "costs", "recurring", "one_off", "net")}
    for g, i, c, r, n in zip(gross, income, costs, recurring, net, strict=True):
        r_k, n_k = _k(r), _k(n)
        g_k, i_k, minus_c = _share_out([_thousands(g), _thousands(i), -_thousands(c)], r_k)
        printed["gross"].append(g_k)
        printed["income"].append(i_k)
        printed["costs"].append(-minus_c)
        printed["recurring"].append(r_k)
        printed["one_off"].append(r_k - n_k)
        printed["net"].append(n_k)
    # The MTFP line: the change in the printed recurring net saving; the first year's from the year before
    # the horizon (the recurring net saving then, rounded), when lines were in force before it.
    first = fig["recurring_net_saving_incremental"].values[0]
    before = _k(recurring[0] - first)
    line = [printed["recurring"][0] - before]
    line += [b - a for a, b in zip(printed["recurring"], printed["recurring"][1:], strict=False)]

    def row(
        name: str, label: str, values: list[int], exact: tuple[Money, ...], role: str, sign: int = 1
    ) -> ThousandsRow:
        total = None if role == "line" else sum(values)
        exact_total = None if role == "line" else sum(exact, Money(0))
        return ThousandsRow(name, label, tuple(values), total, exact, exact_total, role, sign)

    rows = [row("gross_saving", "Gross saving", printed["gross"], gross, "part")]
    if any(income):
        rows.append(row("income", "Income", printed["income"], income, "part"))
    rows.append(row("additional_costs", "Additional costs", printed["costs"], costs, "part", -1))
    rows.append(row("recurring_net_saving", "Recurring net saving", printed["recurring"], recurring, "subtotal"))
    incremental = fig["recurring_net_saving_incremental"].values
    rows.append(row("mtfp_line", "MTFP line (incremental recurring net saving)", line, incremental, "line"))
    if any(one_off):
        rows.append(row("one_off_costs", "One-off costs", printed["one_off"], one_off, "part", -1))
        rows.append(row("net_saving", "Net saving after one-off costs", printed["net"], net, "total"))
    return ThousandsTable(years, tuple(rows), tuple(_notes(rows, years)))


def _thousands(amount: Money) -> Fraction:
    return Fraction(amount.amount) / 1000


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
