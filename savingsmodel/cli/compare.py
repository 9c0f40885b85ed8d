"""``savingsmodel compare``: what differs between a baseline and a variant, two variants, or two files."""

from __future__ import annotations

from typing import TYPE_CHECKING

from savingsmodel.cli.common import EXIT_OK, UsageError, load_scenario, out, with_variant

if TYPE_CHECKING:
    import argparse

    from savingsmodel.engine.evaluation import Evaluation
    from savingsmodel.files.scenario import Scenario

__all__ = ["compare"]


def compare(args: argparse.Namespace) -> int:
    """Differences between two evaluations, per input, per year and per line."""
    from savingsmodel.engine.evaluation import evaluate

    files: list[str] = args.files
    variants: list[str] = args.variant
    if len(files) > 2:
        raise UsageError("savingsmodel compare: error: expected one or two files, found " + str(len(files)))
    if len(files) == 2 and variants:
        raise UsageError("savingsmodel compare: error: --variant applies to one file; compare two files without it")
    if len(files) == 1 and not 1 <= len(variants) <= 2:
        raise UsageError(
            "savingsmodel compare: error: with one file, give --variant NAME (baseline vs NAME) "
            "or --variant A --variant B"
        )
    pairs: list[tuple[str, str | None]]
    if len(files) == 2:
        pairs = [(files[0], None), (files[1], None)]
    elif len(variants) == 1:
        pairs = [(files[0], None), (files[0], variants[0])]
    else:
        pairs = [(files[0], variants[0]), (files[0], variants[1])]
    loaded: dict[str, Scenario] = {}
    sides: list[tuple[str, Evaluation]] = []
    for path, variant in pairs:
        if path not in loaded:
            loaded[path] = load_scenario(path)
        proposal = with_variant(loaded[path], variant)
        label = f"{path}, variant {variant}" if variant else (path if len(files) == 2 else f"{path} (baseline)")
        sides.append((label, evaluate(proposal)))
    from savingsmodel.outputs.comparison import render_comparison

    out(render_comparison(*sides[0], *sides[1], args.units, args.sign))
    return EXIT_OK
