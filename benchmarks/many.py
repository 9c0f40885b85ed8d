"""Vectorised evaluation benchmark: the worked case at a million draws of ten inputs, three ways.

1. ``evaluate_many`` (``savingsmodel.engine.many``): every figure, every year, to the penny, each
   figure read (figures are made when first read), and apart, the net saving alone read;
2. the bare numpy arithmetic of the same case, written by hand for this one proposal, twice:
   every figure ``evaluate_many`` gives (``bare_every``: the same figures, years and roundings),
   and the net saving by year only (``bare``); the floors ``evaluate_many`` with every figure read
   and with the net saving alone read are measured against; each bare figure is checked equal to
   ``evaluate_many``'s to the penny, so each pair does the same work;
3. the exact engine (``evaluate``) one draw at a time, on a sample of draws, scaled up.

Not a test (timings depend on the machine and its load; ``tests/test_many.py`` holds the
figures to the exact engine's); run it by hand from the repository root:

    .venv/bin/python benchmarks/many.py                 # 1,000,000 draws, 5 rounds, 200 exact
    .venv/bin/python benchmarks/many.py --draws 100000 --rounds 3 --exact 50

The four vectorised runs take turns in each round (a burst of other work falls on all of them
alike). It prints the minimum and median wall time and the least CPU time of each over the
rounds, the exact engine's time per draw, and the ratios (of the wall minima, and of the CPU
minima, which a machine shared with other work disturbs less); ``docs/performance.md`` has the
figures.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from savingsmodel.engine.evaluation import evaluate
from savingsmodel.engine.many import FTE_UNIT, MONEY_FIGURES, ManyFigures, changed, evaluate_many
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


def bare_every(inputs: dict[str, Any], years: int = 4) -> dict[str, np.ndarray[Any, Any]]:
    """Every figure ``evaluate_many`` gives for the worked case, in plain numpy: the same figures, years and
    roundings, each ``(draws, years)`` (money in pence, FTE in ten-thousandths), written for this one proposal.

    Each figure is worked by year as a row of draws into one ``(years, draws)`` array and read transposed, as a
    numpy programmer writing for speed would (and as ``evaluate_many`` holds them). The year before the horizon
    is worked where a figure moves from it (the Watch Manager posts may go up to six months early). A figure
    that is nought in every draw (no one-off costs, one-off income or income here) or the same in every year (the
    Crew Manager posts, the posts created) is held once, broadcast, and
    the net after one-off costs is the net saving itself: with no one-off figures the hand-written code knows
    them equal, as ``evaluate_many`` finds them.
    """
    n = len(inputs[f"{WM}.start"])
    wm_start, rmt_start = inputs[f"{WM}.start"], inputs[f"{RMT}.start"]
    gross_rate = inputs["grades.Watch Manager.unit_cost"] * inputs[f"{WM}.fte"]
    rmt = inputs[f"{RMT}.amount"]
    fixed = (
        inputs[f"{CM}.cost"]
        + inputs["lines.ISO allowances.total"]
        + inputs["lines.Additional turnout and disturbance costs.amount"]
        + inputs["lines.Uplift of responsibilities from WM A to WM B.amount"]
    )

    def months(shift: np.ndarray[Any, Any], year: int) -> np.ndarray[Any, Any]:
        """The months of year ``year`` (0: 2016/17) a line runs that starts ``shift`` months from 1 April 2016."""
        return np.clip(12 * (year + 1) - np.maximum(shift, 12 * year), 0, 12)

    def phased(rate: np.ndarray[Any, Any], shift: np.ndarray[Any, Any], year: int) -> np.ndarray[Any, Any]:
        return (2 * rate * months(shift, year) + 12) // 24  # rate x months / 12, half-up

    gross = np.empty((years, n), dtype=np.int64)
    costs = np.empty((years, n), dtype=np.int64)
    net = np.empty((years, n), dtype=np.int64)
    full_year = np.empty((years, n), dtype=np.int64)
    released = np.empty((years, n), dtype=np.int64)
    for t in range(years):
        gross[t] = phased(gross_rate, wm_start, t)
        np.add(fixed, phased(rmt, rmt_start, t), out=costs[t])
        np.subtract(gross[t], costs[t], out=net[t])
        # In force at the year's end: the posts gone by 31 March; the team (starting within 2016/17) always.
        gone = wm_start <= 12 * t + 11
        np.subtract(np.where(gone, gross_rate, 0), fixed + rmt, out=full_year[t])
        np.multiply(inputs[f"{WM}.fte"] * FTE_UNIT, gone, out=released[t])
    opening = phased(gross_rate, wm_start, -1)  # the posts gone before 1 April 2016, in 2015/16
    incremental = np.empty_like(net)
    np.subtract(net[0], opening, out=incremental[0])
    np.subtract(net[1:], net[:-1], out=incremental[1:])
    cumulative = net - opening
    to_date = np.empty_like(net)  # a running total row by row (numpy's cumsum down rows is several times slower)
    to_date[0] = net[0]
    for t in range(1, years):
        np.add(to_date[t - 1], net[t], out=to_date[t])
    # The Crew Manager posts and the team's Watch Manager post, from 1 April 2016: the same in every year, so held
    # once for all the years (a figure alike in every year, as evaluate_many holds it too).
    crew = inputs[f"{CM}.fte"] * FTE_UNIT
    created = np.broadcast_to(crew + FTE_UNIT, (years, n))
    by_wm = FTE_UNIT - released  # the team's post created, the posts released gone
    by_cm = np.broadcast_to(crew, (years, n))
    change = by_wm + crew
    nought = np.broadcast_to(np.zeros((years, 1), dtype=np.int64), (years, n))
    return {
        name: array.T
        for name, array in {
            "gross_saving": gross,
            "additional_costs": costs,
            "income": nought,
            "net_saving": net,
            "net_saving_incremental": incremental,
            "net_saving_cumulative": cumulative,
            "full_year_effect": full_year,
            "one_off_costs": nought,
            "one_off_income": nought,
            "net_after_one_off_costs": net,
            "net_position_to_date": to_date,
            "fte_change": change,
            "fte_released": released,
            "fte_created": created,
            "fte_change:Watch Manager": by_wm,
            "fte_change:Crew Manager": by_cm,
        }.items()
    }


def every_figure(proposal: Any, inputs: dict[str, Any]) -> ManyFigures:
    """``evaluate_many`` with every figure read, so each is made (figures are made when first read)."""
    many = evaluate_many(proposal, inputs)
    for name in many.names:
        many.pence(name) if name in MONEY_FIGURES else many.fte(name)
    return many


def timed(runs: dict[str, Callable[[], object]], rounds: int) -> tuple[dict[str, Times], dict[str, object]]:
    """Each run's wall and CPU times over ``rounds``, the runs taking turns in each round (so a burst of other
    work on the machine falls on all of them alike), and each run's result of the last round."""
    times = {name: Times([], []) for name in runs}
    results: dict[str, object] = {}
    for round_ in range(rounds):
        for name, run in runs.items():
            start, start_cpu = time.perf_counter(), time.process_time()
            result = run()
            times[name].wall.append(time.perf_counter() - start)
            times[name].cpu.append(time.process_time() - start_cpu)
            if round_ == rounds - 1:
                results[name] = result
            del result
    return times, results


@dataclass(frozen=True)
class Times:
    wall: list[float]
    cpu: list[float]


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
    times, results = timed(
        {
            "every": lambda: every_figure(proposal, inputs),
            "net": lambda: evaluate_many(proposal, inputs).pence("net_saving"),
            "bare every": lambda: bare_every(inputs),
            "bare net": lambda: bare(inputs),
        },
        args.rounds,
    )
    many, plain, every = results["every"], results["bare net"], results["bare every"]
    assert isinstance(plain, np.ndarray)
    assert isinstance(many, ManyFigures)
    assert isinstance(every, dict)
    if not np.array_equal(many.pence("net_saving"), plain):
        raise SystemExit("the bare arithmetic and evaluate_many disagree: the benchmark compares unlike work")
    if list(every) != list(many.names):
        raise SystemExit(f"the bare arithmetic has figures {list(every)}, evaluate_many {list(many.names)}")
    for name, figure in every.items():
        if not np.array_equal(many.pence(name) if name in MONEY_FIGURES else many.fte(name), figure):
            raise SystemExit(f"the bare arithmetic and evaluate_many disagree on {name}: unlike work compared")

    sample = range(min(args.exact, args.draws))
    start = time.perf_counter()
    for i in sample:
        evaluate(changed(proposal, {name: int(values[i]) for name, values in inputs.items()}))
    per_draw = (time.perf_counter() - start) / len(sample)
    exact_total = per_draw * args.draws

    def line(name: str, of: Times) -> None:
        print(
            f"  {name:<44} min {min(of.wall):6.3f} s   median {statistics.median(of.wall):6.3f} s   "
            f"CPU min {min(of.cpu):6.3f} s"
        )

    def ratio(name: str, a: Times, b: Times, note: str = "") -> None:
        print(
            f"  {name:<44} {min(a.wall) / min(b.wall):5.2f}x of the wall minima, "
            f"{min(a.cpu) / min(b.cpu):5.2f}x of the CPU minima{note}"
        )

    print()
    line("evaluate_many (every figure, every year)", times["every"])
    line("evaluate_many (the net saving alone read)", times["net"])
    line("bare numpy (every figure, by hand)", times["bare every"])
    line("bare numpy (net saving only, by hand)", times["bare net"])
    print(
        f"  {'exact engine, one draw at a time':<44} {per_draw * 1000:8.2f} ms a draw ({len(sample)} timed): "
        f"{exact_total:,.0f} s for {args.draws:,} ({exact_total / 3600:.1f} hours)"
    )
    print()
    ratio("evaluate_many / bare numpy, every figure:", times["every"], times["bare every"])
    ratio("... the net saving alone:", times["net"], times["bare net"])
    ratio("... every figure / the net-only bare:", times["every"], times["bare net"], " (unlike work)")
    print(f"  exact engine / evaluate_many: {exact_total / min(times['every'].wall):,.0f}x (of the minimum)")


if __name__ == "__main__":
    main()
