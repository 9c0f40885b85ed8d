"""The one view of a run's figures that every output renders: the heading, a row per figure
with its value in each year (and its total over the period where a sum means something),
the notes, the findings and the officer checks, made once as plain immutable data.

>>> from savingsmodel.engine.evaluation import evaluate
>>> from savingsmodel.examples import scs4_1_revised
>>> from savingsmodel.checks.reconcile import reconcile
>>> result = evaluate(scs4_1_revised())
>>> view = run_view(result, reconcile(result))
>>> [y.name for y in view.years]
['2016/17', '2017/18', '2018/19', '2019/20']
>>> gross = view.money[0]
>>> gross.label, [str(v) for v in gross.values], str(gross.total)
('Gross saving', ['£576,000', '£576,000', '£576,000', '£576,000'], '£2,304,000')
>>> [(row.label, row.part) for row in view.fte]
[('FTE change', False), ('Watch Manager', True), ('Crew Manager', True)]
>>> view.total_line(Units.THOUSANDS)
'Total over the period 2016/17 to 2019/20: £1,440k net saving (the sum of the annual effects; not an annual figure)'

The view holds the engine's amounts, which are whole pence (the engine rounds each
rate to the penny: see docs/explanation/money-and-rounding.md), so every format in
pounds shows the same figures and a total is the sum of its years as shown; a format
writes them in the units it is asked for (:mod:`savingsmodel.outputs.units`), and a
workbook or a chart can take the same figures as they are.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from savingsmodel.core.money import Money, RoundingMode, Unit
from savingsmodel.core.text import one_line
from savingsmodel.engine.capital import CapitalRow, programme
from savingsmodel.engine.figures import COLUMNS
from savingsmodel.engine.terms import no_cost_text
from savingsmodel.model.claims import Figure
from savingsmodel.model.lines import Funding
from savingsmodel.outputs.findings import FindingRow, Summary, summarise
from savingsmodel.outputs.units import Sign, Units, allocate, k_cell, money_text, signed_count

if TYPE_CHECKING:
    from savingsmodel.checks.findings import CheckFinding
    from savingsmodel.checks.reconcile import Finding
    from savingsmodel.engine.evaluation import Evaluation
    from savingsmodel.engine.payback import Payback

__all__ = ["Row", "RunView", "Year", "rounding_breaks_sums", "run_view"]

#: The money figures of a year, in the order a committee reads them, with their labels: the engine's
#: one vocabulary (``COLUMNS``), so a report's rows and a frame's columns have the same names.
_MONEY_ROWS: tuple[tuple[str, str], ...] = tuple((c.name, c.label) for c in COLUMNS if c.figure.is_money)
# Figures whose sum over the years means something (the total over the period).
_SUMMABLE = tuple(c.name for c in COLUMNS if c.summable)
# Costs: positive in both sign conventions (every other money figure is a saving, negative in a budget's).
_COSTS = tuple(c.name for c in COLUMNS if c.figure in (Figure.ADDITIONAL_COSTS, Figure.ONE_OFF_COSTS))

N = TypeVar("N", Money, Decimal)
_NIL = Money(0)


@dataclass(frozen=True, slots=True)
class Row(Generic[N]):
    """One figure across the years: ``name`` as data names it, ``label`` as a reader reads it.

    ``total`` is the sum over the period, only where that sum means something (a
    cumulative figure has none); ``part`` marks a part of the row above it (one
    grade's FTE change), which a table indents.
    """

    name: str
    label: str
    values: tuple[N, ...]
    total: N | None = None
    part: bool = False


@dataclass(frozen=True, slots=True)
class Year:
    """A year's column, with the FTE detail that only the data formats carry.

    ``fte_by_grade`` is the establishment change at the year's end as the engine
    states it: only the grades changed by then, in its order.
    """

    name: str
    fte_by_grade: tuple[tuple[str, Decimal], ...]
    fte_released: Decimal
    fte_created: Decimal


@dataclass(frozen=True, slots=True)
class RunView:
    """What the run report shows, in exact amounts; see :func:`run_view`.

    ``fte`` is the FTE change, then its parts by grade (every grade changed in any
    year, zero where it is not). ``total`` is the net saving over the period (with
    one-off costs, the net after them is the ``net_after_one_off_costs`` row's total).
    """

    reference: str
    title: str
    service: str
    variant: str | None
    variant_description: str
    years: tuple[Year, ...]
    money: tuple[Row[Money], ...]
    fte: tuple[Row[Decimal], ...]
    total: Money
    prices: str
    payback: Payback
    invest_to_save: bool
    findings: tuple[FindingRow, ...]
    summary: Summary
    checks: tuple[CheckFinding, ...]
    #: The net saving of the year before the horizon (zero when no line began earlier).
    opening: Money = _NIL
    sign: Sign = Sign.SAVINGS
    #: By year: the one-off costs by funding route (``revenue``, ``reserve``, ...), and those left on revenue.
    one_off_funding: tuple[tuple[tuple[str, Money], ...], ...] = ()
    revenue_one_off_costs: tuple[Money, ...] = ()
    #: The lines with no cost stated (a grade with no unit cost, an amount "to be confirmed"), by name.
    unstated: tuple[str, ...] = ()
    #: Shared with a partner: who, and by year the whole's net saving and the partner's share of it.
    partner: str = ""
    whole_net_saving: tuple[Money, ...] = ()
    partner_net_saving: tuple[Money, ...] = ()
    #: The capital spend, line by line: flagged as capital, never in the revenue figures above.
    capital: tuple[CapitalRow, ...] = ()

    @property
    def heading(self) -> tuple[str, ...]:
        """The reference and title, the service, and the variant (with its description) when there is one."""
        lines = [f"{self.reference}: {self.title}" if self.title else self.reference]
        if self.service:
            lines.append(self.service)
        if self.variant:
            described = f" ({self.variant_description})" if self.variant_description else ""
            lines.append(f"Variant: {self.variant}{described}")
        return tuple(one_line(line) for line in lines)  # a description may run over lines: one line each

    def figure(self, name: str) -> Row[Money]:
        """The row of a money figure: ``view.figure("net_saving")``."""
        return next(row for row in self.money if row.name == name)

    def table(self, units: Units) -> list[tuple[Row[Any], list[str]]]:
        """Each row beside its cells as a reader sees them: money in ``units`` (in £000 as :meth:`thousands`
        prints them), in the view's sign convention; FTE changes signed. One-off income, rare in a paper, is
        a row only where there is some (the CSV and JSON keep every figure)."""
        shown = [row for row in self.money if row.name != "one_off_income" or any(row.values)]
        if units is Units.THOUSANDS:
            k = self.thousands()
            money = [(row, [k_cell(self._signed(row.name, n)) for n in k[row.name]]) for row in shown]
        else:
            money = [(row, [self.cell(self._signed(row.name, v), units) for v in row.values]) for row in shown]
        return [*money, *((row, [signed_count(v) for v in row.values]) for row in self.fte)]

    def _signed(self, name: str, value: N | int) -> Any:
        return -value if self.sign is Sign.BUDGET and name not in _COSTS else value

    @staticmethod
    def cell(value: Money, units: Units | str) -> str:
        """A money cell: never part pence (a pounds cell is rounded half-up to the penny)."""
        units = Units(units)
        return money_text(value if units is Units.THOUSANDS else value.round(Unit.PENCE, RoundingMode.HALF_UP), units)

    @property
    def rounding_breaks_sums(self) -> bool:
        """Whether, in £000 as printed, a total shown no longer equals the sum of its parts.

        A year's column adds as printed (:meth:`thousands`); the totals over the period the total line
        shows (the net saving, and the net after one-off costs) are rounded on their own, and may differ
        from the sum of the years as printed.
        """
        k = self.thousands()
        shown = [self.figure(name) for name in ("net_saving", "net_after_one_off_costs")]
        return any(row.total is not None and allocate([row.total.amount])[0] != sum(k[row.name]) for row in shown)

    def thousands(self) -> dict[str, tuple[int, ...]]:
        """The money rows in whole £000, as a £000 table prints them, adding as printed.

        Each year's net saving is rounded half-up and its parts (gross saving, income, less
        additional costs) by largest remainder to it; the net after one-off costs is rounded
        half-up and the one-off costs (less the one-off income) printed as the difference (the
        one-off income rounded half-up on its own when there are both), so the net saving less the
        one-off costs plus the one-off income is the net after them as printed. The MTFP line (incremental) is the
        printed net saving less the year before's; the cumulative row the running total of
        the printed increments; the position to date the running total of the printed net
        after one-off costs. Any other row is rounded half-up on its own.
        """
        k: dict[str, list[int]] = {row.name: [] for row in self.money}
        before = base = allocate([self.opening.amount])[0]
        to_date = 0
        for i in range(len(self.years)):
            gross, income, costs, after, one_off, received = (
                self.figure(n).values[i].amount
                for n in (
                    "gross_saving",
                    "income",
                    "additional_costs",
                    "net_after_one_off_costs",
                    "one_off_costs",
                    "one_off_income",
                )
            )
            g, inc, c = allocate([gross, income, -costs])
            net, after_k = g + inc + c, allocate([after])[0]
            to_date += after_k
            spent_k, received_k = _one_offs_k(one_off, received, after_k - net)
            printed = {
                "gross_saving": g,
                "income": inc,
                "additional_costs": -c,
                "net_saving": net,
                "net_saving_incremental": net - before,
                "net_saving_cumulative": net - base,
                "one_off_costs": spent_k,
                "one_off_income": received_k,
                "net_after_one_off_costs": after_k,
                "net_position_to_date": to_date,
            }
            before = net
            for row in self.money:
                k[row.name].append(printed.get(row.name, allocate([row.values[i].amount])[0]))
        return {name: tuple(values) for name, values in k.items()}

    def total_line(self, units: Units) -> str:
        """The net saving over the period (and, with one-off costs, the net after them), said to be no annual
        figure."""
        first, last = self.years[0].name, self.years[-1].name
        after = self.figure("net_after_one_off_costs").total
        one_offs = (
            f", {money_text(after, units)} after one-off costs" if after is not None and after != self.total else ""
        )
        return (
            f"Total over the period {first} to {last}: {money_text(self.total, units)} net saving{one_offs} "
            "(the sum of the annual effects; not an annual figure)"
        )

    def notes(self, units: Units) -> list[str]:
        """Which prices the figures are in and, with one-off costs, payback and invest-to-save."""
        notes = [f"Prices: {self.prices}."]
        if self.whole_net_saving:
            who = self.partner or "a partner"

            def yearly(values: tuple[Money, ...]) -> str:
                return ", ".join(f"{y.name} {money_text(x, units)}" for y, x in zip(self.years, values, strict=True))

            notes.append(
                f"Shared with {who}: the figures above are this body's share. Net saving of the whole: "
                f"{yearly(self.whole_net_saving)}; {who}'s share (the whole less ours): "
                f"{yearly(self.partner_net_saving)}."
            )
        if self.unstated:
            notes.append(
                f"Cannot check: {no_cost_text(self.unstated)}. The money figures are of the lines with a cost "
                "only; every figure and claim that depends on these lines cannot be checked until their costs "
                "are stated."
            )
        one_off = self.payback.one_off_costs
        if one_off:
            # One-off income moves the position to date as it arrives, so it counts in the payback period too.
            counted = "; one-off income counted as it arrives" if any(self.figure("one_off_income").values) else ""
            notes.append(f"Payback: {self.payback}{counted}; {self.payback.simple_text()}.")
            position = ", ".join(
                f"{y.name} {money_text(x, units)}"
                for y, x in zip(self.years, self.figure("net_position_to_date").values, strict=True)
            )
            income = " plus one-off income" if any(self.figure("one_off_income").values) else ""
            notes.append(
                f"Net position to date (net savings less one-off costs{income}, from {self.years[0].name}): {position}."
            )
            if any(route != Funding.REVENUE.value for year in self.one_off_funding for route, _ in year):
                by_year = "; ".join(
                    f"{y.name}: " + ", ".join(f"{money_text(x, units)} {Funding(route).words}" for route, x in funded)
                    for y, funded in zip(self.years, self.one_off_funding, strict=True)
                    if funded
                )
                notes.append(f"One-off costs by funding: {by_year}.")
                revenue = ", ".join(
                    f"{y.name} {money_text(x, units)}"
                    for y, x in zip(self.years, self.revenue_one_off_costs, strict=True)
                )
                notes.append(f"One-off costs falling on the revenue budget after funding: {revenue}.")
            if self.invest_to_save:
                notes.append(
                    "Invest-to-save: one-off costs funded from an invest-to-save fund, to be repaid from the savings."
                )
        if self.capital:
            spend = "; ".join(
                f"{row.line} {row.year} {money_text(row.amount, units)} {row.funding.words} ({row.consequence})"
                for row in self.capital
            )
            notes.append(f"Capital spend (not in the revenue figures): {spend}.")
        return notes

    @property
    def claims_heading(self) -> str:
        """``Claims (8 claims, 7 hold, ...)`` over the findings, or ``Claims: none stated.``"""
        return f"Claims ({self.summary})" if self.findings else "Claims: none stated."


def _one_offs_k(spent: Decimal, received: Decimal, difference: int) -> tuple[int, int]:
    """The one-off costs and one-off income in £000 so that income less costs is ``difference``, the printed
    net after them less the printed net saving: a nil row stays nil and the other takes it all; with both,
    the income is rounded half-up on its own and the costs take the rest (as they do with no income).

    >>> _one_offs_k(Decimal(180000), Decimal(50000), -131), _one_offs_k(Decimal(0), Decimal(1000), 2)
    ((181, 50), (0, 2))
    """
    if not received:
        return -difference, 0
    if not spent:
        return 0, difference
    income = allocate([received])[0]
    return income - difference, income


def run_view(
    evaluation: Evaluation,
    findings: Sequence[Finding] = (),
    checks: Sequence[CheckFinding] = (),
    variant: str | None = None,
    sign: Sign | str = Sign.SAVINGS,
) -> RunView:
    """The view of an evaluation, its findings and its officer checks; ``variant`` names the variant evaluated,
    ``sign`` the sign convention its tables are written in."""
    p, years = evaluation.proposal, evaluation.years
    money = tuple(
        Row(
            name,
            label,
            tuple(getattr(y, name) for y in years),
            evaluation.total_over_period(Figure(name)) if name in _SUMMABLE else None,
        )
        for name, label in _MONEY_ROWS
    )
    grades: list[str] = []
    for y in years:
        grades.extend(g for g in y.fte_change if g not in grades)
    fte = (
        Row("fte_change", "FTE change", tuple(y.fte_change_total for y in years)),
        *(Row(f"fte_change:{g}", g, tuple(y.fte_change.get(g, Decimal(0)) for y in years), part=True) for g in grades),
    )
    return RunView(
        reference=p.reference,
        title=p.title,
        service=p.service,
        variant=variant,
        variant_description=next((v.description for v in p.variants if v.name == variant), ""),
        years=tuple(Year(str(y.year), tuple(y.fte_change.items()), y.fte_released, y.fte_created) for y in years),
        money=money,
        fte=fte,
        total=evaluation.total_over_period(),
        prices=evaluation.prices,
        payback=evaluation.payback,
        invest_to_save=evaluation.invest_to_save,
        one_off_funding=tuple(tuple(evaluation.one_off_funding(y.year).items()) for y in years),
        revenue_one_off_costs=evaluation.revenue_one_off_costs,
        capital=programme(p),
        findings=tuple(FindingRow.of(f, p) for f in findings),
        summary=summarise(findings),
        checks=tuple(checks),
        opening=Money(0) if evaluation.opening is None else evaluation.opening.net_saving,
        sign=Sign(sign),
        unstated=evaluation.unstated(),
        partner=p.partner,
        whole_net_saving=tuple(y.net_saving for y in evaluation.whole.years) if evaluation.whole else (),
        partner_net_saving=(
            tuple(Money(x) for x in evaluation.partner_share(Figure.NET_SAVING)) if evaluation.whole else ()
        ),
    )


def rounding_breaks_sums(evaluation: Evaluation) -> bool:
    """Whether, in £000 as printed, any total shown no longer equals the sum of its parts."""
    return run_view(evaluation).rounding_breaks_sums
