"""The statistics of a Monte Carlo run, kept over chunks of draws without keeping every draw.

**Percentiles** are of whole pence, by the *inverted distribution function* (numpy's
``inverted_cdf``, "the lower" value): P10 is the smallest amount that at least 10% of the draws
are at or below, the value of rank ``ceil(0.10 n)``. So a percentile is always an amount some
draw gave, in whole pence, never an interpolation.

**Standard error of the mean**: the draws' standard deviation over the square root of their
number. A Latin hypercube's mean varies less than that of independent draws, so this is an
upper bound: the mean is known at least this well.

**Standard error of a percentile**: from the order statistics, with no assumption about the
distribution. The draws of ranks ``n p -/+ 1.96 sqrt(n p (1 - p))`` bound a 95% confidence
interval for the p-th percentile; its half-width over 1.96 is the standard error. Like the
mean's, it is the bound for independent draws.

**Exact over chunks.** A percentile needs the draws near it, not all of them. The first chunk
(the pilot) gives, for each percentile, a bracket of values around it (its estimates at
``p -/+ 1%``, or wider for a small pilot); every chunk then only counts the draws below each
bracket and keeps those inside it. At the end, when the ranks wanted fall inside the kept draws
(as they almost always do), the percentile is exact; when they do not, :class:`Summary` says
so (``exact`` is false) and the run is drawn again with every draw kept. As draws add up, a
bracket holding many values is narrowed around its percentile (which more draws pin down more
closely), so memory stays flat however many draws a run has.

>>> summary = Summary(draws=10, years=1)
>>> summary.add(np.arange(1, 11, dtype=np.int64).reshape(10, 1) * 100)
>>> [p.pence for p in summary.result()[0].percentiles]  # P10, P50, P90 of 1..10 pounds
[100, 500, 900]
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Final

import numpy as np
import numpy.typing as npt

from savingsmodel.whatif.sampling import sort_order

__all__ = ["PERCENTILES", "Z95", "ColumnSummary", "Percentile", "Summary", "contributions"]

#: The percentiles reported, as fractions of the draws.
PERCENTILES: Final = (Fraction(1, 10), Fraction(1, 2), Fraction(9, 10))
#: Distinct values a bracket holds before it is narrowed around its percentile.
_NARROW_AT: Final = 50_000
#: The normal deviate of a two-sided 95% interval.
Z95: Final = 1.959963984540054

Pence = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class Percentile:
    """One percentile of one column: its value in whole pence and its standard error in pence."""

    share: Fraction
    pence: int
    standard_error: float


@dataclass(frozen=True, slots=True)
class ColumnSummary:
    """What a run says of one figure in one year: mean, spread, percentiles, each with its standard error."""

    draws: int
    total: int  # the sum of every draw, in pence (exact)
    sd: float  # the standard deviation of the draws, in pence
    percentiles: tuple[Percentile, ...]

    @property
    def mean(self) -> Fraction:
        """The mean in pence, exactly."""
        return Fraction(self.total, self.draws)

    @property
    def mean_standard_error(self) -> float:
        """The standard error of the mean, in pence (the bound for independent draws)."""
        return self.sd / math.sqrt(self.draws)


def _ranks(share: Fraction, draws: int) -> tuple[int, int, int]:
    """The 1-based ranks of the percentile and of the ends of its 95% interval."""
    rank = max(1, math.ceil(share * draws))
    spread = Z95 * math.sqrt(draws * float(share) * (1 - float(share)))
    low = max(1, math.floor(float(share) * draws - spread))
    high = min(draws, math.ceil(float(share) * draws + spread))
    return rank, low, high


class _Bracket:
    """The draws of one column near one percentile: how many fell below ``low``, and those from ``low`` to ``high``.

    The draws kept are held as distinct values with their counts, so a figure that does not vary
    (the same pence in every draw) keeps one value a chunk, not every draw. A chunk's draws inside
    the bracket are put aside as they come and sorted into the distinct values only when read or
    when enough have gathered: one sort of many, not a sort a chunk.
    """

    __slots__ = ("below", "counts", "high", "low", "merged", "pending", "pending_size", "values")

    def __init__(self, low: int, high: int) -> None:
        self.low, self.high = low, high
        self.below = 0
        self.values: list[Pence] = []  # distinct values, each list's item in order
        self.counts: list[Pence] = []  # how many draws gave each
        self.pending: list[Pence] = []  # draws inside the bracket not yet sorted in
        self.pending_size = 0
        self.merged: tuple[Pence, Pence] | None = None  # the values and running counts, until more are added

    def add(self, values: Pence) -> None:
        self.below += int(np.count_nonzero(values < self.low))
        self.merged = None
        if self.low == self.high:  # one value (a figure the same in nearly every draw): count it, no sort
            count = int(np.count_nonzero(values == self.low))
            if count:
                self.values.append(np.array([self.low], dtype=np.int64))
                self.counts.append(np.array([count], dtype=np.int64))
            return
        inside = values[(values >= self.low) & (values <= self.high)]
        if inside.size:
            self.pending.append(inside)
            self.pending_size += inside.size
            if self.pending_size > _NARROW_AT:
                self._sort_in()

    def _sort_in(self) -> None:
        """Sort the draws put aside into distinct values with their counts."""
        if not self.pending:
            return
        ordered = np.sort(np.concatenate(self.pending))
        starts = np.flatnonzero(np.diff(ordered, prepend=ordered[0] - 1))  # where each distinct value begins
        self.values.append(ordered[starts])
        self.counts.append(np.diff(starts, append=ordered.size))
        self.pending, self.pending_size = [], 0

    @property
    def held(self) -> int:
        """How many values are held (what the bracket costs in memory)."""
        return sum(v.size for v in self.values) + self.pending_size

    def _merged(self) -> tuple[Pence, Pence]:
        """The values kept, distinct and in order, with the running count of draws at or below each."""
        if self.merged is not None:
            return self.merged
        self._sort_in()
        if len(self.values) == 1:
            distinct, totals = self.values[0], self.counts[0]
        else:
            values, counts = np.concatenate(self.values), np.concatenate(self.counts)
            # Each part is in order: a stable sort merges the runs (and keeps the counts with their values).
            order = np.argsort(values, kind="stable")
            values, counts = values[order], counts[order]
            starts = np.flatnonzero(np.diff(values, prepend=values[0] - 1))
            distinct, totals = values[starts], np.add.reduceat(counts, starts)
        self.values, self.counts = [distinct], [totals]
        self.merged = distinct, np.cumsum(totals)
        return self.merged

    def value_at(self, rank: int) -> int | None:
        """The draw of this 1-based rank among all, if it is among those kept."""
        if not self.values and not self.pending:
            return None
        values, cumulative = self._merged()
        position = rank - self.below  # 1-based among those kept
        if not 1 <= position <= int(cumulative[-1]):
            return None
        return int(values[np.searchsorted(cumulative, position)])

    def narrow(self, low_rank: int, high_rank: int) -> None:
        """Keep only the draws from rank ``low_rank`` to ``high_rank`` (among all so far), where those are kept.

        The draws below the new low are counted, those above it dropped: memory stays near the
        percentile however many draws a run has.
        """
        low, high = self.value_at(low_rank), self.value_at(high_rank)
        if low is None or high is None:
            return  # the ranks are not both among those kept: keep the bracket as it is
        values, counts = self.values[0], self.counts[0]
        self.below += int(counts[values < low].sum())
        inside = (values >= low) & (values <= high)
        self.values, self.counts = [values[inside]], [counts[inside]]
        self.low, self.high = low, high
        self.merged = None


class Summary:
    """Mean, standard deviation and percentiles of each column (each year) of a figure, over chunks of draws.

    ``draws`` is the number the run will add in all. The first chunk sets the brackets; when it
    is the whole run, every draw is kept and the percentiles are exact at once. ``keep_all``
    keeps every draw whatever the run (the second pass after a bracket is missed).
    """

    def __init__(self, draws: int, years: int, *, keep_all: bool = False) -> None:
        self.draws, self.years, self.keep_all = draws, years, keep_all
        self.seen = 0
        self.totals = [0] * years
        self.means = np.zeros(years)
        self.m2 = np.zeros(years)
        self.brackets: list[list[_Bracket]] | None = None
        self.everything: list[Pence] = []

    def add(self, chunk: Pence) -> None:
        """Add a chunk of draws: an array of whole pence, one row a draw and one column a year."""
        size = chunk.shape[0]
        if size == 0:
            return
        for year in range(self.years):
            self.totals[year] += int(chunk[:, year].sum(dtype=np.int64))
        # The spread, combined chunk by chunk (Chan's method), so no sum of squares grows past a float's precision.
        floats = chunk.astype(np.float64)
        chunk_mean = floats.mean(axis=0)
        floats -= chunk_mean  # in place: the same arithmetic as (floats - mean) ** 2, without two more arrays
        np.square(floats, out=floats)
        chunk_m2 = floats.sum(axis=0)
        delta = chunk_mean - self.means
        total = self.seen + size
        self.means = self.means + delta * size / total
        self.m2 = self.m2 + chunk_m2 + delta**2 * self.seen * size / total
        self.seen = total
        if self.keep_all or size >= self.draws:
            self.everything.append(chunk.copy())
            return
        if self.brackets is None:
            self.brackets = [self._brackets(chunk[:, year]) for year in range(self.years)]
        for year, brackets in enumerate(self.brackets):
            for bracket, share in zip(brackets, PERCENTILES, strict=True):
                bracket.add(chunk[:, year])
                if bracket.held > _NARROW_AT:
                    # With more draws seen, the percentile is known more closely: keep a narrower bracket, wide
                    # enough for its estimate to move by 8 of its standard errors (the final interval is within 2).
                    p = float(share)
                    margin = 8 * math.sqrt(p * (1 - p) / self.seen) + 1 / self.seen
                    bracket.narrow(max(1, math.floor((p - margin) * self.seen)), math.ceil((p + margin) * self.seen))

    def _brackets(self, pilot: Pence) -> list[_Bracket]:
        """Around each percentile, the pilot's values at ``p -/+ margin``: the draws kept from every chunk."""
        size = pilot.size
        ends = []
        for share in PERCENTILES:
            p = float(share)
            margin = max(0.01, 6 * math.sqrt(p * (1 - p) / size))
            ends.append((max(0, math.floor((p - margin) * size) - 1), min(size - 1, math.ceil((p + margin) * size))))
        # Only the pilot's values at these ranks are wanted: a partition around them, not a sort of them all.
        ordered = np.partition(pilot, sorted({rank for pair in ends for rank in pair}))
        return [_Bracket(int(ordered[low]), int(ordered[high])) for low, high in ends]

    @property
    def exact(self) -> bool:
        """Whether every percentile and interval wanted lies among the draws kept (else draw again, keeping all)."""
        if self.brackets is None:
            return True
        return all(
            bracket.value_at(rank) is not None
            for brackets in self.brackets
            for bracket, share in zip(brackets, PERCENTILES, strict=True)
            for rank in _ranks(share, self.seen)
        )

    def result(self) -> list[ColumnSummary]:
        """One summary per column; a run whose brackets missed must be drawn again (``exact`` is false)."""
        if self.seen == 0:
            raise ValueError("no draws were added")
        everything = np.concatenate(self.everything) if self.everything else None
        out = []
        for year in range(self.years):
            sd = math.sqrt(self.m2[year] / (self.seen - 1)) if self.seen > 1 else 0.0
            percentiles = []
            for index, share in enumerate(PERCENTILES):
                rank, low, high = _ranks(share, self.seen)
                if everything is not None:
                    column = np.partition(everything[:, year], sorted({rank - 1, low - 1, high - 1}))
                    value, lower, upper = (int(column[r - 1]) for r in (rank, low, high))
                else:
                    if self.brackets is None:
                        raise ValueError("no brackets")
                    bracket = self.brackets[year][index]
                    found = [bracket.value_at(r) for r in (rank, low, high)]
                    if any(f is None for f in found):
                        raise ValueError("a percentile fell outside its bracket: draw again with keep_all")
                    value, lower, upper = (int(f or 0) for f in found)
                percentiles.append(Percentile(share, value, (upper - lower) / (2 * Z95)))
            out.append(ColumnSummary(self.seen, self.totals[year], sd, tuple(percentiles)))
        return out


def contributions(uniforms: npt.NDArray[np.float64], outputs: Pence) -> npt.NDArray[np.float64]:
    """Each input's share of each output column's variance: squared rank correlations, normalised to add to 1.

    ``uniforms`` holds each draw's probabilities (a column an input; their ranks are the inputs'
    ranks), ``outputs`` the figure (a column a year). A column that does not vary gets shares of
    zero. The method reads each input alone: inputs that act together (a product of two) or that
    are correlated share what they explain in ways it cannot split.

    >>> u = np.array([[0.1, 0.9], [0.5, 0.2], [0.9, 0.5]])
    >>> contributions(u, np.array([[1], [2], [3]], dtype=np.int64)).round(3).tolist()
    [[0.8, 0.2]]
    """
    shares = np.zeros((outputs.shape[1], uniforms.shape[1]))
    if not outputs.shape[0]:
        return shares
    # A column that does not vary (the MTFP line once every change is in) has no shares; a column equal to one
    # before it (a recurring figure, the same each year) has that one's.
    varies = outputs.min(axis=0) != outputs.max(axis=0)
    if not varies.any():
        return shares
    input_ranks = _ordinal_ranks(uniforms)
    input_ranks -= input_ranks.mean(axis=0)
    input_spread = (input_ranks**2).sum(axis=0)
    for column in np.flatnonzero(varies).tolist():
        same = next((c for c in range(column) if varies[c] and np.array_equal(outputs[:, c], outputs[:, column])), None)
        if same is not None:
            shares[column] = shares[same]
            continue
        ranks = _average_ranks(outputs[:, column])
        ranks -= ranks.mean()
        denominator = np.sqrt((ranks**2).sum() * input_spread)
        if not np.any(ranks) or not np.all(denominator > 0):
            continue
        rho = (ranks @ input_ranks) / denominator
        squared = rho**2
        if squared.sum() > 0:
            shares[column] = squared / squared.sum()
    return shares


def _ordinal_ranks(values: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Each column's ranks, 1 to n (the probabilities drawn are distinct: no ties to share), by one sort a column.

    >>> _ordinal_ranks(np.array([[0.5, 0.1], [0.2, 0.9], [0.7, 0.3]])).tolist()
    [[2.0, 1.0], [1.0, 3.0], [3.0, 2.0]]
    """
    ranks = np.empty(values.shape, dtype=np.float64, order="F")  # a column's ranks side by side in memory
    places = np.arange(1.0, values.shape[0] + 1)
    for column in range(values.shape[1]):
        ranks[sort_order(values[:, column]), column] = places
    return ranks


def _average_ranks(values: Pence) -> npt.NDArray[np.float64]:
    """The ranks of whole pence, draws of equal pence sharing the mean of their ranks (as ``scipy.stats.rankdata``).

    >>> _average_ranks(np.array([30, 10, 30, 20], dtype=np.int64)).tolist()
    [3.5, 1.0, 3.5, 2.0]
    """
    size = values.size
    if not size:
        return np.empty(0)
    shift = max(1, int(size - 1).bit_length())
    low = int(values.min())
    if int(values.max()) - low >= 1 << (62 - shift):  # too wide a range for a draw's position beside its pence
        _, where, counts = np.unique(values, return_inverse=True, return_counts=True)
        last = np.cumsum(counts)  # the rank of the last draw of each distinct value
        return np.asarray((last - (counts - 1) / 2)[where], dtype=np.float64)
    # One sort of whole numbers, each the pence (less the least) with the draw's position in its last bits: the draws
    # in order of their pence, and where each came from (an argsort, at two thirds of its cost here).
    keys = values - low
    keys <<= shift
    keys |= np.arange(size, dtype=np.int64)
    keys.sort()
    order = keys & np.int64((1 << shift) - 1)
    keys >>= shift
    starts = np.flatnonzero(np.diff(keys, prepend=-1))  # where each distinct value begins
    counts = np.diff(starts, append=size)
    last = starts + counts  # the rank of the last draw of each distinct value
    ranks = np.empty(size)
    ranks[order] = np.repeat(last - (counts - 1) / 2, counts)
    return ranks
