"""``savingsmodel sweep FILE --input NAME=VALUES``: a figure over a grid of one to three inputs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from savingsmodel.cli.common import EXIT_OK, UsageError, load_scenario, out, with_variant

if TYPE_CHECKING:
    import argparse

    from savingsmodel.model.proposal import Proposal

__all__ = ["input_values", "sweep"]


def input_values(proposal: Proposal, given: str, steps: int = 5) -> tuple[str, list[int]]:
    """``NAME=LOW:HIGH``, ``NAME=LOW:HIGH:STEPS`` (evenly, in the input's whole units) or ``NAME=V1;V2;...``."""
    from savingsmodel.whatif.values import find_input, read
    from savingsmodel.whatif.values import steps as evenly

    name, equals, values = given.rpartition("=")
    if not equals or not name:
        raise UsageError(
            f"savingsmodel: error: expected --input NAME=LOW:HIGH[:STEPS] or NAME=V1;V2;..., found {given!r}"
        )
    spec = find_input(proposal, name)
    if ";" in values:
        return name, [read(spec, v) for v in values.split(";") if v.strip()]
    parts = values.split(":")
    if len(parts) not in (2, 3):
        raise UsageError(f"savingsmodel: error: expected {name}=LOW:HIGH[:STEPS] or {name}=V1;V2;..., found {values!r}")
    count = steps
    if len(parts) == 3:
        try:
            count = int(parts[2])
        except ValueError:
            raise UsageError(f"savingsmodel: error: expected a whole number of steps, found {parts[2]!r}") from None
    return name, evenly(read(spec, parts[0]), read(spec, parts[1]), count)


def sweep(args: argparse.Namespace) -> int:
    """The figure at every combination of the inputs' values, by year (or in the one year given)."""
    from savingsmodel.outputs.whatif import render_sweep
    from savingsmodel.whatif.sweeps import figure_year
    from savingsmodel.whatif.sweeps import sweep as grid_sweep

    proposal = with_variant(load_scenario(args.file), args.variant)
    if not 1 <= len(args.input) <= 3:
        raise UsageError(f"savingsmodel sweep: error: expected one to three --input, found {len(args.input)}")
    grid = dict(input_values(proposal, given) for given in args.input)
    _, at = figure_year(proposal, args.figure, args.year)
    result = grid_sweep(proposal, grid, args.figure)
    years = list(range(len(proposal.years))) if args.year is None else [at]
    out(render_sweep(result, years, args.format))
    return EXIT_OK
