"""The figures the engine computes, and their names: one vocabulary for frames, years, claims and explanations.

A figure is a :class:`~savingsmodel.model.claims.Figure` seen in one **basis**: its
annual effect, the ``incremental`` change from the year before, the ``cumulative``
running total of the horizon's increments, or the running total ``to_date`` of the
annual effects. Its name is the figure's (``net_saving``), with the basis after it
when it is not the annual effect (``net_saving_incremental``): the names of
:meth:`Evaluation.to_frame <savingsmodel.engine.evaluation.Evaluation.to_frame>`'s
columns, of :class:`YearFigures`' attributes, and what ``series``, ``explain`` and
``full_year`` take. As in a budget paper, the **net saving** is the recurring saving
less the recurring costs (the paper's "savings - costs"), and the MTFP line is its
change, ``net_saving_incremental``; the year's figure after one-off costs is
``net_after_one_off_costs``, and its running total ``net_position_to_date``. One
grade's FTE change is ``fte_change:Watch Manager``.

>>> named("net_saving_incremental").describe()
'net_saving, basis incremental'
>>> [column.name for column in COLUMNS][:5]
['gross_saving', 'additional_costs', 'income', 'net_saving', 'net_saving_incremental']
>>> named("net_savings")
Traceback (most recent call last):
savingsmodel.core.errors.InputError: figure: unknown figure 'net_savings'; did you mean 'net_saving'?
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Final

from savingsmodel.core.errors import InputError, did_you_mean
from savingsmodel.core.html import table
from savingsmodel.core.money import Money
from savingsmodel.core.text import one_line
from savingsmodel.core.years import FinancialYear
from savingsmodel.engine.terms import format_fte
from savingsmodel.model.claims import RENAMED, Basis, Figure

__all__ = ["COLUMNS", "Column", "Contribution", "Explanation", "Named", "YearFigures", "named"]


def _plain(figure: Figure, basis: Basis) -> str:
    """A figure's name in a basis by the rule: the figure, then the basis unless it is the annual effect."""
    return figure.value if basis is Basis.ANNUAL else f"{figure.value}_{basis.value}"


@dataclass(frozen=True, slots=True)
class Column:
    """A figure in one basis, as a column of a frame and an attribute of :class:`YearFigures`.

    ``summable`` says its sum over the years means something (the total over the
    period); ``full_year`` marks the full-year effect (the net saving as a
    whole year at the rates in force at the year's end).
    """

    name: str
    label: str
    figure: Figure
    basis: Basis = Basis.ANNUAL
    summable: bool = False
    full_year: bool = False


#: The figures of a year, in the order a committee reads them: the columns of ``to_frame``.
COLUMNS: Final[tuple[Column, ...]] = (
    Column("gross_saving", "Gross saving", Figure.GROSS_SAVING, summable=True),
    Column("additional_costs", "Additional costs", Figure.ADDITIONAL_COSTS, summable=True),
    Column("income", "Income", Figure.INCOME, summable=True),
    Column("net_saving", "Net saving (savings - costs)", Figure.NET_SAVING, summable=True),
    # The MTFP line is the recurring saving's change: one-off costs are funded and shown apart.
    Column("net_saving_incremental", "Net saving, incremental (MTFP line)", Figure.NET_SAVING, Basis.INCREMENTAL),
    Column("net_saving_cumulative", "Net saving, cumulative over the horizon", Figure.NET_SAVING, Basis.CUMULATIVE),
    Column("full_year_effect", "Full-year effect", Figure.NET_SAVING, full_year=True),
    Column("one_off_costs", "One-off costs", Figure.ONE_OFF_COSTS, summable=True),
    # Revenue received once (a one-off grant): beside the one-off costs, never in the recurring net saving.
    Column("one_off_income", "One-off income", Figure.ONE_OFF_INCOME, summable=True),
    Column("net_after_one_off_costs", "Net after one-off costs", Figure.NET_AFTER_ONE_OFF_COSTS, summable=True),
    Column("net_position_to_date", "Net position to date", Figure.NET_AFTER_ONE_OFF_COSTS, Basis.TO_DATE),
    Column("fte_change", "FTE change", Figure.FTE_CHANGE),
    Column("fte_released", "FTE released", Figure.FTE_RELEASED),
    Column("fte_created", "FTE created", Figure.FTE_CREATED),
)
_BY_NAME: Final[Mapping[str, Column]] = {column.name: column for column in COLUMNS}
#: The views a name may end with.
_BASES: Final = (Basis.INCREMENTAL, Basis.CUMULATIVE, Basis.TO_DATE)
#: Columns named as officers name them, not ``<figure>_<basis>``: found by what they are.
_SPOKEN: Final[Mapping[tuple[Figure, Basis], str]] = {
    (c.figure, c.basis): c.name for c in COLUMNS if not c.full_year and c.name != _plain(c.figure, c.basis)
}


@dataclass(frozen=True, slots=True)
class Named:
    """What a figure's name means: the figure, its basis, one grade (of ``fte_change``), or the full-year effect."""

    figure: Figure
    basis: Basis = Basis.ANNUAL
    grade: str | None = None
    full_year: bool = False

    @property
    def name(self) -> str:
        """The name back: ``net_saving_incremental``, ``fte_change:Watch Manager``, ``full_year_effect``."""
        if self.full_year:
            return "full_year_effect"
        name = _SPOKEN.get((self.figure, self.basis)) or _plain(self.figure, self.basis)
        return f"{name}:{self.grade}" if self.grade else name

    @property
    def label(self) -> str:
        """In words, as an explanation heads it: ``net saving, incremental``."""
        if self.full_year:
            return "full-year effect"
        if (self.figure, self.basis) in _SPOKEN:
            return _SPOKEN[self.figure, self.basis].replace("_", " ")
        basis = "" if self.basis is Basis.ANNUAL else f", {self.basis.value.replace('_', ' ')}"
        grade = f", {self.grade}" if self.grade else ""
        return f"{self.figure.label}{grade}{basis}"

    def describe(self) -> str:
        """As a claim writes it: the figure, and the basis when it is not the annual effect."""
        if self.full_year:
            return "full-year effect of net_saving"
        basis = "" if self.basis is Basis.ANNUAL else f", basis {self.basis.value}"
        grade = f", grade {self.grade!r}" if self.grade else ""
        return f"{self.figure.value}{basis}{grade}"


def named(figure: Figure | str, basis: Basis | str | None = None, grade: str | None = None) -> Named:
    """What a figure's name means; ``basis`` and ``grade`` may be given apart, as a claim gives them.

    >>> named("net_saving", "incremental") == named("net_saving_incremental")
    True
    >>> named("fte_change:Crew Manager").grade
    'Crew Manager'
    """
    found = _parse(figure)
    chosen = found.basis
    if basis is not None:
        try:
            wanted = Basis(basis)
        except ValueError:
            wanted = None
        if wanted is None or wanted is Basis.TOTAL:
            # A view of each year; the total over the period is one figure (Evaluation.total_over_period).
            raise InputError.one(
                "basis",
                f"expected 'annual', 'incremental', 'cumulative' or 'to_date', found {basis!r}",
                code="unknown_choice",
            )
        if found.basis is not Basis.ANNUAL and wanted is not found.basis:
            raise InputError.one(
                "basis", f"expected basis {found.basis.value!r} for {found.name!r} (its name says so), found {basis!r}"
            )
        chosen = wanted
    if grade is not None and found.grade is not None and grade != found.grade:
        raise InputError.one("grade", f"expected grade {found.grade!r} (as {found.name!r} says), found {grade!r}")
    chosen_grade = grade if grade is not None else found.grade
    if chosen_grade is not None and found.figure is not Figure.FTE_CHANGE:
        # Every other figure is the whole proposal's; showing it under a grade's name would mislead.
        raise InputError.one("grade", f"expected a grade only for fte_change, found one for {found.figure.value}")
    if found.full_year and chosen is not Basis.ANNUAL:
        raise InputError.one("basis", f"expected the full-year effect as it is, found basis {chosen.value!r}")
    if chosen in (Basis.INCREMENTAL, Basis.CUMULATIVE) and not found.figure.recurring:
        # A one-off cost dropping out the year after it is paid is not a saving: no row may show it as one.
        raise InputError.one(
            "basis",
            f"expected 'annual' or 'to_date' for {found.figure.value} (paid once, it has no change from year "
            f"to year), found {chosen.value!r}; the MTFP line is 'net_saving_incremental'",
        )
    if chosen is Basis.TO_DATE and not found.figure.is_money:
        raise InputError.one(
            "basis", f"expected 'annual', 'incremental' or 'cumulative' for {found.figure.value}, found 'to_date'"
        )
    return Named(found.figure, chosen, chosen_grade, found.full_year)


def _parse(name: Figure | str) -> Named:
    if isinstance(name, Figure):
        return Named(name)
    if not isinstance(name, str):
        raise InputError.one("figure", f"expected a figure's name such as 'net_saving', found {name!r}")
    if name in RENAMED:
        raise InputError.one(
            "figure", f"unknown figure {name!r}; write {RENAMED[name]}", code="unknown_figure", name=name
        )
    column = _BY_NAME.get(name)
    if column is not None:
        return Named(column.figure, column.basis, None, column.full_year)
    head, colon, grade = name.partition(":")
    if colon and head == Figure.FTE_CHANGE.value and grade:
        return Named(Figure.FTE_CHANGE, grade=grade)
    for basis in _BASES:
        stem = name.removesuffix(f"_{basis.value}")
        if stem != name and stem in {f.value for f in Figure}:
            return Named(Figure(stem), basis)
    try:
        return Named(Figure(name))
    except ValueError:
        known = [*(column.name for column in COLUMNS), *(f.value for f in Figure)]
        hint = did_you_mean(name, known)
        raise InputError.one("figure", f"unknown figure {name!r}{hint}", code="unknown_figure", name=name) from None


@dataclass(frozen=True, slots=True)
class Contribution:
    """What one term adds to one figure in one year, and the arithmetic in words (``text``).

    The words are written only when read: an evaluation of many lines makes a contribution for
    each line and year, and most are summed, never read.
    """

    line: str
    figure: Figure
    year: FinancialYear
    amount: Money
    working: Callable[[], str] = field(repr=False, compare=False)

    @property
    def text(self) -> str:
        """The arithmetic in words: ``12 FTE x £48,000 = £576,000 (Watch Manager posts released; para 9)``."""
        return self.working()


@dataclass(frozen=True, slots=True)
class Explanation:
    """A figure and the parts that make it; ``str()`` reads as a working.

    ``basis`` is the view explained (the annual effect unless told); ``full_year``
    marks the full-year effect.
    """

    figure: Figure
    year: FinancialYear | None
    value: Money | Decimal
    parts: tuple[str, ...]
    prices: str = ""
    basis: Basis = Basis.ANNUAL
    full_year: bool = False
    #: The one grade explained (of ``fte_change``), or None for every grade together.
    grade: str | None = None

    @property
    def name(self) -> str:
        """The figure's name, as a frame's column has it: ``net_saving_incremental``.

        >>> from savingsmodel import evaluate
        >>> from savingsmodel.examples import scs4_1_revised
        >>> evaluate(scs4_1_revised()).explain("net_saving_incremental", 2016).name
        'net_saving_incremental'
        """
        return Named(self.figure, self.basis, self.grade, full_year=self.full_year).name

    @property
    def head(self) -> str:
        """The first line: the figure, when, and its value.

        >>> from savingsmodel import evaluate
        >>> from savingsmodel.examples import scs4_1_revised
        >>> evaluate(scs4_1_revised()).explain("fte_change", 2016).head
        'FTE change in 2016/17: -3 FTE'
        """
        when = "over the period" if self.year is None else f"in {self.year}"
        value = str(self.value) if isinstance(self.value, Money) else f"{format_fte(self.value)} FTE"
        return f"{Named(self.figure, self.basis, self.grade, full_year=self.full_year).label} {when}: {value}"

    def __str__(self) -> str:
        head = self.head
        parts = [f"  {one_line(part)}" for part in self.parts]  # each part one inert line (it quotes sources)
        text = "\n".join([head, *parts]) if parts else f"{head}\n  (no lines)"
        return f"{text}\n  (figures in {self.prices})" if self.prices else text

    def __repr__(self) -> str:
        parts = f"{len(self.parts)} part{'' if len(self.parts) == 1 else 's'}"
        return f"Explanation({self.head!r}, {parts})"

    def _repr_html_(self) -> str:
        """In a notebook: the figure over its parts, one a row."""
        notes = [f"Figures in {self.prices}."] if self.prices else []
        return table([self.head], [[part] for part in self.parts] or [["(no lines)"]], notes=notes)


@dataclass(frozen=True, slots=True)
class YearFigures:
    """One financial year's figures. Money is exact; FTE changes are at the year's end.

    Each attribute is named as its column in :meth:`Evaluation.to_frame
    <savingsmodel.engine.evaluation.Evaluation.to_frame>`; ``fte_change`` holds the
    change by grade (the column is its total, ``fte_change_total``).
    """

    year: FinancialYear
    gross_saving: Money
    additional_costs: Money
    income: Money
    #: Gross saving + income - additional costs: the recurring saving, the paper's "savings - costs".
    net_saving: Money
    #: The MTFP line: the change in the net saving from the year before.
    net_saving_incremental: Money
    #: The running total of the horizon's increments: the net saving less the year before the horizon's.
    net_saving_cumulative: Money
    full_year_effect: Money
    one_off_costs: Money
    #: Revenue received once in the year (a one-off grant): never part of the recurring net saving.
    one_off_income: Money
    #: The net saving less the year's one-off costs, plus its one-off income.
    net_after_one_off_costs: Money
    #: The running total of ``net_after_one_off_costs`` from the horizon's start: payback reads it.
    net_position_to_date: Money
    fte_change: Mapping[str, Decimal]
    fte_released: Decimal
    fte_created: Decimal

    @property
    def fte_change_total(self) -> Decimal:
        """The establishment change of every grade together, at the year's end.

        >>> from savingsmodel import evaluate
        >>> from savingsmodel.examples import scs4_1_revised
        >>> year = evaluate(scs4_1_revised()).years[0]
        >>> year.fte_change, year.fte_change_total
        ({'Watch Manager': Decimal('-11'), 'Crew Manager': Decimal('8')}, Decimal('-3'))
        """
        return sum(self.fte_change.values(), Decimal(0))

    def figure(self, figure: Figure | str, grade: str | None = None) -> Money | Decimal:
        """A figure of this year by its name (a column of ``to_frame``) or :class:`Figure`.

        >>> from savingsmodel import evaluate
        >>> from savingsmodel.examples import scs4_1_revised
        >>> year = evaluate(scs4_1_revised()).years[0]
        >>> year.figure("net_saving_incremental"), year.figure("fte_change", "Watch Manager")
        (Money('360000'), Decimal('-11'))
        """
        wanted = named(figure, grade=grade)
        if wanted.figure is Figure.FTE_CHANGE and wanted.basis is Basis.ANNUAL:
            return self.fte_change.get(wanted.grade, Decimal(0)) if wanted.grade else self.fte_change_total
        if wanted.name not in _BY_NAME:
            raise InputError.one(
                "figure",
                f"expected a figure of one year (a column of to_frame), found {wanted.name!r}; "
                "Evaluation.series gives it for every year",
            )
        value: Money | Decimal = getattr(self, wanted.name)
        return value
