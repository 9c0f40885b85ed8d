"""``savingsmodel solve FILE --for INPUT --claim N``: the values of one input for which a claim would hold."""

from __future__ import annotations

from typing import TYPE_CHECKING

from savingsmodel.cli.common import EXIT_CLAIMS_MISS, EXIT_OK, load_scenario, out, with_variant
from savingsmodel.cli.common import within as within_range

if TYPE_CHECKING:
    import argparse

__all__ = ["solve"]


def solve(args: argparse.Namespace) -> int:
    """What the paper implies for one claim; exit 0 when some value makes it hold, 1 when none in the range does."""
    import json

    from savingsmodel.outputs.escaping import inert_json
    from savingsmodel.whatif.solve import solve as solve_claim
    from savingsmodel.whatif.values import plain

    proposal = with_variant(load_scenario(args.file), args.variant)
    within = within_range(args, "solve")
    found = solve_claim(proposal, args.claim, args.input, within)
    if args.format == "json":
        exact = found.exact
        data = {
            "claim": found.where,
            "input": found.input.name,
            "low": plain(found.input, found.low),
            "high": plain(found.input, found.high),
            "found": found.found,
            "holds_from": None if found.holds_from is None else plain(found.input, found.holds_from),
            "holds_to": None if found.holds_to is None else plain(found.input, found.holds_to),
            "exact": None if exact is None or exact.denominator != 1 else plain(found.input, int(exact)),
            "words": str(found),
        }
        out(inert_json(json.dumps(data, indent=2, ensure_ascii=False)))
    else:
        out(str(found))
    return EXIT_OK if found.found else EXIT_CLAIMS_MISS
