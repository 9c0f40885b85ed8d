"""The engine: a proposal's figures by financial year, each explained by its lines.

>>> from savingsmodel.examples import scs4_1_revised
>>> result = evaluate(scs4_1_revised())
>>> [str(y.net_saving) for y in result.years]
['£360,000', '£360,000', '£360,000', '£360,000']
>>> [str(y.recurring_net_saving_incremental) for y in result.years]
['£360,000', '£0', '£0', '£0']

Words, as in the glossary: a year's **annual effect** is how much lower that
year's budget is; the **incremental** figure is the change in the annual effect
from the year before (for the recurring net saving, what an MTFP line shows;
one-off costs are shown apart); the **cumulative** figure is the
running total of the incremental ones, and so equals the annual effect; the
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
penny) and rounded once. With one-off costs, the same stretches month by month,
exactly, give the payback period (:mod:`savingsmodel.engine.payback`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from itertools import pairwise
from typing import TYPE_CHECKING

from savingsmodel.core.errors import InputError, did_you_mean
from savingsmodel.core.money import Money, RoundingMode, Unit, round_fraction
from savingsmodel.core.text import one_line
from savingsmodel.core.years import FinancialYear
from savingsmodel.engine.payback import Payback, find_payback
from savingsmodel.engine.terms import Term, format_fte, terms
from savingsmodel.engine.uprating import (
    FLAT,
    Piece,
    PriceIndex,
    format_factor,
    monthly_amounts,
    pieces,
    prices_label,
    uprated,
)
from savingsmodel.model.claims import Basis, Figure
from savingsmodel.model.prices import Prices, Uprating
from savingsmodel.model.proposal import Proposal

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Contribution", "Evaluation", "Explanation", "YearFigures", "evaluate"]

_ZERO = Money(0)
# The money figures a line can feed directly; the net figures are derived from them.
_LINE_FIGURES = (Figure.GROSS_SAVING, Figure.ADDITIONAL_COSTS, Figure.ONE_OFF_COSTS, Figure.INCOME)


@dataclass(frozen=True, slots=True)
class Contribution:
    """What one term adds to one figure in one year, and the arithmetic in words."""

    line: str
    figure: Figure
    year: FinancialYear
    amount: Money
    text: str


@dataclass(frozen=True, slots=True)
class Explanation:
    """A figure and the parts that make it; ``str()`` reads as a working."""

    figure: Figure
    year: FinancialYear | None
    value: Money | Decimal
    parts: tuple[str, ...]
    prices: str = ""

    def __str__(self) -> str:
        when = "over the period" if self.year is None else f"in {self.year}"
        value = str(self.value) if isinstance(self.value, Money) else f"{format_fte(self.value)} FTE"
        head = f"{self.figure.label} {when}: {value}"
        parts = [f"  {one_line(part)}" for part in self.parts]  # each part one inert line (it quotes sources)
        text = "\n".join([head, *parts]) if parts else f"{head}\n  (no lines)"
        return f"{text}\n  (figures in {self.prices})" if self.prices else text


@dataclass(frozen=True, slots=True)
class YearFigures:
    """One financial year's figures. Money is exact; FTE changes are at the year's end."""

    year: FinancialYear
    gross_saving: Money
    additional_costs: Money
    one_off_costs: Money
    income: Money
    recurring_net_saving: Money
    net_saving: Money
    net_saving_incremental: Money
    net_saving_cumulative: Money
    full_year_effect: Money
    fte_change: Mapping[str, Decimal]
    fte_released: Decimal
    fte_created: Decimal
    #: The MTFP line: the change in the recurring budget effect from the year before.
    recurring_net_saving_incremental: Money

    @property
    def fte_change_total(self) -> Decimal:
        return sum(self.fte_change.values(), Decimal(0))

    def figure(self, figure: Figure, grade: str | None = None) -> Money | Decimal:
        if figure is Figure.FTE_CHANGE:
            return self.fte_change.get(grade, Decimal(0)) if grade else self.fte_change_total
        value: Money | Decimal = getattr(self, figure.value)
        return value


@dataclass(frozen=True)
class Evaluation:
    """The figures of a proposal over its horizon, and how each was made."""

    proposal: Proposal
    years: tuple[YearFigures, ...]
    contributions: tuple[Contribution, ...]
    payback: Payback
    #: The year before the horizon, when lines were already in force then: the base the first
    #: year's incremental figures move from (posts gone in October 2015 save a part year in
    #: 2015/16, so 2016/17's MTFP line is only the rest).
    opening: YearFigures | None = None
    #: The proposal's lines as the engine's terms, made once: checks and explanations read them.
    terms: tuple[Term, ...] = ()

    @property
    def prices(self) -> str:
        """Which prices the figures are in: cash terms (and what uprated them) or constant prices."""
        p = self.proposal
        return prices_label(p.prices, len(p.pay_awards), len(p.inflation), p.price_base)

    @property
    def cumulative_net_position(self) -> tuple[Money, ...]:
        """By year: the net savings (recurring less one-off costs) of every year to the end of that one."""
        running: list[Money] = []
        for y in self.years:
            running.append(y.net_saving + (running[-1] if running else _ZERO))
        return tuple(running)

    @property
    def invest_to_save(self) -> bool:
        """Whether there are one-off costs and they exceed the first year's recurring net saving."""
        one_off = self.total_over_period(Figure.ONE_OFF_COSTS)
        return bool(one_off) and one_off > self.years[0].recurring_net_saving

    def _prices_note(self) -> str:
        # Said beside every explanation once prices are in play; a proposal that states
        # no awards reads as before (its cash and constant figures are the same).
        p = self.proposal
        return self.prices if p.prices == Prices.CONSTANT or p.pay_awards or p.inflation else ""

    def year(self, year: FinancialYear | str) -> YearFigures:
        try:
            wanted = year if isinstance(year, FinancialYear) else FinancialYear.parse(year)
        except ValueError as error:
            # A year typed by a user (``savingsmodel explain FILE net_saving 2016``) is bad input, not a crash.
            raise InputError.one("year", str(error)) from None
        for figures in self.years:
            if figures.year == wanted:
                return figures
        horizon = f"{self.years[0].year} to {self.years[-1].year}"
        raise InputError.one("year", f"expected a year from {horizon}, found {wanted}")

    def total_over_period(self, figure: Figure | str = Figure.NET_SAVING) -> Money:
        """The sum of the annual effects over the horizon: never an annual figure."""
        figure = _figure(figure)
        if not figure.is_money:
            raise InputError.one("figure", f"expected a money figure, found {figure.value}")
        return sum((_money(y.figure(figure)) for y in self.years), _ZERO)

    def series(
        self, figure: Figure, basis: Basis | str = Basis.ANNUAL, grade: str | None = None
    ) -> tuple[Money | Decimal, ...]:
        """A figure for every year, as the annual effect, incremental, or cumulative."""
        views = (Basis.ANNUAL, Basis.INCREMENTAL, Basis.CUMULATIVE)
        if basis not in views:
            raise InputError.one("basis", f"expected 'annual', 'incremental' or 'cumulative', found {basis!r}")
        annual = [y.figure(figure, grade) for y in self.years]
        opening = _opening_value(self.opening, figure, grade)
        if basis == Basis.ANNUAL:
            return tuple(annual)
        if basis == Basis.INCREMENTAL:
            return tuple(_incremental(annual, opening))
        # The cumulative view is the running total of the incremental one, from the
        # opening position, which returns the annual effect; it is computed, not assumed.
        running: list[Money | Decimal] = []
        for step in _incremental(annual, opening):
            running.append(_add(running[-1] if running else opening, step))
        return tuple(running)

    def full_year(self, figure: Figure | str, year: FinancialYear | str) -> Money:
        """A money figure as a whole year at the rates in force on the year's last day (uprated as that day is).

        One-off costs count as they fall; the recurring and net figures follow ``full_year_effect``.
        """
        figure, figures = _figure(figure), self.year(year)
        if not figure.is_money:
            raise InputError.one("figure", f"expected a money figure, found {figure.value}")
        if figure is Figure.ONE_OFF_COSTS:
            return figures.one_off_costs
        if figure is Figure.RECURRING_NET_SAVING:
            return figures.full_year_effect
        if figure is Figure.NET_SAVING:
            return figures.full_year_effect - figures.one_off_costs
        indices, day = _indices(self.proposal), figures.year.end
        return sum(
            (
                uprated(t.rate, indices[t.uprating].factor_at(day))
                for t in self.terms
                if t.year is None and t.figure is figure and _in_force(t, day)
            ),
            _ZERO,
        )

    def explain(
        self, figure: Figure | str, year: FinancialYear | str | None = None, grade: str | None = None
    ) -> Explanation:
        """The lines that make a figure in a year (or over the period, with no year)."""
        figure = _figure(figure)
        if grade is not None and figure is not Figure.FTE_CHANGE:
            # Every other figure is the whole proposal's; showing it under a grade's name would mislead.
            raise InputError.one("grade", f"expected a grade only for fte_change, found one for {figure.value}")
        wanted = None if year is None else self.year(year).year
        if not figure.is_money:
            return self._explain_fte(figure, wanted, grade)
        if wanted is None:
            parts = tuple(f"{y.year}: {y.figure(figure)}" for y in self.years)
            return Explanation(figure, None, self.total_over_period(figure), parts, self._prices_note())
        figures = self.year(wanted)
        if figure in _LINE_FIGURES:
            parts = tuple(c.text for c in self.contributions if c.figure is figure and c.year == wanted)
            return Explanation(figure, wanted, figures.figure(figure), parts, self._prices_note())
        gross, income, costs = figures.gross_saving, figures.income, figures.additional_costs
        working = f"gross saving {gross} + income {income} - additional costs {costs}"
        if figure is Figure.NET_SAVING:
            working += f" - one-off costs {figures.one_off_costs}"
        value = figures.figure(figure)
        # Then the lines behind each part, so a net figure is explained down to its lines too.
        lines = [f"{working} = {value}"]
        for part in _LINE_FIGURES:
            if part is Figure.ONE_OFF_COSTS and figure is not Figure.NET_SAVING:
                continue
            label = part.label
            lines.extend(f"{label}: {c.text}" for c in self.contributions if c.figure is part and c.year == wanted)
        return Explanation(figure, wanted, value, tuple(lines), self._prices_note())

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
        return Explanation(figure, last.year, value.amount if isinstance(value, Money) else value, parts)

    def to_frame(self) -> pd.DataFrame:
        """One row per financial year; money as Decimal pounds (object columns), exact."""
        import pandas as pd

        rows = []
        for y in self.years:
            row: dict[str, object] = {"year": str(y.year)}
            for name in (
                "gross_saving",
                "additional_costs",
                "one_off_costs",
                "income",
                "recurring_net_saving",
                "recurring_net_saving_incremental",
                "net_saving",
                "net_saving_incremental",
                "net_saving_cumulative",
                "full_year_effect",
            ):
                row[name] = getattr(y, name).amount
            row["fte_change"] = y.fte_change_total
            row["fte_released"], row["fte_created"] = y.fte_released, y.fte_created
            rows.append(row)
        frame = pd.DataFrame(rows).set_index("year")
        frame.attrs["prices"] = self.prices
        return frame


def _figure(figure: Figure | str) -> Figure:
    if isinstance(figure, Figure):
        return figure
    try:
        return Figure(figure)
    except ValueError:
        known = [f.value for f in Figure]
        raise InputError.one("figure", f"unknown figure {figure!r}{did_you_mean(figure, known)}") from None


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
    """The proposal's figures for each financial year of its horizon."""
    all_terms = tuple(terms(proposal))
    opening = None
    if any(t.year is None and t.start < proposal.start_year.start for t in all_terms):
        # Lines already in force before the horizon: the year before is the base the first
        # year's incremental figures move from. (One-off costs all fall inside the horizon.)
        # Undated lines start with the proposal, so the year before has terms of its own.
        before = proposal.model_copy(update={"start_year": proposal.start_year.previous(), "horizon": 1})
        opening = _evaluate(before, None, tuple(terms(before))).years[0]
    return _evaluate(proposal, opening, all_terms)


def _evaluate(proposal: Proposal, opening: YearFigures | None, all_terms: tuple[Term, ...]) -> Evaluation:
    years = proposal.years
    months = proposal.phasing.value == "months"
    contributions: list[Contribution] = []
    totals: dict[tuple[FinancialYear, Figure], Money] = defaultdict(lambda: _ZERO)
    full_year: dict[FinancialYear, Money] = defaultdict(lambda: _ZERO)
    indices = _indices(proposal)
    # Month by month, exact, for the payback period: needed only when there is something to pay back.
    monthly = [Fraction(0)] * (12 * len(years)) if any(t.year in years for t in all_terms) else None
    last_cost: int | None = None
    for term in all_terms:
        index = indices[term.uprating]
        sign = -1 if term.figure in (Figure.ADDITIONAL_COSTS, Figure.ONE_OFF_COSTS) else 1
        for number, year in enumerate(years):
            if term.year is not None:
                if term.year != year:
                    continue
                paid = term.start if term.start in year else year.start
                factor = index.factor_at(paid)
                parts: tuple[Piece, ...] = (Piece(uprated(term.rate, factor), factor, Fraction(1)),)
                if monthly is not None:
                    month = number * 12 + (paid.month - 4) % 12
                    monthly[month] -= Fraction(parts[0].rate.amount)
                    last_cost = month if last_cost is None else max(last_cost, month)
            else:
                parts = pieces(term.rate, term.start, term.end, year, proposal.phasing, index)
                if _in_force(term, year.end):
                    full_year[year] += uprated(term.rate, index.factor_at(year.end)) * sign
                if monthly is not None and parts:
                    by_month = monthly_amounts(term.rate, term.start, term.end, year, proposal.phasing, index)
                    for m, exact_month in enumerate(by_month):
                        monthly[number * 12 + m] += sign * exact_month
            if not parts:
                continue
            # The one place a phased figure is rounded: the year's amount of a term, to the penny, half-up.
            if len(parts) == 1 and parts[0].share == 1:
                amount = parts[0].rate
            else:
                exact = sum((p.exact for p in parts), Fraction(0))
                amount = Money(round_fraction(exact, Unit.PENCE.value, RoundingMode.HALF_UP))
            totals[year, term.figure] += amount
            working = " + ".join(
                f"{term.working}{_factor_text(p, index, term.rate)}{_share_text(p.share, months, year.days)}"
                for p in parts
            )
            text = f"{working} = {amount} ({term.source})"
            contributions.append(Contribution(term.line, term.figure, year, amount, text))
    figures: list[YearFigures] = []
    previous_net = cumulative = _ZERO if opening is None else opening.net_saving
    previous_recurring = _ZERO if opening is None else opening.recurring_net_saving
    for year in years:
        gross, costs = totals[year, Figure.GROSS_SAVING], totals[year, Figure.ADDITIONAL_COSTS]
        one_off, income = totals[year, Figure.ONE_OFF_COSTS], totals[year, Figure.INCOME]
        recurring = gross + income - costs
        net = recurring - one_off
        incremental = net - previous_net
        cumulative += incremental
        previous_net = net
        recurring_incremental = recurring - previous_recurring
        previous_recurring = recurring
        fte = _fte_at(all_terms, year.end)
        released = -_fte_of_kind(all_terms, "posts_released", year.end)
        created = _fte_of_kind(all_terms, "posts_created", year.end)
        figures.append(
            YearFigures(
                year=year,
                gross_saving=gross,
                additional_costs=costs,
                one_off_costs=one_off,
                income=income,
                recurring_net_saving=recurring,
                net_saving=net,
                net_saving_incremental=incremental,
                net_saving_cumulative=cumulative,
                full_year_effect=full_year[year],
                fte_change=fte,
                fte_released=released,
                fte_created=created,
                recurring_net_saving_incremental=recurring_incremental,
            )
        )
    one_off_costs = sum((f.one_off_costs for f in figures), _ZERO)
    payback = find_payback(monthly or [Fraction(0)] * (12 * len(years)), last_cost, one_off_costs, years[0].start)
    return Evaluation(proposal, tuple(figures), tuple(contributions), payback, opening, all_terms)


def _indices(proposal: Proposal) -> dict[Uprating, PriceIndex]:
    """The price index each kind of uprating follows: flat in constant prices."""
    if proposal.prices == Prices.CONSTANT:
        return dict.fromkeys(Uprating, FLAT)
    return {
        Uprating.PAY: PriceIndex.from_awards(proposal.pay_awards, "pay award"),
        Uprating.INFLATION: PriceIndex.from_awards(proposal.inflation, "inflation"),
        Uprating.NONE: FLAT,
    }


def _factor_text(piece: Piece, index: PriceIndex, rate: Money) -> str:
    if piece.factor == 1:
        # A part-penny rate (0.5 FTE x £76.85) is rounded to the penny before its share: say so.
        return "" if piece.rate == rate else f" (= {piece.rate} a year, to the penny)"
    if not piece.rate:
        return ""
    return f" x {format_factor(piece.factor)} {index.name} (= {piece.rate})"


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
