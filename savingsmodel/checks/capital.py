"""Capital and funding: capital kept off the revenue lines, with what it costs the revenue budget said.

Capital spend funded by borrowing is paid for later, from revenue: the minimum revenue provision
(MRP) repays it and interest is paid on it. A paper that states the capital but not that cost shows a
net saving the revenue budget will not see. Flexible use of capital receipts may fund the revenue
costs of transformation (the one capital resource that may pay a revenue cost), for projects that
save money every year: a cost so funded in a proposal that saves nothing needs a word.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Final

from savingsmodel.checks.common import cite
from savingsmodel.checks.findings import CheckFinding, Severity
from savingsmodel.checks.rules import Family, Reads, Rule, check
from savingsmodel.engine.capital import later, spent_in
from savingsmodel.model.lines import CapitalFunding, CapitalSpend, Funding, OneOffCost, Redundancy

if TYPE_CHECKING:
    from savingsmodel.engine.evaluation import Evaluation

__all__ = ["FAMILY"]


@check(
    Rule(
        "CAPITAL-REVENUE-UNSTATED",
        Severity.WARNING,
        reads=(Reads.LINES,),
        summary="capital funded by borrowing states its revenue consequence",
    )
)
def capital_revenue_unstated(evaluation: Evaluation) -> Iterator[CheckFinding]:
    """Capital spend funded by borrowing with no revenue consequence stated.

    Borrowing is repaid from revenue: the MRP each year over the asset's life, and interest on
    what is still owed. With none of `asset_life`, `interest_rate` or `revenue_cost`, the line
    puts nothing on the revenue lines, and the net saving is higher than the revenue budget will
    see from the year after the spend. State them (or the funding, if it is not borrowing).

    *Motivated by* an invest-to-save case whose £600k of new vehicles is "funded from prudential
    borrowing" with no word of the MRP (£120k a year over five years) or the interest: the
    net saving it states is £120k a year and more too high.
    """
    proposal = evaluation.proposal
    for index, line in enumerate(proposal.lines):
        if not isinstance(line, CapitalSpend) or line.funding is not CapitalFunding.BORROWING:
            continue
        if line.asset_life is not None or line.interest_rate or line.revenue_cost is not None:
            continue
        first = later(spent_in(proposal, line), 1)
        since = f"from {first}" if first is not None else "from the year after the spend"
        yield CheckFinding(
            "CAPITAL-REVENUE-UNSTATED",
            Severity.WARNING,
            f"'{line.name}'{cite(line.source)}: capital spend of {line.amount} funded by borrowing has no revenue "
            f"consequence stated: the minimum revenue provision and interest fall on the revenue budget "
            f"{since}, and no figure here includes them; state asset_life (and interest_rate) or revenue_cost",
            f"lines[{index}]",
            about=(line.name,),
        )


@check(
    Rule(
        "FUNDING-RECEIPTS-NO-SAVING",
        Severity.WARNING,
        reads=(Reads.LINES,),
        summary="flexible use of capital receipts funds a proposal that saves money every year",
    )
)
def receipts_without_saving(evaluation: Evaluation) -> Iterator[CheckFinding]:
    """A one-off cost funded by flexible use of capital receipts in a proposal with no recurring saving.

    Capital receipts are capital resources; the flexibility lets them fund the revenue costs of
    transformation: projects designed to save money every year, or to cut the cost of services.
    A proposal whose net saving is never above nothing in the horizon saves nothing to show for
    it, so the funding route needs a word (or another route).

    *Motivated by* a restructure costed at £80k of redundancy "met from capital receipts" whose
    new posts cost as much as those released: nothing recurs to justify the flexibility.
    """
    if any(y.net_saving.amount > 0 for y in evaluation.years):
        return
    for index, line in enumerate(evaluation.proposal.lines):
        if isinstance(line, (OneOffCost, Redundancy)) and line.funding is Funding.CAPITAL_RECEIPTS:
            yield CheckFinding(
                "FUNDING-RECEIPTS-NO-SAVING",
                Severity.WARNING,
                f"'{line.name}'{cite(line.source)} is funded by flexible use of capital receipts, which may fund the "
                "revenue costs of transformation that saves money every year; this proposal's net saving is not "
                "above nothing in any year of the horizon",
                f"lines[{index}]",
                about=(line.name,),
            )


FAMILY: Final = Family("Capital and funding", (capital_revenue_unstated, receipts_without_saving))
