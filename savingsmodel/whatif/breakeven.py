"""Break-even: the value of one input that makes a figure reach a target.

>>> from savingsmodel.examples import scs4_1_revised
>>> found = break_even(scs4_1_revised(), "grades.Watch Manager.unit_cost")
>>> print(found)  # doctest: +NORMALIZE_WHITESPACE
net_saving in 2016/17 reaches £0 when grades.Watch Manager.unit_cost is £18,000
(exactly: the figure is linear in it from £0 to £1,000,000)

The answer is the first value, in the input's whole units (a penny, a ten-thousandth of an
FTE, a month, a ten-billionth of a rate), going from the low end of the range to the high, at
which the figure reaches the target or passes it. It is found by a bracketed search: the
figure on an even grid of up to 1,025 values across the range (one call of
:func:`~savingsmodel.engine.many.evaluate_many`), the first interval in which it reaches the
target, and that interval gridded again until it is one unit wide. Where the figure is
linear in the input over the range (every grid point on the straight line through the two
ends, exactly), the exact value is worked out too, as a fraction, and the answer says so.
When no value in the range makes the figure reach the target, the answer says that, with
the figure at each end. The search itself (:func:`first_reaching`) takes any function of
whole units, so other solvers (a claim's "what would make it hold") can use it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Final

from savingsmodel.core.errors import InputError
from savingsmodel.core.money import Money
from savingsmodel.core.years import FinancialYear
from savingsmodel.engine.many import Input, evaluate_many
from savingsmodel.model.proposal import Proposal
from savingsmodel.whatif.sweeps import figure_year
from savingsmodel.whatif.values import as_inputs, find_input, read, search_range, shown, steps

__all__ = ["BreakEven", "Reached", "break_even", "first_reaching"]

#: Values of the input evaluated at once in each round of the search.
GRID: Final = 1025


@dataclass(frozen=True, slots=True)
class Reached:
    """Where a function of whole units first reaches a target going up its range (see :func:`first_reaching`).

    ``value`` is None when nothing in the range reaches it; ``exact`` is the exact crossing when the function
    is linear over the range (on every point of the first grid); ``before`` is the figure one unit below.
    """

    value: int | None
    at_value: int | None
    before: int | None
    exact: Fraction | None
    at_low: int
    at_high: int


def _side(amount: int, target: int) -> int:
    return (amount > target) - (amount < target)


def first_reaching(figure: Callable[[Sequence[int]], Sequence[int]], low: int, high: int, target: int) -> Reached:
    """The first whole unit from ``low`` to ``high`` at which ``figure`` reaches or passes ``target``.

    ``figure`` takes a list of values (whole units) and gives the figure at each (whole pence).

    >>> first_reaching(lambda xs: [3 * x - 10 for x in xs], 0, 100, 0)
    Reached(value=4, at_value=2, before=-1, exact=Fraction(10, 3), at_low=-10, at_high=290)
    """
    if high < low:
        raise InputError.one("within", f"expected a low end at most the high end, found {low} to {high}")
    grid = steps(low, high, min(GRID, high - low + 1))
    amounts = list(figure(grid))
    start = _side(amounts[0], target)
    exact = _linear(grid, amounts, target)
    if start == 0:
        return Reached(low, amounts[0], None, exact, amounts[0], amounts[-1])
    crossing = next((i for i, a in enumerate(amounts) if _side(a, target) != start), None)
    if crossing is None:
        return Reached(None, None, None, None, amounts[0], amounts[-1])
    while True:
        # The bracket's low end is on the starting side and its high end is not: narrow it to one unit.
        a, b = grid[crossing - 1], grid[crossing]
        if b - a == 1:
            at_low, at_high = figure([low, high])
            return Reached(b, amounts[crossing], amounts[crossing - 1], exact, at_low, at_high)
        grid = steps(a, b, min(GRID, b - a + 1))
        amounts = list(figure(grid))
        crossing = next(i for i, a in enumerate(amounts) if _side(a, target) != start)


def _linear(grid: Sequence[int], amounts: Sequence[int], target: int) -> Fraction | None:
    """The exact crossing of the straight line through the grid's ends, if every grid point lies on it."""
    x0, y0, x1, y1 = grid[0], amounts[0], grid[-1], amounts[-1]
    if x1 == x0 or y1 == y0:
        return None
    if any((y - y0) * (x1 - x0) != (y1 - y0) * (x - x0) for x, y in zip(grid, amounts, strict=True)):
        return None
    crossing = x0 + Fraction(target - y0) * (x1 - x0) / (y1 - y0)
    return crossing if x0 <= crossing <= x1 else None


@dataclass(frozen=True)
class BreakEven:
    """The value of an input that makes a figure reach a target, or why none in the range does."""

    input: Input
    figure: str
    year: FinancialYear
    target: Money
    low: int
    high: int
    reached: Reached

    @property
    def found(self) -> bool:
        return self.reached.value is not None

    @property
    def value(self) -> int | None:
        """The first whole unit (pence, ten-thousandths of an FTE, months, ten-billionths) reaching the target."""
        return self.reached.value

    @property
    def exact(self) -> Fraction | None:
        """The exact value (in units) where the figure is linear in the input, else None."""
        exact = self.reached.exact
        value = self.reached.value
        # Linear on the grid but rounded between its points: only a crossing the search agrees with is exact.
        if exact is None or value is None or not value - 1 < exact <= value:
            return None
        return exact

    def __str__(self) -> str:
        what = f"{self.figure} in {self.year}"
        name = self.input.name
        low, high = shown(self.input, self.low), shown(self.input, self.high)
        at_low, at_high = _pounds(self.reached.at_low), _pounds(self.reached.at_high)
        if self.reached.value is None:
            return (
                f"no value of {name} from {low} to {high} makes {what} reach {self.target}: "
                f"it runs from {at_low} (at {low}) to {at_high} (at {high})"
            )
        exact = self.exact
        if exact is not None:
            return (
                f"{what} reaches {self.target} when {name} is {shown(self.input, exact)} "
                f"(exactly: the figure is linear in it from {low} to {high})"
            )
        value = self.reached.value
        if self.reached.before is None:
            return f"{what} is {_pounds(self.reached.at_value or 0)} at {name} {low}, the low end: already there"
        return (
            f"{what} reaches {self.target} from {name} {shown(self.input, value)} "
            f"(found by bracketed search: {_pounds(self.reached.before)} at {shown(self.input, value - 1)}, "
            f"{_pounds(self.reached.at_value or 0)} at {shown(self.input, value)})"
        )


def _pounds(pence: int) -> Money:
    return Money(Decimal(int(pence)).scaleb(-2))


def break_even(
    proposal: Proposal,
    input: str,
    figure: str = "net_saving",
    year: FinancialYear | str | int | None = None,
    target: Money | str | int = 0,
    within: tuple[object, object] | None = None,
) -> BreakEven:
    """The value of ``input`` at which ``figure`` in ``year`` (default the first) first reaches ``target``.

    ``target`` is money (``Money``, text such as ``"£100k"``, or whole pounds as an integer); ``within`` is the
    range searched, low and high as text, Money or whole units (default
    :func:`~savingsmodel.whatif.values.search_range`).

    >>> from savingsmodel.examples import scs4_1_revised
    >>> print(break_even(scs4_1_revised(), "lines.Watch Manager posts released.start", "net_saving_incremental",
    ...                  "2016/17", target="£200k"))  # doctest: +NORMALIZE_WHITESPACE
    net_saving_incremental in 2016/17 reaches £200,000 from lines.Watch Manager posts released.start +4 months
    (found by bracketed search: £216,000 at +3 months, £168,000 at +4 months)
    """
    spec = find_input(proposal, input)
    figure, at = figure_year(proposal, figure, year)
    goal = target if isinstance(target, Money) else Money(target)
    pence = goal.amount * 100
    if pence != pence.to_integral_value():
        raise InputError.one("target", f"expected whole pence, found {goal}")
    if within is None:
        low, high = search_range(proposal, spec)
    else:
        low, high = (read(spec, v) if isinstance(v, str) else _whole(spec, v) for v in within)

    def at_values(values: Sequence[int]) -> list[int]:
        result: list[int] = (
            evaluate_many(proposal, {spec.name: as_inputs(spec, list(values))}).pence(figure)[:, at].tolist()
        )
        return result

    reached = first_reaching(at_values, low, high, int(pence))
    return BreakEven(spec, figure, proposal.years[at], goal, low, high, reached)


def _whole(spec: Input, value: object) -> int:
    if isinstance(value, Money):
        return read(spec, str(value.amount))
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise InputError.one(spec.name, f"expected text such as '£45k' or '6', Money, or whole units, found {value!r}")
