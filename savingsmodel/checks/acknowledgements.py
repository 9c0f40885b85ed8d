"""Acknowledgements: findings the officer has looked at and accepted, and those that no longer match.

An :class:`~savingsmodel.model.statements.Acknowledgement` marks the findings
it matches with its reason, so that a point accepted once stops failing
``savingsmodel check``; one that matches nothing is reported, so that it does
not outlive the point it accepted.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Final

from savingsmodel.checks.findings import CheckFinding, Severity
from savingsmodel.checks.rules import Family, Reads, Rule
from savingsmodel.model.proposal import Proposal

__all__ = ["FAMILY", "acknowledge"]

_ACK_UNUSED: Final = Rule(
    "ACK-UNUSED",
    Severity.INFO,
    reads=(Reads.ACKNOWLEDGED, Reads.FINDINGS),
    summary="an acknowledgement still matches a finding",
    doc="""An acknowledgement that matches no finding: the point it accepted is gone, or its target is misspelt.

Reported after every other finding, once the acknowledgements are applied
(see [acknowledging a finding](#acknowledging-a-finding)).""",
)


def acknowledge(proposal: Proposal, found: Iterable[CheckFinding], rules: Mapping[str, Rule]) -> list[CheckFinding]:
    """Mark each finding an acknowledgement matches; add an ``ACK-UNUSED`` info for each that matches none.

    ``rules`` are the registered rules by code, whose summaries the ``ACK-UNUSED`` message quotes; they are
    passed in because the registry collects this module's declaration, so this module cannot import it.
    """
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
                f"or the target is misspelt ({rules[ack.code].summary}); remove it or correct the target",
                f"acknowledged[{index}]",
            )
        )
    return result


def _marked(finding: CheckFinding, reason: str) -> CheckFinding:
    return CheckFinding(finding.code, finding.severity, finding.message, finding.subject, reason, finding.about)


FAMILY: Final = Family("Acknowledgements", (), reported_after=(_ACK_UNUSED,))
