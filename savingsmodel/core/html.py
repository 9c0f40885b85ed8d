"""HTML for notebooks: a small table, every piece of text escaped.

Jupyter shows a value by its ``_repr_html_``; proposals, evaluations, explanations,
findings and scenarios give one built here, so a result displays as its summary
table. Every cell is text the library made or the user wrote (a line's name, a
paper's words), so every cell is escaped:

>>> print(table(["line", "amount"], [["Posts <b>", "£576,000"]], caption="SCS4-1"))
<table>
<caption>SCS4-1</caption>
<thead><tr><th>line</th><th>amount</th></tr></thead>
<tbody>
<tr><td>Posts &lt;b&gt;</td><td style="text-align:right">£576,000</td></tr>
</tbody>
</table>
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

__all__ = ["table"]

# A cell that reads as a figure (£576,000, -£216k, -11, 0.5, 1.5%) is set right, as a table of figures is.
_FIGURE: Final = re.compile(r"^[-+]?£?[\d,]+(?:\.\d+)?[km%]?(?: FTE)?$")


def table(header: Sequence[str], rows: Sequence[Sequence[str]], caption: str = "", notes: Sequence[str] = ()) -> str:
    """An HTML table: ``header`` over ``rows``, with an optional caption and notes below it."""
    # Imported here: the html package loads its table of named entities, which the command line never needs.
    import html

    out = ["<table>"]
    if caption:
        out.append(f"<caption>{html.escape(caption)}</caption>")
    out.append("<thead><tr>" + "".join(f"<th>{html.escape(h)}</th>" for h in header) + "</tr></thead>")
    out.append("<tbody>")
    for row in rows:
        out.append("<tr>" + "".join(_cell(cell) for cell in row) + "</tr>")
    out.append("</tbody>")
    out.append("</table>")
    out += [f"<p>{html.escape(note)}</p>" for note in notes]
    return "\n".join(out)


def _cell(text: str) -> str:
    import html

    style = ' style="text-align:right"' if _FIGURE.match(text.strip()) else ""
    return f"<td{style}>{html.escape(text)}</td>"
