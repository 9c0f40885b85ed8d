"""Phasing: what share of a financial year a dated change is in effect.

A change in effect from ``start`` up to and including ``end`` counts in a year
by one of two conventions, chosen per proposal:

- ``months``: whole months. A month counts when the change is in effect for the
  whole of it: a change from 1 October counts from October, one from 15 October
  from November; a change ending on 30 September counts to September, one ending
  on 29 September to August.
- ``days``: days in effect over the days in that year (365, or 366 with a 29
  February).

The two agree for changes on the first of a month in years without a leap day.

>>> from savingsmodel.core.years import FinancialYear
>>> share_of_year(FinancialYear(2016), date(2016, 10, 1), None, Phasing.MONTHS)
Fraction(1, 2)
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from enum import StrEnum
from fractions import Fraction

from savingsmodel.core.years import FinancialYear

__all__ = ["Phasing", "month_start", "months_on", "share_of_year"]


class Phasing(StrEnum):
    """The convention for part-year effects."""

    MONTHS = "months"
    DAYS = "days"


def month_start(first: date, months: int) -> date:
    """The first day of the month ``months`` after the month of ``first``.

    >>> month_start(date(2016, 11, 15), 3)
    datetime.date(2017, 2, 1)
    """
    index = first.year * 12 + first.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def months_on(day: date, months: int) -> date:
    """The same day of the month ``months`` later (earlier when negative); a day the month lacks is its last:
    a start shifted by whole months.

    >>> months_on(date(2016, 1, 31), 1), months_on(date(2016, 4, 1), -6)
    (datetime.date(2016, 2, 29), datetime.date(2015, 10, 1))
    """
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _month_index(day: date, round_up: bool = True) -> int:
    """Months since year 0 of the first of the month on or after (or on or before) ``day``."""
    index = day.year * 12 + day.month - 1
    return index + 1 if round_up and day.day != 1 else index


def share_of_year(year: FinancialYear, start: date, end: date | None, phasing: Phasing) -> Fraction:
    """The share of ``year`` in which something in effect from ``start`` to ``end`` (inclusive) counts."""
    stop = None if end is None else end + timedelta(days=1)
    if phasing is Phasing.MONTHS:
        first, last = _month_index(year.start), _month_index(year.start) + 12
        begin = max(first, _month_index(start))
        finish = last if stop is None else min(last, _month_index(stop, round_up=False))
        return Fraction(max(0, finish - begin), 12)
    year_stop = year.end + timedelta(days=1)
    begin_day = max(year.start, start)
    finish_day = year_stop if stop is None else min(year_stop, stop)
    return Fraction(max(0, (finish_day - begin_day).days), year.days)
