"""``savingsmodel break-even FILE INPUT``: the value of one input that makes a figure reach a target."""

from __future__ import annotations

from typing import TYPE_CHECKING

from savingsmodel.cli.common import EXIT_OK, load_scenario, out, with_variant
from savingsmodel.cli.common import within as within_range

if TYPE_CHECKING:
    import argparse

__all__ = ["break_even"]


def break_even(args: argparse.Namespace) -> int:
    """The first value from the low end of the range reaching the target; exit 0 whether or not one is found."""
    from savingsmodel.outputs.whatif import render_break_even
    from savingsmodel.whatif.breakeven import break_even as solve

    proposal = with_variant(load_scenario(args.file), args.variant)
    within = within_range(args, "break-even")
    found = solve(proposal, args.input, args.figure, args.year, args.target, within)
    out(render_break_even(found, args.format))
    return EXIT_OK
