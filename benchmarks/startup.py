"""Start-up benchmark: how long ``savingsmodel check scenarios/scs4-1-revised.toml`` takes, wall clock.

The target is 0.5 s on a 2-core machine: the command runs in pre-commit hooks and
scheduled jobs, where every run pays the start-up again. Not a test (timings
depend on the machine and its load); run it by hand from the repository root:

    .venv/bin/python benchmarks/startup.py            # 10 runs
    .venv/bin/python benchmarks/startup.py --runs 30 --top 20

It prints the minimum and median wall time of N runs of the console script as a
subprocess, their ratio to the target, and the CPU time (which other work on a
busy machine barely changes); then where the time goes (a bare interpreter,
pydantic, the package), and the modules that take longest to import
(``python -X importtime``), by their own time and by their cumulative time.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

TARGET_SECONDS = 0.5
SCENARIO = "scenarios/scs4-1-revised.toml"


def _command() -> list[str]:
    """The installed console script beside this Python, else ``python -m savingsmodel``."""
    beside = Path(sys.executable).with_name("savingsmodel")
    if beside.exists():
        return [str(beside)]
    found = shutil.which("savingsmodel")
    return [found] if found else [sys.executable, "-m", "savingsmodel"]


# An installed package has its bytecode compiled; PYTHONDONTWRITEBYTECODE (set on some
# machines, this one included) would make every run compile every module again.
_ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def _cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def time_runs(command: list[str], runs: int, cpu: list[float] | None = None) -> list[float]:
    """Wall seconds of each run; CPU seconds (user + system) appended to ``cpu`` when given."""
    times: list[float] = []
    for _ in range(runs):
        began, began_cpu = time.perf_counter(), _cpu()
        done = subprocess.run(command, capture_output=True, check=False, env=_ENV)  # noqa: S603 - our own console script
        times.append(time.perf_counter() - began)
        if cpu is not None:
            cpu.append(_cpu() - began_cpu)
        if done.returncode not in (0, 1):  # 1 is a claim that misses: still a full run
            sys.exit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr.decode()}")
    return times


def import_times(scenario: str) -> list[tuple[int, int, str]]:
    """(self µs, cumulative µs, module) for every import the check makes."""
    done = subprocess.run(  # noqa: S603 - this Python, fixed arguments
        [sys.executable, "-X", "importtime", "-m", "savingsmodel", "check", scenario],
        capture_output=True,
        text=True,
        check=False,
        env=_ENV,
    )
    rows: list[tuple[int, int, str]] = []
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        own, cumulative, name = (part.strip() for part in line[len("import time:") :].split("|"))
        rows.append((int(own), int(cumulative), name))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--top", type=int, default=12)
    parser.add_argument("--scenario", default=SCENARIO)
    args = parser.parse_args()
    command = [*_command(), "check", args.scenario]
    time_runs(command, 1)  # warm the file cache and the bytecode
    cpu: list[float] = []
    times = time_runs(command, args.runs, cpu)
    best, median = min(times), statistics.median(times)
    print(f"command: {' '.join(command)}")
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"machine: {os.cpu_count()} cores, load average {load}; {args.runs} runs")
    print(f"wall min    {best:.3f} s  ({best / TARGET_SECONDS:.2f} x the {TARGET_SECONDS} s target)")
    print(f"wall median {median:.3f} s  ({median / TARGET_SECONDS:.2f} x the {TARGET_SECONDS} s target)")
    # CPU time barely moves with other work on the machine; wall time does.
    print(f"cpu  min    {min(cpu):.3f} s  (user + system; what an idle machine's wall time would be near)")

    print("\nwhere the time goes (min of the runs, each a fresh interpreter):")
    phases = [
        ("python, no imports", "pass"),
        ("import pydantic", "import pydantic, pydantic.fields, pydantic_core"),
        ("import savingsmodel.cli.main (the model, engine, checks)", "import savingsmodel.cli.main"),
        ("the whole check, in process", f"from savingsmodel.cli.main import main; main(['check', {args.scenario!r}])"),
    ]
    for label, code in phases:
        seconds = min(time_runs([sys.executable, "-c", code], args.runs))
        print(f"  {seconds:.3f} s  {label}")

    rows = import_times(args.scenario)
    total = sum(own for own, _, _ in rows)
    print(f"\nimports: {len(rows)} modules, {total / 1000:.0f} ms in all (python -X importtime)")
    print(f"top {args.top} by own time:")
    for own, cumulative, name in sorted(rows, reverse=True)[: args.top]:
        print(f"  {own / 1000:7.1f} ms  (cumulative {cumulative / 1000:7.1f} ms)  {name.strip()}")
    print(f"top {args.top} packages by cumulative time:")
    top_level = [r for r in rows if "." not in r[2].strip() or r[2].strip().startswith("savingsmodel")]
    for _own, cumulative, name in sorted(top_level, key=lambda r: r[1], reverse=True)[: args.top]:
        print(f"  {cumulative / 1000:7.1f} ms  {name.strip()}")
    heavy = sorted({r[2].strip().split(".")[0] for r in rows} & {"pandas", "numpy", "matplotlib", "openpyxl"})
    print(f"\nheavy packages imported on this path: {', '.join(heavy) if heavy else 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
