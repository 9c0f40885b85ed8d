"""£000 tables as a committee reads them (issue 12, point 12): the unit in the header, negatives in brackets,
nil as a dash, parts that add to their printed totals (largest remainder), and the budget sign convention."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from savingsmodel import evaluate
from savingsmodel.cli import EXIT_OK, main
from savingsmodel.core.money import Money
from savingsmodel.examples import scs4_1_revised
from savingsmodel.outputs.report import render_run
from savingsmodel.outputs.units import ROUNDING_NOTE, SIGN_NOTE, Sign, allocate, k_cell
from savingsmodel.outputs.view import run_view

from builders import ROOT, small_proposal, table_rows


def test_cells_in_thousands_bracket_negatives_and_dash_nil() -> None:
    assert [k_cell(n) for n in (576, -288, 0, 1418)] == ["576", "(288)", "-", "1,418"]


def test_a_column_that_rounded_figure_by_figure_would_not_add_now_adds_as_printed() -> None:
    # Bug (issue 12, point 12): £1,500 rounded to £2k and £1,499 to £1k, but the net £1 to £0k: 2 - 1 printed 0.
    text = render_run(evaluate(small_proposal([1500, 1499], 0, 0)), [], "table", "thousands")
    rows = table_rows(text)
    # Net £1 is £0k; £1.5k and -£1.499k floor to 1 and -2, and the missing 1 goes to the larger remainder (-1.499).
    assert rows["Gross saving"][0] == "1"
    assert rows["Additional costs"][0] == "1"
    assert rows["Net saving (savings - costs)"][0] == "-"
    assert ROUNDING_NOTE not in text


def test_the_unit_is_in_the_header_and_the_table_reads_as_a_committee_table() -> None:
    text = render_run(evaluate(scs4_1_revised()), [], "table", "thousands")
    lines = text.splitlines()
    header = next(line for line in lines if "2016/17" in line and "2019/20" in line)
    assert header.startswith("£000")
    rows = table_rows(text)
    assert rows["Gross saving"] == ["576"] * 4
    assert rows["Net saving, incremental (MTFP line)"] == ["360", "-", "-", "-"]
    assert rows["Additional costs"] == ["216"] * 4
    markdown = render_run(evaluate(scs4_1_revised()), [], "markdown", "thousands")
    assert "| £000 | 2016/17 | 2017/18 | 2018/19 | 2019/20 |" in markdown
    assert "| Gross saving | 576 | 576 | 576 | 576 |" in markdown


def test_the_budget_sign_convention_shows_savings_negative_and_costs_positive() -> None:
    text = render_run(evaluate(scs4_1_revised()), [], "table", "thousands", sign="budget")
    rows = table_rows(text)
    assert rows["Gross saving"] == ["(576)"] * 4
    assert rows["Additional costs"] == ["216"] * 4
    assert rows["Net saving, incremental (MTFP line)"] == ["(360)", "-", "-", "-"]
    assert "Sign: budget convention (savings and income negative, costs positive)." in text
    pounds = render_run(evaluate(scs4_1_revised()), [], "table", "pounds", sign=Sign.BUDGET)
    assert "-£576,000" in pounds


def test_no_part_pence_in_a_pounds_cell() -> None:
    view = run_view(evaluate(scs4_1_revised()))
    assert view.cell(Money("1234.565"), "pounds") == "£1,234.57"


@given(st.lists(st.integers(-(10**9), 10**9), min_size=1, max_size=8))
def test_largest_remainder_parts_add_to_the_rounded_total(pence: list[int]) -> None:
    parts = [Decimal(p) / 100 for p in pence]
    printed = allocate(parts)
    exact_total = sum(parts, Decimal(0))
    assert sum(printed) == allocate([exact_total])[0]
    # Each part is its own value rounded down or up to £1k: never further than £1k away.
    assert all(abs(Decimal(k * 1000) - part) < 1000 for k, part in zip(printed, parts, strict=True))


@given(st.lists(st.integers(-(10**9), 10**9), min_size=1, max_size=8), st.booleans())
def test_largest_remainder_parts_add_to_a_total_printed_down_or_up(pence: list[int], up: bool) -> None:
    # A directorate's printed figure is its exact figure rounded down or up (a part of the plan's total):
    # its proposals are allocated to it, whichever it is.
    parts = [Decimal(p) / 100 for p in pence]
    exact_total = sum(parts, Decimal(0)) / 1000
    total = int(exact_total.to_integral_value(rounding="ROUND_CEILING" if up else "ROUND_FLOOR"))
    printed = allocate(parts, total=total)
    assert sum(printed) == total
    assert all(abs(Decimal(k * 1000) - part) < 1000 for k, part in zip(printed, parts, strict=True))


def test_a_total_neither_rounded_down_nor_up_is_refused() -> None:
    with pytest.raises(ValueError, match="expected a total of 2 or 3 steps, found 5"):
        allocate([Decimal(1400), Decimal(1400)], total=5)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(min_value=0, max_value=3_000_000), min_size=1, max_size=4),
    st.integers(min_value=0, max_value=50_000),
    st.integers(min_value=0, max_value=50_000),
)
def test_every_year_column_adds_as_printed(amounts: list[int], income: int, one_off: int) -> None:
    view = run_view(evaluate(small_proposal(amounts, income, one_off)))
    k = view.thousands()
    increments = after = 0
    for i in range(len(view.years)):
        net = k["gross_saving"][i] + k["income"][i] - k["additional_costs"][i]
        assert net == k["net_saving"][i]
        assert net - k["one_off_costs"][i] + k["one_off_income"][i] == k["net_after_one_off_costs"][i]
        before = 0 if i == 0 else k["net_saving"][i - 1]
        assert k["net_saving_incremental"][i] == net - before
        increments += k["net_saving_incremental"][i]
        after += k["net_after_one_off_costs"][i]
        assert k["net_saving_cumulative"][i] == increments
        assert k["net_position_to_date"][i] == after


def test_run_and_compare_take_the_sign_convention(capsys: pytest.CaptureFixture[str]) -> None:
    revised = str(ROOT / "scenarios" / "scs4-1-revised.toml")
    assert main(["run", revised, "--units", "thousands", "--sign", "budget"]) == EXIT_OK
    out = capsys.readouterr().out
    assert SIGN_NOTE in out
    gross = next(line for line in out.splitlines() if line.startswith("Gross saving"))
    assert gross.split()[-4:] == ["(576)"] * 4
    assert (
        main(["compare", revised, "--variant", "posts-leave-october", "--units", "thousands", "--sign", "budget"]) == 0
    )
    lines = capsys.readouterr().out.splitlines()
    at = lines.index("  Gross saving")
    assert lines[at + 3].split()[-4:] == ["288", "-", "-", "-"]  # B - A: £288k less saved, a budget £288k higher


def test_csv_in_thousands_carries_the_printed_figures(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = evaluate(small_proposal([1500, 1499], 0, 0))
    rows = list(csv.DictReader(io.StringIO(render_run(result, [], "csv", "thousands"))))
    assert (rows[0]["gross_saving_k"], rows[0]["additional_costs_k"], rows[0]["net_saving_k"]) == ("1", "1", "0")
