"""Posts priced inside another line: a created post the paper costs as part of a team's or a contract's amount.

The saving then holds only if that line's amount includes the post; the check
says so, and warns when the post costs more than the whole line.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, Final

from savingsmodel.checks.common import cite, grade_named, show_posts
from savingsmodel.checks.findings import CheckFinding, Severity
from savingsmodel.checks.rules import Family, Reads, Rule, check
from savingsmodel.core.money import Money
from savingsmodel.engine.unit_costs import unit_cost
from savingsmodel.model.lines import Allowance, OneOffCost, PostsCreated, PostsReleased, RecurringCost, RecurringIncome
from savingsmodel.model.proposal import Proposal

if TYPE_CHECKING:
    from savingsmodel.engine.evaluation import Evaluation

__all__ = ["FAMILY"]


def _line_amount(proposal: Proposal, name: str) -> Money | None:
    line = proposal.line(name)
    if isinstance(line, (RecurringCost, RecurringIncome, OneOffCost)):
        return line.amount
    if isinstance(line, Allowance):
        return line.annual
    if isinstance(line, PostsCreated) and line.cost is not None:
        return line.cost
    return None


@check(
    Rule(
        "PRICED-IN",
        (Severity.INFO, Severity.WARNING),
        reads=(Reads.LINES, Reads.GRADES),
        summary="a post priced inside another line fits inside that line's amount",
    )
)
def priced_in(evaluation: Evaluation) -> Iterator[CheckFinding]:
    """A created post whose cost is `priced_in` another line.

    Info naming the assumption when it can hold; warning when the post's cost
    (FTE x unit cost) is more than the whole of the other line's amount.

    *Motivated by* para 10-12: the Watch Manager establishment falls by 11, but
    the gross saving is priced on 12 posts (£576k); it holds only if the one
    post created sits inside the £134k Resource Management Team (1 x £48,000 =
    £48,000, leaving £86,000 for the rest of the team).
    """
    proposal = evaluation.proposal
    for index, line in enumerate(proposal.lines):
        if not isinstance(line, PostsCreated) or line.priced_in is None:
            continue
        fte = line.fte or Decimal(0)
        grade = grade_named(proposal, line.grade)
        unit = line.unit_cost or (unit_cost(grade) if grade else None)
        host = _line_amount(proposal, line.priced_in)
        released = sum(
            (x.fte or Decimal(0) for x in proposal.lines if isinstance(x, PostsReleased) and x.grade == line.grade),
            Decimal(0),
        )
        head = f"'{line.name}'{cite(line.source)}: "
        if released:
            head += (
                f"the {line.grade} establishment changes by {show_posts(fte - released)} "
                f"({show_posts(released)} released, "
                f"{show_posts(fte)} created) but the saving is priced on the {show_posts(released)} released; "
            )
        head += f"the {show_posts(fte)} created {'post is' if fte == 1 else 'posts are'} priced in '{line.priced_in}'"
        about = (line.name, line.grade, line.priced_in)
        if unit is None or host is None:
            yield CheckFinding(
                "PRICED-IN",
                Severity.INFO,
                f"{head}: this holds only if that line includes them; check its build-up",
                f"lines[{index}]",
                about=about,
            )
            continue
        cost = unit * fte
        if cost > host:
            yield CheckFinding(
                "PRICED-IN",
                Severity.WARNING,
                f"{head} ({host}), but {show_posts(fte)} x {unit} = {cost} is more than that line's whole amount: "
                "the posts cannot be inside it; price them as their own line",
                f"lines[{index}]",
                about=about,
            )
        else:
            yield CheckFinding(
                "PRICED-IN",
                Severity.INFO,
                f"{head} ({host}): this holds only if that amount includes {'it' if fte == 1 else 'them'} "
                f"({show_posts(fte)} x {unit} = {cost}, leaving {host - cost} for the rest); check its build-up",
                f"lines[{index}]",
                about=about,
            )


FAMILY: Final = Family("Posts priced inside another line", (priced_in,))
