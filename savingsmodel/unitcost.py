"""Unit costs built from pay and on-costs: salary, employer National Insurance, pension and the rest.

The **unit cost** of a post is its fully loaded annual cost: salary, plus
allowances, plus the employer's on-costs. A build-up states the parts and the
library adds them up, line by line:

>>> wm_b = UnitCostBuildUp(salary="36381", pay_point="Watch Manager B", tax_year="2015/16", pension_rate="21.7%")
>>> print(wm_b.build())
Watch Manager B: £48,176.80 a year
  salary: £36,381
  employer National Insurance: 13.8% x (£36,381 - £8,112 secondary threshold) = £3,901.12
  employer pension: 21.7% x £36,381 = £7,894.68
  unit cost: £48,176.80
  (employer NI for tax year 2015/16: HMRC, Rates and thresholds for employers 2015 to 2016 (£156 a week))

Rounding: each on-cost is rounded to the penny, half-up; the unit cost is their
exact sum with the salary and allowances. Employer NI is worked on annual pay
against the annual secondary threshold (HMRC works it per pay period; for a
steady salary the two agree to within pennies).

Employer NI rates and secondary thresholds ship in ``savingsmodel/data/employer_ni.toml``
by tax year (6 April to 5 April) from 2015/16; :func:`shipped_ni_table` reads it,
:meth:`NITable.on` looks a date up, and a build-up's ``ni_rate`` and
``ni_threshold`` override it (for a year the table lacks, or a what-if).
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from importlib import resources
from itertools import pairwise
from os import PathLike
from pathlib import Path
from typing import Annotated, Final, Self

from pydantic import AfterValidator, Field, model_validator
from pydantic_core import PydanticCustomError

from savingsmodel.errors import InputError, Problem
from savingsmodel.money import Money, RoundingMode, Unit
from savingsmodel.pay import format_rate
from savingsmodel.values import Rate, Value
from savingsmodel.years import FinancialYear

__all__ = [
    "LEVY_START",
    "CostLine",
    "NIPeriod",
    "NITable",
    "OnCost",
    "UnitCost",
    "UnitCostBuildUp",
    "load_ni_table",
    "shipped_ni_table",
]

#: The apprenticeship levy (0.5% of an employer's pay bill over £3m) started on 6 April 2017.
LEVY_START: Final = date(2017, 4, 6)


def _not_negative(value: Money) -> Money:
    if value < Money(0):
        raise PydanticCustomError(
            "negative", "expected an amount of zero or more, found {found}", {"found": str(value)}
        )
    return value


_Amount = Annotated[Money, AfterValidator(_not_negative)]


def _tax_year_start(year: FinancialYear) -> date:
    return date(year.start_year, 4, 6)


class _PeriodRow(Value):
    """One row of an NI table file."""

    tax_year: FinancialYear
    start: date
    end: date
    rate: Rate
    secondary_threshold: _Amount
    source: str = Field(min_length=1)
    note: str = ""


@dataclass(frozen=True, slots=True)
class NIPeriod:
    """Employer NI in force from ``start`` to ``end`` (inclusive): ``rate`` on annual pay over ``threshold``."""

    tax_year: FinancialYear
    start: date
    end: date
    rate: Decimal
    threshold: Money
    source: str
    note: str = ""

    def describe(self) -> str:
        return f"{format_rate(self.rate)} over {self.threshold}"


@dataclass(frozen=True, slots=True)
class NITable:
    """Employer NI periods in date order, without gaps or overlaps.

    >>> table = shipped_ni_table()
    >>> table.on(date(2022, 11, 5)).describe(), table.on(date(2022, 11, 6)).describe()
    ('15.05% over £9,100', '13.8% over £9,100')
    """

    periods: tuple[NIPeriod, ...]
    source: str

    @classmethod
    def from_toml(cls, text: str, source: str) -> NITable:
        """A table from TOML text: ``[[period]]`` rows with tax_year, start, end, rate, secondary_threshold, source."""
        try:
            data = tomllib.loads(text, parse_float=Decimal)
        except tomllib.TOMLDecodeError as error:
            raise InputError.one("", f"expected a TOML NI table, found a syntax error: {error}", source) from None
        rows = data.get("period")
        if not isinstance(rows, list) or not rows:
            raise InputError.one("period", "expected [[period]] rows, found none", source)
        problems: list[Problem] = []
        periods: list[NIPeriod] = []
        for index, row in enumerate(rows):
            try:
                parsed = _PeriodRow(**row) if isinstance(row, Mapping) else None
            except InputError as error:
                problems.extend(Problem(f"period[{index}].{p.path}", p.message, source) for p in error.problems)
                continue
            if parsed is None:
                problems.append(Problem(f"period[{index}]", "expected a table", source))
                continue
            periods.append(
                NIPeriod(
                    parsed.tax_year,
                    parsed.start,
                    parsed.end,
                    parsed.rate,
                    parsed.secondary_threshold,
                    parsed.source,
                    parsed.note,
                )
            )
        if not problems:
            problems.extend(_order_problems(periods, source))
        if problems:
            raise InputError(problems)
        return cls(tuple(sorted(periods, key=lambda p: p.start)), source)

    def on(self, day: date) -> NIPeriod:
        """The period in force on ``day``."""
        for period in self.periods:
            if period.start <= day <= period.end:
                return period
        first, last = self.periods[0].start, self.periods[-1].end
        raise InputError.one(
            "on",
            f"expected a date from {first} to {last} (the employer NI table {self.source}), found {day}; "
            "state ni_rate and ni_threshold for it",
        )

    def for_tax_year(self, tax_year: FinancialYear) -> NIPeriod:
        """The one period of a tax year; a year whose rate changed part-way needs a date instead."""
        found = [p for p in self.periods if p.tax_year == tax_year]
        if not found:
            return self.on(_tax_year_start(tax_year))
        if len(found) > 1:
            parts = "; ".join(f"{p.describe()} from {p.start} to {p.end}" for p in found)
            raise InputError.one(
                "tax_year",
                f"expected a tax year with one employer NI rate, found {tax_year} has two ({parts}); "
                "give on (a date in it) instead",
            )
        return found[0]


def _order_problems(periods: list[NIPeriod], source: str) -> Iterator[Problem]:
    ordered = sorted(enumerate(periods), key=lambda item: item[1].start)
    for index, period in ordered:
        if period.end < period.start:
            yield Problem(
                f"period[{index}].end", f"expected end on or after start {period.start}, found {period.end}", source
            )
    for (_, before), (index, after) in pairwise(ordered):
        if (after.start - before.end).days != 1:
            yield Problem(
                f"period[{index}].start",
                f"expected {before.end + timedelta(days=1)} (the day after the previous period), found {after.start}",
                source,
            )


@functools.cache
def shipped_ni_table() -> NITable:
    """The employer NI table shipped with the package (read once; immutable)."""
    text = resources.files("savingsmodel").joinpath("data/employer_ni.toml").read_text(encoding="utf-8")
    return NITable.from_toml(text, "savingsmodel/data/employer_ni.toml")


def load_ni_table(path: str | PathLike[str]) -> NITable:
    """An employer NI table from a TOML file in the shipped table's format."""
    return NITable.from_toml(Path(path).read_text(encoding="utf-8"), str(path))


class OnCost(Value):
    """Another on-cost: a rate of salary (``rate``) or a fixed annual ``amount``."""

    name: str = Field(min_length=1)
    rate: Rate | None = None
    amount: _Amount | None = None

    @model_validator(mode="after")
    def _one_way(self) -> Self:
        if (self.rate is None) == (self.amount is None):
            raise PydanticCustomError(
                "on_cost",
                "expected either rate or amount, found {found}",
                {"found": "neither" if self.rate is None else "both"},
            )
        return self


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


class UnitCostBuildUp(Value):
    """Salary and on-costs of one FTE; :meth:`build` adds them up.

    Employer NI comes from the shipped table for ``tax_year`` (its rate from
    6 April) or for the date ``on``, unless ``ni_rate`` and ``ni_threshold``
    are both given. Allowances attract NI; they attract pension only when
    ``allowances_pensionable``. The apprenticeship levy, when stated, is worked
    on the post's NI-able pay (for an employer whose pay bill is over £3m).
    """

    salary: _Amount
    pay_point: str = Field(default="", description="the grade and point the salary is, e.g. 'Watch Manager B'")
    tax_year: FinancialYear | None = Field(default=None, description="the tax year whose NI applies, e.g. '2015/16'")
    on: date | None = Field(default=None, description="the date whose NI applies (instead of tax_year)")
    ni_rate: Rate | None = Field(default=None, description="overrides the table's employer NI rate")
    ni_threshold: _Amount | None = Field(default=None, description="overrides the table's annual secondary threshold")
    pension_rate: Rate = Field(default=Decimal(0), description="employer pension contribution, a rate of salary")
    allowances: _Amount = Field(default=Money(0), description="annual allowances per FTE (NI-able)")
    allowances_pensionable: bool = False
    apprenticeship_levy: Rate | None = Field(default=None, description="e.g. '0.5%', of NI-able pay")
    other: tuple[OnCost, ...] = ()
    source: str = ""
    note: str = ""

    @model_validator(mode="after")
    def _ni_known(self) -> Self:
        if self.tax_year is not None and self.on is not None:
            raise PydanticCustomError("build_up", "expected tax_year or on, found both", {})
        try:
            self._ni_period()
        except InputError as error:
            raise PydanticCustomError("build_up", "{message}", {"message": error.problems[0].message}) from None
        day = self._day()
        if self.apprenticeship_levy is not None and day is not None and day < LEVY_START:
            raise PydanticCustomError(
                "build_up",
                "expected no apprenticeship_levy before it started on {start}, found one for {day}",
                {"start": str(LEVY_START), "day": str(day)},
            )
        return self

    def _day(self) -> date | None:
        return self.on or (None if self.tax_year is None else _tax_year_start(self.tax_year))

    def _ni_period(self, table: NITable | None = None) -> NIPeriod | None:
        if self.ni_rate is not None and self.ni_threshold is not None:
            return None
        table = table or shipped_ni_table()
        if self.on is not None:
            return table.on(self.on)
        if self.tax_year is not None:
            return table.for_tax_year(self.tax_year)
        missing = " and ".join(f for f in ("ni_rate", "ni_threshold") if getattr(self, f) is None)
        raise InputError.one("tax_year", f"expected tax_year or on (to look up employer NI) or {missing}, found none")

    def build(self, table: NITable | None = None) -> UnitCost:
        """The unit cost, line by line; ``table`` replaces the shipped NI table."""
        period = self._ni_period(table)
        rate = self.ni_rate if self.ni_rate is not None else period.rate if period else Decimal(0)
        threshold = self.ni_threshold if self.ni_threshold is not None else period.threshold if period else Money(0)
        used = period if (self.ni_rate is None or self.ni_threshold is None) else None
        pay = self.salary + self.allowances
        lines = [CostLine("salary", "", self.salary)]
        if self.allowances:
            lines.append(CostLine("allowances", "", self.allowances))
        above = max(pay - threshold, Money(0))
        base = f"{pay}" if not self.allowances else f"({self.salary} + {self.allowances})"
        lines.append(
            CostLine(
                "employer National Insurance",
                f"{format_rate(rate)} x ({base} - {threshold} secondary threshold)"
                if above
                else f"pay {pay} at or below the {threshold} secondary threshold",
                _on(rate, above),
            )
        )
        pensionable = pay if self.allowances_pensionable else self.salary
        if self.pension_rate:
            lines.append(
                CostLine(
                    "employer pension",
                    f"{format_rate(self.pension_rate)} x {pensionable}",
                    _on(self.pension_rate, pensionable),
                )
            )
        if self.apprenticeship_levy is not None:
            lines.append(
                CostLine(
                    "apprenticeship levy",
                    f"{format_rate(self.apprenticeship_levy)} x {pay}",
                    _on(self.apprenticeship_levy, pay),
                )
            )
        for cost in self.other:
            if cost.rate is not None:
                lines.append(
                    CostLine(cost.name, f"{format_rate(cost.rate)} x {self.salary}", _on(cost.rate, self.salary))
                )
            else:
                lines.append(CostLine(cost.name, "", cost.amount or Money(0)))
        total = sum((line.amount for line in lines), Money(0))
        return UnitCost(self.pay_point or "build-up", tuple(lines), total, used)

    @property
    def total(self) -> Money:
        """The fully loaded annual unit cost, from the shipped NI table (or the overrides)."""
        return self.build().total
