"""``savingsmodel export FILE --xlsx OUT.xlsx``: the workbook, with the arithmetic as live formulas."""

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

__all__ = ["export"]


def export(args: argparse.Namespace) -> int:
    """Write the workbook of a proposal (its variant, with ``--variant``); never over a file without ``--force``."""
    from savingsmodel.outputs.workbook import workbook

    target: str = args.xlsx
    if not target.lower().endswith(".xlsx"):
        raise UsageError(f"{target}: expected a file name ending .xlsx (the workbook is an Excel workbook)")
    refuse_existing([target], args.force, [args.file])
    scenario = load_scenario(args.file)
    evaluation, findings = evaluate_and_reconcile(with_variant(scenario, args.variant))
    book = workbook(evaluation, findings, officer_checks(evaluation), args.variant)
    write_output(target, book.data, args.force)
    return EXIT_OK
