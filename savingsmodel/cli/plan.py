"""``savingsmodel plan PLANFILE``: the MTFP of many proposals by year, directorate and proposal, against the target."""

from __future__ import annotations

from typing import TYPE_CHECKING

from savingsmodel.cli.common import EXIT_OK, out

if TYPE_CHECKING:
    import argparse

__all__ = ["plan"]


def plan(args: argparse.Namespace) -> int:
    """The plan's table (or CSV, JSON, Markdown); exit 0 even with findings (they are reported, not judged)."""
    from savingsmodel.files.plan import load_plan
    from savingsmodel.outputs.plan import render_plan
    from savingsmodel.plan.rollup import evaluate_plan
    from savingsmodel.plan.tracking import track

    loaded = load_plan(args.file, allow_outside=args.allow_outside)
    chosen = args.only or None
    result = evaluate_plan(loaded, slip_months=args.slip, slip=chosen)
    out(render_plan(result, args.format, track(result, as_at=args.as_at), args.units))
    return EXIT_OK
