"""What the paper implies: the value of one input that would make a claim hold.

A claim that misses (or that cannot be checked for want of a figure) often has one input
behind it that the paper worked differently: a unit cost, a count of posts, a start date, a
cost. :func:`solve` finds the values of that input for which the claim holds, within the
claim's own allowance (its rounding, or its tolerance), searching the input's range with
:func:`~savingsmodel.whatif.breakeven.first_reaching` over
:func:`~savingsmodel.engine.many.evaluate_many`, and says plainly when no value in the
range makes it hold:

>>> from savingsmodel.examples import scs4_1_revised
>>> original = scs4_1_revised().with_changes(grades={"Watch Manager": {"unit_cost": "45k"}})
>>> print(solve(original, 0, "grades.Watch Manager.unit_cost"))  # doctest: +NORMALIZE_WHITESPACE
claims[0] gross_saving 2016/17 (para 11), stated £576,000: holds when grades.Watch Manager.unit_cost is
from £47,958.34 to £48,041.66 (the figure is linear in it: £48,000 gives exactly £576,000)

The values are in the input's whole units (a penny, a ten-thousandth of an FTE, a month, a
ten-billionth of a rate); each end of the range is a value at which the claim, put back into
the proposal, holds. The search assumes the figure moves one way as the input rises (as a
saving does with a unit cost, a count, or a later start); where it does not, the first range
found is given.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Final

from savingsmodel.checks.reconcile import holding_range
from savingsmodel.core.errors import InputError
from savingsmodel.core.money import Money
from savingsmodel.engine.figures import COLUMNS, named
from savingsmodel.engine.many import FTE_UNIT, Input, evaluate_many
from savingsmodel.model.claims import Basis, Claim
from savingsmodel.model.proposal import Proposal
from savingsmodel.whatif.breakeven import Reached, first_reaching
from savingsmodel.whatif.values import as_inputs, find_input, read, search_range, shown

__all__ = ["ClaimFigure", "Solution", "claim_figure", "solve"]

COLUMN_NAMES: Final = frozenset(c.name for c in COLUMNS)
_FROM_THE_YEAR_BEFORE: Final = (Basis.INCREMENTAL, Basis.CUMULATIVE)


@dataclass(frozen=True, slots=True)
class ClaimFigure:
    """A claim as whole units of the vectorised engine's arrays: the column, its year, and the bounds it holds in.

    ``column`` is the year's place in the horizon, or None for the total over the period; ``low`` and
    ``high`` are the claim's holding range in pence (or ten-thousandths of an FTE), both included.
    """

    name: str
    money: bool
    column: int | None
    low: int
    high: int

    def of(self, values: Sequence[int] | object, proposal: Proposal, spec: Input) -> list[int]:
        """The claimed figure, in whole units, at each value of ``spec``."""
        many = evaluate_many(proposal, {spec.name: values})
        name, to_date = self.name, False
        if self.money and name not in many.names and name.endswith("_to_date"):
            name, to_date = name.removesuffix("_to_date"), True  # a running total of the annual figure
        array = many.pence(name) if self.money else many.fte(name)
        if to_date and self.column is not None:
            picked = array[:, : self.column + 1].sum(axis=1)
        else:
            picked = array.sum(axis=1) if self.column is None else array[:, self.column]
        result: list[int] = picked.tolist()
        return result


def claim_figure(proposal: Proposal, claim: Claim) -> ClaimFigure:
    """The figure a claim states, as :func:`~savingsmodel.engine.many.evaluate_many` gives it by draw.

    >>> from savingsmodel.examples import scs4_1_revised
    >>> p = scs4_1_revised()
    >>> claim_figure(p, p.claims[3])
    ClaimFigure(name='net_saving_incremental', money=True, column=0, low=35950000, high=36050000)
    """
    name = claim.figure.value if claim.basis is Basis.TOTAL else named(claim.figure, claim.basis, claim.grade).name
    if claim.basis is not Basis.TOTAL and name not in COLUMN_NAMES and claim.basis in _FROM_THE_YEAR_BEFORE:
        # The vectorised engine gives these views of the net saving only; of another figure they need the year
        # before the horizon, which it does not give.
        raise InputError.one(
            "claim",
            f"expected a claim the vectorised engine can work by draw (any view of net_saving, or another "
            f"figure's annual effect, total or running total to date), found {claim.describe()}",
            code="not_vectorised",
        )
    unit = 100 if claim.figure.is_money else FTE_UNIT
    low, high = holding_range(claim)
    column = None if claim.year is None else list(proposal.years).index(claim.year)
    return ClaimFigure(name, claim.figure.is_money, column, math.ceil(low * unit), math.floor(high * unit))


@dataclass(frozen=True)
class Solution:
    """The values of an input for which a claim holds, or why none in the range does."""

    where: str
    claim: Claim
    input: Input
    low: int
    high: int
    #: The first and last values found for which the claim holds; None when none does.
    holds_from: int | None
    holds_to: int | None
    #: Where the figure reaches the claim's own value: exactly, when the figure is linear in the input.
    reached: Reached
    money: bool

    @property
    def found(self) -> bool:
        return self.holds_from is not None

    @property
    def exact(self) -> Fraction | None:
        """The exact value (in whole units, maybe a fraction of one) giving the claim's value, where linear."""
        return self.reached.exact

    def _figure(self, units: int) -> str:
        if self.money:
            return str(Money(Decimal(units).scaleb(-2)))
        return f"{Decimal(units).scaleb(-4).normalize():f} FTE"

    def __str__(self) -> str:
        c = self.claim
        said = f"{self.where} {c.describe()}{f' ({c.source})' if c.source else ''}, stated {self._stated()}"
        name, low, high = self.input.name, shown(self.input, self.low), shown(self.input, self.high)
        if self.holds_from is None or self.holds_to is None:
            at_low, at_high = self._figure(self.reached.at_low), self._figure(self.reached.at_high)
            return (
                f"{said}: no value of {name} from {low} to {high} makes it hold: the figure runs from "
                f"{at_low} (at {low}) to {at_high} (at {high})"
            )
        first, last = shown(self.input, self.holds_from), shown(self.input, self.holds_to)
        span = f"is {first}" if self.holds_from == self.holds_to else f"is from {first} to {last}"
        exact = self.exact
        how = (
            f" (the figure is linear in it: {shown(self.input, exact)} gives exactly {self._stated()})"
            if exact is not None
            else " (found by bracketed search)"
        )
        return f"{said}: holds when {name} {span}{how}"

    def _stated(self) -> str:
        value = self.claim.value
        return str(Money(value)) if self.money else f"{value.normalize():f}"


def solve(
    proposal: Proposal, claim: int | str | Claim, input: str, within: tuple[object, object] | None = None
) -> Solution:
    """The values of ``input`` for which ``claim`` (a claim, its number, or ``"claims[2]"``) holds.

    ``within`` is the range searched, low and high as text (``"£40k"``, ``"+6"``) or whole units
    (default :func:`~savingsmodel.whatif.values.search_range`).
    """
    where, chosen = _claim(proposal, claim)
    spec = find_input(proposal, input)
    target = claim_figure(proposal, chosen)
    if within is None:
        low, high = search_range(proposal, spec)
    else:
        low, high = (read(spec, v) if isinstance(v, str) else _units(spec, v) for v in within)

    def figure(values: Sequence[int]) -> list[int]:
        return target.of(as_inputs(spec, list(values)), proposal, spec)

    value = math.floor(chosen.value * (100 if target.money else FTE_UNIT))
    reached = first_reaching(figure, low, high, value)
    start = figure([low])[0]
    if start < target.low:
        first = first_reaching(figure, low, high, target.low).value
        leave = None if first is None else first_reaching(figure, first, high, target.high + 1).value
    elif start > target.high:
        first = first_reaching(figure, low, high, target.high).value
        leave = None if first is None else first_reaching(figure, first, high, target.low - 1).value
    else:
        first = low
        ends = [first_reaching(figure, low, high, t).value for t in (target.high + 1, target.low - 1)]
        leave = min((e for e in ends if e is not None), default=None)
    last = None if first is None else (high if leave is None else leave - 1)
    if first is not None and not target.low <= figure([first])[0] <= target.high:
        first = last = None  # the figure steps over the claim's whole band: no value makes it hold
    return Solution(where, chosen, spec, low, high, first, last, reached, target.money)


def _claim(proposal: Proposal, claim: int | str | Claim) -> tuple[str, Claim]:
    if isinstance(claim, Claim):
        return "claim", claim
    number: int | None = None
    if isinstance(claim, int) and not isinstance(claim, bool):
        number = claim
    elif isinstance(claim, str):
        text = claim.strip().removeprefix("claims[").removesuffix("]")
        number = int(text) if text.isdigit() else None
    count = len(proposal.claims)
    if number is None or not 0 <= number < count:
        raise InputError.one(
            "claim", f"expected a claim's number from 0 to {count - 1} (or 'claims[N]'), found {claim!r}"
        )
    return f"claims[{number}]", proposal.claims[number]


def _units(spec: Input, value: object) -> int:
    if isinstance(value, Money):
        return read(spec, str(value.amount))
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise InputError.one(spec.name, f"expected text such as '£45k' or '6', Money, or whole units, found {value!r}")
