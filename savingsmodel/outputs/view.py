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

The view holds exact amounts; a format writes them in the units it is asked for
(:mod:`savingsmodel.outputs.units`), so a workbook or a chart can take the same
figures unrounded.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from savingsmodel.core.money import Money
from savingsmodel.engine.figures import COLUMNS
from savingsmodel.model.claims import Figure
from savingsmodel.outputs.findings import FindingRow, Summary, summarise
from savingsmodel.outputs.units import Units, in_thousands, money_text, signed_count

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

N = TypeVar("N", Money, Decimal)


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
    year, zero where it is not). ``total`` is the net saving over the period.
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
    #: By year: the net savings (after one-off costs) of every year to the end of that one.
    cumulative_net_position: tuple[Money, ...]
    invest_to_save: bool
    #: Whether, in £k, a total shown no longer equals the sum of its parts.
    rounding_breaks_sums: bool
    findings: tuple[FindingRow, ...]
    summary: Summary
    checks: tuple[CheckFinding, ...]

    @property
    def heading(self) -> tuple[str, ...]:
        """The reference and title, the service, and the variant (with its description) when there is one."""
        lines = [f"{self.reference}: {self.title}" if self.title else self.reference]
        if self.service:
            lines.append(self.service)
        if self.variant:
            described = f" ({self.variant_description})" if self.variant_description else ""
            lines.append(f"Variant: {self.variant}{described}")
        return tuple(lines)

    def figure(self, name: str) -> Row[Money]:
        """The row of a money figure: ``view.figure("net_saving")``."""
        return next(row for row in self.money if row.name == name)

    def table(self, units: Units) -> list[tuple[Row[Any], list[str]]]:
        """Each row beside its cells as a reader sees them: money in ``units``, FTE changes signed."""
        return [
            *((row, [money_text(v, units) for v in row.values]) for row in self.money),
            *((row, [signed_count(v) for v in row.values]) for row in self.fte),
        ]

    def total_line(self, units: Units) -> str:
        """The net saving over the period, said to be no annual figure."""
        first, last = self.years[0].name, self.years[-1].name
        return (
            f"Total over the period {first} to {last}: {money_text(self.total, units)} net saving "
            "(the sum of the annual effects; not an annual figure)"
        )

    def notes(self, units: Units) -> list[str]:
        """Which prices the figures are in and, with one-off costs, payback and invest-to-save."""
        notes = [f"Prices: {self.prices}."]
        one_off = self.payback.one_off_costs
        if one_off:
            notes.append(f"Payback: {self.payback}; {self.payback.simple_text()}.")
            position = ", ".join(
                f"{y.name} {money_text(x, units)}"
                for y, x in zip(self.years, self.cumulative_net_position, strict=True)
            )
            notes.append(f"Cumulative net position (net savings less one-off costs to date): {position}.")
            if self.invest_to_save:
                first = self.figure("recurring_net_saving").values[0]
                notes.append(
                    f"Invest-to-save: one-off costs of {money_text(one_off, units)} exceed the first year's "
                    f"recurring net saving of {money_text(first, units)}."
                )
        return notes

    @property
    def claims_heading(self) -> str:
        """``Claims (8 claims, 7 hold, ...)`` over the findings, or ``Claims: none stated.``"""
        return f"Claims ({self.summary})" if self.findings else "Claims: none stated."


def run_view(
    evaluation: Evaluation,
    findings: Sequence[Finding] = (),
    checks: Sequence[CheckFinding] = (),
    variant: str | None = None,
) -> RunView:
    """The view of an evaluation, its findings and its officer checks; ``variant`` names the variant evaluated."""
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
        cumulative_net_position=evaluation.cumulative_net_position,
        invest_to_save=evaluation.invest_to_save,
        rounding_breaks_sums=rounding_breaks_sums(evaluation),
        findings=tuple(FindingRow.of(f, p) for f in findings),
        summary=summarise(findings),
        checks=tuple(checks),
    )


def rounding_breaks_sums(evaluation: Evaluation) -> bool:
    """Whether, rounded to £k figure by figure, any total shown no longer equals the sum of its parts."""
    k = in_thousands
    for y in evaluation.years:
        parts = k(y.gross_saving) + k(y.income) - k(y.additional_costs)
        if k(y.recurring_net_saving) != parts or k(y.net_saving) != parts - k(y.one_off_costs):
            return True
    running = recurring = Money(0)
    for y in evaluation.years:
        running += k(y.net_saving_incremental)
        recurring += k(y.recurring_net_saving_incremental)
        if k(y.net_saving_cumulative) != running or k(y.recurring_net_saving) != recurring:
            return True
    # The table shows the total over the period of the net saving only.
    total = evaluation.total_over_period()
    return k(total) != sum((k(y.net_saving) for y in evaluation.years), Money(0))
