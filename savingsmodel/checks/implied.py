"""Implied unit costs: a count of posts and a total, stated together, imply a cost per post.

"12 posts, £576k" implies £48,000 a post. That cost is held against the unit cost stated for
the same grade (on the grade, or on the line) and against every other count-and-total pair of the
grade in the same paper; a pair that does not agree is a finding. Whether it is plausible at all
is `RANGE-UNIT-COST`'s (and, for new posts below the band, `WORDS-UNIT-COST`'s).
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from fractions import Fraction
from itertools import combinations
from typing import TYPE_CHECKING, Final

from savingsmodel.checks.common import cite, grade_named, show_posts, to_pounds
from savingsmodel.checks.findings import CheckFinding, Severity
from savingsmodel.checks.rules import Family, Reads, Rule, check
from savingsmodel.core.money import Money
from savingsmodel.engine.unit_costs import unit_cost
from savingsmodel.model.lines import PostsCreated, PostsReleased

if TYPE_CHECKING:
    from savingsmodel.engine.evaluation import Evaluation

__all__ = ["FAMILY", "ROUNDING"]

#: How far a stated total may be from count x unit cost and still agree: half of £1k, since papers
#: state totals to the nearest £1,000 ("£576k"). Per post, it is this over the count.
ROUNDING: Final = Decimal(500)


def _pairs(evaluation: Evaluation) -> list[tuple[int, PostsReleased | PostsCreated, Fraction]]:
    """Each posts line that states a total for a count above zero: its place, the line, the cost per post."""
    found = []
    for index, line in enumerate(evaluation.proposal.lines):
        if isinstance(line, (PostsReleased, PostsCreated)) and line.cost is not None and line.fte:
            found.append((index, line, Fraction(line.cost.amount) / Fraction(line.fte)))
    return found


@check(
    Rule(
        "COST-IMPLIED",
        Severity.WARNING,
        reads=(Reads.LINES, Reads.GRADES),
        summary="the unit cost a count and a total imply agrees with the unit cost stated elsewhere",
    )
)
def cost_implied(evaluation: Evaluation) -> Iterator[CheckFinding]:
    """A posts line's stated `cost` over its FTE, against the grade's unit cost and the other pairs of the grade.

    A `posts_released` or `posts_created` line that states its total (`cost`) implies a unit
    cost, cost / FTE. It is a finding when count x unit cost, for the unit cost stated on the
    line (`unit_cost`) or else on its grade (stated or built up), is more than £500 from the
    total (a total to the nearest £1,000 agrees); and when two such lines of the same grade
    imply unit costs further apart than their totals' rounding allows (£500 over each count).
    The figures use the stated total; the finding says which statement to correct.

    *Motivated by* para 11 of the worked case: "12 x £48k = £576k" states the count, the unit
    cost and the total together, so each can be checked against the others; a paper that
    gives "12 posts, £576k" in one place and "£50k a post" in another cannot be right twice.
    """
    proposal = evaluation.proposal
    pairs = _pairs(evaluation)
    for index, line, per_post in pairs:
        fte = line.fte or Decimal(0)
        cost = line.cost or Money(0)
        stated: Money | None = line.unit_cost
        where = "stated on the line"
        if stated is None:
            grade = grade_named(proposal, line.grade)
            stated = unit_cost(grade) if grade is not None else None
            where = f"of grade '{line.grade}'"
        if stated is None:
            continue
        priced = stated * fte
        if abs(priced - cost).amount <= ROUNDING:
            continue
        yield CheckFinding(
            "COST-IMPLIED",
            Severity.WARNING,
            f"'{line.name}'{cite(line.source)}: {show_posts(fte)} posts for {cost} a year implies "
            f"{to_pounds(per_post)} a post, but the unit cost {where} is {stated} ({show_posts(fte)} x {stated} = "
            f"{priced}, {abs(priced - cost)} from the total): the count, the total and the unit cost cannot all "
            "be right; the figures use the total, so check which statement the paper rests on",
            f"lines[{index}]",
            about=(line.name, line.grade),
        )
    for (_, a, per_a), (j, b, per_b) in combinations(pairs, 2):
        if a.grade != b.grade:
            continue
        allowed = Fraction(ROUNDING) / Fraction(a.fte or 1) + Fraction(ROUNDING) / Fraction(b.fte or 1)
        if abs(per_a - per_b) <= allowed:
            continue
        count_a, count_b = show_posts(a.fte or Decimal(0)), show_posts(b.fte or Decimal(0))
        yield CheckFinding(
            "COST-IMPLIED",
            Severity.WARNING,
            f"'{a.name}'{cite(a.source)} implies {to_pounds(per_a)} a {a.grade} post ({count_a} "
            f"for {a.cost}); '{b.name}'{cite(b.source)} implies {to_pounds(per_b)} ({count_b} for "
            f"{b.cost}): two costs of one post of the same grade in the same paper; find which count or total is "
            "wrong, or say why the posts differ",
            f"lines[{j}]",
            about=(a.name, b.name, a.grade),
        )


FAMILY: Final = Family("Implied unit costs", (cost_implied,))
