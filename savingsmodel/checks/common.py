"""What several check families share: how figures are shown, the plausible bands, the establishment on a day.

Kept in one place so that every check writes a count, a share or a band the
same way, and judges a cost against the same band:

>>> show_posts(Decimal("14.50"))
'14.5'
>>> show_percent(Fraction(1, 7))
'14.3%'
>>> DEFAULT_BAND
(Money('15000'), Money('150000'))
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Final

from savingsmodel.core.money import Money, RoundingMode, Unit, round_fraction
from savingsmodel.engine.terms import Term
from savingsmodel.engine.unit_costs import unit_cost
from savingsmodel.model.claims import Basis, Claim, Figure, ShareOf
from savingsmodel.model.grades import Grade
from savingsmodel.model.proposal import Proposal
from savingsmodel.model.statements import PROPOSAL_SCOPE, CountKind

if TYPE_CHECKING:
    from savingsmodel.engine.evaluation import Evaluation

__all__ = [
    "DEFAULT_BAND",
    "Establishment",
    "band_for",
    "cite",
    "computed_figure",
    "establishment_on",
    "grade_named",
    "of_the_lines",
    "plausible_band",
    "show_day",
    "show_percent",
    "show_posts",
    "show_posts_of",
    "to_pounds",
]

#: The plausible fully loaded annual cost of one FTE when a grade gives no band: from about
#: the least a full-time post cost an English public body in 2016 (National Living Wage plus
#: on-costs) to beyond most chief officers. Set ``plausible_unit_cost`` on a grade to narrow it.
DEFAULT_BAND: Final = (Money(15000), Money(150000))

_PERCENT_STEP: Final = Decimal("0.1")
_MODE: Final = RoundingMode.HALF_UP


# ---- Showing figures -----------------------------------------------------------------------------


def show_posts(value: Decimal | Fraction) -> str:
    """A count as a person writes it: 12, 0.5, 14.9 (a fraction to 0.1, half-up)."""
    if isinstance(value, Fraction):
        if value.denominator == 1:
            return f"{value.numerator:,}"
        return f"{round_fraction(value, _PERCENT_STEP, _MODE):,f}"
    return f"{value.normalize():,f}"


def show_posts_of(value: Decimal) -> str:
    """``1 post``, ``2 posts``, ``0.5 posts``."""
    return f"{show_posts(value)} {'post' if value == 1 else 'posts'}"


def show_percent(share: Fraction) -> str:
    """A share as a percentage to 0.1%, half-up: 0.142857... is ``14.3%``."""
    return f"{round_fraction(share * 100, _PERCENT_STEP, _MODE)}%"


def to_pounds(value: Fraction) -> Money:
    """An exact per-post amount shown to the pound, half-up."""
    return Money(round_fraction(value, Unit.POUNDS.value, _MODE))


def show_day(day: date) -> str:
    """``1 October 2016`` (no platform-specific strftime flags)."""
    return f"{day.day} {day:%B %Y}"


def cite(source: str) -> str:
    """`` (para 12)`` after a statement that gives its source; nothing when it gives none."""
    return f" ({source})" if source else ""


# ---- Plausible bands -----------------------------------------------------------------------------


def band_for(grade: Grade | None, own: bool = True) -> tuple[Money, Money, str]:
    """The band for ``grade``: as given, else half to twice its own unit cost (``own``), else the default."""
    if grade is not None and grade.plausible_unit_cost is not None:
        low, high = grade.plausible_unit_cost
        return low, high, f"the band given for {grade.name}"
    cost = unit_cost(grade) if grade is not None and own else None
    if grade is not None and cost is not None:
        how = "built up" if grade.build_up is not None else "stated"
        return cost.scaled(Fraction(1, 2)), cost * 2, f"half to twice the {how} {grade.name} unit cost of {cost}"
    return DEFAULT_BAND[0], DEFAULT_BAND[1], "the default band"


def plausible_band(proposal: Proposal, grade: str | None) -> tuple[Money, Money]:
    """The [low, high] cost of one FTE the checks accept for a post of ``grade``.

    The grade's ``plausible_unit_cost`` if given; else half to twice the grade's own
    unit cost (stated or built up); else :data:`DEFAULT_BAND`.
    """
    low, high, _ = band_for(grade_named(proposal, grade))
    return low, high


def of_the_lines(scope: str | None) -> bool:
    """Whether a statement of this scope is about the proposal's own lines (no scope, or ``proposal``).

    A claim or count for a part or a wider programme is compared only with figures of its own scope.
    """
    return scope in (None, PROPOSAL_SCOPE)


def grade_named(proposal: Proposal, name: str | None) -> Grade | None:
    """The proposal's grade called ``name``, if any."""
    return next((g for g in proposal.grades if g.name == name), None)


# ---- What the lines do ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Establishment:
    """The lines' change to the establishment in force on a day, by grade."""

    released: dict[str, Decimal]
    created: dict[str, Decimal]
    moved: dict[str, Decimal]
    #: Posts that moved with a service (TUPE), in (+) or out (-): neither released nor created.
    transferred: dict[str, Decimal] = field(default_factory=dict)

    def of(self, kind: CountKind, grade: str | None) -> Decimal:
        """Posts released (or else created) of ``grade``, or of every grade when it is ``None``."""
        table = self.released if kind is CountKind.POSTS_RELEASED else self.created
        return table.get(grade, Decimal(0)) if grade else sum(table.values(), Decimal(0))


def establishment_on(all_terms: Sequence[Term], day: date) -> Establishment:
    """What the terms in force on ``day`` release, create and move, by grade."""
    released: dict[str, Decimal] = defaultdict(Decimal)
    created: dict[str, Decimal] = defaultdict(Decimal)
    moved: dict[str, Decimal] = defaultdict(Decimal)
    transferred: dict[str, Decimal] = defaultdict(Decimal)
    for term in all_terms:
        if not _in_force(term, day):
            continue
        # A regrade moves posts between grades; a released or created post changes one grade; a TUPE
        # transfer changes one grade too, but is neither (no redundancy, no new post).
        table = {"posts_released": released, "posts_created": created}.get(term.kind, moved)
        if term.kind in ("transfer_in", "transfer_out"):
            table = transferred
        for grade, fte in term.fte.items():
            table[grade] += -fte if table is released else fte
    return Establishment(dict(released), dict(created), dict(moved), dict(transferred))


def _in_force(term: Term, day: date) -> bool:
    return term.start <= day and (term.end is None or term.end >= day)


def computed_figure(evaluation: Evaluation, figure: Figure, claim: Claim) -> Decimal | None:
    """``figure`` in the claim's year and basis, from the lines; None when a line it depends on has no cost.

    A claim about the whole of a shared proposal (``of = "whole"``) reads the whole's figures.
    """
    if claim.of is ShareOf.WHOLE:
        evaluation = evaluation.of_whole()
    if evaluation.unstated(figure, claim.year, claim.basis):
        return None
    if claim.basis is Basis.TOTAL:
        return evaluation.total_over_period(figure).amount
    years = [y.year for y in evaluation.years]
    if claim.year not in years:
        return None
    value = evaluation.series(figure, claim.basis)[years.index(claim.year)]
    return value.amount if isinstance(value, Money) else value
