"""Uprating: how amounts stated at the paper's prices move from year to year.

An award takes effect on its ``effective`` date (default 1 April of its year),
so a 1 July award counts for 9/12 of its first financial year under the months
convention:

>>> from savingsmodel.model.prices import Award
>>> award = Award(year="2016/17", rate="1%", effective=date(2016, 7, 1))
>>> index = PriceIndex.from_awards([award], "pay award")
>>> index.factor_at(date(2016, 6, 30)), index.factor_at(date(2016, 7, 1))
(Decimal('1'), Decimal('1.01'))
>>> [(str(p.rate), p.share) for p in pieces(Money(48000), date(2016, 4, 1), None, FinancialYear(2016),
...                                          Phasing.MONTHS, index)]
[('£48,000', Fraction(1, 4)), ('£48,480', Fraction(3, 4))]

The one rounding point: the annual rate at the prices in force (the line's annual
rate times the cumulative factor, 1 before any award) is rounded to the penny,
half-up, by :func:`uprated`. Factors multiply exactly (Decimal), never rounded.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Context, Decimal, Inexact, InvalidOperation, Overflow
from fractions import Fraction
from itertools import pairwise
from typing import Final

from savingsmodel.core.money import Money, RoundingMode, Unit
from savingsmodel.core.phasing import Phasing, month_start, share_of_year
from savingsmodel.core.years import FinancialYear
from savingsmodel.model.prices import Award, Prices

__all__ = [
    "FLAT",
    "LineRates",
    "Piece",
    "PriceIndex",
    "format_factor",
    "monthly_amounts",
    "pieces",
    "prices_label",
    "uprated",
]

# Factors are products of a few short decimals: exact within this precision, or an error.
_FACTORS: Final = Context(prec=400, traps=[InvalidOperation, Overflow, Inexact])
_ONE: Final = Decimal(1)


def format_factor(factor: Decimal) -> str:
    """An uplift factor to at least 4 places, exactly: ``1.0150``, ``1.025150``.

    >>> format_factor(Decimal("1.015")), format_factor(Decimal("1.02515"))
    ('1.0150', '1.02515')
    """
    exponent = factor.as_tuple().exponent
    places = max(4, -exponent if isinstance(exponent, int) else 4)
    return f"{factor:.{places}f}"


@dataclass(frozen=True, slots=True)
class PriceIndex:
    """Cumulative uplift factors: the product of ``1 + rate`` of every award in effect on a day."""

    name: str
    steps: tuple[tuple[date, Decimal], ...] = ()

    @classmethod
    def from_awards(cls, awards: Iterable[Award], name: str) -> PriceIndex:
        factor, steps = _ONE, []
        for award in sorted(awards, key=lambda a: a.on):
            if not award.rate:
                continue  # a 0% award changes no price: no step, so nothing is split or rounded
            factor = _FACTORS.multiply(factor, _FACTORS.add(_ONE, award.rate))
            steps.append((award.on, factor))
        return cls(name, tuple(steps))

    def factor_at(self, day: date) -> Decimal:
        """The factor in effect on ``day`` (1 before the first award)."""
        factor = _ONE
        for on, cumulative in self.steps:
            if on > day:
                break
            factor = cumulative
        return factor

    def changes_in(self, first: date, stop: date) -> tuple[date, ...]:
        """The days after ``first`` and before ``stop`` on which the factor changes."""
        return tuple(on for on, _ in self.steps if first < on < stop)


#: No uprating: constant prices, or a line that does not uprate.
FLAT: Final = PriceIndex("flat")


def uprated(rate: Money, factor: Decimal) -> Money:
    """The named rounding point: a line's annual rate at the prices in force, to the penny, half-up.

    The rate times its factor, rounded, whether or not an award has moved it (a factor of 1):
    0.5 FTE at £76.85 is £38.43 a year, as a payroll pays it, so every figure made of rates is
    whole pence and reads the same in every format. A whole-pence rate at factor 1 is itself.

    >>> uprated(Money("48000"), Decimal("1.015")), uprated(Money("100.01"), Decimal("1.025"))
    (Money('48720.00'), Money('102.51'))
    >>> uprated(Money("38.425"), Decimal(1)), uprated(Money("48000"), Decimal(1))
    (Money('38.43'), Money('48000'))
    """
    exponent = rate.amount.as_tuple().exponent
    if factor == _ONE and isinstance(exponent, int) and exponent >= -2:
        return rate  # already whole pence, as written: nothing to round
    return rate.scaled(Fraction(factor), Unit.PENCE, RoundingMode.HALF_UP)


#: A term's uprated annual rate at a factor: :func:`uprated`, or its share of its line's (:class:`LineRates`).
Uprate = Callable[[Decimal], Money]


@dataclass(frozen=True)
class LineRates:
    """The uprated rates of a line's terms (its tranches), rounded once for the line as a whole.

    Each term's uprated rate is its share of the line's: the uprated rate of the terms up to
    it, less that of the terms before it. So the tranches in force add up to the line's own
    uprated rate, and when posts go (5, 4 and 3, or 6, 3 and 3) does not move a later year by
    a penny. A line of one term is uprated as :func:`uprated` does.

    >>> rates = LineRates((Money("240617.25"), Money("192493.80"), Money("144370.35")))
    >>> [str(rates.at(k, Decimal("1.017"))) for k in range(3)]
    ['£244,707.74', '£195,766.20', '£146,824.64']
    >>> str(uprated(Money("577481.40"), Decimal("1.017")))
    '£587,298.58'
    """

    rates: tuple[Money, ...]
    _cache: dict[Decimal, tuple[Money, ...]] = field(default_factory=dict, repr=False, compare=False)

    def at(self, term: int, factor: Decimal) -> Money:
        """The uprated annual rate of term number ``term`` at ``factor``."""
        if factor not in self._cache:
            running, before, shares = Money(0), Money(0), []
            for rate in self.rates:
                running += rate
                upto = uprated(running, factor)
                shares.append(upto - before)
                before = upto
            self._cache[factor] = tuple(shares)
        return self._cache[factor][term]

    def uprate(self, term: int) -> Uprate:
        """:meth:`at` for one term, as the ``uprate`` of :func:`pieces` and :func:`monthly_amounts`."""
        return functools.partial(self.at, term)


@dataclass(frozen=True, slots=True)
class Piece:
    """A stretch of a year in which a rate runs at one price level: ``rate x share``, exactly."""

    rate: Money
    factor: Decimal
    share: Fraction
    #: The day whose price level the stretch takes (the year's first day, or an award's); None when nothing uprates.
    since: date | None = None

    @property
    def exact(self) -> Fraction:
        """The amount this stretch contributes, unrounded."""
        return Fraction(self.rate.amount) * self.share


def pieces(
    rate: Money,
    start: date,
    end: date | None,
    year: FinancialYear,
    phasing: Phasing,
    index: PriceIndex,
    *,
    uprate: Uprate | None = None,
) -> tuple[Piece, ...]:
    """The stretches of ``year`` in which a rate runs at one price level each.

    ``uprate`` gives the rate at a factor (default :func:`uprated`; a line's tranches use
    :meth:`LineRates.uprate`). Shares are differences of the share from a day to the end (the "tail"), so they
    add up to the share of the whole year under either convention: under months a
    mid-month award counts from the first of the next month, like any mid-month date.
    """
    at = uprate or functools.partial(uprated, rate)
    if not index.steps:  # one price level all along: the share of the year, as it is
        share = share_of_year(year, start, end, phasing)
        return (Piece(at(_ONE), _ONE, share),) if share else ()
    first, stop = year.start, year.end + timedelta(days=1)

    def tail(day: date) -> Fraction:
        return share_of_year(year, max(day, start), end, phasing)

    cuts = (first, *index.changes_in(first, stop), stop)
    tails = [*(tail(day) for day in cuts[:-1]), Fraction(0)]  # nothing runs on from the next year's first day
    found = []
    for (a, share_a), share_b in zip(zip(cuts, tails, strict=True), tails[1:], strict=False):
        if share_a != share_b:
            factor = index.factor_at(a)
            found.append(Piece(at(factor), factor, share_a - share_b, a))
    return tuple(found)


def monthly_amounts(
    rate: Money,
    start: date,
    end: date | None,
    year: FinancialYear,
    phasing: Phasing,
    index: PriceIndex,
    *,
    uprate: Uprate | None = None,
) -> list[Fraction]:
    """The exact amount in each month of ``year`` (April first): the year's :func:`pieces`, month by month.

    One share per cut (each month's first day and each award), so a year costs 13 to
    about 16 share computations, not 12 calls of :func:`pieces`.
    """
    at = uprate or functools.partial(uprated, rate)
    firsts = [month_start(year.start, m) for m in range(13)]
    changes = index.changes_in(year.start, firsts[-1])
    if not changes and start <= year.start and (end is None or end >= year.end):
        # In effect all year at one price (the common case): each month is its share of the year.
        whole = Fraction(at(index.factor_at(year.start)).amount)
        return [whole * share for share in _month_shares(year, phasing)]
    cuts = sorted({*firsts, *changes})

    def tail(day: date) -> Fraction:
        return share_of_year(year, max(day, start), end, phasing)

    tails = [tail(day) for day in cuts]
    amounts = [Fraction(0)] * 12
    rates: dict[Decimal, Fraction] = {}  # the uprated rate at each price level, worked once
    for (a, share_a), (_, share_b) in pairwise(zip(cuts, tails, strict=True)):
        if share_a != share_b:
            factor = index.factor_at(a)
            if factor not in rates:
                rates[factor] = Fraction(at(factor).amount)
            amounts[(a.year - year.start_year) * 12 + a.month - 4] += rates[factor] * (share_a - share_b)
    return amounts


@functools.cache
def _month_shares(year: FinancialYear, phasing: Phasing) -> tuple[Fraction, ...]:
    """Each month's share of a whole year (twelfths, or its days over the year's); pure, so kept once worked."""
    firsts = [month_start(year.start, m) for m in range(13)]
    return tuple(
        share_of_year(year, a, None, phasing) - share_of_year(year, b, None, phasing) for a, b in pairwise(firsts)
    )


def prices_label(prices: Prices, pay_awards: int, inflation: int, base: FinancialYear | None = None) -> str:
    """Words for a report saying which prices its figures are in, and what that means.

    >>> prices_label(Prices.CASH, 1, 0)
    'cash terms (uprated by 1 pay award: each year at its own prices, pay inflation within the saving)'
    >>> prices_label(Prices.CASH, 1, 1, FinancialYear(2015)).split(":")[0]
    'cash terms from 2015/16 prices (uprated by 1 pay award and 1 inflation rate'
    >>> prices_label(Prices.CONSTANT, 1, 2, FinancialYear(2015))
    'constant 2015/16 prices (base-year prices, not uprated: pay inflation is costed once, among the pressures)'
    """
    if prices == Prices.CONSTANT:
        at = f"constant {base} prices" if base else "constant prices"
        return f"{at} (base-year prices, not uprated: pay inflation is costed once, among the pressures)"
    cash = f"cash terms from {base} prices" if base else "cash terms"
    stated = [
        f"{n} {word}{'' if n == 1 else 's'}"
        for n, word in ((pay_awards, "pay award"), (inflation, "inflation rate"))
        if n
    ]
    if not stated:
        return f"{cash} (no pay awards or inflation stated, so nothing uprated: the same as constant prices)"
    return f"{cash} (uprated by {' and '.join(stated)}: each year at its own prices, pay inflation within the saving)"
