"""Make the pictures in docs/images from the bundled library scenario: ``python docs/images/render.py``.

- ``report.png``: the top of the HTML report, as headless Chromium shows it;
- ``workbook.png``: the workbook's Summary sheet, recalculated and printed by LibreOffice
  (``soffice``), then drawn by ``pdftoppm`` (Debian's ``poppler-utils``);
- ``workbook-calculation.png``: the first rows of its Calculation sheet, the same way.

Each is cropped to its ink and saved with a small palette, so it stays well under 1 MB.
Run it from the repository root after a change to the report or the workbook.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
SCENARIO = ROOT / "scenarios" / "library-restructure.toml"


def _save(picture: Path, target: Path, top: float = 1.0) -> None:
    """Crop ``picture`` to its ink (and to the ``top`` share of its height), and save it with 64 colours."""
    from PIL import Image, ImageChops

    image = Image.open(picture).convert("RGB")
    image = image.crop((0, 0, image.width, int(image.height * top)))
    box = ImageChops.difference(image, Image.new("RGB", image.size, "white")).getbbox()
    if box is not None:
        left, top_edge = max(box[0] - 12, 0), max(box[1] - 12, 0)
        image = image.crop((left, top_edge, min(box[2] + 12, image.width), min(box[3] + 12, image.height)))
    image.quantize(colors=64).save(target, optimize=True)
    print(f"wrote {target.relative_to(ROOT)} ({target.stat().st_size:,} bytes)")


def _first_page(pdf: Path, stem: Path, dpi: int) -> None:
    command = ["pdftoppm", "-png", "-r", str(dpi), "-f", "1", "-l", "1", str(pdf), str(stem)]
    subprocess.run(command, check=True)  # noqa: S603 - poppler-utils' pdftoppm, on the path


def report(folder: Path) -> None:
    from savingsmodel.checks.reconcile import reconcile
    from savingsmodel.checks.registry import run_checks
    from savingsmodel.engine.evaluation import evaluate
    from savingsmodel.files import load
    from savingsmodel.outputs.html import report_html
    from savingsmodel.outputs.pdf import chromium, chromium_command

    program = chromium()
    if program is None:
        sys.exit("Chromium not found")
    evaluation = evaluate(load(SCENARIO).proposal)
    page = folder / "report.html"
    page.write_text(report_html(evaluation, reconcile(evaluation), run_checks(evaluation)), encoding="utf-8")
    shot = folder / "report-full.png"
    options = ("--hide-scrollbars", "--window-size=860,1180", f"--screenshot={shot}", page.as_uri())
    subprocess.run(chromium_command(program, folder / "profile", *options), check=True, capture_output=True)  # noqa: S603
    _save(shot, HERE / "report.png")


def workbook(folder: Path) -> None:
    from savingsmodel.checks.reconcile import reconcile
    from savingsmodel.checks.registry import run_checks
    from savingsmodel.engine.evaluation import evaluate
    from savingsmodel.files import load
    from savingsmodel.outputs.workbook import workbook as make

    evaluation = evaluate(load(SCENARIO).proposal)
    book = folder / "library.xlsx"
    book.write_bytes(make(evaluation, reconcile(evaluation), run_checks(evaluation), results=False).data)
    profile = folder / "lo"
    (profile / "user").mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_text(
        '<?xml version="1.0" encoding="UTF-8"?><oor:items xmlns:oor="http://openoffice.org/2001/registry">'
        '<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse">'
        "<value>0</value></prop></item></oor:items>",
        encoding="utf-8",
    )
    command = ["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf"]
    subprocess.run([*command, "--outdir", str(folder), str(book)], check=True, capture_output=True)  # noqa: S603
    pdf = folder / "library.pdf"
    _first_page(pdf, folder / "summary", 110)
    _save(next(folder.glob("summary*.png")), HERE / "workbook.png", top=0.55)
    # The Calculation sheet alone, its first rows and the columns up to the year's amount.
    import openpyxl

    copy = openpyxl.load_workbook(book)
    for sheet in copy.worksheets:
        if sheet.title != "Calculation":
            sheet.sheet_state = "hidden"
    copy.active = copy.sheetnames.index("Calculation")
    copy["Calculation"].print_area = "A1:L12"
    calculation = folder / "calculation.xlsx"
    copy.save(calculation)
    subprocess.run([*command, "--outdir", str(folder), str(calculation)], check=True, capture_output=True)  # noqa: S603
    pdf = folder / "calculation.pdf"
    _first_page(pdf, folder / "calc", 160)
    _save(next(folder.glob("calc*.png")), HERE / "workbook-calculation.png")


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as where:
        report(Path(where))
        workbook(Path(where))
