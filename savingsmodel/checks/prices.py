"""Prices: a price base and the awards beside it, which must not count an award twice.

A proposal's amounts are at the prices of its ``price_base``: that year's pay
award or inflation rate, and every earlier one, is already in them. In cash
terms the engine uprates the amounts by every award listed, so an award for the
base year (or before it) would be applied a second time.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Final

from savingsmodel.checks.common import cite
from savingsmodel.checks.findings import CheckFinding, Severity
from savingsmodel.checks.rules import Family, Reads, Rule, check
from savingsmodel.core.fields import format_rate
from savingsmodel.model.prices import Prices

if TYPE_CHECKING:
    from savingsmodel.engine.evaluation import Evaluation

__all__ = ["FAMILY"]


@check(
    Rule(
        "PRICE-BASE-AWARD",
        Severity.WARNING,
        reads=(Reads.PRICES,),
        summary="an award already in the price base is not applied again",
    )
)
def price_base_award(evaluation: Evaluation) -> Iterator[CheckFinding]:
    """A pay award or inflation rate for the `price_base` year, or a year before it, in cash terms.

    The amounts are stated at `price_base` prices, which already include that
    year's award and every earlier one; listed in `pay_awards` or `inflation`,
    the award uprates them again, and every figure from the day it takes effect
    is too high by its rate. Drop the award, or set `price_base` to the year
    before it if the amounts are at the prices before it. In constant prices
    nothing is uprated, so nothing is counted twice.

    *Motivated by* the common slip of costing posts at this year's pay scales
    (`price_base = "2016/17"`, after the 2016/17 award) and then listing the
    2016/17 award to uprate them: a 1% award counted twice on £576k is £5,760 a
    year that will not be saved.
    """
    proposal = evaluation.proposal
    base = proposal.price_base
    if base is None or proposal.prices == Prices.CONSTANT:
        return
    for field, awards, word in (
        ("pay_awards", proposal.pay_awards, "pay award"),
        ("inflation", proposal.inflation, "inflation rate"),
    ):
        for index, award in enumerate(awards):
            if award.year > base or not award.rate:
                continue
            own = "its own" if award.year == base else f"{award.year}'s"
            yield CheckFinding(
                "PRICE-BASE-AWARD",
                Severity.WARNING,
                f"{award.year} {word} of {format_rate(award.rate)}{cite(award.source)}: the amounts are at {base} "
                f"prices (price_base), which already include {own} {word}; applied again, every figure in cash "
                f"terms from {award.on} is {format_rate(award.rate)} too high. Drop the award, or set price_base "
                f"to '{award.year.previous()}' if the amounts are at the prices before it",
                f"{field}[{index}]",
                about=(str(award.year),),
            )


FAMILY: Final = Family("Prices", (price_base_award,))
