"""Monte Carlo benchmark (issue 8 point 7): ``simulate`` of the worked case against bare numpy, in one run.

The targets: 1,000,000 draws of ``scenarios/scs4-1-revised.toml`` (ten uncertain inputs, two rank
correlations) within 0.3 s and 300 MB, and within 2x of the bare numpy computation of the same
draws and arithmetic measured in the same run; 10,000,000 draws within 3 s and the same 300 MB;
and ``savingsmodel simulate`` of 100,000 draws as a user runs it, start-up included.

**The bare computation** makes the same draws (the same blocks of the same sampler: its time is
printed apart, as "drawing") and then, in plain numpy over all the draws at once, the worked
case's arithmetic written out by hand for this one proposal (posts x unit cost x the months in
force / 12, rounded half-up to the penny, less each cost line likewise; the MTFP line as the
change from the year before), with ``np.quantile(..., method="inverted_cdf")`` for the
percentiles. It checks its figures equal the library's to the penny, so the two do the same work.
``simulate`` does, besides, what the bare code leaves out: chunks (flat memory), any proposal,
the claims' and target's probabilities, the standard errors and the shares of the variance.

Not a test (timings depend on the machine and its load); run it by hand from the repository root:

    .venv/bin/python benchmarks/montecarlo.py                 # 1,000,000 and 10,000,000 draws, and the CLI
    .venv/bin/python benchmarks/montecarlo.py --quick         # 100,000 and 1,000,000 (a minute)

Each measurement runs in a fresh interpreter, so its peak memory (``ru_maxrss``) is its own;
``simulate`` draws on its default threads (one a core, up to four), so its wall time is below its CPU
time when a core is free. Last come each phase's CPU time alone (one thread) and **the floor**: the
least CPU numpy needs for a million draws' drawing whatever the bookkeeping (the random numbers the
seed fixes, Iman-Conover's sorts, the ten inverses), which says how near the targets can come on
this machine. ``docs/performance.md`` has the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = "scenarios/scs4-1-revised.toml"
CONTRIBUTION_DRAWS = 100_000  # as savingsmodel.whatif.montecarlo.CONTRIBUTION_DRAWS

_LIBRARY = """
import json, resource, sys, time
from savingsmodel.files.scenario import load
from savingsmodel.whatif.montecarlo import simulate
import numpy, scipy.special  # imported before the clock starts: start-up is measured apart
proposal = load(sys.argv[1]).proposal
simulate(proposal, draws=1000, seed=1)  # warm: first calls fill caches
start, cpu = time.perf_counter(), time.process_time()
run = simulate(proposal, draws=int(sys.argv[2]), seed=1)
seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
first = run.figures["net_saving_incremental"][0]
print(json.dumps({"seconds": seconds, "cpu": cpu, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "p10": str(first.p10.amount), "p50": str(first.p50.amount), "p90": str(first.p90.amount),
                  "target": float(run.targets[0].probability)}))
"""

_BARE = """
import json, resource, sys, time
import numpy as np
from savingsmodel.files.scenario import load
from savingsmodel.whatif.sampling import Sampler
import scipy.special
proposal = load(sys.argv[1]).proposal
draws = int(sys.argv[2])
sampler = Sampler.of(proposal.uncertain, proposal.correlations, seed=1)
list(sampler.blocks(1000))  # warm
start, cpu = time.perf_counter(), time.process_time()
values = np.concatenate([block.values for block in sampler.blocks(draws)])
drawn = time.perf_counter()
col = {u.input: values[:, i] for i, u in enumerate(proposal.uncertain)}
def pence(name): return np.rint(col[name] * 100).astype(np.int64)
def months(name): return np.rint(col[name]).astype(np.int64)
def half_up(numerator, denominator): return (2 * numerator + denominator) // (2 * denominator)
unit = pence("grades.Watch Manager.unit_cost")
fte = np.round(col["lines.Watch Manager posts released.fte"], 4)
posts = np.rint(fte * 10_000).astype(np.int64)
years = 4
net = np.zeros((draws, years), dtype=np.int64)
for year in range(years):
    def in_force(shift):  # whole months of the year in force for a start shifted by `shift` months from 1 April 2016
        return np.clip(12 * (year + 1) - shift, 0, 12)
    rate = half_up(posts * unit, 10_000)  # the line's annual rate, to the penny
    released = half_up(rate * in_force(months("lines.Watch Manager posts released.start")), 12)
    crew_start = months("lines.Additional Crew Manager posts.start")
    crew = half_up(pence("lines.Additional Crew Manager posts.cost") * in_force(crew_start), 12)
    team_start = months("lines.Resource Management Team.start")
    team = half_up(pence("lines.Resource Management Team.amount") * in_force(team_start), 12)
    others = pence("lines.ISO allowances.total") + pence("lines.Additional turnout and disturbance costs.amount") \\
        + pence("lines.Uplift of responsibilities from WM A to WM B.amount")
    net[:, year] = released - crew - team - others
incremental = np.diff(net, axis=1, prepend=0)
percentiles = np.quantile(incremental[:, 0], [0.1, 0.5, 0.9], method="inverted_cdf")
means = incremental.mean(axis=0)
target = float(np.mean(incremental[:, 0] >= 36_000_000))
done = time.perf_counter()
print(json.dumps({"seconds": done - start, "cpu": time.process_time() - cpu, "drawing": drawn - start,
                  "arithmetic": done - drawn,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "p10": f"{percentiles[0] / 100:.2f}", "p50": f"{percentiles[1] / 100:.2f}",
                  "p90": f"{percentiles[2] / 100:.2f}", "target": target}))
"""

_PHASES = """
import json, sys, time
import numpy as np
from savingsmodel.engine.many import FTE_FIGURES, MONEY_FIGURES, evaluate_many
from savingsmodel.files.scenario import load
from savingsmodel.model.uncertainty import input_kinds
from savingsmodel.whatif import montecarlo
from savingsmodel.whatif.sampling import Sampler
from savingsmodel.whatif.statistics import Summary, contributions
proposal = load(sys.argv[1]).proposal
draws = int(sys.argv[2])
montecarlo.simulate(proposal, draws=1000, seed=1)  # warm
sampler = Sampler.of(proposal.uncertain, proposal.correlations, seed=1)
kinds = input_kinds(proposal.model_dump())
def cpu(work):  # the least CPU time of three, and what the work gave
    best, out = float("inf"), None
    for _ in range(3):
        start = time.process_time()
        out = work()
        best = min(best, time.process_time() - start)
    return best, out
drawing, chunks = cpu(lambda: list(sampler.chunks(draws, montecarlo.CHUNK)))
inputs = [montecarlo._inputs(sampler.uncertain, kinds, chunk) for chunk in chunks]
claims, _ = montecarlo._judged_claims(proposal, (*MONEY_FIGURES, *FTE_FIGURES))
targets, _ = montecarlo._judged_targets(proposal, MONEY_FIGURES)
read = {**{name: True for name in montecarlo.DEFAULT_FIGURES}, **{one.name: one.money for one in [*claims, *targets]}}
def evaluated(one):  # figures are made when first read: make those simulate reads, as it does
    figures = evaluate_many(proposal, one)
    for name, money in read.items():
        figures.pence(name) if money else figures.fte(name)
    return figures
evaluating, many = cpu(lambda: [evaluated(one) for one in inputs])
def summaries():
    kept = {name: Summary(draws, len(proposal.years)) for name in montecarlo.DEFAULT_FIGURES}
    for figures in many:
        for name, summary in kept.items():
            summary.add(figures.pence(name))
    return [summary.result() for summary in kept.values()]
summarising, _ = cpu(summaries)
judging, _ = cpu(lambda: [[one.met(figures) for one in [*claims, *targets]] for figures in many])
first = montecarlo.CONTRIBUTION_DRAWS
uniforms = np.concatenate([chunk.uniforms for chunk in chunks])[:first]
outputs = np.hstack([np.concatenate([f.pence(n) for f in many])[:first] for n in montecarlo.DEFAULT_FIGURES])
sharing, _ = cpu(lambda: contributions(uniforms, outputs))
whole, _ = cpu(lambda: montecarlo.simulate(proposal, draws=draws, seed=1))
print(json.dumps({"drawing": drawing, "evaluating": evaluating, "summarising": summarising, "judging": judging,
                  "sharing": sharing, "whole": whole}))
"""

_FLOOR = """
import json, sys, time
import numpy as np
from savingsmodel.files.scenario import load
from savingsmodel.whatif.sampling import BLOCK, Sampler, inverse, sort_order
proposal = load(sys.argv[1]).proposal
draws = int(sys.argv[2])
sampler = Sampler.of(proposal.uncertain, proposal.correlations, seed=1)
dims, blocks = len(sampler.uncertain), -(-draws // BLOCK)
list(sampler.blocks(1000))  # warm: the PERT tables
def cpu(work):  # the least CPU time of three
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        work()
        best = min(best, time.process_time() - start)
    return best
where, strata = np.empty((dims, BLOCK)), np.empty((dims, BLOCK), dtype=np.int64)
def random_numbers():  # what the seed fixes: each block's points in their strata and its ten permutations
    for index in range(blocks):
        rng = np.random.default_rng(np.random.SeedSequence(1, spawn_key=(index,)))
        rng.random(out=where)
        for column in range(dims):
            strata[column] = np.arange(BLOCK)
            rng.shuffle(strata[column])
scores = np.random.default_rng(2).standard_normal(BLOCK)
def sorts():  # Iman-Conover's one sort a block of each correlated pair: the order of the correlated scores
    for _ in range(blocks):
        for _ in sampler._groups:
            sort_order(scores)
u = np.random.default_rng(3).random(BLOCK)
def inverses():  # each input's inverse distribution function at a block's probabilities
    for _ in range(blocks):
        for uncertain in sampler.uncertain:
            inverse(uncertain, u)
pence = np.random.default_rng(4).integers(0, 10**8, (draws, 2))
def percentiles():  # the three percentiles of two columns by a partition (no sort)
    for column in range(2):
        np.partition(pence[:, column], [draws // 10, draws // 2, 9 * draws // 10])
print(json.dumps({"random": cpu(random_numbers), "sorts": cpu(sorts), "inverses": cpu(inverses),
                  "percentiles": cpu(percentiles)}))
"""

# An installed package has its bytecode compiled; PYTHONDONTWRITEBYTECODE would make every run compile again.
_ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def _python(code: str, *argv: str) -> dict[str, float | str]:
    done = subprocess.run(  # noqa: S603 - this Python, fixed code
        [sys.executable, "-c", code, *argv], capture_output=True, text=True, check=True, cwd=ROOT, env=_ENV
    )
    result: dict[str, float | str] = json.loads(done.stdout.splitlines()[-1])
    return result


def _cli(draws: int) -> tuple[float, float]:
    """``savingsmodel simulate`` as a user runs it: wall time and peak memory of that process alone."""
    script = Path(sys.executable).with_name("savingsmodel")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "savingsmodel"]
    start = time.perf_counter()
    process = subprocess.Popen(  # noqa: S603 - the installed script, fixed arguments
        [*command, "simulate", SCENARIO, "--draws", str(draws), "--seed", "1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=ROOT,
        env=_ENV,
    )
    _, status, usage = os.wait4(process.pid, 0)  # this child's own peak, not the largest child's so far
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"savingsmodel simulate exited {process.returncode}")
    return seconds, usage.ru_maxrss / 1024


def _print_times(times: dict[str, float | str], *parts: tuple[str, str]) -> None:
    """One line a part: what it is, and its time in seconds."""
    for name, what in parts:
        print(f"  {what:<52} {float(times[name]):7.3f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="100,000 and 1,000,000 draws instead")
    parser.add_argument("--rounds", type=int, default=3, help="runs of each; the fastest is reported")
    args = parser.parse_args()
    sizes = (100_000, 1_000_000) if args.quick else (1_000_000, 10_000_000)
    print(
        f"machine: {_cpu()}, {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"load average {os.getloadavg()[0]:.2f}"
    )
    for draws in sizes:
        ours = min((_python(_LIBRARY, SCENARIO, str(draws)) for _ in range(args.rounds)), key=lambda r: r["seconds"])
        bare = min((_python(_BARE, SCENARIO, str(draws)) for _ in range(args.rounds)), key=lambda r: r["seconds"])
        same = all(ours[k] == bare[k] for k in ("p10", "p50", "p90")) and ours["target"] == bare["target"]
        print(f"\n{draws:,} draws (fastest of {args.rounds}):")
        print(f"  simulate:   {ours['seconds']:.3f} s wall, {ours['cpu']:.3f} s CPU, peak {ours['peak_mb']:.0f} MB")
        print(
            f"  bare numpy: {bare['seconds']:.3f} s wall, {bare['cpu']:.3f} s CPU (drawing {bare['drawing']:.3f} s, "
            f"arithmetic and percentiles {bare['arithmetic']:.3f} s), peak {bare['peak_mb']:.0f} MB"
        )
        wall = float(ours["seconds"]) / float(bare["seconds"])
        cpu = float(ours["cpu"]) / float(bare["cpu"])
        print(f"  ratio simulate / bare: {wall:.2f}x wall, {cpu:.2f}x CPU (target 2x)")
        print(f"  same figures (P10/P50/P90 of the 2016/17 MTFP line, chance of the target): {same}")
        print(f"    simulate {ours['p10']} / {ours['p50']} / {ours['p90']}, {ours['target']}")
        print(f"    bare     {bare['p10']} / {bare['p50']} / {bare['p90']}, {bare['target']}")
    seconds, peak = min(_cli(100_000) for _ in range(args.rounds))
    print(f"\nsavingsmodel simulate {SCENARIO} --draws 100000 (start-up included): {seconds:.2f} s, peak {peak:.0f} MB")
    draws = 1_000_000
    phases = _python(_PHASES, SCENARIO, str(draws))
    print(f"\nwhere the CPU time of {draws:,} draws goes (least of 3, each phase alone):")
    _print_times(
        phases,
        ("drawing", "drawing (Latin hypercube, Iman-Conover, inverses)"),
        ("evaluating", "evaluate_many, chunk by chunk (figures read)"),
        ("summarising", "percentiles, means, spreads"),
        ("judging", "claims and targets"),
        ("sharing", f"shares of the variance ({CONTRIBUTION_DRAWS:,} draws)"),
        ("whole", "simulate, all of it"),
    )
    floor = _python(_FLOOR, SCENARIO, str(draws))
    print(f"\nthe floor in numpy of {draws:,} draws' drawing (least CPU of 3, one thread, no bookkeeping):")
    _print_times(
        floor,
        ("random", "random numbers the seed fixes (points, permutations)"),
        ("sorts", "Iman-Conover's sorts (one a correlated pair a block)"),
        ("inverses", "the ten inverses, block by block"),
        ("percentiles", "three percentiles of two columns, by partition"),
    )
    least = sum(float(floor[name]) for name in ("random", "sorts", "inverses"))
    print(f"  {'drawing at least':<52} {least:7.3f} s")
    print(f"load average after: {os.getloadavg()[0]:.2f}")


def _cpu() -> str:
    """The processor's model name, where Linux says it."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown processor"


if __name__ == "__main__":
    main()
