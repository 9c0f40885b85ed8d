"""Timing: a saving counted before it happens, or a change that falls outside the figures' years.

A post that leaves on 1 October saves half a year in its first year; a paper
that counts it in full, or nets a one-off cost against a recurring saving (so
that the next year shows the one-off falling away as a saving), shows a year's
figure that will not happen.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Final

from savingsmodel.checks.common import cite, computed_figure, of_the_lines, show_day
from savingsmodel.checks.findings import CheckFinding, Severity
from savingsmodel.checks.rules import Family, Reads, Rule, check
from savingsmodel.core.money import Money
from savingsmodel.core.years import FinancialYear
from savingsmodel.model.claims import Basis, Figure
from savingsmodel.model.lines import OneOffCost, Redundancy

if TYPE_CHECKING:
    from savingsmodel.engine.evaluation import Evaluation

__all__ = ["FAMILY"]

_SAID_ONE_OFF: Final = re.compile(r"one[\s-]?off", re.IGNORECASE)

_MONEY_CLAIMS: Final = (
    Figure.GROSS_SAVING,
    Figure.ADDITIONAL_COSTS,
    Figure.INCOME,
    Figure.NET_SAVING,
    Figure.NET_AFTER_ONE_OFF_COSTS,
)
_FEEDS: Final = {
    Figure.GROSS_SAVING: (Figure.GROSS_SAVING,),
    Figure.ADDITIONAL_COSTS: (Figure.ADDITIONAL_COSTS,),
    Figure.INCOME: (Figure.INCOME,),
    Figure.NET_SAVING: (Figure.GROSS_SAVING, Figure.INCOME, Figure.ADDITIONAL_COSTS),
    Figure.NET_AFTER_ONE_OFF_COSTS: (Figure.GROSS_SAVING, Figure.INCOME, Figure.ADDITIONAL_COSTS),
}


@check(
    Rule(
        "TIMING-FULL-YEAR",
        Severity.WARNING,
        reads=(Reads.CLAIMS, Reads.LINES, Reads.FIGURES),
        summary="a saving is not counted in full in a year its posts leave part way through",
    )
)
def timing_full_year(evaluation: Evaluation) -> Iterator[CheckFinding]:
    """A claim equal to the full-year figure in a year whose posts or costs start after the year begins.

    A money claim for a year (annual, cumulative or incremental) that equals
    the full-year figure (the rates in force on the year's last day, with the
    year's one-offs for a net saving), while some line feeding it starts after
    the year begins, so that the computed figure is a part-year one.

    *Motivated by* para 7 and 9: "Delivering savings of £360k in 2016/17" holds
    only if the 12 posts are gone "by April 2016"; if they leave on 1 October
    2016, the gross saving in 2016/17 is £288,000 and the net £72,000, and a
    paper still showing £576k and £360k counts them in full. The worked case's
    file has that variant (`posts-leave-october`; see
    [a saving counted in full too early](#a-saving-counted-in-full-too-early)).
    """
    proposal = evaluation.proposal
    all_terms = evaluation.terms
    years = [y.year for y in evaluation.years]
    for index, claim in enumerate(proposal.claims):
        if claim.figure not in _MONEY_CLAIMS or claim.year not in years or claim.year is None:
            continue
        if not of_the_lines(claim.scope):
            continue
        year = claim.year
        late = [
            t
            for t in all_terms
            if t.year is None and t.figure in _FEEDS[claim.figure] and year.start < t.start <= year.end
        ]
        if not late:
            continue
        full = evaluation.full_year(claim.figure, year).amount
        position = years.index(year)
        if claim.basis is Basis.INCREMENTAL and position > 0:
            previous = evaluation.series(claim.figure)[position - 1]
            full -= previous.amount if isinstance(previous, Money) else previous
        computed = computed_figure(evaluation, claim.figure, claim)
        if computed is None or abs(claim.value - full) > claim.allowance or abs(computed - full) <= claim.allowance:
            continue
        starts = "; ".join(
            dict.fromkeys(f"'{t.line}' starts on {show_day(t.start)}" for t in sorted(late, key=lambda t: t.start))
        )
        yield CheckFinding(
            "TIMING-FULL-YEAR",
            Severity.WARNING,
            f"{claim.describe()}{cite(claim.source)}: stated {Money(claim.value)} is the full-year figure, counted "
            f"in full in {year}, but {starts}, after {year} begins on {show_day(year.start)}: the part-year figure is "
            f"{Money(computed)}; count the rest in {year.next()}, or check that the change is in place by "
            f"{show_day(year.start)}",
            f"claims[{index}]",
            about=tuple(dict.fromkeys(t.line for t in late)),
        )


@check(
    Rule(
        "TIMING-AFTER-HORIZON",
        Severity.INFO,
        reads=(Reads.LINES,),
        summary="a line that starts after the horizon is in none of the figures",
    )
)
def timing_after_horizon(evaluation: Evaluation) -> Iterator[CheckFinding]:
    """A line, or some steps of its schedule, starting after the last year of the horizon.

    None of it reaches any figure; the finding says so, so that a saving or
    cost typed with a wrong year, or planned beyond the plan, is not dropped
    without a word. Lengthen the `horizon` to see it.
    """
    proposal = evaluation.proposal
    years = proposal.years
    after = years[-1].end
    for index, line in enumerate(proposal.lines):
        steps = [step.on for step in getattr(line, "schedule", ())] or [line.start]
        late = [on for on in steps if on is not None and on > after]
        if late:
            what = "starts" if len(late) == len(steps) else f"has {len(late)} of its {len(steps)} steps starting"
            yield CheckFinding(
                "TIMING-AFTER-HORIZON",
                Severity.INFO,
                f"'{line.name}'{cite(line.source)} {what} on {late[0]}, after the horizon ({years[0]} to "
                f"{years[-1]}): what starts then is in none of the figures; lengthen the horizon to see it",
                f"lines[{index}]",
                about=(line.name,),
            )


@check(
    Rule(
        "ONE-OFF-NETTED",
        Severity.WARNING,
        reads=(Reads.CLAIMS, Reads.LINES, Reads.FIGURES),
        summary="one-off costs are not netted against the net saving",
    )
)
def one_off_netted(evaluation: Evaluation) -> Iterator[CheckFinding]:
    """A net saving claim that matches the figure with the year's one-off costs netted against it.

    In a budget paper the net saving is the recurring saving less the recurring costs
    ("savings - costs"): a one-off cost is funded and shown apart. A `net_saving`
    claim that equals the net after the one-offs (and not the net saving) has them
    netted in, which makes the year look worse and the next year show a "saving"
    that is only the one-off falling away. Where the paper says so (a
    `one_off_costs` claim for the year, or "one-off" in its words), it meant the
    figure after one-off costs: the finding says to claim that one instead.
    """
    proposal = evaluation.proposal
    years = [y.year for y in evaluation.years]
    for index, claim in enumerate(proposal.claims):
        if claim.figure is not Figure.NET_SAVING or claim.year not in years or not of_the_lines(claim.scope):
            continue
        if claim.year is None or claim.basis not in (Basis.ANNUAL, Basis.TO_DATE):
            continue
        one_off = evaluation.year(claim.year).one_off_costs
        after = computed_figure(evaluation, Figure.NET_AFTER_ONE_OFF_COSTS, claim)
        net = computed_figure(evaluation, Figure.NET_SAVING, claim)
        if not one_off or after is None or net is None or abs(after - net) <= claim.allowance:
            continue
        if abs(claim.value - after) > claim.allowance:
            continue
        one_offs = [
            x.name
            for x in proposal.lines
            if isinstance(x, (OneOffCost, Redundancy))
            and (getattr(x, "year", None) or FinancialYear.containing(x.start or proposal.start_year.start))
            == claim.year
        ]
        named = ", ".join(f"'{n}'" for n in one_offs)
        said = any(
            c.figure is Figure.ONE_OFF_COSTS and c.year == claim.year and of_the_lines(c.scope) for c in proposal.claims
        )
        advice = (
            "The paper says so: claim it as net_after_one_off_costs"
            if said or _SAID_ONE_OFF.search(claim.words)
            else "Show the one-off costs separately (a one_off_costs claim), or the next year will show a saving "
            "that is only the one-off falling away"
        )
        yield CheckFinding(
            "ONE-OFF-NETTED",
            Severity.WARNING,
            f"{claim.describe()}{cite(claim.source)}: the net saving stated, {Money(claim.value)}, has the "
            f"one-off costs of {claim.year} ({one_off}: {named}) netted against it; the net saving (savings - "
            f"costs) is {Money(net)}. {advice}",
            f"claims[{index}]",
            about=tuple(one_offs),
        )


FAMILY: Final = Family("Timing", (timing_full_year, timing_after_horizon, one_off_netted))
