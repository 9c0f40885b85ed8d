"""Prices as the user states them: cash or constant, pay awards and inflation by year.

A proposal's amounts are stated at the prices in force before the first award
it lists (the paper's prices). In **cash** terms each line is uprated by the
awards that have taken effect: staff lines by **pay awards**, other recurring
costs and income by **inflation**. In **constant prices** nothing is uprated.
An award takes effect on its ``effective`` date (default 1 April of its year).

>>> Award(year="2016/17", rate="1%", effective=date(2016, 7, 1)).on
datetime.date(2016, 7, 1)

The arithmetic is the engine's (:mod:`savingsmodel.engine.uprating`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date
from enum import StrEnum
from typing import Annotated, Any, Self

from pydantic import AfterValidator, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from savingsmodel.core.fields import DateIn, In, NumberIn, Rate, Value, YearIn
from savingsmodel.core.years import FinancialYear

__all__ = ["Award", "Awards", "Index", "Prices", "Uprating", "uprating_named"]


class Prices(StrEnum):
    """Which prices a proposal's figures are in."""

    CASH = "cash"
    CONSTANT = "constant"


class Uprating(StrEnum):
    """What a line's annual amount moves with: pay awards, inflation, or nothing (a fixed contract)."""

    PAY = "pay"
    INFLATION = "inflation"
    NONE = "none"


class Award(Value):
    """A pay award or inflation rate for a financial year, and the day it takes effect."""

    year: In[FinancialYear, YearIn]
    rate: In[Rate, NumberIn]
    effective: In[date | None, DateIn | None] = Field(
        default=None, description="the day it takes effect; default 1 April of the year"
    )
    source: str = ""
    note: str = ""

    @model_validator(mode="after")
    def _effective_in_year(self) -> Self:
        if self.effective is not None and self.effective not in self.year:
            raise PydanticCustomError(
                "award",
                "expected an effective date in {year} ({first} to {last}), found {found}",
                {
                    "year": str(self.year),
                    "first": str(self.year.start),
                    "last": str(self.year.end),
                    "found": str(self.effective),
                },
            )
        return self

    @property
    def on(self) -> date:
        """The day the award takes effect.

        >>> Award(year="2016/17", rate="1%").on
        datetime.date(2016, 4, 1)
        """
        return self.effective or self.year.start


def _one_per_year(awards: tuple[Award, ...]) -> tuple[Award, ...]:
    counts = Counter(a.year for a in awards)
    twice = sorted(str(year) for year, count in counts.items() if count > 1)
    if twice:
        raise PydanticCustomError(
            "awards", "expected one award per financial year, found {years} more than once", {"years": ", ".join(twice)}
        )
    return awards


#: Awards (or inflation rates), one per financial year at most.
Awards = Annotated[tuple[Award, ...], AfterValidator(_one_per_year)]


class Index(Value):
    """A named, dated index a line may follow instead of pay awards or inflation.

    Contract indexation, RPI, CPI, the National Living Wage: each is its rates by financial year (as
    awards: ``year``, ``rate``, ``effective``), with where they come from and the day they were checked.
    A line follows it by name (``uprate = "contract"``); in cash terms its amount moves by these rates.

    >>> Index(name="cleaning contract", rates=[{"year": "2026/27", "rate": "3.2%"}], source="contract cl. 7").name
    'cleaning contract'
    """

    name: str = Field(min_length=1)
    rates: In[Awards, Sequence[Award | Mapping[str, Any]]] = Field(
        default=(), description="the index's rate by financial year, each {year, rate, effective, source, note}"
    )
    source: str = Field(default="", description="where the rates come from: a contract clause, ONS, GOV.UK")
    checked: In[date | None, DateIn | None] = Field(default=None, description="the day the rates were checked")
    note: str = ""

    @field_validator("name")
    @classmethod
    def _not_a_kind_of_uprating(cls, value: str) -> str:
        if value in {u.value for u in Uprating}:
            raise PydanticCustomError(
                "index",
                "expected a name other than pay, inflation or none (those are the proposal's own), found {found}",
                {"found": repr(value)},
            )
        return value


def uprating_named(value: object) -> object:
    """``"pay"``, ``"inflation"`` or ``"none"`` as an :class:`Uprating`; any other name (an index's) as it is.

    >>> uprating_named("pay"), uprating_named("cleaning contract")
    (<Uprating.PAY: 'pay'>, 'cleaning contract')
    """
    if isinstance(value, str) and not isinstance(value, Uprating) and value in {u.value for u in Uprating}:
        return Uprating(value)
    return value
