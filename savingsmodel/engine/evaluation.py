"""The engine: a proposal's figures by financial year, each explained by its lines.

>>> from savingsmodel.examples import scs4_1_revised
>>> result = evaluate(scs4_1_revised())
>>> [str(y.net_saving) for y in result.years]
['£360,000', '£360,000', '£360,000', '£360,000']
>>> [str(y.net_saving_incremental) for y in result.years]
['£360,000', '£0', '£0', '£0']

Words, as in the glossary: a year's **annual effect** is how much lower that
year's budget is; the **net saving** is the recurring saving less the recurring
costs (the paper's "savings - costs"); the **incremental** figure is the change in
the annual effect from the year before (of the net saving, what an MTFP line shows;
one-off costs are shown apart, and have no increments); the **cumulative** figure is
the running total of the horizon's increments, the annual effect less the year
before the horizon's; **to date** is the running total of the annual effects; the
**total over the period** sums the annual effects and is never an annual figure.

The arithmetic is two steps, kept apart so that it can be vectorised: each line
becomes :class:`Term` values (an annual rate, the dates it runs, the figure it
feeds), then each term times its share of each year is summed. A term's rate
at the prices in force is whole pence (:func:`~savingsmodel.engine.uprating.uprated`
rounds it, half-up), and a share other than 0 or 1 of it is rounded to the
penny, half-up: so every figure is whole pence.

In cash terms a term's annual rate is first uprated by the pay awards or
inflation in effect (:mod:`savingsmodel.engine.uprating`): a year split by an award is
summed over its stretches (``rate x share`` each, the uprated rate rounded to the
penny) and rounded once. A line in tranches (a schedule) is rounded as one line, both
its uprated rate and its figure for a year, so that when its posts go cannot move a
year in which they have all gone. With one-off costs, the same stretches month by month,
exactly, give the payback period (:mod:`savingsmodel.engine.payback`).

The per-line, per-year step is :func:`line_years`: each tranche's stretches, its full-year
rate and the line's amount rounded once, as :class:`Working` rows;
:mod:`savingsmodel.engine.workings` lays the same rows out (and the workbook writes them as
formulas). The evaluator sums the same amounts for every line at once, in integer pence
(:mod:`savingsmodel.engine.summed`: a 100,000-line proposal in under a second), held to those
rows to the penny by a property test; a short proposal evaluated before numpy is loaded is
summed row by row. Each contribution's working is written from its rows when it is read.
"""

from __future__ import annotations

import gc
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from functools import cached_property, partial
from itertools import accumulate, groupby, pairwise
from typing import TYPE_CHECKING, Any, Final, overload

from savingsmodel.core.errors import InputError, did_you_mean
from savingsmodel.core.html import table
from savingsmodel.core.money import Money, RoundingMode, Unit, round_fraction
from savingsmodel.core.phasing import Phasing, month_start
from savingsmodel.core.years import FinancialYear
from savingsmodel.engine.figures import COLUMNS, Contribution, Explanation, Named, YearFigures, named
from savingsmodel.engine.frames import grades_changed, long_rows, wide_frame
from savingsmodel.engine.payback import Payback, find_payback
from savingsmodel.engine.rebuilt import YearRates, rates_in
from savingsmodel.engine.rebuilt import working as working_of
from savingsmodel.engine.terms import Term, format_fte, no_cost_text, terms
from savingsmodel.engine.uprating import (
    FLAT,
    LineRates,
    Piece,
    PriceIndex,
    Uprate,
    format_factor,
    monthly_amounts,
    pieces,
    prices_label,
)
from savingsmodel.model.claims import Basis, Figure
from savingsmodel.model.lines import Funding, OneOffCost, Redundancy
from savingsmodel.model.prices import Prices, Uprating
from savingsmodel.model.proposal import Proposal

if TYPE_CHECKING:
    import pandas as pd

    from savingsmodel.engine.summed import Summed

__all__ = ["Contribution", "Evaluation", "Explanation", "StartConventions", "YearFigures", "evaluate", "long_frame"]

_ZERO = Money(0)
# The money figures a line can feed directly; the net figures are derived from them.
_LINE_FIGURES = (
    Figure.GROSS_SAVING,
    Figure.ADDITIONAL_COSTS,
    Figure.ONE_OFF_COSTS,
    Figure.INCOME,
    Figure.ONE_OFF_INCOME,
)


@dataclass(frozen=True)
class Evaluation:
    """The figures of a proposal over its horizon, and how each was made.

    Every method that takes a figure takes its name (a column of :meth:`to_frame`, such as
    ``net_saving`` or the MTFP line ``net_saving_incremental``) or a :class:`Figure`;
    every year is ``"2016/17"``, a :class:`FinancialYear` or the year it starts in (``2016``).
    """

    proposal: Proposal
    years: tuple[YearFigures, ...]
    #: What each line adds to each figure in each year (made when read: a long proposal has many).
    contributions: Sequence[Contribution]
    #: The year before the horizon, when lines were already in force then: the base the first
    #: year's incremental figures move from (posts gone in October 2015 save a part year in
    #: 2015/16, so 2016/17's MTFP line is only the rest).
    opening: YearFigures | None = None
    #: The proposal's lines as the engine's terms, made once: checks and explanations read them.
    terms: tuple[Term, ...] = ()
    #: Works the payback out when it is first asked for: the month-by-month series it needs is
    #: the costliest part of an evaluation, and most figures never need it.
    _payback_of: Callable[[], Payback] = field(
        default=lambda: find_payback([], None, None, _ZERO, date.min), repr=False, compare=False
    )

    #: When the proposal is shared with a partner: the figures of the whole (these are this body's share).
    whole: Evaluation | None = None

    @cached_property
    def payback(self) -> Payback:
        """The payback period of the one-off costs, from the first one-off spend (:mod:`savingsmodel.engine.payback`).

        >>> from savingsmodel.examples import scs4_1_revised
        >>> str(evaluate(scs4_1_revised()).payback)
        'no one-off costs: nothing to pay back'
        """
        return self._payback_of()

    def of_whole(self) -> Evaluation:
        """The figures of the whole shared proposal: ``whole`` when it is shared, else these figures.

        >>> from savingsmodel.examples import scs4_1_revised
        >>> result = evaluate(scs4_1_revised())
        >>> result.of_whole() is result
        True
        """
        return self.whole if self.whole is not None else self

    def partner_share(self, figure: Figure | str = Figure.NET_SAVING) -> tuple[Money | Decimal, ...]:
        """By year, the partner's share of a figure: the whole less this body's, so the two add to the whole.

        >>> from savingsmodel.examples import scs4_1_revised
        >>> [str(x) for x in evaluate(scs4_1_revised()).partner_share("net_saving")]
        ['£0', '£0', '£0', '£0']
        """
        ours, whole = self.series(figure), self.of_whole().series(figure)
        return tuple(_sub(w, o) for w, o in zip(whole, ours, strict=True))

    @property
    def prices(self) -> str:
        """Which prices the figures are in: cash terms (and what uprated them, from which base) or constant prices.

        >>> from savingsmodel.examples import scs4_1_revised
        >>> evaluate(scs4_1_revised()).prices
        'constant prices (base-year prices, not uprated: pay inflation is costed once, among the pressures)'
        """
        p = self.proposal
        return prices_label(p.prices, len(p.pay_awards), len(p.inflation), p.price_base)

    @property
    def invest_to_save(self) -> bool:
        """Whether a one-off cost in the horizon is funded from an invest-to-save fund (a funding route, stated
        on the cost; not something the arithmetic decides).

        >>> from savingsmodel.examples import scs4_1_revised
        >>> evaluate(scs4_1_revised()).invest_to_save
        False
        """
        return any(Funding.INVEST_TO_SAVE in self.one_off_funding(y.year) for y in self.years)

    def one_off_funding(self, year: FinancialYear | str | int) -> dict[str, Money]:
        """A year's one-off costs by where they are funded from (``revenue``, ``reserve``, ...), in that order.

        >>> from savingsmodel.examples import scs4_1_revised
        >>> evaluate(scs4_1_revised()).one_off_funding("2016/17")
        {}
        """
        wanted = _year(year)
        funding = {
            line.name: line.funding for line in self.proposal.lines if isinstance(line, (OneOffCost, Redundancy))
        }
        found: dict[Funding, Money] = {}
        for c in _contributions_to(self.contributions, Figure.ONE_OFF_COSTS, wanted):
            if c.amount:
                route = funding.get(c.line, Funding.REVENUE)
                found[route] = found.get(route, _ZERO) + c.amount
        return {route.value: found[route] for route in Funding if route in found}

    @property
    def revenue_one_off_costs(self) -> tuple[Money, ...]:
        """By year: the one-off costs falling on the revenue budget after funding (those funded from revenue).

        >>> from savingsmodel.examples import scs4_1_revised
        >>> [str(x) for x in evaluate(scs4_1_revised()).revenue_one_off_costs]
        ['£0', '£0', '£0', '£0']
        """
        return tuple(self.one_off_funding(y.year).get(Funding.REVENUE.value, _ZERO) for y in self.years)

    def unstated(
        self,
        figure: Figure | str | None = None,
        year: FinancialYear | str | int | None = None,
        basis: Basis | str = Basis.ANNUAL,
    ) -> tuple[str, ...]:
        """The lines with no cost stated that a figure depends on, by name, in the order written.

        With no figure, every line with no cost; with no year, any year of the horizon (a total over the
        period). An annual figure depends on the lines running in its year; the other views (increments,
        running totals) on the lines running in that year or before it. FTE figures depend on none: the
        posts are counted whatever they cost. A regrade with a grade of no cost feeds the gross saving as
        well as the costs, since which way it moves the budget is not known either.

        >>> from savingsmodel import Grade, PostsReleased, Proposal
        >>> p = Proposal(reference="X", start_year="2016/17", grades=[Grade(name="Agency")],
        ...              lines=[PostsReleased(name="agency posts", grade="Agency", fte=3)])
        >>> evaluate(p).unstated("net_saving", "2016/17"), evaluate(p).unstated("fte_released", "2016/17")
        (('agency posts',), ())
        """
        needs: tuple[Figure, ...] = tuple(Figure)
        if figure is not None:
            needs = _DEPENDS_ON[named(figure).figure]
        wanted = None if year is None else _year(year)
        view = Basis(basis)
        found: list[str] = []
        for term in self.terms:
            if not term.unstated or term.line in found:
                continue
            feeds = {term.figure, Figure.GROSS_SAVING} if term.kind == "regrade" else {term.figure}
            if feeds.isdisjoint(needs) or not _runs_by(term, wanted, view, self.years[-1].year):
                continue
            found.append(term.line)
        return tuple(found)

    def _prices_note(self) -> str:
        # Said beside every explanation once prices are in play; a proposal that states
        # no awards reads as before (its cash and constant figures are the same).
        p = self.proposal
        return self.prices if p.pay_awards or p.inflation else ""

    def year(self, year: FinancialYear | str | int) -> YearFigures:
        """The figures of one year of the horizon: ``"2016/17"``, a :class:`FinancialYear` or ``2016``.

        >>> from savingsmodel.examples import scs4_1_revised
        >>> result = evaluate(scs4_1_revised())
        >>> result.year(2017).net_saving == result.year("2017/18").net_saving == 360000
        True
        """
        wanted = _year(year)
        for figures in self.years:
            if figures.year == wanted:
                return figures
        horizon = f"{self.years[0].year} to {self.years[-1].year}"
        raise InputError.one("year", f"expected a year from {horizon}, found {wanted}")

    def total_over_period(self, figure: Figure | str = Figure.NET_SAVING) -> Money:
        """The sum of the annual effects over the horizon: never an annual figure.

        >>> from savingsmodel.examples import scs4_1_revised
        >>> evaluate(scs4_1_revised()).total_over_period("gross_saving")
        Money('2304000')
        """
        wanted = named(figure)
        if not wanted.figure.is_money or wanted.basis is not Basis.ANNUAL or wanted.full_year:
            raise InputError.one(
                "figure",
                f"expected a money figure's annual effect (the total sums the annual effects), found {wanted.name!r}",
            )
        return sum((_money(y.figure(wanted.figure)) for y in self.years), _ZERO)

    def series(
        self, figure: Figure | str, basis: Basis | str | None = None, grade: str | None = None
    ) -> tuple[Money | Decimal, ...]:
        """A figure for every year, as the annual effect, incremental, or cumulative.

        The basis may be given apart or be part of the name:

        >>> from savingsmodel.examples import scs4_1_revised
        >>> result = evaluate(scs4_1_revised())
        >>> [str(x) for x in result.series("net_saving_incremental")]
        ['£360,000', '£0', '£0', '£0']
        >>> result.series("net_saving", "incremental") == result.series("net_saving_incremental")
        True
        >>> [str(x) for x in result.series("net_position_to_date")]
        ['£360,000', '£720,000', '£1,080,000', '£1,440,000']
        """
        wanted = named(figure, basis, grade)
        if wanted.full_year:
            return tuple(y.full_year_effect for y in self.years)
        annual = [y.figure(wanted.figure, wanted.grade) for y in self.years]
        opening = _opening_value(self.opening, wanted.figure, wanted.grade)
        if wanted.basis is Basis.ANNUAL:
            return tuple(annual)
        if wanted.basis is Basis.INCREMENTAL:
            return tuple(_incremental(annual, opening))
        # Both running totals start at the horizon: the cumulative one adds the increments (the
        # year before the horizon's level is not in it), the one to date adds the annual effects.
        steps = _incremental(annual, opening) if wanted.basis is Basis.CUMULATIVE else annual
        return tuple(accumulate(steps, _add))

    def full_year(self, figure: Figure | str, year: FinancialYear | str | int) -> Money:
        """A money figure as a whole year at the rates in force on the year's last day (uprated as that day is).

        One-off costs count as they fall; the recurring and net figures follow ``full_year_effect``.

        >>> from savingsmodel.examples import scs4_1_revised
        >>> later = evaluate(scs4_1_revised().with_variant("posts-leave-october"))
        >>> str(later.year(2016).gross_saving), str(later.full_year("gross_saving", 2016))
        ('£288,000', '£576,000')
        """
        wanted, figures = named(figure), self.year(year)
        if not wanted.figure.is_money or wanted.basis is not Basis.ANNUAL:
            raise InputError.one("figure", f"expected a money figure's annual effect, found {wanted.name!r}")
        if wanted.full_year or wanted.figure is Figure.NET_SAVING:
            return figures.full_year_effect
        if wanted.figure is Figure.ONE_OFF_COSTS:
            return figures.one_off_costs
        if wanted.figure is Figure.ONE_OFF_INCOME:
            return figures.one_off_income
        if wanted.figure is Figure.NET_AFTER_ONE_OFF_COSTS:
            return figures.full_year_effect - figures.one_off_costs + figures.one_off_income
        return sum((amount for _, amount in self._full_year_lines(figures.year, wanted.figure)), _ZERO)

    def line_figure(
        self, line: str, figure: Figure | str, year: FinancialYear | str | int, *, full_year: bool = False
    ) -> Money:
        """One line's part of a money figure in a year: what the figure would lose without the line.

        A cost line's part of ``additional_costs`` is its amount, and of ``net_saving`` the same
        amount taken off; with ``full_year``, the line's annual rate in force on the year's last day
        (a one-off cost counts as it falls, as in :meth:`full_year`).

        >>> from savingsmodel.examples import scs4_1_revised
        >>> result = evaluate(scs4_1_revised())
        >>> str(result.line_figure("Resource Management Team", "additional_costs", 2016))
        '£134,000'
        >>> str(result.line_figure("Resource Management Team", "net_saving", 2016))
        '-£134,000'
        """
        wanted, when = named(figure), _year(year)
        self.year(when)  # a year outside the horizon is refused, as for any figure
        self.proposal.line(line)  # an unknown line is refused with a "did you mean"
        if not wanted.figure.is_money or wanted.basis is not Basis.ANNUAL:
            raise InputError.one("figure", f"expected a money figure's annual effect, found {wanted.name!r}")
        weights = _LINE_WEIGHTS[wanted.figure]
        total = _ZERO
        for part, weight in weights.items():
            if full_year and part not in _ONCE:
                amounts = (a for name, a in self._full_year_lines(when, part) if name == line)
            else:
                mine = _contributions_to(self.contributions, part, when)
                amounts = (c.amount for c in mine if c.line == line)
            total += sum(amounts, _ZERO) * weight
        return total

    def _full_year_lines(self, year: FinancialYear, figure: Figure | None = None) -> Iterator[tuple[str, Money]]:
        """Each line's annual rate in force on the year's last day, uprated as that day is (signed, with no figure)."""
        indices, day = price_indices(self.proposal), year.end
        for line in _by_line(self.terms):
            first = line[0]
            if first.year is not None or (figure is not None and first.figure is not figure):
                continue
            factor = indices[first.uprating].factor_at(day)
            rates = rates_in(line, year, LineRates(tuple(t.rate for t in line)))
            in_force = [rates.at(k, factor) for k, t in enumerate(line) if _in_force(t, day)]
            if in_force:
                amount = sum(in_force, _ZERO)
                costs = first.figure in (Figure.ADDITIONAL_COSTS, Figure.ONE_OFF_COSTS)
                yield first.line, -amount if costs and figure is None else amount

    def explain(
        self, figure: Figure | str, year: FinancialYear | str | int | None = None, grade: str | None = None
    ) -> Explanation:
        """The lines that make a figure in a year (or over the period, with no year).

        >>> from savingsmodel.examples import scs4_1_revised
        >>> result = evaluate(scs4_1_revised())
        >>> print(result.explain("gross_saving", 2016))
        gross saving in 2016/17: £576,000
          12 FTE x £48,000 = £576,000 (Watch Manager posts released; para 9)
        >>> print(result.explain("net_saving_incremental", "2017/18"))
        net saving, incremental in 2017/18: £0
          net saving in 2017/18 £360,000 - in 2016/17 £360,000 = £0
        """
        found = self._explain(figure, year, grade)
        unstated = self.unstated(found.figure, found.year, found.basis)
        if unstated:
            # The lines with a cost are summed; the rest are named, so the figure is never read as the whole.
            said = f"cannot check: {no_cost_text(unstated)}; this is the figure of the lines with a cost only"
            found = replace(found, parts=(*found.parts, said))
        return found

    def _explain(
        self, figure: Figure | str, year: FinancialYear | str | int | None = None, grade: str | None = None
    ) -> Explanation:
        wanted_figure = named(figure, grade=grade)
        figure, grade = wanted_figure.figure, wanted_figure.grade
        wanted = None if year is None else self.year(year).year
        if wanted_figure.basis is not Basis.ANNUAL or wanted_figure.full_year:
            if wanted is None:
                raise InputError.one(
                    "year",
                    f"expected a year for {wanted_figure.name!r} (over the period sums annual effects), found none",
                )
            if wanted_figure.full_year:
                return self._explain_full_year(wanted)
            return self._explain_view(wanted_figure, wanted)
        if not figure.is_money:
            return self._explain_fte(figure, wanted, grade)
        if wanted is None:
            parts = tuple(f"{y.year}: {y.figure(figure)}" for y in self.years)
            return Explanation(figure, None, self.total_over_period(figure), parts, self._prices_note())
        figures = self.year(wanted)
        if figure in _LINE_FIGURES:
            parts = tuple(c.text for c in _contributions_to(self.contributions, figure, wanted))
            return Explanation(figure, wanted, figures.figure(figure), parts, self._prices_note())
        gross, income, costs = figures.gross_saving, figures.income, figures.additional_costs
        working = f"gross saving {gross} + income {income} - additional costs {costs}"
        if figure is Figure.NET_AFTER_ONE_OFF_COSTS:
            working += f" - one-off costs {figures.one_off_costs}"
            if figures.one_off_income:
                working += f" + one-off income {figures.one_off_income}"
        value = figures.figure(figure)
        # Then the lines behind each part, so a net figure is explained down to its lines too.
        lines = [f"{working} = {value}"]
        for part in _LINE_FIGURES:
            if part in _ONCE and figure is not Figure.NET_AFTER_ONE_OFF_COSTS:
                continue
            label = part.label
            lines.extend(f"{label}: {c.text}" for c in _contributions_to(self.contributions, part, wanted))
        return Explanation(figure, wanted, value, tuple(lines), self._prices_note())

    def _explain_view(self, wanted: Named, year: FinancialYear) -> Explanation:
        """An incremental figure as this year's less last year's; a running total as its steps."""
        index = [y.year for y in self.years].index(year)
        value = self.series(wanted.figure, wanted.basis, wanted.grade)[index]
        annual = self.series(wanted.figure, Basis.ANNUAL, wanted.grade)
        opening = _opening_value(self.opening, wanted.figure, wanted.grade)
        shown = Named(wanted.figure, grade=wanted.grade).label

        def text(x: Money | Decimal) -> str:
            return str(x) if isinstance(x, Money) else f"{format_fte(x)} FTE"

        if wanted.basis is Basis.INCREMENTAL:
            if index:
                before = f"in {self.years[index - 1].year} {text(annual[index - 1])}"
            elif self.opening is not None:
                before = f"in {self.opening.year} (before the horizon) {text(opening)}"
            else:
                before = "before the horizon nothing"
            parts: tuple[str, ...] = (f"{shown} in {year} {text(annual[index])} - {before} = {text(value)}",)
        else:
            cumulative = wanted.basis is Basis.CUMULATIVE
            steps = self.series(wanted.figure, Basis.INCREMENTAL if cumulative else Basis.ANNUAL, wanted.grade)
            listed = " + ".join(f"{text(s)} ({y.year})" for s, y in zip(steps[: index + 1], self.years, strict=False))
            what = "the incremental figures from the horizon's start" if cumulative else "the annual effects"
            parts = (f"the running total of {what}: {listed} = {text(value)}",)
        amount = value.amount if isinstance(value, Money) and not wanted.figure.is_money else value
        return Explanation(
            wanted.figure, year, amount, parts, self._prices_note(), basis=wanted.basis, grade=wanted.grade
        )

    def _explain_full_year(self, year: FinancialYear) -> Explanation:
        """The full-year effect: each line's annual rate in force on the year's last day, uprated as that day is."""
        parts = tuple(f"{line}: {amount}" for line, amount in self._full_year_lines(year))
        value = self.year(year).full_year_effect
        note = (f"each line's annual rate in force on {year.end}, savings and income less costs",)
        return Explanation(Figure.NET_SAVING, year, value, (*parts, *note), self._prices_note(), full_year=True)

    def _explain_fte(self, figure: Figure, year: FinancialYear | None, grade: str | None) -> Explanation:
        last = self.years[-1] if year is None else self.year(year)
        known = [g.name for g in self.proposal.grades]
        if grade is not None and grade not in known:
            raise InputError.one("grade", f"unknown grade {grade!r}{did_you_mean(grade, known)}")
        # The lines in force at the year's end, each with the posts it moves: the establishment then.
        lines: list[str] = []
        for term in self.terms:
            if not term.fte or not _in_force(term, last.year.end):
                continue
            if figure is Figure.FTE_RELEASED and term.kind != "posts_released":
                continue
            if figure is Figure.FTE_CREATED and term.kind != "posts_created":
                continue
            for g, fte in term.fte.items():
                if grade is None or g == grade:
                    shown = format_fte(abs(fte)) if figure is not Figure.FTE_CHANGE else f"{fte.normalize():+f}"
                    lines.append(f"{shown} FTE {g} ({term.source})")
        if figure is Figure.FTE_CHANGE and grade is None:
            lines += [f"{g}: {format_fte(v)} FTE in all" for g, v in sorted(last.fte_change.items())]
        parts = tuple(lines)
        value = last.figure(figure, grade)
        amount = value.amount if isinstance(value, Money) else value
        return Explanation(figure, last.year, amount, parts, grade=grade)

    def to_frame(self, *, exact: bool = False, long: bool = False) -> pd.DataFrame:
        """The figures as a pandas frame: one row per year (or, ``long``, per figure and year).

        Columns are named as the figures are (``net_saving``, the MTFP line
        ``net_saving_incremental``, ``fte_change:Watch Manager``, ...); values are
        floats to sum and plot, or with ``exact=True`` the exact Decimals. ``attrs["prices"]``
        says which prices they are in.

        >>> from savingsmodel.examples import scs4_1_revised
        >>> frame = evaluate(scs4_1_revised()).to_frame()
        >>> frame.loc["2016/17", ["gross_saving", "net_saving", "fte_change:Watch Manager"]].tolist()
        [576000.0, 360000.0, -11.0]
        >>> float(frame["net_saving"].sum())
        1440000.0
        >>> evaluate(scs4_1_revised()).to_frame(exact=True).loc["2016/17", "net_saving"]
        Decimal('360000')
        """
        if long:
            return long_frame(self, exact=exact)
        return wide_frame(self.years, self.prices, exact=exact)

    def __repr__(self) -> str:
        p = self.proposal
        net = ", ".join(str(y.net_saving) for y in self.years)
        span = f"{self.years[0].year} to {self.years[-1].year}" if len(self.years) > 1 else str(self.years[0].year)
        return f"<Evaluation of {p.reference!r}, {span}: net saving {net}>"

    def _repr_html_(self) -> str:
        """In a notebook: the figures by year, as the run report's table shows them (in pounds)."""
        header = ["", *(str(y.year) for y in self.years)]
        rows = []
        for column in COLUMNS:
            values = [y.figure(column.name) for y in self.years]
            rows.append([column.label, *(_shown(v) for v in values)])
            if column.name == "fte_change":
                for grade in grades_changed(self.years):
                    rows.append(
                        [f"FTE change, {grade}", *(_shown(y.fte_change.get(grade, Decimal(0))) for y in self.years)]
                    )
        p = self.proposal
        caption = f"{p.reference}: {p.title}" if p.title else p.reference
        notes = [
            f"Prices: {self.prices}.",
            f"Total over the period (not an annual figure): {self.total_over_period()}.",
        ]
        if self.payback.one_off_costs:
            notes.append(f"Payback: {self.payback}.")
        return table(header, rows, caption=caption, notes=notes)


def long_frame(
    results: Evaluation | Mapping[Any, Evaluation] | Sequence[Evaluation], *, name: str = "input", exact: bool = False
) -> pd.DataFrame:
    """The figures in long (tidy) form: one row per figure and year, and for many results, per input.

    ``results`` is one evaluation, or many keyed by the input each was made with (a
    unit cost, a start date, a variant's name), which becomes the column ``name``
    (a list is keyed by its position). Values are floats unless ``exact=True``.

    >>> from savingsmodel.examples import scs4_1_revised
    >>> base = scs4_1_revised()
    >>> results = {cost: evaluate(base.with_changes(grades={"Watch Manager": {"unit_cost": cost}}))
    ...            for cost in (46000, 48000, 50000)}
    >>> tidy = long_frame(results, name="unit_cost")
    >>> tidy.columns.tolist()
    ['unit_cost', 'figure', 'year', 'value']
    >>> tidy.query("figure == 'net_saving' and year == '2016/17'")["value"].tolist()
    [336000.0, 360000.0, 384000.0]
    """
    import pandas as pd

    if isinstance(results, Evaluation):
        frame = pd.DataFrame(long_rows(results.years, exact=exact), columns=["figure", "year", "value"])
        frame.attrs["prices"] = results.prices
        return frame
    keyed = results.items() if isinstance(results, Mapping) else enumerate(results)
    rows = [{name: key, **row} for key, result in keyed for row in long_rows(result.years, exact=exact)]
    return pd.DataFrame(rows, columns=[name, "figure", "year", "value"])


def _shown(value: Money | Decimal) -> str:
    return str(value) if isinstance(value, Money) else f"{value.normalize():f}"


def _year(year: FinancialYear | str | int) -> FinancialYear:
    """A year as any method takes it: ``"2016/17"``, a :class:`FinancialYear`, or the year it starts in."""
    try:
        if isinstance(year, FinancialYear):
            return year
        if isinstance(year, str):
            return FinancialYear.parse(year)
        if isinstance(year, date):
            return FinancialYear.containing(year)
        return FinancialYear(year)
    except ValueError as error:
        # A year typed by a user (``savingsmodel explain FILE net_saving 2016``) is bad input, not a crash.
        raise InputError.one("year", str(error)) from None


def _money(value: Money | Decimal) -> Money:
    return value if isinstance(value, Money) else Money(value)


def _add(a: Money | Decimal, b: Money | Decimal) -> Money | Decimal:
    if isinstance(a, Money) and isinstance(b, Money):
        return a + b
    if isinstance(a, Decimal) and isinstance(b, Decimal):
        return a + b
    raise TypeError("cannot add money to a count")


def _opening_value(opening: YearFigures | None, figure: Figure, grade: str | None) -> Money | Decimal:
    if opening is not None:
        return opening.figure(figure, grade)
    return _ZERO if figure.is_money else Decimal(0)


def _incremental(annual: list[Money | Decimal], opening: Money | Decimal) -> list[Money | Decimal]:
    """Each year's change from the year before; the first year's change is from the opening position."""
    return [_sub(annual[0], opening), *(_sub(now, before) for before, now in pairwise(annual))]


def _sub(a: Money | Decimal, b: Money | Decimal) -> Money | Decimal:
    if isinstance(a, Money) and isinstance(b, Money):
        return a - b
    if isinstance(a, Decimal) and isinstance(b, Decimal):
        return a - b
    raise TypeError("cannot subtract money and a count")


def _share_text(share: Fraction, months: bool, days: int) -> str:
    if share == 1:
        return ""
    # In the year's own units (twelfths, or days of that year), as a reader would count them: 90/365, not 18/73.
    parts = 12 if months else days
    return f" x {share * parts}/{parts}" if (share * parts).denominator == 1 else f" x {share}"


def evaluate(proposal: Proposal) -> Evaluation:
    """The proposal's figures for each financial year of its horizon.

    >>> from savingsmodel.examples import scs4_1_revised
    >>> [str(y.net_saving) for y in evaluate(scs4_1_revised()).years]
    ['£360,000', '£360,000', '£360,000', '£360,000']
    """
    with _collecting_after():
        ours = _evaluate_terms(proposal, tuple(terms(proposal)))
        if not proposal.shared:
            return ours
        # Shared with a partner: these figures are this body's share; the whole is kept beside them.
        return replace(ours, whole=_evaluate_terms(proposal, tuple(terms(proposal, whole=True))))


@contextmanager
def _collecting_after() -> Iterator[None]:
    """The cyclic garbage collector paused while an evaluation is made, and as it was again after.

    A 100,000-line proposal's evaluation makes some 150,000 objects that live as long as it does (its
    terms, their workings to write); every few hundred made start a collection, and twice in the
    benchmark's run one of them scanned all the proposal's million objects (just validated, so still
    young): half a second or more of CPU to find nothing, since none of them is garbage and the terms
    hold no cycles. Reference counting frees everything as ever; any cycle waits for the next collection.
    """
    paused = gc.isenabled()
    if paused:
        gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


#: What each line figure adds to a money figure: a line's part of the figure is its amounts weighted so.
_LINE_WEIGHTS: Final[Mapping[Figure, Mapping[Figure, int]]] = {
    Figure.GROSS_SAVING: {Figure.GROSS_SAVING: 1},
    Figure.ADDITIONAL_COSTS: {Figure.ADDITIONAL_COSTS: 1},
    Figure.ONE_OFF_COSTS: {Figure.ONE_OFF_COSTS: 1},
    Figure.INCOME: {Figure.INCOME: 1},
    Figure.ONE_OFF_INCOME: {Figure.ONE_OFF_INCOME: 1},
    Figure.NET_SAVING: {Figure.GROSS_SAVING: 1, Figure.INCOME: 1, Figure.ADDITIONAL_COSTS: -1},
    Figure.NET_AFTER_ONE_OFF_COSTS: {
        Figure.GROSS_SAVING: 1,
        Figure.INCOME: 1,
        Figure.ADDITIONAL_COSTS: -1,
        Figure.ONE_OFF_COSTS: -1,
        Figure.ONE_OFF_INCOME: 1,
    },
}
#: The line figures paid or received once: they count as they fall, never in a full-year effect.
_ONCE: Final = (Figure.ONE_OFF_COSTS, Figure.ONE_OFF_INCOME)


def _evaluate_terms(proposal: Proposal, all_terms: tuple[Term, ...]) -> Evaluation:
    opening = None
    first = proposal.start_year
    first_day = first.start
    if any(t.start < first_day and t.year is None for t in all_terms):
        # Lines already in force before the horizon: the year before is the base the first
        # year's incremental figures move from. (One-off costs all fall inside the horizon.)
        # The same terms, so a line with no date starts with the proposal, not a year early.
        opening = _evaluate(proposal, (first.previous(),), None, all_terms).years[0]
    return _evaluate(proposal, proposal.years, opening, all_terms)


def _by_line(all_terms: tuple[Term, ...]) -> Iterator[tuple[Term, ...]]:
    """The terms of each line (its tranches), in order: a line's figure is rounded once, for the line."""
    for _, group in groupby(all_terms, key=lambda t: (t.line, t.figure, t.year)):
        yield tuple(group)


@dataclass(frozen=True, slots=True)
class Working:
    """One term (a tranche of its line) in one year: the engine's own step, as :func:`line_years` makes it.

    ``number`` is the term's place in the evaluation's terms and ``tranche`` its place in its
    line (``line_terms``, the line's terms in order). ``pieces`` are its stretches of the year,
    each at its share of the line's uprated rate; ``exact`` is the line's exact amount in the
    year, its tranches up to this one; ``rounded`` says whether the line's amount in the year
    is rounded (to the penny, half-up, cumulatively: this amount is ``exact`` rounded less the
    same for the tranche before), as it is unless every tranche runs the whole year at one
    price. ``full_year`` is the term's share of the line's annual rate uprated as on the
    year's last day, when it is in force then (None when it is not, and for a one-off), at
    ``full_year_factor``. ``opening`` marks a row of the year before the horizon.
    """

    term: Term
    number: int
    tranche: int
    line_terms: tuple[Term, ...]
    year: FinancialYear
    pieces: tuple[Piece, ...]
    rounded: bool
    amount: Money
    exact: Fraction
    full_year: Money | None
    full_year_factor: Decimal
    opening: bool = False


@dataclass(frozen=True, slots=True)
class LineYear:
    """A line in one year: its rates and price index, and a :class:`Working` for each tranche that counts."""

    rates: LineRates | YearRates
    index: PriceIndex
    year: FinancialYear
    rows: tuple[Working, ...]


def line_years(
    all_terms: tuple[Term, ...],
    years: tuple[FinancialYear, ...],
    phasing: Phasing,
    indices: Mapping[Uprating | str, PriceIndex],
    *,
    conventions: StartConventions,
    opening: bool = False,
) -> Iterator[LineYear]:
    """The engine's arithmetic, line by line and year by year: what the evaluator sums and the workings show.

    The one place a line's amount in a year is made: each tranche's stretches at its share of the
    line's uprated rate (:class:`LineRates`), or, for posts priced from a build-up, at the year's
    rebuilt rate (:func:`~savingsmodel.engine.rebuilt.rates_in`), and the line's amount rounded
    once, cumulatively. Under months phasing a term that starts or ends part-way through a month
    counts by the proposal's ``conventions`` (:class:`StartConventions`).
    """
    number = 0
    for line in _by_line(all_terms):
        rates = LineRates(tuple(t.rate for t in line))
        index = indices[line[0].uprating]
        for year in years:
            in_year = rates_in(line, year, rates)  # posts priced from a build-up: rebuilt for the year
            rows = _line_year(line, number, in_year, index, year, phasing, conventions, opening)
            if rows:
                yield LineYear(in_year, index, year, rows)
        number += len(line)


def _line_year(
    line: tuple[Term, ...],
    number: int,
    rates: LineRates | YearRates,
    index: PriceIndex,
    year: FinancialYear,
    phasing: Phasing,
    conventions: StartConventions,
    opening: bool,
) -> tuple[Working, ...]:
    """A line's tranches in one year (those that run in it or are in force at its end), each amount made once."""
    year_end = index.factor_at(year.end)
    found: list[tuple[int, Term, tuple[Piece, ...], Money | None]] = []
    for k, term in enumerate(line):
        full_year = None
        if term.year is not None:
            if term.year != year:
                continue
            paid = term.start if term.start in year else year.start
            factor = index.factor_at(paid)
            parts: tuple[Piece, ...] = (Piece(rates.at(k, factor), factor, Fraction(1), paid),)
        else:
            start, end = conventions.counted(term, phasing)
            parts = pieces(term.rate, start, end, year, phasing, index, uprate=rates.uprate(k))
            if _in_force(term, year.end):
                full_year = rates.at(k, year_end)
        if parts or full_year is not None:
            found.append((k, term, parts, full_year))
    # The one place a phased figure is rounded: a line's amount in a year, to the penny, half-up,
    # once for the line (not once per tranche), and only when some share is not the whole year.
    # Cumulatively: each tranche's amount is the line's running exact total rounded, less the same
    # before it, so the tranches add up to the line's figure rounded once.
    whole = all(len(parts) == 1 and parts[0].share == 1 for _, _, parts, _ in found if parts)
    rows, running, before = [], Fraction(0), _ZERO
    for k, term, parts, full_year in found:
        running += sum((p.exact for p in parts), Fraction(0))
        if not parts:
            amount = _ZERO
        elif whole:
            amount = parts[0].rate
        else:
            upto = Money(round_fraction(running, Unit.PENCE.value, RoundingMode.HALF_UP))
            amount, before = upto - before, upto
        rounded = bool(parts) and not whole
        rows.append(
            Working(term, number + k, k, line, year, parts, rounded, amount, running, full_year, year_end, opening)
        )
    return tuple(rows)


#: Below this many terms, with numpy not loaded yet, working line by line is quicker than loading numpy
#: (about 0.1 s) to sum the lines at once: so ``savingsmodel check`` of a paper's proposal loads no numpy.
#: The two ways give the same figures to the penny (a property test holds them so).
_SUMMED_FROM: Final = 200


def _evaluate(
    proposal: Proposal, years: tuple[FinancialYear, ...], opening: YearFigures | None, all_terms: tuple[Term, ...]
) -> Evaluation:
    """The figures of each year: summed at once (:func:`_evaluate_summed`), or line by line for a short proposal."""
    if len(all_terms) < _SUMMED_FROM and "numpy" not in sys.modules:
        return _evaluate_line_by_line(proposal, years, opening, all_terms)
    return _evaluate_summed(proposal, years, opening, all_terms)


def _year_figures(
    years: tuple[FinancialYear, ...],
    opening: YearFigures | None,
    total: Callable[[int, Figure], Money],
    full_year: Callable[[int], Money],
    establishment: Callable[[FinancialYear], tuple[Mapping[str, Decimal], Decimal, Decimal]],
) -> tuple[YearFigures, ...]:
    """Each year's figures from its lines' totals (``total(y, figure)``), however the totals were summed.

    The net saving is gross + income - additional costs; its increment is from the year before (the
    opening year's for the first); the figure after one-off costs adds one-off income; the position to
    date is the running total of that. ``establishment(year)`` is the FTE change by grade, released and created.
    """
    figures: list[YearFigures] = []
    base = previous = _ZERO if opening is None else opening.net_saving
    to_date = _ZERO
    for y, year in enumerate(years):
        gross, costs = total(y, Figure.GROSS_SAVING), total(y, Figure.ADDITIONAL_COSTS)
        one_off, income = total(y, Figure.ONE_OFF_COSTS), total(y, Figure.INCOME)
        one_off_income = total(y, Figure.ONE_OFF_INCOME)
        net = gross + income - costs
        after_one_offs = net - one_off + one_off_income
        to_date += after_one_offs
        fte, released, created = establishment(year)
        figures.append(
            YearFigures(
                year=year,
                gross_saving=gross,
                additional_costs=costs,
                income=income,
                net_saving=net,
                net_saving_incremental=net - previous,
                net_saving_cumulative=net - base,
                full_year_effect=full_year(y),
                one_off_costs=one_off,
                one_off_income=one_off_income,
                net_after_one_off_costs=after_one_offs,
                net_position_to_date=to_date,
                fte_change=fte,
                fte_released=released,
                fte_created=created,
            )
        )
        previous = net
    return tuple(figures)


def _evaluate_summed(
    proposal: Proposal, years: tuple[FinancialYear, ...], opening: YearFigures | None, all_terms: tuple[Term, ...]
) -> Evaluation:
    """The figures of each year: every line's amounts summed at once, in integer pence (:mod:`.summed`).

    The arithmetic is :func:`line_years`' (the same roundings at the same points; a property test
    holds the two to the penny); the contributions and their workings are made from the sums when
    they are read, and the payback period when it is asked for.
    """
    import numpy as np  # loaded only to sum a long proposal (see _SUMMED_FROM)

    from savingsmodel.engine.summed import full_year_total, money_of, summed, totals

    conventions = StartConventions.of(proposal)
    indices = price_indices(proposal)
    found = summed(all_terms, years, proposal.phasing, indices, conventions)
    figure_of = np.array([_FIGURE_NUMBER[t.figure] for t in all_terms], dtype=np.int64)
    signs = np.where(np.isin(figure_of, _COST_NUMBERS), -1, 1)
    establishment = _Establishment(all_terms)
    figures = _year_figures(
        years,
        opening,
        lambda y, figure: money_of(*totals(found, figure_of == _FIGURE_NUMBER[figure], y)),
        lambda y: money_of(*full_year_total(found, signs, y)),
        lambda year: establishment.at(year.end),
    )
    contributions = _Contributions(proposal, all_terms, found, indices, conventions)
    payback = partial(_payback_of, proposal, all_terms, found, indices, conventions, figures)
    return Evaluation(proposal, figures, contributions, opening, all_terms, payback)


_FIGURE_NUMBER: Final[Mapping[Figure, int]] = {figure: n for n, figure in enumerate(_LINE_FIGURES)}
_COST_NUMBERS: Final = (_FIGURE_NUMBER[Figure.ADDITIONAL_COSTS], _FIGURE_NUMBER[Figure.ONE_OFF_COSTS])


def _payback_of(
    proposal: Proposal,
    all_terms: tuple[Term, ...],
    found: Summed,
    indices: Mapping[Uprating | str, PriceIndex],
    conventions: StartConventions,
    figures: tuple[YearFigures, ...],
) -> Payback:
    """The payback period, month by month and exactly: worked only when asked for, and only with one-off costs."""
    import numpy as np

    from savingsmodel.engine.summed import money_of, monthly

    years = found.years
    one_off_costs = sum((f.one_off_costs for f in figures), _ZERO)
    one_offs: list[tuple[int, Money]] = []
    # One-off income by month: it moves the position to date, but is no spend to pay back.
    received: list[tuple[int, Money]] = []
    rows, columns = np.nonzero(found.counts)
    for row, y in zip(rows.tolist(), columns.tolist(), strict=True):
        term = all_terms[row]
        if term.year is not None:
            paid = term.start if term.start in years[y] else years[y].start
            once = received if term.figure is Figure.ONE_OFF_INCOME else one_offs
            once.append((y * 12 + (paid.month - 4) % 12, money_of(found.amount[row, y], found.exponent[row, y])))
    monthly_net = [Fraction(0)] * (12 * len(years))
    if one_offs:
        costs = [t.figure in (Figure.ADDITIONAL_COSTS, Figure.ONE_OFF_COSTS) for t in all_terms]
        signs = np.where(np.array(costs, dtype=bool), -1, 1)
        monthly_net = monthly(all_terms, years, proposal.phasing, indices, conventions, signs)
        for month, amount in one_offs:
            monthly_net[month] -= Fraction(amount.amount)
        for month, amount in received:
            monthly_net[month] += Fraction(amount.amount)
    months_paid = [month for month, _ in one_offs]
    first_paid, last_paid = (min(months_paid), max(months_paid)) if months_paid else (None, None)
    return find_payback(monthly_net, first_paid, last_paid, one_off_costs, years[0].start, figures[-1].full_year_effect)


def _contributions_to(
    contributions: Sequence[Contribution], figure: Figure, year: FinancialYear
) -> Iterator[Contribution]:
    """The contributions to one figure in one year, in order: of a long proposal, only those are made."""
    if isinstance(contributions, _Contributions):
        return contributions.to(figure, year)
    return (c for c in contributions if c.figure is figure and c.year == year)


class _Contributions(Sequence[Contribution]):
    """What each term adds to each figure in each year, in the order the lines are written: made when read.

    A 100,000-line proposal has half a million; the figures are summed without them, so they are made
    (from the same sums, each with its working written when that is read) only for whoever asks.
    """

    def __init__(
        self,
        proposal: Proposal,
        all_terms: tuple[Term, ...],
        found: Summed,
        indices: Mapping[Uprating | str, PriceIndex],
        conventions: StartConventions,
    ) -> None:
        self._proposal, self._terms, self._found = proposal, all_terms, found
        self._indices, self._conventions = indices, conventions
        self._made: tuple[Contribution, ...] | None = None

    def __len__(self) -> int:
        return int(self._found.counts.sum())

    def __iter__(self) -> Iterator[Contribution]:
        import numpy as np

        if self._made is not None:
            yield from self._made
            return
        found, all_terms = self._found, self._terms
        starts = np.flatnonzero(found.line_start == np.arange(len(all_terms))).tolist()
        for first, stop in zip(starts, [*starts[1:], len(all_terms)][: len(starts)], strict=True):
            counts = found.counts[first:stop]
            for y in np.flatnonzero(counts.any(axis=0)).tolist():
                rows = (first + np.flatnonzero(counts[:, y])).tolist()
                for row in rows:
                    yield self._contribution(first, stop, row, y, row == rows[0])

    def to(self, figure: Figure, year: FinancialYear) -> Iterator[Contribution]:
        """The contributions to ``figure`` in ``year``, in order, made without the others."""
        import numpy as np

        if year not in self._found.years:
            return
        y, found, all_terms = self._found.years.index(year), self._found, self._terms
        counted = found.counts[:, y]
        for row in np.flatnonzero(counted).tolist():
            term = all_terms[row]
            if term.figure is not figure:
                continue
            first = int(found.line_start[row])
            stop = first + 1
            while stop < len(all_terms) and found.line_start[stop] == first:
                stop += 1
            yield self._contribution(first, stop, row, y, not counted[first:row].any())

    def _contribution(self, first: int, stop: int, row: int, y: int, leading: bool) -> Contribution:
        from savingsmodel.engine.summed import money_of

        term, year = self._terms[row], self._found.years[y]
        amount = money_of(self._found.amount[row, y], self._found.exponent[row, y])
        return Contribution(term.line, term.figure, year, amount, partial(self._working, first, stop, row, y, leading))

    def _working(self, first: int, stop: int, row: int, y: int, leading: bool) -> str:
        """The contribution's arithmetic in words: its line's year worked line by line, as :func:`line_years` does."""
        line, year, proposal = self._terms[first:stop], self._found.years[y], self._proposal
        index = self._indices[line[0].uprating]
        rates = rates_in(line, year, LineRates(tuple(t.rate for t in line)))
        rows = _line_year(line, first, rates, index, year, proposal.phasing, self._conventions, False)
        w = next(r for r in rows if r.number == row)
        months = proposal.phasing.value == "months"
        return _working(w.term, w.pieces, index, year, months, w.amount, leading)

    @overload
    def __getitem__(self, item: int) -> Contribution: ...
    @overload
    def __getitem__(self, item: slice) -> tuple[Contribution, ...]: ...
    def __getitem__(self, item: int | slice) -> Contribution | tuple[Contribution, ...]:
        if self._made is None:
            self._made = tuple(self)
        return self._made[item]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence):
            return NotImplemented
        return tuple(self) == tuple(other)

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return f"<{len(self)} contributions>"


class _Establishment:
    """The establishment change in force on a day, by grade, and the posts released and created then.

    The terms are first gathered by the days they run (few distinct), so a day's figures add up a few
    groups, not every term; grades keep the order in which the terms first name them.
    """

    def __init__(self, all_terms: tuple[Term, ...]) -> None:
        # Terms of posts lines of one shape share their FTE by grade (one mapping): counted first, then each
        # mapping is added once, times its count (exactly: the sum of n equal Decimals is their product by n).
        alike: dict[tuple[date, date | None, int, str], list[Any]] = {}
        for number, term in enumerate(all_terms):
            fte = term.fte
            if not fte:
                continue
            key = (term.start, term.end, id(fte), term.kind)
            found = alike.get(key)
            if found is None:
                alike[key] = [number, fte, 1]
            else:
                found[2] += 1
        groups: dict[tuple[date, date | None], tuple[dict[str, tuple[tuple[int, int], Decimal]], list[Decimal]]] = {}
        for (start, end, _, kind), (number, by_fte, count) in alike.items():
            by_grade, kinds = groups.setdefault((start, end), ({}, [Decimal(0), Decimal(0)]))
            for place, (grade, each) in enumerate(by_fte.items()):
                fte = each * count
                at, total = by_grade.get(grade, ((number, place), Decimal(0)))
                by_grade[grade] = (min(at, (number, place)), total + fte)
                if kind == "posts_released":
                    kinds[0] += fte
                elif kind == "posts_created":
                    kinds[1] += fte
        self._groups = groups

    def at(self, day: date) -> tuple[dict[str, Decimal], Decimal, Decimal]:
        change: dict[str, tuple[tuple[int, int], Decimal]] = {}
        released, created = Decimal(0), Decimal(0)
        for (start, end), (by_grade, kinds) in self._groups.items():
            if start <= day and (end is None or end >= day):
                for grade, (at, fte) in by_grade.items():
                    first, total = change.get(grade, (at, Decimal(0)))
                    change[grade] = (min(first, at), total + fte)
                released += kinds[0]
                created += kinds[1]
        ordered = sorted(change.items(), key=lambda item: item[1][0])
        return {grade: total for grade, (_, total) in ordered}, -released, created


def _evaluate_line_by_line(
    proposal: Proposal, years: tuple[FinancialYear, ...], opening: YearFigures | None, all_terms: tuple[Term, ...]
) -> Evaluation:
    """The evaluation as the rows of :func:`line_years` are summed, one by one (the property tests' yardstick)."""
    months = proposal.phasing.value == "months"
    contributions: list[Contribution] = []
    totals: dict[tuple[FinancialYear, Figure], Money] = defaultdict(lambda: _ZERO)
    full_year: dict[FinancialYear, Money] = defaultdict(lambda: _ZERO)
    position = {year: number for number, year in enumerate(years)}
    # What the payback period is worked from, month by month, when it is asked for: the recurring
    # rows with their uprating, and the month and amount of each one-off cost.
    recurring: list[tuple[date, date | None, Money, FinancialYear, int, PriceIndex, Uprate, int]] = []
    one_offs: list[tuple[int, Money]] = []
    # One-off income by month: it moves the position to date, but is no spend to pay back.
    received: list[tuple[int, Money]] = []
    # The arithmetic is :func:`line_years`' (the workings show the same rows); here it is summed.
    conventions = StartConventions.of(proposal)
    for line in line_years(all_terms, years, proposal.phasing, price_indices(proposal), conventions=conventions):
        year, index, number = line.year, line.index, position[line.year]
        for w in line.rows:
            term, parts = w.term, w.pieces
            sign = -1 if term.figure in (Figure.ADDITIONAL_COSTS, Figure.ONE_OFF_COSTS) else 1
            if w.full_year is not None:
                full_year[year] += w.full_year * sign
            if not parts:
                continue
            if term.year is not None:
                paid = parts[0].since or year.start
                once = received if term.figure is Figure.ONE_OFF_INCOME else one_offs
                once.append((number * 12 + (paid.month - 4) % 12, parts[0].rate))
            else:
                start, end = conventions.counted(term, proposal.phasing)
                recurring.append((start, end, term.rate, year, number, index, line.rates.uprate(w.tranche), sign))
            totals[year, term.figure] += w.amount
            first = next(r for r in line.rows if r.pieces) is w
            contributions.append(
                Contribution(
                    term.line,
                    term.figure,
                    year,
                    w.amount,
                    partial(_working, term, parts, index, year, months, w.amount, first),
                )
            )
    figures = _year_figures(
        years,
        opening,
        lambda y, figure: totals[years[y], figure],
        lambda y: full_year[years[y]],
        lambda year: (
            _fte_at(all_terms, year.end),
            -_fte_of_kind(all_terms, "posts_released", year.end),
            _fte_of_kind(all_terms, "posts_created", year.end),
        ),
    )
    one_off_costs = sum((f.one_off_costs for f in figures), _ZERO)

    def payback() -> Payback:
        # Month by month, exact: only when there is something to pay back.
        monthly = [Fraction(0)] * (12 * len(years))
        if one_offs:
            for start, end, rate, year, number, index, uprate, sign in recurring:
                by_month = monthly_amounts(rate, start, end, year, proposal.phasing, index, uprate=uprate)
                for m, exact_month in enumerate(by_month):
                    monthly[number * 12 + m] += sign * exact_month
            for month, amount in one_offs:
                monthly[month] -= Fraction(amount.amount)
            for month, amount in received:
                monthly[month] += Fraction(amount.amount)
        months_paid = [month for month, _ in one_offs]
        first, last = (min(months_paid), max(months_paid)) if months_paid else (None, None)
        return find_payback(monthly, first, last, one_off_costs, years[0].start, figures[-1].full_year_effect)

    return Evaluation(proposal, figures, tuple(contributions), opening, all_terms, payback)


def _working(
    term: Term,
    parts: Sequence[Piece],
    index: PriceIndex,
    year: FinancialYear,
    months: bool,
    amount: Money,
    first: bool,
) -> str:
    """A contribution's arithmetic in words, written when it is read (most never are)."""
    working = " + ".join(
        f"{_working_text(term, year, p, index, first=first)}{_share_text(p.share, months, year.days)}" for p in parts
    )
    return f"{working} = {amount} ({term.source})"


def price_indices(proposal: Proposal) -> dict[Uprating | str, PriceIndex]:
    """The price index each kind of uprating, and each named index, follows: flat in constant prices."""
    if proposal.prices == Prices.CONSTANT:
        return {**dict.fromkeys(Uprating, FLAT), **{index.name: FLAT for index in proposal.indices}}
    return {
        Uprating.PAY: PriceIndex.from_awards(proposal.pay_awards, "pay award"),
        Uprating.INFLATION: PriceIndex.from_awards(proposal.inflation, "inflation"),
        Uprating.NONE: FLAT,
        **{index.name: PriceIndex.from_awards(index.rates, index.name) for index in proposal.indices},
    }


def _working_text(term: Term, year: FinancialYear, piece: Piece, index: PriceIndex, *, first: bool) -> str:
    """A stretch's working: a rebuilt term's year's build-up (once for its line), else its rate and factor."""
    if term.rebuild is not None:
        return working_of(term.rebuild, year, piece.factor, first=first)
    return f"{term.working}{_factor_text(piece, index, term.rate)}"


def _factor_text(piece: Piece, index: PriceIndex, rate: Money) -> str:
    if piece.factor == 1:
        # A part-penny rate (0.5 FTE x £76.85) is rounded to the penny before its share: say so.
        return "" if piece.rate == rate else f" (= {piece.rate} a year, to the penny)"
    if not piece.rate:
        return ""
    return f" x {format_factor(piece.factor)} {index.name} (= {piece.rate})"


#: The line figures each figure is made of: a figure depends on a line with no cost when it feeds one of them.
_DEPENDS_ON: Final[Mapping[Figure, tuple[Figure, ...]]] = {
    Figure.GROSS_SAVING: (Figure.GROSS_SAVING,),
    Figure.ADDITIONAL_COSTS: (Figure.ADDITIONAL_COSTS,),
    Figure.ONE_OFF_COSTS: (Figure.ONE_OFF_COSTS,),
    Figure.INCOME: (Figure.INCOME,),
    Figure.ONE_OFF_INCOME: (Figure.ONE_OFF_INCOME,),
    Figure.NET_SAVING: (Figure.GROSS_SAVING, Figure.INCOME, Figure.ADDITIONAL_COSTS),
    Figure.NET_AFTER_ONE_OFF_COSTS: _LINE_FIGURES,
    Figure.FTE_CHANGE: (),
    Figure.FTE_RELEASED: (),
    Figure.FTE_CREATED: (),
}


def _runs_by(term: Term, year: FinancialYear | None, basis: Basis, last: FinancialYear) -> bool:
    """Whether a term counts in a figure of ``year`` in this view (any year to ``last`` with no year)."""
    if year is None:
        return term.start <= last.end if term.year is None else term.year <= last
    if term.year is not None:
        return term.year == year if basis is Basis.ANNUAL else term.year <= year
    if term.start > year.end:
        return False
    return basis is not Basis.ANNUAL or term.end is None or term.end >= year.start


@dataclass(frozen=True, slots=True)
class StartConventions:
    """Where a recurring term that starts or ends part-way through a month counts from and to (months phasing).

    By default a cost counts from the month it starts in and to the end of the month it ends in
    (prudent for costs: a post created on 15 October costs October), and a saving from its first
    full month to its last (prudent for savings: a post deleted on 15 October saves from
    November); a proposal changes either (``costs_count_from``, ``savings_count_from``). Under
    days phasing every term counts by the day.

    >>> from savingsmodel.model.claims import Figure
    >>> cost = Term("cover", Figure.ADDITIONAL_COSTS, Money(1200), date(2025, 10, 15), date(2026, 1, 9), "", "")
    >>> StartConventions().counted(cost, Phasing.MONTHS)
    (datetime.date(2025, 10, 1), datetime.date(2026, 1, 31))
    >>> StartConventions(costs_count_from="first_full_month").counted(cost, Phasing.MONTHS)[0]
    datetime.date(2025, 10, 15)
    """

    costs_count_from: str = "start"
    savings_count_from: str = "first_full_month"

    @classmethod
    def of(cls, proposal: Proposal) -> StartConventions:
        return cls(proposal.costs_count_from, proposal.savings_count_from)

    def counted(self, term: Term, phasing: Phasing) -> tuple[date, date | None]:
        """The days ``term`` counts from and to: the months phasing already counts from a first full month."""
        if phasing is not Phasing.MONTHS:
            return term.start, term.end
        cost = term.figure in (Figure.ADDITIONAL_COSTS, Figure.ONE_OFF_COSTS)
        convention = self.costs_count_from if cost else self.savings_count_from
        if convention == "first_full_month":
            return term.start, term.end
        end = term.end
        if end is not None:
            end = month_start(end, 1) - timedelta(days=1)  # to the last day of the month it ends in
        return term.start.replace(day=1), end


def _in_force(term: Term, day: date) -> bool:
    return term.start <= day and (term.end is None or term.end >= day)


def _fte_of(term: Term, day: date) -> Iterable[Decimal]:
    return term.fte.values() if _in_force(term, day) else ()


def _fte_of_kind(all_terms: Iterable[Term], kind: str, day: date) -> Decimal:
    """The FTE the lines of one kind move, in force on ``day`` (a regrade moves posts, it releases none)."""
    return sum((v for t in all_terms if t.kind == kind for v in _fte_of(t, day)), Decimal(0))


def _fte_at(all_terms: Iterable[Term], day: date) -> dict[str, Decimal]:
    """The establishment change by grade in force on ``day``; grades that net to zero are kept."""
    change: dict[str, Decimal] = {}
    for term in all_terms:
        if _in_force(term, day):
            for grade, fte in term.fte.items():
                change[grade] = change.get(grade, Decimal(0)) + fte
    return change
