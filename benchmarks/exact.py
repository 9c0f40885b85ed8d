"""Benchmark: the exact engine on a 100,000-line proposal over 5 years (issue 8, points 2 and 7).

The target: ``evaluate(proposal)`` of a 100,000-line proposal over 5 years, on stated and on
built-up unit costs, within 1 s and 1 GB on this machine's 2 cores, exactly. Also 1,000 and
10,000 lines, to show how the time grows.

The proposal is made in Python (no file read), a plausible mix: posts released and created on
twenty grades (on stated unit costs, or built up from pay, NI and pension), some on a schedule of
two tranches, some vacant net of a vacancy factor; starts phased over the first two years (some
mid-month); recurring costs and income, one-off costs; in cash terms, with two pay awards (one
from July) and an inflation rate. Each measurement runs in a fresh interpreter, so its peak
memory (``ru_maxrss``) is its own; both the wall and the CPU time are printed (the machine is
shared: the CPU time is the steadier). The figures are checked against the line-by-line working
on the 1,000-line proposal, to the penny.

Not a test (timings depend on the machine and its load); run it by hand from the repository root:

    .venv/bin/python benchmarks/exact.py              # 1,000, 10,000 and 100,000 lines
    .venv/bin/python benchmarks/exact.py --quick      # 1,000 and 10,000 lines

``docs/performance.md`` has the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_MAKE = """
import random
from datetime import date
from savingsmodel import Grade, Proposal

def make(n, built_up, seed=1):
    rng = random.Random(seed)
    grades = []
    for g in range(20):
        salary = 22_000 + 900 * g
        if built_up:
            build_up = {"salary": str(salary), "tax_year": "2016/17", "pension_rate": "21.7%"}
            grades.append(Grade(name=f"Grade {g}", build_up=build_up, vacancy_factor="4%" if g % 5 == 0 else None))
        else:
            grades.append(Grade(name=f"Grade {g}", unit_cost=str(salary * 13 // 10)))
    starts = [date(2016, 4, 1), date(2016, 7, 1), date(2016, 10, 1), date(2016, 10, 15), date(2017, 1, 1),
              date(2017, 4, 1), date(2017, 9, 1)]
    lines = []
    for i in range(n):
        r, grade, start = rng.random(), f"Grade {rng.randrange(20)}", rng.choice(starts)
        name = f"line {i}"
        if r < 0.40:
            fte = rng.choice(["1", "1", "2", "0.5", "3"])
            lines.append({"kind": "posts_released", "name": name, "grade": grade, "fte": fte, "start": start,
                          "vacant": rng.random() < 0.1})
        elif r < 0.50:
            lines.append({"kind": "posts_released", "name": name, "grade": grade,
                          "schedule": [{"on": "2016-04-01", "fte": 2}, {"on": "2016-10-01", "fte": 1}]})
        elif r < 0.65:
            lines.append({"kind": "posts_created", "name": name, "grade": grade, "fte": "1", "start": start})
        elif r < 0.82:
            lines.append({"kind": "recurring_cost", "name": name, "amount": str(rng.randrange(1_000, 50_000)),
                          "start": start})
        elif r < 0.90:
            lines.append({"kind": "recurring_income", "name": name, "amount": f"{rng.randrange(100_000, 900_000)/100}",
                          "start": start})
        else:
            lines.append({"kind": "one_off_cost", "name": name, "amount": str(rng.randrange(1_000, 50_000)),
                          "start": start})
    return Proposal(
        reference="BENCH", start_year="2016/17", horizon=5, phasing="months", prices="cash",
        pay_awards=[{"year": "2017/18", "rate": "1%"}, {"year": "2018/19", "rate": "2%", "effective": "2018-07-01"}],
        inflation=[{"year": "2017/18", "rate": "2%"}], vacancy_factor="3%", grades=grades, lines=lines)
"""

_RUN = (
    _MAKE
    + """
import json, resource, sys, time
import numpy  # loaded before the clock starts, as any long run has it (start-up is measured apart)
from savingsmodel.engine.evaluation import evaluate
n, built_up = int(sys.argv[1]), sys.argv[2] == "built"
evaluate(make(50, built_up, seed=2))  # warm: first calls fill caches (NI tables, ...)
start, cpu = time.perf_counter(), time.process_time()
proposal = make(n, built_up)
made, made_cpu = time.perf_counter() - start, time.process_time() - cpu
start, cpu = time.perf_counter(), time.process_time()
result = evaluate(proposal)
seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
print(json.dumps({"make": made, "make_cpu": made_cpu, "seconds": seconds, "cpu": cpu,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "net": [str(y.net_saving) for y in result.years]}))
"""
)

_CHECK = (
    _MAKE
    + """
import sys
from savingsmodel.engine.evaluation import _evaluate_line_by_line, _evaluate_summed
from savingsmodel.engine.terms import terms
for built_up in (False, True):
    proposal = make(int(sys.argv[1]), built_up)
    all_terms = tuple(terms(proposal))
    fast = _evaluate_summed(proposal, proposal.years, None, all_terms)
    slow = _evaluate_line_by_line(proposal, proposal.years, None, all_terms)
    assert fast.years == slow.years, "the sums differ from the line-by-line working"
    assert [repr(y.net_saving) for y in fast.years] == [repr(y.net_saving) for y in slow.years]
    assert [(c.line, c.year, repr(c.amount)) for c in fast.contributions] == [
        (c.line, c.year, repr(c.amount)) for c in slow.contributions]
print("ok")
"""
)


def _python() -> str:
    venv = ROOT / ".venv" / "bin" / "python"
    return str(venv) if venv.exists() else sys.executable


def _run(script: str, *args: str, source: Path | None = None) -> str:
    # The checkout before is only read: no bytecode is written into it.
    env = {**os.environ, "PYTHONPATH": str(source), "PYTHONDONTWRITEBYTECODE": "1"} if source is not None else None
    process = subprocess.run(  # noqa: S603 - this Python, fixed code
        [_python(), "-c", script, *args], cwd=source or ROOT, capture_output=True, text=True, check=False, env=env
    )
    if process.returncode:
        raise SystemExit(process.stderr)
    return process.stdout.strip().splitlines()[-1]


def _machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return f"{os.cpu_count()} cores, {model}, Python {platform.python_version()}, load average {load}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="1,000 and 10,000 lines only")
    parser.add_argument(
        "--before",
        type=Path,
        help="a checkout of the package before (e.g. another worktree): its evaluate is timed too, for the ratio",
    )
    parser.add_argument("--before-up-to", type=int, default=10_000, help="the most lines to time before (slow)")
    args = parser.parse_args()
    sizes = (1_000, 10_000) if args.quick else (1_000, 10_000, 100_000)
    print(_machine())
    print("checking the sums against the line-by-line working (1,000 lines):", _run(_CHECK, "1000"))
    print(f"{'lines':>8} {'unit costs':<10} {'make':>8} {'evaluate':>9} {'(CPU)':>8} {'peak':>8}  per line")
    for built in ("stated", "built"):
        for n in sizes:
            found = json.loads(_run(_RUN, str(n), built))
            per_line = found["seconds"] / n * 1e6
            said = (
                f"{n:>8,} {'built up' if built == 'built' else 'stated':<10} {found['make']:7.2f}s "
                f"{found['seconds']:8.2f}s {found['cpu']:7.2f}s {found['peak_mb']:6.0f} MB  {per_line:5.1f} us"
            )
            if args.before is not None and n <= args.before_up_to:
                before = json.loads(_run(_RUN, str(n), built, source=args.before.resolve()))
                assert before["net"] == found["net"], "the figures before and now differ"
                said += (
                    f"   before: {before['seconds']:.2f}s ({before['cpu']:.2f}s CPU), {before['peak_mb']:.0f} MB;"
                    f" now {before['cpu'] / found['cpu']:.0f}x quicker (CPU)"
                )
            print(said)
    print("target: 100,000 lines over 5 years evaluated within 1 s and 1 GB (make: the Proposal built in Python)")


if __name__ == "__main__":
    main()
