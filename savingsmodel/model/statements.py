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

from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from typing import Any, Final, Self

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_core import PydanticCustomError

from savingsmodel.core.errors import Problem, did_you_mean
from savingsmodel.core.fields import Count as Posts
from savingsmodel.core.fields import (
    In,
    MoneyIn,
    NumberIn,
    Percent,
    Positive,
    Share,
    Stated,
    Value,
    YearIn,
    format_rate,
)
from savingsmodel.core.years import FinancialYear
from savingsmodel.model.claims import Basis, Figure

__all__ = [
    "CHECK_CODES",
    "PROPOSAL_SCOPE",
    "Acknowledgement",
    "Count",
    "CountKind",
    "Percentage",
    "PhasedCount",
    "Rota",
    "Scope",
    "added_up",
    "statement_problems",
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
    "PERCENT-CLAIM",
    "PERCENT-SHARES",
    "SCOPE-PART",
    "PRICED-IN",
    "WORDS-UNIT-COST",
    "RANGE-UNIT-COST",
    "RANGE-SAVING-PER-POST",
    "RANGE-NET-ABOVE-GROSS",
    "COST-IMPLIED",
    "ROTA-COVER",
    "ROTA-SHORT",
    "ROTA-RATIO",
    "TIMING-FULL-YEAR",
    "TIMING-AFTER-HORIZON",
    "ONE-OFF-NETTED",
    "PRICE-BASE-AWARD",
    "PENSION-DEFICIT",
    "SERIES-KIND",
    "CAPITAL-REVENUE-UNSTATED",
    "FUNDING-RECEIPTS-NO-SAVING",
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
    scope: str | None = Field(default=None, description="the scope counted (a name in scopes); default the proposal")
    year: In[FinancialYear | None, YearIn | None] = Field(default=None)
    phased: In[tuple[PhasedCount, ...], Sequence[PhasedCount | Mapping[str, Any]]] = Field(default=())
    words: str = Field(default="", description="the paper's own words for this count")
    source: str = ""

    adds: bool = Field(
        default=False,
        description="'one more': this count adds to the count of the same quantity, grade and year stated before "
        "it (a tranche, then one more), instead of restating it",
    )

    @field_validator("phased")
    @classmethod
    def _years_added(cls, phased: tuple[PhasedCount, ...]) -> tuple[PhasedCount, ...]:
        """A year given twice (a tranche, then one more in the same year) is the two added, in the first's place.

        >>> Count(what="posts_released", value=13, phased=[{"year": "2016/17", "value": 12},
        ...       {"year": "2016/17", "value": 1}]).phased[0].value
        Decimal('13')
        """
        by_year: dict[FinancialYear, Decimal] = {}
        for step in phased:
            by_year[step.year] = by_year.get(step.year, Decimal(0)) + step.value
        if len(by_year) == len(phased):
            return phased
        return tuple(PhasedCount(year=year, value=value) for year, value in by_year.items())


def added_up(counts: Sequence[Count]) -> tuple[tuple[int, Count], ...]:
    """The counts as the checks read them, each with the place of its first statement: a count that ``adds``
    ("one more") is added to the last count before it of the same quantity, grade, year and scope.

    >>> first = Count(what="posts_released", value=12, grade="WM", year="2016/17", source="para 9")
    >>> more = Count(what="posts_released", value=1, grade="WM", year="2016/17", adds=True, source="para 10")
    >>> [(i, str(c.value), c.source) for i, c in added_up([first, more])]
    [(0, '13', 'para 9; para 10')]
    """
    found: list[tuple[int, Count]] = []
    for index, count in enumerate(counts):
        key = (count.what, count.grade, count.year, count.scope)
        same = [k for k, (_, c) in enumerate(found) if (c.what, c.grade, c.year, c.scope) == key]
        earlier = same[-1] if same else None
        if not count.adds or earlier is None:
            found.append((index, count))
            continue
        at, base = found[earlier]
        merged = {
            **base.model_dump(),
            "value": base.value + count.value,
            "phased": [*base.phased, *count.phased],
            "source": "; ".join(s for s in (base.source, count.source) if s),
            "words": "; ".join(s for s in (base.words, count.words) if s),
        }
        found[earlier] = (at, Count.model_validate(merged))
    return tuple(found)


def show_hours(hours: Fraction) -> str:
    """Hours as a person writes them, to 0.1 (half-up): ``2,190`` or ``1,877.1``.

    >>> show_hours(Fraction(13140, 7))
    '1,877.1'
    """
    tenths = (hours * 10 + Fraction(1, 2)).__floor__()
    whole, tenth = divmod(tenths, 10)
    return f"{whole:,}" + (f".{tenth}" if tenth else "")


#: A 365-day year has 365/7 weeks; contracted hours per week become hours a year by it.
WEEKS_PER_YEAR: Final = Fraction(365, 7)


class Rota(Value):
    """A role staffed around the clock (or for set hours) by a pool of posts.

    ``positions`` are staffed at once for ``hours_per_day`` on ``days_per_year``.
    A post's hours are stated as a paper states them: contracted hours a week
    (``contracted_hours_per_week``) or a year (``contracted_hours_per_year``), less
    ``abstraction``, the share lost to leave, sickness and training (not stated in
    many papers, so optional); or the hours a post works on the rota a year, after
    all of that (``available_hours_per_year``), with or without its contracted hours.
    ``benchmark_posts_per_position`` is the ratio of posts to positions in other
    services, to compare with (``benchmark`` says whose).

    >>> Rota(name="ISO", positions=3, posts=14, available_hours_per_year=1900).available_hours
    Fraction(1900, 1)
    """

    name: str = Field(min_length=1)
    positions: In[Positive, NumberIn]
    hours_per_day: In[Positive, NumberIn] = Field(default=Decimal(24))
    days_per_year: In[Positive, NumberIn] = Field(default=Decimal(365))
    posts: In[Positive, NumberIn]
    contracted_hours_per_week: In[Positive | None, NumberIn | None] = Field(default=None)
    contracted_hours_per_year: In[Positive | None, NumberIn | None] = Field(
        default=None, description="contracted hours a year of one post, when the paper states a year's"
    )
    available_hours_per_year: In[Positive | None, NumberIn | None] = Field(
        default=None, description="hours a post works on the rota a year, after leave, sickness and training"
    )
    abstraction: In[Share | None, NumberIn | None] = Field(default=None)
    benchmark_posts_per_position: In[Positive | None, NumberIn | None] = Field(
        default=None, description="posts per position in other services, to compare with"
    )
    benchmark: str = Field(default="", description="whose ratio the benchmark is, e.g. 'CIPFA family group, 2015'")
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
    def _a_week(cls, value: Decimal | None) -> Decimal | None:
        if value is not None and value > 168:
            raise PydanticCustomError(
                "hours", "expected at most 168 hours a week, found {found}", {"found": str(value)}
            )
        return value

    @field_validator("contracted_hours_per_year", "available_hours_per_year")
    @classmethod
    def _hours_a_year(cls, value: Decimal | None) -> Decimal | None:
        if value is not None and value > 366 * 24:
            raise PydanticCustomError(
                "hours", "expected at most 8,784 hours a year (366 x 24), found {found}", {"found": str(value)}
            )
        return value

    @model_validator(mode="after")
    def _hours_stated_once(self) -> Self:
        if self.contracted_hours_per_week is not None and self.contracted_hours_per_year is not None:
            raise PydanticCustomError(
                "hours",
                "expected contracted hours a week or a year, found both ({week} a week and {year} a year)",
                {"week": str(self.contracted_hours_per_week), "year": str(self.contracted_hours_per_year)},
            )
        hours = (self.contracted_hours_per_week, self.contracted_hours_per_year, self.available_hours_per_year)
        if all(stated is None for stated in hours):
            raise PydanticCustomError(
                "hours",
                "expected a post's hours: contracted_hours_per_week, contracted_hours_per_year or "
                "available_hours_per_year (after leave, sickness and training), found none",
            )
        if self.available_hours_per_year is not None and self.abstraction is not None:
            raise PydanticCustomError(
                "hours",
                "expected an abstraction or the available hours a year, found both: the available hours are the "
                "contracted hours less the abstraction; state the one the paper states",
            )
        contracted = self.hours_per_post
        available = self.available_hours_per_year
        if contracted is not None and available is not None and Fraction(available) > contracted:
            raise PydanticCustomError(
                "hours",
                "expected available hours a year of at most the contracted hours ({contracted}), found {found}",
                {"contracted": show_hours(contracted), "found": str(available)},
            )
        return self

    @property
    def position_hours(self) -> Fraction:
        """Hours a year the positions must be staffed: positions x hours a day x days.

        >>> iso = Rota(name="ISO", positions=3, posts=14, contracted_hours_per_week=42)
        >>> iso.position_hours
        Fraction(26280, 1)
        """
        return Fraction(self.positions) * Fraction(self.hours_per_day) * Fraction(self.days_per_year)

    @property
    def hours_per_post(self) -> Fraction | None:
        """Contracted hours a year of one post: as stated for a year, or hours a week x 365/7; None when not stated.

        >>> iso = Rota(name="ISO", positions=3, posts=14, contracted_hours_per_week=42)
        >>> iso.hours_per_post
        Fraction(2190, 1)
        """
        if self.contracted_hours_per_year is not None:
            return Fraction(self.contracted_hours_per_year)
        if self.contracted_hours_per_week is not None:
            return Fraction(self.contracted_hours_per_week) * WEEKS_PER_YEAR
        return None

    @property
    def stated_abstraction(self) -> Fraction | None:
        """The abstraction the paper states, or implies by available hours below contracted hours.

        >>> Rota(name="ISO", positions=3, posts=14, contracted_hours_per_year=2190,
        ...      available_hours_per_year=1752).stated_abstraction
        Fraction(1, 5)
        """
        if self.abstraction is not None:
            return Fraction(self.abstraction)
        contracted = self.hours_per_post
        if contracted is not None and self.available_hours_per_year is not None:
            return 1 - Fraction(self.available_hours_per_year) / contracted
        return None

    @property
    def available_hours(self) -> Fraction | None:
        """Hours a year one post works on the rota: as stated, or contracted hours less the abstraction stated.

        >>> Rota(name="ISO", positions=3, posts=14, contracted_hours_per_week=42, abstraction="20%").available_hours
        Fraction(1752, 1)
        """
        if self.available_hours_per_year is not None:
            return Fraction(self.available_hours_per_year)
        contracted = self.hours_per_post
        if contracted is not None and self.abstraction is not None:
            return contracted * (1 - Fraction(self.abstraction))
        return None

    @property
    def posts_per_position(self) -> Fraction:
        """Posts for each position staffed: the ratio services compare.

        >>> Rota(name="ISO", positions=3, posts=14, contracted_hours_per_week=42).posts_per_position
        Fraction(14, 3)
        """
        return Fraction(self.posts) / Fraction(self.positions)

    def posts_needed(self, abstraction: Fraction | Decimal) -> Fraction:
        """Posts that cover the positions when ``abstraction`` of contracted hours is lost.

        >>> iso = Rota(name="ISO", positions=3, posts=14, contracted_hours_per_week=42)
        >>> float(iso.posts_needed(Decimal("0.15")))
        14.117647058823529
        """
        available = Fraction(1) - Fraction(abstraction)
        contracted = self.hours_per_post
        if available <= 0:
            raise ValueError(f"expected an abstraction below 1, found {abstraction}")
        if contracted is None:
            raise ValueError(f"rota {self.name!r} states no contracted hours: use posts_needed_available()")
        return self.position_hours / (contracted * available)

    def posts_needed_available(self) -> Fraction | None:
        """Posts that cover the positions at the hours a post works on the rota a year (None when not known).

        >>> Rota(name="ISO", positions=3, posts=14, available_hours_per_year=1752).posts_needed_available()
        Fraction(15, 1)
        """
        available = self.available_hours
        return None if available is None else self.position_hours / available

    @property
    def max_abstraction(self) -> Fraction | None:
        """The largest share of contracted hours the posts can lose and still cover (negative: they cannot);
        None when no contracted hours are stated.

        >>> iso = Rota(name="ISO", positions=3, posts=14, contracted_hours_per_week=42)
        >>> iso.max_abstraction
        Fraction(1, 7)
        """
        contracted = self.hours_per_post
        if contracted is None:
            return None
        return 1 - self.position_hours / (Fraction(self.posts) * contracted)


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


#: The name of the scope every figure is in unless it says otherwise: the proposal's own lines.
PROPOSAL_SCOPE: Final = "proposal"


class Scope(Value):
    """A part of what a paper describes, for which it states figures of its own.

    A paper often states figures for a wider programme and for the part it costs: "24 roles
    saving £3.8m, of which 3 exits cost £513k". With ``lines``, a scope is a part of the
    proposal (the figures of those lines alone); without, it is wider than the proposal: the
    paper states its figures, the lines cost only the part of it the proposal is, so its
    figures are compared only with other statements of the same scope, and a part's figure
    with the whole's. ``within`` names the scope this one is part of (default: a part of the
    proposal is within the proposal; the proposal is within every wider scope).

    >>> Scope(name="programme", words="24 roles saving £3.8m").wider
    True
    """

    name: str = Field(min_length=1)
    lines: In[tuple[str, ...], Sequence[str]] = Field(
        default=(), description="the lines of a part of the proposal; none: wider"
    )
    within: str | None = Field(default=None, description="the scope this one is part of")
    words: str = Field(default="", description="the paper's own words for this scope")
    source: str = ""

    @field_validator("name")
    @classmethod
    def _not_the_proposal(cls, value: str) -> str:
        if value == PROPOSAL_SCOPE:
            raise PydanticCustomError(
                "scope",
                "expected a name other than {name} (the proposal's own lines are that scope already), found it",
                {"name": repr(PROPOSAL_SCOPE)},
            )
        return value

    @property
    def wider(self) -> bool:
        """Whether the scope is wider than the proposal (its figures stated, not costed by the lines).

        >>> Scope(name="exits", lines=["Redundancy pay"]).wider
        False
        """
        return not self.lines


#: What a percentage may be of, or on: a count the paper states (or the lines give), or a figure.
_COUNTABLE: Final = tuple(kind.value for kind in CountKind)
_FIGURES: Final = tuple(figure.value for figure in Figure)
_QUANTITIES: Final = (*_COUNTABLE, *_FIGURES)
#: The views a percentage's figures may be in: a year's, or the total over the period.
_PERCENT_BASES: Final = (Basis.ANNUAL.value, Basis.TOTAL.value)


def _quantity(value: object) -> object:
    if isinstance(value, str) and value not in _QUANTITIES:
        hint = did_you_mean(value, _QUANTITIES)
        raise PydanticCustomError(
            "quantity",
            "expected a count ({counts}) or a figure ({figures}), found {found}{hint}",
            {
                "counts": ", ".join(_COUNTABLE),
                "figures": ", ".join(_FIGURES),
                "found": repr(value),
                # The known names are listed already: only a near miss is worth saying again.
                "hint": hint if hint.startswith("; did you mean") else "",
            },
        )
    return value


def _step_written(value: object) -> Decimal | None:
    """The step a percentage is printed to, read off its digits: ``"9%"`` is to 1%, ``"8.5%"`` to 0.1%."""
    text = value.strip() if isinstance(value, str) else value
    try:
        if isinstance(text, str):
            number = Decimal(text.removesuffix("%").strip()).scaleb(-2 if text.endswith("%") else 0)
        elif isinstance(text, (int, Decimal)):
            number = Decimal(text)
        elif isinstance(text, float):
            number = Decimal(repr(text))
        else:
            return None
    except ArithmeticError:
        return None  # not a number: reported by the value's own check
    exponent = number.as_tuple().exponent
    return Decimal(1).scaleb(exponent) if isinstance(exponent, int) and number.is_finite() else None


class Percentage(Value):
    """A percentage the paper states, of a named base: "a 9% reduction in support staff".

    ``of`` is what the percentage measures (a count such as ``posts_released``, or a figure such
    as ``gross_saving``); ``base`` is what it is a percentage of: a count (``establishment_before``
    says the base before the change, ``establishment_after`` after it), a figure, or, when the
    model holds no figure for it, an amount the paper states (``base_amount``, with ``base_name``:
    "2% of the non-pay budget"). ``grade`` narrows both to one grade; ``scope`` says whose figures
    ``of`` are, ``base_scope`` whose the base's are (default: the same). Percentages with the same
    ``whole`` are shares of one whole, and must add up to 100%.

    ``rounded_to`` is the step the paper prints the percentage to; left out, it is read off the
    digits written ("9%": to 1%, so 8.5% to 9.5% holds; "8.5%": to 0.1%): a percentage rounded in the
    paper is judged to its rounding, never as an exact identity.

    >>> cut = Percentage(value="9%", of="posts_released", base="establishment_before", grade="Support")
    >>> cut.value, cut.rounded_to
    (Decimal('0.09'), Decimal('0.01'))
    """

    value: In[Percent, NumberIn]
    of: In[str, str] = Field(description="what the percentage measures: a count or a figure")
    base: In[str | None, str | None] = Field(default=None, description="what it is a percentage of")
    base_amount: In[Stated | None, MoneyIn | None] = Field(
        default=None, description="a base the paper states and the model does not compute, e.g. a budget"
    )
    base_name: str = Field(default="", description="what the stated base is, e.g. 'the non-pay budget'")
    grade: str | None = None
    scope: str | None = Field(default=None, description="whose figures 'of' is (a name in scopes)")
    base_scope: str | None = Field(default=None, description="whose figures the base is (default: scope)")
    year: In[FinancialYear | None, YearIn | None] = Field(
        default=None, description="the year of the figures (default: the horizon's last)"
    )
    basis: str = Field(default=Basis.ANNUAL.value, description="'annual' (a year's figures) or 'total'")
    whole: str | None = Field(default=None, description="shares of one whole name it alike; they add up to 100%")
    rounded_to: In[Percent | None, NumberIn | None] = Field(
        default=None, description="the step the paper prints it to, e.g. '1%' (default: read off its digits)"
    )
    words: str = Field(default="", description="the paper's own words for this percentage")
    source: str = ""

    @model_validator(mode="before")
    @classmethod
    def _rounding_as_written(cls, data: object) -> object:
        # Read off the digits before the number is parsed: a file written back keeps the step explicitly.
        if isinstance(data, Mapping) and data.get("rounded_to") is None and "value" in data:
            step = _step_written(data["value"])
            if step is not None:
                return {**data, "rounded_to": step}
        return data

    @field_validator("of", "base", mode="before")
    @classmethod
    def _named(cls, value: object) -> object:
        return _quantity(value)

    @field_validator("basis")
    @classmethod
    def _basis(cls, value: str) -> str:
        if value not in _PERCENT_BASES:
            raise PydanticCustomError(
                "basis",
                "expected 'annual' or 'total', found {found}{hint}",
                {"found": repr(value), "hint": did_you_mean(value, _PERCENT_BASES)},
            )
        return value

    @field_validator("rounded_to")
    @classmethod
    def _step(cls, value: Decimal | None) -> Decimal | None:
        if value is not None and value <= 0:
            raise PydanticCustomError(
                "rounded_to", "expected a step above zero such as '1%', found {found}", {"found": str(value)}
            )
        return value

    @model_validator(mode="after")
    def _base_named(self) -> Self:
        if self.base is None and self.base_amount is None:
            raise PydanticCustomError(
                "base",
                "expected a base: a count such as 'establishment_before' (the base before the change) or "
                "'establishment_after', a figure such as 'gross_saving', or base_amount with base_name "
                "(an amount the paper states); found none",
            )
        if self.base is not None and self.base_amount is not None:
            raise PydanticCustomError(
                "base",
                "expected a base or a base_amount, found both ({base} and {amount})",
                {"base": repr(self.base), "amount": f"{self.base_amount.normalize():f}"},
            )
        if self.basis == Basis.TOTAL.value:
            if self.year is not None:
                raise PydanticCustomError(
                    "basis", "expected no year with basis 'total', found {year}", {"year": str(self.year)}
                )
            counted = [name for name in (self.of, self.base) if name is not None and not _is_money(name)]
            if counted:
                raise PydanticCustomError(
                    "basis",
                    "expected money figures with basis 'total' (posts do not add up over years), found {found}",
                    {"found": ", ".join(repr(c) for c in counted)},
                )
        return self

    @property
    def allowance(self) -> Decimal:
        """How far the share worked out may be from the stated one and still hold: half the step printed.

        >>> Percentage(value="9%", of="posts_released", base="establishment_before").allowance
        Decimal('0.005')
        """
        return (self.rounded_to or Decimal(0)) / 2

    @property
    def of_scope(self) -> str:
        """The scope of ``of``: ``proposal`` unless it names one.

        >>> Percentage(value="12.5%", of="posts_released", base="posts_released", base_scope="programme").of_scope
        'proposal'
        """
        return self.scope or PROPOSAL_SCOPE

    @property
    def on_scope(self) -> str:
        """The scope of the base: ``base_scope``, else the scope of ``of``.

        >>> Percentage(value="12.5%", of="posts_released", base="posts_released", base_scope="programme").on_scope
        'programme'
        """
        return self.base_scope or self.of_scope


def _is_money(name: str) -> bool:
    return name in _FIGURES and Figure(name).is_money


def statement_problems(data: Mapping[str, Any]) -> Iterator[Problem]:
    """Problems across a proposal's statements: scopes named but never defined, shares that cannot add up.

    Run on the raw input (beside the fields' own problems) by the proposal's cross-checks.

    >>> data = {"scopes": [{"name": "programme"}], "counts": [{"what": "posts_released", "value": 3,
    ...         "scope": "programe"}]}
    >>> [str(p) for p in statement_problems(data)]
    ["counts[0].scope: unknown scope 'programe'; did you mean 'programme'?"]
    """
    scopes = [(i, s) for i, s in _items(data, "scopes")]
    names = [str(s.get("name")) for _, s in scopes]
    known = [PROPOSAL_SCOPE, *names]
    seen: set[str] = set()
    for index, scope in scopes:
        if str(scope.get("name")) in seen:  # a name that is no text (a list) is reported by its own field
            yield Problem(f"scopes[{index}].name", f"expected a unique name, found {scope.get('name')!r} again")
        seen.add(str(scope.get("name")))
    line_names = [str(x.get("name")) for _, x in _items(data, "lines")]
    for index, scope in scopes:
        listed = scope.get("lines") or ()
        if not isinstance(listed, (list, tuple)):
            listed = ()  # no list of names (a damaged file's -1): its own field says what it expected
        for position, line in enumerate(listed):
            if line not in line_names:
                yield Problem(
                    f"scopes[{index}].lines[{position}]",
                    f"unknown line {line!r}{did_you_mean(str(line), line_names)}",
                    code="unknown_line",
                    name=str(line),
                )
        yield from _unknown_scope(f"scopes[{index}].within", scope.get("within"), known)
    yield from _within_loops(scopes)
    for collection, fields in (
        ("counts", ("scope",)),
        ("claims", ("scope",)),
        ("percentages", ("scope", "base_scope")),
    ):
        for index, item in _items(data, collection):
            for field in fields:
                yield from _unknown_scope(f"{collection}[{index}].{field}", item.get(field), known)
    yield from _shares_cannot_add_up(_items(data, "percentages"))


def _items(data: Mapping[str, Any], key: str) -> list[tuple[int, Mapping[str, Any]]]:
    items = data.get(key)
    if not isinstance(items, (list, tuple)):
        return []
    found = [(i, x.model_dump() if isinstance(x, Value) else x) for i, x in enumerate(items)]
    return [(i, x) for i, x in found if isinstance(x, Mapping)]


def _unknown_scope(path: str, name: object, known: Sequence[str]) -> Iterator[Problem]:
    if isinstance(name, str) and name not in known:
        yield Problem(path, f"unknown scope {name!r}{did_you_mean(name, known)}", code="unknown_scope", name=name)


def _within_loops(scopes: Sequence[tuple[int, Mapping[str, Any]]]) -> Iterator[Problem]:
    """A scope within itself, by any number of steps, and a wider scope said to be within a part."""
    parent = {str(s.get("name")): s.get("within") for _, s in scopes}
    part = {str(s.get("name")): bool(s.get("lines")) for _, s in scopes}
    for index, scope in scopes:
        name = str(scope.get("name"))
        step, seen = parent.get(name), {name}
        while isinstance(step, str) and step in parent and step not in seen:
            seen.add(step)
            step = parent[step]
        if step == name:
            yield Problem(f"scopes[{index}].within", f"expected a wider scope, found {name!r} within itself")
            continue
        outer = parent.get(name)
        if not part[name] and isinstance(outer, str) and part.get(outer):
            yield Problem(
                f"scopes[{index}].within",
                f"expected a wider scope to be within another wider scope, found it within {outer!r}, a part of "
                "the proposal (a scope without lines is wider than the proposal)",
            )


def _shares_cannot_add_up(percentages: Sequence[tuple[int, Mapping[str, Any]]]) -> Iterator[Problem]:
    """Shares of one whole above 100% by more than their rounding: no figures could make them all hold."""
    wholes: dict[str, list[tuple[int, Decimal, Decimal]]] = {}
    for index, item in percentages:
        whole = item.get("whole")
        if not isinstance(whole, str):
            continue
        try:
            share = Percentage.model_validate(item)
        except ValidationError:
            continue  # reported at its own fields
        wholes.setdefault(whole, []).append((index, share.value, share.allowance))
    for whole, shares in wholes.items():
        total = sum((value for _, value, _ in shares), Decimal(0))
        slack = sum((allowance for _, _, allowance in shares), Decimal(0))
        if total - slack > 1:
            first = shares[0][0]
            listed = " + ".join(format_rate(value) for _, value, _ in shares)
            yield Problem(
                f"percentages[{first}].whole",
                f"expected the shares of {whole!r} to add up to 100% (within their rounding, "
                f"±{format_rate(slack)}), found {listed} = {format_rate(total)}: they cannot all be shares of one "
                "whole; check each share and its base",
                code="shares_exceed_whole",
            )
