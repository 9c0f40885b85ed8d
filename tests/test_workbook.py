"""The workbook (savingsmodel export --xlsx), read back with openpyxl: its saved results are savingsmodel's
figures, its figures are formulas, its text is never a formula, its key inputs have names.

Recalculating it in a spreadsheet program is tests/test_workbook_recalc.py.
"""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings

from savingsmodel import Proposal, evaluate, reconcile
from savingsmodel.checks.registry import run_checks
from savingsmodel.files import load
from savingsmodel.outputs.workbook import SHEETS, workbook

from builders import ROOT, uprated_proposals
from workbook_cases import EDGE

SCENARIOS = sorted(p for p in (ROOT / "scenarios").glob("*.toml") if not p.name.startswith("plan-"))


def export(path: Path | None = None, **fields: object):  # type: ignore[no-untyped-def]
    proposal = EDGE if path is None else load(path).proposal
    evaluation = evaluate(proposal)
    return workbook(evaluation, reconcile(evaluation), run_checks(evaluation), **fields)  # type: ignore[arg-type]


def opened(data: bytes, data_only: bool) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data), data_only=data_only)


@pytest.mark.parametrize("path", [*SCENARIOS, None], ids=lambda p: "edge" if p is None else p.stem)
def test_every_figure_is_a_formula_whose_saved_result_is_savingsmodels(path: Path | None) -> None:
    book = export(path)
    values, formulas = opened(book.data, True), opened(book.data, False)
    assert values.sheetnames == list(SHEETS)
    for figure in book.figures:
        assert str(formulas[figure.sheet][figure.cell].value).startswith("="), figure
        saved = values[figure.sheet][figure.cell].value
        assert isinstance(saved, int | float), figure
        assert abs(Decimal(repr(saved)) - figure.value) < Decimal("0.000001"), figure


def test_the_summary_carries_every_figure_of_every_year() -> None:
    book = export(ROOT / "scenarios" / "library-restructure.toml")
    whats = {f.what for f in book.figures if f.sheet == "Summary"}
    for name in ("gross_saving", "additional_costs", "one_off_costs", "income", "net_saving",
                 "net_saving_incremental", "net_saving", "net_saving_incremental",
                 "net_saving_cumulative", "full_year_effect", "fte_change", "fte_released", "fte_created"):  # fmt: skip
        for year in ("2025/26", "2026/27", "2027/28", "2028/29"):
            assert f"{name} {year}" in whats
    assert "net_saving total over the period" in whats


def test_without_results_every_figure_waits_for_a_recalculation() -> None:
    book = export(results=False)
    values = opened(book.data, True)
    assert all(values[f.sheet][f.cell].value in (0, None) for f in book.figures)


def test_text_that_starts_like_a_formula_is_written_as_text() -> None:
    book = export()
    sheets = opened(book.data, False)
    cells = [c for ws in sheets.worksheets for row in ws.iter_rows() for c in row if c.data_type == "s"]
    texts = {c.value for c in cells}
    assert '=HYPERLINK("http://example.invalid","every corner")' in " ".join(str(t) for t in texts)
    assert {"+ a service whose name starts with a plus", "@payroll", "-para 1", "=1+1"} <= texts
    summary = sheets["Summary"]
    assert summary["A1"].data_type == "s"
    assert str(summary["A1"].value).startswith("EDGE-1: =HYPERLINK")


def test_key_inputs_have_names_a_reader_can_find() -> None:
    book = export(ROOT / "scenarios" / "scs4-1-revised.toml")
    assert book.names["UnitCost_Watch_Manager"] == "Grades!$B$2"
    assert book.names["FTE_Watch_Manager_posts_released"] == "Lines!$F$2"
    assert book.names["Amount_Resource_Management_Team"].startswith("Lines!$M$")
    names = opened(book.data, False).defined_names
    assert names["UnitCost_Watch_Manager"].attr_text == "Grades!$B$2"
    edge = export()
    assert {"UnitCost_Clerk", "Salary_Officer", "PayAward_2019_20", "Inflation_2020_21", "Cost_Team"} <= set(edge.names)
    assert "UnitCost_Senior" in edge.names  # a name made of a grade's letters only: never a wildcard or a cell


def test_the_workbook_prices_every_kind_of_line() -> None:
    from savingsmodel.model.lines import LINE_KINDS
    from savingsmodel.outputs.workbook import RATED_KINDS

    assert set(LINE_KINDS) == RATED_KINDS


def test_the_calculation_is_formulas_over_the_inputs_not_pasted_figures() -> None:
    sheets = opened(export().data, False)
    calculation = sheets["Calculation"]
    header = [c.value for c in calculation[1]]
    rate, amount = header.index("Annual rate") + 1, header.index("Amount") + 1
    for row in range(2, calculation.max_row + 1):
        assert str(calculation.cell(row, rate).value).startswith("=")
        assert str(calculation.cell(row, amount).value).startswith("=")
    clerks = next(r for r in range(2, calculation.max_row + 1) if calculation.cell(r, 1).value == "Clerks")
    assert calculation.cell(clerks, rate).value == "=Lines!$F$2*Grades!$B$2"
    summary = sheets["Summary"]
    found = [c.value for row in summary.iter_rows() for c in row if isinstance(c.value, str) and "SUMIFS" in c.value]
    assert found
    assert all("Calculation!" in f or "Posts!" in f for f in found)


@settings(max_examples=30)
@given(uprated_proposals())
def test_any_proposal_makes_a_workbook_whose_summary_is_savingsmodels(proposal: Proposal) -> None:
    evaluation = evaluate(proposal)
    book = workbook(evaluation, reconcile(evaluation), run_checks(evaluation))
    summary = {f.what: f.value for f in book.figures if f.sheet == "Summary"}
    for y in evaluation.years:
        for name in ("gross_saving", "additional_costs", "net_saving", "net_saving_cumulative", "full_year_effect"):
            assert summary[f"{name} {y.year}"] == getattr(y, name).amount
    assert book.data[:2] == b"PK"


def test_a_line_in_tranches_is_uprated_and_rounded_once_as_a_line() -> None:
    calculation = opened(export().data, False)["Calculation"]
    header = [c.value for c in calculation[1]]

    def cell(row: int, title: str) -> object:
        return calculation.cell(row, header.index(title) + 1).value

    # The edge case's "Team": posts at a stated cost shared over two tranches, uprated as one line.
    rows = [r for r in range(2, calculation.max_row + 1) if calculation.cell(r, 1).value == "Team"]
    second = rows[1]
    assert cell(second, "Line's annual rate to this tranche") == f"=I{second}+H{second}"
    assert cell(second, "Rate at prices 1") == f"=ROUND(J{second}*L{second},2)-ROUND(I{second}*L{second},2)"


def test_posts_priced_from_a_build_up_take_each_years_rebuilt_rate() -> None:
    sheets = opened(export(ROOT / "scenarios" / "library-restructure.toml").data, False)
    calculation, units = sheets["Calculation"], sheets["Unit costs by year"]
    header = [c.value for c in calculation[1]]

    def cell(row: int, title: str) -> object:
        return calculation.cell(row, header.index(title) + 1).value

    # Row 3: the second of three tranches, in 2025/26 (as docs/howto/workbook.md shows it).
    assert cell(3, "Rate at prices 1") == "='Unit costs by year'!$Q$21"
    assert cell(3, "Line's exact amount to this tranche") == "=N2+M3*K3"
    assert cell(3, "Amount") == "=ROUND(N3,2)-ROUND(N2,2)"
    assert cell(2, "Amount") == "=ROUND(N2,2)"
    assert cell(5, "Amount") == "=M5"  # every tranche a whole year at one price: not rounded
    assert units["Q21"].value == "=ROUND(P21,2)-ROUND(O21,2)"
    assert units["P21"].value == "=(K21*G21+N21)*J21"
    assert units["G21"].value == "=F21+Schedule!$C$3"
    # 2026/27's build-up: the salary uprated by the pay award, NI over that year's threshold.
    assert units["E15"].value == "=ROUND(Grades!$C$2*D15,2)"
    assert units["D15"].value == "=Prices!$E$7"
    assert "MAX(G15-'Unit costs by year'!$G$8,0)" in str(units["I15"].value)


def test_a_claim_on_one_line_or_a_full_year_shows_its_own_figure_not_the_whole_years() -> None:
    # The Summary has no row for one line's part: a live link there would recompute the whole figure.
    base = load(ROOT / "scenarios" / "care-agency-vacancy.toml").proposal
    claims = [
        {"figure": "gross_saving", "line": "Agency hours reduced", "value": "252k", "year": "2027/28"},
        {"figure": "net_saving", "full_year": True, "value": "344,391", "year": "2027/28"},
    ]
    evaluation = evaluate(Proposal(**{**base.model_dump(), "claims": claims}))
    book = workbook(evaluation, reconcile(evaluation), run_checks(evaluation))
    sheet = opened(book.data, False)["Claims"]
    assert [sheet.cell(row, 4).value for row in (2, 3)] == [252000, 344391]
    assert [sheet.cell(row, 7).value for row in (2, 3)] == ["holds", "holds"]
