"""Findings for a reader: how many claims hold, where a claim is written, and each finding
with what its claim states, so that its amounts are written as money or as a count.

>>> from savingsmodel.engine.evaluation import evaluate
>>> from savingsmodel.examples import scs4_1_revised
>>> from savingsmodel.checks.reconcile import reconcile
>>> result = evaluate(scs4_1_revised())
>>> findings = reconcile(result)
>>> str(summarise(findings))
'8 claims, 7 hold, 1 misses, 1 conflict, 0 cannot be checked'
>>> {k: v for k, v in finding_data(findings[6], result.proposal).items() if k in ("stated", "computed", "path")}
{'stated': '4', 'computed': '8', 'path': 'claims[6]'}
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from savingsmodel.checks.reconcile import Finding, Status
from savingsmodel.outputs.units import count, plain_decimal

if TYPE_CHECKING:
    from savingsmodel.model.proposal import Proposal

__all__ = ["FindingRow", "Summary", "claim_path", "finding_data", "summarise"]


@dataclass(frozen=True, slots=True)
class Summary:
    """How many claims were checked and how they came out; conflicts are counted apart (pairs of claims)."""

    claims: int = 0
    holds: int = 0
    misses: int = 0
    conflicts: int = 0
    cannot_check: int = 0

    def __add__(self, other: Summary) -> Summary:
        return Summary(
            self.claims + other.claims,
            self.holds + other.holds,
            self.misses + other.misses,
            self.conflicts + other.conflicts,
            self.cannot_check + other.cannot_check,
        )

    @property
    def all_hold(self) -> bool:
        """Every claim holds: none misses, conflicts, or goes unchecked."""
        return self.misses == 0 and self.conflicts == 0 and self.cannot_check == 0

    def as_dict(self) -> dict[str, int]:
        return {
            "claims": self.claims,
            "holds": self.holds,
            "misses": self.misses,
            "conflicts": self.conflicts,
            "cannot_check": self.cannot_check,
        }

    def __str__(self) -> str:
        def n(number: int, one: str, many: str) -> str:
            return f"{number} {one if number == 1 else many}"

        return ", ".join(
            [
                n(self.claims, "claim", "claims"),
                n(self.holds, "holds", "hold"),
                n(self.misses, "misses", "miss"),
                n(self.conflicts, "conflict", "conflicts"),
                f"{self.cannot_check} cannot be checked",
            ]
        )


def summarise(findings: Iterable[Finding]) -> Summary:
    """Count the findings by status; every finding but a conflict is one claim (or one year of a series)."""
    found = list(findings)
    claims = sum(1 for f in found if f.status is not Status.CONFLICT)

    def with_status(status: Status) -> int:
        return sum(1 for f in found if f.status is status)

    return Summary(
        claims,
        with_status(Status.HOLDS),
        with_status(Status.MISSES),
        with_status(Status.CONFLICT),
        with_status(Status.CANNOT_CHECK),
    )


def claim_path(finding: Finding) -> str | None:
    """Where the finding's claim is written: ``claims[3]``, ``series[0]`` (a year of a series), or ``payback``."""
    if finding.claims:
        return f"claims[{finding.claims[0]}]"
    if finding.payback:
        return "payback"
    if finding.unit_cost is not None:
        return f"unit_cost_claims[{finding.unit_cost}]"
    return None if finding.series is None else f"series[{finding.series}]"


@dataclass(frozen=True, slots=True)
class FindingRow:
    """A finding beside what its claim states: the figure, grade and basis, and whether its amounts are money.

    ``str()`` is the line a report prints: ``holds: gross_saving 2016/17 (para 11)``.
    """

    finding: Finding
    figure: str
    grade: str | None = None
    basis: str | None = None
    is_money: bool = True

    @classmethod
    def of(cls, finding: Finding, proposal: Proposal) -> FindingRow:
        """Look the finding's claim (or claimed series) up in the proposal it was made from."""
        if finding.claims and finding.claims[0] < len(proposal.claims):
            claim = proposal.claims[finding.claims[0]]
            return cls(finding, claim.figure.value, claim.grade, claim.basis.value, claim.figure.is_money)
        if finding.series is not None and finding.series < len(proposal.series):
            stated = proposal.series[finding.series]
            return cls(finding, stated.figure.value, None, stated.basis.value, stated.figure.is_money)
        if finding.payback and proposal.payback is not None:
            return cls(finding, "payback", None, proposal.payback.measure.value, is_money=False)
        if finding.unit_cost is not None and finding.unit_cost < len(proposal.unit_cost_claims):
            return cls(finding, "unit_cost", proposal.unit_cost_claims[finding.unit_cost].grade)
        # A claim the proposal no longer holds: its description stands in for the figure.
        return cls(finding, finding.claim)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready values: money as ``"360000.00"``, FTE as ``"-11"``."""
        f = self.finding
        return {
            "kind": "claim",
            "claim": self.figure,
            "grade": self.grade,
            "basis": self.basis,
            "description": f.claim,
            "year": None if f.year is None else str(f.year),
            "stated": self._quantity(f.stated),
            "computed": self._quantity(f.computed),
            "difference": self._quantity(f.difference),
            "difference_percent": None if f.difference_percent is None else f"{f.difference_percent}",
            "status": f.status.value,
            "source": f.source,
            "claims": list(f.claims),
            "path": claim_path(f),
            "message": f.message,
        }

    def _quantity(self, value: Decimal | None) -> str | None:
        if value is None:
            return None
        return plain_decimal(value) if self.is_money else count(value)

    def __str__(self) -> str:
        return str(self.finding)


def finding_data(finding: Finding, proposal: Proposal) -> dict[str, Any]:
    """One finding as JSON-ready values: money as ``"360000.00"``, FTE as ``"-11"``."""
    return FindingRow.of(finding, proposal).as_dict()
