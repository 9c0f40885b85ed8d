"""The committee report: the £000 table adds as printed, the HTML page is one safe self-contained file,
the charts are inline SVG, and the Word tables carry the same figures in plain styles.

A browser's view of the page (a screenshot, the PDF) is tests/test_report_browser.py.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import docx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from savingsmodel import (
    Grade,
    Money,
    OneOffCost,
    PostsReleased,
    RecurringCost,
    RecurringIncome,
    Unit,
    evaluate,
    reconcile,
)
from savingsmodel.checks.registry import run_checks
from savingsmodel.examples import scs4_1_revised
from savingsmodel.files import load
from savingsmodel.outputs.charts import Chart, profile, waterfall
from savingsmodel.outputs.html import report_html
from savingsmodel.outputs.thousands import thousands_table
from savingsmodel.outputs.view import run_view
from savingsmodel.outputs.word import word_tables

from builders import ROOT, proposal

LIBRARY = ROOT / "scenarios" / "library-restructure.toml"
HOSTILE = proposal(
    RecurringCost(name='<script>alert("x")</script>', amount="1000", source="=cmd|' /C calc'!A0"),
    RecurringCost(name="$x^2$ costs & more", amount="500", source="@SUM(A1)"),
    PostsReleased(name="posts", grade="Watch Manager", fte=1),
    title="<b>not bold</b>",
)


def page(p=None) -> str:  # type: ignore[no-untyped-def]
    evaluation = evaluate(p or load(LIBRARY).proposal)
    return report_html(evaluation, reconcile(evaluation), run_checks(evaluation))


# ---- the £000 table --------------------------------------------------------------------------------------------

amounts = st.integers(min_value=0, max_value=5_000_000_00).map(lambda pence: Money(Decimal(pence) / 100))


@given(st.lists(st.tuples(amounts, amounts, amounts, amounts), min_size=1, max_size=4))
def test_the_thousands_table_adds_as_printed_and_each_figure_is_within_1k(years: list[tuple[Money, ...]]) -> None:
    lines = []
    for n, (gross, costs, income, one_off) in enumerate(years):
        start = f"{2016 + n}-04-01"
        lines += [
            RecurringCost(name=f"c{n}", amount=str(costs.amount), start=start, end=f"{2017 + n}-03-31"),
            RecurringIncome(name=f"i{n}", amount=str(income.amount), start=start, end=f"{2017 + n}-03-31"),
            OneOffCost(name=f"o{n}", amount=str(one_off.amount), start=start),
        ]
        end = f"{2017 + n}-03-31"
        lines.append(PostsReleased(name=f"p{n}", grade="G", fte=1, unit_cost=str(gross.amount), start=start, end=end))
    evaluation = evaluate(proposal(*lines, grades=[Grade(name="G", unit_cost="1")], horizon=len(years)))
    table = thousands_table(run_view(evaluation))
    row = {r.name: r for r in table.rows}
    for i in range(len(years)):
        parts = sum(r.values[i] * r.sign for r in table.rows if r.role == "part" and r.name != "one_off_costs")
        assert parts == row["net_saving"].values[i]
        if "net_after_one_off_costs" in row:
            net, one_off = row["net_saving"].values[i], row["one_off_costs"].values[i]
            assert net - one_off == row["net_after_one_off_costs"].values[i]
        for r in table.rows:
            if r.role != "line":
                assert abs(Decimal(r.values[i]) - r.exact[i].amount / 1000) < 1  # within £1k of its exact figure
        for name in ("net_saving", "net_after_one_off_costs"):  # headline figures: exact, rounded half-up
            if name in row:
                assert row[name].values[i] == int(row[name].exact[i].round(Unit.THOUSANDS).amount / 1000)
    increments = row["net_saving_incremental"].values
    assert [sum(increments[: i + 1]) for i in range(len(years))] == list(row["net_saving"].values)
    for r in table.rows:
        if r.total is not None:
            assert r.total == sum(r.values)


def test_the_worked_case_table_needs_no_adjustment() -> None:
    evaluation = evaluate(scs4_1_revised())
    table = thousands_table(run_view(evaluation))
    assert [(r.label, r.values, r.total) for r in table.rows] == [
        ("Gross saving", (576, 576, 576, 576), 2304),
        ("Additional costs", (216, 216, 216, 216), 864),
        ("Net saving (savings - costs)", (360, 360, 360, 360), 1440),
        ("MTFP line (incremental net saving)", (360, 0, 0, 0), None),
    ]
    assert table.notes == ()


# ---- the HTML page ---------------------------------------------------------------------------------------------


def test_the_page_is_one_file_that_fetches_nothing() -> None:
    text = page()
    assert text.startswith("<!DOCTYPE html>")
    assert not re.search(r"<script|<link|<img|<iframe|@import|url\((?!#)", text, re.IGNORECASE)
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", text, re.IGNORECASE)
    assert text.count("<svg") == 2


def test_the_page_shows_the_key_figures_findings_and_assumptions() -> None:
    text = page()
    for expected in (
        "Summary by year (£000)",
        '<td class="num">1,544</td>',  # the net saving over the period
        "Savings profile against the target",
        "Claims (16 claims, 16 hold, 0 miss, 0 conflicts, 0 cannot be checked)",
        "A4 pay awards",
        "NJC for Local Government Services pay spine",
        "£1,418,418.08",  # the net after one-off costs over the period, exact (NI per person, rebuilt yearly)
        "2027/28 Income: 17 printed, £16,479.94 exactly",
        "How each figure is made",
        "x 3/12 = £20,703.38 (Library Assistant posts released; section 3)",
    ):
        assert expected in text, expected


def test_every_text_in_the_page_is_escaped() -> None:
    text = page(HOSTILE)
    assert "<script>" not in text
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in text or "&lt;script&gt;alert(&quot;x&quot;)" in text
    assert "<b>not bold</b>" not in text
    assert "$x^2$ costs &amp; more" in text


def test_charts_are_svg_that_parses_and_draws_a_dollar_as_a_dollar() -> None:
    evaluation = evaluate(HOSTILE)
    for chart in (waterfall(evaluation), profile(evaluation)):
        assert isinstance(chart, Chart)
        root = ET.fromstring(chart.svg)  # noqa: S314 - our own SVG
        assert root.tag.endswith("svg")
    texts = " ".join(t.text or "" for t in ET.fromstring(waterfall(evaluation).svg).iter() if t.tag.endswith("text"))  # noqa: S314
    assert "$x^2$ costs & more" in texts
    assert "<script>alert" in texts  # drawn as written (escaped in the SVG's XML, shown as text)


def test_the_page_is_the_same_every_time() -> None:
    assert page() == page()


def test_more_charts_come_after_the_standard_two() -> None:
    evaluation = evaluate(scs4_1_revised())
    tornado = Chart("tornado", "What moves the net saving", '<svg xmlns="http://www.w3.org/2000/svg"></svg>', "later")
    text = report_html(evaluation, charts=[tornado])
    assert text.count("<svg") == 3
    assert 'id="chart-tornado"' in text


# ---- the Word tables -------------------------------------------------------------------------------------------


def test_word_tables_carry_the_summary_findings_and_assumptions_in_plain_styles() -> None:
    evaluation = evaluate(load(LIBRARY).proposal)
    document = docx.Document(io.BytesIO(word_tables(evaluation, reconcile(evaluation), run_checks(evaluation))))
    summary, claims, assumptions = document.tables
    years = ["2025/26", "2026/27", "2027/28", "2028/29"]
    assert [c.text for c in summary.rows[0].cells] == ["£000", *years, "Total over the period"]
    assert [c.text for c in summary.rows[4].cells] == [
        "Net saving (savings - costs)",
        "275",
        "412",
        "423",
        "434",
        "1,544",
    ]
    first = ["holds", "gross_saving 2025/26", "section 8, table 1", "£287,000", "£286,906.58", "-£93.42"]
    assert [c.text for c in claims.rows[1].cells] == first
    assert assumptions.rows[1].cells[0].text == "A1 salaries: NJC pay spine points"
    assert {t.style.name for t in document.tables} == {"Table Grid"}
    styles = {p.style.name for p in document.paragraphs}
    assert styles <= {"Heading 1", "Heading 2", "Normal", "List Bullet"}


def test_word_tables_hold_any_text() -> None:
    # Loading refuses control characters; a program may still build a line without validation.
    bell = RecurringCost.model_construct(**{**dict(RecurringCost(name="x", amount="1")), "name": "bell \x07 and tab\t"})
    hostile = proposal(bell, title="<b>x</b> & y")
    document = docx.Document(io.BytesIO(word_tables(evaluate(hostile))))
    assert document.paragraphs[0].text == "T: <b>x</b> & y"


@pytest.mark.parametrize(
    "scenario",
    sorted(p for p in (ROOT / "scenarios").glob("*.toml") if not p.name.startswith("plan-")),
    ids=lambda p: p.stem,
)
def test_every_bundled_scenario_makes_every_report(scenario) -> None:  # type: ignore[no-untyped-def]
    evaluation = evaluate(load(scenario).proposal)
    findings, checks = reconcile(evaluation), run_checks(evaluation)
    assert report_html(evaluation, findings, checks).endswith("</html>\n")
    assert word_tables(evaluation, findings, checks)[:2] == b"PK"
