"""Financial years: 1 April to 31 March."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from savingsmodel import FinancialYear


@pytest.mark.parametrize("text", ["2016/17", "2016-17", "2016/2017", " FY2016/17 "])
def test_parse(text: str) -> None:
    assert FinancialYear.parse(text) == FinancialYear(2016)


@pytest.mark.parametrize("text", ["2016/18", "2016", "16/17", "2016/1", "1999/01"])
def test_parse_refuses(text: str) -> None:
    with pytest.raises(ValueError, match="expected a financial year such as"):
        FinancialYear.parse(text)


def test_dates_length_and_text() -> None:
    year = FinancialYear(2015)
    assert (year.start, year.end) == (date(2015, 4, 1), date(2016, 3, 31))
    assert year.days == 366  # holds 29 February 2016
    assert FinancialYear(2016).days == 365
    assert year.months == 12
    assert str(year) == "2015/16"
    assert repr(FinancialYear(1999)) == "FinancialYear('1999/00')"


def test_order_next_previous_range() -> None:
    year = FinancialYear(2016)
    assert year.next() == FinancialYear(2017) > year > year.previous()
    assert [str(y) for y in year.range(4)] == ["2016/17", "2017/18", "2018/19", "2019/20"]
    assert FinancialYear(2019) - year == 3
    assert sorted([FinancialYear(2018), year]) == [year, FinancialYear(2018)]


def test_refuses_silly_years() -> None:
    with pytest.raises(ValueError, match="start year"):
        FinancialYear(16)


@given(st.dates(min_value=date(1901, 4, 1), max_value=date(2998, 12, 31)))
def test_every_date_is_in_exactly_the_year_containing_it(day: date) -> None:
    year = FinancialYear.containing(day)
    assert day in year
    assert day not in year.next()
    assert day not in year.previous()
    assert year.start <= day <= year.end


@given(st.integers(min_value=1900, max_value=2990))
def test_years_tile_time(start: int) -> None:
    year = FinancialYear(start)
    assert year.end + timedelta(days=1) == year.next().start
    assert FinancialYear.parse(str(year)) == year
    assert year.days in (365, 366)
