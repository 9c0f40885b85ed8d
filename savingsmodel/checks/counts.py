"""Count identities: the numbers of posts a paper states, against each other, the lines and the claims.

A paper says "from the 26 posts detailed above it is intended to create 14 ISO
roles" and "this will release 12 posts"; those :class:`~savingsmodel.model.statements.Count`
statements must add up (26 = 14 + 12), agree with the posts the lines release
and create, and agree with the claims of the same quantity.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Final

from savingsmodel.checks.common import cite, establishment_on, show_posts, show_posts_of
from savingsmodel.checks.findings import CheckFinding, Severity
from savingsmodel.checks.rules import Family, Reads, Rule, check
from savingsmodel.checks.scoped import Scopes, scope_of
from savingsmodel.model.claims import Basis, Claim, Figure
from savingsmodel.model.lines import PostsCreated, PostsReleased
from savingsmodel.model.statements import Count, CountKind, added_up

if TYPE_CHECKING:
    from savingsmodel.engine.evaluation import Evaluation

__all__ = ["FAMILY"]


def _count_label(count: Count) -> str:
    words = count.what.value.replace("_", " ")
    words = f"{words} ({count.grade})" if count.grade else words
    return f"{words} [{count.scope}]" if count.scope else words


#: The counts as the checks read them: each with the place of its first statement, "one more" added in.
_Stated = Sequence[tuple[int, Count]]


def _first(counts: _Stated, kind: CountKind, grade: str | None, scope: str | None = None) -> tuple[int, Count] | None:
    """The first count of ``kind`` for ``grade`` in ``scope``: counts of another scope are never compared."""
    return next(
        ((i, c) for i, c in counts if c.what is kind and c.grade == grade and scope_of(c.scope) == scope_of(scope)),
        None,
    )


def _grades_stated(counts: _Stated) -> list[tuple[str | None, str | None]]:
    """Each (grade, scope) the counts are stated for, in the order first stated."""
    seen: list[tuple[str | None, str | None]] = []
    for _, count in counts:
        key = (count.grade, None if scope_of(count.scope) == scope_of(None) else count.scope)
        if key not in seen:
            seen.append(key)
    return seen


def _about(count: Count) -> tuple[str, ...]:
    return (count.grade,) if count.grade else ()


@check(
    Rule(
        "COUNT-CONFLICT",
        Severity.WARNING,
        reads=(Reads.COUNTS,),
        summary="two statements of the same count agree",
    )
)
def count_conflict(evaluation: Evaluation) -> Iterator[CheckFinding]:
    """Two counts of the same quantity, grade and year with different values: both cannot hold."""
    counts = added_up(evaluation.proposal.counts)
    for position, (j, b) in enumerate(counts):
        for i, a in counts[:position]:
            same_scope = scope_of(a.scope) == scope_of(b.scope)
            if (a.what, a.grade, a.year) == (b.what, b.grade, b.year) and same_scope and a.value != b.value:
                when = f" by {a.year}" if a.year else ""
                yield CheckFinding(
                    "COUNT-CONFLICT",
                    Severity.WARNING,
                    f"{_count_label(a)}{when}: counts[{i}]{cite(a.source)} says {show_posts(a.value)}, "
                    f"counts[{j}]{cite(b.source)} says {show_posts(b.value)}; both cannot hold: find which the "
                    "figures rest on",
                    f"counts[{j}]",
                    about=_about(b),
                )
                break


@check(
    Rule(
        "COUNT-SCOPE",
        (Severity.INFO, Severity.WARNING),
        reads=(Reads.COUNTS, Reads.LINES),
        summary="posts in scope = roles created + posts released",
    )
)
def count_scope(evaluation: Evaluation) -> Iterator[CheckFinding]:
    """The identity for each grade stated: info when it holds, warning when it does not.

    Years are ignored (the identity is about one set of posts); when no
    `posts_released` count is stated, the posts the lines release (by the end
    of the roles' year, or of the horizon) stand in.

    *Motivated by* para 8.5 and 9: "From the 26 posts detailed above it is
    intended to create 14 ISO roles ... This will release 12 posts": 26 = 14 + 12
    holds, so the ISO roles are filled from the posts in scope and only 12 leave.
    """
    proposal = evaluation.proposal
    counts = added_up(proposal.counts)
    scopes = Scopes(evaluation)
    for grade, part in _grades_stated(counts):
        scope = _first(counts, CountKind.POSTS_IN_SCOPE, grade, part)
        roles = _first(counts, CountKind.ROLES_CREATED, grade, part)
        if scope is None or roles is None:
            continue
        released_count = _first(counts, CountKind.POSTS_RELEASED, grade, part)
        if released_count is not None:
            released = released_count[1].value
            released_text = f"posts released {show_posts(released)}{cite(released_count[1].source)}"
        elif scopes.costed(part):
            year = roles[1].year or scope[1].year or proposal.years[-1]
            released = establishment_on(scopes.terms(part), year.end).of(CountKind.POSTS_RELEASED, grade)
            released_text = f"posts the lines release by {year} {show_posts(released)}"
        else:
            continue  # a wider scope's posts released are the paper's to state: the lines cost only a part
        total = roles[1].value + released
        of = f" ({grade})" if grade else ""
        working = (
            f"posts in scope{of} {show_posts(scope[1].value)}{cite(scope[1].source)}; roles created "
            f"{show_posts(roles[1].value)}{cite(roles[1].source)} + {released_text} = {show_posts(total)}"
        )
        if total == scope[1].value:
            yield CheckFinding(
                "COUNT-SCOPE", Severity.INFO, f"{working}: holds", f"counts[{scope[0]}]", about=_about(scope[1])
            )
        else:
            gap = scope[1].value - total
            yield CheckFinding(
                "COUNT-SCOPE",
                Severity.WARNING,
                f"{working}, not {show_posts(scope[1].value)}: {show_posts_of(abs(gap))} "
                f"{'unaccounted for' if gap > 0 else 'too many'}; check which posts the roles are filled from "
                "and which leave",
                f"counts[{scope[0]}]",
                about=_about(scope[1]),
            )


@check(
    Rule(
        "COUNT-ESTABLISHMENT",
        (Severity.INFO, Severity.WARNING),
        reads=(Reads.COUNTS, Reads.LINES),
        summary="establishment before - posts released + posts created = establishment after",
    )
)
def count_establishment(evaluation: Evaluation) -> Iterator[CheckFinding]:
    """For one grade, with posts regraded into the grade added and those regraded out of it taken off.

    Released and created come from stated counts when given, else from the
    lines at the end of the `establishment_after` count's year. Info when it
    holds, warning when it does not.

    *Motivated by* para 10: "The number of Watch Managers on the establishment
    will reduce by 11 (12 removed plus additional post created)": stating
    before and after lets the officer check that the posts the lines remove
    are the ones the establishment loses.
    """
    proposal = evaluation.proposal
    counts = added_up(proposal.counts)
    scopes = Scopes(evaluation)
    for grade, part in _grades_stated(counts):
        before = _first(counts, CountKind.ESTABLISHMENT_BEFORE, grade, part)
        after = _first(counts, CountKind.ESTABLISHMENT_AFTER, grade, part)
        if before is None or after is None:
            continue
        year = after[1].year or proposal.years[-1]
        if not scopes.costed(part) and any(
            _first(counts, kind, grade, part) is None for kind in (CountKind.POSTS_RELEASED, CountKind.POSTS_CREATED)
        ):
            continue  # a wider scope's moves are the paper's to state: the lines cost only a part of it
        lines = establishment_on(scopes.terms(part) if scopes.costed(part) else (), year.end)
        parts: list[str] = []
        moves: list[Decimal] = []
        for kind, sign in ((CountKind.POSTS_RELEASED, -1), (CountKind.POSTS_CREATED, 1)):
            stated = _first(counts, kind, grade, part)
            value = stated[1].value if stated is not None else lines.of(kind, grade)
            where = cite(stated[1].source) if stated is not None else " (lines)"
            parts.append(f"{'-' if sign < 0 else '+'} {kind.value.replace('_', ' ')} {show_posts(value)}{where}")
            moves.append(value * sign)
        regraded = lines.moved.get(grade, Decimal(0)) if grade else Decimal(0)
        if regraded:
            parts.append(f"{'+' if regraded > 0 else '-'} regraded {show_posts(abs(regraded))} (lines)")
            moves.append(regraded)
        transferred = lines.transferred.get(grade, Decimal(0)) if grade else sum(lines.transferred.values(), Decimal(0))
        if transferred:
            way = "in" if transferred > 0 else "out"
            parts.append(
                f"{'+' if transferred > 0 else '-'} transferred {way} (TUPE) {show_posts(abs(transferred))} (lines)"
            )
            moves.append(transferred)
        expected = before[1].value + sum(moves, Decimal(0))
        of = f"{grade} establishment" if grade else "establishment"
        working = (
            f"{of}: before {show_posts(before[1].value)}{cite(before[1].source)} {' '.join(parts)} "
            f"= {show_posts(expected)}; "
            f"stated after {show_posts(after[1].value)}{cite(after[1].source)}"
        )
        subject = f"counts[{after[0]}]"
        if expected == after[1].value:
            yield CheckFinding(
                "COUNT-ESTABLISHMENT", Severity.INFO, f"{working}: holds", subject, about=_about(after[1])
            )
        else:
            yield CheckFinding(
                "COUNT-ESTABLISHMENT",
                Severity.WARNING,
                f"{working}: misses by {show_posts(after[1].value - expected)}; look for posts released or created "
                "that no line (or no count) shows",
                subject,
                about=_about(after[1]),
            )


@check(
    Rule(
        "COUNT-PHASED",
        (Severity.INFO, Severity.WARNING),
        reads=(Reads.COUNTS,),
        summary="a count phased over years adds up to its total",
    )
)
def count_phased(evaluation: Evaluation) -> Iterator[CheckFinding]:
    """The years of a phased count against its total: info when they add up to it, warning when they do not."""
    for index, count in added_up(evaluation.proposal.counts):
        if not count.phased:
            continue
        total = sum((step.value for step in count.phased), Decimal(0))
        steps = " + ".join(f"{show_posts(step.value)} in {step.year}" for step in count.phased)
        working = f"{_count_label(count)}{cite(count.source)} phased {steps} = {show_posts(total)}"
        if total == count.value:
            yield CheckFinding(
                "COUNT-PHASED", Severity.INFO, f"{working}: holds", f"counts[{index}]", about=_about(count)
            )
        else:
            yield CheckFinding(
                "COUNT-PHASED",
                Severity.WARNING,
                f"{working}, not the {show_posts(count.value)} stated: the years do not add up to the total; "
                "find which year's figure is wrong",
                f"counts[{index}]",
                about=_about(count),
            )


_LINE_KINDS: Final = {CountKind.POSTS_RELEASED: ("released", "release"), CountKind.POSTS_CREATED: ("created", "create")}


@check(
    Rule(
        "COUNT-LINES",
        Severity.WARNING,
        reads=(Reads.COUNTS, Reads.LINES),
        summary="a stated count of posts released or created agrees with the lines",
    )
)
def count_lines(evaluation: Evaluation) -> Iterator[CheckFinding]:
    """A stated count of posts released or created against what the lines do; quiet when they agree.

    The count is set against the FTE the lines release or create, by grade,
    by the count's year (or in each phased year). The figures are priced on the lines; a count the lines do not show
    is a saving (or a cost) not modelled.
    """
    proposal = evaluation.proposal
    scopes = Scopes(evaluation)
    for index, count in added_up(proposal.counts):
        if count.what not in _LINE_KINDS or not scopes.costed(count.scope):
            continue
        all_terms = scopes.terms(count.scope)
        done, do = _LINE_KINDS[count.what]
        of = f" {count.grade}" if count.grade else ""
        if count.phased:
            for step in count.phased:
                now = establishment_on(all_terms, step.year.end).of(count.what, count.grade)
                before = establishment_on(all_terms, step.year.start - timedelta(days=1)).of(count.what, count.grade)
                if now - before != step.value:
                    yield CheckFinding(
                        "COUNT-LINES",
                        Severity.WARNING,
                        f"{_count_label(count)}{cite(count.source)}: {show_posts(step.value)}{of} posts {done} in "
                        f"{step.year} stated, the lines {do} {show_posts(now - before)} in that year; check the "
                        "lines' dates or schedule",
                        f"counts[{index}]",
                        about=_about(count),
                    )
            continue
        year = count.year or proposal.years[-1]
        modelled = establishment_on(all_terms, year.end).of(count.what, count.grade)
        if modelled != count.value:
            yield CheckFinding(
                "COUNT-LINES",
                Severity.WARNING,
                f"{_count_label(count)}{cite(count.source)}: {show_posts(count.value)}{of} posts {done} stated, "
                f"the lines {do} {show_posts(modelled)} by the end of {year}; the figures are priced on the lines, "
                "so find the posts the words count and the lines do not (or the reverse)",
                f"counts[{index}]",
                about=_about(count),
            )


_CLAIMED: Final = {CountKind.POSTS_RELEASED: Figure.FTE_RELEASED, CountKind.POSTS_CREATED: Figure.FTE_CREATED}


@check(
    Rule(
        "COUNT-CLAIM",
        Severity.WARNING,
        reads=(Reads.COUNTS, Reads.CLAIMS, Reads.LINES),
        summary="a stated count agrees with the claims of the same quantity",
    )
)
def count_claim(evaluation: Evaluation) -> Iterator[CheckFinding]:
    """A stated count against the claims of the same quantity; quiet when they agree.

    A count is set against a claim of the same quantity, grade and year:
    `posts_released` against `fte_released`, `posts_created` against
    `fte_created`, establishment after - before against `fte_change`. Two
    statements of the same quantity that differ.
    """
    proposal = evaluation.proposal
    counts = added_up(proposal.counts)
    # A claim for all grades compares with a count of one grade only when the lines move no other grade.
    moved = {
        CountKind.POSTS_RELEASED: {x.grade for x in proposal.lines if isinstance(x, PostsReleased)},
        CountKind.POSTS_CREATED: {x.grade for x in proposal.lines if isinstance(x, PostsCreated)},
    }
    for index, count in counts:
        for position, claim in enumerate(proposal.claims):
            if scope_of(claim.scope) != scope_of(count.scope):
                continue  # figures of a narrower scope are never compared with a wider one's
            if claim.grade is None and count.grade is not None and moved.get(count.what, set()) - {count.grade}:
                continue
            stated = _count_as_claimed(counts, count, claim)
            if stated is None or stated == claim.value:
                continue
            yield CheckFinding(
                "COUNT-CLAIM",
                Severity.WARNING,
                f"{_count_label(count)}: counts[{index}]{cite(count.source)} gives {show_posts(stated)}, "
                f"claims[{position}] {claim.describe()}{cite(claim.source)} says {show_posts(claim.value)}; "
                "two statements of the same quantity differ: find which the figures rest on",
                f"counts[{index}]",
                about=_about(count),
            )


def _count_as_claimed(counts: _Stated, count: Count, claim: Claim) -> Decimal | None:
    """The count in the terms of ``claim`` (same quantity, grade and year), or None when they are not comparable."""
    if claim.year is None or claim.basis is Basis.TOTAL:
        return None
    if count.what in _CLAIMED:
        if claim.figure is not _CLAIMED[count.what] or (claim.grade is not None and claim.grade != count.grade):
            return None
        if count.phased:
            if claim.basis is Basis.INCREMENTAL:
                return next((s.value for s in count.phased if s.year == claim.year), None)
            steps = [s.value for s in count.phased if s.year <= claim.year]
            return sum(steps, Decimal(0)) if steps else None
        return count.value if count.year == claim.year and claim.basis is not Basis.INCREMENTAL else None
    if (
        count.what is CountKind.ESTABLISHMENT_AFTER
        and claim.figure is Figure.FTE_CHANGE
        and claim.basis is not Basis.INCREMENTAL
    ):
        before = _first(counts, CountKind.ESTABLISHMENT_BEFORE, count.grade, count.scope)
        if before is None or claim.grade != count.grade or count.year != claim.year:
            return None
        return count.value - before[1].value
    return None


# Conflicts first, then the identities: the order findings have always come in (tests pin it).
FAMILY: Final = Family(
    "Count identities",
    (count_conflict, count_scope, count_establishment, count_phased, count_lines, count_claim),
)
