"""``savingsmodel simulate FILE``: the figures' ranges over many draws of the inputs the file declares uncertain."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from savingsmodel.cli.common import EXIT_OK, load_scenario, out, with_variant

if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable, Iterator

__all__ = ["simulate"]


def simulate(args: argparse.Namespace) -> int:
    """Ranges, chances and shares of the variance; exit 0 (a range is a report, not a verdict)."""
    from savingsmodel.outputs.simulation import render_simulation
    from savingsmodel.whatif.montecarlo import DEFAULT_FIGURES
    from savingsmodel.whatif.montecarlo import simulate as run

    scenario = load_scenario(args.file)
    proposal = with_variant(scenario, args.variant)
    figures = tuple(args.figure) or DEFAULT_FIGURES
    with _progress(args.draws) as progress:
        result = run(proposal, args.draws, args.seed, figures=figures, progress=progress)
    out(render_simulation(result, args.format))
    return EXIT_OK


@contextlib.contextmanager
def _progress(draws: int) -> Iterator[Callable[[int], None] | None]:
    """A progress bar on standard error, drawn only when a run passes a second and standard error is a terminal."""
    import sys

    if not sys.stderr.isatty():
        yield None
        return
    from tqdm import tqdm

    # delay: nothing is drawn until a second has passed, so a short run shows no bar at all.
    with tqdm(total=draws, unit=" draws", unit_scale=True, delay=1.0, file=sys.stderr, leave=False) as bar:
        done = 0

        def tell(now: int) -> None:
            nonlocal done
            bar.update(now - done)
            done = now

        yield tell
