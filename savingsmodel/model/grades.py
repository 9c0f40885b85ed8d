"""Grades: a pay band and the fully loaded annual cost of one FTE in it.

>>> Grade(name="Watch Manager", unit_cost="48k").unit_cost
Money('48000')
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Annotated, Any, Self

from pydantic import AfterValidator, Field, model_validator
from pydantic_core import PydanticCustomError

from savingsmodel.core.fields import Amount, In, MoneyIn, NumberIn, Share, Value
from savingsmodel.core.money import Money
from savingsmodel.model.buildup import UnitCostBuildUp

__all__ = ["Band", "Grade"]


def _ordered_band(band: tuple[Money, Money]) -> tuple[Money, Money]:
    low, high = band
    if low <= Money(0) or high < low:
        raise PydanticCustomError(
            "band",
            "expected [low, high] with 0 < low <= high, found [{low}, {high}]",
            {"low": str(low), "high": str(high)},
        )
    return band


def _step(step: Money) -> Money:
    if step <= Money(0):
        raise PydanticCustomError(
            "step", "expected a step above zero such as '1k', found {found}", {"found": str(step)}
        )
    return step


#: A plausible range of the fully loaded annual cost of one FTE, such as ``["25k", "80k"]``.
Band = Annotated[tuple[Money, Money], AfterValidator(_ordered_band)]


class Grade(Value):
    """A pay grade and the fully loaded annual cost of one FTE in it (salary plus on-costs)."""

    name: str = Field(min_length=1)
    unit_cost: In[Amount | None, MoneyIn | None] = Field(
        default=None, description="needed by any line priced from this grade"
    )
    plausible_unit_cost: In[Band | None, Sequence[MoneyIn] | None] = Field(
        default=None, description="[low, high] cost of one FTE the checks accept; default: docs/reference/checks.md"
    )
    build_up: In[UnitCostBuildUp | None, UnitCostBuildUp | Mapping[str, Any] | None] = Field(
        default=None, description="salary and on-costs; the unit cost is built from them (instead of unit_cost)"
    )
    vacancy_factor: In[Share | None, NumberIn | None] = Field(
        default=None,
        description="the share of the grade's budget its vacancies are expected to save, e.g. '3%': "
        "its budget is set net of it (default: the proposal's)",
    )
    unit_cost_rounded_to: In[Annotated[Money, AfterValidator(_step)] | None, MoneyIn | None] = Field(
        default=None,
        description="the paper states the unit cost rounded to this step ('1k' for '£48k'): claims on figures "
        "built from it allow for it",
    )
    note: str = ""
    source: str = ""

    @model_validator(mode="after")
    def _one_cost(self) -> Self:
        if self.unit_cost is not None and self.build_up is not None:
            raise PydanticCustomError("grade", "expected unit_cost or build_up, found both", {})
        if self.unit_cost_rounded_to is not None and self.unit_cost is None:
            # A built-up cost is worked to the penny; a grade with no cost has nothing rounded.
            raise PydanticCustomError(
                "grade", "expected unit_cost_rounded_to only with a stated unit_cost, found no unit_cost", {}
            )
        return self
