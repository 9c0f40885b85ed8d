"""The run report, what ``savingsmodel run`` prints: one view of the figures
(:mod:`savingsmodel.outputs.view`), rendered in the format asked for.

Figures in the table are in pounds (exact, pence shown when there are any, never
part pence) or in £000 as a committee table has them: the unit in the header,
negatives in brackets, nil as a dash, each year's column adding as printed
(largest remainder; see :mod:`savingsmodel.outputs.units`). When a total still
cannot add as printed, the table says so. ``sign="budget"`` shows savings
negative and costs positive. JSON and CSV in pounds carry every figure as a
decimal string with two places.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import TYPE_CHECKING

from savingsmodel.outputs import csv_format, json_format, markdown, text
from savingsmodel.outputs.units import Sign, Units
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
    sign: Sign | str = Sign.SAVINGS,
) -> str:
    """The output of ``savingsmodel run``: the figures by year, the period total apart, the findings, the checks.

    ``sign`` is the tables' sign convention (``budget``: savings negative); JSON and CSV keep the figures'
    own signs, as they are named.
    """
    fmt, units = Format(fmt), Units(units)
    view = run_view(evaluation, findings, checks, variant, sign)
    if fmt is Format.JSON:
        return json_format.render(view)
    if fmt is Format.CSV:
        return csv_format.render(view, units)
    if fmt is Format.MARKDOWN:
        return markdown.render(view, units)
    return text.render(view, units)
