"""Checks beyond arithmetic: what an experienced finance officer looks for once the sums hold.

:func:`run_checks` reads an evaluated proposal, with its stated counts and
rotas, and returns :class:`CheckFinding` values, each with a stable ``code``,
a ``severity``, a ``message`` that says what to look at, and the ``subject``
(a path such as ``lines[2]``) it is about.

>>> from savingsmodel.engine.evaluation import evaluate
>>> from savingsmodel.examples import scs4_1_revised
>>> findings = run_checks(evaluate(scs4_1_revised()))
>>> [(f.code, f.severity.value) for f in findings]  # doctest: +NORMALIZE_WHITESPACE
[('COUNT-SCOPE', 'info'), ('PRICED-IN', 'info'), ('WORDS-UNIT-COST', 'warning'), ('ROTA-COVER', 'info')]

Severity: a **warning** is a point the paper gets wrong or cannot support as
written; an **info** is a point that holds, or holds only on an assumption the
officer should see (a derived figure the paper does not state). Acknowledged
findings are still returned, with the reason in ``acknowledged``. Every check,
its rule and its motivating example are in ``docs/reference/checks.md``.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Final

from savingsmodel.checks.findings import CheckFinding, Severity
from savingsmodel.checks.series import series_kind_findings
from savingsmodel.core.money import Money, RoundingMode, Unit, round_fraction
from savingsmodel.core.years import FinancialYear
from savingsmodel.engine.terms import Term
from savingsmodel.engine.unit_costs import unit_cost
from savingsmodel.model.claims import Basis, Claim, Figure
from savingsmodel.model.grades import Grade
from savingsmodel.model.lines import Allowance, OneOffCost, PostsCreated, PostsReleased, RecurringCost, RecurringIncome
from savingsmodel.model.proposal import Proposal
from savingsmodel.model.statements import CHECK_CODES, Count, CountKind, Rota

if TYPE_CHECKING:
    from savingsmodel.engine.evaluation import Evaluation

__all__ = [
    "DEFAULT_BAND",
    "STATUTORY_LEAVE_SHARE",
    "plausible_band",
    "run_checks",
]

#: The plausible fully loaded annual cost of one FTE when a grade gives no band: from about
#: the least a full-time post cost an English public body in 2016 (National Living Wage plus
#: on-costs) to beyond most chief officers. Set ``plausible_unit_cost`` on a grade to narrow it.
DEFAULT_BAND: Final = (Money(15000), Money(150000))
#: Statutory minimum leave (5.6 weeks, Working Time Regulations 1998) as a share of a 365/7-week year.
STATUTORY_LEAVE_SHARE: Final = Fraction(56, 10) / Fraction(365, 7)

_PERCENT_STEP: Final = Decimal("0.1")
_MODE: Final = RoundingMode.HALF_UP
_SAID_ONE_OFF: Final = re.compile(r"one[\s-]?off", re.IGNORECASE)


def run_checks(evaluation: Evaluation) -> list[CheckFinding]:
    """Every check on an evaluated proposal, in the order of the codes, acknowledgements applied."""
    found: list[CheckFinding] = [
        *_count_checks(evaluation),
        *_priced_in(evaluation),
        *_words_unit_cost(evaluation.proposal),
        *_range_unit_cost(evaluation.proposal),
        *_saving_per_post(evaluation),
        *_net_above_gross(evaluation),
        *_rota_checks(evaluation.proposal),
        *_full_year(evaluation),
        *_after_horizon(evaluation.proposal),
        *_one_off_netted(evaluation),
        *series_kind_findings(evaluation),
    ]
    return _acknowledge(evaluation.proposal, found)


# ---- Shared helpers ------------------------------------------------------------------------------


def _posts(value: Decimal | Fraction) -> str:
    """A count as a person writes it: 12, 0.5, 14.9 (a fraction to 0.1, half-up)."""
    if isinstance(value, Fraction):
        if value.denominator == 1:
            return f"{value.numerator:,}"
        return f"{round_fraction(value, _PERCENT_STEP, _MODE):,f}"
    return f"{value.normalize():,f}"


def _posts_of(value: Decimal) -> str:
    """``1 post``, ``2 posts``, ``0.5 posts``."""
    return f"{_posts(value)} {'post' if value == 1 else 'posts'}"


def _percent(share: Fraction) -> str:
    """A share as a percentage to 0.1%, half-up: 0.142857... is ``14.3%``."""
    return f"{round_fraction(share * 100, _PERCENT_STEP, _MODE)}%"


def _pounds(value: Fraction) -> Money:
    """An exact per-post amount shown to the pound, half-up."""
    return Money(round_fraction(value, Unit.POUNDS.value, _MODE))


def _day(day: date) -> str:
    """``1 October 2016`` (no platform-specific strftime flags)."""
    return f"{day.day} {day:%B %Y}"


def _cite(source: str) -> str:
    return f" ({source})" if source else ""


def _band(grade: Grade | None, own: bool = True) -> tuple[Money, Money, str]:
    """The band for ``grade``: as given, else half to twice its own unit cost (``own``), else the default."""
    if grade is not None and grade.plausible_unit_cost is not None:
        low, high = grade.plausible_unit_cost
        return low, high, f"the band given for {grade.name}"
    cost = unit_cost(grade) if grade is not None and own else None
    if grade is not None and cost is not None:
        how = "built up" if grade.build_up is not None else "stated"
        return cost.scaled(Fraction(1, 2)), cost * 2, f"half to twice the {how} {grade.name} unit cost of {cost}"
    return DEFAULT_BAND[0], DEFAULT_BAND[1], "the default band"


def plausible_band(proposal: Proposal, grade: str | None) -> tuple[Money, Money]:
    """The [low, high] cost of one FTE the checks accept for a post of ``grade``.

    The grade's ``plausible_unit_cost`` if given; else half to twice the grade's own
    unit cost (stated or built up); else :data:`DEFAULT_BAND`.
    """
    low, high, _ = _band(_grade(proposal, grade))
    return low, high


def _grade(proposal: Proposal, name: str | None) -> Grade | None:
    return next((g for g in proposal.grades if g.name == name), None)


def _in_force(term: Term, day: date) -> bool:
    return term.start <= day and (term.end is None or term.end >= day)


@dataclass(frozen=True, slots=True)
class _Establishment:
    """The lines' change to the establishment in force on a day, by grade."""

    released: dict[str, Decimal]
    created: dict[str, Decimal]
    moved: dict[str, Decimal]

    def of(self, kind: CountKind, grade: str | None) -> Decimal:
        table = self.released if kind is CountKind.POSTS_RELEASED else self.created
        return table.get(grade, Decimal(0)) if grade else sum(table.values(), Decimal(0))


def _establishment(all_terms: Sequence[Term], day: date) -> _Establishment:
    released: dict[str, Decimal] = defaultdict(Decimal)
    created: dict[str, Decimal] = defaultdict(Decimal)
    moved: dict[str, Decimal] = defaultdict(Decimal)
    for term in all_terms:
        if not _in_force(term, day):
            continue
        # A regrade moves posts between grades; a released or created post changes one grade.
        table = {"posts_released": released, "posts_created": created}.get(term.kind, moved)
        for grade, fte in term.fte.items():
            table[grade] += -fte if table is released else fte
    return _Establishment(dict(released), dict(created), dict(moved))


# ---- a. Count identities -------------------------------------------------------------------------


def _count_label(count: Count) -> str:
    words = count.what.value.replace("_", " ")
    return f"{words} ({count.grade})" if count.grade else words


def _count_checks(evaluation: Evaluation) -> Iterator[CheckFinding]:
    proposal = evaluation.proposal
    counts = proposal.counts
    if not counts:
        return
    all_terms = evaluation.terms
    last = proposal.years[-1]
    yield from _count_conflicts(counts)
    yield from _count_scope(proposal, all_terms, last)
    yield from _count_establishment(proposal, all_terms, last)
    yield from _count_phased(counts)
    yield from _count_lines(proposal, all_terms, last)
    yield from _count_claims(proposal)


def _first(counts: Sequence[Count], kind: CountKind, grade: str | None) -> tuple[int, Count] | None:
    return next(((i, c) for i, c in enumerate(counts) if c.what is kind and c.grade == grade), None)


def _grades_stated(counts: Sequence[Count]) -> list[str | None]:
    seen: list[str | None] = []
    for count in counts:
        if count.grade not in seen:
            seen.append(count.grade)
    return seen


def _about(count: Count) -> tuple[str, ...]:
    return (count.grade,) if count.grade else ()


def _count_conflicts(counts: Sequence[Count]) -> Iterator[CheckFinding]:
    for j, b in enumerate(counts):
        for i, a in enumerate(counts[:j]):
            if (a.what, a.grade, a.year) == (b.what, b.grade, b.year) and a.value != b.value:
                when = f" by {a.year}" if a.year else ""
                yield CheckFinding(
                    "COUNT-CONFLICT",
                    Severity.WARNING,
                    f"{_count_label(a)}{when}: counts[{i}]{_cite(a.source)} says {_posts(a.value)}, "
                    f"counts[{j}]{_cite(b.source)} says {_posts(b.value)}; both cannot hold: find which the "
                    "figures rest on",
                    f"counts[{j}]",
                    about=_about(b),
                )
                break


def _count_scope(proposal: Proposal, all_terms: Sequence[Term], last: FinancialYear) -> Iterator[CheckFinding]:
    """Posts in scope = roles created from them + posts released; years are ignored (one set of posts)."""
    counts = proposal.counts
    for grade in _grades_stated(counts):
        scope = _first(counts, CountKind.POSTS_IN_SCOPE, grade)
        roles = _first(counts, CountKind.ROLES_CREATED, grade)
        if scope is None or roles is None:
            continue
        released_count = _first(counts, CountKind.POSTS_RELEASED, grade)
        if released_count is not None:
            released = released_count[1].value
            released_text = f"posts released {_posts(released)}{_cite(released_count[1].source)}"
        else:
            year = roles[1].year or scope[1].year or last
            released = _establishment(all_terms, year.end).of(CountKind.POSTS_RELEASED, grade)
            released_text = f"posts the lines release by {year} {_posts(released)}"
        total = roles[1].value + released
        of = f" ({grade})" if grade else ""
        working = (
            f"posts in scope{of} {_posts(scope[1].value)}{_cite(scope[1].source)}; roles created "
            f"{_posts(roles[1].value)}{_cite(roles[1].source)} + {released_text} = {_posts(total)}"
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
                f"{working}, not {_posts(scope[1].value)}: {_posts_of(abs(gap))} "
                f"{'unaccounted for' if gap > 0 else 'too many'}; check which posts the roles are filled from "
                "and which leave",
                f"counts[{scope[0]}]",
                about=_about(scope[1]),
            )


def _count_establishment(proposal: Proposal, all_terms: Sequence[Term], last: FinancialYear) -> Iterator[CheckFinding]:
    """Establishment before - released + created = after, with the lines filling what is not stated."""
    counts = proposal.counts
    for grade in _grades_stated(counts):
        before = _first(counts, CountKind.ESTABLISHMENT_BEFORE, grade)
        after = _first(counts, CountKind.ESTABLISHMENT_AFTER, grade)
        if before is None or after is None:
            continue
        year = after[1].year or last
        lines = _establishment(all_terms, year.end)
        parts: list[str] = []
        moves: list[Decimal] = []
        for kind, sign in ((CountKind.POSTS_RELEASED, -1), (CountKind.POSTS_CREATED, 1)):
            stated = _first(counts, kind, grade)
            value = stated[1].value if stated is not None else lines.of(kind, grade)
            where = _cite(stated[1].source) if stated is not None else " (lines)"
            parts.append(f"{'-' if sign < 0 else '+'} {kind.value.replace('_', ' ')} {_posts(value)}{where}")
            moves.append(value * sign)
        regraded = lines.moved.get(grade, Decimal(0)) if grade else Decimal(0)
        if regraded:
            parts.append(f"{'+' if regraded > 0 else '-'} regraded {_posts(abs(regraded))} (lines)")
            moves.append(regraded)
        expected = before[1].value + sum(moves, Decimal(0))
        of = f"{grade} establishment" if grade else "establishment"
        working = (
            f"{of}: before {_posts(before[1].value)}{_cite(before[1].source)} {' '.join(parts)} = {_posts(expected)}; "
            f"stated after {_posts(after[1].value)}{_cite(after[1].source)}"
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
                f"{working}: misses by {_posts(after[1].value - expected)}; look for posts released or created "
                "that no line (or no count) shows",
                subject,
                about=_about(after[1]),
            )


def _count_phased(counts: Sequence[Count]) -> Iterator[CheckFinding]:
    for index, count in enumerate(counts):
        if not count.phased:
            continue
        total = sum((step.value for step in count.phased), Decimal(0))
        steps = " + ".join(f"{_posts(step.value)} in {step.year}" for step in count.phased)
        working = f"{_count_label(count)}{_cite(count.source)} phased {steps} = {_posts(total)}"
        if total == count.value:
            yield CheckFinding(
                "COUNT-PHASED", Severity.INFO, f"{working}: holds", f"counts[{index}]", about=_about(count)
            )
        else:
            yield CheckFinding(
                "COUNT-PHASED",
                Severity.WARNING,
                f"{working}, not the {_posts(count.value)} stated: the years do not add up to the total; "
                "find which year's figure is wrong",
                f"counts[{index}]",
                about=_about(count),
            )


_LINE_KINDS: Final = {CountKind.POSTS_RELEASED: ("released", "release"), CountKind.POSTS_CREATED: ("created", "create")}


def _count_lines(proposal: Proposal, all_terms: Sequence[Term], last: FinancialYear) -> Iterator[CheckFinding]:
    """A stated count of posts released or created against what the lines do (quiet when they agree)."""
    for index, count in enumerate(proposal.counts):
        if count.what not in _LINE_KINDS:
            continue
        done, do = _LINE_KINDS[count.what]
        of = f" {count.grade}" if count.grade else ""
        if count.phased:
            for step in count.phased:
                now = _establishment(all_terms, step.year.end).of(count.what, count.grade)
                before = _establishment(all_terms, step.year.start - timedelta(days=1)).of(count.what, count.grade)
                if now - before != step.value:
                    yield CheckFinding(
                        "COUNT-LINES",
                        Severity.WARNING,
                        f"{_count_label(count)}{_cite(count.source)}: {_posts(step.value)}{of} posts {done} in "
                        f"{step.year} stated, the lines {do} {_posts(now - before)} in that year; check the "
                        "lines' dates or schedule",
                        f"counts[{index}]",
                        about=_about(count),
                    )
            continue
        year = count.year or last
        modelled = _establishment(all_terms, year.end).of(count.what, count.grade)
        if modelled != count.value:
            yield CheckFinding(
                "COUNT-LINES",
                Severity.WARNING,
                f"{_count_label(count)}{_cite(count.source)}: {_posts(count.value)}{of} posts {done} stated, "
                f"the lines {do} {_posts(modelled)} by the end of {year}; the figures are priced on the lines, "
                "so find the posts the words count and the lines do not (or the reverse)",
                f"counts[{index}]",
                about=_about(count),
            )


_CLAIMED: Final = {CountKind.POSTS_RELEASED: Figure.FTE_RELEASED, CountKind.POSTS_CREATED: Figure.FTE_CREATED}


def _count_claims(proposal: Proposal) -> Iterator[CheckFinding]:
    """A stated count against the claims of the same quantity (quiet when they agree)."""
    counts = proposal.counts
    # A claim for all grades compares with a count of one grade only when the lines move no other grade.
    moved = {
        CountKind.POSTS_RELEASED: {x.grade for x in proposal.lines if isinstance(x, PostsReleased)},
        CountKind.POSTS_CREATED: {x.grade for x in proposal.lines if isinstance(x, PostsCreated)},
    }
    for index, count in enumerate(counts):
        for position, claim in enumerate(proposal.claims):
            if claim.grade is None and count.grade is not None and moved.get(count.what, set()) - {count.grade}:
                continue
            stated = _count_as_claimed(counts, count, claim)
            if stated is None or stated == claim.value:
                continue
            yield CheckFinding(
                "COUNT-CLAIM",
                Severity.WARNING,
                f"{_count_label(count)}: counts[{index}]{_cite(count.source)} gives {_posts(stated)}, "
                f"claims[{position}] {claim.describe()}{_cite(claim.source)} says {_posts(claim.value)}; "
                "two statements of the same quantity differ: find which the figures rest on",
                f"counts[{index}]",
                about=_about(count),
            )


def _count_as_claimed(counts: Sequence[Count], count: Count, claim: Claim) -> Decimal | None:
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
        before = _first(counts, CountKind.ESTABLISHMENT_BEFORE, count.grade)
        if before is None or claim.grade != count.grade or count.year != claim.year:
            return None
        return count.value - before[1].value
    return None


# ---- a. Posts priced inside another line ---------------------------------------------------------


def _line_amount(proposal: Proposal, name: str) -> Money | None:
    line = proposal.line(name)
    if isinstance(line, (RecurringCost, RecurringIncome, OneOffCost)):
        return line.amount
    if isinstance(line, Allowance):
        return line.annual
    if isinstance(line, PostsCreated) and line.cost is not None:
        return line.cost
    return None


def _priced_in(evaluation: Evaluation) -> Iterator[CheckFinding]:
    """A created post priced inside another line: the saving holds only if that line's amount includes it."""
    proposal = evaluation.proposal
    for index, line in enumerate(proposal.lines):
        if not isinstance(line, PostsCreated) or line.priced_in is None:
            continue
        fte = line.fte or Decimal(0)
        grade = _grade(proposal, line.grade)
        unit = line.unit_cost or (unit_cost(grade) if grade else None)
        host = _line_amount(proposal, line.priced_in)
        released = sum(
            (x.fte or Decimal(0) for x in proposal.lines if isinstance(x, PostsReleased) and x.grade == line.grade),
            Decimal(0),
        )
        head = f"'{line.name}'{_cite(line.source)}: "
        if released:
            head += (
                f"the {line.grade} establishment changes by {_posts(fte - released)} ({_posts(released)} released, "
                f"{_posts(fte)} created) but the saving is priced on the {_posts(released)} released; "
            )
        head += f"the {_posts(fte)} created {'post is' if fte == 1 else 'posts are'} priced in '{line.priced_in}'"
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
                f"{head} ({host}), but {_posts(fte)} x {unit} = {cost} is more than that line's whole amount: "
                "the posts cannot be inside it; price them as their own line",
                f"lines[{index}]",
                about=about,
            )
        else:
            yield CheckFinding(
                "PRICED-IN",
                Severity.INFO,
                f"{head} ({host}): this holds only if that amount includes {'it' if fte == 1 else 'them'} "
                f"({_posts(fte)} x {unit} = {cost}, leaving {host - cost} for the rest); check its build-up",
                f"lines[{index}]",
                about=about,
            )


# ---- b. Words against figures --------------------------------------------------------------------


def _words_unit_cost(proposal: Proposal) -> Iterator[CheckFinding]:
    """New posts whose stated cost per post is below any plausible unit cost: an uplift, not new posts."""
    for index, line in enumerate(proposal.lines):
        if not isinstance(line, PostsCreated) or line.cost is None or not line.fte:
            continue
        grade = _grade(proposal, line.grade)
        floor, _, band = _band(grade)
        why = f"{floor}, the low end of {band}"
        per_post = Fraction(line.cost.amount) / Fraction(line.fte)
        if per_post >= Fraction(floor.amount):
            continue
        shown = _pounds(per_post)
        yield CheckFinding(
            "WORDS-UNIT-COST",
            Severity.WARNING,
            f"'{line.name}'{_cite(line.source)}: {_posts(line.fte)} new {line.grade} posts for {line.cost} a year "
            f"is {shown} a post, far below what a new post can cost (at least {why}): it can only be an uplift of "
            f"existing staff, not new posts. If so, model it as a regrade line (from_grade = the present grade, "
            f"to_grade = '{line.grade}', uplift_per_post = '{shown.amount}') and check the count of posts",
            f"lines[{index}]",
            about=(line.name, line.grade),
        )


# ---- c. Plausible ranges -------------------------------------------------------------------------


def _outside(value: Fraction, low: Money, high: Money) -> str | None:
    if value < Fraction(low.amount):
        return "below"
    if value > Fraction(high.amount):
        return "above"
    return None


def _range_unit_cost(proposal: Proposal) -> Iterator[CheckFinding]:
    """Each grade's unit cost, each line's own unit cost, each stated cost per new post, against the band."""
    for index, grade in enumerate(proposal.grades):
        cost = unit_cost(grade)
        if cost is None:
            continue
        low, high, band = _band(grade, own=False)  # a grade's own cost is judged against a band it does not set
        side = _outside(Fraction(cost.amount), low, high)
        if side:
            yield CheckFinding(
                "RANGE-UNIT-COST",
                Severity.WARNING,
                f"grade '{grade.name}'{_cite(grade.source)}: unit cost {cost} is {side} {band} "
                f"({low} to {high}) for one FTE with on-costs; check the salary and on-costs, or set "
                "plausible_unit_cost on the grade if this grade is unusual",
                f"grades[{index}]",
                about=(grade.name,),
            )
    for index, line in enumerate(proposal.lines):
        if not isinstance(line, (PostsReleased, PostsCreated)):
            continue
        low, high, band = _band(_grade(proposal, line.grade))
        if line.unit_cost is not None:
            value, what = Fraction(line.unit_cost.amount), f"unit cost {line.unit_cost}"
            side = _outside(value, low, high)
        elif isinstance(line, PostsCreated) and line.cost is not None and line.fte:
            value = Fraction(line.cost.amount) / Fraction(line.fte)
            what = f"stated cost {line.cost} for {_posts(line.fte)} posts, {_pounds(value)} a post,"
            side = "above" if value > Fraction(high.amount) else None  # below is WORDS-UNIT-COST
        else:
            continue
        if side:
            yield CheckFinding(
                "RANGE-UNIT-COST",
                Severity.WARNING,
                f"'{line.name}'{_cite(line.source)}: {what} is {side} {band} ({low} to {high}) for one "
                f"{line.grade} FTE with on-costs; check the figure, or set plausible_unit_cost on the grade",
                f"lines[{index}]",
                about=(line.name, line.grade),
            )


_SAVINGS: Final = (Figure.GROSS_SAVING, Figure.RECURRING_NET_SAVING, Figure.NET_SAVING)


def _saving_per_post(evaluation: Evaluation) -> Iterator[CheckFinding]:
    """A claimed saving per post released above what one post of the released grades can cost."""
    proposal = evaluation.proposal
    all_terms = evaluation.terms
    for index, claim in enumerate(proposal.claims):
        if claim.figure not in _SAVINGS or claim.year is None or claim.basis not in (Basis.ANNUAL, Basis.CUMULATIVE):
            continue
        if claim.year not in proposal.years:
            continue
        lines = _establishment(all_terms, claim.year.end)
        posts, where = sum(lines.released.values(), Decimal(0)), "the lines release"
        grades = [g for g, v in lines.released.items() if v]
        if not posts:
            stated = [c for c in proposal.counts if c.what is CountKind.POSTS_RELEASED and c.year in (None, claim.year)]
            if not stated:
                continue
            posts, where = stated[0].value, "the paper counts"
            grades = [stated[0].grade] if stated[0].grade else []
            if not posts:
                continue
        # A net saving may rightly include income the lines show; only the rest must come from posts.
        income = Decimal(0) if claim.figure is Figure.GROSS_SAVING else evaluation.year(claim.year).income.amount
        from_posts = claim.value - max(income, Decimal(0))
        per_post = Fraction(from_posts) / Fraction(posts)
        bands = [_band(_grade(proposal, g)) for g in grades] or [_band(None)]
        ceiling = max(bands, key=lambda b: b[1])
        if per_post <= Fraction(ceiling[1].amount):
            continue
        less = f" less income {Money(income)}" if income else ""
        yield CheckFinding(
            "RANGE-SAVING-PER-POST",
            Severity.WARNING,
            f"{claim.describe()}{_cite(claim.source)}: {Money(claim.value)}{less} for the {_posts(posts)} posts "
            f"{where} is {_pounds(per_post)} a post, above the most one post costs ({ceiling[1]}, the high end of "
            f"{ceiling[2]}): the figure cannot come from posts alone; find the other savings it includes and "
            "state them as lines",
            f"claims[{index}]",
            about=tuple(grades),
        )


def _net_above_gross(evaluation: Evaluation) -> Iterator[CheckFinding]:
    """A claimed net saving above the gross saving plus income: costs cannot add to a saving."""
    proposal = evaluation.proposal
    claims = proposal.claims
    for index, claim in enumerate(claims):
        if claim.figure not in (Figure.NET_SAVING, Figure.RECURRING_NET_SAVING) or claim.basis is Basis.INCREMENTAL:
            continue
        income = _computed(evaluation, Figure.INCOME, claim)
        if income is None:
            continue
        gross_claim = next(
            (
                (i, c)
                for i, c in enumerate(claims)
                if c.figure is Figure.GROSS_SAVING and c.year == claim.year and c.basis == claim.basis
            ),
            None,
        )
        if gross_claim is not None:
            gross, said = gross_claim[1].value + gross_claim[1].allowance, f"stated in claims[{gross_claim[0]}]"
            shown = Money(gross_claim[1].value)
        else:
            computed = _computed(evaluation, Figure.GROSS_SAVING, claim)
            if computed is None:
                continue
            gross, said, shown = computed, "from the lines", Money(computed)
        if claim.value - claim.allowance <= gross + income:
            continue
        yield CheckFinding(
            "RANGE-NET-ABOVE-GROSS",
            Severity.WARNING,
            f"{claim.describe()}{_cite(claim.source)}: net {Money(claim.value)} is more than the gross saving "
            f"{shown} ({said}) plus income {Money(income)}: a net saving cannot exceed them; look for a cost "
            "added instead of subtracted, or a saving missing from the gross",
            f"claims[{index}]",
        )


def _computed(evaluation: Evaluation, figure: Figure, claim: Claim) -> Decimal | None:
    """``figure`` in the claim's year and basis, from the lines."""
    if claim.basis is Basis.TOTAL:
        return evaluation.total_over_period(figure).amount
    years = [y.year for y in evaluation.years]
    if claim.year not in years:
        return None
    value = evaluation.series(figure, claim.basis)[years.index(claim.year)]
    return value.amount if isinstance(value, Money) else value


# ---- d. Rota coverage ----------------------------------------------------------------------------


def _rota_checks(proposal: Proposal) -> Iterator[CheckFinding]:
    for index, rota in enumerate(proposal.rotas):
        yield from _rota(index, rota)


def _rota(index: int, rota: Rota) -> Iterator[CheckFinding]:
    subject, about = f"rotas[{index}]", (rota.name, *((rota.grade,) if rota.grade else ()))
    positions = (
        f"{_posts(rota.positions)} positions x {_posts(rota.hours_per_day)} hours x {_posts(rota.days_per_year)} days "
        f"= {_posts(rota.position_hours)} position-hours a year"
    )
    contracted = Fraction(rota.posts) * rota.hours_per_post
    hours = (
        f"{_posts(rota.posts)} posts x {_posts(rota.contracted_hours_per_week)} hours a week x 365/7 "
        f"= {_posts(contracted)} contracted hours"
    )
    head = f"{rota.name} rota{_cite(rota.source)}: {positions}; {hours}"
    most = rota.max_abstraction
    if most < 0:
        yield CheckFinding(
            "ROTA-COVER",
            Severity.INFO,
            f"{head}: the posts are short of the positions before any abstraction",
            subject,
            about=about,
        )
        yield CheckFinding(
            "ROTA-SHORT",
            Severity.WARNING,
            f"{head}: too few hours to staff the positions even if nobody is ever on leave, sick or training; "
            f"{_posts(rota.posts_needed(Fraction(0)))} posts are needed before any abstraction",
            subject,
            about=about,
        )
        return
    cover = f"{head}: the posts cover the rota only if leave, sickness and training take at most {_percent(most)}"
    leave = f"the statutory minimum leave of 5.6 weeks alone is {_percent(STATUTORY_LEAVE_SHARE)}"
    if rota.abstraction is None:
        yield CheckFinding(
            "ROTA-COVER",
            Severity.INFO,
            f"{cover} of contracted hours (abstraction not stated; {leave}); state the assumed abstraction",
            subject,
            about=about,
        )
        if most < STATUTORY_LEAVE_SHARE:
            yield CheckFinding(
                "ROTA-SHORT",
                Severity.WARNING,
                f"{head}: at most {_percent(most)} abstraction is possible, less than {leave}: the posts cannot "
                f"cover the rota without overtime or other staff; at that leave alone "
                f"{_needed(rota, STATUTORY_LEAVE_SHARE)}",
                subject,
                about=about,
            )
        return
    stated = Fraction(rota.abstraction)
    yield CheckFinding(
        "ROTA-COVER",
        Severity.INFO,
        f"{cover} of contracted hours; the paper assumes {_percent(stated)}, at which {_needed(rota, stated)}",
        subject,
        about=about,
    )
    if stated > most:
        yield CheckFinding(
            "ROTA-SHORT",
            Severity.WARNING,
            f"{head}: at the stated {_percent(stated)} abstraction {_needed(rota, stated)}: "
            f"{_posts(rota.posts)} cannot cover the positions without overtime or other staff; add posts, or "
            "state how the gap is filled",
            subject,
            about=about,
        )


def _needed(rota: Rota, abstraction: Fraction) -> str:
    needed = rota.posts_needed(abstraction)
    if needed.denominator == 1:
        return f"{_posts(needed)} posts are needed"
    return f"{_posts(needed)} posts are needed ({math.ceil(needed)} whole posts)"


# ---- e. Timing -----------------------------------------------------------------------------------


_MONEY_CLAIMS: Final = (
    Figure.GROSS_SAVING,
    Figure.ADDITIONAL_COSTS,
    Figure.INCOME,
    Figure.RECURRING_NET_SAVING,
    Figure.NET_SAVING,
)
_FEEDS: Final = {
    Figure.GROSS_SAVING: (Figure.GROSS_SAVING,),
    Figure.ADDITIONAL_COSTS: (Figure.ADDITIONAL_COSTS,),
    Figure.INCOME: (Figure.INCOME,),
    Figure.RECURRING_NET_SAVING: (Figure.GROSS_SAVING, Figure.INCOME, Figure.ADDITIONAL_COSTS),
    Figure.NET_SAVING: (Figure.GROSS_SAVING, Figure.INCOME, Figure.ADDITIONAL_COSTS),
}


def _full_year(evaluation: Evaluation) -> Iterator[CheckFinding]:
    """A claim equal to the full-year figure in a year whose posts or costs start after the year begins."""
    proposal = evaluation.proposal
    all_terms = evaluation.terms
    years = [y.year for y in evaluation.years]
    for index, claim in enumerate(proposal.claims):
        if claim.figure not in _MONEY_CLAIMS or claim.year not in years or claim.year is None:
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
        computed = _computed(evaluation, claim.figure, claim)
        if computed is None or abs(claim.value - full) > claim.allowance or abs(computed - full) <= claim.allowance:
            continue
        starts = "; ".join(
            dict.fromkeys(f"'{t.line}' starts on {_day(t.start)}" for t in sorted(late, key=lambda t: t.start))
        )
        yield CheckFinding(
            "TIMING-FULL-YEAR",
            Severity.WARNING,
            f"{claim.describe()}{_cite(claim.source)}: stated {Money(claim.value)} is the full-year figure, counted "
            f"in full in {year}, but {starts}, after {year} begins on {_day(year.start)}: the part-year figure is "
            f"{Money(computed)}; count the rest in {year.next()}, or check that the change is in place by "
            f"{_day(year.start)}",
            f"claims[{index}]",
            about=tuple(dict.fromkeys(t.line for t in late)),
        )


def _after_horizon(proposal: Proposal) -> Iterator[CheckFinding]:
    """A line, or a step of its schedule, that starts after the horizon: none of it is in any figure."""
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
                f"'{line.name}'{_cite(line.source)} {what} on {late[0]}, after the horizon ({years[0]} to "
                f"{years[-1]}): what starts then is in none of the figures; lengthen the horizon to see it",
                f"lines[{index}]",
                about=(line.name,),
            )


def _one_off_netted(evaluation: Evaluation) -> Iterator[CheckFinding]:
    """A net or recurring saving claim that matches the figure with one-off costs netted, not said so."""
    proposal = evaluation.proposal
    years = [y.year for y in evaluation.years]
    for index, claim in enumerate(proposal.claims):
        if claim.figure not in (Figure.NET_SAVING, Figure.RECURRING_NET_SAVING) or claim.year not in years:
            continue
        if claim.year is None or claim.basis is Basis.TOTAL:
            continue
        one_off = evaluation.year(claim.year).one_off_costs
        net = _computed(evaluation, Figure.NET_SAVING, claim)
        recurring = _computed(evaluation, Figure.RECURRING_NET_SAVING, claim)
        if not one_off or net is None or recurring is None or abs(net - recurring) <= claim.allowance:
            continue
        if abs(claim.value - net) > claim.allowance:
            continue
        said = any(c.figure is Figure.ONE_OFF_COSTS and c.year == claim.year for c in proposal.claims)
        if claim.figure is Figure.NET_SAVING and (said or _SAID_ONE_OFF.search(claim.words)):
            continue
        one_offs = [
            x.name
            for x in proposal.lines
            if isinstance(x, OneOffCost)
            and (x.year or FinancialYear.containing(x.start or proposal.start_year.start)) == claim.year
        ]
        named = ", ".join(f"'{n}'" for n in one_offs)
        label = "recurring " if claim.figure is Figure.RECURRING_NET_SAVING else ""
        yield CheckFinding(
            "ONE-OFF-NETTED",
            Severity.WARNING,
            f"{claim.describe()}{_cite(claim.source)}: the {label}saving stated, {Money(claim.value)}, has the "
            f"one-off costs of {claim.year} ({one_off}: {named}) netted against it; the recurring saving is "
            f"{Money(recurring)}. Show the one-off costs separately (a one_off_costs claim), or the next year "
            "will show a saving that is only the one-off falling away",
            f"claims[{index}]",
            about=tuple(one_offs),
        )


# ---- Series kind (savingsmodel.checks.series) and acknowledgements --------------------------------------


def _acknowledge(proposal: Proposal, found: list[CheckFinding]) -> list[CheckFinding]:
    """Mark each finding an acknowledgement matches; add an info for each acknowledgement that matches none."""
    used: set[int] = set()
    result: list[CheckFinding] = []
    for finding in found:
        reason = None
        for index, ack in enumerate(proposal.acknowledged):
            if ack.code == finding.code and (
                ack.target is None or ack.target == finding.subject or ack.target in finding.about
            ):
                used.add(index)
                reason = reason or ack.reason
        result.append(finding if reason is None else _marked(finding, reason))
    for index, ack in enumerate(proposal.acknowledged):
        if index in used:
            continue
        target = f", target {ack.target!r}" if ack.target else ""
        result.append(
            CheckFinding(
                "ACK-UNUSED",
                Severity.INFO,
                f"acknowledged[{index}] ({ack.code}{target}) matches no finding: the point it accepted is gone, "
                f"or the target is misspelt ({CHECK_CODES[ack.code]}); remove it or correct the target",
                f"acknowledged[{index}]",
            )
        )
    return result


def _marked(finding: CheckFinding, reason: str) -> CheckFinding:
    return CheckFinding(finding.code, finding.severity, finding.message, finding.subject, reason, finding.about)
