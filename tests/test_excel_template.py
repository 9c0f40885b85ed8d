"""Excel input templates: written by `new --xlsx`, read by every command, each problem named at its Sheet!Cell.

Every bundled scenario goes through a template and back unchanged. Then one broken template per
failure mode (made by editing a good one with openpyxl, as a user's spreadsheet program would), each
with the message it must give; and formulas, which are read as their saved results or refused.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import xlsxwriter
from hypothesis import assume, given, settings

from savingsmodel import InputError, Proposal
from savingsmodel.cli import EXIT_BAD_INPUT, EXIT_OK, main
from savingsmodel.examples import scs4_1_revised
from savingsmodel.files import load, xlsx
from savingsmodel.files.template import template

from builders import ROOT, changed, uprated_proposals
from workbook_cases import CONTRACTED_OUT, EDGE, ONCOSTS, REDUNDANCIES

SCENARIOS = sorted(p for p in (ROOT / "scenarios").glob("*.toml") if not p.name.startswith("plan-"))
EVERY = [*SCENARIOS, ROOT / "tests" / "data" / "every-section.toml", ROOT / "savingsmodel" / "files" / "starter.toml"]


@pytest.mark.parametrize("path", [*EVERY, None], ids=lambda p: "edge" if p is None else p.stem)
def test_a_proposal_goes_through_a_template_and_back_unchanged(path: Path | None, tmp_path: Path) -> None:
    proposal = EDGE if path is None else load(path).proposal
    target = tmp_path / "proposal.xlsx"
    target.write_bytes(template(proposal))
    assert load(target).proposal == proposal


@pytest.mark.parametrize("proposal", [ONCOSTS, CONTRACTED_OUT, REDUNDANCIES], ids=lambda p: p.reference)
def test_on_costs_start_conventions_and_redundancy_go_through_a_template_and_back(
    proposal: Proposal, tmp_path: Path
) -> None:
    # Every field of issue 12's rules has a column: headcount, vacant, the build-up's scheme, NI category,
    # pension rates by year, deficit, vacancy factors, the start conventions, redundancy and its funding.
    proposal = changed(proposal, costs_count_from="first_full_month", savings_count_from="start")
    target = tmp_path / "proposal.xlsx"
    target.write_bytes(template(proposal))
    assert load(target).proposal == proposal


def test_every_field_of_every_line_kind_and_build_up_has_a_column() -> None:
    # A field without a column would be dropped, unseen, by a proposal's trip through a template.
    from savingsmodel.model.buildup import UnitCostBuildUp
    from savingsmodel.model.lines import LINE_KINDS

    columns = {section.sheet: {c.header for c in section.columns} for section in xlsx.SECTIONS}
    for name, kind in LINE_KINDS.items():
        missing = set(kind.model.model_fields) - columns["Lines"] - {"schedule"}  # steps: the Schedule sheet
        assert not missing, f"{name}: {sorted(missing)}"
    built = {f"build_up.{f}" for f in UnitCostBuildUp.model_fields} - {"build_up.other"}  # the On-costs sheet
    assert built <= columns["Grades"]
    scalar = {f for f, info in Proposal.model_fields.items() if f not in {s.key for s in xlsx.SECTIONS}}
    from savingsmodel.model.claims import PaybackClaim

    assert scalar - {c.header for c in xlsx.PROPOSAL_FIELDS} == {"payback"}  # a row for each of its fields:
    assert {f"payback.{f}" for f in PaybackClaim.model_fields} <= {c.header for c in xlsx.PROPOSAL_FIELDS}
    from savingsmodel.model.prices import Award, Index

    assert set(Index.model_fields) - {"rates"} == {c.header for c in _section("Indices").columns}
    assert set(Award.model_fields) | {"index"} == {c.header for c in _section("Index rates").columns}
    from savingsmodel.model.claims import Claim

    assert set(Claim.model_fields) == {c.header for c in _section("Claims").columns}
    from savingsmodel.model.claims import UnitCostClaim

    assert set(UnitCostClaim.model_fields) == {c.header for c in _section("Unit cost claims").columns}


def _section(sheet: str) -> xlsx.Section:
    return next(s for s in xlsx.SECTIONS if s.sheet == sheet)


def edited(tmp_path: Path, edit: Callable[[openpyxl.Workbook], None], proposal: Proposal | None = None) -> Path:
    """A template of the worked case, changed by ``edit`` and saved again by openpyxl."""
    book = openpyxl.load_workbook(io.BytesIO(template(proposal or scs4_1_revised())))
    edit(book)
    target = tmp_path / "T.xlsx"
    book.save(target)
    return target


def put(**cells: Any) -> Callable[[openpyxl.Workbook], None]:
    """An edit setting cells, written ``Sheet_A1=value`` (spaces in a sheet's name as underscores)."""

    def edit(book: openpyxl.Workbook) -> None:
        for where, value in cells.items():
            sheet, cell = where.rsplit("_", 1)
            book[sheet.replace("_", " ")][cell] = value

    return edit


def renamed(old: str, new: str) -> Callable[[openpyxl.Workbook], None]:
    def edit(book: openpyxl.Workbook) -> None:
        book[old].title = new

    return edit


BROKEN: list[tuple[str, Callable[[openpyxl.Workbook], None], list[str]]] = [
    ("negative FTE", put(Lines_F2=-1), ["T.xlsx: Lines!F2: lines[0].fte: expected an FTE of zero or more, found -1"]),
    (
        "unknown grade",
        put(Lines_C2="WM C"),
        ["T.xlsx: Lines!C2: lines[0].grade: unknown grade 'WM C'; known: 'Watch Manager', 'Crew Manager'"],
    ),
    (
        "year typed as a date",
        put(Proposal_B6=datetime(2016, 1, 17)),
        [
            "T.xlsx: Proposal!B6: start_year: expected a financial year as text such as '2016/17', found a date "
            "(2016-01-17); format the cell as Text and type the year again"
        ],
    ),
    (
        "unknown kind",
        put(Lines_A2="post_released"),
        ["T.xlsx: Lines!A2: lines[0]: unknown kind 'post_released'; did you mean 'posts_released'?"],
    ),
    (
        "missing reference",
        put(Proposal_B2=None),
        ["T.xlsx: Proposal!B2: reference: expected a value, found nothing (required)"],
    ),
    (
        "unknown heading",
        put(Claims_I1="sorce"),
        ["T.xlsx: Claims!I1: unknown heading 'sorce' on Claims; did you mean 'source'?"],
    ),
    (
        "value under no heading",
        put(Lines_AZ2=5),
        ["T.xlsx: Lines!AZ2: expected a value under a heading, found one in a column with none"],
    ),
    (
        "unknown field on the Proposal sheet",
        put(Proposal_A30="horizn", Proposal_B30=5),
        ["T.xlsx: Proposal!A30: unknown field 'horizn'; did you mean 'horizon'?"],
    ),
    (
        "stated payback that is not a number of months",
        put(Proposal_B16="five"),
        ["T.xlsx: Proposal!B16: payback.months: expected a number, found 'five'"],
    ),
    (
        "schedule step of an unknown line",
        put(Schedule_A2="Nope", Schedule_B2=datetime(2016, 5, 1), Schedule_C2=2),
        ["T.xlsx: Schedule!A2: unknown line 'Nope'; known: "],
    ),
    (
        "rate of an unknown index",
        put(Index_rates_A2="Nope", Index_rates_B2="2016/17", Index_rates_C2=0.02),
        ["T.xlsx: Index rates!A2: unknown index 'Nope'; the Indices sheet names none"],
    ),
    (
        "claim on an unknown line",
        put(Claims_L2="Nope"),
        ["T.xlsx: Claims!L2: claims[0].line: unknown line 'Nope'; known: "],
    ),
    (
        "variant value that is not a date",
        put(Variants_F2="2016-10-01x"),
        ["T.xlsx: Variants!F2: variants[0].lines.Watch Manager posts released.start: expected a date such as"],
    ),
    (
        "unknown sheet",
        renamed("Assumptions", "Asumptions"),
        ["T.xlsx: Asumptions!A1: unknown sheet 'Asumptions'; did you mean 'Assumptions'?"],
    ),
    (
        "formula with no saved result",
        put(Grades_B2="=40000+8000"),
        [
            "T.xlsx: Grades!B2: a formula with no saved result (=40000+8000); type the value, or open and save the "
            "workbook in Excel or LibreOffice so that its result is saved (formulas are never worked out here)"
        ],
    ),
]


@pytest.mark.parametrize(("edit", "expected"), [(e, x) for _, e, x in BROKEN], ids=[n for n, _, _ in BROKEN])
def test_a_broken_template_names_the_cell(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, edit: Any, expected: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    edited(tmp_path, edit)
    with pytest.raises(InputError) as raised:
        load("T.xlsx")
    found = [str(p) for p in raised.value.problems]
    assert len(found) >= len(expected)
    for want, got in zip(expected, found, strict=False):
        assert got.startswith(want), got


def test_the_command_line_reports_a_bad_template_by_cell_and_exits_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    edited(tmp_path, put(Lines_F2=-1))
    assert main(["run", "T.xlsx"]) == EXIT_BAD_INPUT
    out, err = capsys.readouterr()
    assert out == ""
    assert err == "T.xlsx: Lines!F2: lines[0].fte: expected an FTE of zero or more, found -1\n"


def test_a_formula_is_read_as_its_saved_result_never_worked_out(tmp_path: Path) -> None:
    # A spreadsheet program saves each formula's result beside it; that result is what is read.
    target = tmp_path / "saved.xlsx"
    book = xlsxwriter.Workbook(target)
    proposal = book.add_worksheet("Proposal")
    for row, (key, value) in enumerate((("reference", "F-1"), ("start_year", "2016/17")), start=1):
        proposal.write_string(row, 0, key)
        proposal.write_string(row, 1, value)
    grades = book.add_worksheet("Grades")
    grades.write_row(0, 0, ["name", "unit_cost"])
    grades.write_string(1, 0, "Clerk")
    grades.write_formula(1, 1, "=30000*1.01", None, 30300)
    grades.write_string(2, 0, "Officer")
    grades.write_formula(2, 1, '=SUM(1,2)&"never run"', None, 40000)  # the saved result, not the formula, counts
    book.close()
    read = load(target).proposal
    assert [str(g.unit_cost) for g in read.grades] == ["£30,300", "£40,000"]


def test_numbers_are_read_as_a_spreadsheet_shows_them(tmp_path: Path) -> None:
    target = tmp_path / "numbers.xlsx"
    book = xlsxwriter.Workbook(target)
    proposal = book.add_worksheet("Proposal")
    proposal.write_string(1, 0, "reference")
    proposal.write_string(1, 1, "N-1")
    proposal.write_string(2, 0, "start_year")
    proposal.write_string(2, 1, "2016/17")
    grades = book.add_worksheet("Grades")
    grades.write_row(0, 0, ["name", "unit_cost", "build_up.salary", "build_up.tax_year", "build_up.pension_rate"])
    grades.write_row(1, 0, ["Clerk", 0.1 + 0.2])  # 0.30000000000000004 as a double; 0.3 as a spreadsheet shows it
    grades.write_row(2, 0, ["Officer", None, 36381.1, "2015/16", 0.217])
    book.close()
    read = load(target).proposal
    assert str(read.grades[0].unit_cost.amount) == "0.3"
    build_up = read.grades[1].build_up
    assert build_up is not None
    assert (str(build_up.salary.amount), str(build_up.pension_rate)) == ("36381.1", "0.217")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"reference = 'x'\n", "T.xlsx: expected an Excel workbook (.xlsx), found something else"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100,
            "T.xlsx: expected an Excel workbook (.xlsx), found something else; "
            "save it from Excel as an Excel Workbook (.xlsx)",
        ),
    ],
    ids=["text", "old .xls"],
)
def test_a_file_that_is_no_workbook_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: bytes, message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("T.xlsx").write_bytes(content)
    with pytest.raises(InputError) as raised:
        load("T.xlsx")
    assert [str(p) for p in raised.value.problems] == [message]


def test_a_workbook_that_unpacks_too_large_is_refused_unopened(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(xlsx, "_MAX_UNPACKED", 1000)  # a zip bomb, in miniature
    with zipfile.ZipFile("T.xlsx", "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"<" + b" " * 2000 + b">")
    with pytest.raises(InputError, match="expected a plain workbook of at most 1,000 bytes unpacked, found 2,002"):
        load("T.xlsx")


def test_new_writes_a_template_that_every_command_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["new", "--xlsx", "mine.xlsx"]) == EXIT_OK
    starter = load(ROOT / "savingsmodel" / "files" / "starter.toml").proposal
    assert load("mine.xlsx").proposal == starter
    assert main(["run", "mine.xlsx"]) == EXIT_OK
    assert main(["check", "mine.xlsx"]) == EXIT_OK
    assert main(["explain", "mine.xlsx", "net_saving", "2027/28"]) == EXIT_OK
    capsys.readouterr()
    assert main(["new", "--xlsx", "mine.xlsx"]) == EXIT_BAD_INPUT  # never over a file without --force
    assert "mine.xlsx: already exists; not overwritten (choose another name, or add --force)" in capsys.readouterr().err
    assert main(["new", "--xlsx", "mine.xlsx", "--force"]) == EXIT_OK


def test_the_template_offers_lists_for_grades_and_line_kinds() -> None:
    book = openpyxl.load_workbook(io.BytesIO(template(scs4_1_revised())))
    lines = book["Lines"]
    rules = {str(v.sqref): v.formula1 for v in lines.data_validations.dataValidation}
    assert rules["A2:A501"] == "Lists!$A$2:$A$14"  # the kinds of line
    assert rules["C2:C501"] == "Grades!$A$2:$A$501"
    kinds = [book["Lists"].cell(row, 1).value for row in range(2, 15)]
    assert kinds == [
        "posts_released",
        "posts_created",
        "regrade",
        "allowance",
        "recurring_cost",
        "recurring_income",
        "one_off_cost",
        "one_off_income",
        "capital_spend",
        "redundancy",
        "recurring_saving",
        "transfer_out",
        "transfer_in",
    ]
    assert book["Proposal"]["B6"].number_format == "@"  # a year typed there stays text


def test_check_places_each_finding_at_its_claim_cell(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("scs.xlsx").write_bytes(template(scs4_1_revised()))
    main(["check", "scs.xlsx"])
    out = capsys.readouterr().out
    assert "scs.xlsx: Claims!A2: holds: gross_saving 2016/17 (para 11)" in out
    assert "scs.xlsx: Claims!A8: misses: fte_change (Crew Manager) 2016/17 (para 8.1)" in out


@settings(max_examples=40)
@given(uprated_proposals())
def test_any_proposal_goes_through_a_template_and_back_unchanged(proposal: Proposal) -> None:
    # Text of spaces alone is an empty cell, so it does not come back as spaces.
    assume(not any(text and not text.strip() for text in _texts(proposal.model_dump())))
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "p.xlsx"
        target.write_bytes(template(proposal))
        assert load(target).proposal == proposal


def _texts(data: object) -> list[str]:
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [t for key, value in data.items() for t in (*_texts(key), *_texts(value))]
    if isinstance(data, list | tuple):
        return [t for item in data for t in _texts(item)]
    return []


def test_text_in_a_template_comes_back_exactly(tmp_path: Path) -> None:
    # Control characters are refused in any input (issue 11); what looks like an escape or a formula is kept as text.
    odd = scs4_1_revised().model_copy(update={"title": "a literal _x0041_ and =SUM(A1), @x, +y, -z"})
    target = tmp_path / "odd.xlsx"
    target.write_bytes(template(odd))
    assert load(target).proposal.title == odd.title
