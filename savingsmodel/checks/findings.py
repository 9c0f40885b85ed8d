"""What the checks report: a finding with a stable code and a severity, and a list of findings as a table.

Kept apart from the checks, so that every family of checks (one module each)
reports in the same shape, and the outputs read findings without loading the checks.
:class:`Findings` is what :func:`~savingsmodel.checks.reconcile.reconcile` and
:func:`~savingsmodel.checks.registry.run_checks` return: a list, shown in a notebook
as a table, and :func:`findings_frame` puts the verdicts on claims and the officer
checks in one frame (a ``kind`` column tells them apart):

>>> from savingsmodel import evaluate, reconcile, run_checks
>>> from savingsmodel.examples import scs4_1_revised
>>> result = evaluate(scs4_1_revised())
>>> frame = findings_frame([*reconcile(result), *run_checks(result)])
>>> frame["kind"].value_counts().to_dict()
{'claim': 9, 'check': 4}
>>> frame.loc[0, ["status", "subject", "claim"]].tolist(), frame["difference"].abs().max()
(['holds', 'claims[0]', 'gross_saving 2016/17'], np.float64(4.0))
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from savingsmodel.core.html import table
from savingsmodel.core.text import one_line

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["COLUMNS", "CheckFinding", "Findings", "Severity", "findings_frame"]

#: The columns of :func:`findings_frame`, for claims and checks alike (a check has no figures, a claim no code).
COLUMNS = (
    "kind",
    "status",
    "severity",
    "code",
    "subject",
    "claim",
    "year",
    "stated",
    "computed",
    "difference",
    "difference_percent",
    "source",
    "acknowledged",
    "message",
)
_NUMBERS = ("stated", "computed", "difference", "difference_percent")


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
        """An unacknowledged warning: the kind that makes ``savingsmodel check`` fail.

        >>> CheckFinding("ROTA-SHORT", Severity.WARNING, "...", "rotas[0]").is_warning
        True
        >>> CheckFinding("ROTA-SHORT", Severity.WARNING, "...", "rotas[0]", acknowledged="agreed").is_warning
        False
        """
        return self.severity is Severity.WARNING and self.acknowledged is None

    def as_dict(self) -> dict[str, str | None]:
        """For JSON output: ``kind`` is always ``"check"``.

        >>> CheckFinding("ROTA-COVER", Severity.INFO, "covered", "rotas[0]").as_dict()["kind"]
        'check'
        """
        return {
            "kind": "check",
            "code": self.code,
            "severity": self.severity.value,
            "subject": self.subject,
            "message": self.message,
            "acknowledged": self.acknowledged,
        }

    def row(self) -> dict[str, Any]:
        """As a row of :func:`findings_frame`.

        >>> CheckFinding("ROTA-COVER", Severity.INFO, "covered", "rotas[0]").row()["severity"]
        'info'
        """
        return {
            "kind": "check",
            "severity": self.severity.value,
            "code": self.code,
            "subject": self.subject,
            "acknowledged": self.acknowledged,
            "message": self.message,
        }

    def __str__(self) -> str:
        text = f"{self.severity.value} {self.code}: {self.message}"
        # One inert line: an acknowledgement's reason may run over lines, and text may hold anything.
        return one_line(text if self.acknowledged is None else f"{text} [acknowledged: {self.acknowledged}]")

    def __repr__(self) -> str:
        return f"CheckFinding({str(self)!r}, subject={self.subject!r})"

    def _repr_html_(self) -> str:
        return Findings([self])._repr_html_()


class _Row(Protocol):
    """A finding of either kind: a verdict on a claim, or an officer check's point."""

    def row(self) -> dict[str, Any]: ...


F = TypeVar("F", bound=_Row)


class Findings(list[F]):
    """Findings in the order they were made: a list, shown in a notebook as a table.

    >>> from savingsmodel import evaluate, reconcile
    >>> from savingsmodel.examples import scs4_1_revised
    >>> findings = reconcile(evaluate(scs4_1_revised()))
    >>> findings[0].status.value, len(findings.to_frame())
    ('holds', 9)
    """

    def to_frame(self, *, exact: bool = False) -> pd.DataFrame:
        """These findings as :func:`findings_frame` makes them.

        >>> Findings([CheckFinding("ROTA-COVER", Severity.INFO, "covered", "rotas[0]")]).to_frame()["code"].tolist()
        ['ROTA-COVER']
        """
        return findings_frame(self, exact=exact)

    def _repr_html_(self) -> str:
        rows = []
        for finding in self:
            row = finding.row()
            verdict = row.get("status") or row.get("severity") or ""
            code = row.get("code") or ""
            said = row["message"] + (f" [acknowledged: {row['acknowledged']}]" if row.get("acknowledged") else "")
            rows.append([verdict, code, row.get("subject") or "", said])
        return table(["", "code", "where", "finding"], rows or [["", "", "", "no findings"]])


def findings_frame(findings: Iterable[_Row], *, exact: bool = False) -> pd.DataFrame:
    """Findings on claims and officer checks alike, a row each, in one frame.

    ``kind`` is ``claim`` (a verdict: ``status`` holds, misses, conflict or
    cannot_check, with ``stated``, ``computed`` and ``difference``) or ``check``
    (an officer check: ``severity`` and ``code``); ``subject`` is where it is
    written (``claims[0]``, ``lines[2]``). Figures are floats, or with
    ``exact=True`` Decimals.

    >>> from savingsmodel import evaluate, reconcile
    >>> from savingsmodel.examples import scs4_1_revised
    >>> findings_frame(reconcile(evaluate(scs4_1_revised())))["status"].value_counts().to_dict()
    {'holds': 7, 'misses': 1, 'conflict': 1}
    """
    import pandas as pd

    rows = []
    for finding in findings:
        row = dict.fromkeys(COLUMNS)
        row.update(finding.row())
        if not exact:
            for name in _NUMBERS:
                value = row[name]
                row[name] = float(value) if isinstance(value, Decimal) else value
        rows.append(row)
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    if not exact:
        frame[list(_NUMBERS)] = frame[list(_NUMBERS)].astype(float)
    return frame
