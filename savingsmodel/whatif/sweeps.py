"""Sweeps, tornado and spider diagrams: a figure as one to three inputs move, each from one evaluator call.

A **sweep** is the figure over a grid of one to three inputs (every combination); a
**tornado** swings each input from its low to its high alone, and ranks the inputs by how
far the figure moves (the swing); a **spider** follows the figure across each input's range.

>>> from savingsmodel.examples import scs4_1_revised
>>> chart = tornado(scs4_1_revised(), "net_saving", "2016/17")
>>> for bar in chart.bars[:3]:
...     print(f"{bar.input.name}: {shown(bar.input, bar.low)} to {shown(bar.input, bar.high)}, swing {bar.swing}")
lines.Watch Manager posts released.start: as stated to +6 months, swing £288,000
grades.Watch Manager.unit_cost: £43,200 to £52,800, swing £115,200
lines.Watch Manager posts released.fte: 10.8 FTE to 13.2 FTE, swing £115,200

Figures are money in pounds (:class:`~savingsmodel.core.money.Money`, exact), read off
:func:`~savingsmodel.engine.many.evaluate_many`'s whole pence.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from savingsmodel.core.errors import InputError, did_you_mean
from savingsmodel.core.money import Money
from savingsmodel.core.years import FinancialYear
from savingsmodel.engine.many import MONEY_FIGURES, Input, ManyFigures, evaluate_many, inputs_of
from savingsmodel.model.proposal import Proposal
from savingsmodel.whatif.values import as_inputs, base_units, find_input, read, shown, steps, uncertainty

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Bar", "Spider", "Sweep", "Tornado", "figure_year", "spider", "sweep", "tornado"]

#: The most points a sweep's grid may hold: ten million draws is a few seconds and a few gigabytes.
MAX_GRID = 10_000_000


def _pounds(pence: int) -> Money:
    return Money(Decimal(int(pence)).scaleb(-2))


def figure_year(proposal: Proposal, figure: str, year: FinancialYear | str | int | None) -> tuple[str, int]:
    """A money figure's name checked, and the place of a year in the horizon (default the first year)."""
    if figure not in MONEY_FIGURES:
        raise InputError.one(
            "figure",
            f"expected a money figure ({', '.join(MONEY_FIGURES)}), "
            f"found {figure!r}{did_you_mean(figure, MONEY_FIGURES)}",
            code="unknown_figure",
        )
    years = proposal.years
    if year is None:
        return figure, 0
    try:
        if isinstance(year, FinancialYear):
            wanted = year
        elif isinstance(year, str) and not year.strip().isdigit():
            wanted = FinancialYear.parse(year)
        else:
            wanted = FinancialYear(int(year))  # the year it starts in: 2016 is 2016/17, as Evaluation.year takes it
    except ValueError as error:
        raise InputError.one("year", str(error)) from None
    if wanted not in years:
        raise InputError.one("year", f"expected a year from {years[0]} to {years[-1]} (the horizon), found {wanted}")
    return figure, years.index(wanted)


def _units(spec: Input, value: object) -> int:
    """A value given in Python: text as a person writes it, Money as pounds, or an integer in the input's units."""
    if isinstance(value, str):
        return read(spec, value)
    if isinstance(value, Money):
        return read(spec, str(value.amount))
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise InputError.one(spec.name, f"expected text such as '£45k' or '6', Money, or whole units, found {value!r}")


# ---- Sweep ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sweep:
    """A figure over a grid of inputs: ``values[name]`` is each point's value of an input (in its units)."""

    proposal: Proposal
    inputs: tuple[Input, ...]
    values: Mapping[str, Sequence[int]]
    figure: str
    many: ManyFigures

    @property
    def points(self) -> int:
        return self.many.draws

    def figures(self, year_index: int) -> list[Money]:
        """The figure at each point of the grid in one year (its place in the horizon)."""
        return [_pounds(p) for p in self.many.pence(self.figure)[:, year_index].tolist()]

    def table(self, years: Sequence[int] | None = None) -> tuple[list[str], list[list[str]]]:
        """A header and rows of text: each input's value, then the figure in each year (or the years chosen,
        by their places in the horizon), headed by the year."""
        chosen = range(len(self.many.years)) if years is None else years
        header = [i.name for i in self.inputs] + [str(self.many.years[y]) for y in chosen]
        pence = self.many.pence(self.figure)
        rows = [
            [shown(spec, self.values[spec.name][i]) for spec in self.inputs]
            + [str(_pounds(pence[i, y])) for y in chosen]
            for i in range(self.points)
        ]
        return header, rows

    def to_frame(self) -> pd.DataFrame:
        """One row per point: each input's value (its units: pence, ten-thousandths of an FTE, months, rate
        in ten-billionths), then the figure by year in pence (int64), columns named ``<figure> <year>``."""
        import pandas as pd

        data: dict[str, Any] = {name: list(values) for name, values in self.values.items()}
        pence = self.many.pence(self.figure)
        for y, year in enumerate(self.many.years):
            data[f"{self.figure} {year}"] = pence[:, y]
        return pd.DataFrame(data)


def sweep(proposal: Proposal, grid: Mapping[str, Sequence[object]], figure: str = "net_saving") -> Sweep:
    """The figure at every combination of one to three inputs' values (every year of the horizon).

    Values are text as a person writes them (``"£45k"``, ``"6"``), Money, or whole units (pence, months).

    >>> from savingsmodel.examples import scs4_1_revised
    >>> grid = sweep(scs4_1_revised(), {"grades.Watch Manager.unit_cost": ["£40k", "£48k"],
    ...                                 "lines.Watch Manager posts released.start": [0, 6]})
    >>> [str(x) for x in grid.figures(0)]
    ['£264,000', '£24,000', '£360,000', '£72,000']
    """
    figure_year(proposal, figure, None)
    if not 1 <= len(grid) <= 3:
        raise InputError.one("inputs", f"expected one to three inputs to sweep, found {len(grid)}")
    specs = tuple(find_input(proposal, name) for name in grid)
    axes = [[_units(spec, v) for v in grid[spec.name]] for spec in specs]
    if any(not axis for axis in axes):
        raise InputError.one("inputs", "expected at least one value for each input, found none")
    size = 1
    for axis in axes:
        size *= len(axis)
    if size > MAX_GRID:
        raise InputError.one("inputs", f"expected at most {MAX_GRID:,} points in the grid, found {size:,}")
    points = list(itertools.product(*axes))
    values = {spec.name: [p[k] for p in points] for k, spec in enumerate(specs)}
    many = evaluate_many(proposal, {spec.name: as_inputs(spec, values[spec.name]) for spec in specs})
    return Sweep(proposal, specs, values, figure, many)


def evenly(proposal: Proposal, name: str, low: object, high: object, count: int) -> list[int]:
    """``count`` values of an input evenly from ``low`` to ``high`` (text, Money or units), in its units."""
    spec = find_input(proposal, name)
    return steps(_units(spec, low), _units(spec, high), count)


# ---- Tornado --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    """One input of a tornado: its low and high (units), the figure at each, and the swing between them."""

    input: Input
    low: int
    high: int
    at_low: Money
    at_high: Money

    @property
    def swing(self) -> Money:
        """How far the figure moves between the input's low and high (never negative)."""
        return abs(self.at_high - self.at_low)


@dataclass(frozen=True)
class Tornado:
    """Each input swung alone from its low to its high, ranked by the swing in one figure and year."""

    figure: str
    year: FinancialYear
    base: Money
    bars: tuple[Bar, ...]

    def table(self) -> tuple[list[str], list[list[str]]]:
        header = ["rank", "input", "low", "high", f"{self.figure} at low", "at high", "swing"]
        rows = [
            [
                str(rank),
                bar.input.name,
                shown(bar.input, bar.low),
                shown(bar.input, bar.high),
                str(bar.at_low),
                str(bar.at_high),
                str(bar.swing),
            ]
            for rank, bar in enumerate(self.bars, 1)
        ]
        return header, rows

    def to_frame(self) -> pd.DataFrame:
        """One row per input, in rank order: low and high (units), the figure at each and the swing (pounds)."""
        import pandas as pd

        return pd.DataFrame(
            [
                {
                    "input": b.input.name,
                    "low": b.low,
                    "high": b.high,
                    "at_low": b.at_low.amount,
                    "at_high": b.at_high.amount,
                    "swing": b.swing.amount,
                }
                for b in self.bars
            ]
        )


def _ranges(proposal: Proposal, ranges: Mapping[str, tuple[object, object]] | None) -> list[tuple[Input, int, int]]:
    if ranges is None:
        return [(spec, *uncertainty(proposal, spec)) for spec in inputs_of(proposal)]
    found = []
    for name, (low, high) in ranges.items():
        spec = find_input(proposal, name)
        found.append((spec, _units(spec, low), _units(spec, high)))
    return found


def tornado(
    proposal: Proposal,
    figure: str = "net_saving",
    year: FinancialYear | str | int | None = None,
    ranges: Mapping[str, tuple[object, object]] | None = None,
) -> Tornado:
    """Each input at its low and its high, the others as stated: the figure in the year, ranked by swing.

    ``ranges`` maps input names to (low, high) as text, Money or units; default every input of the proposal
    at its uncertainty range (:func:`~savingsmodel.whatif.values.uncertainty`). The year defaults to the first.
    Ties keep the order of the proposal's inputs.

    >>> from savingsmodel.examples import scs4_1_revised
    >>> chart = tornado(scs4_1_revised(), ranges={"lines.Resource Management Team.amount": ("£100k", "£160k")})
    >>> [(str(bar.at_low), str(bar.at_high), str(bar.swing)) for bar in chart.bars]
    [('£394,000', '£334,000', '£60,000')]
    """
    figure, at = figure_year(proposal, figure, year)
    base = evaluate_many(proposal, {}).pence(figure)[0, at]
    bars = []
    for spec, low, high in _ranges(proposal, ranges):
        pence = evaluate_many(proposal, {spec.name: as_inputs(spec, [low, high])}).pence(figure)[:, at]
        bars.append(Bar(spec, low, high, _pounds(pence[0]), _pounds(pence[1])))
    ranked = sorted(bars, key=lambda bar: -bar.swing.amount)
    return Tornado(figure, proposal.years[at], _pounds(base), tuple(ranked))


# ---- Spider ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Spider:
    """The figure across each input's range: ``lines[name]`` is a list of (value in units, figure)."""

    figure: str
    year: FinancialYear
    base: Money
    lines: Mapping[str, tuple[tuple[int, Money], ...]]
    inputs: Mapping[str, Input]

    def table(self) -> tuple[list[str], list[list[str]]]:
        """A row per input and point: the input, its value, the figure, and the change from the base."""
        header = ["input", "value", self.figure, "change"]
        rows = [
            [name, shown(self.inputs[name], value), str(amount), str(amount - self.base)]
            for name, points in self.lines.items()
            for value, amount in points
        ]
        return header, rows


def spider(
    proposal: Proposal,
    figure: str = "net_saving",
    year: FinancialYear | str | int | None = None,
    ranges: Mapping[str, tuple[object, object]] | None = None,
    points: int = 5,
) -> Spider:
    """The figure at ``points`` values evenly across each input's range (the others as stated).

    >>> from savingsmodel.examples import scs4_1_revised
    >>> chart = spider(scs4_1_revised(), ranges={"lines.Resource Management Team.amount": ("£100k", "£150k")},
    ...                points=3)
    >>> [(v, str(m)) for v, m in chart.lines["lines.Resource Management Team.amount"]]
    [(10000000, '£394,000'), (12500000, '£369,000'), (15000000, '£344,000')]
    """
    figure, at = figure_year(proposal, figure, year)
    base = _pounds(evaluate_many(proposal, {}).pence(figure)[0, at])
    lines: dict[str, tuple[tuple[int, Money], ...]] = {}
    specs: dict[str, Input] = {}
    for spec, low, high in _ranges(proposal, ranges):
        values = steps(low, high, points)
        pence = evaluate_many(proposal, {spec.name: as_inputs(spec, values)}).pence(figure)[:, at]
        lines[spec.name] = tuple((v, _pounds(p)) for v, p in zip(values, pence.tolist(), strict=True))
        specs[spec.name] = spec
    return Spider(figure, proposal.years[at], base, lines, specs)


def base_value(proposal: Proposal, name: str) -> int:
    """An input's value in the proposal, in its units."""
    return base_units(find_input(proposal, name))
