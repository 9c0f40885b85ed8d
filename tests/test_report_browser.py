"""The report in a browser: headless Chromium renders the page (a screenshot, and the text it shows), and
prints the same page to PDF through `savingsmodel report --pdf`.

Chromium is Debian's ``chromium`` (``.ci/run`` installs it); without it these tests are skipped, unless
SAVINGSMODEL_REQUIRE_TOOLS is set (as in CI), when they fail.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from savingsmodel import evaluate, reconcile
from savingsmodel.checks.registry import run_checks
from savingsmodel.cli import EXIT_OK, main
from savingsmodel.files import load
from savingsmodel.outputs.html import report_html
from savingsmodel.outputs.pdf import chromium, chromium_command

from builders import ROOT

CHROMIUM = chromium()
if CHROMIUM is None and os.environ.get("SAVINGSMODEL_REQUIRE_TOOLS"):
    pytest.fail("Chromium is required here; install chromium", pytrace=False)
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium not found: apt-get install chromium")

LIBRARY = ROOT / "scenarios" / "library-restructure.toml"


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    evaluation = evaluate(load(LIBRARY).proposal)
    path = tmp_path_factory.mktemp("report") / "report.html"
    path.write_text(report_html(evaluation, reconcile(evaluation), run_checks(evaluation)), encoding="utf-8")
    return path


def browse(page: Path, *options: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    command = chromium_command(CHROMIUM, page.parent / "profile", *options, page.as_uri())
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)  # noqa: S603


def test_the_rendered_page_shows_the_key_figures(page: Path) -> None:
    shown = browse(page, "--dump-dom").stdout
    for expected in ("Summary by year (£000)", ">1,544<", ">275<", "£1,418,418.08", "16 hold", "A4 pay awards"):
        assert expected in shown, expected
    assert shown.count("<svg") == 2  # the charts, drawn in the page


def test_a_screenshot_of_the_page_is_a_picture_of_it(page: Path) -> None:
    from matplotlib import image

    picture = page.parent / "report.png"
    browse(page, "--hide-scrollbars", "--window-size=900,1400", f"--screenshot={picture}")
    pixels = image.imread(picture)
    assert pixels.shape[:2] == (1400, 900)
    # Not a blank page: dark ink (text, table rules, bars) on white.
    dark = (pixels[..., :3].mean(axis=2) < 0.5).mean()
    assert 0.005 < dark < 0.5


def test_report_writes_the_pdf_of_the_same_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["report", str(LIBRARY), "--pdf", "r.pdf", "--html", "r.html"]) == EXIT_OK
    data = Path("r.pdf").read_bytes()
    assert data.startswith(b"%PDF")
    assert data.count(b"/Type /Page") - data.count(b"/Type /Pages") >= 3  # a report of several A4 pages
    assert "wrote r.pdf" in capsys.readouterr().err
