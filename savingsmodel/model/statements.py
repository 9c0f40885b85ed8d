"""Statements a paper makes that are neither lines nor money claims: counts, rotas, acknowledgements.

A paper says "from the 26 posts detailed above it is intended to create 14 ISO
roles" and "this will release 12 posts": those are :class:`Count` statements,
checked against each other and against the lines by :mod:`savingsmodel.checks`.
"Three ISOs on a 24/7/365 rota" from 14 posts is a :class:`Rota`. A point the
officer has looked at and accepted is an :class:`Acknowledgement`, so that it
stops repeating.

>>> Count(what="posts_in_scope", value=26, source="para 8.5").value
Decimal('26')
>>> Rota(name="ISO", positions=3, posts=14, contracted_hours_per_week=42).position_hours
Fraction(26280, 1)
>>> Rota(name="ISO", positions=3, posts=14, contracted_hours_per_week=42, abstraction="15%").abstraction
Decimal('0.15')
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from typing import Any, Final

from pydantic import Field, field_validator
from pydantic_core import PydanticCustomError

from savingsmodel.core.errors import did_you_mean
from savingsmodel.core.fields import Count as Posts
from savingsmodel.core.fields import In, NumberIn, Positive, Share, Value, YearIn
from savingsmodel.core.years import FinancialYear

__all__ = [
    "CHECK_CODES",
    "Acknowledgement",
    "Count",
    "CountKind",
    "PhasedCount",
    "Rota",
]

#: Every check code :func:`savingsmodel.run_checks` can report, and nothing else: the one table of codes
#: (as ruff keeps its codes in one table and each rule in its own file). Kept here, beside
#: :class:`Acknowledgement`, so a file naming an unknown code is refused on load without the model
#: importing the checks, which sit a layer above. Each code's severity, summary and documentation are
#: declared beside its check (:mod:`savingsmodel.checks.registry`), which refuses a check whose code is
#: not listed here; a test fails when a code listed here has no check. The order is the order of the
#: known codes an error lists.
CHECK_CODES: Final[tuple[str, ...]] = (
    "COUNT-SCOPE",
    "COUNT-ESTABLISHMENT",
    "COUNT-PHASED",
    "COUNT-LINES",
    "COUNT-CLAIM",
    "COUNT-CONFLICT",
    "PRICED-IN",
    "WORDS-UNIT-COST",
    "RANGE-UNIT-COST",
    "RANGE-SAVING-PER-POST",
    "RANGE-NET-ABOVE-GROSS",
    "ROTA-COVER",
    "ROTA-SHORT",
    "TIMING-FULL-YEAR",
    "TIMING-AFTER-HORIZON",
    "ONE-OFF-NETTED",
    "PRICE-BASE-AWARD",
    "PENSION-DEFICIT",
    "SERIES-KIND",
    "ACK-UNUSED",
)


class CountKind(StrEnum):
    """What a stated count counts."""

    POSTS_IN_SCOPE = "posts_in_scope"
    ROLES_CREATED = "roles_created"
    POSTS_RELEASED = "posts_released"
    POSTS_CREATED = "posts_created"
    ESTABLISHMENT_BEFORE = "establishment_before"
    ESTABLISHMENT_AFTER = "establishment_after"


class PhasedCount(Value):
    """The part of a count that falls in one financial year."""

    year: In[FinancialYear, YearIn]
    value: In[Posts, NumberIn]


class Count(Value):
    """A number of posts or roles the paper states, with where it says so.

    ``year`` is the year by whose end the count applies (default: the end of
    the horizon); ``phased`` splits it over years, and should add up to ``value``.
    ``grade`` ties the count to one grade; counts are compared only with counts
    of the same grade (or with none).
    """

    what: In[CountKind, CountKind | str]
    value: In[Posts, NumberIn]
    grade: str | None = None
    year: In[FinancialYear | None, YearIn | None] = Field(default=None)
    phased: In[tuple[PhasedCount, ...], Sequence[PhasedCount | Mapping[str, Any]]] = Field(default=())
    words: str = Field(default="", description="the paper's own words for this count")
    source: str = ""

    @field_validator("phased")
    @classmethod
    def _years_once(cls, phased: tuple[PhasedCount, ...]) -> tuple[PhasedCount, ...]:
        years = [step.year for step in phased]
        repeated = sorted({str(y) for y in years if years.count(y) > 1})
        if repeated:
            raise PydanticCustomError(
                "phased", "expected each year once in phased, found {years} again", {"years": ", ".join(repeated)}
            )
        return phased


#: A 365-day year has 365/7 weeks; contracted hours per week become hours a year by it.
WEEKS_PER_YEAR: Final = Fraction(365, 7)


class Rota(Value):
    """A role staffed around the clock (or for set hours) by a pool of posts.

    ``positions`` are staffed at once for ``hours_per_day`` on ``days_per_year``;
    ``posts`` each work ``contracted_hours_per_week``; ``abstraction`` is the
    share of contracted hours lost to leave, sickness and training (not stated
    in many papers, so optional).
    """

    name: str = Field(min_length=1)
    positions: In[Positive, NumberIn]
    hours_per_day: In[Positive, NumberIn] = Field(default=Decimal(24))
    days_per_year: In[Positive, NumberIn] = Field(default=Decimal(365))
    posts: In[Positive, NumberIn]
    contracted_hours_per_week: In[Positive, NumberIn]
    abstraction: In[Share | None, NumberIn | None] = Field(default=None)
    grade: str | None = None
    words: str = ""
    source: str = ""
    note: str = Field(default="", description="what is assumed, e.g. hours the paper does not state")

    @field_validator("hours_per_day")
    @classmethod
    def _a_day(cls, value: Decimal) -> Decimal:
        if value > 24:
            raise PydanticCustomError("hours", "expected at most 24 hours a day, found {found}", {"found": str(value)})
        return value

    @field_validator("days_per_year")
    @classmethod
    def _a_year(cls, value: Decimal) -> Decimal:
        if value > 366:
            raise PydanticCustomError("days", "expected at most 366 days a year, found {found}", {"found": str(value)})
        return value

    @field_validator("contracted_hours_per_week")
    @classmethod
    def _a_week(cls, value: Decimal) -> Decimal:
        if value > 168:
            raise PydanticCustomError(
                "hours", "expected at most 168 hours a week, found {found}", {"found": str(value)}
            )
        return value

    @property
    def position_hours(self) -> Fraction:
        """Hours a year the positions must be staffed: positions x hours a day x days.

        >>> iso = Rota(name="ISO", positions=3, posts=14, contracted_hours_per_week=42)
        >>> iso.position_hours
        Fraction(26280, 1)
        """
        return Fraction(self.positions) * Fraction(self.hours_per_day) * Fraction(self.days_per_year)

    @property
    def hours_per_post(self) -> Fraction:
        """Contracted hours a year of one post: hours a week x 365/7.

        >>> iso = Rota(name="ISO", positions=3, posts=14, contracted_hours_per_week=42)
        >>> iso.hours_per_post
        Fraction(2190, 1)
        """
        return Fraction(self.contracted_hours_per_week) * WEEKS_PER_YEAR

    def posts_needed(self, abstraction: Fraction | Decimal) -> Fraction:
        """Posts that cover the positions when ``abstraction`` of contracted hours is lost.

        >>> iso = Rota(name="ISO", positions=3, posts=14, contracted_hours_per_week=42)
        >>> float(iso.posts_needed(Decimal("0.15")))
        14.117647058823529
        """
        available = Fraction(1) - Fraction(abstraction)
        if available <= 0:
            raise ValueError(f"expected an abstraction below 1, found {abstraction}")
        return self.position_hours / (self.hours_per_post * available)

    @property
    def max_abstraction(self) -> Fraction:
        """The largest share of contracted hours the posts can lose and still cover (negative: they cannot).

        >>> iso = Rota(name="ISO", positions=3, posts=14, contracted_hours_per_week=42)
        >>> iso.max_abstraction
        Fraction(1, 7)
        """
        return 1 - self.position_hours / (Fraction(self.posts) * self.hours_per_post)


class Acknowledgement(Value):
    """A finding the officer has looked at and accepted, and why.

    ``target`` narrows it to one subject: a path such as ``lines[2]`` or a name
    (line, grade, rota); without it, every finding with ``code`` is acknowledged.
    """

    code: str
    target: str | None = None
    reason: str

    @field_validator("code")
    @classmethod
    def _known_code(cls, value: str) -> str:
        code = value.strip().upper()
        if code not in CHECK_CODES:
            raise PydanticCustomError(
                "code",
                "expected a check code, found {found}{hint}",
                {"found": repr(value), "hint": did_you_mean(code, CHECK_CODES)},
            )
        return code

    @field_validator("reason")
    @classmethod
    def _has_reason(cls, value: str) -> str:
        if not value.strip():
            raise PydanticCustomError(
                "reason", "expected a reason saying why the point is accepted, found {found}", {"found": repr(value)}
            )
        return value
