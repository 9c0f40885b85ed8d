"""Unit costs built from pay and on-costs: salary, employer National Insurance, pension and the rest.

The **unit cost** of a post is its fully loaded annual cost: salary, plus
allowances, plus the employer's on-costs. A build-up states the parts and
:func:`build` adds them up, line by line:

>>> from savingsmodel.model.buildup import NICategory, UnitCostBuildUp
>>> wm_b = UnitCostBuildUp(salary="36381", pay_point="Watch Manager B", tax_year="2015/16", pension_rate="21.7%")
>>> print(build(wm_b))  # doctest: +NORMALIZE_WHITESPACE
Watch Manager B: £47,137.86 a year
  salary: £36,381
  employer National Insurance: 13.8% x (£36,381 - £8,112 secondary threshold)
    - 3.4% contracted-out rebate x (£36,381 - £5,824 lower earnings limit) = £2,862.18
  employer pension: 21.7% x £36,381 = £7,894.68
  unit cost: £47,137.86
  assumption: contracted out (the rebate applies): assumed, as an employer pension rate with no scheme
    named is taken as a public-service defined-benefit scheme's (state pension_scheme or contracted_out
    to say otherwise)
  (employer NI for tax year 2015/16: HMRC, Rates and thresholds for employers 2015 to 2016 (£156 a week))

Until 6 April 2016 a public-service defined-benefit scheme was contracted out,
and the employer's NI was reduced by the contracted-out rebate (3.4% from 2012/13)
on pay above the lower earnings limit up to the upper accrual point: 0.138 x
28,269 - 0.034 x 30,557 = 3,901.122 - 1,038.938 = 2,862.184 here. NI is worked per
person and never falls below nil.

Rounding: each on-cost is rounded to the penny, half-up (employer NI once, after
the rebate); the unit cost is their exact sum with the salary and allowances. Employer NI is worked on annual pay
against the annual secondary threshold (HMRC works it per pay period; for a
steady salary the two agree to within pennies). The NI rates and thresholds are
:mod:`savingsmodel.rates.employer_ni`'s.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Final

from savingsmodel.core.fields import format_rate
from savingsmodel.core.money import Money, RoundingMode, Unit
from savingsmodel.core.years import FinancialYear
from savingsmodel.model.buildup import NICategory, UnitCostBuildUp
from savingsmodel.model.grades import Grade
from savingsmodel.rates.employer_ni import NIPeriod, NITable, shipped_ni_table, tax_year_start

__all__ = ["CostLine", "NIRules", "UnitCost", "build", "build_in", "person_ni", "unit_cost", "year_ni"]


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
    """A built-up unit cost: the lines, the total, the NI period used (if looked up), and what it left out.

    ``outside`` are lines shown but not in the unit cost (pension deficit recovery, which does not
    fall when posts go); ``assumptions`` say what the build-up took as given (a provisional NI year,
    a scheme taken as contracted out).
    """

    title: str
    lines: tuple[CostLine, ...]
    total: Money
    ni: NIPeriod | None
    outside: tuple[CostLine, ...] = ()
    assumptions: tuple[str, ...] = ()

    def __str__(self) -> str:
        rows = [f"{self.title}: {self.total} a year", *(f"  {line}" for line in self.lines)]
        rows.append(f"  unit cost: {self.total}")
        rows.extend(f"  not in the unit cost: {line}" for line in self.outside)
        rows.extend(f"  assumption: {text}" for text in self.assumptions)
        if self.ni is not None:
            rows.append(f"  (employer NI for tax year {self.ni.tax_year}: {self.ni.source})")
        return "\n".join(rows)


def _on(rate: Decimal, base: Money) -> Money:
    """One on-cost: a rate of a base, to the penny, half-up (the build-up's rounding point)."""
    return base.scaled(Fraction(rate), Unit.PENCE, RoundingMode.HALF_UP)


@dataclass(frozen=True, slots=True)
class NIRules:
    """The employer NI rules a build-up applies: its rate and threshold, and the period's other parts."""

    rate: Decimal
    threshold: Money
    period: NIPeriod | None
    contracted_out: bool
    category: NICategory

    @classmethod
    def of(cls, build_up: UnitCostBuildUp, table: NITable | None) -> NIRules:
        period = build_up.ni_period(table)
        rate = build_up.ni_rate if build_up.ni_rate is not None else period.rate if period else Decimal(0)
        threshold = (
            build_up.ni_threshold if build_up.ni_threshold is not None else period.threshold if period else Money(0)
        )
        return cls(rate, threshold, period, build_up.is_contracted_out()[0], build_up.ni_category)

    def upper(self) -> Money | None:
        """The upper secondary threshold of the build-up's zero rate (None for most employees)."""
        if self.period is None or self.category is NICategory.STANDARD:
            return None
        if self.category is NICategory.UNDER_21:
            return self.period.upper_secondary_threshold
        return self.period.apprentice_upper_secondary_threshold

    def rebate(self) -> tuple[Decimal, Money, Money] | None:
        """The contracted-out rebate, LEL and UAP, when the scheme is contracted out and the year has one."""
        period = self.period
        if not self.contracted_out or period is None or period.contracted_out_rebate is None:
            return None
        if period.lower_earnings_limit is None or period.upper_accrual_point is None:
            return None
        return period.contracted_out_rebate, period.lower_earnings_limit, period.upper_accrual_point

    def exact(self, pay: Fraction) -> Fraction:
        """One person's employer NI on annual ``pay``, exactly: never below nil."""
        upper = self.upper()
        floor = (
            Fraction(self.threshold.amount)
            if upper is None
            else max(Fraction(self.threshold.amount), Fraction(upper.amount))
        )
        due = Fraction(self.rate) * max(pay - floor, Fraction(0))
        rebate = self.rebate()
        if rebate is not None:
            share, lel, uap = rebate
            band = min(pay, Fraction(uap.amount)) - Fraction(lel.amount)
            due -= Fraction(share) * max(band, Fraction(0))
        return max(due, Fraction(0))

    def working(self, shown: str, pay: Money, amount: Fraction) -> str:
        """How one person's NI on ``pay`` (shown as ``shown``) was worked out."""
        upper = self.upper()
        if upper is not None and upper > self.threshold:
            floor, named = upper, f"{upper} upper secondary threshold, the zero rate {_ZERO_RATE[self.category]}"
        else:
            floor, named = self.threshold, f"{self.threshold} secondary threshold"
        text = f"{format_rate(self.rate)} x ({shown} - {named})"
        rebate = self.rebate()
        if rebate is not None and pay > rebate[1]:
            share, lel, uap = rebate
            top = f"{uap} upper accrual point" if pay > uap else shown
            text += f" - {format_rate(share)} contracted-out rebate x ({top} - {lel} lower earnings limit)"
        if not amount:
            text = f"pay {shown}: nothing due over the {floor} threshold" + (
                " after the contracted-out rebate" if rebate is not None else ""
            )
        return text


#: How the working names each zero rate.
_ZERO_RATE: Final = {
    NICategory.STANDARD: "",
    NICategory.UNDER_21: "for an employee under 21",
    NICategory.APPRENTICE_UNDER_25: "for an apprentice under 25",
}


def build(build_up: UnitCostBuildUp, table: NITable | None = None) -> UnitCost:
    """The unit cost of a build-up, line by line; ``table`` replaces the shipped NI table."""
    rules = NIRules.of(build_up, table)
    used = rules.period if (build_up.ni_rate is None or build_up.ni_threshold is None) else None
    return _build(build_up, ((rules, Fraction(1)),), used)


def build_in(
    build_up: UnitCostBuildUp, year: FinancialYear, factor: Decimal = Decimal(1), table: NITable | None = None
) -> UnitCost:
    """The build-up rebuilt for financial ``year``: its pay uprated by ``factor``, that year's NI and pension.

    Salary and allowances are uprated by the pay awards in force (``factor``, each to the
    penny, half-up, as :func:`~savingsmodel.engine.uprating.uprated` rounds); employer NI
    is that of the tax year that starts in the financial year (6 April), its periods
    weighted by their days where its rate changed part-way (2022/23); the pension rate
    is the one stated for the year (``pension_rates``), else ``pension_rate``. A build-up
    that overrides the NI table (``ni_rate`` and ``ni_threshold``) keeps its override.

    >>> from savingsmodel.model.buildup import UnitCostBuildUp
    >>> clerk = UnitCostBuildUp(salary="30000", tax_year="2024/25")
    >>> str(build_in(clerk, FinancialYear(2024)).total), str(build_in(clerk, FinancialYear(2025)).total)
    ('£32,884.20', '£33,750')
    """
    pay = {
        "salary": _uprated(build_up.salary, factor),
        "allowances": _uprated(build_up.allowances, factor),
        "pension_rate": build_up.pension_rate_in(year),
    }
    weighted, used, carried = _year_rules(build_up, year, table)
    built = _build(build_up.model_copy(update=pay), weighted, used, year)
    if carried and used is not None:
        said = f"employer NI for {year} is {used.tax_year}'s carried forward (the table ends {used.end})"
        built = replace(built, assumptions=(*built.assumptions, said))
    return built


def person_ni(
    build_up: UnitCostBuildUp, year: FinancialYear, factor: Decimal, share: Fraction, table: NITable | None = None
) -> Money:
    """Employer NI in ``year`` of one person on ``share`` of full-time pay (uprated by ``factor``), to the penny.

    The threshold is the person's, so two half-time people cost less NI than one full-time one:

    >>> from savingsmodel.model.buildup import UnitCostBuildUp
    >>> clerk = UnitCostBuildUp(salary="30000", tax_year="2025/26")
    >>> str(person_ni(clerk, FinancialYear(2025), Decimal(1), Fraction(1))), str(
    ...     person_ni(clerk, FinancialYear(2025), Decimal(1), Fraction(1, 2)))
    ('£3,750', '£1,500')
    """
    niable = _uprated(build_up.salary, factor) + (
        _uprated(build_up.allowances, factor) if build_up.allowances_ni else Money(0)
    )
    weighted, _, _ = _year_rules(build_up, year, table)
    pay = Fraction(niable.amount) * share
    return _round(sum((part * rules.exact(pay) for rules, part in weighted), Fraction(0)))


def year_ni(
    build_up: UnitCostBuildUp, year: FinancialYear, table: NITable | None = None
) -> tuple[tuple[NIRules, Fraction], ...]:
    """The employer NI rules a build-up applies in financial ``year``, each with its share of the tax year.

    One row for most years; two for 2022/23 (15.05% to 5 November, 13.8% from 6 November),
    each weighted by its days. The workbook writes each as a row of live inputs.
    """
    return _year_rules(build_up, year, table)[0]


def _year_rules(
    build_up: UnitCostBuildUp, year: FinancialYear, table: NITable | None
) -> tuple[tuple[tuple[NIRules, Fraction], ...], NIPeriod | None, bool]:
    """The NI rules of the tax year starting in financial ``year``, weighted by days; the last period; carried?"""
    if build_up.ni_rate is not None and build_up.ni_threshold is not None:
        return ((NIRules.of(build_up, table), Fraction(1)),), None, False
    table = table or shipped_ni_table()
    first = tax_year_start(year)
    last = date(first.year + 1, 4, 5)
    periods = [p for p in table.periods if p.start <= last and p.end >= first]
    carried = not periods and first > table.periods[-1].end
    if carried:
        periods = [table.periods[-1]]
    elif not periods:
        table.on(first)  # raises: a year before the table, with what to do about it
    days = (last - first).days + 1
    weighted = []
    for period in periods:
        share = (
            Fraction(1)
            if len(periods) == 1
            else Fraction((min(period.end, last) - max(period.start, first)).days + 1, days)
        )
        rate = build_up.ni_rate if build_up.ni_rate is not None else period.rate
        threshold = build_up.ni_threshold if build_up.ni_threshold is not None else period.threshold
        rules = NIRules(rate, threshold, period, build_up.is_contracted_out()[0], build_up.ni_category)
        weighted.append((rules, share))
    return tuple(weighted), periods[-1], carried


def _uprated(amount: Money, factor: Decimal) -> Money:
    """Pay uprated by a factor: to the penny, half-up (1 leaves it as it is)."""
    return amount if factor == 1 else amount.scaled(Fraction(factor), Unit.PENCE, RoundingMode.HALF_UP)


def _build(
    build_up: UnitCostBuildUp,
    weighted: tuple[tuple[NIRules, Fraction], ...],
    used: NIPeriod | None,
    year: FinancialYear | None = None,
) -> UnitCost:
    rules = weighted[-1][0]
    niable = build_up.salary + (build_up.allowances if build_up.allowances_ni else Money(0))
    pensionable_allowances, why_pensionable = build_up.are_allowances_pensionable()
    lines = [CostLine("salary", "", build_up.salary)]
    if build_up.allowances:
        flags = (
            f"NI-able: {'yes' if build_up.allowances_ni else 'no'}; "
            f"pensionable: {'yes' if pensionable_allowances else 'no'}, {why_pensionable}"
        )
        lines.append(CostLine(f"allowances ({flags})", "", build_up.allowances))
    base = f"{niable}" if niable == build_up.salary else f"({build_up.salary} + {build_up.allowances})"
    ni_exact = sum((share * r.exact(Fraction(niable.amount)) for r, share in weighted), Fraction(0))
    if len(weighted) == 1:
        ni_working = rules.working(base, niable, ni_exact)
    else:
        ni_working = " + ".join(
            f"{share.numerator}/{share.denominator} x [{r.working(base, niable, r.exact(Fraction(niable.amount)))}]"
            for r, share in weighted
        )
    lines.append(CostLine("employer National Insurance", ni_working, _round(ni_exact)))
    pensionable = build_up.salary + (build_up.allowances if pensionable_allowances else Money(0))
    if build_up.pension_rate:
        lines.append(
            CostLine(
                "employer pension" + (" (includes deficit recovery)" if build_up.pension_rate_includes_deficit else ""),
                f"{format_rate(build_up.pension_rate)} x {pensionable}",
                _on(build_up.pension_rate, pensionable),
            )
        )
    if build_up.apprenticeship_levy is not None:
        lines.append(
            CostLine(
                "apprenticeship levy",
                f"{format_rate(build_up.apprenticeship_levy)} x {niable}",
                _on(build_up.apprenticeship_levy, niable),
            )
        )
    for cost in build_up.other:
        if cost.rate is not None:
            lines.append(
                CostLine(cost.name, f"{format_rate(cost.rate)} x {build_up.salary}", _on(cost.rate, build_up.salary))
            )
        else:
            lines.append(CostLine(cost.name, "", cost.amount or Money(0)))
    outside: tuple[CostLine, ...] = ()
    if build_up.pension_deficit_rate is not None:
        outside = (
            CostLine(
                "pension deficit recovery (does not fall when posts go)",
                f"{format_rate(build_up.pension_deficit_rate)} x {pensionable}",
                _on(build_up.pension_deficit_rate, pensionable),
            ),
        )
    total = sum((line.amount for line in lines), Money(0))
    title = build_up.pay_point or "build-up"
    if year is not None:
        title = f"{title} in {year}"
    return UnitCost(title, tuple(lines), total, used, outside, _assumptions(build_up, rules, used))


def _round(amount: Fraction) -> Money:
    """An exact on-cost to the penny, half-up (the build-up's rounding point)."""
    return Money(1).scaled(amount, Unit.PENCE, RoundingMode.HALF_UP)


def _assumptions(build_up: UnitCostBuildUp, rules: NIRules, used: NIPeriod | None) -> tuple[str, ...]:
    said: list[str] = []
    if used is not None and used.provisional:
        said.append(f"employer NI for {used.tax_year} is provisional: {used.source}")
    if rules.rebate() is not None:
        said.append(f"contracted out (the rebate applies): {build_up.is_contracted_out()[1]}")
    return tuple(said)


def unit_cost(grade: Grade) -> Money | None:
    """A grade's unit cost: as stated, or built up from pay and on-costs; None when neither is given."""
    if grade.build_up is not None:
        return build(grade.build_up).total
    return grade.unit_cost
