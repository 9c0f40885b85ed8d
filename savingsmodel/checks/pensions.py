"""Pensions: a saving from posts released prices only the pension that falls when they go.

The employer's primary (future service) rate moves with posts; deficit recovery for
past service does not (see docs/explanation/on-costs.md).
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, Final

from savingsmodel.checks.common import cite, show_posts
from savingsmodel.checks.findings import CheckFinding, Severity
from savingsmodel.checks.rules import Family, Reads, Rule, check
from savingsmodel.core.fields import format_rate
from savingsmodel.model.lines import PostsReleased

if TYPE_CHECKING:
    from savingsmodel.engine.evaluation import Evaluation

__all__ = ["FAMILY"]


@check(
    Rule(
        "PENSION-DEFICIT",
        Severity.WARNING,
        reads=(Reads.LINES, Reads.GRADES),
        summary="a saving from posts released prices no pension deficit recovery",
    )
)
def pension_deficit(evaluation: Evaluation) -> Iterator[CheckFinding]:
    """Posts released priced from a build-up whose pension rate includes deficit recovery.

    A deficit or past-service contribution is owed whether the posts exist or not, so
    it does not fall when they go: a saving priced on a rate that includes it is too
    high by the deficit part. State the primary (future service) rate as
    `pension_rate` and the rest as `pension_deficit_rate`, which the build-up shows
    and leaves out of the unit cost.

    *Motivated by* an employer rate quoted from an actuarial valuation as one figure
    (say 21.7%, of which 5 points recover a deficit): 12 posts on £36,381 would
    overstate the saving by 12 x 5% x £36,381 = £21,828.60 a year.
    """
    proposal = evaluation.proposal
    for index, line in enumerate(proposal.lines):
        if not isinstance(line, PostsReleased) or line.unit_cost is not None:
            continue
        grade = next((g for g in proposal.grades if g.name == line.grade), None)
        build_up = grade.build_up if grade is not None else None
        if build_up is None or not build_up.pension_rate_includes_deficit:
            continue
        yield CheckFinding(
            "PENSION-DEFICIT",
            Severity.WARNING,
            f"'{line.name}'{cite(line.source)}: the {show_posts(line.fte or Decimal(0))} {line.grade} posts are "
            f"priced with an employer pension rate of {format_rate(build_up.pension_rate)} that includes deficit "
            "recovery, which does not fall when posts go; state the primary (future service) rate as pension_rate and "
            "the deficit part as pension_deficit_rate",
            f"lines[{index}]",
            about=(line.name, line.grade),
        )


FAMILY: Final = Family("Pensions", (pension_deficit,))
