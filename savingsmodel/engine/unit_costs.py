"""Unit costs built from pay and on-costs: salary, employer National Insurance, pension and the rest.

The **unit cost** of a post is its fully loaded annual cost: salary, plus
allowances, plus the employer's on-costs. A build-up states the parts and
:func:`build` adds them up, line by line:

>>> from savingsmodel.model.buildup import UnitCostBuildUp
>>> wm_b = UnitCostBuildUp(salary="36381", pay_point="Watch Manager B", tax_year="2015/16", pension_rate="21.7%")
>>> print(build(wm_b))
Watch Manager B: £48,176.80 a year
  salary: £36,381
  employer National Insurance: 13.8% x (£36,381 - £8,112 secondary threshold) = £3,901.12
  employer pension: 21.7% x £36,381 = £7,894.68
  unit cost: £48,176.80
  (employer NI for tax year 2015/16: HMRC, Rates and thresholds for employers 2015 to 2016 (£156 a week))

Rounding: each on-cost is rounded to the penny, half-up; the unit cost is their
exact sum with the salary and allowances. Employer NI is worked on annual pay
against the annual secondary threshold (HMRC works it per pay period; for a
steady salary the two agree to within pennies). The NI rates and thresholds are
:mod:`savingsmodel.rates.employer_ni`'s.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from savingsmodel.core.fields import format_rate
from savingsmodel.core.money import Money, RoundingMode, Unit
from savingsmodel.model.buildup import UnitCostBuildUp
from savingsmodel.model.grades import Grade
from savingsmodel.rates.employer_ni import NIPeriod, NITable

__all__ = ["CostLine", "UnitCost", "build", "unit_cost"]


@dataclass(frozen=True, slots=True)
class CostLine:
    """One line of a build-up: what it is, how it was worked out, and the amount."""

    name: str
    working: str
    amount: Money

    def __str__(self) -> str:
        return f"{self.name}: {self.working} = {self.amount}" if self.working else f"{self.name}: {self.amount}"


@dataclass(frozen=True, slots=True)
class UnitCost:
    """A built-up unit cost: the lines, the total, and the NI period used (if looked up)."""

    title: str
    lines: tuple[CostLine, ...]
    total: Money
    ni: NIPeriod | None

    def __str__(self) -> str:
        rows = [f"{self.title}: {self.total} a year", *(f"  {line}" for line in self.lines)]
        rows.append(f"  unit cost: {self.total}")
        if self.ni is not None:
            rows.append(f"  (employer NI for tax year {self.ni.tax_year}: {self.ni.source})")
        return "\n".join(rows)


def _on(rate: Decimal, base: Money) -> Money:
    """One on-cost: a rate of a base, to the penny, half-up (the build-up's rounding point)."""
    return base.scaled(Fraction(rate), Unit.PENCE, RoundingMode.HALF_UP)


def build(build_up: UnitCostBuildUp, table: NITable | None = None) -> UnitCost:
    """The unit cost of a build-up, line by line; ``table`` replaces the shipped NI table."""
    period = build_up.ni_period(table)
    rate = build_up.ni_rate if build_up.ni_rate is not None else period.rate if period else Decimal(0)
    threshold = build_up.ni_threshold if build_up.ni_threshold is not None else period.threshold if period else Money(0)
    used = period if (build_up.ni_rate is None or build_up.ni_threshold is None) else None
    pay = build_up.salary + build_up.allowances
    lines = [CostLine("salary", "", build_up.salary)]
    if build_up.allowances:
        lines.append(CostLine("allowances", "", build_up.allowances))
    above = max(pay - threshold, Money(0))
    base = f"{pay}" if not build_up.allowances else f"({build_up.salary} + {build_up.allowances})"
    lines.append(
        CostLine(
            "employer National Insurance",
            f"{format_rate(rate)} x ({base} - {threshold} secondary threshold)"
            if above
            else f"pay {pay} at or below the {threshold} secondary threshold",
            _on(rate, above),
        )
    )
    pensionable = pay if build_up.allowances_pensionable else build_up.salary
    if build_up.pension_rate:
        lines.append(
            CostLine(
                "employer pension",
                f"{format_rate(build_up.pension_rate)} x {pensionable}",
                _on(build_up.pension_rate, pensionable),
            )
        )
    if build_up.apprenticeship_levy is not None:
        lines.append(
            CostLine(
                "apprenticeship levy",
                f"{format_rate(build_up.apprenticeship_levy)} x {pay}",
                _on(build_up.apprenticeship_levy, pay),
            )
        )
    for cost in build_up.other:
        if cost.rate is not None:
            lines.append(
                CostLine(cost.name, f"{format_rate(cost.rate)} x {build_up.salary}", _on(cost.rate, build_up.salary))
            )
        else:
            lines.append(CostLine(cost.name, "", cost.amount or Money(0)))
    total = sum((line.amount for line in lines), Money(0))
    return UnitCost(build_up.pay_point or "build-up", tuple(lines), total, used)


def unit_cost(grade: Grade) -> Money | None:
    """A grade's unit cost: as stated, or built up from pay and on-costs; None when neither is given."""
    if grade.build_up is not None:
        return build(grade.build_up).total
    return grade.unit_cost
