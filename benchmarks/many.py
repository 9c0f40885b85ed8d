"""Vectorised evaluation benchmark: the worked case at a million draws of ten inputs, three ways.

1. ``evaluate_many`` (``savingsmodel.engine.many``): every figure, every year, to the penny, each
   figure read (figures are made when first read), and apart, the net saving alone read;
2. the bare numpy arithmetic of the same case, written by hand for this one proposal (the
   net saving by year only): the floor any general evaluator is measured against; its
   figures are checked equal to ``evaluate_many``'s, so both do the same work;
3. the exact engine (``evaluate``) one draw at a time, on a sample of draws, scaled up.

Not a test (timings depend on the machine and its load; ``tests/test_many.py`` holds the
figures to the exact engine's); run it by hand from the repository root:

    .venv/bin/python benchmarks/many.py                 # 1,000,000 draws, 5 rounds, 200 exact
    .venv/bin/python benchmarks/many.py --draws 100000 --rounds 3 --exact 50

It prints the minimum and median time of each over the rounds, the exact engine's time
per draw, and the ratios; ``docs/performance.md`` has the figures.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from savingsmodel.engine.evaluation import evaluate
from savingsmodel.engine.many import MONEY_FIGURES, ManyFigures, changed, evaluate_many
from savingsmodel.examples import scs4_1_revised

WM = "lines.Watch Manager posts released"
RMT = "lines.Resource Management Team"
CM = "lines.Additional Crew Manager posts"


def draws(n: int, seed: int = 2016) -> dict[str, Any]:
    """Ten inputs of the worked case, drawn uniformly: money in pence, FTE whole, starts as shifts in months."""
    rng = np.random.default_rng(seed)
    return {
        "grades.Watch Manager.unit_cost": rng.integers(4_000_000, 5_600_001, n),
        f"{WM}.fte": rng.integers(8, 15, n),
        f"{WM}.start": rng.integers(-6, 18, n),
        f"{CM}.cost": rng.integers(2_400_000, 4_000_001, n),
        f"{CM}.fte": rng.integers(4, 9, n),
        "lines.ISO allowances.total": rng.integers(1_000_000, 2_000_001, n),
        "lines.Additional turnout and disturbance costs.amount": rng.integers(0, 1_000_001, n),
        "lines.Uplift of responsibilities from WM A to WM B.amount": rng.integers(2_000_000, 4_000_001, n),
        f"{RMT}.amount": rng.integers(10_000_000, 15_000_001, n),
        f"{RMT}.start": rng.integers(0, 12, n),
    }


def bare(inputs: dict[str, Any], years: int = 4) -> np.ndarray[Any, Any]:
    """The worked case's net saving by year in plain numpy: (draws, years) pence, half-up like the engine.

    Every line starts on 1 April 2016 shifted by whole months; a line in force for ``m`` months of a
    year counts ``rate x m / 12``, rounded to the penny half-up; the rest run all year.
    """

    def phased(rate: np.ndarray[Any, Any], shift: np.ndarray[Any, Any], year: int) -> np.ndarray[Any, Any]:
        months = np.clip(12 * (year + 1) - np.maximum(shift, 12 * year), 0, 12)
        return (2 * rate * months + 12) // 24

    gross_rate = inputs["grades.Watch Manager.unit_cost"] * inputs[f"{WM}.fte"]
    fixed = (
        inputs[f"{CM}.cost"]
        + inputs["lines.ISO allowances.total"]
        + inputs["lines.Additional turnout and disturbance costs.amount"]
        + inputs["lines.Uplift of responsibilities from WM A to WM B.amount"]
    )
    columns = [
        phased(gross_rate, inputs[f"{WM}.start"], t)
        - fixed
        - phased(inputs[f"{RMT}.amount"], inputs[f"{RMT}.start"], t)
        for t in range(years)
    ]
    return np.stack(columns, axis=1)


def every_figure(proposal: Any, inputs: dict[str, Any]) -> ManyFigures:
    """``evaluate_many`` with every figure read, so each is made (figures are made when first read)."""
    many = evaluate_many(proposal, inputs)
    for name in many.names:
        many.pence(name) if name in MONEY_FIGURES else many.fte(name)
    return many


def timed(run: Callable[[], object], rounds: int) -> tuple[list[float], object]:
    times, result = [], None
    for _ in range(rounds):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return times, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--exact", type=int, default=200, help="draws worked by the exact engine, one by one")
    args = parser.parse_args()
    proposal = scs4_1_revised()
    inputs = draws(args.draws)
    print(
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"numpy {np.__version__}; load average {os.getloadavg()[0]:.1f}"
    )
    print(f"worked case (scs4-1-revised.toml), {args.draws:,} draws of {len(inputs)} inputs, {args.rounds} rounds")

    evaluate_many(proposal, {name: values[:1000] for name, values in inputs.items()})  # warm: imports, caches
    many_times, many = timed(lambda: every_figure(proposal, inputs), args.rounds)
    net_times, _ = timed(lambda: evaluate_many(proposal, inputs).pence("net_saving"), args.rounds)
    bare_times, plain = timed(lambda: bare(inputs), args.rounds)
    assert isinstance(plain, np.ndarray)
    if not np.array_equal(many.pence("net_saving"), plain):  # type: ignore[attr-defined]
        raise SystemExit("the bare arithmetic and evaluate_many disagree: the benchmark compares unlike work")

    sample = range(min(args.exact, args.draws))
    start = time.perf_counter()
    for i in sample:
        evaluate(changed(proposal, {name: int(values[i]) for name, values in inputs.items()}))
    per_draw = (time.perf_counter() - start) / len(sample)
    exact_total = per_draw * args.draws

    def line(name: str, times: list[float]) -> None:
        print(f"  {name:<44} min {min(times):8.3f} s   median {statistics.median(times):8.3f} s")

    print()
    line("evaluate_many (every figure, every year)", many_times)
    line("evaluate_many (the net saving alone read)", net_times)
    line("bare numpy (net saving only, by hand)", bare_times)
    print(
        f"  {'exact engine, one draw at a time':<44} {per_draw * 1000:8.2f} ms a draw ({len(sample)} timed): "
        f"{exact_total:,.0f} s for {args.draws:,} ({exact_total / 3600:.1f} hours)"
    )
    print()
    print(f"  evaluate_many / bare numpy:   {min(many_times) / min(bare_times):6.1f}x (of the minima)")
    print(f"  ... the net saving alone:     {min(net_times) / min(bare_times):6.1f}x (of the minima)")
    print(f"  exact engine / evaluate_many: {exact_total / min(many_times):,.0f}x (of the minimum)")


if __name__ == "__main__":
    main()
