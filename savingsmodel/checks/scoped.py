"""Scopes: whose figures a statement is about, so that checks compare like with like.

A paper often states figures for a wider programme and for the part it costs ("24 roles
saving £3.8m, of which 3 exits cost £513k"). The proposal's lines cost one scope (named
``proposal``); a :class:`~savingsmodel.model.statements.Scope` with lines is a part of it,
costed by those lines alone; one without lines is wider, its figures stated, never costed.
:class:`Scopes` answers, for the checks: is a scope costed, what are its terms and figures,
and which scope is within which.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Final

from pydantic import BaseModel

from savingsmodel.checks.common import cite, establishment_on, show_posts
from savingsmodel.checks.findings import CheckFinding, Severity
from savingsmodel.checks.rules import Family, Reads, Rule, check
from savingsmodel.core.money import Money
from savingsmodel.engine.evaluation import evaluate
from savingsmodel.engine.terms import Term
from savingsmodel.model.claims import Basis, Claim, Figure
from savingsmodel.model.statements import PROPOSAL_SCOPE, Count, CountKind, Scope

if TYPE_CHECKING:
    from savingsmodel.engine.evaluation import Evaluation

__all__ = ["FAMILY", "Scopes", "scope_of"]


def scope_of(name: str | None) -> str:
    """The scope a statement names, ``proposal`` when it names none.

    >>> scope_of(None), scope_of("programme")
    ('proposal', 'programme')
    """
    return name or PROPOSAL_SCOPE


@dataclass
class Scopes:
    """The scopes of one evaluated proposal; a part's figures are worked out once, when first asked for."""

    evaluation: Evaluation
    _parts: dict[str, Evaluation] = field(default_factory=dict)

    def named(self, name: str) -> Scope | None:
        """The scope of this name, None for the proposal (or a name the proposal does not define)."""
        return next((s for s in self.evaluation.proposal.scopes if s.name == name), None)

    def costed(self, name: str | None) -> bool:
        """Whether the lines cost the scope: the proposal, or a part of it (a scope with lines)."""
        scope = self.named(scope_of(name))
        return scope is None or not scope.wider

    def terms(self, name: str | None) -> tuple[Term, ...]:
        """The terms of a costed scope's lines (all the proposal's for ``proposal``)."""
        scope = self.named(scope_of(name))
        if scope is None:
            return self.evaluation.terms
        return tuple(t for t in self.evaluation.terms if t.line in scope.lines)

    def figures(self, name: str | None) -> Evaluation:
        """A costed scope's figures: the proposal's own, or those of a part's lines alone."""
        scope = self.named(scope_of(name))
        if scope is None:
            return self.evaluation
        if scope.name not in self._parts:
            proposal = self.evaluation.proposal
            # Only the part's lines: the statements are the whole proposal's, and are not evaluated here.
            part = BaseModel.model_copy(
                proposal,
                update={"lines": tuple(x for x in proposal.lines if x.name in scope.lines), "variants": ()},
            )
            self._parts[scope.name] = evaluate(part)
        return self._parts[scope.name]

    def outer(self, name: str | None) -> list[str]:
        """Every scope ``name`` is within, nearest first: a part is within its ``within`` (default the
        proposal), the proposal within every wider scope, a wider scope within its ``within``.

        >>> from savingsmodel.examples import scs4_1_revised
        >>> Scopes(evaluate(scs4_1_revised())).outer(None)
        []
        """
        found: list[str] = []
        current = scope_of(name)
        while True:
            scope = self.named(current)
            if scope is None:
                # The proposal: within every wider scope not within another (those follow by their own within).
                tops = [s.name for s in self.evaluation.proposal.scopes if s.wider and s.within is None]
                lower = [s.name for s in self.evaluation.proposal.scopes if s.wider and s.within is not None]
                return [*found, *(n for n in lower if n not in found), *(n for n in tops if n not in found)]
            step = scope.within or (PROPOSAL_SCOPE if not scope.wider else None)
            if step is None or step in found or step == current:
                return found
            found.append(step)
            current = step

    def within(self, inner: str | None, outer: str | None) -> bool:
        """Whether scope ``inner`` is part of scope ``outer`` (and not the same scope)."""
        return scope_of(outer) in self.outer(inner)


#: Figures that add up from parts that are never negative: a part's can never exceed the whole's.
#: (A part's net saving may exceed the whole's, when another part costs more than it saves.)
_ADDITIVE: Final = (
    Figure.GROSS_SAVING,
    Figure.ADDITIONAL_COSTS,
    Figure.ONE_OFF_COSTS,
    Figure.INCOME,
    Figure.FTE_RELEASED,
    Figure.FTE_CREATED,
)
_ADDITIVE_COUNTS: Final = (CountKind.POSTS_IN_SCOPE, CountKind.POSTS_RELEASED, CountKind.POSTS_CREATED)


def _show(value: Decimal, money: bool) -> str:
    return str(Money(value)) if money else show_posts(value)


@check(
    Rule(
        "SCOPE-PART",
        (Severity.INFO, Severity.WARNING),
        reads=(Reads.SCOPES, Reads.CLAIMS, Reads.COUNTS, Reads.LINES),
        summary="a part's figure is no larger than the wider scope's it is part of",
    )
)
def scope_part(evaluation: Evaluation) -> Iterator[CheckFinding]:
    """Each figure or count stated for a scope wider than the proposal, against the same figure of its parts.

    A paper that states "24 roles saving £3.8m, of which 3 exits cost £513k" states figures for a
    programme the proposal's lines cost only a part of. Such a claim is never reconciled with the lines;
    instead the lines' figure for the proposal (and any narrower scope's stated figure) must be no
    larger than it, for a figure that adds up from parts never negative (savings, costs, income, posts
    released or created). Info when it holds, or when there is no part to compare with; warning when the
    part is larger than the whole: the two statements cannot both be right, or the scopes are named wrong.

    *Motivated by* council programme papers, whose "of which" figures are a part of a wider total.
    """
    scopes = Scopes(evaluation)
    proposal = evaluation.proposal
    for index, claim in enumerate(proposal.claims):
        if scopes.costed(claim.scope):
            continue
        subject = f"claims[{index}]"
        head = f"{subject} {claim.describe()}{cite(claim.source)}: stated {_show(claim.value, claim.figure.is_money)}"
        if claim.figure not in _ADDITIVE:
            yield CheckFinding(
                "SCOPE-PART",
                Severity.INFO,
                f"{head}, for a scope the lines cost only part of: not compared (a part's {claim.figure.label} "
                "may exceed the whole's, when another part costs more than it saves)",
                subject,
            )
            continue
        parts = list(_claimed_parts(scopes, claim))
        parts += [] if claim.year is not None and claim.year not in proposal.years else [_costed_part(scopes, claim)]
        for name, value, how in parts:
            said = f"{head}; {name} {how} {_show(value, claim.figure.is_money)}"
            if abs(value) <= abs(claim.value) + claim.allowance:
                yield CheckFinding("SCOPE-PART", Severity.INFO, f"{said}: the part is within the whole", subject)
            else:
                yield CheckFinding(
                    "SCOPE-PART",
                    Severity.WARNING,
                    f"{said}: the part is larger than the whole by "
                    f"{_show(abs(value) - abs(claim.value), claim.figure.is_money)}; both cannot hold, or a figure "
                    "is given the wrong scope",
                    subject,
                )
    for index, count in enumerate(proposal.counts):
        if scopes.costed(count.scope) or count.what not in _ADDITIVE_COUNTS:
            continue
        yield from _count_parts(evaluation, scopes, index, count)


def _claimed_parts(scopes: Scopes, whole: Claim) -> Iterator[tuple[str, Decimal, str]]:
    """The same figure stated for a wider scope within ``whole``'s."""
    for index, claim in enumerate(scopes.evaluation.proposal.claims):
        if (
            claim.figure is whole.figure
            and claim.year == whole.year
            and claim.basis is whole.basis
            and claim.grade == whole.grade
            and not scopes.costed(claim.scope)
            and scopes.within(claim.scope, whole.scope)
        ):
            yield f"claims[{index}] for {claim.scope!r}", claim.value, f"stated{cite(claim.source)}"


def _costed_part(scopes: Scopes, whole: Claim) -> tuple[str, Decimal, str]:
    """The proposal's own figure, from the lines, in the claim's year and view."""
    figures = scopes.evaluation
    if whole.basis is Basis.TOTAL or whole.year is None:
        return "the proposal's", figures.total_over_period(whole.figure).amount, "from the lines"
    years = [y.year for y in figures.years]
    value = figures.series(whole.figure, whole.basis, whole.grade)[years.index(whole.year)]
    return "the proposal's", value.amount if isinstance(value, Money) else value, "from the lines"


def _count_parts(evaluation: Evaluation, scopes: Scopes, index: int, whole: Count) -> Iterator[CheckFinding]:
    subject = f"counts[{index}]"
    label = whole.what.value.replace("_", " ") + (f" ({whole.grade})" if whole.grade else "")
    head = f"{subject} {label} [{whole.scope}]{cite(whole.source)}: stated {show_posts(whole.value)}"
    about = (whole.grade,) if whole.grade else ()
    parts: list[tuple[str, Decimal]] = []
    for position, count in enumerate(evaluation.proposal.counts):
        if (
            count.what is whole.what
            and count.grade == whole.grade
            and count.year == whole.year
            and scopes.within(count.scope, whole.scope)
        ):
            parts.append((f"counts[{position}] [{scope_of(count.scope)}] {show_posts(count.value)}", count.value))
    stated_for_proposal = any(
        scope_of(c.scope) == PROPOSAL_SCOPE
        for c in evaluation.proposal.counts
        if c.what is whole.what and c.grade == whole.grade and c.year == whole.year
    )
    if whole.what is not CountKind.POSTS_IN_SCOPE and not stated_for_proposal:
        year = whole.year or evaluation.proposal.years[-1]
        moved = establishment_on(evaluation.terms, year.end).of(whole.what, whole.grade)
        parts.append((f"the proposal's lines by {year} {show_posts(moved)}", moved))
    if not parts:
        yield CheckFinding(
            "SCOPE-PART",
            Severity.INFO,
            f"{head}, for a scope the lines cost only part of: no part of it is stated to compare with",
            subject,
            about=about,
        )
    for said, value in parts:
        if value <= whole.value:
            yield CheckFinding(
                "SCOPE-PART", Severity.INFO, f"{head}; {said}: the part is within the whole", subject, about=about
            )
        else:
            yield CheckFinding(
                "SCOPE-PART",
                Severity.WARNING,
                f"{head}; {said}: the part is larger than the whole by {show_posts(value - whole.value)}; both "
                "cannot hold, or a count is given the wrong scope",
                subject,
                about=about,
            )


FAMILY: Final = Family("Scopes", (scope_part,))
