"""Every line's amount in every year at once, in integer pence: what the exact evaluator sums.

:func:`~savingsmodel.engine.evaluation.line_years` works a line's year out as
:class:`~savingsmodel.engine.evaluation.Working` rows (stretches, exact fractions, text);
:func:`summed` gives the same amounts for all the terms of a proposal together, as integers,
so that a proposal of 100,000 lines is summed in a fraction of a second. The arithmetic is
the same, made at the same named points by the same rule:

- a line's annual rate at a price level is its running total of rates times the level's
  factor, rounded to the penny, half-up, less the same for the tranches before it
  (:class:`~savingsmodel.engine.uprating.LineRates`); posts priced from a build-up take the
  year's rebuilt rate (:mod:`~savingsmodel.engine.rebuilt`), worked once per shape of posts;
- a stretch's share of the year is a whole number of twelfths (months phasing) or of the
  year's days (days phasing), as :func:`~savingsmodel.core.phasing.share_of_year` counts it;
- a line's amount in a year is the running total of its tranches' ``rate x share``, rounded
  once to the penny, half-up, less the same for the tranches before (when every tranche runs
  the whole year at one price, that is its rate, as it is).

Integers are numpy's int64 while every product is known to fit (bounded before it is
made), else Python's own integers in the same arrays: never a float. A property test holds
the sums to the line-by-line working to the penny. Each amount also carries the exponent of
the Decimal the line-by-line working gives (``£48,000`` is ``48000``, an uprated rate
``48720.00``), so that figures read the same in every format.

>>> from savingsmodel.examples import scs4_1_revised
>>> from savingsmodel.engine.evaluation import StartConventions, price_indices
>>> from savingsmodel.engine.terms import terms
>>> p = scs4_1_revised()
>>> found = summed(tuple(terms(p)), p.years, p.phasing, price_indices(p), StartConventions.of(p))
>>> int(found.amount[0, 0]), bool(found.counts[0, 0])
(57600000, True)
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Final, Protocol

import numpy as np
import numpy.typing as npt

from savingsmodel.core.money import Money
from savingsmodel.core.phasing import Phasing, month_start
from savingsmodel.core.years import FinancialYear
from savingsmodel.engine.terms import Rebuilt, Term
from savingsmodel.engine.uprating import PriceIndex
from savingsmodel.model.claims import Figure
from savingsmodel.model.prices import Uprating

if TYPE_CHECKING:
    _Array = npt.NDArray[Any]

__all__ = ["Summed", "full_year_total", "money_of", "monthly", "summed", "totals"]

#: Products are made in int64 only below this bound; past it, in Python's integers.
_SAFE: Final = 2**62
#: A rate or amount in pence held in int64 is below this (about £11bn): times 366 days, and summed over a
#: million terms, it stays within int64. Larger ones are held as Python's integers.
_SMALL: Final = 2**40
#: Running totals of rates (in units of 10**-scale pounds) held in int64 are below this, so that times a
#: factor's numerator below 2**22 they stay below _SAFE; otherwise they are Python's integers.
_BIG: Final = 2**40


class _Counted(Protocol):
    """What :func:`summed` needs of :class:`~savingsmodel.engine.evaluation.StartConventions`."""

    def counted(self, term: Term, phasing: Phasing) -> tuple[date, date | None]: ...


@dataclass(frozen=True, slots=True)
class Summed:
    """Each term's amount in each year (rows: terms in order; columns: years), in pence.

    ``counts`` marks a term with a stretch in the year (a contribution, even of £0);
    ``amount`` is its amount there, ``exponent`` the exponent of its Decimal. ``full_year``
    is its annual rate in force on the year's last day (``in_force``), with ``full_exponent``.
    Amounts are unsigned, as the figures they feed add them.
    """

    years: tuple[FinancialYear, ...]
    amount: _Array
    exponent: _Array
    counts: _Array
    full_year: _Array
    full_exponent: _Array
    in_force: _Array
    #: Each term's line: the number of its line's first term (a line's tranches are rounded together).
    line_start: _Array


def money_of(pence: int, exponent: int) -> Money:
    """Pence as the Money the line-by-line working makes: ``48000`` or ``48720.00``, as its Decimal was.

    >>> money_of(4800000, 0), money_of(4872000, -2), money_of(-1050, -1)
    (Money('48000'), Money('48720.00'), Money('-10.5'))
    """
    amount = Decimal(int(pence)).scaleb(-2)
    if exponent != -2:
        amount = amount.quantize(Decimal(1).scaleb(int(exponent)))
    return Money(amount)


def _half_up(numerator: _Array, denominator: int) -> _Array:
    """``numerator / denominator`` to the nearest integer, a half away from zero (as ``round_fraction``)."""
    whole = numerator // denominator
    twice = 2 * (numerator - whole * denominator)
    up = (twice > denominator) | ((twice == denominator) & (numerator >= 0))
    rounded: _Array = whole + up.astype(np.int64)
    return rounded


def _fits(values: _Array) -> _Array:
    """int64 when every value is small enough that any sum of a year's amounts stays exact in it."""
    if values.dtype != object:
        return values
    if values.size == 0 or max(abs(int(x)) for x in values.tolist()) < _SMALL:
        return values.astype(np.int64)
    return values


def _month(day: date, round_up: bool) -> int:
    index = day.year * 12 + day.month - 1
    return index + 1 if round_up and day.day != 1 else index


@dataclass(frozen=True, slots=True)
class _Terms:
    """The terms as columns, read once."""

    count: int
    line_start: _Array  # row of each term's line's first term
    first: _Array  # bool: the first term of its line
    index: _Array  # which price index each term follows (a number)
    once: _Array  # the one-off's year number in the horizon (-1: recurring; -2: a one-off outside the horizon)
    paid: list[date]  # a one-off's day (its start)
    begin: _Array  # counted start: a month number (months) or a day ordinal (days)
    stop: _Array  # counted end + 1 day, as a month number or day ordinal (a large number: never)
    from_day: _Array  # the term's own start and end (day ordinals), for what is in force on a day
    to_day: _Array
    cum: _Array  # the line's running total of rates to this term, in units of 10**-scale pounds
    before: _Array  # the same before it (0 for a line's first term)
    upto_exp: _Array  # the exponent of that running total as Money (at most 0)
    before_exp: _Array
    rebuilt: _Array  # the number of a rebuilt term's yearly cost (-1: not rebuilt)
    rebuilds: list[Callable[[FinancialYear, Decimal], Rebuilt]]
    scale: int
    dtype: Any


def _columns(
    all_terms: Sequence[Term],
    years: tuple[FinancialYear, ...],
    phasing: Phasing,
    indices: Mapping[Uprating | str, PriceIndex],
    conventions: _Counted,
) -> tuple[_Terms, list[PriceIndex]]:
    # Each attribute is read as a column, and what is made of it (a day's number, a price index's, a
    # counted stretch) is made once per distinct value: terms share a few dates, upratings and rebuilt
    # costs, so a 100,000-term proposal works out a few hundred, not 100,000.
    months = phasing is Phasing.MONTHS
    never = 10**9
    n = len(all_terms)
    figures = [t.figure for t in all_terms]
    starts = [t.start for t in all_terms]
    ends = [t.end for t in all_terms]
    once_years = [t.year for t in all_terms]
    # A line's terms (its tranches) are consecutive, of one line, figure and one-off year.
    keys = list(zip([t.line for t in all_terms], figures, once_years, strict=True))
    first = [True, *map(operator.ne, keys[1:], keys[:-1])][:n]
    day_number = {day: day.toordinal() for day in {*starts, *ends} if day is not None}
    # Which price index each term follows, as a number (indices shared by two upratings are one).
    index_list: list[PriceIndex] = []
    by_uprating: dict[Uprating | str, int] = {}
    for uprating in dict.fromkeys([t.uprating for t in all_terms]):
        chosen = indices[uprating]
        known = next((k for k, index in enumerate(index_list) if index is chosen), None)
        if known is None:
            known = len(index_list)
            index_list.append(chosen)
        by_uprating[uprating] = known
    index = [by_uprating[t.uprating] for t in all_terms]
    # Rebuilt yearly costs (posts priced from a build-up), numbered: lines of a shape share one.
    rebuilds: list[Callable[[FinancialYear, Decimal], Rebuilt]] = []
    rebuild_numbers: dict[int, int] = {}
    rebuilt = [-1] * n
    for row, rebuild in enumerate([t.rebuild for t in all_terms]):
        if rebuild is not None:
            code = rebuild_numbers.get(id(rebuild))
            if code is None:
                code = rebuild_numbers[id(rebuild)] = len(rebuilds)
                rebuilds.append(rebuild)
            rebuilt[row] = code
    # Recurring terms: each (figure, start, end) counted and placed once. One-offs: their year and day.
    whens = list(zip(figures, starts, ends, strict=True))
    placed: dict[tuple[Figure, date, date | None], tuple[int, int]] = {}
    for when, row in dict(zip(whens, range(n), strict=True)).items():  # a term of each
        start, end = conventions.counted(all_terms[row], phasing)
        after = None if end is None else end + timedelta(days=1)
        if months:
            placed[when] = (_month(start, True), never if after is None else _month(after, False))
        else:
            placed[when] = (start.toordinal(), never if after is None else after.toordinal())
    place = [placed[when] for when in whens]
    position = {year: k for k, year in enumerate(years)}
    once = [-1] * n
    paid: list[date] = [date.min] * n
    for row, year in enumerate(once_years):
        if year is not None:
            once[row], paid[row], place[row] = position.get(year, -2), starts[row], (0, 0)
    # Rates as integers of 10**-scale pounds, exactly, with their Decimal exponents: worked once per Money
    # (the terms of posts lines of one shape share theirs).
    rates = [t.rate for t in all_terms]
    ids = list(map(id, rates))
    amounts = {key: rate.amount for key, rate in zip(ids, rates, strict=True)}
    exponent_of: dict[int, int] = {}
    for key, amount in amounts.items():
        exponent = amount.as_tuple().exponent
        exponent_of[key] = exponent if isinstance(exponent, int) else 0
    scale = max(2, -min(exponent_of.values(), default=0))
    whole_of = {key: int(amount.scaleb(scale)) for key, amount in amounts.items()}
    whole = [whole_of[key] for key in ids]
    exps = [exponent_of[key] for key in ids]
    dtype: Any = object if any(abs(w) >= _BIG for w in whole_of.values()) else np.int64
    # Each line's running total of its rates, tranche by tranche (most lines have one).
    first_column = np.array(first, dtype=bool)
    rows_at = np.arange(n)
    line_start = np.maximum.accumulate(np.where(first_column, rows_at, 0)) if n else np.zeros(0, dtype=np.int64)
    tranche = rows_at - line_start
    cum = np.array(whole, dtype=dtype)
    upto_exp = np.minimum(0, np.array(exps, dtype=np.int64))
    exp_column = upto_exp.copy()
    before = np.zeros(n, dtype=dtype)
    before_exp = np.zeros(n, dtype=np.int64)
    for k in range(1, int(tranche.max()) + 1 if n else 1):
        rows = np.flatnonzero(tranche == k)
        before[rows], before_exp[rows] = cum[rows - 1], upto_exp[rows - 1]
        cum[rows] = cum[rows - 1] + cum[rows]
        upto_exp[rows] = np.minimum(upto_exp[rows - 1], exp_column[rows])
    if dtype is np.int64 and n and int(np.abs(cum).max()) >= _BIG:
        dtype = object  # a line's running total past the bound: held as Python's integers
        cum, before = cum.astype(object), before.astype(object)
    columns = _Terms(
        n,
        line_start.astype(np.int64),
        first_column,
        np.array(index, dtype=np.int64),
        np.array(once, dtype=np.int64),
        paid,
        np.array([begin for begin, _ in place], dtype=np.int64),
        np.array([stop for _, stop in place], dtype=np.int64),
        np.array([day_number[d] for d in starts], dtype=np.int64),
        np.array([never if d is None else day_number[d] for d in ends], dtype=np.int64),
        cum,
        before,
        upto_exp,
        before_exp,
        np.array(rebuilt, dtype=np.int64),
        rebuilds,
        scale,
        dtype,
    )
    return columns, index_list


class _Rates:
    """The rates of the terms at a price level in a year: each line's share of its uprated running total."""

    def __init__(self, columns: _Terms) -> None:
        self._c = columns
        self._done: dict[Decimal, tuple[_Array, _Array]] = {}
        self._rebuilt: dict[tuple[FinancialYear, Decimal, int], int] = {}

    def at(self, year: FinancialYear, factor: Decimal, rows: _Array, needed: _Array) -> tuple[_Array, _Array]:
        """The pence and the Decimal exponent of each of ``rows``' rates at ``factor`` in ``year``.

        A rebuilt term's rate is worked only where ``needed`` (its shape's cost for a year no line of
        it runs in is never asked for, as line by line).
        """
        if factor not in self._done:
            self._done[factor] = self._uprated(factor)
        pence, exponent = self._done[factor]
        pence, exponent = pence[rows], exponent[rows]
        codes = self._c.rebuilt[rows]
        rebuilt = (codes >= 0) & needed
        if rebuilt.any():
            # Once per shape of posts, then spread to the terms of that shape.
            wanted = codes[rebuilt]
            shapes = np.zeros(len(self._c.rebuilds), dtype=bool)
            shapes[wanted] = True
            made = np.zeros(len(self._c.rebuilds), dtype=object)
            for code in np.flatnonzero(shapes).tolist():
                made[code] = self._rebuild(year, factor, code)
            made = _fits(made)
            pence = pence.astype(made.dtype) if made.dtype == object else pence.copy()
            pence[rebuilt] = made[wanted]
            exponent = np.where(rebuilt, -2, exponent)
        return pence, exponent

    def _rebuild(self, year: FinancialYear, factor: Decimal, code: int) -> int:
        key = (year, factor, code)
        if key not in self._rebuilt:
            self._rebuilt[key] = int(self._c.rebuilds[code](year, factor).rate.amount.scaleb(2))
        return self._rebuilt[key]

    def _uprated(self, factor: Decimal) -> tuple[_Array, _Array]:
        c = self._c
        ratio = Fraction(factor)
        numerator, denominator = ratio.numerator, ratio.denominator * 10 ** (c.scale - 2)
        cum, before = c.cum, c.before
        if cum.dtype != object and (_BIG * abs(numerator) >= _SAFE or denominator >= _SAFE):
            cum, before = cum.astype(object), before.astype(object)
        # uprated(): the running total at the factor, to the penny, half-up; each term's share is the difference.
        upto = _half_up(cum * numerator, denominator)
        below = np.where(c.first, 0, _half_up(before * numerator, denominator))
        pence = _fits(upto - below)
        # The Decimal exponent uprated() leaves: the running total itself at factor 1 when whole pence, else pence.
        one = factor == 1
        upto_exp = np.where(one & (c.upto_exp >= -2), c.upto_exp, -2)
        below_exp = np.where(c.first, 0, np.where(one & (c.before_exp >= -2), c.before_exp, -2))
        return pence, np.minimum(upto_exp, below_exp)


def summed(
    all_terms: Sequence[Term],
    years: tuple[FinancialYear, ...],
    phasing: Phasing,
    indices: Mapping[Uprating | str, PriceIndex],
    conventions: _Counted,
) -> Summed:
    """Every term's amount in every year, and its annual rate in force at each year's end, in pence."""
    c, index_list = _columns(all_terms, years, phasing, indices, conventions)
    n = c.count
    rates = _Rates(c)
    amounts, exponents, counts = [], [], []
    full_years, full_exponents, in_forces = [], [], []
    months = phasing is Phasing.MONTHS
    recurring = c.once == -1
    by_index = [np.flatnonzero(recurring & (c.index == number)) for number in range(len(index_list))]
    tranche = np.arange(n) - c.line_start
    deepest = int(tranche.max()) if n else 0
    line_number = np.cumsum(c.first) - 1
    starts = np.flatnonzero(c.first)
    for y, year in enumerate(years):
        parts = 12 if months else year.days
        first_day, stop_day = year.start, year.end + timedelta(days=1)
        end_point = _month(stop_day, False) if months else stop_day.toordinal()
        exact: _Array = np.zeros(n, dtype=np.int64)  # each term's exact amount, in pence x parts
        pieces = np.zeros(n, dtype=np.int64)
        lone: _Array = np.zeros(n, dtype=np.int64)  # the rate of a term with one stretch, all year
        lone_exp = np.zeros(n, dtype=np.int64)
        single = np.zeros(n, dtype=bool)
        full: _Array = np.zeros(n, dtype=np.int64)
        full_exp = np.zeros(n, dtype=np.int64)
        on_end = np.zeros(n, dtype=bool)
        day_end = year.end.toordinal()
        for number, index in enumerate(index_list):
            rows = by_index[number]
            if rows.size:
                cuts = (first_day, *index.changes_in(first_day, stop_day), stop_day)
                points = [(_month(d, True) if months else d.toordinal()) for d in cuts[:-1]]
                begin, finish = c.begin[rows], np.minimum(end_point, c.stop[rows])
                # A stretch's share is the difference of the shares from its first day and the next's to the end.
                tails = [np.maximum(0, finish - np.maximum(p, begin)) for p in points]
                tails.append(np.zeros(rows.size, dtype=np.int64))
                for j in range(len(points)):
                    share = tails[j] - tails[j + 1]
                    running = share > 0
                    if not running.any():
                        continue
                    pence, exp = rates.at(year, index.factor_at(cuts[j]), rows, running)
                    if pence.dtype == object:
                        exact, lone = exact.astype(object), lone.astype(object)
                    exact[rows] += pence * share
                    pieces[rows] += running
                    whole = rows[running & (share == parts)]
                    single[whole] = True
                    lone[whole] = pence[running & (share == parts)]
                    lone_exp[whole] = exp[running & (share == parts)]
                # The annual rate in force on the year's last day, uprated as that day is.
                on = (c.from_day[rows] <= day_end) & (c.to_day[rows] >= day_end)
                if on.any():
                    pence, exp = rates.at(year, index.factor_at(year.end), rows, on)
                    if pence.dtype == object:
                        full = full.astype(object)
                    full[rows[on]] = pence[on]
                    full_exp[rows[on]] = exp[on]
                    on_end[rows[on]] = True
            # A one-off at the prices of the day it is paid (the year's first day, if it falls before):
            # the one-offs paid at one price factor are priced together.
            paid_at: dict[Decimal, list[int]] = {}
            factor_on: dict[date, Decimal] = {}
            for row in np.flatnonzero((c.once == y) & (c.index == number)).tolist():
                day = c.paid[row]
                factor = factor_on.get(day)
                if factor is None:
                    factor = factor_on[day] = index.factor_at(day if day in year else year.start)
                paid_at.setdefault(factor, []).append(row)
            for factor, paid in paid_at.items():
                group = np.array(paid, dtype=np.int64)
                pence, exp = rates.at(year, factor, group, np.ones(group.size, dtype=bool))
                if pence.dtype == object or int(np.abs(pence).max()) >= _SMALL:
                    pence = pence.astype(object)
                    exact, lone = exact.astype(object), lone.astype(object)
                exact[group], lone[group], lone_exp[group] = pence * parts, pence, exp
                pieces[group], single[group] = 1, True
        has = pieces > 0
        # A line is taken at its rates as they are when every tranche with a stretch runs all year at one
        # price (each has one stretch of the whole year); otherwise its running exact total is rounded once.
        plain = ~has | ((pieces == 1) & single)
        plain_line = np.minimum.reduceat(plain, starts)[line_number] if n else plain
        running = exact.copy()
        if running.dtype != object and n and int(np.abs(exact).max()) * (deepest + 1) >= _SAFE:
            running = running.astype(object)  # a line of very many tranches: its running total past int64
        for k in range(1, deepest + 1):
            rows = np.flatnonzero(tranche == k)
            running[rows] += running[rows - 1]
        upto = _half_up(running, parts)
        below = np.where(c.first, 0, _half_up(running - exact, parts))
        amount = np.where(has, np.where(plain_line, lone, upto - below), 0)
        amounts.append(amount)
        exponents.append(np.where(has, np.where(plain_line, lone_exp, -2), 0))
        counts.append(has)
        full_years.append(full)
        full_exponents.append(full_exp)
        in_forces.append(on_end)
    return Summed(
        years,
        _columns_of(amounts, n),
        _columns_of(exponents, n),
        _columns_of(counts, n),
        _columns_of(full_years, n),
        _columns_of(full_exponents, n),
        _columns_of(in_forces, n),
        c.line_start,
    )


def _columns_of(columns: list[_Array], n: int) -> _Array:
    """Per-year columns side by side: a (terms, years) array, in int64 unless some value is too large."""
    if any(column.dtype == object for column in columns):
        columns = [column.astype(object) for column in columns]
    return np.stack(columns, axis=1) if columns else np.zeros((n, 0), dtype=np.int64)


def _sum(values: _Array) -> int:
    """An exact sum: int64 while the values' count and size keep it within int64, else Python's integers."""
    if values.dtype != object and values.size and int(np.abs(values).max()) * values.size < _SAFE:
        return int(values.sum())
    return int(sum(values.tolist()))


def totals(found: Summed, rows: _Array, y: int) -> tuple[int, int]:
    """The sum of ``rows``' amounts in year number ``y`` in pence, and the exponent of the Decimal sum (at most 0)."""
    counted = rows & found.counts[:, y]
    if not counted.any():
        return 0, 0
    return _sum(found.amount[counted, y]), min(0, int(found.exponent[counted, y].min()))


def full_year_total(found: Summed, signs: _Array, y: int) -> tuple[int, int]:
    """Year number ``y``'s full-year effect in pence (savings and income less costs), with its Decimal exponent."""
    on = found.in_force[:, y]
    if not on.any():
        return 0, 0
    return _sum(found.full_year[on, y] * signs[on]), min(0, int(found.full_exponent[on, y].min()))


def monthly(
    all_terms: Sequence[Term],
    years: tuple[FinancialYear, ...],
    phasing: Phasing,
    indices: Mapping[Uprating | str, PriceIndex],
    conventions: _Counted,
    signs: _Array,
) -> list[Fraction]:
    """The recurring lines' exact amount in each month of the horizon (April first), savings less costs.

    As :func:`~savingsmodel.engine.uprating.monthly_amounts` gives it for each term and year, summed
    over the terms: a month (or the part of it before or after an award) is its share of the year
    at the rate in force, exactly; the payback period reads it.
    """
    c, index_list = _columns(all_terms, years, phasing, indices, conventions)
    rates = _Rates(c)
    months = phasing is Phasing.MONTHS
    recurring = c.once == -1
    found = [Fraction(0)] * (12 * len(years))
    for y, year in enumerate(years):
        parts = 12 if months else year.days
        firsts = [month_start(year.start, m) for m in range(13)]
        end_point = _month(firsts[-1], False) if months else firsts[-1].toordinal()
        for number, index in enumerate(index_list):
            rows = np.flatnonzero(recurring & (c.index == number))
            if not rows.size:
                continue
            cuts = sorted({*firsts[:-1], *index.changes_in(year.start, firsts[-1])})
            points = [(_month(d, True) if months else d.toordinal()) for d in cuts]
            begin, finish = c.begin[rows], np.minimum(end_point, c.stop[rows])
            tails = [np.maximum(0, finish - np.maximum(p, begin)) for p in points]
            tails.append(np.zeros(rows.size, dtype=np.int64))
            sign = signs[rows]
            for j, day in enumerate(cuts):
                share = tails[j] - tails[j + 1]
                running = share > 0
                if not running.any():
                    continue
                pence, _ = rates.at(year, index.factor_at(day), rows, running)
                products = sign * pence * share
                total = _sum(products) if products.dtype != object or products.size == 0 else int(sum(products))
                month = (day.year - year.start_year) * 12 + day.month - 4
                found[y * 12 + month] += Fraction(total, parts * 100)
    return found
