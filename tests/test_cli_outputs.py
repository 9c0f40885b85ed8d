"""The commands that write files (export, report, new --xlsx): each file whole or not at all, never over a file
without --force, never over the input, and a failure leaves nothing behind."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest

from savingsmodel.cli import EXIT_BAD_INPUT, EXIT_OK, main
from savingsmodel.examples import scs4_1_revised
from savingsmodel.files.template import template
from savingsmodel.files.writing import write_bytes_atomically

from builders import ROOT

REVISED = str(ROOT / "scenarios" / "scs4-1-revised.toml")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


@pytest.fixture(autouse=True)
def in_a_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_export_writes_the_workbook(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "export", REVISED, "--xlsx", "scs.xlsx") == (EXIT_OK, "", "wrote scs.xlsx\n")
    book = openpyxl.load_workbook("scs.xlsx", data_only=True)
    assert book.sheetnames[:2] == ["Summary", "Claims"]
    assert book["Summary"]["A1"].value == (
        "SCS4-1 15SCS42 S: Revised staffing model: Watch Manager posts to Incident Support Officer roles"
    )


def test_export_of_a_variant_says_which(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "export", REVISED, "--variant", "posts-leave-october", "--xlsx", "oct.xlsx")[0] == EXIT_OK
    summary = openpyxl.load_workbook("oct.xlsx", data_only=True)["Summary"]
    assert summary["A3"].value == "Variant: posts-leave-october"


def test_nothing_is_written_over_a_file_without_force(capsys: pytest.CaptureFixture[str]) -> None:
    Path("scs.xlsx").write_bytes(b"my own workbook")
    code, out, err = run(capsys, "export", REVISED, "--xlsx", "scs.xlsx")
    assert (code, out) == (EXIT_BAD_INPUT, "")
    assert err == "scs.xlsx: already exists; not overwritten (choose another name, or add --force)\n"
    assert Path("scs.xlsx").read_bytes() == b"my own workbook"
    assert run(capsys, "export", REVISED, "--xlsx", "scs.xlsx", "--force")[0] == EXIT_OK
    assert Path("scs.xlsx").read_bytes()[:2] == b"PK"
    assert sorted(p.name for p in Path().iterdir()) == ["scs.xlsx"]  # no temporary file left


def test_nothing_is_written_over_the_input_even_with_force(capsys: pytest.CaptureFixture[str]) -> None:
    Path("mine.xlsx").write_bytes(template(scs4_1_revised()))
    before = Path("mine.xlsx").read_bytes()
    code, _, err = run(capsys, "export", "mine.xlsx", "--xlsx", "mine.xlsx", "--force")
    assert code == EXIT_BAD_INPUT
    assert err == "mine.xlsx: is the input file; not overwritten (choose another name)\n"
    assert Path("mine.xlsx").read_bytes() == before


def test_every_command_that_reads_a_file_reads_a_template(capsys: pytest.CaptureFixture[str]) -> None:
    Path("mine.xlsx").write_bytes(template(scs4_1_revised()))
    assert run(capsys, "export", "mine.xlsx", "--xlsx", "out.xlsx")[0] == EXIT_OK
    assert run(capsys, "report", "mine.xlsx", "--html", "out.html", "--docx", "out.docx")[0] == EXIT_OK
    code, out, _ = run(capsys, "compare", REVISED, "mine.xlsx")
    assert code == EXIT_OK
    assert "Inputs that differ: none" in out  # the template holds the scenario file's proposal exactly


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["export", REVISED, "--xlsx", "scs.xls"], "scs.xls: expected a file name ending .xlsx"),
        (["report", REVISED], "give at least one of --html OUT, --pdf OUT, --docx OUT"),
        (["report", REVISED, "--html", "r.pdf"], "r.pdf: expected a file name ending .html or .htm for --html"),
        (["report", REVISED, "--docx", "r.doc"], "r.doc: expected a file name ending .docx for --docx"),
        (["new"], "give a FILE ending .toml, or --xlsx TEMPLATE ending .xlsx (one)"),
        (["new", "a.toml", "--xlsx", "a.xlsx"], "give a FILE ending .toml, or --xlsx TEMPLATE ending .xlsx (one)"),
        (["new", "--xlsx", "a.toml"], "a.toml: expected a file name ending .xlsx"),
        (["export", REVISED], "the following arguments are required: --xlsx"),
    ],
)
def test_usage_errors_exit_2_and_write_nothing(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code, out, err = run(capsys, *argv)
    assert (code, out) == (EXIT_BAD_INPUT, "")
    assert message in err
    assert list(Path().iterdir()) == []


def test_report_writes_html_and_word(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "report", REVISED, "--html", "r.html", "--docx", "r.docx")
    assert code == EXIT_OK
    assert err == "wrote r.html\nwrote r.docx\n"
    assert "Summary by year (£000)" in Path("r.html").read_text(encoding="utf-8")
    assert Path("r.docx").read_bytes()[:2] == b"PK"


def test_a_report_that_fails_leaves_no_file_behind(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SAVINGSMODEL_CHROMIUM", "no-such-chromium")
    code, out, err = run(capsys, "report", REVISED, "--html", "r.html", "--pdf", "r.pdf")
    assert (code, out) == (EXIT_BAD_INPUT, "")
    assert err.startswith("savingsmodel: error: cannot make the PDF: Chromium was not found")
    assert list(Path().iterdir()) == []  # the HTML, made first, was not written either


def test_bytes_are_written_whole_or_not_at_all(in_a_folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_bytes_atomically("a.bin", b"\x00\x01binary", overwrite=False)
    assert Path("a.bin").read_bytes() == b"\x00\x01binary"
    with pytest.raises(FileExistsError):
        write_bytes_atomically("a.bin", b"other", overwrite=False)
    import os

    def broken(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(OSError, match="No space left"):
        write_bytes_atomically("a.bin", b"other", overwrite=True)
    assert Path("a.bin").read_bytes() == b"\x00\x01binary"
    assert sorted(p.name for p in in_a_folder.iterdir()) == ["a.bin"]


def test_the_workbook_template_and_export_agree_on_the_inputs(capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "export", REVISED, "--xlsx", "out.xlsx")
    book = openpyxl.load_workbook("out.xlsx")
    template_book = openpyxl.load_workbook(io.BytesIO(template(scs4_1_revised())))
    exported = [row[0].value for row in book["Lines"].iter_rows(min_row=2) if row[0].value]
    templated = [row[1].value for row in template_book["Lines"].iter_rows(min_row=2) if row[1].value]
    assert exported == templated


def test_no_text_in_the_csv_report_can_be_read_as_a_formula(capsys: pytest.CaptureFixture[str]) -> None:
    # The run report's CSV holds figures and fixed labels; a grade's name only after "fte_change:".
    from savingsmodel import Grade, PostsReleased, evaluate
    from savingsmodel.outputs.report import render_run

    from builders import proposal

    hostile = proposal(
        PostsReleased(name="=cmd|' /C calc'!A0", grade="@SUM(A1)", fte=1, source="+1"),
        grades=[Grade(name="@SUM(A1)", unit_cost="1000")],
    )
    text = render_run(evaluate(hostile), [], "csv")
    cells = [cell for line in text.splitlines() for cell in line.split(",")]
    words = [c for c in cells if c and not c.lstrip("-").replace(".", "").isdigit()]
    assert words
    assert not [c for c in words if c[0] in "=+-@"]
