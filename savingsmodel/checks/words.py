"""Words against figures: what a paper calls a change, against what its figures can pay for.

"Eight additional Crew Manager posts" for £32k is £4,000 a post: the words say
new posts, the figure can only be an uplift of existing staff.
"""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction
from typing import TYPE_CHECKING, Final

from savingsmodel.checks.common import band_for, cite, grade_named, show_posts, to_pounds
from savingsmodel.checks.findings import CheckFinding, Severity
from savingsmodel.checks.rules import Family, Reads, Rule, check
from savingsmodel.model.lines import PostsCreated

if TYPE_CHECKING:
    from savingsmodel.engine.evaluation import Evaluation

__all__ = ["FAMILY"]


@check(
    Rule(
        "WORDS-UNIT-COST",
        Severity.WARNING,
        reads=(Reads.LINES, Reads.GRADES),
        summary="new posts cost at least a plausible unit cost each",
    )
)
def words_unit_cost(evaluation: Evaluation) -> Iterator[CheckFinding]:
    """A `posts_created` line with a stated `cost` whose cost per post (cost / FTE) is below the grade's band.

    New posts cannot cost that little, so the line can only be an uplift of
    existing staff. The message suggests a `regrade` line with that uplift per post.

    *Motivated by* para 12 against para 8.1: "The creation of eight additional
    Crew Manager posts £32k" is £4,000 a post, far below the cost of any new
    post; para 8.1 speaks of increasing crew managers "to maintain supervisory
    management", which an uplift of firefighters to crew managers does.
    """
    proposal = evaluation.proposal
    for index, line in enumerate(proposal.lines):
        if not isinstance(line, PostsCreated) or line.cost is None or not line.fte:
            continue
        grade = grade_named(proposal, line.grade)
        floor, _, band = band_for(grade)
        why = f"{floor}, the low end of {band}"
        per_post = Fraction(line.cost.amount) / Fraction(line.fte)
        if per_post >= Fraction(floor.amount):
            continue
        shown = to_pounds(per_post)
        yield CheckFinding(
            "WORDS-UNIT-COST",
            Severity.WARNING,
            f"'{line.name}'{cite(line.source)}: {show_posts(line.fte)} new {line.grade} posts for {line.cost} a year "
            f"is {shown} a post, far below what a new post can cost (at least {why}): it can only be an uplift of "
            f"existing staff, not new posts. If so, model it as a regrade line (from_grade = the present grade, "
            f"to_grade = '{line.grade}', uplift_per_post = '{shown.amount}') and check the count of posts",
            f"lines[{index}]",
            about=(line.name, line.grade),
        )


FAMILY: Final = Family("Words against figures", (words_unit_cost,))
