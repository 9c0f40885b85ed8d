"""Reports: the run output in every format, money as exact strings, and £k tables that add up or say so."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from savingsmodel import evaluate, reconcile
from savingsmodel.core.money import Money
from savingsmodel.examples import scs4_1_revised
from savingsmodel.model.grades import Grade
from savingsmodel.model.lines import PostsReleased
from savingsmodel.model.proposal import Proposal, Variant
from savingsmodel.outputs.comparison import input_differences, render_comparison
from savingsmodel.outputs.findings import Summary, summarise
from savingsmodel.outputs.json_format import run_data
from savingsmodel.outputs.report import render_run
from savingsmodel.outputs.units import ROUNDING_NOTE, Units, plain_decimal
from savingsmodel.outputs.view import rounding_breaks_sums, run_view
from savingsmodel.testing import proposals

from builders import clerks, small_proposal


def _revised_with_october() -> Proposal:
    october = Variant(name="posts-leave-october", lines={"Watch Manager posts released": {"start": "2016-10-01"}})
    return scs4_1_revised().model_copy(update={"variants": (october,)})


def test_run_data_for_the_worked_case_reads_exactly() -> None:
    result = evaluate(scs4_1_revised())
    data = run_data(result, reconcile(result))
    assert data["reference"] == "SCS4-1 15SCS42 S"
    assert [y["year"] for y in data["years"]] == ["2016/17", "2017/18", "2018/19", "2019/20"]
    assert [y["net_saving"] for y in data["years"]] == ["360000.00"] * 4
    assert [y["net_saving_incremental"] for y in data["years"]] == ["360000.00", "0.00", "0.00", "0.00"]
    assert [y["net_saving_cumulative"] for y in data["years"]] == ["360000.00"] * 4
    first = data["years"][0]
    assert (first["gross_saving"], first["additional_costs"], first["one_off_costs"], first["income"]) == (
        "576000.00",
        "216000.00",
        "0.00",
        "0.00",
    )
    assert first["fte_change"] == "-3"
    assert first["fte_change_by_grade"] == {"Watch Manager": "-11", "Crew Manager": "8"}
    assert data["total_over_period"]["net_saving"] == "1440000.00"
    assert "not an annual figure" in data["total_over_period"]["note"]
    assert data["summary"] == {"claims": 8, "holds": 7, "misses": 1, "conflicts": 1, "cannot_check": 0}


def test_findings_in_json_carry_stated_computed_and_difference() -> None:
    result = evaluate(scs4_1_revised())
    findings = json.loads(render_run(result, reconcile(result), "json"))["findings"]
    gross = findings[0]
    assert (gross["claim"], gross["year"], gross["status"]) == ("gross_saving", "2016/17", "holds")
    assert (gross["stated"], gross["computed"], gross["difference"]) == ("576000.00", "576000.00", "0.00")
    crew = findings[6]
    assert (crew["stated"], crew["computed"], crew["difference"], crew["status"]) == ("4", "8", "4", "misses")
    assert findings[-1]["status"] == "conflict"
    assert findings[-1]["claims"] == [6, 7]


def test_plain_decimal_has_two_places_and_rounds_half_up_to_the_penny() -> None:
    assert plain_decimal(Money("360000")) == "360000.00"
    assert plain_decimal(Money("-0.005")) == "-0.01"
    assert plain_decimal(Money("1.005")) == "1.01"
    assert plain_decimal(Decimal("12.5")) == "12.50"


def test_table_in_pounds_shows_every_figure_and_the_period_total_apart() -> None:
    result = evaluate(scs4_1_revised())
    text = render_run(result, reconcile(result), "table", "pounds")
    lines = text.splitlines()
    assert lines[0] == "SCS4-1 15SCS42 S: Revised staffing model: Watch Manager posts to Incident Support Officer roles"
    row = {re.split(r"\s{2,}", line.strip())[0]: line.split() for line in lines if "  " in line}
    assert row["Net saving (savings - costs)"][-4:] == ["£360,000"] * 4
    assert row["Net saving, incremental (MTFP line)"][-4:] == ["£360,000", "£0", "£0", "£0"]
    assert row["Net position to date"][-4:] == ["£360,000", "£720,000", "£1,080,000", "£1,440,000"]
    assert row["Watch Manager"][-4:] == ["-11"] * 4
    total = [line for line in lines if line.startswith("Total over the period")]
    assert total == [
        "Total over the period 2016/17 to 2019/20: £1,440,000 net saving "
        "(the sum of the annual effects; not an annual figure)"
    ]
    assert ROUNDING_NOTE not in text
    assert "Claims (8 claims, 7 hold, 1 misses, 1 conflict, 0 cannot be checked):" in lines


def test_variant_heading_and_part_year_effect() -> None:
    proposal = _revised_with_october().with_variant("posts-leave-october")
    result = evaluate(proposal)
    text = render_run(result, reconcile(result), "table", "thousands", variant="posts-leave-october")
    assert "Variant: posts-leave-october" in text
    incremental = next(line for line in text.splitlines() if line.startswith("Net saving, incremental"))
    assert incremental.split()[-4:] == ["72", "288", "-", "-"]


def test_markdown_is_a_table_with_a_row_per_figure() -> None:
    result = evaluate(scs4_1_revised())
    text = render_run(result, reconcile(result), "markdown", "thousands")
    assert "| £000 | 2016/17 | 2017/18 | 2018/19 | 2019/20 |" in text
    assert "| Net saving, incremental (MTFP line) | 360 | - | - | - |" in text
    assert "- holds: gross_saving 2016/17 (para 11)" in text


def test_a_grade_with_a_pipe_does_not_break_the_markdown_table() -> None:
    from savingsmodel.outputs.report import render_run

    grade = Grade(name="Grade A|B", unit_cost="20k")
    proposal = clerks(grades=[grade], lines=[PostsReleased(name="x", grade="Grade A|B", fte=1)])
    result = evaluate(proposal)
    text = render_run(result, reconcile(result), "markdown", "pounds")
    rows = [line for line in text.splitlines() if line.startswith("| ")]
    # Every row has as many cells as the header: an unescaped | would add one.
    assert {line.replace("\\|", "").count("|") for line in rows} == {rows[0].count("|")}
    assert "| &nbsp;&nbsp;Grade A\\|B | -1 | -1 | -1 | -1 |" in rows


@pytest.mark.parametrize(
    ("units", "net", "total"), [("pounds", "360000.00", "1440000.00"), ("thousands", "360", "1440")]
)
def test_csv_has_a_row_per_year_and_the_total_apart(units: str, net: str, total: str) -> None:
    result = evaluate(scs4_1_revised())
    rows = list(csv.DictReader(io.StringIO(render_run(result, [], "csv", units))))
    key = "net_saving" if units == "pounds" else "net_saving_k"
    assert [r["year"] for r in rows] == ["2016/17", "2017/18", "2018/19", "2019/20", rows[-1]["year"]]
    assert [r[key] for r in rows[:4]] == [net] * 4
    assert rows[-1]["year"] == "total over the period (not an annual figure)"
    assert rows[-1][key] == total
    assert rows[-1][key.replace("net_saving", "net_saving_incremental")] == ""


def _k_rows(text: str) -> dict[str, list[int]]:
    """The £000 money rows of a table, as whole thousands: ``(12)`` is -12, ``-`` nil."""
    lines = text.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("£000"))
    rows: dict[str, list[int]] = {}
    for line in lines[header + 1 :]:
        if not line or line.startswith("FTE"):
            break
        label, *cells = re.split(r"\s{2,}", line.strip())
        rows[label] = [
            0 if c == "-" else -int(c[1:-1].replace(",", "")) if c.startswith("(") else int(c.replace(",", ""))
            for c in cells
        ]
    return rows


def test_thousands_table_prints_the_note_when_the_total_over_the_period_cannot_add() -> None:
    # Net £1,500 a year for two years: each year prints 2 (£1,500 rounds up), but the £3,000 total prints 3.
    result = evaluate(small_proposal([1500], 0, 0))
    text = render_run(result, [], "table", "thousands")
    rows = _k_rows(text)
    assert rows["Net saving (savings - costs)"] == [2, 2]
    assert "Total over the period 2020/21 to 2021/22: £3k net saving" in text
    assert ROUNDING_NOTE in text
    assert ROUNDING_NOTE not in render_run(result, [], "table", "pounds")


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(min_value=0, max_value=3_000_000), min_size=1, max_size=4),
    st.integers(min_value=0, max_value=50_000),
    st.integers(min_value=0, max_value=50_000),
)
def test_thousands_table_adds_up_or_prints_the_note(amounts: list[int], income: int, one_off: int) -> None:
    result = evaluate(small_proposal(amounts, income, one_off))
    text = render_run(result, [], "table", "thousands")
    rows = _k_rows(text)
    net, after = rows["Net saving (savings - costs)"], rows["Net after one-off costs"]
    # Every year's column adds as printed, always.
    assert all(
        rows["Gross saving"][i] + rows["Income"][i] - rows["Additional costs"][i] == net[i]
        and net[i] - rows["One-off costs"][i] == after[i]
        for i in range(2)
    )
    # The total line shows the net saving and, where it differs, the net after one-off costs: each adds or is noted.
    line = next(x for x in text.splitlines() if x.startswith("Total over the period"))
    shown = [int(sign + k.replace(",", "")) for sign, k in re.findall(r"(-?)£([\d,]+)k", line)]
    printed = [sum(net), sum(after)][: len(shown)]
    assert (shown == printed) == (ROUNDING_NOTE not in text)
    assert (ROUNDING_NOTE in text) == rounding_breaks_sums(result)


def test_summary_counts_and_words() -> None:
    result = evaluate(scs4_1_revised())
    summary = summarise(reconcile(result))
    assert summary == Summary(8, 7, 1, 1, 0)
    assert not summary.all_hold
    assert str(summary + Summary(1, 1)) == "9 claims, 8 hold, 1 misses, 1 conflict, 0 cannot be checked"
    assert str(Summary(1, 1)) == "1 claim, 1 holds, 0 miss, 0 conflicts, 0 cannot be checked"


def test_comparison_of_baseline_and_october_variant() -> None:
    baseline = _revised_with_october()
    october = baseline.with_variant("posts-leave-october")
    text = render_comparison("baseline", evaluate(baseline), "october", evaluate(october))
    assert 'lines["Watch Manager posts released"].start: 2016-04-01 -> 2016-10-01' in text
    lines = text.splitlines()
    at = lines.index("  Net saving (savings - costs)")
    assert lines[at + 1].split()[-4:] == ["£360,000"] * 4
    assert lines[at + 2].split()[-4:] == ["£72,000", "£360,000", "£360,000", "£360,000"]
    assert lines[at + 3].split()[-4:] == ["-£288,000", "£0", "£0", "£0"]
    by_line = lines[lines.index("Effect by line on the net after one-off costs, B - A:") + 2]
    assert by_line.split()[-4:] == ["-£288,000", "£0", "£0", "£0"]
    assert by_line.strip().startswith("Watch Manager posts released")
    assert "B - A -£288,000" in lines[-1]


def test_input_differences_ignore_order_and_name_what_changed() -> None:
    a = scs4_1_revised()
    b = a.model_copy(update={"lines": tuple(reversed(a.lines))})
    assert input_differences(a, b) == []
    dearer = a.grades[0].model_copy(update={"unit_cost": Money(50000)})
    c = Proposal.model_validate(a.model_dump() | {"grades": [dearer, a.grades[1]]})
    assert input_differences(a, c) == ['grades["Watch Manager"].unit_cost: 48000 -> 50000']


def test_comparison_across_different_years_marks_the_missing_ones() -> None:
    a = scs4_1_revised()
    b = Proposal.model_validate(a.model_dump() | {"start_year": "2017/18", "claims": [], "counts": [], "targets": []})
    text = render_comparison("A", evaluate(a), "B", evaluate(b), "thousands")
    lines = text.splitlines()
    assert "  start_year: 2016/17 -> 2017/18" in lines
    assert "  claims: 8 in A, 0 in B, not the same" in lines
    at = lines.index("  Net saving (savings - costs)")
    assert [line.split()[-5:] for line in lines[at + 1 : at + 4]] == [
        ["360", "360", "360", "360", "n/a"],
        ["n/a", "360", "360", "360", "360"],
        ["n/a", "-", "-", "-", "n/a"],
    ]


def test_compare_shows_a_default_setting_as_its_value_not_as_unset() -> None:
    # Before: "horizon: (not set) -> 2", when A models 4 years (the default).
    from savingsmodel.outputs.comparison import input_differences

    a = clerks()
    b = clerks(horizon=2, phasing="days")
    assert input_differences(a, b) == ["horizon: 4 (the default) -> 2", "phasing: months (the default) -> days"]
    assert input_differences(b, a) == ["horizon: 2 -> 4 (the default)", "phasing: days -> months (the default)"]
    assert input_differences(a, clerks(title="New")) == ["title: (not set) -> New"]


def test_a_claim_that_cannot_be_checked_does_not_count_as_holding() -> None:
    assert Summary(claims=1, holds=1).all_hold
    assert not Summary(claims=1, cannot_check=1).all_hold


def test_time_notes_follow_the_units_of_the_table() -> None:
    from savingsmodel.files import load

    result = evaluate(load("scenarios/library-restructure.toml").proposal)
    text = render_run(result, [], units="thousands")
    assert "Net position to date (net savings less one-off costs, from 2025/26): 2025/26 £150k, " in text


@settings(max_examples=40, deadline=None)
@given(proposals())
def test_every_format_renders_the_same_view(proposal: Proposal) -> None:
    result = evaluate(proposal)
    view = run_view(result, reconcile(result))
    data = json.loads(render_run(result, reconcile(result), "json"))
    rows = list(csv.DictReader(io.StringIO(render_run(result, [], "csv"))))
    markdown = render_run(result, [], "markdown")
    for row, cells in view.table(Units.POUNDS):
        if row in view.money:
            assert [y[row.name] for y in data["years"]] == [plain_decimal(v) for v in row.values]
            assert [r[row.name] for r in rows[:-1]] == [plain_decimal(v) for v in row.values]
            assert rows[-1][row.name] == ("" if row.total is None else plain_decimal(row.total))
            assert f"| {row.label} | " + " | ".join(cells) + " |" in markdown
    assert data["summary"] == view.summary.as_dict()


def test_the_view_is_plain_immutable_data() -> None:
    result = evaluate(scs4_1_revised())
    view = run_view(result, reconcile(result))
    with pytest.raises(dataclasses.FrozenInstanceError):
        view.total = Money(0)  # type: ignore[misc]
    assert view.figure("net_saving").total == view.total == result.total_over_period()
