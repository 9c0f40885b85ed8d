"""The establishment list (issue 9, point 1): read through a mapping file, problems placed, posts priced."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from savingsmodel.core.errors import InputError
from savingsmodel.core.money import Money
from savingsmodel.files.establishment import load_establishment, load_mapping
from savingsmodel.files.plan import load_plan, loads_plan
from savingsmodel.plan import evaluate_plan

FOLDER = Path("scenarios/establishment")
LIST = FOLDER / "establishment.csv"
MAPPING = FOLDER / "mapping.toml"
HEADINGS = "Post No,Grade,Cost Centre,FTE,Employee,Annual Salary (FTE),Age,Service (yrs)\n"


def test_the_list_is_read_through_its_mapping() -> None:
    posts = load_establishment(LIST, MAPPING)
    assert len(posts) == 13
    first = posts.post("WM-001")
    assert first is not None
    assert (first.grade, first.cost_centre, first.fte, first.person, first.pay) == (
        "Watch Manager",
        "BAN",
        Decimal(1),
        "J. Smith",
        Money(36381),
    )
    assert (first.age, first.service) == (52, Decimal(24))
    vacant = posts.post("WM-002")
    assert vacant is not None
    assert vacant.vacant
    assert posts.post("WM-007").pay == Money(36381)  # "£36,381.00" as exported  # type: ignore[union-attr]
    assert posts.fte("Control Operator") == Decimal(4)


def test_every_problem_names_its_line_and_column(tmp_path: Path) -> None:
    bad = tmp_path / "list.csv"
    bad.write_text(
        HEADINGS
        + "WM-001,Watch Manager,BAN,1,J. Smith,36381,52,24\n"
        + "WM-001,Watch Manager,BAN,-1,J. Smith,lots,12,x\n"
        + ",Watch Manager,,1,,36381,,\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        load_establishment(bad, MAPPING)
    assert [str(p) for p in caught.value.problems] == [
        f"{bad}:3: post_number (column 'Post No'): expected each post number once, found 'WM-001' again "
        "(first on line 2)",
        f"{bad}:3: fte (column 'FTE'): expected an FTE above zero, found '-1'",
        f"{bad}:3: pay (column 'Annual Salary (FTE)'): expected an amount of pay of zero or more, such as 36381 "
        "or £36,381, found 'lots'",
        f"{bad}:3: age (column 'Age'): expected an age in whole years from 15 to 100, found '12'",
        f"{bad}:3: service (column 'Service (yrs)'): expected years of service of zero or more, found 'x'",
        f"{bad}:4: post_number (column 'Post No'): expected a value, found an empty cell",
        f"{bad}:4: cost_centre (column 'Cost Centre'): expected a value, found an empty cell",
    ]


def test_a_missing_column_is_named_at_the_heading_row(tmp_path: Path) -> None:
    bad = tmp_path / "list.csv"
    bad.write_text(HEADINGS.replace("Cost Centre", "Cost Ctr") + "WM-1,WM,BAN,1,A,1,,\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_establishment(bad, MAPPING)
    message = str(caught.value)
    assert message.startswith(f"{bad}:1: columns.cost_centre: expected a column headed 'Cost Centre', found 'Post No'")


def test_a_bad_mapping_file_is_placed_by_line(tmp_path: Path) -> None:
    mapping = tmp_path / "mapping.toml"
    mapping.write_text('header_row = 0\n[columns]\npost_number = "Post No"\ngrad = "Grade"\n', encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_mapping(mapping)
    shown = [str(p) for p in caught.value.problems]
    assert shown[0].startswith(f"{mapping}:1: header_row: expected")
    assert any(s.startswith(f"{mapping}:4: columns.grad: unknown field 'grad'; did you mean 'grade'?") for s in shown)


def test_an_empty_mapping_file_says_what_it_should_hold(tmp_path: Path) -> None:
    # It used to be told it should hold "a proposal": the reader it shares with scenario files said so.
    mapping = tmp_path / "mapping.toml"
    mapping.write_text("\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_mapping(mapping)
    assert (
        str(caught.value) == f"{mapping}:1: expected a mapping of columns (header_row, [columns]), found an empty file"
    )


def test_a_workbook_is_read_by_cell_and_never_run(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Staff"
    sheet.append(["HR export, 31 March 2016"])
    sheet.append(HEADINGS.strip().split(","))
    sheet.append(["WM-001", "Watch Manager", "BAN", 1, "J. Smith", 36381, 52, 24])
    sheet.append(["WM-002", "Watch Manager", "BAN", 0.5, "VACANT", "=1/0", None, None])
    path = tmp_path / "list.xlsx"
    book.save(path)
    mapping = tmp_path / "mapping.toml"
    mapping.write_text(MAPPING.read_text(encoding="utf-8").replace("header_row = 1", 'header_row = 2\nsheet = "Staff"'))
    with pytest.raises(InputError) as caught:
        load_establishment(path, mapping)
    # The formula is never calculated: with no cached value, its cell is empty, and so not an amount.
    assert [str(p) for p in caught.value.problems] == [
        f"{path}: Staff!F4: pay (column 'Annual Salary (FTE)'): expected an amount of pay of zero or more, such as "
        "36381 or £36,381, found ''"
    ]
    sheet["F4"] = 36381
    book.save(path)
    posts = load_establishment(path, mapping)
    assert [p.number for p in posts.posts] == ["WM-001", "WM-002"]
    assert posts.fte("Watch Manager") == Decimal("1.5")


def test_a_workbook_cell_is_named_by_its_own_column_letter_and_row(tmp_path: Path) -> None:
    # The export starts in column B, below a title and a blank row: the letters and rows are the sheet's own.
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet["A1"] = "HR export"
    for column, heading in enumerate(HEADINGS.strip().split(","), start=2):
        sheet.cell(row=3, column=column, value=heading)
    for column, value in enumerate(["WM-001", "Watch Manager", "BAN", 0.8, "J. Smith", 36381.45, 52, 24], start=2):
        sheet.cell(row=4, column=column, value=value)
    for column, value in enumerate(["WM-002", "Watch Manager", "", 1, "VACANT", 36381, None, None], start=2):
        sheet.cell(row=6, column=column, value=value)
    path = tmp_path / "list.xlsx"
    book.save(path)
    mapping = tmp_path / "mapping.toml"
    mapping.write_text(MAPPING.read_text(encoding="utf-8").replace("header_row = 1", "header_row = 3"))
    with pytest.raises(InputError) as caught:
        load_establishment(path, mapping)
    assert [str(p) for p in caught.value.problems] == [
        f"{path}: Sheet!D6: cost_centre (column 'Cost Centre'): expected a value, found an empty cell"
    ]
    sheet["D6"] = "BAN"
    book.save(path)
    posts = load_establishment(path, mapping)
    first = posts.post("WM-001")
    assert first is not None
    assert (first.fte, first.pay, first.age) == (Decimal("0.8"), Money("36381.45"), 52)
    assert posts.fte("Watch Manager") == Decimal("1.8")


def test_a_workbook_that_cannot_be_read_is_one_problem(tmp_path: Path) -> None:
    broken = tmp_path / "list.xlsx"
    broken.write_text("Post No,Grade\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_establishment(broken, MAPPING)
    assert str(caught.value).startswith(f"{broken}: cannot read the establishment list: ")
    assert len(caught.value.problems) == 1


def test_a_sheet_not_in_the_workbook_is_named_with_those_that_are(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    assert book.active is not None
    book.active.title = "Staff"
    book.create_sheet("Notes")
    path = tmp_path / "list.xlsx"
    book.save(path)
    mapping = tmp_path / "mapping.toml"
    mapping.write_text(MAPPING.read_text(encoding="utf-8").replace("header_row = 1", 'header_row = 1\nsheet = "Posts"'))
    with pytest.raises(InputError) as caught:
        load_establishment(path, mapping)
    assert str(caught.value) == f"{path}: sheet: expected a sheet 'Posts' in the workbook, found 'Staff', 'Notes'"


def test_a_workbook_reads_each_cell_as_pandas_would(tmp_path: Path) -> None:
    # The workbook's rows are read from calamine directly (a pandas frame costs as long again): each cell must
    # be the text pandas' read_excel(engine="calamine", dtype=str) gives, whole numbers without ".0", dates with
    # their time; and from cell A1, so that an export starting at B3 keeps its own rows and columns.
    import datetime

    import openpyxl
    import pandas as pd

    from savingsmodel.files.establishment import _read_table

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for column, value in enumerate(["Post No", "Pay", "When", "Flag", "FTE"], start=2):
        sheet.cell(row=3, column=column, value=value)
    cells = [
        ["A1", 36381.45, datetime.date(2016, 3, 31), True, 1],
        [None, None, None, None, None],
        [12, 1e-7, datetime.datetime(2016, 3, 31, 12, 0), "x", 0.8],
    ]
    for row, values in enumerate(cells, start=4):
        for column, value in enumerate(values, start=2):
            sheet.cell(row=row, column=column, value=value)
    path = tmp_path / "list.xlsx"
    book.save(path)
    mapping = load_mapping(MAPPING).model_copy(update={"header_row": 3})
    table, _ = _read_table(str(path), ".xlsx", mapping)
    frame = pd.read_excel(path, dtype=str, header=2, keep_default_na=False, engine="calamine")
    assert table.headings == ["", "Post No", "Pay", "When", "Flag", "FTE"]
    assert [table.column(i) for i in range(6)] == [[str(v).strip() for v in c] for c in frame.values.T.tolist()]
    assert table.column(5) == ["1", "", "0.8"]


def test_a_heading_row_past_the_end_of_the_sheet_is_one_problem(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    assert book.active is not None
    book.active.title = "Staff"
    book.active["A1"] = "HR export"
    path = tmp_path / "list.xlsx"
    book.save(path)
    mapping = load_mapping(MAPPING).model_copy(update={"header_row": 5})
    with pytest.raises(InputError) as caught:
        load_establishment(path, mapping)
    assert str(caught.value) == (
        f"{path}: cannot read the establishment list: expected the column headings on row 5 (header_row), "
        "found 1 rows in sheet 'Staff'"
    )


# ---- A plan resting on the list ----------------------------------------------------------------------------------


def test_lines_are_priced_from_the_actual_posts_with_ni_per_person() -> None:
    result = evaluate_plan(load_plan("scenarios/plan-2016-posts.toml"))
    rows = {row.name: row for row in result.rows}
    # WM-003, 1 FTE: 36,381 + NI 13.8% x (36,381 - 8,112) = 3,901.12 + pension 21.7% = 7,894.68: 48,176.80.
    # WM-005, 0.5 FTE: 18,190.50 + NI 13.8% x (18,190.50 - 8,112) = 1,390.83 + pension 3,947.34: 23,528.67.
    # The half-time holder has the whole threshold: not 0.5 x 48,176.80 = 24,088.40.
    assert rows["FRS-WM-3"].incremental[0] == Money("71705.47")
    # Two FTE of Control Operator, the vacancy (CO-002) first, then CO-001: 2 x (27,500 + 2,675.54 + 5,967.50)
    # = 72,286.08 a year from 1 October: half in 2016/17, half in 2017/18.
    assert [str(m) for m in rows["FRS-CONTROL-3"].incremental[:2]] == ["£36,143.04", "£36,143.04"]
    released = rows["FRS-CONTROL-3"].evaluation.proposal.lines[0]
    assert released.fte == Decimal(2)  # type: ignore[union-attr]


POSTS_HEAD = (
    'name = "P"\nstart_year = "2016/17"\n'
    '[establishment_list]\nfile = "establishment/establishment.csv"\nmapping = "establishment/mapping.toml"\n'
    'tax_year = "2016/17"\n'
)


def inline(reference: str, posts: str, grade: str = "Watch Manager") -> str:
    return (
        f'[[proposals]]\ndirectorate = "A"\n[proposals.proposal]\nreference = "{reference}"\nstart_year = "2016/17"\n'
        f'[[proposals.proposal.grades]]\nname = "{grade}"\nunit_cost = "48k"\n'
        f'[[proposals.proposal.lines]]\nkind = "posts_released"\nname = "posts"\ngrade = "{grade}"\nfte = 1\n'
        f"[[proposals.posts]]\n{posts}"
    )


def test_bad_post_selections_are_placed_in_the_plan() -> None:
    text = (
        POSTS_HEAD
        + inline("A", 'line = "post"\npost_numbers = ["WM-003", "WM-999"]\n')
        + inline("B", 'line = "posts"\ngrade = "Watch Manager"\ncost_centre = "SLA"\nfte = 9\n')
    )
    with pytest.raises(InputError) as caught:
        loads_plan(text, source="plan.toml", format="toml", folder="scenarios")
    assert [str(p) for p in caught.value.problems] == [
        "plan.toml:21: proposals[0].posts[0].line: expected a posts_released or regrade line of the proposal, "
        "found 'post'; did you mean 'posts'?",
        "plan.toml:22: proposals[0].posts[0].post_numbers[1]: unknown post number 'WM-999' on the establishment list",
        "plan.toml:40: proposals[1].posts[0].fte: expected at most the 2.5 FTE with grade 'Watch Manager' and cost "
        "centre 'SLA', found 9",
    ]


def test_posts_released_by_two_proposals_are_found() -> None:
    text = (
        POSTS_HEAD
        + inline("A", 'line = "posts"\npost_numbers = ["WM-003"]\n')
        + inline("B", 'line = "posts"\ngrade = "Watch Manager"\ncost_centre = "SLA"\n')
    )
    plan = loads_plan(text, source="plan.toml", format="toml", folder="scenarios")
    findings = evaluate_plan(plan).findings
    assert [f.code for f in findings] == ["PLAN-SAME-POSTS"]
    assert findings[0].proposals == ("A", "B")
    assert "both release post WM-003" in findings[0].message


def test_more_fte_of_a_grade_than_the_list_holds_is_found(tmp_path: Path) -> None:
    text = (
        POSTS_HEAD
        + inline("A", 'line = "posts"\ngrade = "Control Operator"\ncost_centre = "CTL"\n', "Control Operator")
        + '[[proposals]]\ndirectorate = "B"\n[proposals.proposal]\nreference = "B"\nstart_year = "2016/17"\n'
        '[[proposals.proposal.grades]]\nname = "Control Operator"\nunit_cost = "30k"\n'
        '[[proposals.proposal.lines]]\nkind = "posts_released"\nname = "more"\ngrade = "Control Operator"\nfte = 1\n'
    )
    findings = evaluate_plan(loads_plan(text, source="plan.toml", format="toml", folder="scenarios")).findings
    assert [f.code for f in findings] == ["PLAN-BEYOND-ESTABLISHMENT"]
    assert findings[0].message.startswith("5 FTE Control Operator released, but the establishment holds 4")


def test_a_list_outside_the_plan_folder_is_refused(tmp_path: Path) -> None:
    shutil.copytree(FOLDER, tmp_path / "establishment")
    inner = tmp_path / "plans"
    inner.mkdir()
    text = POSTS_HEAD.replace("establishment/", "../establishment/") + inline(
        "A", 'line = "posts"\npost_numbers = ["WM-003"]\n'
    )
    with pytest.raises(InputError, match=r"establishment_list\.file: expected a path inside the plan's folder"):
        loads_plan(text, source="plan.toml", format="toml", folder=inner)
    plan = loads_plan(text, source="plan.toml", format="toml", folder=inner, allow_outside=True)
    assert plan.establishment is not None
    assert len(plan.establishment) == 13


def test_statutory_redundancy_for_the_filled_posts_released() -> None:
    rows = {row.name: row for row in evaluate_plan(load_plan("scenarios/plan-2016-posts.toml")).rows}
    wm, control = rows["FRS-WM-3"].redundancy, rows["FRS-CONTROL-3"].redundancy
    assert wm is not None
    assert control is not None
    # WM-003: age 44, 15 years: 3 years begun at 41 or over (1.5 weeks each) + 12 at 1 = 16.5 weeks; a week's
    # pay 36,381 / 52 = 699.63, capped at £475 on 1 April 2016: 16.5 x 475 = 7,837.50.
    # WM-005: age 39, 9 years at 1 week; half-time: 18,190.50 / 52 = 349.82: 9 x 349.82 = 3,148.38.
    assert (wm.amount, wm.posts, wm.unknown) == (Money("10985.88"), 2, 0)
    # CO-002 is vacant (none); CO-001: age 41, 12 years all begun under 41: 12 weeks x £479 (the cap from
    # 6 April 2016, on the leaving date 1 October 2016) = 5,748.
    assert (control.amount, control.posts) == (Money(5748), 1)


def test_a_regrade_takes_its_fte_from_the_posts_it_names() -> None:
    text = (
        POSTS_HEAD + '[[proposals]]\ndirectorate = "A"\n[proposals.proposal]\nreference = "R"\nstart_year = "2016/17"\n'
        '[[proposals.proposal.grades]]\nname = "Watch Manager"\nunit_cost = "48k"\n'
        '[[proposals.proposal.grades]]\nname = "Station Manager"\nunit_cost = "55k"\n'
        '[[proposals.proposal.lines]]\nkind = "regrade"\nname = "up"\nfrom_grade = "Watch Manager"\n'
        'to_grade = "Station Manager"\nfte = 1\n'
        '[[proposals.posts]]\nline = "up"\ngrade = "Watch Manager"\ncost_centre = "SLA"\n'
    )
    row = evaluate_plan(loads_plan(text, source="plan.toml", format="toml", folder="scenarios")).rows[0]
    # The three SLA posts hold 2.5 FTE: 2.5 x (55,000 - 48,000) = 17,500 a year more.
    assert row.incremental[0] == Money(-17_500)
    assert row.redundancy is not None
    assert row.redundancy.posts == 0  # a regrade makes no one redundant


def test_an_fte_of_a_team_is_taken_in_whole_posts_that_make_it_exactly() -> None:
    # SLA's Watch Managers: WM-003 (1 FTE), WM-004 (1) and WM-005 (0.5). 1.5 FTE is WM-003 and the half-time
    # WM-005, WM-004 passed over: taking it would release 2 FTE where the proposal releases 1.5 (a bug: it did).
    text = POSTS_HEAD + inline("A", 'line = "posts"\ngrade = "Watch Manager"\ncost_centre = "SLA"\nfte = 1.5\n')
    result = evaluate_plan(loads_plan(text, source="plan.toml", format="toml", folder="scenarios"))
    released = result.rows[0].evaluation.proposal.lines[0]
    assert released.fte == Decimal("1.5")  # type: ignore[union-attr]


def test_an_fte_whole_posts_cannot_make_is_refused_with_the_posts_named() -> None:
    text = POSTS_HEAD + inline("A", 'line = "posts"\ngrade = "Watch Manager"\ncost_centre = "SLA"\nfte = 1.2\n')
    with pytest.raises(InputError) as caught:
        loads_plan(text, source="plan.toml", format="toml", folder="scenarios")
    assert [str(p) for p in caught.value.problems] == [
        "plan.toml:24: proposals[0].posts[0].fte: expected an FTE that whole posts with grade 'Watch Manager' and "
        "cost centre 'SLA' make (WM-003 1, WM-004 1, WM-005 0.5; vacant first, then the list's order), found 1.2: "
        "name the posts by post_numbers",
    ]


def test_two_proposals_releasing_different_posts_of_a_grade_are_not_one_saving() -> None:
    # Alike in grade, FTE and dates, but the list says they are two posts: two savings, not one counted twice.
    text = (
        POSTS_HEAD
        + inline("A", 'line = "posts"\npost_numbers = ["WM-003"]\n')
        + inline("B", 'line = "posts"\npost_numbers = ["WM-004"]\n')
    )
    plan = loads_plan(text, source="plan.toml", format="toml", folder="scenarios")
    assert evaluate_plan(plan).findings == ()
