"""Employer National Insurance by tax year: rates and secondary thresholds, with their sources.

The table ships in ``employer_ni.toml`` beside this module, by tax year (6 April
to 5 April) from 2012/13; :func:`shipped_ni_table` reads it, :meth:`NITable.on`
looks a date up, and a build-up's ``ni_rate`` and ``ni_threshold`` override it
(for a year the table lacks, or a what-if).

>>> table = shipped_ni_table()
>>> table.on(date(2022, 11, 5)).describe(), table.on(date(2022, 11, 6)).describe()
('15.05% over £9,100', '13.8% over £9,100')

Each row carries what else that year's rules need: the contracted-out rebate to
5 April 2016 (with the lower earnings limit and upper accrual point it runs
between), the upper secondary thresholds of the zero rates for employees under
21 and apprentices under 25, the day its figures were checked, and whether it
is provisional (a year after the last confirmed Budget, carried forward):

>>> old = table.on(date(2015, 4, 6))
>>> str(old.contracted_out_rebate), str(old.lower_earnings_limit), str(old.upper_accrual_point)
('0.034', '£5,824', '£40,040')
>>> table.on(date(2028, 4, 6)).provisional, table.on(date(2027, 4, 6)).provisional
(True, False)
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from importlib import resources
from itertools import pairwise
from os import PathLike
from pathlib import Path
from typing import Final

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from savingsmodel.core.errors import InputError, Problem
from savingsmodel.core.fields import Amount, Rate, Value, format_rate
from savingsmodel.core.money import Money
from savingsmodel.core.years import FinancialYear

__all__ = ["LEVY_START", "NIPeriod", "NITable", "load_ni_table", "shipped_ni_table", "tax_year_start"]

#: The apprenticeship levy (0.5% of an employer's pay bill over £3m) started on 6 April 2017.
LEVY_START: Final = date(2017, 4, 6)


def tax_year_start(year: FinancialYear) -> date:
    return date(year.start_year, 4, 6)


class _PeriodRow(Value):
    """One row of an NI table file."""

    tax_year: FinancialYear
    start: date
    end: date
    rate: Rate
    secondary_threshold: Amount
    lower_earnings_limit: Amount | None = None
    upper_accrual_point: Amount | None = None
    contracted_out_rebate: Rate | None = None
    upper_secondary_threshold: Amount | None = None
    apprentice_upper_secondary_threshold: Amount | None = None
    checked: date | None = None
    provisional: bool = False
    source: str = Field(min_length=1)
    note: str = ""

    @model_validator(mode="after")
    def _rebate_band(self) -> _PeriodRow:
        band = (self.lower_earnings_limit, self.upper_accrual_point)
        if self.contracted_out_rebate is not None and None in band:
            raise PydanticCustomError(
                "ni_period",
                "expected lower_earnings_limit and upper_accrual_point with contracted_out_rebate, found {found}",
                {"found": "neither" if band == (None, None) else "only one"},
            )
        return self


@dataclass(frozen=True, slots=True)
class NIPeriod:
    """Employer NI in force from ``start`` to ``end`` (inclusive): ``rate`` on annual pay over ``threshold``.

    The optional parts: the contracted-out rebate and its band (LEL to UAP), the upper secondary
    thresholds of the under-21 and apprentice zero rates, when the row was checked, and whether it
    is provisional.
    """

    tax_year: FinancialYear
    start: date
    end: date
    rate: Decimal
    threshold: Money
    source: str
    note: str = ""
    lower_earnings_limit: Money | None = None
    upper_accrual_point: Money | None = None
    contracted_out_rebate: Decimal | None = None
    upper_secondary_threshold: Money | None = None
    apprentice_upper_secondary_threshold: Money | None = None
    checked: date | None = None
    provisional: bool = False

    def describe(self) -> str:
        return f"{format_rate(self.rate)} over {self.threshold}"


@dataclass(frozen=True, slots=True)
class NITable:
    """Employer NI periods in date order, without gaps or overlaps."""

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
                    parsed.lower_earnings_limit,
                    parsed.upper_accrual_point,
                    parsed.contracted_out_rebate,
                    parsed.upper_secondary_threshold,
                    parsed.apprentice_upper_secondary_threshold,
                    parsed.checked,
                    parsed.provisional,
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
            return self.on(tax_year_start(tax_year))
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
    text = resources.files("savingsmodel.rates").joinpath("employer_ni.toml").read_text(encoding="utf-8")
    return NITable.from_toml(text, "savingsmodel/rates/employer_ni.toml")


def load_ni_table(path: str | PathLike[str]) -> NITable:
    """An employer NI table from a TOML file in the shipped table's format."""
    return NITable.from_toml(Path(path).read_text(encoding="utf-8"), str(path))
