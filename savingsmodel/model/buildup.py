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
from enum import StrEnum
from typing import Any, Final, Self

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from savingsmodel.core.errors import InputError
from savingsmodel.core.fields import Amount, DateIn, In, MoneyIn, NumberIn, Rate, Value, YearIn
from savingsmodel.core.money import Money
from savingsmodel.core.years import FinancialYear
from savingsmodel.rates.employer_ni import LEVY_START, NIPeriod, NITable, shipped_ni_table, tax_year_start

__all__ = ["PUBLIC_SERVICE_SCHEMES", "NICategory", "OnCost", "PensionScheme", "UnitCostBuildUp"]


class PensionScheme(StrEnum):
    """The employer's pension scheme for a post: the public-service defined-benefit schemes, or another."""

    LGPS = "lgps"
    FIREFIGHTERS = "firefighters"
    POLICE = "police"
    NHS = "nhs"
    TEACHERS = "teachers"
    CIVIL_SERVICE = "civil_service"
    OTHER = "other"


#: The public-service defined-benefit schemes: contracted out of the state second pension to 5 April 2016.
PUBLIC_SERVICE_SCHEMES: Final = frozenset(PensionScheme) - {PensionScheme.OTHER}

#: Schemes whose allowances and enhancements are pensionable unless a build-up says otherwise (in the
#: LGPS most are: pensionable pay is all pay for the employment less a short list of exclusions).
_ALLOWANCES_PENSIONABLE: Final = frozenset({PensionScheme.LGPS})


class NICategory(StrEnum):
    """Whose employer NI: most employees, or those the zero rates up to an upper secondary threshold cover."""

    STANDARD = "standard"
    UNDER_21 = "under_21"
    APPRENTICE_UNDER_25 = "apprentice_under_25"


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
    pension_rates: In[dict[FinancialYear, Rate], Mapping[FinancialYear | str, NumberIn]] = Field(
        default_factory=dict,
        description="the employer pension rate from a financial year on, e.g. {'2017/18' = '22.5%'}",
    )
    pension_scheme: In[PensionScheme | None, PensionScheme | str | None] = Field(
        default=None, description="the pension scheme, e.g. 'lgps' (its defaults: contracting out, allowances)"
    )
    contracted_out: In[bool | None, bool | None] = Field(
        default=None, description="whether the scheme was contracted out (to 5 April 2016); default from the scheme"
    )
    pension_deficit_rate: In[Rate | None, NumberIn | None] = Field(
        default=None, description="deficit recovery, a rate of salary: shown, never in the unit cost posts save"
    )
    pension_rate_includes_deficit: bool = Field(
        default=False, description="the pension_rate stated includes deficit recovery (a check warns)"
    )
    ni_category: In[NICategory, NICategory | str] = Field(
        default=NICategory.STANDARD, description="'under_21' or 'apprentice_under_25' for the zero rates"
    )
    allowances: In[Amount, MoneyIn] = Field(default=Money(0), description="annual allowances per FTE")
    allowances_pensionable: In[bool | None, bool | None] = Field(
        default=None, description="whether allowances carry pension; default from the scheme (LGPS: yes)"
    )
    allowances_ni: bool = Field(default=True, description="whether allowances carry employer NI")
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
        period = self.ni_period()
        if self.ni_category is not NICategory.STANDARD and period is not None:
            upper = (
                period.upper_secondary_threshold
                if self.ni_category is NICategory.UNDER_21
                else period.apprentice_upper_secondary_threshold
            )
            if upper is None:
                started = "6 April 2015" if self.ni_category is NICategory.UNDER_21 else "6 April 2016"
                raise PydanticCustomError(
                    "build_up",
                    "expected a year with the zero rate for ni_category '{category}' (from {started}), "
                    "found tax year {year}",
                    {"category": self.ni_category.value, "started": started, "year": str(period.tax_year)},
                )
        if self.apprenticeship_levy is not None and day is not None and day < LEVY_START:
            raise PydanticCustomError(
                "build_up",
                "expected no apprenticeship_levy before it started on {start}, found one for {day}",
                {"start": str(LEVY_START), "day": str(day)},
            )
        return self

    def pension_rate_in(self, year: FinancialYear) -> Decimal:
        """The employer pension rate in financial ``year``: the latest of ``pension_rates`` from or before it.

        >>> b = UnitCostBuildUp(salary="1", tax_year="2016/17", pension_rate="20%", pension_rates={"2018/19": "22%"})
        >>> [str(b.pension_rate_in(FinancialYear(y))) for y in (2017, 2018, 2019)]
        ['0.20', '0.22', '0.22']
        """
        stated = [y for y in self.pension_rates if y <= year]
        return self.pension_rates[max(stated)] if stated else self.pension_rate

    def is_contracted_out(self) -> tuple[bool, str]:
        """Whether the scheme was contracted out (before 6 April 2016), and why: stated, the scheme's, or assumed.

        >>> UnitCostBuildUp(salary="30000", tax_year="2015/16", pension_rate="21.7%").is_contracted_out()[0]
        True
        """
        if self.contracted_out is not None:
            return self.contracted_out, "as stated"
        if self.pension_scheme is not None:
            public = self.pension_scheme in PUBLIC_SERVICE_SCHEMES
            return public, (
                f"the {self.pension_scheme.value} scheme is a public-service defined-benefit scheme"
                if public
                else "the scheme is not a public-service defined-benefit scheme"
            )
        if self.pension_rate:
            return True, (
                "assumed, as an employer pension rate with no scheme named is taken as a public-service "
                "defined-benefit scheme's (state pension_scheme or contracted_out to say otherwise)"
            )
        return False, "no employer pension rate, so no contracted-out scheme"

    def are_allowances_pensionable(self) -> tuple[bool, str]:
        """Whether allowances carry pension, and why: stated, or the scheme's default.

        >>> UnitCostBuildUp(salary="30000", tax_year="2024/25", pension_scheme="lgps").are_allowances_pensionable()
        (True, 'the lgps default')
        """
        if self.allowances_pensionable is not None:
            return self.allowances_pensionable, "as stated"
        if self.pension_scheme in _ALLOWANCES_PENSIONABLE:
            return True, f"the {self.pension_scheme.value} default"
        scheme = f"the {self.pension_scheme.value} default" if self.pension_scheme else "the default"
        return False, scheme

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
