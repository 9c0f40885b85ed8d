"""``savingsmodel report FILE --html OUT.html --pdf OUT.pdf --docx OUT.docx``: the committee report.

Any of the three, in one run: the HTML page (one self-contained file), the same page as
PDF (printed by headless Chromium), and Word tables in plain styles for the council's
report template. Nothing is written over an existing file without ``--force``, and each
file is written whole or not at all.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from savingsmodel.cli.common import (
    EXIT_OK,
    UsageError,
    evaluate_and_reconcile,
    load_scenario,
    officer_checks,
    refuse_existing,
    with_variant,
    write_output,
)

if TYPE_CHECKING:
    import argparse

__all__ = ["report"]

_SUFFIXES = {"html": (".html", ".htm"), "pdf": (".pdf",), "docx": (".docx",)}


def report(args: argparse.Namespace) -> int:
    """Write each report asked for; exit 0 when all are written."""
    wanted = {kind: path for kind in _SUFFIXES if (path := getattr(args, kind)) is not None}
    if not wanted:
        raise UsageError("savingsmodel report: error: give at least one of --html OUT, --pdf OUT, --docx OUT")
    for kind, path in wanted.items():
        if not path.lower().endswith(_SUFFIXES[kind]):
            raise UsageError(f"{path}: expected a file name ending {' or '.join(_SUFFIXES[kind])} for --{kind}")
    if len(set(wanted.values())) < len(wanted):
        raise UsageError("savingsmodel report: error: give each report its own file")
    refuse_existing(list(wanted.values()), args.force, [args.file])
    scenario = load_scenario(args.file)
    evaluation, findings = evaluate_and_reconcile(with_variant(scenario, args.variant))
    checks = officer_checks(evaluation)
    made: dict[str, bytes] = {}
    if "html" in wanted or "pdf" in wanted:
        from savingsmodel.outputs.html import report_html

        page = report_html(evaluation, findings, checks, args.variant)
        made["html"] = page.encode("utf-8")
        if "pdf" in wanted:
            from savingsmodel.outputs.pdf import html_to_pdf

            made["pdf"] = html_to_pdf(page)
    if "docx" in wanted:
        from savingsmodel.outputs.word import word_tables

        made["docx"] = word_tables(evaluation, findings, checks, args.variant)
    # Every file is made before any is written: a failure (no Chromium) leaves none half-done.
    for kind, path in wanted.items():
        write_output(path, made[kind], args.force)
    return EXIT_OK
