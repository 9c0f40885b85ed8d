"""Plausible ranges: costs per post, and savings per post, against what one post can cost.

Each is judged against the band of the grade (see :func:`~savingsmodel.checks.common.plausible_band`).
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Final

from savingsmodel.checks.common import (
    band_for,
    cite,
    computed_figure,
    establishment_on,
    grade_named,
    of_the_lines,
    show_posts,
    to_pounds,
)
from savingsmodel.checks.findings import CheckFinding, Severity
from savingsmodel.checks.rules import Family, Reads, Rule, check
from savingsmodel.core.money import Money
from savingsmodel.engine.terms import no_cost_text
from savingsmodel.engine.unit_costs import unit_cost
from savingsmodel.model.claims import Basis, Figure
from savingsmodel.model.lines import PostsCreated, PostsReleased
from savingsmodel.model.statements import CountKind, added_up

if TYPE_CHECKING:
    from savingsmodel.engine.evaluation import Evaluation

__all__ = ["FAMILY"]


def _outside(value: Fraction, low: Money, high: Money) -> str | None:
    if value < Fraction(low.amount):
        return "below"
    if value > Fraction(high.amount):
        return "above"
    return None


@check(
    Rule(
        "RANGE-UNIT-COST",
        Severity.WARNING,
        reads=(Reads.GRADES, Reads.LINES),
        summary="the cost per post of each grade lies in its plausible band",
    )
)
def range_unit_cost(evaluation: Evaluation) -> Iterator[CheckFinding]:
    """A grade's unit cost, a line's own unit cost, or a cost per new post above the band, outside the band.

    The grade's unit cost is as stated or built up; a line's is its own
    `unit_cost`; a posts line that states its total (`cost`) implies cost / FTE.

    A cost per new post *below* the band is `WORDS-UNIT-COST` instead.
    """
    proposal = evaluation.proposal
    for index, grade in enumerate(proposal.grades):
        cost = unit_cost(grade)
        if cost is None:
            continue
        low, high, band = band_for(grade, own=False)  # a grade's own cost is judged against a band it does not set
        side = _outside(Fraction(cost.amount), low, high)
        if side:
            yield CheckFinding(
                "RANGE-UNIT-COST",
                Severity.WARNING,
                f"grade '{grade.name}'{cite(grade.source)}: unit cost {cost} is {side} {band} "
                f"({low} to {high}) for one FTE with on-costs; check the salary and on-costs, or set "
                "plausible_unit_cost on the grade if this grade is unusual",
                f"grades[{index}]",
                about=(grade.name,),
            )
    for index, line in enumerate(proposal.lines):
        if not isinstance(line, (PostsReleased, PostsCreated)):
            continue
        low, high, band = band_for(grade_named(proposal, line.grade))
        if line.unit_cost is not None:
            value, what = Fraction(line.unit_cost.amount), f"unit cost {line.unit_cost}"
            side = _outside(value, low, high)
        elif line.cost is not None and line.fte:
            value = Fraction(line.cost.amount) / Fraction(line.fte)
            what = f"stated cost {line.cost} for {show_posts(line.fte)} posts, {to_pounds(value)} a post,"
            side = _outside(value, low, high)
            if isinstance(line, PostsCreated) and side == "below":
                side = None  # new posts below the band are WORDS-UNIT-COST: an uplift, not new posts
        else:
            continue
        if side:
            yield CheckFinding(
                "RANGE-UNIT-COST",
                Severity.WARNING,
                f"'{line.name}'{cite(line.source)}: {what} is {side} {band} ({low} to {high}) for one "
                f"{line.grade} FTE with on-costs; check the figure, or set plausible_unit_cost on the grade",
                f"lines[{index}]",
                about=(line.name, line.grade),
            )


_SAVINGS: Final = (Figure.GROSS_SAVING, Figure.NET_SAVING, Figure.NET_AFTER_ONE_OFF_COSTS)


@check(
    Rule(
        "RANGE-SAVING-PER-POST",
        Severity.WARNING,
        reads=(Reads.CLAIMS, Reads.LINES, Reads.COUNTS, Reads.GRADES, Reads.FIGURES),
        summary="a claimed saving per post released is not more than posts alone can save",
    )
)
def range_saving_per_post(evaluation: Evaluation) -> Iterator[CheckFinding]:
    """A claimed saving per post released above what one post of the released grades can cost.

    A claimed gross saving, net saving or net after one-off costs (annual or cumulative, in a
    year) divided by the posts released by that year (from the lines; from a
    `posts_released` count when no line releases any) is above the high end of
    the released grades' bands: posts alone cannot save that much, so the
    figure includes other things, which should be lines. The savings the lines
    show that are not posts (``recurring_saving`` lines: agency spend, a contract)
    are taken off first, and for a net figure the income the lines show too (both
    may rightly be in the saving). A claim on one line, or on a full-year effect,
    is not judged here.

    *Motivated by* the original Day Crewing Plus proposal (para 1 and 7): £360k
    for 10 Firefighter and 4 Supervisory Manager posts is £25,714 a post, which
    posts can save, so the check is quiet; a paper claiming £3m for the same 14
    posts would not be.
    """
    proposal = evaluation.proposal
    all_terms = evaluation.terms
    for index, claim in enumerate(proposal.claims):
        if claim.figure not in _SAVINGS or claim.year is None or claim.basis not in (Basis.ANNUAL, Basis.CUMULATIVE):
            continue
        if claim.line is not None or claim.full_year:
            continue
        if not of_the_lines(claim.scope):
            continue
        if claim.year not in proposal.years:
            continue
        lines = establishment_on(all_terms, claim.year.end)
        posts, where = sum(lines.released.values(), Decimal(0)), "the lines release"
        grades = [g for g, v in lines.released.items() if v]
        if not posts:
            stated = [
                c
                for _, c in added_up(proposal.counts)
                if c.what is CountKind.POSTS_RELEASED and c.year in (None, claim.year) and of_the_lines(c.scope)
            ]
            if not stated:
                continue
            posts, where = stated[0].value, "the paper counts"
            grades = [stated[0].grade] if stated[0].grade else []
            if not posts:
                continue
        # A net saving may rightly include income the lines show; only the rest must come from posts.
        income = Decimal(0) if claim.figure is Figure.GROSS_SAVING else evaluation.year(claim.year).income.amount
        # Savings stated as lines of their own (agency spend, a contract) are not asked of the posts either.
        other = sum(
            (
                evaluation.line_figure(line.name, Figure.GROSS_SAVING, claim.year).amount
                for line in proposal.lines
                if line.kind == "recurring_saving"
            ),
            Decimal(0),
        )
        other = max(other, Decimal(0))
        from_posts = claim.value - max(income, Decimal(0)) - other
        per_post = Fraction(from_posts) / Fraction(posts)
        bands = [band_for(grade_named(proposal, g)) for g in grades] or [band_for(None)]
        ceiling = max(bands, key=lambda b: b[1])
        if per_post <= Fraction(ceiling[1].amount):
            continue
        less = f" less income {Money(income)}" if income else ""
        less += f" less other savings {Money(other)}" if other else ""
        yield CheckFinding(
            "RANGE-SAVING-PER-POST",
            Severity.WARNING,
            f"{claim.describe()}{cite(claim.source)}: {Money(claim.value)}{less} for the {show_posts(posts)} posts "
            f"{where} is {to_pounds(per_post)} a post, above the most one post costs ({ceiling[1]}, the high end of "
            f"{ceiling[2]}): the figure cannot come from posts alone; find the other savings it includes and "
            "state them as lines",
            f"claims[{index}]",
            about=tuple(grades),
        )


@check(
    Rule(
        "RANGE-NET-ABOVE-GROSS",
        (Severity.WARNING, Severity.INFO),
        reads=(Reads.CLAIMS, Reads.FIGURES),
        summary="a claimed net saving is not more than the gross saving plus income",
    )
)
def range_net_above_gross(evaluation: Evaluation) -> Iterator[CheckFinding]:
    """A claimed net saving (or net after one-off costs) above the gross saving plus income (and, after
    one-off costs, the one-off income).

    The gross saving is the claimed gross of the same year and basis, else the
    computed gross. Costs cannot add to a saving.

    When the gross saving or income it would compare with rests on lines with no cost
    stated, the check cannot judge: an info finding names those lines instead of a
    warning raised on money nobody has stated.
    """
    proposal = evaluation.proposal
    claims = proposal.claims
    for index, claim in enumerate(claims):
        if claim.figure not in (Figure.NET_SAVING, Figure.NET_AFTER_ONE_OFF_COSTS) or claim.basis is Basis.INCREMENTAL:
            continue
        if not of_the_lines(claim.scope):
            continue
        gross_claim = next(
            (
                (i, c)
                for i, c in enumerate(claims)
                if c.figure is Figure.GROSS_SAVING
                and c.year == claim.year
                and c.basis == claim.basis
                and of_the_lines(c.scope)
            ),
            None,
        )
        needs: tuple[Figure, ...] = (
            (Figure.INCOME,) if gross_claim is not None else (Figure.GROSS_SAVING, Figure.INCOME)
        )
        if claim.figure is Figure.NET_AFTER_ONE_OFF_COSTS:
            needs += (Figure.ONE_OFF_INCOME,)
        unstated = tuple(dict.fromkeys(name for f in needs for name in evaluation.unstated(f, claim.year, claim.basis)))
        if unstated:
            yield CheckFinding(
                "RANGE-NET-ABOVE-GROSS",
                Severity.INFO,
                f"{claim.describe()}{cite(claim.source)}: cannot judge whether the net exceeds the gross saving "
                f"plus income: {no_cost_text(unstated)}; state their costs to check it",
                f"claims[{index}]",
                about=unstated,
            )
            continue
        income = computed_figure(evaluation, Figure.INCOME, claim)
        if income is None:
            continue
        if claim.figure is Figure.NET_AFTER_ONE_OFF_COSTS:
            # One-off income (a grant) counts in the figure after one-off costs, as income does.
            received = computed_figure(evaluation, Figure.ONE_OFF_INCOME, claim)
            income += received or 0
        if gross_claim is not None:
            gross, said = gross_claim[1].value + gross_claim[1].allowance, f"stated in claims[{gross_claim[0]}]"
            shown = Money(gross_claim[1].value)
        else:
            computed = computed_figure(evaluation, Figure.GROSS_SAVING, claim)
            if computed is None:
                continue
            gross, said, shown = computed, "from the lines", Money(computed)
        if claim.value - claim.allowance <= gross + income:
            continue
        yield CheckFinding(
            "RANGE-NET-ABOVE-GROSS",
            Severity.WARNING,
            f"{claim.describe()}{cite(claim.source)}: net {Money(claim.value)} is more than the gross saving "
            f"{shown} ({said}) plus income {Money(income)}: a net saving cannot exceed them; look for a cost "
            "added instead of subtracted, or a saving missing from the gross",
            f"claims[{index}]",
        )


FAMILY: Final = Family(
    "Plausible ranges",
    (range_unit_cost, range_saving_per_post, range_net_above_gross),
    intro="The bands are those of [plausible bands](#plausible-bands) above.",
)
