"""Terms: what each line of a proposal means, decided once.

Each line becomes :class:`Term` values: an annual rate, the dates it runs, the
figure it feeds, how it uprates and the FTE it moves by grade (a schedule gives
one term per step). The exact evaluator (:mod:`savingsmodel.engine.evaluation`)
consumes them; nothing else decides what a line does to a figure.

>>> from savingsmodel.examples import scs4_1_revised
>>> first = next(terms(scs4_1_revised()))
>>> first.figure.value, str(first.rate), first.working
('gross_saving', '£576,000', '12 FTE x £48,000')
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from fractions import Fraction
from types import MappingProxyType
from typing import Any, Final

from savingsmodel.core.money import Money
from savingsmodel.core.years import FinancialYear
from savingsmodel.engine import unit_costs
from savingsmodel.model.claims import Figure
from savingsmodel.model.lines import (
    Allowance,
    Line,
    OneOffCost,
    PostsCreated,
    PostsReleased,
    RecurringCost,
    RecurringIncome,
    Regrade,
    default_uprating,
)
from savingsmodel.model.prices import Uprating
from savingsmodel.model.proposal import Proposal

__all__ = ["Term", "format_fte", "terms"]

_ZERO = Money(0)


def format_fte(value: Decimal) -> str:
    """An FTE as a person writes it: 12, 0.5, never 12.0 or 1E+1."""
    return f"{value.normalize():f}"


@dataclass(frozen=True, slots=True)
class Term:
    """One annual rate from one line: the unit of the engine's arithmetic.

    ``rate`` is the full-year amount; ``start``/``end`` the dates it runs
    (inclusive); ``year`` set means a one-off falling in that year only.
    ``fte`` maps grades to the establishment change the term makes; ``kind`` is
    the kind of line it comes from (a key of :data:`~savingsmodel.model.lines.LINE_KINDS`),
    so that nothing downstream guesses it back from the figure or the grades.
    """

    line: str
    figure: Figure
    rate: Money
    start: date
    end: date | None
    working: str
    source: str
    year: FinancialYear | None = None
    fte: Mapping[str, Decimal] = field(default_factory=dict)
    uprating: Uprating = Uprating.NONE
    kind: str = ""


def _cite(line: Line) -> str:
    return f"{line.name}; {line.source}" if line.source else line.name


def terms(proposal: Proposal) -> Iterator[Term]:
    """Each line as the annual rates it contributes (a schedule gives one per step), with how it uprates."""
    for line in proposal.lines:
        uprating = line.uprate or default_uprating(line.kind)
        for term in _TERMS[line.kind](proposal, line, _cite(line)):
            yield replace(term, uprating=uprating, kind=line.kind)


# One function per kind of line: what a line of that kind means, decided here and nowhere else.


def _posts_released(proposal: Proposal, line: PostsReleased, cite: str) -> Iterator[Term]:
    for on, fte in line.tranches(proposal.start_year.start):
        unit_cost = line.unit_cost or _unit_cost(proposal, line.grade)
        working = f"{format_fte(fte)} FTE x {unit_cost}"
        yield Term(
            line=line.name,
            figure=Figure.GROSS_SAVING,
            rate=unit_cost * fte,
            start=on,
            end=line.end,
            working=working,
            source=cite,
            fte={line.grade: -fte},
        )


def _posts_created(proposal: Proposal, line: PostsCreated, cite: str) -> Iterator[Term]:
    total_fte = line.fte or Decimal(0)
    done = Decimal(0)  # FTE of the tranches before this one: a stated cost is shared out cumulatively
    for on, fte in line.tranches(proposal.start_year.start):
        unit_cost = line.unit_cost or _unit_cost(proposal, line.grade)
        if line.priced_in is not None:
            rate, working = _ZERO, f"{format_fte(fte)} FTE priced in '{line.priced_in}'"
        elif line.cost is not None:
            # A stated total for all the posts (validation makes sure there are some): each tranche
            # carries its share of it; a single tranche carries all of it, exactly as stated (no
            # share, so nothing to round). Shares are rounded to the penny cumulatively (all tranches
            # to this one, less all before it), so that once every tranche has arrived they add back
            # to the stated cost.
            if fte == total_fte:
                rate = line.cost
            else:
                before = line.cost.scaled(Fraction(done) / Fraction(total_fte))
                rate = line.cost.scaled(Fraction(done + fte) / Fraction(total_fte)) - before
            done += fte
            working = (
                f"{format_fte(fte)} FTE, stated cost {line.cost}"
                if fte == total_fte
                else f"{format_fte(fte)}/{format_fte(total_fte)} of stated cost {line.cost}"
            )
        else:
            rate, working = unit_cost * fte, f"{format_fte(fte)} FTE x {unit_cost}"
        yield Term(
            line=line.name,
            figure=Figure.ADDITIONAL_COSTS,
            rate=rate,
            start=on,
            end=line.end,
            working=working,
            source=cite,
            fte={line.grade: fte},
        )


def _regrade(proposal: Proposal, line: Regrade, cite: str) -> Iterator[Term]:
    for on, fte in line.tranches(proposal.start_year.start):
        old, new = _unit_cost(proposal, line.from_grade), _unit_cost(proposal, line.to_grade)
        per_post = line.uplift_per_post if line.uplift_per_post is not None else new - old
        working = (
            f"{format_fte(fte)} FTE x {per_post} uplift"
            if line.uplift_per_post is not None
            else f"{format_fte(fte)} FTE x ({new} - {old})"
        )
        if per_post < _ZERO:
            # Moving posts down a grade saves the difference: a saving, not a negative cost.
            working = f"{format_fte(fte)} FTE x ({old} - {new}) saved by the regrade down"
            figure, rate = Figure.GROSS_SAVING, -per_post * fte
        else:
            figure, rate = Figure.ADDITIONAL_COSTS, per_post * fte
        yield Term(
            line=line.name,
            figure=figure,
            rate=rate,
            start=on,
            end=line.end,
            working=working,
            source=cite,
            fte={line.from_grade: -fte, line.to_grade: fte},
        )


def _allowance(proposal: Proposal, line: Allowance, cite: str) -> Iterator[Term]:
    working = (
        f"{line.total} a year"
        if line.total is not None
        else f"{format_fte(line.posts or Decimal(0))} posts x {line.per_post}"
    )
    yield Term(
        line=line.name,
        figure=Figure.ADDITIONAL_COSTS,
        rate=line.annual,
        start=_start(proposal, line),
        end=line.end,
        working=working,
        source=cite,
    )


def _recurring_cost(proposal: Proposal, line: RecurringCost, cite: str) -> Iterator[Term]:
    yield _recurring(proposal, line, Figure.ADDITIONAL_COSTS, cite)


def _recurring_income(proposal: Proposal, line: RecurringIncome, cite: str) -> Iterator[Term]:
    yield _recurring(proposal, line, Figure.INCOME, cite)


def _recurring(proposal: Proposal, line: RecurringCost | RecurringIncome, figure: Figure, cite: str) -> Term:
    """An amount every year from its start: a cost or income, as the kind says."""
    start, working = _start(proposal, line), f"{line.amount} a year"
    return Term(
        line=line.name, figure=figure, rate=line.amount, start=start, end=line.end, working=working, source=cite
    )


def _one_off_cost(proposal: Proposal, line: OneOffCost, cite: str) -> Iterator[Term]:
    start = _start(proposal, line)
    yield Term(
        line=line.name,
        figure=Figure.ONE_OFF_COSTS,
        rate=line.amount,
        start=start,
        end=line.end,
        working=f"{line.amount} once",
        source=cite,
        year=line.year or FinancialYear.containing(start),
    )


#: Where each kind of line (a key of :data:`~savingsmodel.model.lines.LINE_KINDS`) becomes terms; a test
#: holds the two tables to the same kinds, so a new kind without its terms fails a test, not a run.
_TERMS: Final[Mapping[str, Callable[[Proposal, Any, str], Iterator[Term]]]] = MappingProxyType(
    {
        "posts_released": _posts_released,
        "posts_created": _posts_created,
        "regrade": _regrade,
        "allowance": _allowance,
        "recurring_cost": _recurring_cost,
        "recurring_income": _recurring_income,
        "one_off_cost": _one_off_cost,
    }
)


def _start(proposal: Proposal, line: Line) -> date:
    """The day a line starts: its own start, or the first day of the proposal."""
    return line.start or proposal.start_year.start


def _unit_cost(proposal: Proposal, grade: str) -> Money:
    # Validation has made sure every grade a line prices from has a unit cost (stated or built up).
    return unit_costs.unit_cost(proposal.grade(grade)) or _ZERO
