"""A unit cost as the user states it: salary, allowances and on-cost rates of one FTE.

>>> wm_b = UnitCostBuildUp(salary="36381", pay_point="Watch Manager B", tax_year="2015/16", pension_rate="21.7%")
>>> wm_b.ni_period().describe()
'13.8% over £8,112'

The build-up is data; :func:`savingsmodel.engine.unit_costs.build` adds it up.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any, Self

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from savingsmodel.core.errors import InputError
from savingsmodel.core.fields import Amount, DateIn, In, MoneyIn, NumberIn, Rate, Value, YearIn
from savingsmodel.core.money import Money
from savingsmodel.core.years import FinancialYear
from savingsmodel.rates.employer_ni import LEVY_START, NIPeriod, NITable, shipped_ni_table, tax_year_start

__all__ = ["OnCost", "UnitCostBuildUp"]


class OnCost(Value):
    """Another on-cost: a rate of salary (``rate``) or a fixed annual ``amount``."""

    name: str = Field(min_length=1)
    rate: In[Rate | None, NumberIn | None] = Field(default=None)
    amount: In[Amount | None, MoneyIn | None] = Field(default=None)

    @model_validator(mode="after")
    def _one_way(self) -> Self:
        if (self.rate is None) == (self.amount is None):
            raise PydanticCustomError(
                "on_cost",
                "expected either rate or amount, found {found}",
                {"found": "neither" if self.rate is None else "both"},
            )
        return self


class UnitCostBuildUp(Value):
    """Salary and on-costs of one FTE; :meth:`build` adds them up.

    Employer NI comes from the shipped table for ``tax_year`` (its rate from
    6 April) or for the date ``on``, unless ``ni_rate`` and ``ni_threshold``
    are both given. Allowances attract NI; they attract pension only when
    ``allowances_pensionable``. The apprenticeship levy, when stated, is worked
    on the post's NI-able pay (for an employer whose pay bill is over £3m).
    The arithmetic is the engine's: :func:`savingsmodel.engine.unit_costs.build`.
    """

    salary: In[Amount, MoneyIn]
    pay_point: str = Field(default="", description="the grade and point the salary is, e.g. 'Watch Manager B'")
    tax_year: In[FinancialYear | None, YearIn | None] = Field(
        default=None, description="the tax year whose NI applies, e.g. '2015/16'"
    )
    on: In[date | None, DateIn | None] = Field(
        default=None, description="the date whose NI applies (instead of tax_year)"
    )
    ni_rate: In[Rate | None, NumberIn | None] = Field(
        default=None, description="overrides the table's employer NI rate"
    )
    ni_threshold: In[Amount | None, MoneyIn | None] = Field(
        default=None, description="overrides the table's annual secondary threshold"
    )
    pension_rate: In[Rate, NumberIn] = Field(
        default=Decimal(0), description="employer pension contribution, a rate of salary"
    )
    allowances: In[Amount, MoneyIn] = Field(default=Money(0), description="annual allowances per FTE (NI-able)")
    allowances_pensionable: bool = False
    apprenticeship_levy: In[Rate | None, NumberIn | None] = Field(
        default=None, description="e.g. '0.5%', of NI-able pay"
    )
    other: In[tuple[OnCost, ...], Sequence[OnCost | Mapping[str, Any]]] = Field(default=())
    source: str = ""
    note: str = ""

    @model_validator(mode="after")
    def _ni_known(self) -> Self:
        if self.tax_year is not None and self.on is not None:
            raise PydanticCustomError("build_up", "expected tax_year or on, found both", {})
        try:
            self.ni_period()
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
        return self.on or (None if self.tax_year is None else tax_year_start(self.tax_year))

    def ni_period(self, table: NITable | None = None) -> NIPeriod | None:
        """The NI period the build-up looks up (None when ``ni_rate`` and ``ni_threshold`` are both given).

        >>> str(UnitCostBuildUp(salary="36381", tax_year="2016/17").ni_period().threshold)
        '£8,112'
        """
        if self.ni_rate is not None and self.ni_threshold is not None:
            return None
        table = table or shipped_ni_table()
        if self.on is not None:
            return table.on(self.on)
        if self.tax_year is not None:
            return table.for_tax_year(self.tax_year)
        missing = " and ".join(f for f in ("ni_rate", "ni_threshold") if getattr(self, f) is None)
        raise InputError.one(
            "tax_year", f"expected tax_year or on (to look up employer NI) or {missing}, found none", code="missing"
        )
