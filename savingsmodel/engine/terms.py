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

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from fractions import Fraction

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
        for term in _line_terms(proposal, line):
            yield replace(term, uprating=uprating, kind=line.kind)


def _line_terms(proposal: Proposal, line: Line) -> Iterator[Term]:
    default_start = proposal.start_year.start
    start, end, cite = line.start or default_start, line.end, _cite(line)
    if isinstance(line, (PostsReleased, PostsCreated, Regrade)):
        yield from _posts_terms(proposal, line, default_start, cite)
    elif isinstance(line, Allowance):
        working = (
            f"{line.total} a year"
            if line.total is not None
            else f"{format_fte(line.posts or Decimal(0))} posts x {line.per_post}"
        )
        yield Term(line.name, Figure.ADDITIONAL_COSTS, line.annual, start, end, working, cite)
    elif isinstance(line, OneOffCost):
        year = line.year or FinancialYear.containing(start)
        yield Term(line.name, Figure.ONE_OFF_COSTS, line.amount, start, end, f"{line.amount} once", cite, year)
    else:
        figure = Figure.INCOME if isinstance(line, RecurringIncome) else Figure.ADDITIONAL_COSTS
        if not isinstance(line, (RecurringCost, RecurringIncome)):
            raise TypeError(f"unhandled line kind {type(line).__name__}")  # a new kind must be taught here
        yield Term(line.name, figure, line.amount, start, end, f"{line.amount} a year", cite)


def _posts_terms(
    proposal: Proposal, line: PostsReleased | PostsCreated | Regrade, default_start: date, cite: str
) -> Iterator[Term]:
    total_fte = line.fte or Decimal(0)
    done = Decimal(0)  # FTE of the tranches before this one: a stated cost is shared out cumulatively
    for on, fte in line.tranches(default_start):
        if isinstance(line, Regrade):
            old, new = _unit_cost(proposal, line.from_grade), _unit_cost(proposal, line.to_grade)
            per_post = line.uplift_per_post if line.uplift_per_post is not None else new - old
            working = (
                f"{format_fte(fte)} FTE x {per_post} uplift"
                if line.uplift_per_post is not None
                else f"{format_fte(fte)} FTE x ({new} - {old})"
            )
            moves = {line.from_grade: -fte, line.to_grade: fte}
            if per_post < _ZERO:
                # Moving posts down a grade saves the difference: a saving, not a negative cost.
                working = f"{format_fte(fte)} FTE x ({old} - {new}) saved by the regrade down"
                yield Term(line.name, Figure.GROSS_SAVING, -per_post * fte, on, line.end, working, cite, fte=moves)
            else:
                yield Term(line.name, Figure.ADDITIONAL_COSTS, per_post * fte, on, line.end, working, cite, fte=moves)
            continue
        unit_cost = line.unit_cost or _unit_cost(proposal, line.grade)
        if isinstance(line, PostsReleased):
            working = f"{format_fte(fte)} FTE x {unit_cost}"
            yield Term(
                line.name, Figure.GROSS_SAVING, unit_cost * fte, on, line.end, working, cite, fte={line.grade: -fte}
            )
            continue
        if line.priced_in is not None:
            rate, working = _ZERO, f"{format_fte(fte)} FTE priced in '{line.priced_in}'"
        elif line.cost is not None:
            # A stated total for all the posts: each tranche carries its share of it; a single
            # tranche carries all of it, exactly as stated (no share, so nothing to round).
            # Shares are rounded to the penny cumulatively (all tranches to this one, less all
            # before it), so that once every tranche has arrived they add back to the stated cost.
            if fte == total_fte != 0:
                rate = line.cost
            elif total_fte == 0:
                rate = line.cost * fte
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
        yield Term(line.name, Figure.ADDITIONAL_COSTS, rate, on, line.end, working, cite, fte={line.grade: fte})


def _unit_cost(proposal: Proposal, grade: str) -> Money:
    # Validation has made sure every grade a line prices from has a unit cost (stated or built up).
    return unit_costs.unit_cost(proposal.grade(grade)) or _ZERO
