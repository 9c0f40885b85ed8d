"""Financial years' rules at their boundaries: the assertions mutation testing showed missing.

Limits (1900 to 2999), the forms of text read, the days a year holds (its first and last), order
and arithmetic at equality, identity, and how pydantic reads and writes a year.
"""

from __future__ import annotations

import copy
import pickle
import re
from datetime import date, datetime
from decimal import Decimal

import numpy as np
import pytest
from pydantic import BaseModel, TypeAdapter, ValidationError

from savingsmodel import FinancialYear


@pytest.mark.parametrize("start", [1900, 2999])
def test_the_first_and_last_years_there_are(start: int) -> None:
    assert FinancialYear(start).start_year == start


@pytest.mark.parametrize("start", [1899, 3000, True, np.bool_(True), 2016.0, Decimal(2016)])
def test_a_year_outside_the_limits_or_not_an_int_is_refused(start: object) -> None:
    with pytest.raises(ValueError, match=r"^expected a start year from 1900 to 2999, found "):
        FinancialYear(start)  # type: ignore[arg-type]


def test_a_year_is_made_from_its_starting_year_as_any_int_or_from_its_text() -> None:
    assert FinancialYear(np.int64(2016)) == FinancialYear(2016)
    assert FinancialYear(np.int64(2016)).start_year.__class__ is int
    assert FinancialYear("2016/17") == FinancialYear(2016)
    # Text is read as a financial year; a bare "2016" is ambiguous (from April, or to March?).
    with pytest.raises(ValueError, match=r"^expected a financial year such as '2016/17', found '2016'$"):
        FinancialYear("2016")


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("2016/17", 2016),
        ("fy2016/17", 2016),
        ("FY 2016-2017", 2016),
        ("1999/00", 1999),
        ("1999/2000", 1999),
        ("2999/00", 2999),
        ("  2016 / 17  ", 2016),
    ],
)
def test_the_forms_of_a_year_as_text(text: str, start: int) -> None:
    assert FinancialYear.parse(text) == FinancialYear(start)


def test_a_year_whose_halves_disagree_names_the_year_it_could_be() -> None:
    with pytest.raises(ValueError, match=r"^expected a financial year such as '2016/17', found '2016/2018'$"):
        FinancialYear.parse("2016/2018")
    with pytest.raises(ValueError, match=r"^expected a financial year such as '1999/00', found '1999/2001'$"):
        FinancialYear.parse("1999/2001")
    with pytest.raises(ValueError, match=r"^expected a financial year such as '2016/17', found 'next year'$"):
        FinancialYear.parse("next year")


def test_a_year_holds_its_first_and_last_days_only() -> None:
    year = FinancialYear(2016)
    assert date(2016, 4, 1) in year
    assert date(2017, 3, 31) in year
    assert date(2016, 3, 31) not in year
    assert date(2017, 4, 1) not in year
    assert "2016-04-01" not in year
    assert FinancialYear.containing(date(2016, 4, 1)) == year
    assert FinancialYear.containing(date(2016, 3, 31)) == FinancialYear(2015)
    assert FinancialYear.containing(date(2017, 3, 31)) == year
    assert FinancialYear(2019).days == 366  # 29 February 2020
    assert FinancialYear(2020).days == 365


def test_order_and_arithmetic_at_equality() -> None:
    a, b = FinancialYear(2016), FinancialYear(2016)
    later = FinancialYear(2017)
    assert a <= b
    assert a >= b
    assert not a < b
    assert not a > b
    assert a < later
    assert later > a
    assert not later <= a
    assert not a >= later
    assert a + 0 == a
    assert a + 3 == FinancialYear(2019)
    assert later - a == 1
    assert a - later == -1
    assert a.next() - a == 1
    assert a - a.previous() == 1
    assert a.range(1) == (a,)
    assert a.range(0) == ()
    assert (a == 2016) is False


def test_identity_and_immutability() -> None:
    year = FinancialYear(2016)
    assert hash(year) == hash(FinancialYear(2016))
    assert hash(year) != hash(FinancialYear(2017))
    assert hash(year) != hash(2016)
    assert len({year, FinancialYear(2016), FinancialYear(2017)}) == 2
    assert pickle.loads(pickle.dumps(year)) == year  # noqa: S301 - our own object, made here
    assert copy.deepcopy(year) == year
    assert year.__reduce__() == (FinancialYear, (2016,))
    with pytest.raises(AttributeError, match=r"^FinancialYear is immutable$"):
        year._start_year = 2017  # type: ignore[misc]
    assert str(FinancialYear(2009)) == "2009/10"
    assert repr(FinancialYear(2099)) == "FinancialYear('2099/00')"


def test_pydantic_reads_a_year_from_text_a_date_or_a_year_and_writes_text() -> None:
    adapter = TypeAdapter(FinancialYear)
    assert adapter.validate_python("2016/17") == FinancialYear(2016)
    assert adapter.validate_python(date(2017, 1, 1)) == FinancialYear(2016)
    assert adapter.validate_python(FinancialYear(2018)) == FinancialYear(2018)
    assert adapter.dump_python(FinancialYear(2016), mode="json") == "2016/17"
    assert adapter.dump_python(FinancialYear(2016)) == FinancialYear(2016)
    with pytest.raises(ValidationError) as caught:
        adapter.validate_python("2016")
    error = caught.value.errors()[0]
    assert (error["type"], error["msg"]) == (
        "financial_year",
        "expected a financial year such as '2016/17', found '2016'",
    )
    with pytest.raises(ValidationError) as caught:
        adapter.validate_python(2016)
    error = caught.value.errors()[0]
    assert (error["type"], error["msg"]) == (
        "financial_year",
        "expected a financial year such as '2016/17', found int 2016; write '2016/17' for the year from 1 April 2016",
    )
    with pytest.raises(ValidationError) as caught:
        adapter.validate_python(True)
    error = caught.value.errors()[0]
    assert (error["type"], error["msg"]) == (
        "financial_year",
        "expected a financial year such as '2016/17', found bool True",
    )
    with pytest.raises(ValidationError) as caught:
        adapter.validate_python(1999)
    assert caught.value.errors()[0]["msg"].endswith("; write '1999/00' for the year from 1 April 1999")


def test_an_optional_year_writes_none_as_null_and_a_datetime_is_a_date() -> None:
    class Dated(BaseModel):
        year: FinancialYear | None = None

    assert Dated().model_dump(mode="json") == {"year": None}
    assert Dated(year="2016/17").model_dump(mode="json") == {"year": "2016/17"}
    assert Dated(year=datetime(2016, 5, 1, 12, 0)).year == FinancialYear(2016)


def test_the_json_schema_of_a_year() -> None:
    schema = TypeAdapter(FinancialYear).json_schema()
    assert schema["type"] == "string"
    assert schema["examples"] == ["2016/17"]
    pattern = re.compile(schema["pattern"], re.IGNORECASE)
    assert pattern.match("2016/17")
    assert pattern.match("FY2016-2017")
    assert not pattern.match("16/17")
