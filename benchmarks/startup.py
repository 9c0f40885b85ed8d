"""Start-up benchmark: the command line against a bare interpreter, as ratios measured in one run.

The targets (issue 15): ``savingsmodel --version`` within 3x ``python -c pass``, and
``savingsmodel check scenarios/scs4-1-revised.toml`` within 2x ``python -c "import
pydantic"``. The command runs in pre-commit hooks and scheduled jobs, where every run
pays the start-up again. Ratios, not seconds: a ratio measured in one run carries over
from one machine (and one load) to another far better than a time does.

Not a test (timings depend on the machine and its load; ``tests/test_startup_imports.py``
pins the imports that make the time); run it by hand from the repository root, with
the Python of the virtual environment the package is installed in:

    .venv/bin/python benchmarks/startup.py            # 20 rounds
    .venv/bin/python benchmarks/startup.py --runs 40 --top 20

Each round runs every command once, in turn, so a burst of other work on the machine
falls on all of them alike. It prints each command's minimum and median wall time and
its CPU time; the ratios against the targets, of the minima, of the medians and of the
CPU times (which load moves least); for scale, ``check`` against ``import pydantic``
plus one model (pydantic 2 loads most of itself only when the first model is
defined); then where the time of ``check`` goes: phases, each a fresh interpreter,
and ``python -X importtime`` summed by whose the module is. ``docs/performance.md``
has the figures.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path

SCENARIO = "scenarios/scs4-1-revised.toml"

# An installed package has its bytecode compiled; PYTHONDONTWRITEBYTECODE (set on some
# machines, this one included) would make every run compile every module again.
_ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}

# Whose the import time is, by the first part of the module's name.
_PYDANTIC = {"pydantic", "pydantic_core", "annotated_types", "typing_extensions", "typing_inspection"}
_HEAVY = {"pandas", "numpy", "yaml", "matplotlib", "openpyxl"}


def console_script() -> list[str]:
    """The installed console script beside this Python, else ``python -m savingsmodel`` (with a warning)."""
    beside = Path(sys.executable).with_name("savingsmodel")
    if beside.exists():
        return [str(beside)]
    found = shutil.which("savingsmodel")
    if found:
        return [found]
    print("warning: no savingsmodel script installed; timing python -m savingsmodel instead", file=sys.stderr)
    return [sys.executable, "-m", "savingsmodel"]


def _cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def run_once(command: list[str]) -> tuple[float, float]:
    """Wall and CPU (user + system) seconds of one run of ``command``, as a fresh process."""
    began, began_cpu = time.perf_counter(), _cpu()
    done = subprocess.run(command, capture_output=True, check=False, env=_ENV)  # noqa: S603 - fixed commands
    wall, cpu = time.perf_counter() - began, _cpu() - began_cpu
    if done.returncode not in (0, 1):  # 1 is check finding a claim that misses: still a full run
        sys.exit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr.decode()}")
    return wall, cpu


def time_rounds(commands: dict[str, list[str]], rounds: int) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """Wall and CPU seconds of each command in each round; the commands take turns within a round."""
    for command in commands.values():
        run_once(command)  # warm the file cache and the bytecode
    wall: dict[str, list[float]] = {name: [] for name in commands}
    cpu: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(rounds):
        for name, command in commands.items():
            seconds, used = run_once(command)
            wall[name].append(seconds)
            cpu[name].append(used)
    return wall, cpu


def import_times(command: list[str]) -> list[tuple[int, int, str]]:
    """(self µs, cumulative µs, module) for every import ``command`` (a Python script and its arguments) makes."""
    done = subprocess.run(  # noqa: S603 - this Python, fixed arguments
        [sys.executable, "-X", "importtime", *command], capture_output=True, text=True, check=False, env=_ENV
    )
    rows: list[tuple[int, int, str]] = []
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        own, cumulative, name = line[len("import time:") :].split("|")
        rows.append((int(own), int(cumulative), name.rstrip()))  # the name's indent is its depth
    return rows


def _package(module: str) -> str | None:
    """Whose a module is, by its name; None for the standard library."""
    top = module.split(".")[0]
    if top == "savingsmodel":
        return "savingsmodel"
    if top == "site" or top.startswith(("__editable__", "_distutils_hack")):
        return "site"  # the interpreter's start-up: site and the .pth files of this environment
    if top in _PYDANTIC:
        return "pydantic"
    if top in sys.stdlib_module_names or top.startswith("_sysconfigdata"):
        return None
    return "other"


def by_owner(rows: list[tuple[int, int, str]]) -> dict[str, int]:
    """Own import time summed by whose the module is; a standard-library module counts for whoever imported it.

    ``-X importtime`` lists a module after the modules it imported, indented one
    step more; read backwards, each module comes just after the one that imported it.
    """
    totals: dict[str, int] = {}
    stack: list[tuple[int, str | None]] = []  # (depth, owner) of the modules importing the current one
    for own, _, name in reversed(rows):
        depth = len(name) - len(name.lstrip())
        while stack and stack[-1][0] >= depth:
            stack.pop()
        owner = _package(name.strip()) or (stack[-1][1] if stack else None)
        stack.append((depth, owner))
        label = {
            "savingsmodel": "savingsmodel: its modules, and building the pydantic models they define",
            "pydantic": "pydantic and its dependencies",
            "site": "start-up: site, and the .pth files of this environment",
            "other": "other packages",
        }.get(_package(name.strip()) or "", f"the standard library, for {owner or 'the command line (argparse)'}")
        if owner == "site":
            label = "start-up: site, and the .pth files of this environment"
        totals[label] = totals.get(label, 0) + own
    return totals


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="rounds (each runs every command once)")
    parser.add_argument("--top", type=int, default=12, help="how many of the slowest imports to list")
    parser.add_argument("--scenario", default=SCENARIO)
    args = parser.parse_args()
    script = console_script()
    python = sys.executable
    one_model = "import pydantic\nclass M(pydantic.BaseModel):\n    x: int"
    commands = {
        "python -c pass": [python, "-c", "pass"],
        "savingsmodel --version": [*script, "--version"],
        "python -c 'import pydantic'": [python, "-c", "import pydantic"],
        f"savingsmodel check {args.scenario}": [*script, "check", args.scenario],
        "python -c 'import pydantic; one model'": [python, "-c", one_model],
    }
    wall, cpu = time_rounds(commands, args.runs)

    cores = os.cpu_count()
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"machine: {cores} cores, load average {load}; Python {platform.python_version()}, ", end="")
    print(f"pydantic {metadata.version('pydantic')}; {platform.system()} {platform.machine()}")
    print(f"script:  {' '.join(script)}; {args.runs} rounds, the commands taking turns\n")
    print(f"  {'':50} {'wall min':>9} {'median':>9} {'cpu min':>9}")
    for name in commands:
        print(f"  {name:50} {min(wall[name]) * 1000:7.1f}ms {statistics.median(wall[name]) * 1000:7.1f}ms", end="")
        print(f" {min(cpu[name]) * 1000:7.1f}ms")

    print("\nratios: of the wall minima, of the wall medians, and of the CPU minima (which load moves least):")
    names = list(commands)
    for command, baseline, target in ((names[1], names[0], 3.0), (names[3], names[2], 2.0), (names[3], names[4], None)):
        best = min(wall[command]) / min(wall[baseline])
        middle = statistics.median(wall[command]) / statistics.median(wall[baseline])
        used = min(cpu[command]) / min(cpu[baseline])
        if target is None:
            verdict = "no target: pydantic loads most of itself only when the first model is defined"
        else:
            verdict = f"target within {target:g}x: {'met' if middle <= target else 'MISSED'}"
        print(f"  {command} / {baseline}:\n    {best:.2f}x min, {middle:.2f}x median, {used:.2f}x cpu  ({verdict})")

    print(f"\nwhere the time of check goes (min of {args.runs} runs, each a fresh interpreter):")
    phases = [
        ("python, no imports", "pass"),
        ("import pydantic (lazy: its modules load on first use)", "import pydantic"),
        ("import pydantic, and define one model", one_model),
        (
            "import what check uses (model, engine, checks, files, report)",
            "import savingsmodel.cli.check, savingsmodel.files.scenario, savingsmodel.engine.evaluation, "
            "savingsmodel.checks.registry, savingsmodel.checks.reconcile, savingsmodel.outputs.findings",
        ),
        ("the whole check, in process", f"from savingsmodel.cli import main; main(['check', {args.scenario!r}])"),
    ]
    for label, code in phases:
        seconds = min(run_once([python, "-c", code])[0] for _ in range(args.runs))
        print(f"  {seconds * 1000:7.1f} ms  {label}")

    # The console script is a Python file: run it under -X importtime as the same interpreter would.
    rows = import_times([*(script if len(script) == 1 else ["-m", "savingsmodel"]), "check", args.scenario])
    total = sum(own for own, _, _ in rows)
    print(f"\nimports of check: {len(rows)} modules, {total / 1000:.0f} ms in all (python -X importtime), by whose:")
    for owner, own in sorted(by_owner(rows).items(), key=lambda item: -item[1]):
        print(f"  {own / 1000:7.1f} ms  {owner}")
    print(f"top {args.top} by own time:")
    for own, cumulative, name in sorted(rows, reverse=True)[: args.top]:
        print(f"  {own / 1000:7.1f} ms  (cumulative {cumulative / 1000:7.1f} ms)  {name.strip()}")
    heavy = sorted({r[2].strip().split(".")[0] for r in rows} & _HEAVY)
    print(f"\nheavy packages imported by check: {', '.join(heavy) if heavy else 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
