"""``savingsmodel tornado FILE``: each input alone at its low and its high, ranked by the swing in a figure."""

from __future__ import annotations

from typing import TYPE_CHECKING

from savingsmodel.cli.common import EXIT_OK, UsageError, load_scenario, out, with_variant

if TYPE_CHECKING:
    import argparse

__all__ = ["tornado"]


def tornado(args: argparse.Namespace) -> int:
    """Every input at its default range, or the ``--input NAME=LOW:HIGH`` given."""
    from savingsmodel.outputs.whatif import render_tornado
    from savingsmodel.whatif.sweeps import tornado as swing
    from savingsmodel.whatif.values import find_input, read

    proposal = with_variant(load_scenario(args.file), args.variant)
    ranges: dict[str, tuple[object, object]] | None = None
    if args.input:
        ranges = {}
        for given in args.input:
            name, equals, values = given.rpartition("=")
            parts = values.split(":")
            if not equals or not name or len(parts) != 2:
                raise UsageError(f"savingsmodel tornado: error: expected --input NAME=LOW:HIGH, found {given!r}")
            spec = find_input(proposal, name)
            ranges[name] = (read(spec, parts[0]), read(spec, parts[1]))
    out(render_tornado(swing(proposal, args.figure, args.year, ranges), args.format))
    return EXIT_OK
