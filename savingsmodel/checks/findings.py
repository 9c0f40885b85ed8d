"""What the officer checks report: a finding with a stable code and a severity.

Kept apart from the checks, so that every family of checks (one module each)
reports in the same shape, and the outputs read findings without loading the checks.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from savingsmodel.core.text import one_line

__all__ = ["CheckFinding", "Severity"]


class Severity(StrEnum):
    """How much a finding matters: a warning asks for action, an info records a point."""

    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class CheckFinding:
    """One point a check makes about a proposal.

    ``subject`` is where it is written, as a path (``lines[2]``, ``counts[0]``,
    ``rotas[0]``, ``claims[4]``, ``grades[1]``); ``about`` the names it concerns
    (line, grade, rota), which an acknowledgement's ``target`` may name instead.
    """

    code: str
    severity: Severity
    message: str
    subject: str
    acknowledged: str | None = None
    about: tuple[str, ...] = ()

    @property
    def is_warning(self) -> bool:
        """An unacknowledged warning: the kind that makes ``savingsmodel check`` fail."""
        return self.severity is Severity.WARNING and self.acknowledged is None

    def as_dict(self) -> dict[str, str | None]:
        """For JSON output: ``kind`` is always ``"check"``."""
        return {
            "kind": "check",
            "code": self.code,
            "severity": self.severity.value,
            "subject": self.subject,
            "message": self.message,
            "acknowledged": self.acknowledged,
        }

    def __str__(self) -> str:
        text = f"{self.severity.value} {self.code}: {self.message}"
        # One inert line: an acknowledgement's reason may run over lines, and text may hold anything.
        return one_line(text if self.acknowledged is None else f"{text} [acknowledged: {self.acknowledged}]")
