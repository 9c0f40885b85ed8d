"""Reconciliation: each figure a paper claims, recomputed and judged.

>>> from savingsmodel.examples import scs4_1_revised
>>> from savingsmodel.engine.evaluation import evaluate
>>> findings = reconcile(evaluate(scs4_1_revised()))
>>> [f.status.value for f in findings][:3]
['holds', 'holds', 'holds']
>>> [f.message for f in findings if f.status is Status.CONFLICT]  # doctest: +ELLIPSIS
['fte_change (Crew Manager) 2016/17: para 8.1 says 4, para 12 says 8; both cannot hold...']

A claim **holds** when the computed figure is within the claim's allowance
(half its rounding step, or its tolerance), **misses** otherwise (by how much,
in pounds or FTE and as a percentage), and **cannot be checked** when the
model does not determine the figure. Two claims about the same figure whose
allowances do not overlap are also reported together as a **conflict**.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from itertools import combinations
from typing import TYPE_CHECKING, Any

from savingsmodel.checks.findings import Findings
from savingsmodel.checks.scoped import Scopes, scope_of
from savingsmodel.core.money import Money, RoundingMode, round_fraction
from savingsmodel.core.text import one_line
from savingsmodel.core.years import FinancialYear
from savingsmodel.engine.terms import no_cost_text
from savingsmodel.model.claims import Basis, Claim, Figure, PaybackMeasure, ShareOf

if TYPE_CHECKING:
    from savingsmodel.engine.evaluation import Evaluation
    from savingsmodel.model.claims import UnitCostClaim
    from savingsmodel.model.grades import Grade

__all__ = [
    "Finding",
    "Status",
    "holding_range",
    "reconcile",
    "reconcile_payback",
    "reconcile_series",
    "reconcile_unit_costs",
]


class Status(StrEnum):
    HOLDS = "holds"
    MISSES = "misses"
    CONFLICT = "conflict"
    CANNOT_CHECK = "cannot_check"


@dataclass(frozen=True, slots=True)
class Finding:
    """The verdict on one claim (or, for a conflict, on a pair of claims).

    ``claims`` are indices into the proposal's claims, so a caller that knows
    where each claim was written (a file and line) can say so; ``series`` is the
    index of the claimed series a yearly finding comes from.
    """

    status: Status
    claims: tuple[int, ...]
    claim: str
    year: FinancialYear | None
    stated: Decimal | None
    computed: Decimal | None
    message: str
    source: str = ""
    series: int | None = None
    #: Whether the finding is on the proposal's payback claim (its amounts are months).
    payback: bool = False
    #: How far the computed figure may be from the stated one and hold: the claim's own allowance, plus the
    #: rounding of the unit costs the figure is built from when the paper states them rounded (None: not judged).
    allowance: Decimal | None = None
    #: The index of the unit cost claim a finding is on (``unit_cost_claims[i]``), when it is on one.
    unit_cost: int | None = None

    @property
    def difference(self) -> Decimal | None:
        """Computed minus stated.

        >>> from savingsmodel.engine.evaluation import evaluate
        >>> from savingsmodel.examples import scs4_1_revised
        >>> miss = reconcile(evaluate(scs4_1_revised()))[6]
        >>> miss.stated, miss.computed, miss.difference
        (Decimal('4'), Decimal('8'), Decimal('4'))
        """
        if self.stated is None or self.computed is None:
            return None
        return self.computed - self.stated

    @property
    def difference_percent(self) -> Decimal | None:
        """The difference as a percentage of the stated figure, to 0.1%.

        >>> from savingsmodel.engine.evaluation import evaluate
        >>> from savingsmodel.examples import scs4_1_revised
        >>> miss = reconcile(evaluate(scs4_1_revised()))[6]
        >>> miss.difference_percent
        Decimal('100.0')
        """
        difference = self.difference
        if difference is None or self.stated is None or self.stated == 0:
            return None
        return _percent(difference, self.stated)

    @property
    def subject(self) -> str:
        """Where the claim is written: ``claims[2]``, ``series[0]``, or both claims of a conflict.

        >>> from savingsmodel.engine.evaluation import evaluate
        >>> from savingsmodel.examples import scs4_1_revised
        >>> miss = reconcile(evaluate(scs4_1_revised()))[6]
        >>> miss.subject
        'claims[6]'
        """
        if self.series is not None:
            return f"series[{self.series}]"
        if self.payback:
            return "payback"
        if self.unit_cost is not None:
            return f"unit_cost_claims[{self.unit_cost}]"
        return ", ".join(f"claims[{i}]" for i in self.claims)

    def row(self) -> dict[str, Any]:
        """As a row of :func:`~savingsmodel.checks.findings.findings_frame`.

        >>> from savingsmodel.engine.evaluation import evaluate
        >>> from savingsmodel.examples import scs4_1_revised
        >>> miss = reconcile(evaluate(scs4_1_revised()))[6]
        >>> miss.row()["status"], miss.row()["claim"]
        ('misses', 'fte_change (Crew Manager) 2016/17')
        """
        return {
            "kind": "claim",
            "status": self.status.value,
            "subject": self.subject,
            "claim": self.claim,
            "year": None if self.year is None else str(self.year),
            "stated": self.stated,
            "computed": self.computed,
            "difference": self.difference,
            "difference_percent": self.difference_percent,
            "source": self.source,
            "message": self.message,
        }

    def __str__(self) -> str:
        return one_line(f"{self.status.value}: {self.message}")

    def __repr__(self) -> str:
        return f"Finding({str(self)!r})"

    def _repr_html_(self) -> str:
        return Findings([self])._repr_html_()


def _percent(part: Decimal, whole: Decimal) -> Decimal:
    """``part`` as a percentage of ``|whole|``, to 0.1%, half-up."""
    return round_fraction(Fraction(part) * 100 / Fraction(abs(whole)), Decimal("0.1"), RoundingMode.HALF_UP)


def _show(value: Decimal, money: bool) -> str:
    return str(Money(value)) if money else f"{value.normalize():f}"


def _computed(evaluation: Evaluation, claim: Claim) -> Decimal | None:
    evaluation = _of(evaluation, claim)
    years = [y.year for y in evaluation.years]
    if claim.line is not None or claim.full_year:
        if claim.line is not None and claim.line not in {line.name for line in evaluation.proposal.lines}:
            return None
        if claim.line is not None and claim.basis is Basis.TOTAL:
            return sum((evaluation.line_figure(claim.line, claim.figure, y).amount for y in years), Decimal(0))
        if claim.year not in years:
            return None
        if claim.line is not None:
            return evaluation.line_figure(claim.line, claim.figure, claim.year, full_year=claim.full_year).amount
        return evaluation.full_year(claim.figure, claim.year).amount
    if scope_of(claim.scope) != scope_of(None):
        # A part of the proposal is costed by its own lines; a wider scope is never reconciled here.
        scopes = Scopes(evaluation)
        if not scopes.costed(claim.scope):
            return None
        evaluation = scopes.figures(claim.scope)
    if claim.grade is not None and claim.grade not in {g.name for g in evaluation.proposal.grades}:
        return None
    if claim.basis is Basis.TOTAL:
        if claim.figure.is_money:
            return evaluation.total_over_period(claim.figure).amount
        return None
    years = [y.year for y in evaluation.years]
    if claim.year not in years:
        return None
    series = evaluation.series(claim.figure, claim.basis, claim.grade)
    value = series[years.index(claim.year)]
    return value.amount if isinstance(value, Money) else value


def _unstated(evaluation: Evaluation, claim: Claim) -> tuple[str, ...]:
    """The lines with no cost the claimed figure depends on: while any has none, the figure is not known."""
    if claim.line is not None:
        # One line's figure rests on that line alone.
        return tuple(name for name in evaluation.unstated(claim.figure, claim.year) if name == claim.line)
    return evaluation.unstated(claim.figure, claim.year, claim.basis)


def _of(evaluation: Evaluation, claim: Claim) -> Evaluation:
    """The figures a claim is about: this body's share (the evaluation), or the whole shared proposal."""
    return evaluation.of_whole() if claim.of is ShareOf.WHOLE else evaluation


def _why_not(evaluation: Evaluation, claim: Claim) -> str:
    if claim.grade is not None:
        return f"the proposal has no grade {claim.grade!r}"
    if claim.line is not None and claim.line not in {line.name for line in evaluation.proposal.lines}:
        return f"the proposal has no line {claim.line!r}"
    if claim.basis is Basis.TOTAL:
        return "an FTE change has no total over the period; claim it for a year"
    return f"{claim.year} is outside the horizon"


def reconcile(evaluation: Evaluation) -> Findings[Finding]:
    """One finding per claim, in the order written, then one per conflicting pair, then one per year of each series,
    then one for the payback claimed.

    A claim for a scope wider than the proposal (a programme the lines cost only part of) has no finding
    here: the check ``SCOPE-PART`` sets it against its parts' figures.

    >>> from savingsmodel.engine.evaluation import evaluate
    >>> from savingsmodel.examples import scs4_1_revised
    >>> print(reconcile(evaluate(scs4_1_revised()))[0])
    holds: gross_saving 2016/17 (para 11): stated £576,000, computed £576,000: holds to the nearest £1,000
    """
    claims = evaluation.proposal.claims
    # A claim for a scope wider than the proposal is the paper's figure for more than the lines cost:
    # it is compared with its parts' figures (SCOPE-PART), never with the lines.
    scopes = Scopes(evaluation)
    findings = Findings(
        [_judge(evaluation, claim, (index,)) for index, claim in enumerate(claims) if scopes.costed(claim.scope)]
    )
    findings.extend(_conflicts(evaluation, claims))
    findings.extend(reconcile_series(evaluation))
    findings.extend(reconcile_unit_costs(evaluation))
    payback = reconcile_payback(evaluation)
    if payback is not None:
        findings.append(payback)
    return findings


def _months(value: Decimal) -> str:
    text = f"{value.normalize():f}"
    return f"{text} month" if value == 1 else f"{text} months"


def reconcile_payback(evaluation: Evaluation) -> Finding | None:
    """The verdict on the payback the paper states, if it states one: the computed months against the stated.

    A proposal that does not pay back within the horizon misses any stated period; one with no
    one-off costs has nothing to pay back, so its claim cannot be checked.
    """
    claim = evaluation.proposal.payback
    if claim is None:
        return None
    payback = evaluation.payback
    where = f" ({claim.source})" if claim.source else ""
    head = f"{claim.describe()}{where}: stated {_months(claim.months)}"

    def finding(status: Status, computed: Decimal | None, message: str) -> Finding:
        return Finding(status, (), claim.describe(), None, claim.months, computed, message, claim.source, payback=True)

    unstated = evaluation.unstated(Figure.NET_AFTER_ONE_OFF_COSTS)
    if unstated:
        return finding(Status.CANNOT_CHECK, None, f"{claim.describe()}{where}: cannot check: {no_cost_text(unstated)}")
    if not payback.one_off_costs:
        return finding(
            Status.CANNOT_CHECK, None, f"{claim.describe()}{where}: cannot check: no one-off costs to pay back"
        )
    if claim.measure is PaybackMeasure.SIMPLE:
        computed = payback.simple_months
        if computed is None:
            return finding(Status.MISSES, None, f"{head}: misses: {payback.simple_text()}")
    else:
        if payback.months is None:
            return finding(Status.MISSES, None, f"{head}: misses: it does not pay back within the horizon")
        computed = Decimal(payback.months)
    gap = computed - claim.months
    said = f"{head}, computed {_months(computed)}"
    if abs(gap) <= claim.allowance:
        within = f" within the tolerance of {_months(claim.allowance)}" if gap else ""
        return finding(Status.HOLDS, computed, f"{said}: holds{within}")
    sign = "+" if gap > 0 else "-"
    return finding(Status.MISSES, computed, f"{said}: misses by {sign}{_months(abs(gap))}")


def reconcile_series(evaluation: Evaluation) -> list[Finding]:
    """One finding per year of every claimed series, judged by the same rules as any claim.

    The findings carry no claim indices (``claims == ()``): their text names the series.
    """
    found: list[Finding] = []
    for number, series in enumerate(evaluation.proposal.series):
        for claim in series.claims():
            finding = _judge(evaluation, claim, ())
            found.append(
                replace(
                    finding,
                    claim=f"series[{number}] {finding.claim}",
                    message=f"series[{number}] {finding.message}",
                    series=number,
                )
            )
    return found


def reconcile_unit_costs(evaluation: Evaluation) -> list[Finding]:
    """One finding per unit cost the paper states: the grade's unit cost in use (as stated or built) against it.

    >>> from savingsmodel.engine.evaluation import evaluate
    >>> from savingsmodel.examples import scs4_1_revised
    >>> from savingsmodel.model.claims import UnitCostClaim
    >>> stated = scs4_1_revised().model_copy(update={"unit_cost_claims": (UnitCostClaim(grade="Watch Manager",
    ...     value="£47k", rounded_to="1k", source="para 9"),)})
    >>> print(reconcile_unit_costs(evaluate(stated))[0])
    misses: unit cost (Watch Manager) (para 9): stated £47,000, computed £48,000: misses by +£1,000 (+2.1%)
    """
    grades = {g.name: g for g in evaluation.proposal.grades}
    return [
        _judge_unit_cost(claim, number, grades) for number, claim in enumerate(evaluation.proposal.unit_cost_claims)
    ]


def _judge_unit_cost(claim: UnitCostClaim, number: int, grades: dict[str, Grade]) -> Finding:
    """Whether one stated unit cost holds against the grade's unit cost in use, misses, or cannot be checked."""
    from savingsmodel.engine.unit_costs import unit_cost

    where = f" ({claim.source})" if claim.source else ""
    grade = grades.get(claim.grade)
    cost = None if grade is None else unit_cost(grade)
    name = claim.describe()
    if cost is None:
        why = "the grade has no unit cost stated yet" if grade is not None else f"no grade {claim.grade!r}"
        message = f"{name}{where}: cannot check: {why}"
        return Finding(Status.CANNOT_CHECK, (), name, None, claim.value, None, message, claim.source, unit_cost=number)
    computed, gap = cost.amount, cost.amount - claim.value
    said = f"{name}{where}: stated {Money(claim.value)}, computed {cost}"
    status = Status.HOLDS if abs(gap) <= claim.allowance else Status.MISSES
    if status is Status.HOLDS:
        precision = ""
        if claim.rounded_to and abs(gap) <= claim.rounded_to / 2:
            precision = f" to the nearest {Money(claim.rounded_to)}"
        elif claim.tolerance and gap:
            precision = f" within the tolerance of {Money(claim.tolerance)}"
        message = f"{said}: holds{precision}"
    else:
        sign = "+" if gap > 0 else "-"
        percent = f" ({sign}{abs(_percent(gap, claim.value))}%)" if claim.value else ""
        message = f"{said}: misses by {sign}{Money(abs(gap))}{percent}"
    return Finding(
        status,
        (),
        name,
        None,
        claim.value,
        computed,
        message,
        claim.source,
        allowance=claim.allowance,
        unit_cost=number,
    )


def holding_range(claim: Claim) -> tuple[Decimal, Decimal]:
    """The computed figures for which a claim holds: its value less and plus its allowance, both included.

    >>> holding_range(Claim(figure="gross_saving", value="576k", year="2016/17", rounded_to="1k"))
    (Decimal('575500'), Decimal('576500'))
    """
    return claim.value - claim.allowance, claim.value + claim.allowance


def _judge(evaluation: Evaluation, claim: Claim, indices: tuple[int, ...]) -> Finding:
    """Whether one claim holds, misses (by how much), or cannot be checked."""
    money = claim.figure.is_money
    where = f" ({claim.source})" if claim.source else ""
    unstated = _unstated(evaluation, claim)
    if unstated:
        # The lines give the stated lines' figure only: it can neither hold nor miss until the costs are known.
        message = f"{claim.describe()}{where}: cannot check: {no_cost_text(unstated)}"
        return Finding(
            Status.CANNOT_CHECK, indices, claim.describe(), claim.year, claim.value, None, message, claim.source
        )
    computed = _computed(evaluation, claim)
    if computed is None:
        message = f"{claim.describe()}{where}: cannot check: {_why_not(evaluation, claim)}"
        return Finding(
            Status.CANNOT_CHECK, indices, claim.describe(), claim.year, claim.value, None, message, claim.source
        )
    stated = claim.value
    gap = computed - stated
    low, high = holding_range(claim)
    carried = _rounded_unit_costs(evaluation, claim)
    low, high = low - carried, high + carried
    if low <= computed <= high:
        # Say which allowance it holds by: a figure outside the rounding but inside the tolerance
        # does not hold "to the nearest £1,000".
        precision = ""
        if claim.rounded_to and abs(gap) <= claim.rounded_to / 2:
            precision = f" to the nearest {_show(claim.rounded_to, money)}"
        elif claim.tolerance and gap and abs(gap) <= claim.tolerance:
            precision = f" within the tolerance of {_show(claim.tolerance, money)}"
        elif carried:
            own = f"its own allowance, and {_show(carried, money)} for " if claim.allowance else ""
            precision = (
                f" within {_show(claim.allowance + carried, money)} ({own}the unit costs it is built from, "
                "stated rounded)"
            )
        said = f"stated {_show(stated, money)}, computed {_show(computed, money)}"
        message = f"{claim.describe()}{where}: {said}: holds{precision}"
        status = Status.HOLDS
    else:
        sign = "+" if gap > 0 else "-"
        percent = ""
        if stated != 0:
            # The sign is the gap's: a miss too small for 0.1% still reads as over or under.
            percent = f" ({sign}{abs(_percent(gap, stated))}%)"
        message = (
            f"{claim.describe()}{where}: stated {_show(stated, money)}, computed {_show(computed, money)}: "
            f"misses by {sign}{_show(abs(gap), money)}{percent}"
        )
        status = Status.MISSES
    allowance = claim.allowance + carried
    return Finding(
        status, indices, claim.describe(), claim.year, stated, computed, message, claim.source, allowance=allowance
    )


def _rounded_unit_costs(evaluation: Evaluation, claim: Claim) -> Decimal:
    """How far a claimed money figure may be off because the unit costs it is built from are stated rounded.

    A posts line priced from a grade whose ``unit_cost`` the paper states rounded (``unit_cost_rounded_to``)
    is exactly proportional to that unit cost, so its part of the figure may be off by that part x half the
    step / the unit cost (12 posts at "£48k" to the nearest £1k: 12 x £500 a year). The parts are added,
    whatever their sign, and the total rounded up to the penny. Only annual figures and totals over the
    period carry it; increments, running totals and full-year effects keep the claim's own allowance.
    """
    if not claim.figure.is_money or claim.basis not in (Basis.ANNUAL, Basis.TOTAL) or claim.full_year:
        return Decimal(0)
    if scope_of(claim.scope) != scope_of(None):
        return Decimal(0)
    evaluation = _of(evaluation, claim)
    proposal = evaluation.proposal
    years = [y.year for y in evaluation.years] if claim.basis is Basis.TOTAL else [claim.year]
    grades = {g.name: g for g in proposal.grades}
    bound = Fraction(0)
    for line in proposal.lines:
        grade = grades.get(getattr(line, "grade", None) or "")
        if claim.line is not None and line.name != claim.line:
            continue
        if line.kind not in ("posts_released", "posts_created") or grade is None:
            continue
        if grade.unit_cost_rounded_to is None or grade.unit_cost is None or not grade.unit_cost:
            continue
        if getattr(line, "unit_cost", None) is not None or getattr(line, "cost", None) is not None:
            continue  # priced from its own figure, not the grade's rounded one
        share = Fraction(grade.unit_cost_rounded_to.amount) / (2 * Fraction(grade.unit_cost.amount))
        for year in years:
            if year is not None:
                bound += abs(Fraction(evaluation.line_figure(line.name, claim.figure, year).amount)) * share
    return Decimal(0) if not bound else _penny_up(bound)


def _penny_up(amount: Fraction) -> Decimal:
    """Up to the next penny: an allowance rounded down would refuse a figure it should allow."""
    return Decimal(math.ceil(amount * 100)) / 100


def _same_quantity(a: Claim, b: Claim) -> bool:
    # The annual level and the cumulative figure differ by the year before the horizon's level, when lines
    # began earlier: two claims in those two views may both hold, so they are not one quantity.
    same_basis = a.basis == b.basis
    same_scope = scope_of(a.scope) == scope_of(b.scope)
    return (
        a.figure is b.figure
        and a.year == b.year
        and a.grade == b.grade
        and same_basis
        and same_scope
        and a.of is b.of
        and a.line == b.line
        and a.full_year is b.full_year
    )


def _conflicts(evaluation: Evaluation, claims: tuple[Claim, ...]) -> list[Finding]:
    found: list[Finding] = []
    for (i, a), (j, b) in combinations(enumerate(claims), 2):
        if not _same_quantity(a, b) or abs(a.value - b.value) <= a.allowance + b.allowance:
            continue
        money = a.figure.is_money
        computed = None if _unstated(evaluation, a) else _computed(evaluation, a)
        # A claim is named by its source (a paragraph) or, with none, by its place in the list.
        name_a, name_b = a.source or f"claims[{i}]", b.source or f"claims[{j}]"
        verdict = ""
        if computed is not None:
            holding = [name for c, name in ((a, name_a), (b, name_b)) if abs(computed - c.value) <= c.allowance]
            verdict = f"; the lines give {_show(computed, money)}" + (
                f", which agrees with {holding[0]}" if len(holding) == 1 else ""
            )
        message = (
            f"{a.describe()}: {name_a} says {_show(a.value, money)}, "
            f"{name_b} says {_show(b.value, money)}; both cannot hold{verdict}"
        )
        found.append(
            Finding(Status.CONFLICT, (i, j), a.describe(), a.year, None, computed, message, f"{a.source}; {b.source}")
        )
    return found
