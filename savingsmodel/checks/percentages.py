"""Percentages and shares: a percentage the paper states, worked again from the figures it rests on.

"A 9% reduction in support staff" is posts released / the support staff establishment
before the change; "a 36% share of the savings" is a part's saving / the whole's; "2% of
the non-pay budget" is a figure / an amount the paper states. Each side is read from the
paper's own counts and claims of its scope, or worked out from the lines where they cost it.
A percentage printed to 1% holds anywhere in its rounding (9% holds from 8.5% to 9.5%), so
an exact identity never misfires on a rounded percentage. The arithmetic is exact (fractions).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Final

from savingsmodel.checks.common import cite, establishment_on, show_percent, show_posts
from savingsmodel.checks.findings import CheckFinding, Severity
from savingsmodel.checks.rules import Family, Reads, Rule, check
from savingsmodel.checks.scoped import Scopes, scope_of
from savingsmodel.core.fields import format_rate
from savingsmodel.core.money import Money, RoundingMode, round_fraction
from savingsmodel.core.years import FinancialYear
from savingsmodel.model.claims import Basis, Figure
from savingsmodel.model.statements import CountKind, Percentage

if TYPE_CHECKING:
    from savingsmodel.engine.evaluation import Evaluation

__all__ = ["FAMILY", "Side", "share_worked", "side_of"]

#: The other base of a change: a percentage worked on the establishment after the change, not before.
_OTHER_BASE: Final = {
    CountKind.ESTABLISHMENT_BEFORE.value: CountKind.ESTABLISHMENT_AFTER.value,
    CountKind.ESTABLISHMENT_AFTER.value: CountKind.ESTABLISHMENT_BEFORE.value,
}


@dataclass(frozen=True, slots=True)
class Side:
    """One side of a percentage (what it measures, or its base): its value and where it comes from.

    ``value`` is None when the figures do not give it; ``how`` then says why.
    """

    value: Fraction | None
    how: str


def _words(name: str) -> str:
    return name.replace("one_off", "one-off").replace("fte_", "FTE ").replace("_", " ")


def _where(collection: str, index: int, source: str) -> str:
    """``counts[2], para 3.1``: the statement a side is read from, and where the paper says it."""
    return f"{collection}[{index}], {source}" if source else f"{collection}[{index}]"


def _show(value: Fraction, money: bool) -> str:
    if money:
        return str(Money(round_fraction(value, Decimal("0.01"), RoundingMode.HALF_UP)))
    return show_posts(value)


def _count(
    evaluation: Evaluation, scopes: Scopes, kind: CountKind, grade: str | None, scope: str | None, year: FinancialYear
) -> Side:
    """A count: as the paper states it in that scope, else from the lines where they cost the scope."""
    label = _words(kind.value) + (f" ({grade})" if grade else "")
    for index, count in enumerate(evaluation.proposal.counts):
        same = count.what is kind and count.grade == grade and scope_of(count.scope) == scope_of(scope)
        if same and (count.year is None or count.year == year):
            return Side(
                Fraction(count.value), f"{label} {show_posts(count.value)} ({_where('counts', index, count.source)})"
            )
    if kind in (CountKind.POSTS_RELEASED, CountKind.POSTS_CREATED) and scopes.costed(scope):
        moved = establishment_on(scopes.terms(scope), year.end).of(kind, grade)
        return Side(Fraction(moved), f"{label} {show_posts(moved)} (the lines, by the end of {year})")
    if kind is CountKind.ESTABLISHMENT_AFTER:
        before = _count(evaluation, scopes, CountKind.ESTABLISHMENT_BEFORE, grade, scope, year)
        released = _count(evaluation, scopes, CountKind.POSTS_RELEASED, grade, scope, year)
        created = _count(evaluation, scopes, CountKind.POSTS_CREATED, grade, scope, year)
        if before.value is not None and released.value is not None and created.value is not None:
            after = before.value - released.value + created.value
            return Side(after, f"{label} {show_posts(after)} ({before.how} - {released.how} + {created.how})")
    where = f" in scope {scope!r}" if scope_of(scope) != scope_of(None) else ""
    return Side(None, f"no count of {label}{where} is stated, and the lines do not give it")


def _figure(
    evaluation: Evaluation,
    scopes: Scopes,
    figure: Figure,
    grade: str | None,
    scope: str | None,
    year: FinancialYear | None,
    basis: Basis,
) -> Side:
    """A figure: from the lines where they cost the scope, else as the paper claims it for that scope."""
    when = "over the period" if year is None else str(year)
    label = f"{_words(figure.value)}" + (f" ({grade})" if grade else "")
    if grade is not None and figure.is_money:
        return Side(None, f"{label}: a money figure is the whole scope's, not a grade's; name a scope for a part")
    if scopes.costed(scope):
        figures = scopes.figures(scope)
        if basis is Basis.TOTAL:
            amount = Fraction(figures.total_over_period(figure).amount)
        else:
            years = [y.year for y in figures.years]
            if year not in years:
                return Side(None, f"{year} is outside the horizon")
            value = figures.series(figure, Basis.ANNUAL, grade)[years.index(year)]
            amount = Fraction(value.amount if isinstance(value, Money) else value)
        part = f" of {scope!r}" if scope_of(scope) != scope_of(None) else ""
        return Side(amount, f"{label}{part} {when} {_show(amount, figure.is_money)} (the lines)")
    for index, claim in enumerate(evaluation.proposal.claims):
        if (
            claim.figure is figure
            and scope_of(claim.scope) == scope_of(scope)
            and claim.grade == grade
            and claim.year == year
            and (claim.basis is basis or (basis is Basis.ANNUAL and claim.basis is Basis.CUMULATIVE))
        ):
            stated = Fraction(claim.value)
            where = _where("claims", index, claim.source)
            return Side(stated, f"{label} of {scope!r} {when} {_show(stated, figure.is_money)} ({where})")
    return Side(None, f"no claim of {label} of {scope!r} {when} is stated, and the lines cost only a part of it")


def side_of(
    evaluation: Evaluation,
    percentage: Percentage,
    name: str | None,
    *,
    base: bool = False,
    scopes: Scopes | None = None,
) -> Side:
    """What one side of ``percentage`` comes to: ``of`` (or, with ``base``, the base named ``name``)."""
    scopes = scopes or Scopes(evaluation)
    scope = percentage.on_scope if base else percentage.of_scope
    year = percentage.year or (None if percentage.basis == Basis.TOTAL.value else evaluation.proposal.years[-1])
    if base and percentage.base_amount is not None:
        named = percentage.base_name or "the base stated"
        return Side(Fraction(percentage.base_amount), f"{named} {Money(percentage.base_amount)} (stated)")
    if name is None:  # pragma: no cover - a percentage without a base is refused on load
        return Side(None, "no base")
    if name in {k.value for k in CountKind}:
        if year is None:  # pragma: no cover - a count with basis 'total' is refused on load
            return Side(None, "posts do not add up over years")
        return _count(evaluation, scopes, CountKind(name), percentage.grade, scope, year)
    return _figure(evaluation, scopes, Figure(name), percentage.grade, scope, year, Basis(percentage.basis))


def share_worked(part: Fraction, whole: Fraction) -> Fraction:
    """``part`` as a share of ``whole``, by size (a cut and a saving are stated as positive percentages).

    >>> share_worked(Fraction(3), Fraction(33))
    Fraction(1, 11)
    """
    return abs(part) / abs(whole)


def _printed(value: Decimal) -> str:
    return format_rate(value)


@check(
    Rule(
        "PERCENT-CLAIM",
        (Severity.INFO, Severity.WARNING),
        reads=(Reads.PERCENTAGES, Reads.COUNTS, Reads.CLAIMS, Reads.LINES),
        summary="a stated percentage agrees with the figures it rests on, on the base it names",
    )
)
def percent_claim(evaluation: Evaluation) -> Iterator[CheckFinding]:
    """Each percentage, worked again: what it measures / its base, against the percentage stated.

    Info when it holds within the paper's rounding (a percentage printed as "9%" holds from 8.5% to
    9.5%) or cannot be worked out (saying which figure is missing); warning when it misses, saying
    by how much, and whether it holds on the other base (after the change rather than before, or the
    reverse): a percentage worked on the wrong base is a common slip. Each side is the paper's own
    count or claim for its scope where it states one, else the lines' figure where they cost the scope.

    *Motivated by* council programme papers: "a 9% reduction in support staff" (3 posts of 33:
    9.1% of the establishment before the change, 10% of the one after), "a 36% share of the savings",
    "2% of the non-pay budget".
    """
    scopes = Scopes(evaluation)
    for index, percentage in enumerate(evaluation.proposal.percentages):
        subject, about = f"percentages[{index}]", ((percentage.grade,) if percentage.grade else ())
        part = side_of(evaluation, percentage, percentage.of, scopes=scopes)
        whole = side_of(evaluation, percentage, percentage.base, base=True, scopes=scopes)
        stated = f"stated {_printed(percentage.value)} (printed to {_printed(percentage.rounded_to or Decimal(0))})"
        head = f"{subject}{cite(percentage.source)}: {stated}"
        if part.value is None or whole.value is None or whole.value == 0:
            why = part.how if part.value is None else whole.how if whole.value is None else f"{whole.how} is nil"
            yield CheckFinding(
                "PERCENT-CLAIM", Severity.INFO, f"{head}: cannot be worked out: {why}", subject, about=about
            )
            continue
        worked = share_worked(part.value, whole.value)
        working = f"{part.how} / {whole.how} = {show_percent(worked)}"
        gap = worked - Fraction(percentage.value)
        if abs(gap) <= Fraction(percentage.allowance):
            yield CheckFinding("PERCENT-CLAIM", Severity.INFO, f"{head}: {working}: holds", subject, about=about)
            continue
        hint = _other_base(evaluation, scopes, percentage, part.value)
        yield CheckFinding(
            "PERCENT-CLAIM",
            Severity.WARNING,
            f"{head}: {working}: misses by {'+' if gap > 0 else '-'}{show_percent(abs(gap)).removesuffix('%')} "
            f"percentage points{hint}",
            subject,
            about=about,
        )


def _other_base(evaluation: Evaluation, scopes: Scopes, percentage: Percentage, part: Fraction) -> str:
    """Whether the percentage holds on the other base of the change; what to look for when it does not."""
    other = _OTHER_BASE.get(percentage.base or "")
    if other is None:
        return "; check both figures and the base the paper worked it on"
    whole = side_of(evaluation, percentage, other, base=True, scopes=scopes)
    if whole.value is None or whole.value == 0:
        return "; check both figures and the base the paper worked it on"
    worked = share_worked(part, whole.value)
    when = "after" if other == CountKind.ESTABLISHMENT_AFTER.value else "before"
    if abs(worked - Fraction(percentage.value)) <= Fraction(percentage.allowance):
        return (
            f"; on the establishment {when} the change ({whole.how}) it is {show_percent(worked)}, which holds: "
            f"the paper worked it on that base, so say base = {other!r}"
        )
    return f"; on the establishment {when} the change it is {show_percent(worked)}, which misses too"


@check(
    Rule(
        "PERCENT-SHARES",
        (Severity.INFO, Severity.WARNING),
        reads=(Reads.PERCENTAGES,),
        summary="the shares of one whole add up to 100%, within their rounding",
    )
)
def percent_shares(evaluation: Evaluation) -> Iterator[CheckFinding]:
    """The percentages that name the same ``whole``, added up against 100%.

    Each share may be out by half its printed step, so the total may be out by the sum of those:
    "36%" and "64%" hold; "36%" and "60%" (96%, at most 1 point off by rounding) do not: a part
    of the whole is not stated, or a share is mis-stated. Shares of one whole must also be of one
    base. Shares that exceed 100% beyond their rounding are refused when the file is read: no
    figures could make them all hold.
    """
    wholes: dict[str, list[tuple[int, Percentage]]] = {}
    for index, percentage in enumerate(evaluation.proposal.percentages):
        if percentage.whole is not None:
            wholes.setdefault(percentage.whole, []).append((index, percentage))
    for whole, shares in wholes.items():
        first = f"percentages[{shares[0][0]}]"
        bases = {(p.base, p.base_amount, p.on_scope, p.grade, p.year, p.basis) for _, p in shares}
        if len(bases) > 1:
            named = ", ".join(f"percentages[{i}] on {p.base or p.base_name or 'a stated amount'}" for i, p in shares)
            yield CheckFinding(
                "PERCENT-SHARES",
                Severity.WARNING,
                f"shares of {whole!r}: {named}: shares of one whole must be of one base (the same figure, scope, "
                "grade and year); name the base each was worked on",
                first,
            )
            continue
        total = sum((p.value for _, p in shares), Decimal(0))
        slack = sum((p.allowance for _, p in shares), Decimal(0))
        listed = " + ".join(_printed(p.value) for _, p in shares)
        working = f"shares of {whole!r}: {listed} = {_printed(total)}"
        if abs(total - 1) <= slack:
            within = f" (within their rounding, ±{_printed(slack)})" if total != 1 else ""
            yield CheckFinding("PERCENT-SHARES", Severity.INFO, f"{working}: adds up to 100%{within}", first)
        else:
            yield CheckFinding(
                "PERCENT-SHARES",
                Severity.WARNING,
                f"{working}, not 100% (their rounding allows ±{_printed(slack)}): a part of the whole is not stated, "
                "or a share is mis-stated",
                first,
            )


FAMILY: Final = Family(
    "Percentages and shares",
    (percent_claim, percent_shares),
    intro="""For a percentage the paper states, of a named base:

    worked out = |what it measures| / |its base|
    holds when |worked out - stated| <= half the step the paper prints it to

The step is read off the digits written ("9%": 1%; "8.5%": 0.1%) unless `rounded_to` says it.
Each side is the paper's count or claim for its scope, else the lines' figure where they cost
the scope; a count of establishment after the change not stated is worked out as before -
released + created. Shares naming one `whole` add up to 100% within the sum of their half-steps.""",
)
