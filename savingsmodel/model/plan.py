"""The MTFP plan as a user states it: many proposals against the budget gap, over the plan's years.

A plan file lists proposal files (paths relative to the plan) and proposals written inline, each
placed in a directorate and a service, with a delivery rating; the savings target (or budget gap)
for each year; and alternatives, versions of one proposal of which only one counts. This module holds
what is stated, validated, and nothing of the arithmetic (that is :mod:`savingsmodel.plan`).

>>> entry = PlanEntry(file="scs4-1-revised.toml", directorate="Fire and Rescue", rag="green")
>>> entry.rag, entry.counted
(<Rag.GREEN: 'green'>, True)
>>> str(PlanFile(name="MTFP", start_year="2016/17", proposals=[entry]).years[-1])
'2019/20'
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any, Final, Self

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from savingsmodel.core.errors import Problem
from savingsmodel.core.fields import FTE, Amount, DateIn, In, MoneyIn, NumberIn, Rate, Value, YearIn
from savingsmodel.core.money import Money
from savingsmodel.core.years import FinancialYear
from savingsmodel.model.establishment import Establishment, EstablishmentList, PostSelection
from savingsmodel.model.proposal import Proposal

__all__ = [
    "DEFAULT_RISK_WEIGHTS",
    "Approved",
    "EstablishmentTotal",
    "Monitoring",
    "Plan",
    "PlanEntry",
    "PlanFile",
    "Rag",
    "RiskWeights",
    "Target",
    "TargetBasis",
]


class Rag(StrEnum):
    """A proposal's delivery rating: red (at risk), amber (some risk), green (on track)."""

    RED = "red"
    AMBER = "amber"
    GREEN = "green"


class TargetBasis(StrEnum):
    """How the plan's targets are stated: each year's new savings needed, or the running total."""

    #: The savings each year must add (the year's budget gap): compared with the plan's incremental figure.
    INCREMENTAL = "incremental"
    #: The total savings needed by each year: compared with the plan's cumulative figure.
    CUMULATIVE = "cumulative"


#: The share of a proposal's saving counted in the risk-weighted view, by rating. A common convention
#: (green in full, amber half, red nothing); a plan file states its own in ``[risk_weights]``.
DEFAULT_RISK_WEIGHTS: Final[Mapping[Rag, Decimal]] = {
    Rag.GREEN: Decimal(1),
    Rag.AMBER: Decimal("0.5"),
    Rag.RED: Decimal(0),
}


class RiskWeights(Value):
    """The share of a saving counted in the risk-weighted view for each rating (0% to 100%)."""

    green: In[Rate, NumberIn] = Field(default=DEFAULT_RISK_WEIGHTS[Rag.GREEN])
    amber: In[Rate, NumberIn] = Field(default=DEFAULT_RISK_WEIGHTS[Rag.AMBER])
    red: In[Rate, NumberIn] = Field(default=DEFAULT_RISK_WEIGHTS[Rag.RED])

    def of(self, rag: Rag) -> Decimal:
        """The weight of a rating.

        >>> RiskWeights(amber="60%").of(Rag.AMBER)
        Decimal('0.60')
        """
        return {Rag.GREEN: self.green, Rag.AMBER: self.amber, Rag.RED: self.red}[rag]


class Target(Value):
    """The savings target (or budget gap to close) for one year of the plan."""

    year: In[FinancialYear, YearIn]
    amount: In[Money, MoneyIn]
    source: str = ""
    note: str = ""


class EstablishmentTotal(Value):
    """The FTE a grade holds on the establishment before the plan: the most its proposals may release."""

    grade: str = Field(min_length=1)
    fte: In[FTE, NumberIn]
    source: str = ""


class Approved(Value):
    """The saving the approved MTFP carries for a proposal in one year (its incremental line, as approved)."""

    year: In[FinancialYear, YearIn]
    amount: In[Money, MoneyIn]
    source: str = ""


class Monitoring(Value):
    """One monitoring return for a proposal's saving in one year, as reported on a date.

    ``forecast`` is the saving now expected in the year, ``delivered`` what has been delivered to the
    date; ``written_off`` is the part of the approved saving given up for good, ``replacement`` the
    savings found to replace it. The latest return on or before a date is the position on that date.
    """

    on: In[date, DateIn]
    year: In[FinancialYear, YearIn]
    forecast: In[Money | None, MoneyIn | None] = Field(default=None)
    delivered: In[Money | None, MoneyIn | None] = Field(default=None)
    written_off: In[Amount, MoneyIn] = Field(default=Money(0))
    replacement: In[Amount, MoneyIn] = Field(default=Money(0))
    note: str = ""


class PlanEntry(Value):
    """One proposal in the plan: a file (relative to the plan) or a proposal written inline, and where it sits.

    ``confidence`` (0% to 100%) is the share of its saving counted in the risk-weighted view; without one,
    the weight of its ``rag`` rating is used (a proposal with neither counts in full). ``alternatives``
    names a group of versions of one proposal (the original and the revised): ``counted`` says which one
    counts, and exactly one of a group must.
    """

    file: str | None = Field(default=None, min_length=1)
    proposal: In[Proposal | None, Proposal | Mapping[str, Any] | None] = Field(default=None)
    name: str | None = Field(default=None, min_length=1, description="default: the proposal's reference")
    directorate: str = Field(min_length=1)
    service: str = ""
    rag: In[Rag | None, Rag | str | None] = Field(default=None)
    confidence: In[Rate | None, NumberIn | None] = Field(default=None)
    alternatives: str | None = Field(default=None, min_length=1)
    counted: bool = True
    variant: str | None = Field(default=None, min_length=1, description="the proposal's variant to count")
    posts: In[tuple[PostSelection, ...], Sequence[PostSelection | Mapping[str, Any]]] = Field(default=())
    approved: In[tuple[Approved, ...], Sequence[Approved | Mapping[str, Any]]] = Field(default=())
    monitoring: In[tuple[Monitoring, ...], Sequence[Monitoring | Mapping[str, Any]]] = Field(default=())
    note: str = ""

    @classmethod
    def cross_problems(cls, data: object) -> Iterator[Problem]:
        """A file or an inline proposal, exactly one of them."""
        if not isinstance(data, Mapping):
            return
        has_file, has_inline = data.get("file") is not None, data.get("proposal") is not None
        if has_file and has_inline:
            yield Problem("proposal", "expected a file or an inline proposal, found both", code="both")
        elif not has_file and not has_inline:
            message = "expected a file (a path relative to the plan) or a proposal table, found neither"
            yield Problem("file", message, code="missing")

    @model_validator(mode="after")
    def _one_source(self) -> Self:
        _raise_cross(self.cross_problems({"file": self.file, "proposal": self.proposal}))
        return self


class PlanFile(Value):
    """A plan as written in its file: the proposals are still paths where they are files."""

    name: str = Field(min_length=1)
    body: str = ""
    start_year: In[FinancialYear, YearIn]
    horizon: int = Field(default=4, ge=1, le=30, description="financial years in the plan")
    target_basis: In[TargetBasis, TargetBasis | str] = Field(default=TargetBasis.INCREMENTAL)
    targets: In[tuple[Target, ...], Sequence[Target | Mapping[str, Any]]] = Field(default=())
    risk_weights: In[RiskWeights, RiskWeights | Mapping[str, Any]] = Field(default_factory=RiskWeights)
    establishment: In[tuple[EstablishmentTotal, ...], Sequence[EstablishmentTotal | Mapping[str, Any]]] = Field(
        default=()
    )
    establishment_list: In[EstablishmentList | None, EstablishmentList | Mapping[str, Any] | None] = Field(
        default=None, description="the establishment list (CSV or Excel) the plan rests on, and its mapping"
    )
    proposals: In[tuple[PlanEntry, ...], Sequence[PlanEntry | Mapping[str, Any]]]

    @property
    def years(self) -> tuple[FinancialYear, ...]:
        return self.start_year.range(self.horizon)

    @classmethod
    def cross_problems(cls, data: object) -> Iterator[Problem]:
        """Targets inside the plan's years and once a year; alternatives with exactly one counted."""
        if not isinstance(data, Mapping):
            return
        yield from _target_problems(data)
        entries = data.get("proposals")
        if isinstance(entries, Sequence) and not isinstance(entries, str) and not entries:
            yield Problem("proposals", "expected at least one proposal, found none", code="missing")
        yield from _alternative_problems(entries)

    @model_validator(mode="after")
    def _cross_references_hold(self) -> Self:
        stated = {"start_year": self.start_year, "horizon": self.horizon, "targets": self.targets}
        _raise_cross(self.cross_problems({**stated, "proposals": self.proposals}))
        return self


def _raise_cross(problems: Iterator[Problem]) -> None:
    found = list(problems)
    if found:
        raise PydanticCustomError("cross", "{count} problems", {"count": len(found), "problems": found})


def _target_problems(data: Mapping[str, Any]) -> Iterator[Problem]:
    start, horizon = _year(data.get("start_year")), data.get("horizon", 4)
    if start is None or not isinstance(horizon, int):
        return  # the field's own error says what is wrong
    years = start.range(horizon) if 1 <= horizon <= 30 else ()
    yield from _entry_year_problems(data.get("proposals"), years)
    seen: dict[str, int] = {}
    targets = data.get("targets")
    if not isinstance(targets, Sequence) or isinstance(targets, str) or not years:
        return
    for index, target in enumerate(targets):
        raw = target.year if isinstance(target, Target) else target.get("year") if isinstance(target, Mapping) else None
        year = _year(raw)
        if year is None:
            continue  # the field's own validation reports it
        if year not in years:
            shown = f"{years[0]} to {years[-1]}"
            yield Problem(
                f"targets[{index}].year", f"expected a year of the plan ({shown}), found {year}", code="outside_horizon"
            )
        elif str(year) in seen:
            yield Problem(
                f"targets[{index}].year",
                f"expected one target a year, found {year} again (first at targets[{seen[str(year)]}])",
                code="duplicate",
            )
        else:
            seen[str(year)] = index


def _entry_year_problems(entries: object, years: tuple[FinancialYear, ...]) -> Iterator[Problem]:
    """Approved figures and monitoring returns in the plan's years; one approved figure a year."""
    if not isinstance(entries, Sequence) or isinstance(entries, str) or not years:
        return
    shown = f"{years[0]} to {years[-1]}"
    for index, entry in enumerate(entries):
        for field in ("approved", "monitoring"):
            items = getattr(entry, field, None) if isinstance(entry, PlanEntry) else None
            if items is None and isinstance(entry, Mapping):
                items = entry.get(field)
            if not isinstance(items, Sequence) or isinstance(items, str):
                continue
            approved: dict[str, int] = {}
            for position, item in enumerate(items):
                raw = getattr(item, "year", None) if isinstance(item, Value) else None
                if raw is None and isinstance(item, Mapping):
                    raw = item.get("year")
                year = _year(raw)
                at = f"proposals[{index}].{field}[{position}].year"
                if year is None:
                    continue
                if year not in years:
                    yield Problem(at, f"expected a year of the plan ({shown}), found {year}", code="outside_horizon")
                elif field == "approved" and str(year) in approved:
                    first = approved[str(year)]
                    message = f"expected one approved figure a year, found {year} again (first at approved[{first}])"
                    yield Problem(at, message, code="duplicate")
                else:
                    approved.setdefault(str(year), position)


def _year(value: object) -> FinancialYear | None:
    if isinstance(value, FinancialYear):
        return value
    if isinstance(value, str):
        try:
            return FinancialYear.parse(value)
        except ValueError:
            return None
    return None


def _alternative_problems(entries: object) -> Iterator[Problem]:
    if not isinstance(entries, Sequence) or isinstance(entries, str):
        return
    groups: dict[str, list[tuple[int, bool]]] = defaultdict(list)
    for index, entry in enumerate(entries):
        if isinstance(entry, PlanEntry):
            group, counted = entry.alternatives, entry.counted
        elif isinstance(entry, Mapping):
            group, counted = entry.get("alternatives"), entry.get("counted", True)
        else:
            continue
        if isinstance(group, str):
            groups[group].append((index, counted is True))
    for group, members in groups.items():
        chosen = [index for index, yes in members if yes]
        if len(chosen) != 1:
            listed = ", ".join(f"proposals[{i}]" for i, _ in members)
            found = "none" if not chosen else f"{len(chosen)} ({', '.join(f'proposals[{i}]' for i in chosen)})"
            at = chosen[1] if len(chosen) > 1 else members[0][0]
            yield Problem(
                f"proposals[{at}].counted",
                f"expected exactly one of the alternatives {group!r} ({listed}) counted, found {found}",
                code="alternatives",
                name=group,
            )


@dataclass(frozen=True)
class Plan:
    """A plan with every proposal read: what :func:`savingsmodel.plan.evaluate_plan` takes.

    ``entries`` pairs each stated entry with its proposal (its variant applied) and where it was read from.
    """

    file: PlanFile
    proposals: tuple[Proposal, ...]
    sources: tuple[str, ...]
    source: str = ""
    #: The establishment list's posts, when the plan rests on one.
    establishment: Establishment | None = None

    def __post_init__(self) -> None:
        if not (len(self.proposals) == len(self.sources) == len(self.file.proposals)):
            raise ValueError("expected a proposal and a source for each entry of the plan")

    @property
    def entries(self) -> tuple[tuple[PlanEntry, Proposal, str], ...]:
        return tuple(zip(self.file.proposals, self.proposals, self.sources, strict=True))

    def name_of(self, index: int) -> str:
        """The entry's name in every table: its own, or its proposal's reference."""
        return self.file.proposals[index].name or self.proposals[index].reference

    def counted(self) -> tuple[int, ...]:
        """The indices of the entries that count (every alternative but the chosen one is left out)."""
        return tuple(i for i, entry in enumerate(self.file.proposals) if entry.counted)
