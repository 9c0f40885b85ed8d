"""Word tables for the committee template: ``savingsmodel report FILE --docx OUT.docx``.

An officer pastes these into the council's report template, which restyles them: so
they use only Word's own plain styles (``Heading 2``, ``Normal``, ``Table Grid``), no
fonts, colours or sizes of their own. Three tables, each under a heading, with a note:

- the summary by year in £000 that adds as printed (:mod:`savingsmodel.outputs.thousands`);
- the findings on the claims (and the officer checks, in a list);
- the assumptions log with sources (and the unit costs and pay awards they rest on).

>>> from savingsmodel.engine.evaluation import evaluate
>>> from savingsmodel.examples import scs4_1_revised
>>> word_tables(evaluate(scs4_1_revised()))[:2]
b'PK'

python-docx is imported only when the document is written.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Final

from savingsmodel.outputs.html import report_context

if TYPE_CHECKING:
    from savingsmodel.checks.findings import CheckFinding
    from savingsmodel.checks.reconcile import Finding
    from savingsmodel.engine.evaluation import Evaluation

__all__ = ["word_tables"]

# XML 1.0 (and so Word) cannot hold these characters; they are shown as U+FFFD.
_NOT_IN_XML: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    return _NOT_IN_XML.sub("\ufffd", text)


def word_tables(
    evaluation: Evaluation,
    findings: Sequence[Finding] = (),
    checks: Sequence[CheckFinding] = (),
    variant: str | None = None,
) -> bytes:
    """The Word document's bytes: the £000 summary, the findings and the assumptions, in plain styles."""
    import docx
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    context = report_context(evaluation, findings, checks, variant)
    document = docx.Document()
    document.add_heading(_clean(context["heading"][0]), level=1)
    for line in context["heading"][1:]:
        document.add_paragraph(_clean(line))
    document.add_paragraph(_clean(f"Figures in {context['prices']}."))

    def table(headers: Sequence[str], rows: Sequence[Sequence[str]], numeric: Sequence[bool]) -> Any:
        grid = document.add_table(rows=1, cols=len(headers))
        grid.style = "Table Grid"
        grid.alignment = WD_TABLE_ALIGNMENT.LEFT
        for cell, text, right in zip(grid.rows[0].cells, headers, numeric, strict=True):
            paragraph = cell.paragraphs[0]
            paragraph.add_run(_clean(text)).bold = True
            if right:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        for values in rows:
            cells = grid.add_row().cells
            for cell, text, right in zip(cells, values, numeric, strict=True):
                cell.text = _clean(text)
                if right:
                    cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        # The heading row repeats on each page a table runs to.
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        header = grid.rows[0]._tr.get_or_add_trPr()
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        header.append(repeat)
        return grid

    years = context["years"]
    document.add_heading("Summary by year (£000)", level=2)
    rows = [[f"{r['sign']}{r['label']}", *r["cells"], r["total"]] for r in context["thousands"]]
    grid = table(["£000", *years, "Total over the period"], rows, [False, *([True] * (len(years) + 1))])
    for row, r in zip(grid.rows[1:], context["thousands"], strict=True):
        if r["role"] in ("subtotal", "total"):
            for cell in row.cells:
                for run in cell.paragraphs[0].runs:
                    run.bold = True
    document.add_paragraph(
        "Each year's headline figures are their exact figures rounded half-up to the nearest £1,000; the other "
        "figures are rounded so that the table adds as printed; the total over the period is the sum of the years "
        "shown (the sum of the annual effects, never an annual figure)."
    )
    for note in context["thousands_notes"]:
        document.add_paragraph(_clean(note), style="List Bullet")
    for note in context["notes"]:
        document.add_paragraph(_clean(note))

    document.add_heading("Findings on the claims", level=2)
    document.add_paragraph(_clean(context["claims_heading"]))
    if context["findings"]:
        rows = [
            [f["status_text"], f["claim"], f["source"], f["stated"], f["computed"], f["difference"]]
            for f in context["findings"]
        ]
        table(
            ["Finding", "Claim", "Source", "Stated", "Computed", "Difference"],
            rows,
            [False, False, False, True, True, True],
        )
        for f in context["findings"]:
            if f["status"] != "holds":
                document.add_paragraph(_clean(f["message"]), style="List Bullet")
    if context["checks"]:
        document.add_paragraph("Officer checks:")
        for c in context["checks"]:
            acknowledged = f" [acknowledged: {c['acknowledged']}]" if c["acknowledged"] else ""
            text = f"{c['severity']} {c['code']}: {c['message']}{acknowledged}"
            document.add_paragraph(_clean(text), style="List Bullet")

    document.add_heading("Assumptions", level=2)
    rows = [[a["name"], a["value"], a["source"], a["note"]] for a in context["assumptions"]]
    rows += [[f"Unit cost: {g['name']}", g["unit_cost"], g["source"], g["note"]] for g in context["grades"]]
    rows += [
        [f"{a['kind'].capitalize()} {a['year']}", f"{a['rate']} from {a['on']}", a["source"], a["note"]]
        for a in context["awards"]
    ]
    table(["Assumption", "Value", "Source", "Note"], rows, [False, False, False, False])
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
