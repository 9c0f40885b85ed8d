"""The report as one HTML page: ``savingsmodel report FILE --html OUT.html`` (and the PDF is printed from it).

One self-contained file that opens offline: the styles are in the page, the charts are
inline SVG (:mod:`savingsmodel.outputs.charts`), nothing is fetched. It holds, in the
order a committee reads it: the summary by year as a £000 table that adds as printed
(:mod:`savingsmodel.outputs.thousands`), the posts, the savings profile against any
target, the findings on the claims and the officer checks, the charts, how each figure
is made, the assumptions log with sources, and every figure exact to the penny.

Rendered with Jinja2 (imported when a report is written) from
``outputs/templates/report.html.j2``, with every text escaped: a line named
``<script>`` is shown as written, never run.

>>> from savingsmodel.engine.evaluation import evaluate
>>> from savingsmodel.examples import scs4_1_revised
>>> from savingsmodel.outputs.view import run_view
>>> table = html_table(run_view(evaluate(scs4_1_revised())), Units.THOUSANDS)
>>> [line for line in table.splitlines() if "Gross saving" in line][0][:70]
'<tr><th scope="row">Gross saving</th><td class="num">576</td><td class'
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from savingsmodel.outputs.charts import Chart, standard_charts, targets
from savingsmodel.outputs.findings import FindingRow
from savingsmodel.outputs.thousands import ThousandsTable, thousands_table
from savingsmodel.outputs.units import Units, count, money_text, signed_count
from savingsmodel.outputs.view import RunView, run_view

if TYPE_CHECKING:
    from savingsmodel.checks.findings import CheckFinding
    from savingsmodel.checks.reconcile import Finding
    from savingsmodel.engine.evaluation import Evaluation

__all__ = ["html_table", "report_context", "report_html"]

_LINE_FIGURES = ("gross_saving", "additional_costs", "income", "one_off_costs", "one_off_income")


def html_table(view: RunView, units: Units = Units.POUNDS) -> str:
    """The view's figures as an HTML table: a row per figure, a column per year; every text escaped.

    The same rows as the text and Markdown tables, for a page or a notebook.
    """
    e = html.escape
    out = ['<table class="figures">', "<thead>"]
    out.append(
        '<tr><th scope="col">Figure</th>' + "".join(f'<th scope="col">{e(y.name)}</th>' for y in view.years) + "</tr>"
    )
    out += ["</thead>", "<tbody>"]
    for row, cells in view.table(units):
        cls = ' class="part"' if row.part else ""
        tds = "".join(f'<td class="num">{e(c)}</td>' for c in cells)
        out.append(f'<tr{cls}><th scope="row">{e(row.label)}</th>{tds}</tr>')
    out += ["</tbody>", "</table>"]
    return "\n".join(out)


def report_html(
    evaluation: Evaluation,
    findings: Sequence[Finding] = (),
    checks: Sequence[CheckFinding] = (),
    variant: str | None = None,
    charts: Sequence[Chart] = (),
) -> str:
    """The report page. ``charts`` are drawn after the standard two (a Monte Carlo range, a tornado, ...)."""
    import jinja2
    from markupsafe import Markup

    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("savingsmodel.outputs", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    context = report_context(evaluation, findings, checks, variant)
    drawn = standard_charts(evaluation, charts)
    # The SVG is ours (matplotlib's, its text escaped by it): the one thing put in the page unescaped.
    svg = [Markup(c.svg) for c in drawn]  # noqa: S704 - matplotlib's SVG, its text escaped by it
    context["charts"] = [
        {"title": c.title, "caption": c.caption, "svg": picture, "name": c.name}
        for c, picture in zip(drawn, svg, strict=True)
    ]
    return environment.get_template("report.html.j2").render(**context)


def report_context(
    evaluation: Evaluation,
    findings: Sequence[Finding] = (),
    checks: Sequence[CheckFinding] = (),
    variant: str | None = None,
) -> dict[str, Any]:
    """Everything the report shows, as text ready to print (figures formatted here, never in the template)."""
    from savingsmodel import __version__

    view = run_view(evaluation, findings, checks, variant)
    p = evaluation.proposal
    table = thousands_table(view)
    return {
        "version": __version__,
        "heading": view.heading,
        "reference": p.reference,
        "source_document": p.source_document,
        "prices": evaluation.prices,
        "years": [y.name for y in view.years],
        "thousands": _thousands(table),
        "thousands_notes": list(table.notes),
        "posts": [
            {"label": row.label, "part": row.part, "cells": [signed_count(v) for v in row.values]} for row in view.fte
        ],
        "total_line": view.total_line(Units.POUNDS),
        "notes": view.notes(Units.POUNDS),
        "profile": _profile(evaluation),
        "claims_heading": view.claims_heading,
        "findings": [_finding(row, p) for row in view.findings],
        "checks": [
            {
                "severity": c.severity.value,
                "code": c.code,
                "message": c.message,
                "acknowledged": c.acknowledged or "",
            }
            for c in view.checks
        ],
        "explanations": _explanations(evaluation),
        "assumptions": [
            {
                "name": a.name,
                "value": a.value if isinstance(a.value, str) else count(a.value),
                "source": a.source,
                "note": a.note,
            }
            for a in p.assumptions
        ],
        "grades": _grades(evaluation),
        "awards": [
            {
                "kind": kind,
                "year": str(a.year),
                "rate": f"{a.rate.scaleb(2).normalize():f}%",
                "on": str(a.on),
                "source": a.source,
                "note": a.note,
            }
            for kind, awards in (("pay award", p.pay_awards), ("inflation", p.inflation))
            for a in awards
        ],
        "exact": html_table(view, Units.POUNDS),
        "charts": [],
    }


def _thousands(table: ThousandsTable) -> list[dict[str, Any]]:
    rows = []
    for row in table.rows:
        cells = [f"{v:,}" for v in row.values]
        rows.append(
            {
                "role": row.role,
                "sign": "less " if row.sign < 0 else "",
                "label": row.label if row.sign > 0 else row.label[:1].lower() + row.label[1:],
                "cells": cells,
                "total": "" if row.total is None else f"{row.total:,}",
            }
        )
    return rows


def _profile(evaluation: Evaluation) -> list[dict[str, str]]:
    from savingsmodel.model.claims import Basis

    stated = targets(evaluation)
    rows = []
    for y in evaluation.years:
        year = str(y.year)
        annual, line = stated[Basis.ANNUAL].get(year), stated[Basis.INCREMENTAL].get(year)
        rows.append(
            {
                "year": year,
                "annual": money_text(y.net_saving, Units.THOUSANDS),
                "line": money_text(y.net_saving_incremental, Units.THOUSANDS),
                "stated_annual": "" if annual is None else money_text(annual, Units.THOUSANDS),
                "stated_line": "" if line is None else money_text(line, Units.THOUSANDS),
            }
        )
    return rows


def _finding(row: FindingRow, proposal: Any) -> dict[str, str]:
    f = row.finding
    data = row.as_dict()

    def shown(key: str) -> str:
        value = getattr(f, key)
        if value is None:
            return ""
        return money_text(_money(value), Units.POUNDS) if row.is_money else count(value)

    words = ""
    if f.claims and f.claims[0] < len(proposal.claims):
        words = proposal.claims[f.claims[0]].words
    elif f.series is not None and f.series < len(proposal.series):
        words = proposal.series[f.series].words
    return {
        "status": f.status.value,
        "status_text": f.status.value.replace("_", " "),
        "claim": f.claim,
        "source": f.source,
        "stated": shown("stated"),
        "computed": shown("computed"),
        "difference": shown("difference"),
        "message": f.message,
        "words": words,
        "path": data["path"] or "",
    }


def _money(value: Any) -> Any:
    from savingsmodel.core.money import Money

    return Money(value)


def _explanations(evaluation: Evaluation) -> list[dict[str, Any]]:
    """For each year, how each money figure is made: its lines and their arithmetic."""
    out = []
    for y in evaluation.years:
        figures = []
        for name in (*_LINE_FIGURES, "net_saving", "net_after_one_off_costs"):
            if name == "net_after_one_off_costs" and not (y.one_off_costs or y.one_off_income):
                continue
            explanation = evaluation.explain(name, y.year)
            if name in _LINE_FIGURES and not explanation.parts:
                continue
            figures.append(
                {"label": explanation.figure.label, "value": str(explanation.value), "parts": explanation.parts}
            )
        out.append({"year": str(y.year), "figures": figures})
    return out


def _grades(evaluation: Evaluation) -> list[dict[str, Any]]:
    from savingsmodel.engine.unit_costs import build

    rows = []
    for g in evaluation.proposal.grades:
        working: list[str] = []
        if g.build_up is not None:
            built = build(g.build_up)
            working = [str(line) for line in built.lines]
            if built.ni is not None:
                working.append(f"employer NI for tax year {built.ni.tax_year}: {built.ni.source}")
            cost = str(built.total)
        else:
            cost = str(g.unit_cost) if g.unit_cost is not None else "none stated"
        rows.append({"name": g.name, "unit_cost": cost, "source": g.source, "note": g.note, "working": working})
    return rows
