"""The command line, through main(argv): every command and format, exit codes 0/1/2, errors without tracebacks."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from savingsmodel import InputError, __version__, evaluate
from savingsmodel.cli import EXIT_BAD_INPUT, EXIT_CLAIMS_MISS, EXIT_OK, main
from savingsmodel.examples import scs4_1_revised
from savingsmodel.files import load
from savingsmodel.outputs.units import ROUNDING_NOTE

from builders import table_rows

REVISED = "scenarios/scs4-1-revised.toml"
ORIGINAL = "scenarios/scs4-1-original.toml"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


@pytest.fixture
def starter(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "starter.toml"
    assert main(["new", str(path)]) == EXIT_OK
    capsys.readouterr()
    return path


# ---- --version, --help, usage -------------------------------------------------------------------


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "--version") == (EXIT_OK, f"savingsmodel {__version__}\n", "")


@pytest.mark.parametrize("argv", [["--help"], ["run", "--help"], ["check", "--help"], ["compare", "--help"]])
def test_help_shows_examples_and_exit_codes(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    code, out, _ = run(capsys, *argv)
    assert code == EXIT_OK
    assert "savingsmodel check scenarios/*.toml" in out
    assert "2  bad input (a file that cannot be used) or a usage error" in out


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["frobnicate"],
        ["run"],
        ["run", REVISED, "--format", "xml"],
        ["run", REVISED, "--units", "millions"],
        ["check", "--format", "table", REVISED],
        ["compare", REVISED],
        ["compare", REVISED, ORIGINAL, "--variant", "posts-leave-october"],
        ["compare", REVISED, REVISED, REVISED],
        ["compare", REVISED, "--variant", "a", "--variant", "b", "--variant", "c"],
    ],
)
def test_usage_errors_exit_2_with_a_message(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    code, out, err = run(capsys, *argv)
    assert code == EXIT_BAD_INPUT
    assert out == ""
    assert "error:" in err


# ---- run ----------------------------------------------------------------------------------------


def test_run_json_reads_the_worked_case_exactly(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "run", REVISED, "--format", "json")
    assert code == EXIT_OK
    data = json.loads(out)
    assert data["reference"] == "SCS4-1 15SCS42 S"
    years = data["years"]
    assert [y["year"] for y in years] == ["2016/17", "2017/18", "2018/19", "2019/20"]
    assert [y["net_saving"] for y in years] == ["360000.00", "360000.00", "360000.00", "360000.00"]
    assert [y["net_saving_incremental"] for y in years] == ["360000.00", "0.00", "0.00", "0.00"]
    assert [y["gross_saving"] for y in years] == ["576000.00"] * 4
    assert [y["additional_costs"] for y in years] == ["216000.00"] * 4
    assert [(y["one_off_costs"], y["income"], y["fte_change"]) for y in years] == [("0.00", "0.00", "-3")] * 4
    assert data["total_over_period"]["net_saving"] == "1440000.00"
    assert [f["status"] for f in data["findings"]].count("holds") == 7


def test_run_json_with_a_variant(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "run", REVISED, "--variant", "posts-leave-october", "--format", "json")
    assert code == EXIT_OK
    data = json.loads(out)
    assert data["variant"] == "posts-leave-october"
    assert [y["net_saving"] for y in data["years"]] == ["72000.00", "360000.00", "360000.00", "360000.00"]
    assert [y["net_saving_incremental"] for y in data["years"]] == ["72000.00", "288000.00", "0.00", "0.00"]


def test_run_table_in_thousands(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "run", REVISED, "--units", "thousands")
    assert code == EXIT_OK
    rows = table_rows(out)
    assert rows["Net saving (savings - costs)"] == ["360"] * 4
    assert rows["Net saving, incremental (MTFP line)"] == ["360", "-", "-", "-"]
    assert rows["Net after one-off costs"] == ["360"] * 4
    assert rows["Net position to date"] == ["360", "720", "1,080", "1,440"]
    lines = out.splitlines()
    assert any(line.startswith("Total over the period 2016/17 to 2019/20: £1,440k") for line in lines)
    assert ROUNDING_NOTE not in out
    assert "Claims (8 claims, 7 hold, 1 misses, 1 conflict, 0 cannot be checked):" in lines


def test_run_exits_0_even_when_claims_miss(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "run", ORIGINAL)
    assert code == EXIT_OK
    assert "misses: net_saving 2016/17 (para 1): stated £360,000, computed £558,210.76" in out


@pytest.mark.parametrize("units", ["pounds", "thousands"])
def test_run_csv(capsys: pytest.CaptureFixture[str], units: str) -> None:
    code, out, _ = run(capsys, "run", REVISED, "--format", "csv", "--units", units)
    assert code == EXIT_OK
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 5
    key = "net_saving_incremental" + ("_k" if units == "thousands" else "")
    assert [r[key] for r in rows[:4]] == (
        ["360000.00", "0.00", "0.00", "0.00"] if units == "pounds" else ["360", "0", "0", "0"]
    )


def test_run_markdown(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "run", REVISED, "--format", "markdown", "--units", "thousands")
    assert code == EXIT_OK
    assert out.startswith("## SCS4-1 15SCS42 S: Revised staffing model")
    assert "| Gross saving | 576 | 576 | 576 | 576 |" in out


def test_run_thousands_table_adds_up_or_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "rounding.toml"
    path.write_text(
        'reference = "R"\nstart_year = "2020/21"\nhorizon = 2\n'
        '[[grades]]\nname = "G"\nunit_cost = 1500\n'
        '[[lines]]\nkind = "posts_released"\nname = "posts"\ngrade = "G"\nfte = 1\n'
        '[[lines]]\nkind = "recurring_cost"\nname = "cost"\namount = 1499\n',
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "run", str(path), "--units", "thousands")
    assert code == EXIT_OK
    lines = out.splitlines()
    row = {re.split(r"\s{2,}", line)[0]: line.split()[-2:] for line in lines}
    # £1,500 less £1,499 is £1: rounded on their own, 2 - 1 would print beside a net of nil. Largest
    # remainder gives the £1,499 cost the step the column needs, so it adds as printed: 1 - 1 = nil.
    assert row["Gross saving"] == ["1", "1"]
    assert row["Additional costs"] == ["1", "1"]
    assert row["Net saving (savings - costs)"] == ["-", "-"]
    assert ROUNDING_NOTE not in lines


def test_unknown_variant_gets_did_you_mean(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "run", REVISED, "--variant", "posts-leave-octobre")
    assert code == EXIT_BAD_INPUT
    assert out == ""
    line = load(REVISED).line_of("variants")
    assert err == (
        f"{REVISED}:{line}: variants: unknown variant 'posts-leave-octobre'; did you mean 'posts-leave-october'?\n"
    )


# ---- bad input ------------------------------------------------------------------------------------


def test_bad_file_prints_each_problem_as_file_line_path_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(
        'reference = "R"\nstart_year = "2016/17"\n'
        '[[grades]]\nname = "Watch Manager"\nunit_cost = "48k"\n'
        '[[lines]]\nkind = "posts_released"\nname = "WM"\ngrade = "WM C"\nfte = -1\n',
        encoding="utf-8",
    )
    for command in (["run", str(path)], ["check", str(path)], ["explain", str(path), "net_saving"]):
        code, out, err = run(capsys, *command)
        assert code == EXIT_BAD_INPUT
        assert out == ""
        problems = err.splitlines()
        assert any(p.startswith(f"{path}:9: lines[0].grade: unknown grade 'WM C'; ") for p in problems)
        assert any(p.startswith(f"{path}:10: lines[0].fte: expected an FTE of zero or more") for p in problems)


def test_missing_file_and_syntax_error_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "run", str(tmp_path / "nowhere.toml"))
    assert (code, out) == (EXIT_BAD_INPUT, "")
    assert err.startswith(f"{tmp_path / 'nowhere.toml'}: cannot read the file")
    broken = tmp_path / "broken.toml"
    broken.write_text('reference = "R\n', encoding="utf-8")
    code, out, err = run(capsys, "check", str(broken))
    assert (code, out) == (EXIT_BAD_INPUT, "")
    assert err.startswith(f"{broken}:1: ")


def test_an_infinite_amount_reads_as_english(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "inf.yaml"
    path.write_text(
        "reference: x\nstart_year: 2016/17\nlines:\n  - kind: recurring_cost\n    name: b\n    amount: .inf\n",
        encoding="utf-8",
    )
    assert main(["run", str(path)]) == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert "a finite an" not in err
    assert "lines[0].amount: expected a finite amount of money, found Decimal('Infinity')" in err


def test_a_one_off_cost_dated_with_a_time_is_reported_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "dt.toml"
    path.write_text(
        'reference = "DT"\nstart_year = "2016/17"\n[[lines]]\nkind = "one_off_cost"\nname = "o"\namount = "1k"\n'
        "start = 2025-01-01T10:00:00\n",
        encoding="utf-8",
    )
    assert main(["run", str(path)]) == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "dt.toml:7: lines[0].start: " in err


# ---- check ----------------------------------------------------------------------------------------


def test_check_prefixes_each_finding_with_the_file_and_line_of_its_claim(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", REVISED)
    assert code == EXIT_CLAIMS_MISS
    scenario = load(REVISED)
    lines = out.splitlines()
    first = scenario.line_of("claims[0]")
    assert lines[0] == (
        f"{REVISED}:{first}: holds: gross_saving 2016/17 (para 11): stated £576,000, computed £576,000: "
        "holds to the nearest £1,000"
    )
    para_8_1, para_12 = scenario.line_of("claims[6]"), scenario.line_of("claims[7]")
    conflict = next(line for line in lines if ": conflict: " in line)
    assert conflict.startswith(f"{REVISED}:{para_8_1}: conflict: fte_change (Crew Manager) 2016/17")
    assert conflict.endswith(f"(claims at lines {para_8_1} and {para_12})")
    assert lines[-1] == (
        f"{REVISED}: 8 claims, 7 hold, 1 misses, 1 conflict, 0 cannot be checked; 1 officer-check warning"
    )


def test_check_shows_officer_checks_under_their_own_heading(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "check", REVISED)
    heading = out.splitlines().index(
        "Officer checks (beyond the arithmetic; an unacknowledged warning fails the check):"
    )
    checks = out.splitlines()[heading + 1 :]
    line = load(REVISED).line_of("lines[2]")
    assert any(c.startswith(f"{REVISED}:{line}: warning WORDS-UNIT-COST: ") for c in checks)


def test_check_exits_0_when_every_claim_holds(starter: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", str(starter))
    assert code == EXIT_OK
    assert out.splitlines()[-1] == f"{starter}: 4 claims, 4 hold, 0 miss, 0 conflicts, 0 cannot be checked"


def test_check_many_files_sums_up_per_file_and_in_total(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", ORIGINAL, REVISED)
    assert code == EXIT_CLAIMS_MISS
    assert out.splitlines()[-3:] == [
        f"{ORIGINAL}: 5 claims, 3 hold, 2 miss, 0 conflicts, 0 cannot be checked",
        f"{REVISED}: 8 claims, 7 hold, 1 misses, 1 conflict, 0 cannot be checked; 1 officer-check warning",
        "total (2 files): 13 claims, 10 hold, 3 miss, 1 conflict, 0 cannot be checked; 1 officer-check warning",
    ]


def test_check_with_one_bad_file_still_checks_the_rest_and_exits_2(
    starter: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "empty.toml"
    bad.write_text("", encoding="utf-8")
    code, out, err = run(capsys, "check", str(bad), str(starter))
    assert code == EXIT_BAD_INPUT
    assert err.startswith(f"{bad}")
    assert out.splitlines()[-1].startswith(f"{starter}: 4 claims, 4 hold")
    code, out, err = run(capsys, "check", str(bad), str(starter), "--format", "json")
    assert code == EXIT_BAD_INPUT
    entries = json.loads(out)
    assert entries[0]["kind"] == "input_error"
    assert entries[0]["file"] == str(bad)
    assert entries[0]["message"] in err
    assert {e["file"] for e in entries[1:]} == {str(starter)}


def test_check_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", REVISED, ORIGINAL, "--format", "json")
    assert code == EXIT_CLAIMS_MISS
    entries = json.loads(out)
    claims = [e for e in entries if e["kind"] == "claim"]
    first = claims[0]
    assert {k: first[k] for k in ("file", "claim", "year", "stated", "computed", "difference", "status")} == {
        "file": REVISED,
        "claim": "gross_saving",
        "year": "2016/17",
        "stated": "576000.00",
        "computed": "576000.00",
        "difference": "0.00",
        "status": "holds",
    }
    assert first["line"] == load(REVISED).line_of("claims[0]")
    assert first["message"].startswith("gross_saving 2016/17 (para 11)")
    original = [e for e in claims if e["file"] == ORIGINAL]
    assert (original[0]["stated"], original[0]["computed"], original[0]["difference"]) == (
        "360000.00",
        "558210.76",
        "198210.76",
    )
    assert {e["status"] for e in claims} == {"holds", "misses", "conflict"}
    checks = [e for e in entries if e["kind"] == "check"]
    assert any(e["code"] == "WORDS-UNIT-COST" and e["severity"] == "warning" for e in checks)
    assert all(e["file"] == REVISED for e in checks)


# ---- explain ----------------------------------------------------------------------------------------


def test_explain_a_figure_in_a_year(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "explain", REVISED, "gross_saving", "2016/17")
    assert code == EXIT_OK
    assert out == (
        "gross saving in 2016/17: £576,000\n  12 FTE x £48,000 = £576,000 (Watch Manager posts released; para 9)\n"
    )


def test_explain_with_a_variant_and_over_the_period(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "explain", REVISED, "gross_saving", "2016/17", "--variant", "posts-leave-october")
    assert "12 FTE x £48,000 x 6/12 = £288,000" in out
    _, out, _ = run(capsys, "explain", REVISED, "net_saving")
    assert out.startswith("net saving over the period: £1,440,000\n")
    _, out, _ = run(capsys, "explain", REVISED, "fte_change", "2016/17", "--grade", "Watch Manager")
    assert out == (
        "FTE change, Watch Manager in 2016/17: -11 FTE\n"
        "  -12 FTE Watch Manager (Watch Manager posts released; para 9)\n"
        "  +1 FTE Watch Manager (Resource Management Team Watch Manager post; para 10)\n"
    )


def test_evaluation_refuses_a_malformed_year_or_unknown_grade_as_bad_input() -> None:
    # Fixed in engine.py: these raised ValueError (a traceback from the CLI) or explained an unknown grade as 0 FTE.
    result = evaluate(scs4_1_revised())
    with pytest.raises(InputError, match="expected a financial year such as '2016/17', found '2016'"):
        result.year("2016")
    with pytest.raises(InputError, match="unknown grade 'Crew Managr'; did you mean 'Crew Manager'"):
        result.explain("fte_change", "2016/17", grade="Crew Managr")
    assert result.explain("fte_change", "2016/17", grade="Crew Manager").parts == (
        "+8 FTE Crew Manager (Additional Crew Manager posts; para 12)",
    )


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["net_savings", "2016/17"], "figure: unknown figure 'net_savings'; did you mean 'net_saving'?"),
        (["net_saving", "2030/31"], "year: expected a year from 2016/17 to 2019/20, found 2030/31"),
        (["net_saving", "2016"], "year: expected a financial year such as '2016/17', found '2016'"),
        (
            ["fte_change", "2016/17", "--grade", "Watch Managr"],
            "grade: unknown grade 'Watch Managr'; did you mean 'Watch Manager'?",
        ),
    ],
)
def test_explain_bad_figure_or_year(capsys: pytest.CaptureFixture[str], argv: list[str], message: str) -> None:
    code, out, err = run(capsys, "explain", REVISED, *argv)
    assert (code, out) == (EXIT_BAD_INPUT, "")
    assert err.startswith(REVISED)
    assert err.rstrip().endswith(message)


def test_explain_refuses_a_grade_for_a_money_figure(capsys: pytest.CaptureFixture[str]) -> None:
    # Before: --grade was ignored and the whole proposal's gross saving shown as if for the grade.
    code = main(["explain", "scenarios/scs4-1-revised.toml", "gross_saving", "2016/17", "--grade", "Crew Manager"])
    out, err = capsys.readouterr()
    assert code == EXIT_BAD_INPUT
    assert out == ""
    assert "grade: expected a grade only for fte_change, found one for gross_saving" in err


# ---- compare -----------------------------------------------------------------------------------------


def test_compare_baseline_with_a_variant(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "compare", REVISED, "--variant", "posts-leave-october")
    assert code == EXIT_OK
    lines = out.splitlines()
    assert lines[:3] == ["Comparing", f"  A: {REVISED} (baseline)", f"  B: {REVISED}, variant posts-leave-october"]
    assert '  lines["Watch Manager posts released"].start: 2016-04-01 -> 2016-10-01' in lines
    at = lines.index("  Net saving, incremental (MTFP line)")
    assert [line.split()[-4:] for line in lines[at + 1 : at + 4]] == [
        ["£360,000", "£0", "£0", "£0"],
        ["£72,000", "£288,000", "£0", "£0"],
        ["-£288,000", "£288,000", "£0", "£0"],
    ]
    assert "  Watch Manager posts released  -£288,000       £0       £0       £0" in lines
    assert lines[-1].endswith("A £1,440,000, B £1,152,000, B - A -£288,000")


def test_compare_two_variants(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "compare", ORIGINAL, "--variant", "claim-implied-unit-cost", "--variant", "watch-manager-rate"
    )
    assert code == EXIT_OK
    assert f"  A: {ORIGINAL}, variant claim-implied-unit-cost" in out
    assert 'grades["Supervisory Manager"].unit_cost: 25714.29 -> (not set)' in out
    assert 'grades["Supervisory Manager"].build_up.salary: (not set) -> 34086' in out
    assert "build_up.allowances" not in out  # a default is not a difference
    assert 'grades["Firefighter"] unit cost in use: £25,714.29 -> £37,843.31' in out


def test_compare_two_files(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "compare", ORIGINAL, REVISED, "--units", "thousands")
    assert code == EXIT_OK
    assert 'lines["Firefighter posts released"]: only in A' in out
    assert 'lines["Resource Management Team"]: only in B' in out
    net = out.splitlines()[out.splitlines().index("  Net saving (savings - costs)") + 3]
    # A's unit costs are rebuilt each year (issue 12, point 1): by 2019/20 the secondary threshold is
    # £8,632, not £8,112, so A's 14 posts cost 14 x 13.8% x 520 = £1,004.64 less: £557,206.12, (197).
    assert net.split()[-4:] == ["(198)"] * 3 + ["(197)"]


def test_compare_unknown_variant(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "compare", REVISED, "--variant", "october")
    assert (code, out) == (EXIT_BAD_INPUT, "")
    assert "unknown variant 'october'" in err


# ---- schema and new -------------------------------------------------------------------------------------


def test_schema_is_json_naming_the_fields(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "schema")
    assert code == EXIT_OK
    schema = json.loads(out)
    assert {"reference", "start_year", "grades", "lines", "claims", "variants"} <= set(schema["properties"])


def test_new_writes_a_starter_that_loads_runs_and_checks(starter: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = starter.read_text(encoding="utf-8")
    assert text.startswith("# A savings proposal for savingsmodel.")
    assert load(starter).proposal.reference == "ABC1-1"
    code, out, _ = run(capsys, "run", str(starter))
    assert code == EXIT_OK
    assert "Net after one-off costs" in out
    for variant in ("team-starts-in-july", "dearer-posts"):
        assert run(capsys, "run", str(starter), "--variant", variant)[0] == EXIT_OK
    assert [p.name for p in starter.parent.iterdir()] == ["starter.toml"]  # no temporary file left beside it


def test_new_refuses_to_overwrite(starter: Path, capsys: pytest.CaptureFixture[str]) -> None:
    starter.write_text("mine", encoding="utf-8")
    code, out, err = run(capsys, "new", str(starter))
    assert (code, out) == (EXIT_BAD_INPUT, "")
    assert err == f"{starter}: already exists; not overwritten (choose another name, or add --force)\n"
    assert starter.read_text(encoding="utf-8") == "mine"


def test_new_refuses_other_names_and_missing_folders(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "new", str(tmp_path / "starter.yaml"))
    assert code == EXIT_BAD_INPUT
    assert "expected a file name ending .toml" in err
    code, _, err = run(capsys, "new", str(tmp_path / "no" / "such" / "starter.toml"))
    assert code == EXIT_BAD_INPUT
    assert "cannot write" in err
    assert list(tmp_path.iterdir()) == []


# ---- the console script, as a process ------------------------------------------------------------------


def _console_script() -> list[str]:
    beside = Path(sys.executable).with_name("savingsmodel")
    return [str(beside)] if beside.exists() else [sys.executable, "-m", "savingsmodel"]


def test_console_script_checks_the_bundled_scenario() -> None:
    done = subprocess.run(  # noqa: S603 - our own console script
        [*_console_script(), "check", REVISED],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONWARNINGS": "error"},
    )
    assert done.returncode == EXIT_CLAIMS_MISS, done.stderr
    assert done.stderr == ""
    assert done.stdout.splitlines()[-1].startswith(f"{REVISED}: 8 claims, 7 hold")
    # What it imports (no pandas, numpy or YAML): tests/test_startup_imports.py.


def test_check_places_each_year_of_a_claimed_series_on_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "series.toml"
    path.write_text(
        'reference = "T1"\nstart_year = "2016/17"\n'
        '[[lines]]\nkind = "recurring_income"\nname = "fees"\namount = "100k"\n'
        '[[series]]\nfigure = "net_saving"\nyear = "2016/17"\nvalues = ["100k", "100k", "0", "0"]\n'
        'basis = "incremental"\nrounded_to = "1k"\nsource = "MTFP table"\n',
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "check", str(path))
    assert code == EXIT_CLAIMS_MISS
    lines = out.splitlines()
    assert lines[0].startswith(f"{path}:7: holds: series[0] net_saving incremental 2016/17")
    assert lines[1].startswith(f"{path}:7: misses: series[0] net_saving incremental 2017/18")
    assert lines[-1].startswith(f"{path}: 4 claims, 3 hold, 1 misses")
    code, out, _ = run(capsys, "check", str(path), "--format", "json")
    second = json.loads(out)[1]
    assert (second["claim"], second["basis"], second["line"], second["stated"], second["computed"]) == (
        "net_saving",
        "incremental",
        7,
        "100000.00",
        "0.00",
    )


def test_new_loses_a_race_cleanly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Another process creates the file between the existence check and the link: the link refuses, atomically.
    def taken(source: str, target: str) -> None:
        raise FileExistsError(target)

    monkeypatch.setattr(os, "link", taken)
    path = tmp_path / "race.toml"
    code, out, err = run(capsys, "new", str(path))
    assert (code, out) == (EXIT_BAD_INPUT, "")
    assert "already exists; not overwritten" in err
    assert list(tmp_path.iterdir()) == []


def test_yaml_files_work_the_same(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from savingsmodel.files import dumps

    path = tmp_path / "revised.yaml"
    path.write_text(dumps(load(REVISED).proposal, "yaml"), encoding="utf-8")
    code, out, _ = run(capsys, "check", str(path))
    assert code == EXIT_CLAIMS_MISS
    assert out.splitlines()[-1].startswith(f"{path}: 8 claims, 7 hold, 1 misses, 1 conflict, 0 cannot be checked")
    code, out, _ = run(capsys, "run", str(path), "--variant", "posts-leave-october", "--format", "json")
    assert [y["net_saving_incremental"] for y in json.loads(out)["years"]] == ["72000.00", "288000.00", "0.00", "0.00"]


def test_explain_help_names_every_figure(capsys: pytest.CaptureFixture[str]) -> None:
    from savingsmodel.model.claims import Figure

    assert main(["explain", "--help"]) == EXIT_OK
    text = " ".join(capsys.readouterr().out.split())
    assert all(figure.value in text for figure in Figure)


def test_run_reports_the_officer_checks_but_does_not_judge(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "run", REVISED)
    assert code == EXIT_OK  # a warning is reported; only `check` fails on it
    after = out.split("Officer checks (beyond the arithmetic):\n", 1)[1]
    assert "warning WORDS-UNIT-COST: 'Additional Crew Manager posts' (para 12)" in after
    code, out, _ = run(capsys, "run", REVISED, "--format", "json")
    assert "WORDS-UNIT-COST" in [c["code"] for c in json.loads(out)["checks"]]
