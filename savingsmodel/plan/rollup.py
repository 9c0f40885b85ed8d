"""The MTFP roll-up: every proposal's MTFP line over the plan's years, against the target.

Each proposal is evaluated by the engine over a horizon that reaches the plan's last year; its MTFP
line is ``net_saving_incremental``, the change in its recurring net saving from the year before (one-off
costs are shown apart, with how they are funded). A plan year before a proposal's first year shows
nothing of it. The plan's cumulative figure is the running total of its increments over the plan's
years; the gap to target is the target less the plan (a positive gap is still to find).

>>> from savingsmodel.files.plan import load_plan
>>> result = evaluate_plan(load_plan("scenarios/plan-2016.toml"))
>>> [str(m) for m in result.total_incremental()]
['£412,500', '£134,500', '£0', '£0']
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Final

from savingsmodel.checks.reconcile import Status, reconcile
from savingsmodel.checks.registry import run_checks
from savingsmodel.core.money import Money, RoundingMode, Unit
from savingsmodel.core.years import FinancialYear
from savingsmodel.engine.capital import programme
from savingsmodel.engine.evaluation import Evaluation, evaluate
from savingsmodel.model.plan import Plan, PlanEntry, Rag, TargetBasis
from savingsmodel.model.proposal import Proposal
from savingsmodel.plan.duplicates import PlanFinding, double_counting
from savingsmodel.plan.posts import Redundancy, redundancy_of, with_posts
from savingsmodel.plan.slippage import slipped

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["FTE_TOTALS", "PlanResult", "ProposalRow", "evaluate_plan"]

_ZERO = Money(0)


@dataclass(frozen=True)
class ProposalRow:
    """One proposal of the plan over the plan's years: its MTFP line, face value and risk-weighted.

    ``incremental`` is the MTFP line (``net_saving_incremental``) as planned; with slippage asked for,
    ``slipped_incremental`` is the same line with the proposal's savings N months later (else equal).
    """

    index: int
    name: str
    reference: str
    directorate: str
    service: str
    counted: bool
    alternatives: str | None
    rag: Rag | None
    weight: Decimal
    incremental: tuple[Money, ...]
    weighted_incremental: tuple[Money, ...]
    slip_months: int
    slipped_incremental: tuple[Money, ...]
    slip_cost_per_month: Money
    one_off_costs: tuple[Money, ...]
    one_off_funding: tuple[Mapping[str, Money], ...]
    one_off_income: tuple[Money, ...]
    #: Capital spend by year (this body's share): never part of the MTFP line, which is revenue.
    capital_spend: tuple[Money, ...]
    fte_released: tuple[Decimal, ...]
    fte_created: tuple[Decimal, ...]
    fte_change: tuple[Decimal, ...]
    claims: int
    claims_not_holding: int
    check_warnings: int
    evaluation: Evaluation = field(repr=False, compare=False)
    #: Statutory redundancy pay for the filled posts released, when the entry names posts on the list.
    redundancy: Redundancy | None = None

    @property
    def cumulative(self) -> tuple[Money, ...]:
        return _running(self.incremental)

    @property
    def weighted_cumulative(self) -> tuple[Money, ...]:
        return _running(self.weighted_incremental)

    @property
    def slipped_cumulative(self) -> tuple[Money, ...]:
        return _running(self.slipped_incremental)


def _running(values: Sequence[Money]) -> tuple[Money, ...]:
    total, out = _ZERO, []
    for value in values:
        total += value
        out.append(total)
    return tuple(out)


def _sum(rows: Sequence[Sequence[Money]], width: int) -> tuple[Money, ...]:
    return tuple(sum((row[i] for row in rows), _ZERO) for i in range(width))


@dataclass(frozen=True)
class PlanResult:
    """The plan evaluated: a row per proposal (counted or not), the totals of those counted, the findings."""

    plan: Plan
    years: tuple[FinancialYear, ...]
    rows: tuple[ProposalRow, ...]
    findings: tuple[PlanFinding, ...]
    slip_months: int = 0

    @property
    def counted(self) -> tuple[ProposalRow, ...]:
        return tuple(row for row in self.rows if row.counted)

    def total_incremental(self, *, view: str = "face") -> tuple[Money, ...]:
        """The plan's MTFP line each year: the sum of the counted proposals' (``face``, ``weighted`` or ``slipped``)."""
        return _sum([_view(row, view) for row in self.counted], len(self.years))

    def total_cumulative(self, *, view: str = "face") -> tuple[Money, ...]:
        return _running(self.total_incremental(view=view))

    def targets(self) -> tuple[Money | None, ...]:
        """Each year's target as stated (incremental or cumulative, as the plan says), or None where none is stated."""
        stated = {target.year: target.amount for target in self.plan.file.targets}
        return tuple(stated.get(year) for year in self.years)

    def gap(self, *, view: str = "face") -> tuple[Money | None, ...]:
        """Target less plan each year, on the targets' own basis: positive is still to find, negative is over target."""
        cumulative = self.plan.file.target_basis is TargetBasis.CUMULATIVE
        plan = self.total_cumulative(view=view) if cumulative else self.total_incremental(view=view)
        return tuple(None if t is None else t - p for t, p in zip(self.targets(), plan, strict=True))

    def one_off_costs(self) -> tuple[Money, ...]:
        return _sum([row.one_off_costs for row in self.counted], len(self.years))

    def one_off_income(self) -> tuple[Money, ...]:
        return _sum([row.one_off_income for row in self.counted], len(self.years))

    def capital_spend(self) -> tuple[Money, ...]:
        """The counted proposals' capital spend each year: the capital programme, apart from the revenue lines."""
        return _sum([row.capital_spend for row in self.counted], len(self.years))

    def one_off_funding(self) -> tuple[dict[str, Money], ...]:
        """Each year's one-off costs by where they are funded from (revenue, reserve, invest_to_save, ...)."""
        years: list[dict[str, Money]] = []
        for i in range(len(self.years)):
            found: dict[str, Money] = {}
            for row in self.counted:
                for route, amount in row.one_off_funding[i].items():
                    found[route] = found.get(route, _ZERO) + amount
            years.append(found)
        return tuple(years)

    def fte(self, which: str) -> tuple[Decimal, ...]:
        """``fte_released``, ``fte_created`` or ``fte_change`` each year, over the counted proposals."""
        per_row = [getattr(row, which) for row in self.counted]
        return tuple(sum((r[i] for r in per_row), Decimal(0)) for i in range(len(self.years)))

    def by_directorate(self, *, view: str = "face") -> dict[str, tuple[Money, ...]]:
        """Each directorate's MTFP line (incremental), in the order the plan first names them."""
        found: dict[str, list[tuple[Money, ...]]] = {}
        for row in self.counted:
            found.setdefault(row.directorate, []).append(_view(row, view))
        return {name: _sum(rows, len(self.years)) for name, rows in found.items()}

    # ---- Frames (pandas, imported here) ------------------------------------------------------------------------

    def to_frame(self) -> pd.DataFrame:
        """A row per proposal and year: incremental, cumulative (face, weighted, slipped), FTE, one-offs, capital."""
        import pandas as pd

        records: list[dict[str, Any]] = []
        for row in self.rows:
            cumulative, weighted, slipped_cum = row.cumulative, row.weighted_cumulative, row.slipped_cumulative
            for i, year in enumerate(self.years):
                records.append(
                    {
                        "directorate": row.directorate,
                        "service": row.service,
                        "proposal": row.name,
                        "counted": row.counted,
                        "rag": None if row.rag is None else row.rag.value,
                        "weight": row.weight,
                        "year": str(year),
                        "incremental": _pounds(row.incremental[i]),
                        "cumulative": _pounds(cumulative[i]),
                        "weighted_incremental": _pounds(row.weighted_incremental[i]),
                        "weighted_cumulative": _pounds(weighted[i]),
                        "slipped_incremental": _pounds(row.slipped_incremental[i]),
                        "slipped_cumulative": _pounds(slipped_cum[i]),
                        "one_off_costs": _pounds(row.one_off_costs[i]),
                        "one_off_income": _pounds(row.one_off_income[i]),
                        "capital_spend": _pounds(row.capital_spend[i]),
                        "fte_released": row.fte_released[i],
                        "fte_created": row.fte_created[i],
                        "fte_change": row.fte_change[i],
                    }
                )
        return pd.DataFrame.from_records(records)

    def totals_frame(self) -> pd.DataFrame:
        """A row per year: the plan's incremental and cumulative, target and gap, risk-weighted, slipped, FTE."""
        import pandas as pd

        columns: dict[str, Sequence[Any]] = {
            "year": [str(y) for y in self.years],
            **{name: _amounts(values) for name, values in self.money_totals().items()},
            **{name: self.fte(name) for name in FTE_TOTALS},
        }
        return pd.DataFrame(columns)

    def money_totals(self) -> dict[str, tuple[Money | None, ...]]:
        """The plan's money totals by year, each named as the frame's column and the JSON's key name it."""
        return {
            "incremental": self.total_incremental(),
            "cumulative": self.total_cumulative(),
            "target": self.targets(),
            "gap": self.gap(),
            "weighted_incremental": self.total_incremental(view="weighted"),
            "weighted_cumulative": self.total_cumulative(view="weighted"),
            "weighted_gap": self.gap(view="weighted"),
            "slipped_incremental": self.total_incremental(view="slipped"),
            "slipped_cumulative": self.total_cumulative(view="slipped"),
            "one_off_costs": self.one_off_costs(),
            "one_off_income": self.one_off_income(),
            "capital_spend": self.capital_spend(),
        }

    def directorates_frame(self) -> pd.DataFrame:
        """A row per directorate and year: its incremental and cumulative MTFP line."""
        import pandas as pd

        records = []
        for name, values in self.by_directorate().items():
            for year, inc, cum in zip(self.years, values, _running(values), strict=True):
                records.append(
                    {"directorate": name, "year": str(year), "incremental": _pounds(inc), "cumulative": _pounds(cum)}
                )
        return pd.DataFrame.from_records(records, columns=["directorate", "year", "incremental", "cumulative"])

    def findings_frame(self) -> pd.DataFrame:
        import pandas as pd

        records = [
            {"code": f.code, "severity": f.severity, "proposals": ", ".join(f.proposals), "message": f.message}
            for f in self.findings
        ]
        return pd.DataFrame.from_records(records, columns=["code", "severity", "proposals", "message"])


_PENNY = Decimal("0.01")


def _pounds(value: Money) -> Decimal:
    """Pounds to two places in every frame: the figures are whole pence already, so this never rounds."""
    return value.amount.quantize(_PENNY)


#: The plan's FTE totals by year, as :meth:`PlanResult.fte` names them.
FTE_TOTALS: Final = ("fte_released", "fte_created", "fte_change")


def _amounts(values: Sequence[Money | None]) -> list[Decimal | None]:
    return [None if v is None else _pounds(v) for v in values]


def _view(row: ProposalRow, view: str) -> tuple[Money, ...]:
    if view == "face":
        return row.incremental
    if view == "weighted":
        return row.weighted_incremental
    if view == "slipped":
        return row.slipped_incremental
    raise ValueError(f"expected the view 'face', 'weighted' or 'slipped', found {view!r}")


# ---- Evaluating ------------------------------------------------------------------------------------------------


def evaluate_plan(plan: Plan, *, slip_months: int = 0, slip: Sequence[str] | None = None) -> PlanResult:
    """Every proposal's MTFP line over the plan's years, risk-weighted, and slipped by ``slip_months``.

    ``slip`` names the proposals that slip (by name or reference); None slips them all.

    >>> from savingsmodel.files.plan import load_plan
    >>> result = evaluate_plan(load_plan("scenarios/plan-2016.toml"), slip_months=3, slip=["FRS-CONTROL-2"])
    >>> [str(m) for m in result.total_incremental(view="slipped")]
    ['£386,250', '£160,750', '£0', '£0']
    >>> result.totals_frame()[["year", "incremental", "cumulative", "target", "gap"]]  # doctest: +NORMALIZE_WHITESPACE
          year incremental cumulative     target        gap
    0  2016/17   412500.00  412500.00  450000.00   37500.00
    1  2017/18   134500.00  547000.00  150000.00   15500.00
    2  2018/19        0.00  547000.00  100000.00  100000.00
    3  2019/20        0.00  547000.00       None       None
    """
    if slip_months < 0:
        raise ValueError(f"expected months of slippage of zero or more, found {slip_months}")
    years = plan.file.years
    names = {plan.name_of(i) for i in range(len(plan.proposals))} | {p.reference for p in plan.proposals}
    unknown = [name for name in slip or () if name not in names]
    if unknown:
        from savingsmodel.core.errors import InputError, did_you_mean

        raise InputError.one(
            "slip", f"unknown proposal {unknown[0]!r}{did_you_mean(unknown[0], sorted(names))}", code="unknown_proposal"
        )
    applied = tuple(_with_posts(plan, entry, proposal) for entry, proposal, _source in plan.entries)
    rows = []
    for index, entry in enumerate(plan.file.proposals):
        proposal = applied[index]
        months = slip_months if slip is None or plan.name_of(index) in slip or proposal.reference in slip else 0
        row = _row(plan, index, entry, proposal, years, months)
        if entry.posts and plan.establishment is not None:
            row = replace(row, redundancy=redundancy_of(proposal, entry.posts, plan.establishment))
        rows.append(row)
    return PlanResult(plan, years, tuple(rows), tuple(double_counting(plan, applied)), slip_months)


def _with_posts(plan: Plan, entry: PlanEntry, proposal: Proposal) -> Proposal:
    """The proposal with the lines the entry names posts for priced from the establishment list."""
    costing = plan.file.establishment_list
    if not entry.posts or plan.establishment is None or costing is None:
        return proposal
    return with_posts(proposal, entry.posts, plan.establishment, costing)


def over_plan_years(proposal: Proposal, years: Sequence[FinancialYear]) -> Proposal:
    """The proposal evaluated far enough to reach the plan's last year (its own horizon kept if longer)."""
    needed = years[-1] - proposal.start_year + 1
    if needed > proposal.horizon:
        return proposal.with_changes(horizon=min(needed, 30))
    return proposal


def mtfp_line(evaluation: Evaluation, years: Sequence[FinancialYear]) -> tuple[Money, ...]:
    """The proposal's ``net_saving_incremental`` in each plan year; nothing in a year outside its horizon."""
    own = {y.year: y.net_saving_incremental for y in evaluation.years}
    return tuple(own.get(year, _ZERO) for year in years)


def _row(
    plan: Plan, index: int, entry: PlanEntry, proposal: Proposal, years: tuple[FinancialYear, ...], months: int
) -> ProposalRow:
    over_years = over_plan_years(proposal, years)
    evaluation = evaluate(over_years)
    incremental = mtfp_line(evaluation, years)
    weight = _weight(plan, entry)
    weighted = _weighted(incremental, weight)
    first_day = years[0].start
    if months:
        slipped_line = mtfp_line(
            evaluate(over_plan_years(slipped(proposal, months, not_before=first_day), years)), years
        )
    else:
        slipped_line = incremental
    one_month = mtfp_line(evaluate(over_plan_years(slipped(proposal, 1, not_before=first_day), years)), years)
    # The cost of a month's slippage: the saving lost over the plan's years (the sum of the annual effects).
    lost = sum(_running(incremental), _ZERO) - sum(_running(one_month), _ZERO)
    own = {y.year: y for y in evaluation.years}
    zero = Decimal(0)
    findings = reconcile(evaluation)
    capital = programme(over_years)
    return ProposalRow(
        index=index,
        name=plan.name_of(index),
        reference=proposal.reference,
        directorate=entry.directorate,
        service=entry.service,
        counted=entry.counted,
        alternatives=entry.alternatives,
        rag=entry.rag,
        weight=weight,
        incremental=incremental,
        weighted_incremental=weighted,
        slip_months=months,
        slipped_incremental=slipped_line,
        slip_cost_per_month=lost,
        one_off_costs=tuple(own[y].one_off_costs if y in own else _ZERO for y in years),
        one_off_funding=tuple(evaluation.one_off_funding(y) if y in own else {} for y in years),
        one_off_income=tuple(own[y].one_off_income if y in own else _ZERO for y in years),
        capital_spend=tuple(sum((c.amount for c in capital if c.year == y), _ZERO) for y in years),
        fte_released=tuple(own[y].fte_released if y in own else zero for y in years),
        fte_created=tuple(own[y].fte_created if y in own else zero for y in years),
        fte_change=tuple(own[y].fte_change_total if y in own else zero for y in years),
        claims=len(findings),
        claims_not_holding=sum(1 for f in findings if f.status is not Status.HOLDS),
        check_warnings=sum(1 for f in run_checks(evaluation) if f.is_warning),
        evaluation=evaluation,
    )


def _weight(plan: Plan, entry: PlanEntry) -> Decimal:
    """The share counted in the risk-weighted view: the stated confidence, else the rating's weight, else all."""
    if entry.confidence is not None:
        return entry.confidence
    if entry.rag is not None:
        return plan.file.risk_weights.of(entry.rag)
    return Decimal(1)


def _weighted(incremental: Sequence[Money], weight: Decimal) -> tuple[Money, ...]:
    """The risk-weighted MTFP line: each year's cumulative saving times the weight, to the penny (half-up).

    Only a saving is weighted down; a year in which the proposal is a net cost counts it in full (a cost is
    not less likely because the saving is at risk), so the risk-weighted value never exceeds the face value.
    The increments are the differences of the weighted cumulative figures, so they add up to it.
    """
    ratio = Fraction(weight)
    weighted_cumulative = [
        c.scaled(ratio, Unit.PENCE, RoundingMode.HALF_UP) if c > _ZERO else c for c in _running(incremental)
    ]
    previous, out = _ZERO, []
    for value in weighted_cumulative:
        out.append(value - previous)
        previous = value
    return tuple(out)
