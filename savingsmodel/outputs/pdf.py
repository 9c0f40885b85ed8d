"""The report as PDF: the HTML page printed by headless Chromium, so the PDF and the page are one document.

``savingsmodel report FILE --pdf OUT.pdf`` needs Chromium (Debian's ``chromium``); it is
found on the path as ``chromium``, ``chromium-browser``, ``google-chrome`` or ``chrome``,
or named by the ``SAVINGSMODEL_CHROMIUM`` environment variable. Each run uses a new,
empty browser profile in a temporary folder, loads only the page (which fetches
nothing), and is stopped after :data:`TIMEOUT` seconds.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Final

from savingsmodel.core.errors import SavingsModelError

__all__ = ["TIMEOUT", "ChromiumError", "chromium", "chromium_command", "html_to_pdf"]

#: Seconds a PDF may take before Chromium is stopped.
TIMEOUT: Final = 120
_NAMES: Final = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")


class ChromiumError(SavingsModelError):
    """Chromium is not there, or did not print the page."""


def chromium() -> str | None:
    """The Chromium program to run, or None when there is none."""
    named = os.environ.get("SAVINGSMODEL_CHROMIUM")
    if named:
        return shutil.which(named) or (named if Path(named).is_file() else None)
    return next((found for name in _NAMES if (found := shutil.which(name))), None)


def chromium_command(program: str, profile: Path, *options: str) -> list[str]:
    """Headless Chromium with an empty profile; without its sandbox only when it must (run as root)."""
    command = [program, "--headless=new", "--disable-gpu", "--no-first-run", "--no-default-browser-check"]
    command += ["--disable-extensions", "--disable-background-networking", f"--user-data-dir={profile}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--no-sandbox")  # Chromium refuses to run as root with its sandbox (a container's usual user)
    return [*command, *options]


def html_to_pdf(page: str) -> bytes:
    """The HTML page printed to A4 PDF by headless Chromium; :class:`ChromiumError` if it cannot be."""
    program = chromium()
    if program is None:
        raise ChromiumError(
            "cannot make the PDF: Chromium was not found (install it, e.g. apt-get install chromium, or name it in "
            "SAVINGSMODEL_CHROMIUM); the --html report prints to PDF from any browser"
        )
    with tempfile.TemporaryDirectory(prefix="savingsmodel-pdf-") as folder:
        where = Path(folder)
        source, target = where / "report.html", where / "report.pdf"
        source.write_text(page, encoding="utf-8")
        command = chromium_command(program, where / "profile", "--no-pdf-header-footer", f"--print-to-pdf={target}")
        try:
            done = subprocess.run(  # noqa: S603 - our own arguments, no shell
                [*command, source.as_uri()], capture_output=True, text=True, timeout=TIMEOUT, check=False
            )
        except subprocess.TimeoutExpired:
            raise ChromiumError(f"cannot make the PDF: Chromium took more than {TIMEOUT} seconds") from None
        except OSError as error:
            raise ChromiumError(f"cannot make the PDF: cannot run {program}: {error.strerror or error}") from None
        if not target.is_file() or not target.read_bytes().startswith(b"%PDF"):
            said = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
            raise ChromiumError(f"cannot make the PDF: Chromium exited {done.returncode}: {said[0][:300]}")
        return target.read_bytes()
