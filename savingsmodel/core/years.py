"""Financial years: 1 April to 31 March, written ``2016/17``.

>>> year = FinancialYear.parse("2016/17")
>>> year.start, year.end
(datetime.date(2016, 4, 1), datetime.date(2017, 3, 31))
>>> FinancialYear.containing(date(2017, 1, 1))
FinancialYear('2016/17')
>>> [str(y) for y in year.range(3)]
['2016/17', '2017/18', '2018/19']
"""

from __future__ import annotations

import numbers
import re
from datetime import date
from typing import Any, Final, SupportsIndex

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema

__all__ = ["FinancialYear"]

_YEAR_TEXT: Final = re.compile(r"^\s*(?:FY\s*)?(\d{4})\s*[/-]\s*(\d{2}|\d{4})\s*$", re.IGNORECASE)


class FinancialYear:
    """The financial year that starts on 1 April of ``start_year``."""

    __slots__ = ("_start_year",)
    _start_year: int

    def __init__(self, start_year: SupportsIndex | str) -> None:
        """From the calendar year it starts in (``2016``, numpy's integers too) or text (``"2016/17"``).

        >>> FinancialYear(2016) == FinancialYear("2016/17")
        True
        """
        if isinstance(start_year, str):
            start_year = FinancialYear.parse(start_year).start_year
        # Never a bool: True is not a year.
        whole = isinstance(start_year, numbers.Integral) and not isinstance(start_year, bool)
        if not whole or type(start_year).__name__ == "bool_" or not 1900 <= int(start_year) <= 2999:
            raise ValueError(f"expected a start year from 1900 to 2999, found {start_year!r}")
        object.__setattr__(self, "_start_year", int(start_year))

    @classmethod
    def parse(cls, text: str) -> FinancialYear:
        """From ``"2016/17"``, ``"2016-17"`` or ``"2016/2017"``; ``"2016"`` alone is refused as ambiguous.

        >>> FinancialYear.parse("2016-17") == FinancialYear.parse("2016/2017") == FinancialYear(2016)
        True
        """
        match = _YEAR_TEXT.match(text)
        if match is None:
            raise ValueError(f"expected a financial year such as '2016/17', found {text!r}")
        first, second = int(match[1]), match[2]
        expected_end = first + 1
        if int(second) != (expected_end % 100 if len(second) == 2 else expected_end):
            raise ValueError(f"expected a financial year such as '{first}/{expected_end % 100:02d}', found {text!r}")
        return cls(first)

    @classmethod
    def containing(cls, day: date) -> FinancialYear:
        """The financial year a date falls in.

        >>> FinancialYear.containing(date(2017, 3, 31)), FinancialYear.containing(date(2017, 4, 1))
        (FinancialYear('2016/17'), FinancialYear('2017/18'))
        """
        return cls(day.year if day.month >= 4 else day.year - 1)

    @property
    def start_year(self) -> int:
        """The calendar year it starts in: ``2016`` for 2016/17.

        >>> FinancialYear.parse("2016/17").start_year
        2016
        """
        return self._start_year

    @property
    def start(self) -> date:
        """The first day, 1 April.

        >>> FinancialYear(2016).start
        datetime.date(2016, 4, 1)
        """
        return date(self._start_year, 4, 1)

    @property
    def end(self) -> date:
        """The last day, 31 March.

        >>> FinancialYear(2016).end
        datetime.date(2017, 3, 31)
        """
        return date(self._start_year + 1, 3, 31)

    @property
    def days(self) -> int:
        """365, or 366 when the year holds 29 February.

        >>> FinancialYear(2015).days, FinancialYear(2016).days
        (366, 365)
        """
        return (self.end - self.start).days + 1

    @property
    def months(self) -> int:
        """Twelve, always: the months convention counts in twelfths.

        >>> FinancialYear(2016).months
        12
        """
        return 12

    def next(self) -> FinancialYear:
        """The year after.

        >>> FinancialYear(2016).next()
        FinancialYear('2017/18')
        """
        return FinancialYear(self._start_year + 1)

    def previous(self) -> FinancialYear:
        """The year before.

        >>> FinancialYear(2016).previous()
        FinancialYear('2015/16')
        """
        return FinancialYear(self._start_year - 1)

    def range(self, count: int) -> tuple[FinancialYear, ...]:
        """This year and the ``count - 1`` after it.

        >>> [str(y) for y in FinancialYear(2016).range(2)]
        ['2016/17', '2017/18']
        """
        return tuple(FinancialYear(self._start_year + i) for i in range(count))

    def __add__(self, years: int) -> FinancialYear:
        return FinancialYear(self._start_year + years)

    def __sub__(self, other: FinancialYear) -> int:
        """How many years apart: ``year(2018) - year(2016) == 2``."""
        return self._start_year - other._start_year

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("FinancialYear is immutable")

    def __eq__(self, other: object) -> bool:
        if isinstance(other, FinancialYear):
            return self._start_year == other._start_year
        return NotImplemented

    def __lt__(self, other: FinancialYear) -> bool:
        return self._start_year < other._start_year

    def __le__(self, other: FinancialYear) -> bool:
        return self._start_year <= other._start_year

    def __gt__(self, other: FinancialYear) -> bool:
        return self._start_year > other._start_year

    def __ge__(self, other: FinancialYear) -> bool:
        return self._start_year >= other._start_year

    def __hash__(self) -> int:
        return hash(("FinancialYear", self._start_year))

    def __str__(self) -> str:
        return f"{self._start_year}/{(self._start_year + 1) % 100:02d}"

    def __repr__(self) -> str:
        return f"FinancialYear('{self}')"

    def __reduce__(self) -> tuple[type[FinancialYear], tuple[int]]:
        return (FinancialYear, (self._start_year,))

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            _validate_year,
            serialization=core_schema.plain_serializer_function_ser_schema(str, when_used="json-unless-none"),
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {"type": "string", "pattern": _YEAR_TEXT.pattern, "examples": ["2016/17"]}


def _validate_year(value: object) -> FinancialYear:
    if isinstance(value, FinancialYear):
        return value
    if isinstance(value, date):
        return FinancialYear.containing(value)
    if isinstance(value, str):
        try:
            return FinancialYear.parse(value)
        except ValueError as error:
            raise PydanticCustomError("financial_year", str(error)) from None
    hint = ""
    if isinstance(value, int) and not isinstance(value, bool):
        # A bare year is ambiguous in a paper: the year from April, or the year to March?
        hint = f"; write '{value}/{(value + 1) % 100:02d}' for the year from 1 April {value}"
    raise PydanticCustomError(
        "financial_year",
        f"expected a financial year such as '2016/17', found {type(value).__name__} {value!r}{hint}",
    )
