"""The run report as a plain-text table for a terminal, and the grid it is laid out on
(which the comparison shares): labels on the left, each year's cells right-aligned.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from savingsmodel.core.text import one_line
from savingsmodel.outputs.units import ROUNDING_NOTE, SIGN_NOTE, THOUSANDS_HEADER, THOUSANDS_NOTE, Sign, Units

if TYPE_CHECKING:
    from savingsmodel.outputs.view import RunView

__all__ = ["grid", "render"]


def render(view: RunView, units: Units) -> str:
    """The table, the total and notes under it, the claims, and the officer checks when there are any."""
    rows = [(f"  {one_line(row.label)}" if row.part else row.label, cells) for row, cells in view.table(units)]
    out = [*view.heading, ""]
    if units is Units.THOUSANDS:
        out.append(THOUSANDS_NOTE)
    if view.sign is Sign.BUDGET:
        out.append(SIGN_NOTE)
    corner = THOUSANDS_HEADER if units is Units.THOUSANDS else ""
    out += grid([y.name for y in view.years], rows, corner=corner)
    out += ["", view.total_line(units), *view.notes(units)]
    if units is Units.THOUSANDS and view.rounding_breaks_sums:
        out.append(ROUNDING_NOTE)
    out += ["", f"{view.claims_heading}:" if view.findings else view.claims_heading]
    out += [f"  {f}" for f in view.findings]
    if view.checks:
        out += ["", "Officer checks (beyond the arithmetic):", *(f"  {c}" for c in view.checks)]
    return "\n".join(out) + "\n"


def grid(
    columns: Sequence[str], rows: Sequence[tuple[str, Sequence[str]]], indent: str = "", corner: str = ""
) -> list[str]:
    """A line of column headings (``corner`` over the labels: the unit), then a line per row; a row with no
    cells is a heading for those below it."""
    label_width = max([len(label) for label, _ in rows] + [len(corner)])
    widths = [max([len(columns[i])] + [len(cells[i]) for _, cells in rows if cells]) for i in range(len(columns))]

    def line(label: str, cells: Sequence[str]) -> str:
        shown = "  ".join(v.rjust(w) for v, w in zip(cells, widths, strict=True)) if cells else ""
        return f"{indent}{label.ljust(label_width)}  {shown}".rstrip()

    return [line(corner, columns), *(line(label, cells) for label, cells in rows)]
