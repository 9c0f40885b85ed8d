"""``savingsmodel explain FILE FIGURE [YEAR]``: the lines and the arithmetic that make one figure."""

from __future__ import annotations

from typing import TYPE_CHECKING

from savingsmodel.cli.common import EXIT_OK, load_scenario, out, with_variant

if TYPE_CHECKING:
    import argparse

__all__ = ["explain"]


def explain(args: argparse.Namespace) -> int:
    """The lines and arithmetic behind one figure."""
    from savingsmodel.engine.evaluation import evaluate

    scenario = load_scenario(args.file)
    evaluation = evaluate(with_variant(scenario, args.variant))
    out(str(evaluation.explain(args.figure, args.year, args.grade)))
    return EXIT_OK
