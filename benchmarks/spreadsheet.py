"""What officers do today, timed: a spreadsheet with a row per draw, recalculated by LibreOffice headless.

Issue 8 point 7 asks for the ratio of the vectorised engine to "a spreadsheet with a row per draw
recalculated by LibreOffice headless" (at least 40x). This benchmark writes the draws of
``benchmarks/many.py`` (ten inputs of the worked case, uniformly drawn) into a workbook, one row
a draw, with live formulas for the net saving of each of four years: the same arithmetic as the
bare numpy of ``many.py`` (posts x unit cost x the months in force / 12, rounded half-up to the
penny, less each cost line likewise), in pence, so a spreadsheet's doubles stay exact integers.
LibreOffice opens it with every formula recalculated on load and saves the results as CSV; the
results are read back and checked equal, to the penny, to ``evaluate_many``'s, so the two did
the same sums. Then ``evaluate_many`` of the same draws is timed in the same run.

Timed for LibreOffice: the recalculation run (start, load, recalculate, save), not the writing of
the workbook (an officer's spreadsheet already exists); its peak memory is the child's
``ru_maxrss``. Not a test; run it by hand from the repository root (needs ``soffice``):

    .venv/bin/python benchmarks/spreadsheet.py                  # 1,000,000 rows (a few minutes)
    .venv/bin/python benchmarks/spreadsheet.py --draws 100000

``docs/performance.md`` has the figures.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from many import CM, RMT, WM, bare, draws  # a sibling benchmark, found through sys.path

from savingsmodel.engine.many import evaluate_many
from savingsmodel.examples import scs4_1_revised

YEARS = 4
# The ten inputs, in the order of the columns A to J.
COLUMNS = [
    "grades.Watch Manager.unit_cost",
    f"{WM}.fte",
    f"{WM}.start",
    f"{CM}.cost",
    f"{CM}.fte",
    "lines.ISO allowances.total",
    "lines.Additional turnout and disturbance costs.amount",
    "lines.Uplift of responsibilities from WM A to WM B.amount",
    f"{RMT}.amount",
    f"{RMT}.start",
]

# Recalculate every formula of an .xlsx file on load (the same profile as tests/test_workbook_recalc.py).
_PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
<prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def formula(row: int, year: int) -> str:
    """The net saving of ``year`` (0 = 2016/17) in pence for the draw on ``row``, as an officer would write it."""

    def months(shift: str) -> str:
        return f"MIN(MAX({12 * (year + 1)}-MAX({shift},{12 * year}),0),12)"

    def phased(rate: str, shift: str) -> str:
        return f"INT((2*{rate}*{months(shift)}+12)/24)"

    r = row
    return (
        f"={phased(f'A{r}*B{r}', f'C{r}')}-(D{r}+F{r}+G{r}+H{r})-{phased(f'I{r}', f'J{r}')}"
    )  # fmt: skip


def write(path: Path, inputs: dict[str, Any], n: int) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("Draws")
    sheet.write_row(0, 0, [*COLUMNS, *(f"net saving year {t + 1} (pence)" for t in range(YEARS))])
    columns = [inputs[name] for name in COLUMNS]
    for i in range(n):
        row = i + 1
        sheet.write_row(row, 0, [int(c[i]) for c in columns])
        for t in range(YEARS):
            sheet.write_formula(row, len(COLUMNS) + t, formula(row + 1, t))
    book.close()


def recalculate(soffice: str, path: Path, folder: Path) -> tuple[float, float, Path]:
    """LibreOffice opens, recalculates and saves ``path`` as CSV: (seconds, peak MB, the CSV)."""
    profile = folder / "profile"
    (profile / "user").mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_text(_PROFILE, encoding="utf-8")
    command = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore"]
    command += ["--convert-to", "csv", "--outdir", str(folder), str(path)]
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, timeout=3600)  # noqa: S603 - our own arguments
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return seconds, peak, folder / f"{path.stem}.csv"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=3, help="rounds of evaluate_many (the minimum is used)")
    args = parser.parse_args()
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("LibreOffice (soffice) not found: apt-get install libreoffice-calc-nogui")
    n = args.draws
    if n > 1_048_575:
        raise SystemExit(f"{n:,} draws do not fit a sheet (1,048,576 rows, one for the headings)")
    print(
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"numpy {np.__version__}; load average {os.getloadavg()[0]:.1f}"
    )
    inputs = draws(n)
    proposal = scs4_1_revised()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        book = folder / "draws.xlsx"
        start = time.perf_counter()
        write(book, inputs, n)
        print(f"wrote {n:,} rows of 10 inputs and {YEARS} formulas in {time.perf_counter() - start:.1f} s")
        seconds, peak, csv = recalculate(soffice, book, folder)
        table = np.loadtxt(csv, delimiter=",", skiprows=1, usecols=range(len(COLUMNS), len(COLUMNS) + YEARS))
    recalculated = np.rint(table.reshape(n, YEARS)).astype(np.int64)

    evaluate_many(proposal, {name: values[:1000] for name, values in inputs.items()})  # warm: imports, caches
    times = []
    for _ in range(args.rounds):
        start = time.perf_counter()
        many = evaluate_many(proposal, inputs)
        times.append(time.perf_counter() - start)
    if not (np.array_equal(recalculated, bare(inputs)) and np.array_equal(many.pence("net_saving"), recalculated)):
        raise SystemExit("the spreadsheet and evaluate_many disagree: the benchmark compares unlike work")

    print(f"\nLibreOffice headless, recalculate and save {n:,} rows: {seconds:8.2f} s, peak {peak:,.0f} MB")
    print(f"evaluate_many of the same draws (every figure):    {min(times):8.3f} s (min of {args.rounds})")
    print(f"ratio, spreadsheet / evaluate_many:               {seconds / min(times):8.0f}x")


if __name__ == "__main__":
    main()
