"""The run report as Markdown, for a paper or a pull request: the heading, a table with a
row per figure and a column per year, the notes, the claims and the officer checks.

User text (names, titles, sources, quoted words) is written through
:func:`~savingsmodel.outputs.escaping.markdown_text`, so that it is shown as written: no
link, image, HTML or code span can come from a scenario file.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from savingsmodel.outputs.escaping import markdown_text
from savingsmodel.outputs.units import ROUNDING_NOTE, SIGN_NOTE, THOUSANDS_HEADER, THOUSANDS_NOTE, Sign, Units

if TYPE_CHECKING:
    from savingsmodel.outputs.view import RunView

__all__ = ["render"]


def render(view: RunView, units: Units) -> str:
    # Two trailing spaces end a line without ending the paragraph.
    first, *rest = (markdown_text(line) for line in view.heading)
    out = [f"## {first}", "", *(f"{line}  " for line in rest)]
    if rest:
        out.append("")
    if units is Units.THOUSANDS:
        out += [THOUSANDS_NOTE, ""]
    if view.sign is Sign.BUDGET:
        out += [SIGN_NOTE, ""]
    years = [y.name for y in view.years]
    corner = THOUSANDS_HEADER if units is Units.THOUSANDS else "Figure"
    out.append(f"| {corner} | " + " | ".join(years) + " |")
    out.append("|---|" + "---:|" * len(years))
    for row, cells in view.table(units):
        label = markdown_text(row.label)  # a grade named "A|B" or "<b>A</b>" is shown as written
        out.append(f"| {'&nbsp;&nbsp;' if row.part else ''}{label} | " + " | ".join(cells) + " |")
    out += ["", view.total_line(units), *(f"{note}  " for note in view.notes(units))]
    if units is Units.THOUSANDS and view.rounding_breaks_sums:
        out += ["", ROUNDING_NOTE]
    out += ["", f"### {view.claims_heading}"]
    if view.findings:
        out += ["", *(f"- {markdown_text(str(f))}" for f in view.findings)]
    if view.checks:
        out += ["", "### Officer checks", *(f"- {markdown_text(str(c))}" for c in view.checks)]
    return "\n".join(out) + "\n"
