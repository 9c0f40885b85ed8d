"""Workings: each term's arithmetic in each year, step by step, exactly as the engine does it.

Not a second account of the arithmetic: the rows are the evaluator's own steps, made by
:func:`savingsmodel.engine.evaluation.line_years` (the evaluator sums them), laid out one
by one for a reader who redoes the sums elsewhere (the workbook of
:mod:`savingsmodel.outputs.workbook` writes each step as a spreadsheet formula):

>>> from savingsmodel.engine.evaluation import evaluate
>>> from savingsmodel.examples import scs4_1_revised
>>> october = evaluate(scs4_1_revised().with_variant("posts-leave-october"))
>>> first = workings(october).rows[0]
>>> str(first.year), str(first.term.rate), [p.share for p in first.pieces], first.rounded, str(first.amount)
('2016/17', '£576,000', [Fraction(1, 2)], True, '£288,000')

Each row is one term (a tranche of its line) in one year, in the engine's order (line,
then year, then tranche): its stretches (its share of the line's uprated annual rate at
one price level, times a share of the year), whether the line's amount in the year is
rounded to the penny (it is unless every tranche runs the whole year at one price; then
cumulatively, once for the line), the line's exact running total, the amount, and the
full-year amount at the rates in force on the year's last day. ``posts`` are the FTE each
term moves, by grade, at each year's end. When lines began before the horizon, the year
before it (the engine's opening year) has rows of its own, from the same terms, as the
engine makes them. A test holds every row to the engine's own figures.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from types import MappingProxyType

from savingsmodel.core.years import FinancialYear
from savingsmodel.engine.evaluation import Evaluation, StartConventions, Working, line_years, price_indices
from savingsmodel.engine.terms import Term, terms
from savingsmodel.engine.uprating import PriceIndex
from savingsmodel.model.prices import Uprating

__all__ = ["PostsWorking", "Working", "Workings", "price_indices", "workings"]


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
    """Every term's workings, year by year (the opening year's first, when there is one).

    ``opening_terms`` are the terms of the opening year's rows: the evaluation's own terms
    (as the engine evaluates the year before), or none when there is no opening year.
    """

    rows: tuple[Working, ...]
    posts: tuple[PostsWorking, ...]
    terms: tuple[Term, ...]
    opening_terms: tuple[Term, ...]
    opening_year: FinancialYear | None
    indices: Mapping[Uprating | str, PriceIndex]


def workings(evaluation: Evaluation) -> Workings:
    """The evaluation's arithmetic, one row per term and year (and per term, grade and year for posts)."""
    proposal = evaluation.proposal
    indices = MappingProxyType(price_indices(proposal))
    all_terms = evaluation.terms or tuple(terms(proposal))
    conventions = StartConventions.of(proposal)
    opening_terms: tuple[Term, ...] = ()
    opening_year = None
    rows: list[Working] = []
    posts: list[PostsWorking] = []
    if evaluation.opening is not None:
        # The engine's opening year: the year before the horizon, from the same terms.
        opening_terms, opening_year = all_terms, evaluation.opening.year
        found = line_years(all_terms, (opening_year,), proposal.phasing, indices, conventions=conventions, opening=True)
        rows.extend(w for line in found for w in line.rows)
        posts.extend(_posts(all_terms, (opening_year,), opening=True))
    rows.extend(
        w
        for line in line_years(all_terms, proposal.years, proposal.phasing, indices, conventions=conventions)
        for w in line.rows
    )
    posts.extend(_posts(all_terms, proposal.years))
    return Workings(tuple(rows), tuple(posts), all_terms, opening_terms, opening_year, indices)


def _posts(
    all_terms: tuple[Term, ...], years: tuple[FinancialYear, ...], opening: bool = False
) -> Iterator[PostsWorking]:
    for number, term in enumerate(all_terms):
        for year in years:
            if term.fte and _in_force(term, year.end):
                for grade, fte in term.fte.items():
                    yield PostsWorking(term, number, grade, fte, year, opening)


def _in_force(term: Term, day: date) -> bool:
    return term.start <= day and (term.end is None or term.end >= day)
