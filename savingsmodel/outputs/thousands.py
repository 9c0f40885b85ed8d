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
from savingsmodel.outputs.units import allocate, in_thousands

if TYPE_CHECKING:
    from collections.abc import Sequence

    from savingsmodel.outputs.view import RunView
    from savingsmodel.plan.rollup import PlanResult

__all__ = ["PlanThousands", "ThousandsRow", "ThousandsTable", "plan_thousands_table", "thousands_table"]


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


# ---- The plan in £000 -------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PlanThousands:
    """The plan's £000 table: each directorate's proposals (their MTFP lines) and its total, the plan's
    incremental and cumulative totals, the target and the gap, adding as printed; see :func:`plan_thousands_table`.

    ``directorates`` holds, for each directorate in the plan's order, its name, its counted proposals' rows
    (role ``part``) and its total (role ``subtotal``); ``plan`` is the plan's MTFP line (role ``total``),
    ``cumulative`` its running total (role ``line``). ``target`` and ``gap`` are on the targets' basis
    (``basis``), ``None`` in a year with no target.
    """

    years: tuple[str, ...]
    directorates: tuple[tuple[str, tuple[ThousandsRow, ...], ThousandsRow], ...]
    plan: ThousandsRow
    cumulative: ThousandsRow
    basis: str
    target: tuple[int | None, ...]
    gap: tuple[int | None, ...]
    exact_target: tuple[Money | None, ...]
    exact_gap: tuple[Money | None, ...]
    notes: tuple[str, ...]
    #: With slippage asked for: the plan's MTFP line with the savings that many months later (its cumulative figure
    #: rounded half-up, the line the change in it, as the plan's own).
    slipped: ThousandsRow | None = None

    @property
    def rows(self) -> tuple[ThousandsRow, ...]:
        """Every MTFP line row in the order printed: each directorate's proposals then its total; the plan's."""
        return (*(r for _, parts, total in self.directorates for r in (*parts, total)), self.plan, self.cumulative)


def _running(values: Sequence[int]) -> tuple[int, ...]:
    out, total = [], 0
    for value in values:
        total += value
        out.append(total)
    return tuple(out)


def _increments(levels: Sequence[int]) -> tuple[int, ...]:
    return tuple(level - (levels[i - 1] if i else 0) for i, level in enumerate(levels))


def plan_thousands_table(result: PlanResult) -> PlanThousands:
    """The plan in whole £000 that adds as printed, by the rules of :meth:`RunView.thousands
    <savingsmodel.outputs.view.RunView.thousands>` (a level is the headline, its parts by largest remainder,
    the MTFP line the change in the printed level):

    - each year's **plan cumulative** (the level the plan has reached) is rounded half-up; the
      directorates' cumulative figures are allocated to it by largest remainder, and each directorate's
      proposals to the directorate's printed figure;
    - each row's **MTFP line** (incremental) is the change in its printed cumulative figure, so a year's
      column adds (proposals to their directorate, directorates to the plan) and the increments add
      across to the cumulative;
    - the **target** is rounded half-up on its own (a stated figure) and the **gap** is the printed
      target less the printed plan, so it too adds as printed.

    Where a printed figure is not its exact figure rounded on its own, a note says so, with the exact figure:

    >>> from savingsmodel.files.plan import load_plan
    >>> from savingsmodel.plan import evaluate_plan
    >>> table = plan_thousands_table(evaluate_plan(load_plan("scenarios/plan-2016.toml")))
    >>> table.plan.values, table.cumulative.values, table.target, table.gap
    ((413, 134, 0, 0), (413, 547, 547, 547), (450, 150, 100, None), (37, 16, 100, None))
    >>> for note in table.notes:
    ...     print(note)
    2017/18 Control: FRS-CONTROL-2: 52 printed, £52,500 exactly (53 rounded on its own)
    2017/18 Community Safety total: 52 printed, £52,500 exactly (53 rounded on its own)
    2017/18 Plan total (incremental): 134 printed, £134,500 exactly (135 rounded on its own)
    2016/17 Gap to target (incremental): 37 printed, £37,500 exactly (38 rounded on its own)
    """
    years = tuple(str(y) for y in result.years)
    width = len(years)
    exact_plan = result.total_cumulative()
    plan_levels = [allocate([exact_plan[i].amount])[0] for i in range(width)]
    by_directorate = result.by_directorate()
    names = list(by_directorate)
    directorate_levels = {name: _levels(by_directorate[name]) for name in names}
    printed_directorate: dict[str, list[int]] = {name: [] for name in names}
    for i in range(width):
        shares = allocate([directorate_levels[name][i].amount for name in names], total=plan_levels[i])
        for name, share in zip(names, shares, strict=True):
            printed_directorate[name].append(share)
    groups = []
    for name in names:
        counted = [row for row in result.counted if row.directorate == name]
        printed_rows: list[list[int]] = [[] for _ in counted]
        for i in range(width):
            shares = allocate([row.cumulative[i].amount for row in counted], total=printed_directorate[name][i])
            for printed, share in zip(printed_rows, shares, strict=True):
                printed.append(share)
        parts = tuple(
            _line(row.name, f"{row.service}: {row.name}" if row.service else row.name, "part", levels, row.incremental)
            for row, levels in zip(counted, printed_rows, strict=True)
        )
        total = _line(name, f"{name} total", "subtotal", printed_directorate[name], by_directorate[name])
        groups.append((name, parts, total))
    plan = _line("plan", "Plan total (incremental)", "total", plan_levels, result.total_incremental())
    cumulative = ThousandsRow(
        "plan_cumulative", "Plan total (cumulative)", tuple(plan_levels), None, exact_plan, None, "line"
    )
    cumulative_basis = result.plan.file.target_basis.value == "cumulative"
    against = cumulative.values if cumulative_basis else plan.values
    exact_target = result.targets()
    target = tuple(None if t is None else allocate([t.amount])[0] for t in exact_target)
    gap = tuple(None if t is None else t - p for t, p in zip(target, against, strict=True))
    exact_gap = result.gap()
    basis = result.plan.file.target_basis.value
    slipped = None
    if result.slip_months:
        exact_slipped = result.total_cumulative(view="slipped")
        levels = [allocate([exact_slipped[i].amount])[0] for i in range(width)]
        label = f"Slipped {result.slip_months} months (incremental)"
        slipped = _line("plan_slipped", label, "line", levels, result.total_incremental(view="slipped"))
    rows = [*(r for _, parts, total in groups for r in (*parts, total)), plan, cumulative]
    notes = _notes([*rows, *([slipped] if slipped is not None else [])], years)
    for year, value, amount in zip(years, gap, exact_gap, strict=True):
        if value is not None and amount is not None and value != _k(amount):
            label = f"Gap to target ({basis})"
            notes.append(f"{year} {label}: {value:,} printed, {amount} exactly ({_k(amount):,} rounded on its own)")
    return PlanThousands(
        years, tuple(groups), plan, cumulative, basis, target, gap, exact_target, exact_gap, tuple(notes), slipped
    )


def _levels(incremental: Sequence[Money]) -> tuple[Money, ...]:
    total, out = Money(0), []
    for value in incremental:
        total += value
        out.append(total)
    return tuple(out)


def _line(name: str, label: str, role: str, levels: Sequence[int], exact: Sequence[Money]) -> ThousandsRow:
    """An MTFP line row: the change in the printed cumulative figure each year, beside the exact increments."""
    return ThousandsRow(name, label, _increments(levels), None, tuple(exact), None, role)
