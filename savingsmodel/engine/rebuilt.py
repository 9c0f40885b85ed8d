"""Rates rebuilt each financial year: posts priced from a build-up, not a rate uprated as a whole.

A posts line priced from a built-up grade carries a :attr:`~savingsmodel.engine.terms.Term.rebuild`:
its annual rate in a year at a pay factor, from that year's build-up (pay uprated by the awards
in force, that year's NI per person and pension rate). :func:`rates_in` gives the evaluator the
rates of a line's terms in one year, rebuilt where a term says so and as
:class:`~savingsmodel.engine.uprating.LineRates` uprates them otherwise.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from savingsmodel.core.money import Money
from savingsmodel.core.years import FinancialYear
from savingsmodel.engine.terms import Rebuilt, Term
from savingsmodel.engine.uprating import LineRates, Uprate

__all__ = ["YearRates", "rates_in", "working"]


@dataclass(frozen=True, slots=True)
class YearRates:
    """The rates of a line's terms in one year: rebuilt where a term carries a rebuild, else uprated."""

    line: tuple[Term, ...]
    year: FinancialYear
    base: LineRates

    def at(self, term: int, factor: Decimal) -> Money:
        """The annual rate of term number ``term`` at ``factor`` in the year.

        A rebuilt term's rate is the year's unit cost times its FTE, rounded to the penny,
        half-up, cumulatively over the line's terms (as :class:`LineRates` rounds), so the
        tranches in force add up to the line's own rate whenever the posts go.
        """
        rebuild = self.line[term].rebuild
        if rebuild is None:
            return self.base.at(term, factor)
        return rebuild(self.year, factor).rate

    def uprate(self, term: int) -> Uprate:
        """:meth:`at` for one term, as the ``uprate`` of :func:`~savingsmodel.engine.uprating.pieces`."""
        return functools.partial(self.at, term)


def rates_in(line: tuple[Term, ...], year: FinancialYear, base: LineRates) -> LineRates | YearRates:
    """The rates of a line's terms in ``year``: ``base`` itself when no term is rebuilt."""
    return base if all(t.rebuild is None for t in line) else YearRates(line, year, base)


def working(
    rebuild: Callable[[FinancialYear, Decimal], Rebuilt], year: FinancialYear, factor: Decimal, *, first: bool
) -> str:
    """How a rebuilt term's rate in a stretch of a year was found: the year's build-up at the stretch's pay factor.

    The build-up is shown for the ``first`` of its line's tranches in the year (the line's other
    tranches share it, and say so). A term not rebuilt is worded by the evaluator, as its rate and factor.
    """
    rebuilt = rebuild(year, factor)
    return f"{rebuilt.head} ({rebuilt.detail})" if first else f"{rebuilt.head} (the same build-up)"
