"""The run report, what ``savingsmodel run`` prints: one view of the figures
(:mod:`savingsmodel.outputs.view`), rendered in the format asked for.

Figures in the table are in pounds (exact, pence shown when there are any) or
in £k, each figure rounded half-up to £1k on its own, as committee tables are.
When rounding makes a column no longer add up, the table says so. JSON and CSV
in pounds carry every figure as a decimal string with two places.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import TYPE_CHECKING

from savingsmodel.outputs import csv_format, json_format, markdown, text
from savingsmodel.outputs.units import Units
from savingsmodel.outputs.view import run_view

if TYPE_CHECKING:
    from savingsmodel.checks.findings import CheckFinding
    from savingsmodel.checks.reconcile import Finding
    from savingsmodel.engine.evaluation import Evaluation

__all__ = ["Format", "render_run"]


class Format(StrEnum):
    TABLE = "table"
    CSV = "csv"
    JSON = "json"
    MARKDOWN = "markdown"


def render_run(
    evaluation: Evaluation,
    findings: Sequence[Finding],
    fmt: Format | str = Format.TABLE,
    units: Units | str = Units.POUNDS,
    variant: str | None = None,
    checks: Sequence[CheckFinding] = (),
) -> str:
    """The output of ``savingsmodel run``: the figures by year, the period total apart, the findings, the checks."""
    fmt, units = Format(fmt), Units(units)
    view = run_view(evaluation, findings, checks, variant)
    if fmt is Format.JSON:
        return json_format.render(view)
    if fmt is Format.CSV:
        return csv_format.render(view, units)
    if fmt is Format.MARKDOWN:
        return markdown.render(view, units)
    return text.render(view, units)
