"""``savingsmodel run FILE``: a proposal's figures by financial year, and the findings on its claims."""

from __future__ import annotations

from typing import TYPE_CHECKING

from savingsmodel.cli.common import EXIT_OK, evaluate_and_reconcile, load_scenario, officer_checks, out, with_variant

if TYPE_CHECKING:
    import argparse

__all__ = ["run"]


def run(args: argparse.Namespace) -> int:
    """Figures by year and findings; exit 0 even when claims miss (``check`` is the gate)."""
    from savingsmodel.outputs.report import render_run

    scenario = load_scenario(args.file)
    evaluation, findings = evaluate_and_reconcile(with_variant(scenario, args.variant))
    checks = officer_checks(evaluation)
    out(render_run(evaluation, findings, args.format, args.units, args.variant, checks, args.sign))
    return EXIT_OK
