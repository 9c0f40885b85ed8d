"""Claims: the figures a paper states, to be recomputed, and the figures there are.

>>> Claim(figure="net_saving", value="£360k", year="2016/17", source="para 12").value
Decimal('360000')
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Final, Self

from pydantic import AfterValidator, BeforeValidator, Field, model_validator
from pydantic_core import PydanticCustomError

from savingsmodel.core.errors import did_you_mean
from savingsmodel.core.fields import Count, In, MoneyIn, NumberIn, Stated, Value, YearIn
from savingsmodel.core.years import FinancialYear

__all__ = ["Basis", "Claim", "Figure", "PaybackClaim", "PaybackMeasure", "SeriesClaim", "ShareOf", "UnitCostClaim"]


class ShareOf(StrEnum):
    """Whose figure a claim states when the proposal is shared with a partner: this body's share, or the whole."""

    OURS = "ours"
    WHOLE = "whole"


class Basis(StrEnum):
    """The view a claimed figure is in.

    ``annual``: the year's effect (its level: how much lower that year's budget is);
    ``incremental``: the change from the year before (of ``net_saving``, the MTFP line);
    ``cumulative``: the running total of the horizon's increments, which is the annual
    level less the level of the year before the horizon; ``to_date``: the running total
    of the annual effects from the horizon's start (what has been saved, or spent, so
    far); ``total``: the sum over the whole period (no year, never an annual figure).
    Only a recurring figure has increments: a one-off cost is paid once, so its change
    from the year before is never a saving.
    """

    ANNUAL = "annual"
    INCREMENTAL = "incremental"
    CUMULATIVE = "cumulative"
    TO_DATE = "to_date"
    TOTAL = "total"


class Figure(StrEnum):
    """The figures a proposal can claim and the engine computes."""

    GROSS_SAVING = "gross_saving"
    ADDITIONAL_COSTS = "additional_costs"
    ONE_OFF_COSTS = "one_off_costs"
    INCOME = "income"
    ONE_OFF_INCOME = "one_off_income"
    NET_SAVING = "net_saving"
    NET_AFTER_ONE_OFF_COSTS = "net_after_one_off_costs"
    FTE_CHANGE = "fte_change"
    FTE_RELEASED = "fte_released"
    FTE_CREATED = "fte_created"

    @property
    def is_money(self) -> bool:
        """Whether the figure is an amount of money (not a number of posts).

        >>> Figure.NET_SAVING.is_money, Figure.FTE_CHANGE.is_money
        (True, False)
        """
        return not self.value.startswith("fte_")

    @property
    def label(self) -> str:
        """The figure in words, as the glossary writes it: ``one-off costs``, ``FTE change``.

        >>> Figure.ONE_OFF_COSTS.label, Figure.FTE_CHANGE.label
        ('one-off costs', 'FTE change')
        """
        return self.value.replace("one_off", "one-off").replace("fte_", "FTE ").replace("_", " ")

    @property
    def recurring(self) -> bool:
        """Whether the figure is a level that carries from year to year, so that its increments mean something.

        A one-off cost is paid once: its change from the year before would show it dropping
        out as a saving, which no MTFP line may (and one-off income dropping out as a cost).

        >>> Figure.NET_SAVING.recurring, Figure.NET_AFTER_ONE_OFF_COSTS.recurring
        (True, False)
        """
        return self not in (Figure.ONE_OFF_COSTS, Figure.ONE_OFF_INCOME, Figure.NET_AFTER_ONE_OFF_COSTS)

    @property
    def bases(self) -> tuple[Basis, ...]:
        """The views the figure has: increments only of a recurring level, running totals only of money.

        >>> [b.value for b in Figure.ONE_OFF_COSTS.bases]
        ['annual', 'to_date', 'total']
        """
        views = [Basis.ANNUAL]
        if self.recurring:
            views += [Basis.INCREMENTAL, Basis.CUMULATIVE]
        if self.is_money:
            views += [Basis.TO_DATE, Basis.TOTAL]
        return tuple(views)


#: Names a figure once had, with what to write now: a file that uses one is told, not misread.
RENAMED: Final[Mapping[str, str]] = {
    "recurring_net_saving": "net_saving (the recurring saving less the recurring costs: the paper's 'savings - costs')",
    "recurring_net_saving_incremental": "net_saving with basis 'incremental' (the MTFP line)",
    "net_saving_after_one_off_costs": "net_after_one_off_costs",
}


def _figure_named(value: object) -> object:
    """A figure's name, where a column's name (``net_saving_incremental``) is pointed to its basis."""
    figures = {f.value for f in Figure}
    if isinstance(value, str) and value in RENAMED:
        raise PydanticCustomError(
            "figure_renamed", "unknown figure {found}; write {now}", {"found": repr(value), "now": RENAMED[value]}
        )
    if isinstance(value, str) and value not in figures:
        for basis in (Basis.INCREMENTAL, Basis.CUMULATIVE, Basis.TO_DATE):
            stem = value.removesuffix(f"_{basis.value}")
            if stem != value and stem in figures:
                # A claim says its view apart (``basis``), so one figure is judged the same way in every view.
                raise PydanticCustomError(
                    "figure_basis",
                    "expected a figure such as {stem}, found {found}; write figure = {stem} with basis = {basis}",
                    {"stem": repr(stem), "found": repr(value), "basis": repr(basis.value)},
                )
    return value


#: A figure a claim states, by name; a frame's column name that includes a basis is pointed to ``basis``.
_Figure = Annotated[Figure, BeforeValidator(_figure_named)]


def _rounding_step(value: Decimal) -> Decimal:
    if value <= 0:
        raise ValueError(f"expected a step above zero such as '1k', found {value.normalize():f}")
    return value


def _not_negative(value: Decimal) -> Decimal:
    if value < 0:
        raise ValueError(f"expected zero or more, found {value.normalize():f}")
    return value


# A claim's allowance is built from these: a step of zero or less, or a negative tolerance,
# would let nothing hold, not even the exact figure.
_RoundedTo = Annotated[Stated, AfterValidator(_rounding_step)]
_Tolerance = Annotated[Stated, AfterValidator(_not_negative)]


class Claim(Value):
    """A figure the paper states, to be recomputed.

    ``basis`` is the view the figure is in: the year's ``annual`` effect, the
    ``incremental`` change from the year before (of ``net_saving``: the MTFP line
    figure), the ``cumulative`` running total of the horizon's increments, the
    running total ``to_date`` of the annual effects, or the ``total`` over the whole
    period (no year). See :class:`Basis`. ``rounded_to`` says the paper
    rounds (``"1k"`` for £576k); ``tolerance`` allows an approximate figure.
    """

    figure: In[_Figure, Figure | str]
    value: In[Stated, MoneyIn]
    year: In[FinancialYear | None, YearIn | None] = Field(default=None)
    basis: In[Basis, Basis | str] = Field(default=Basis.ANNUAL)
    grade: str | None = Field(default=None, description="for fte_change: one grade; default all")
    scope: str | None = Field(
        default=None, description="whose figure it is (a name in scopes); default the proposal's lines"
    )
    rounded_to: In[_RoundedTo | None, MoneyIn | None] = Field(default=None)
    tolerance: In[_Tolerance | None, MoneyIn | None] = Field(default=None)
    words: str = Field(default="", description="the paper's own words for this figure")
    source: str = ""
    of: In[ShareOf, ShareOf | str] = Field(
        default=ShareOf.OURS,
        description="with a partner: 'ours' (default: this body's share) or 'whole' (the whole shared service)",
    )
    line: str | None = Field(
        default=None, description="one line's part of the figure (its name on the lines); default all the lines"
    )
    full_year: bool = Field(
        default=False,
        description="the full-year effect: the figure as a whole year at the rates in force on the year's last day",
    )

    @model_validator(mode="after")
    def _year_fits_basis(self) -> Self:
        _basis_fits_figure(self.basis, self.figure)
        _one_line_or_full_year(self)
        if self.basis is Basis.TOTAL and not self.figure.is_money:
            raise PydanticCustomError(
                "claim",
                "expected a year for {figure} (an FTE figure has no total over the period), found basis 'total'",
                {"figure": self.figure.value},
            )
        if self.basis is Basis.TOTAL and self.year is not None:
            raise PydanticCustomError(
                "claim", "expected no year with basis 'total', found {year}", {"year": str(self.year)}
            )
        if self.basis is not Basis.TOTAL and self.year is None:
            raise PydanticCustomError(
                "claim", "expected a year for basis '{basis}', found none", {"basis": self.basis.value}
            )
        if self.grade is not None and self.figure is not Figure.FTE_CHANGE:
            # Any other figure is the whole proposal's: a grade here would be silently ignored.
            raise PydanticCustomError(
                "claim", "expected a grade only for fte_change, found one for {figure}", {"figure": self.figure.value}
            )
        return self

    @property
    def allowance(self) -> Decimal:
        """How far the computed figure may be from the stated one and still hold.

        >>> Claim(figure="net_saving", value="360k", year="2016/17", rounded_to="1k").allowance
        Decimal('500')
        """
        half_step = (self.rounded_to or Decimal(0)) / 2
        return max(half_step, self.tolerance or Decimal(0))

    def describe(self) -> str:
        """The claim in a few words, as a finding names it.

        >>> Claim(figure="net_saving", basis="incremental", value="360k", year="2016/17").describe()
        'net_saving incremental 2016/17'
        """
        grade = f" ({self.grade})" if self.grade else ""
        grade += f" (line {self.line!r})" if self.line else ""
        grade += " full year" if self.full_year else ""
        when = "over the period" if self.year is None else f"{self.year}"
        basis = "" if self.basis in (Basis.ANNUAL, Basis.TOTAL) else f" {self.basis.value}"
        whole = " of the whole" if self.of is ShareOf.WHOLE else ""
        scope = f" [{self.scope}]" if self.scope else ""
        return f"{self.figure.value}{grade}{scope}{whole}{basis} {when}"


def _one_line_or_full_year(claim: Claim) -> None:
    """A claim on one line, or on a full-year effect, is about money in one year (or, for a line, over the period)."""
    for field, given in (("line", claim.line is not None), ("full_year", claim.full_year)):
        if not given:
            continue
        if not claim.figure.is_money:
            raise PydanticCustomError(
                "claim",
                "expected a money figure with {field} (gross_saving, additional_costs, ...), found {figure}",
                {"field": field, "figure": claim.figure.value},
            )
        if claim.scope is not None:
            # A line is named outright: a scope as well would say the same thing twice, or two different things.
            raise PydanticCustomError(
                "claim", "expected no scope with {field}, found {scope}", {"field": field, "scope": repr(claim.scope)}
            )
    if claim.line is not None and claim.basis not in (Basis.ANNUAL, Basis.TOTAL):
        raise PydanticCustomError(
            "claim",
            "expected basis 'annual' or 'total' for one line's figure, found {basis}",
            {"basis": repr(claim.basis.value)},
        )
    if claim.full_year and claim.basis is not Basis.ANNUAL:
        # A full-year effect is one year's rate, so it has no increments or running totals of its own.
        raise PydanticCustomError(
            "claim",
            "expected basis 'annual' with full_year (a year's rate has no running total), found {basis}",
            {"basis": repr(claim.basis.value)},
        )


def _basis_fits_figure(basis: Basis, figure: Figure) -> None:
    """A view the figure has: increments of a recurring level only, running totals of money only."""
    if basis in (Basis.INCREMENTAL, Basis.CUMULATIVE) and not figure.recurring:
        raise PydanticCustomError(
            "claim",
            "expected basis 'annual', 'to_date' or 'total' for {figure} (a one-off cost is paid once: "
            "its change from the year before is no saving), found {basis}; the MTFP line is net_saving, incremental",
            {"figure": figure.value, "basis": repr(basis.value)},
        )
    if basis is Basis.TO_DATE and not figure.is_money:
        raise PydanticCustomError(
            "claim",
            "expected basis 'annual', 'incremental' or 'cumulative' for {figure} (FTE at a year's end do not add "
            "up over years), found 'to_date'",
            {"figure": figure.value},
        )


def _series_basis(value: object) -> object:
    """A series is one of two views; 'annual' or 'total' would not say how its years relate."""
    allowed = (Basis.INCREMENTAL.value, Basis.CUMULATIVE.value)
    if value not in allowed:
        hint = did_you_mean(value, allowed) if isinstance(value, str) else ""
        raise PydanticCustomError(
            "literal_error",
            "expected 'incremental' or 'cumulative', found {found}{hint}",
            {"found": repr(value), "hint": hint if hint.startswith("; did you mean") else ""},
        )
    return value


_SeriesBasis = Annotated[Basis, BeforeValidator(_series_basis)]


class SeriesClaim(Value):
    """Figures the paper states for consecutive years from ``year``, and which view they are in.

    A series must say whether it is ``incremental`` (the change each year, as an MTFP
    line shows it) or ``cumulative`` (the running total); each year is reconciled
    like a :class:`Claim`, and :func:`savingsmodel.checks.series.series_kind_findings` flags
    a series that looks like the other kind.
    """

    figure: In[_Figure, Figure | str]
    year: In[FinancialYear, YearIn] = Field(description="the first year of the series")
    values: In[tuple[Stated, ...], Sequence[MoneyIn]] = Field(min_length=1)
    basis: In[_SeriesBasis, Basis | str]
    rounded_to: In[_RoundedTo | None, MoneyIn | None] = Field(default=None)
    tolerance: In[_Tolerance | None, MoneyIn | None] = Field(default=None)
    words: str = Field(default="", description="the paper's own words for these figures")
    source: str = ""

    @model_validator(mode="after")
    def _basis_fits(self) -> Self:
        _basis_fits_figure(self.basis, self.figure)
        return self

    def claims(self) -> tuple[Claim, ...]:
        """One claim per year of the series.

        >>> series = SeriesClaim(figure="net_saving", year="2016/17", values=["180k", "180k"], basis="incremental")
        >>> [c.describe() for c in series.claims()]
        ['net_saving incremental 2016/17', 'net_saving incremental 2017/18']
        """
        return tuple(
            Claim(
                figure=self.figure,
                value=value,
                year=self.year + offset,
                basis=self.basis,
                rounded_to=self.rounded_to,
                tolerance=self.tolerance,
                words=self.words,
                source=self.source,
            )
            for offset, value in enumerate(self.values)
        )


class PaybackMeasure(StrEnum):
    """Which payback a paper states.

    ``period``: the months from the first one-off spend until the net position to
    date is zero or better and stays so; ``simple``: one-off costs / full-year
    net saving x 12 (see :mod:`savingsmodel.engine.payback`).
    """

    PERIOD = "period"
    SIMPLE = "simple"


class PaybackClaim(Value):
    """A payback period the paper states, in months, reconciled like any claim.

    >>> PaybackClaim(months=5, tolerance=1, source="para 14").allowance
    Decimal('1')
    """

    months: In[Count, NumberIn] = Field(description="the months the paper states")
    measure: In[PaybackMeasure, PaybackMeasure | str] = Field(
        default=PaybackMeasure.PERIOD, description="'period' (from the first one-off spend) or 'simple' (the ratio)"
    )
    tolerance: In[Count | None, NumberIn | None] = Field(default=None, description="months either way")
    words: str = Field(default="", description="the paper's own words for the payback")
    source: str = ""

    @property
    def allowance(self) -> Decimal:
        """How many months the computed payback may be from the stated one and still hold."""
        return self.tolerance or Decimal(0)

    def describe(self) -> str:
        """``payback period`` or ``payback simple``, as a finding names it."""
        return f"payback {self.measure.value}"


class UnitCostClaim(Value):
    """One grade's unit cost as the paper states it ("a Watch Manager costs £48k"), reconciled like any claim.

    It is set against the grade's unit cost as the model uses it: as stated, or as built up from
    salary and on-costs, at the proposal's price base.

    >>> UnitCostClaim(grade="Watch Manager", value="£48k", rounded_to="1k").allowance
    Decimal('500')
    """

    grade: str = Field(min_length=1, description="the grade, by name")
    value: In[Stated, MoneyIn] = Field(description="the unit cost the paper states: one FTE for a year")
    rounded_to: In[_RoundedTo | None, MoneyIn | None] = Field(default=None)
    tolerance: In[_Tolerance | None, MoneyIn | None] = Field(default=None)
    words: str = Field(default="", description="the paper's own words for the unit cost")
    source: str = ""

    @property
    def allowance(self) -> Decimal:
        """How far the unit cost in use may be from the stated one and still hold: half the step, or the tolerance."""
        return max((self.rounded_to or Decimal(0)) / 2, self.tolerance or Decimal(0))

    def describe(self) -> str:
        """``unit cost (Watch Manager)``, as a finding names it.

        >>> UnitCostClaim(grade="Watch Manager", value="48k").describe()
        'unit cost (Watch Manager)'
        """
        return f"unit cost ({self.grade})"
