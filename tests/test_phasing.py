"""Part-year shares by months and by days, and a schedule of leavers phased by each."""

from datetime import date, timedelta
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from savingsmodel import Figure, FinancialYear, Money, Phasing, Step, evaluate
from savingsmodel.core.phasing import share_of_year

from builders import amounts, proposal, released

Y2016 = FinancialYear(2016)


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        (date(2016, 4, 1), None, Fraction(1)),
        (date(2016, 10, 1), None, Fraction(6, 12)),
        (date(2016, 10, 15), None, Fraction(5, 12)),  # mid-month counts from the next month
        (date(2017, 1, 1), None, Fraction(3, 12)),
        (date(2017, 4, 1), None, Fraction(0)),
        (date(2015, 1, 1), None, Fraction(1)),
        (date(2016, 4, 1), date(2016, 9, 30), Fraction(6, 12)),
        (date(2016, 4, 1), date(2016, 9, 29), Fraction(5, 12)),
        (date(2015, 4, 1), date(2016, 3, 31), Fraction(0)),
    ],
)
def test_months(start: date, end: date | None, months: Fraction) -> None:
    assert share_of_year(Y2016, start, end, Phasing.MONTHS) == months


def test_days_count_leap_years() -> None:
    assert share_of_year(FinancialYear(2015), date(2016, 3, 1), None, Phasing.DAYS) == Fraction(31, 366)
    assert share_of_year(Y2016, date(2016, 10, 1), None, Phasing.DAYS) == Fraction(182, 365)
    assert share_of_year(Y2016, date(2016, 4, 1), date(2016, 4, 1), Phasing.DAYS) == Fraction(1, 365)


days = st.dates(min_value=date(2014, 1, 1), max_value=date(2020, 12, 31))


@given(days, st.sampled_from(list(Phasing)))
def test_share_is_a_fraction_of_one_and_later_never_more(start: date, phasing: Phasing) -> None:
    share = share_of_year(Y2016, start, None, phasing)
    later = share_of_year(Y2016, start + timedelta(days=17), None, phasing)
    assert 0 <= later <= share <= 1


@given(st.integers(min_value=2000, max_value=2030), st.integers(min_value=0, max_value=11))
def test_conventions_agree_on_the_first_of_a_month_without_a_leap_day(start_year: int, offset: int) -> None:
    year = FinancialYear(start_year)
    month = (3 + offset) % 12 + 1
    start = date(start_year + (1 if month < 4 else 0), month, 1)
    days_share = share_of_year(year, start, None, Phasing.DAYS)
    months_share = share_of_year(year, start, None, Phasing.MONTHS)
    if year.days == 365:
        # Months are not all the same length, so the conventions agree only in whole-year sums.
        assert months_share == Fraction(12 - offset, 12)
        assert abs(days_share - months_share) < Fraction(3, 365)


@given(days, days)
def test_a_run_split_in_two_adds_up(start: date, cut: date) -> None:
    if cut < start:
        start, cut = cut, start
    whole = share_of_year(Y2016, start, None, Phasing.DAYS)
    first = share_of_year(Y2016, start, cut, Phasing.DAYS)
    rest = share_of_year(Y2016, cut + timedelta(days=1), None, Phasing.DAYS)
    assert first + rest == whole


# ---- A schedule of leavers, by each convention ----------------------------------------------------------

SCHEDULE = [
    Step(on=date(2016, 4, 1), fte=5),
    Step(on=date(2016, 7, 1), fte=4),
    Step(on=date(2017, 1, 1), fte=3),
]


def test_twelve_posts_leaving_five_four_three_by_months() -> None:
    result = evaluate(proposal(released(schedule=SCHEDULE)))
    # 48k x (5 + 4 x 9/12 + 3 x 3/12) = 48k x 8.75
    assert amounts(result, "gross_saving") == [Money(420000), Money(576000), Money(576000), Money(576000)]
    assert amounts(result, "full_year_effect") == [Money(576000)] * 4
    assert result.series(Figure.NET_SAVING, "incremental") == (
        Money(420000),
        Money(156000),
        Money(0),
        Money(0),
    )


def test_twelve_posts_leaving_five_four_three_by_days() -> None:
    result = evaluate(proposal(released(schedule=SCHEDULE), phasing=Phasing.DAYS))
    # 5 x 48k + 4 x 48k x 274/365 + 3 x 48k x 90/365, each tranche rounded to the penny
    assert result.years[0].gross_saving == Money("240000") + Money("144131.51") + Money("35506.85")
    assert result.years[1].gross_saving == Money(576000)
