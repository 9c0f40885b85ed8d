"""Workings: each term's arithmetic in each year, step by step, exactly as the engine does it.

The evaluator (:mod:`savingsmodel.engine.evaluation`) sums each term's stretches of a
year and rounds the year's amount once; these are the same steps laid out one by
one, for a reader who redoes the sums elsewhere (the workbook of
:mod:`savingsmodel.outputs.workbook` writes each step as a spreadsheet formula):

>>> from savingsmodel.engine.evaluation import evaluate
>>> from savingsmodel.examples import scs4_1_revised
>>> october = evaluate(scs4_1_revised().with_variant("posts-leave-october"))
>>> first = workings(october).rows[0]
>>> str(first.year), str(first.term.rate), [p.share for p in first.pieces], first.rounded, str(first.amount)
('2016/17', '£576,000', [Fraction(1, 2)], True, '£288,000')

Each row is one term in one year: its stretches (an annual rate at one price level
times a share of the year), whether the year's amount is rounded to the penny
(it is unless the term runs the whole year at one price), the amount, and the
full-year amount at the rates in force on the year's last day. ``posts`` are the
FTE each term moves, by grade, at each year's end. When lines began before the
horizon, the year before it (the engine's opening year) has rows of its own, from
the terms of the proposal moved back a year, as the engine makes them.
A test holds every row to the engine's own figures.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from types import MappingProxyType

from savingsmodel.core.money import Money, RoundingMode, Unit, round_fraction
from savingsmodel.core.phasing import Phasing
from savingsmodel.core.years import FinancialYear
from savingsmodel.engine.evaluation import Evaluation
from savingsmodel.engine.terms import Rebuilt, Term, terms
from savingsmodel.engine.uprating import FLAT, Piece, PriceIndex, pieces, uprated
from savingsmodel.model.prices import Prices, Uprating
from savingsmodel.model.proposal import Proposal

__all__ = ["PostsWorking", "Working", "Workings", "price_indices", "workings"]

_ZERO = Money(0)


@dataclass(frozen=True, slots=True)
class Working:
    """One term in one year: its stretches, whether the year's amount is rounded, and the amounts.

    ``number`` is the term's place in its list (``Workings.terms``, or ``opening_terms`` for a
    row of the opening year). ``full_year`` is the term's annual rate uprated as on the year's
    last day when it is in force then (None when it is not, and for a one-off), taken at
    ``full_year_factor``.
    """

    term: Term
    number: int
    year: FinancialYear
    pieces: tuple[Piece, ...]
    rounded: bool
    amount: Money
    full_year: Money | None
    full_year_factor: Decimal
    opening: bool = False


@dataclass(frozen=True, slots=True)
class PostsWorking:
    """The FTE a term moves in one grade, in force at the end of ``year``."""

    term: Term
    number: int
    grade: str
    fte: Decimal
    year: FinancialYear
    opening: bool = False


@dataclass(frozen=True, slots=True)
class Workings:
    """Every term's workings, year by year (the opening year's first, when there is one)."""

    rows: tuple[Working, ...]
    posts: tuple[PostsWorking, ...]
    terms: tuple[Term, ...]
    opening_terms: tuple[Term, ...]
    opening_year: FinancialYear | None
    indices: Mapping[Uprating, PriceIndex]


def price_indices(proposal: Proposal) -> Mapping[Uprating, PriceIndex]:
    """The price index each kind of uprating follows: flat in constant prices (as the evaluator's)."""
    if proposal.prices == Prices.CONSTANT:
        return MappingProxyType(dict.fromkeys(Uprating, FLAT))
    return MappingProxyType(
        {
            Uprating.PAY: PriceIndex.from_awards(proposal.pay_awards, "pay award"),
            Uprating.INFLATION: PriceIndex.from_awards(proposal.inflation, "inflation"),
            Uprating.NONE: FLAT,
        }
    )


def workings(evaluation: Evaluation) -> Workings:
    """The evaluation's arithmetic, one row per term and year (and per term, grade and year for posts)."""
    proposal = evaluation.proposal
    indices = price_indices(proposal)
    all_terms = evaluation.terms or tuple(terms(proposal))
    opening_terms: tuple[Term, ...] = ()
    opening_year = None
    rows: list[Working] = []
    posts: list[PostsWorking] = []
    if evaluation.opening is not None:
        # The engine's opening year: the proposal moved back a year, its own terms (undated lines start with it).
        before = proposal.model_copy(update={"start_year": proposal.start_year.previous(), "horizon": 1})
        opening_terms, opening_year = tuple(terms(before)), before.start_year
        rows.extend(_rows(opening_terms, (opening_year,), before.phasing, indices, opening=True))
        posts.extend(_posts(opening_terms, (opening_year,), opening=True))
    rows.extend(_rows(all_terms, proposal.years, proposal.phasing, indices))
    posts.extend(_posts(all_terms, proposal.years))
    return Workings(tuple(rows), tuple(posts), all_terms, opening_terms, opening_year, indices)


def _rows(
    all_terms: tuple[Term, ...],
    years: tuple[FinancialYear, ...],
    phasing: Phasing,
    indices: Mapping[Uprating, PriceIndex],
    opening: bool = False,
) -> Iterator[Working]:
    for number, term in enumerate(all_terms):
        index = indices[term.uprating]
        for year in years:
            full_year, year_end_factor = None, index.factor_at(year.end)
            if term.year is not None:
                if term.year != year:
                    continue
                paid = term.start if term.start in year else year.start
                factor = index.factor_at(paid)
                parts: tuple[Piece, ...] = (Piece(uprated(term.rate, factor), factor, Fraction(1), paid),)
            elif term.rebuild is not None:
                # Posts priced from a build-up: the year's rebuilt rate at each price level (as the evaluator's).
                at = functools.partial(_rebuilt_rate, term.rebuild, year)
                parts = pieces(term.rate, term.start, term.end, year, phasing, index, uprate=at)
                if _in_force(term, year.end):
                    full_year = at(year_end_factor)
            else:
                parts = pieces(term.rate, term.start, term.end, year, phasing, index)
                if _in_force(term, year.end):
                    full_year = uprated(term.rate, year_end_factor)
            if not parts and full_year is None:
                continue
            # The engine's one rounding point of a year's amount: none for a whole year at one price.
            whole = len(parts) == 1 and parts[0].share == 1
            if not parts:
                amount = _ZERO
            elif whole:
                amount = parts[0].rate
            else:
                exact = sum((p.exact for p in parts), Fraction(0))
                amount = Money(round_fraction(exact, Unit.PENCE.value, RoundingMode.HALF_UP))
            rounded = bool(parts) and not whole
            yield Working(term, number, year, parts, rounded, amount, full_year, year_end_factor, opening)


def _posts(
    all_terms: tuple[Term, ...], years: tuple[FinancialYear, ...], opening: bool = False
) -> Iterator[PostsWorking]:
    for number, term in enumerate(all_terms):
        for year in years:
            if term.fte and _in_force(term, year.end):
                for grade, fte in term.fte.items():
                    yield PostsWorking(term, number, grade, fte, year, opening)


def _rebuilt_rate(rebuild: Callable[[FinancialYear, Decimal], Rebuilt], year: FinancialYear, factor: Decimal) -> Money:
    return rebuild(year, factor).rate


def _in_force(term: Term, day: date) -> bool:
    return term.start <= day and (term.end is None or term.end >= day)
