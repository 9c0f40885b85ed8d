"""Mutation testing, one module at a time, with the tests that module answers to (see docs/quality.md).

From the repository root, with the mutation extra installed (``pip install -e '.[mutation]'``)::

    HYPOTHESIS_PROFILE=ci .venv/bin/python benchmarks/mutation.py money
    HYPOTHESIS_PROFILE=ci .venv/bin/python benchmarks/mutation.py money years phasing engine reconcile
    .venv/bin/python benchmarks/mutation.py --list
    HYPOTHESIS_PROFILE=ci .venv/bin/python benchmarks/mutation.py --again engine   # after adding tests
    HYPOTHESIS_PROFILE=ci .venv/bin/python benchmarks/mutation.py summed --only '*money_of*' '*_half_up*'
    HYPOTHESIS_PROFILE=ci nice -n 19 .venv/bin/python benchmarks/mutation.py many --max-children 2 --only \
        '*.x__round_half_up__*' '*.x__uprated__*' '*ǁ_Sumǁ*'   # the vectorised engine's arithmetic, in part

mutmut 3 reads its settings from ``[tool.mutmut]`` in pyproject.toml; this narrows them to one
module's files and its own tests, because a money mutant covered by the whole suite would run
every test of the suite (hours on two cores), and prints each module's score and survivors.
``HYPOTHESIS_PROFILE=ci`` makes the property tests draw the same examples for every mutant, so a
mutant is never killed, or spared, by luck. Survivors can then be read with ``mutmut show NAME``.
``--only`` runs only the mutants whose names match (mutmut's names, ``module.x_function__mutmut_N``
and ``module.xǁClassǁmethod__mutmut_N``): part of a large module, scored on that part alone.
Not run in CI: it takes minutes to an hour a module.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: Each module's last score, kept after mutants/ is cleared for the next module (ignored by git).
SCORES = ROOT / "mutants-scores"

# Each module: the files mutated, and the tests (and documents with examples) that answer for them.
MODULES: dict[str, tuple[list[str], list[str]]] = {
    "money": (
        ["savingsmodel/core/money.py"],
        [
            "tests/test_money.py",
            "tests/test_money_rules.py",
            "tests/test_money_arithmetic.py",
            "tests/test_pennies.py",
            "tests/test_hostile_inputs.py",
            "tests/test_invalid_files.py",
            "docs/explanation/money-and-rounding.md",
        ],
    ),
    "years": (
        ["savingsmodel/core/years.py"],
        ["tests/test_years.py", "tests/test_year_rules.py", "tests/test_proposal.py", "tests/test_invalid_files.py"],
    ),
    "phasing": (
        ["savingsmodel/core/phasing.py"],
        [
            "tests/test_phasing.py",
            "tests/test_time_properties.py",
            "tests/test_uprating.py",
            "tests/test_engine_rules.py",
            "docs/explanation/phasing-and-prices.md",
        ],
    ),
    "engine": (
        ["savingsmodel/engine/*.py"],
        [
            "tests/test_engine.py",
            "tests/test_engine_rules.py",
            "tests/test_engine_properties.py",
            "tests/test_time_properties.py",
            "tests/test_payback.py",
            "tests/test_uprating.py",
            "tests/test_unit_costs.py",
            "tests/test_price_base.py",
            "tests/test_evaluation_api.py",
            "tests/test_frames.py",
            "tests/test_notebook_display.py",
            "tests/test_workings.py",
            "tests/test_worked_case.py",
            "tests/test_library_scenario.py",
            "tests/test_line_kinds.py",
            "tests/test_pennies.py",
            "docs/explanation/phasing-and-prices.md",
            "docs/explanation/money-and-rounding.md",
            "docs/howto/unit-costs.md",
            "docs/howto/phased-savings.md",
        ],
    ),
    "capital": (
        ["savingsmodel/engine/capital.py"],
        [
            "tests/test_capital_and_funding.py",
            "tests/test_workbook.py",
            "docs/howto/capital-and-funding.md",
        ],
    ),
    "rebuilt": (
        ["savingsmodel/engine/rebuilt.py"],
        [
            "tests/test_unit_costs.py",
            "tests/test_workings.py",
            "tests/test_engine_rules.py",
            "tests/test_workbook.py",
            "docs/howto/unit-costs.md",
        ],
    ),
    "redundancy": (
        ["savingsmodel/engine/redundancy.py"],
        [
            "tests/test_redundancy.py",
            "tests/test_line_kinds.py",
            "tests/test_establishment.py",
            "docs/explanation/redundancy.md",
            "savingsmodel/engine/redundancy.py",
        ],
    ),
    "summed": (
        ["savingsmodel/engine/summed.py"],
        [
            "tests/test_summed.py",
            "tests/test_summed_rules.py",
            "tests/test_engine_rules.py",
            "tests/test_pennies.py",
            "savingsmodel/engine/summed.py",
        ],
    ),
    "many": (
        ["savingsmodel/engine/many.py"],
        [
            "tests/test_many.py",
            "tests/test_many_rules.py",
            "tests/test_capital_and_funding.py",
            "docs/howto/sweep.md",
            "savingsmodel/engine/many.py",
        ],
    ),
    "reconcile": (
        ["savingsmodel/checks/reconcile.py"],
        [
            "tests/test_reconcile.py",
            "tests/test_reconcile_rules.py",
            "tests/test_checks.py",
            "tests/test_series.py",
            "tests/test_payback.py",
            "tests/test_worked_case.py",
            "tests/test_notebook_display.py",
            "tests/test_library_scenario.py",
            "docs/howto/check-a-paper.md",
        ],
    ),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("modules", nargs="*", metavar="MODULE", help=f"one or more of: {', '.join(MODULES)}")
    parser.add_argument("--list", action="store_true", help="list the modules, their files and tests")
    parser.add_argument("--max-children", type=int, default=None, help="parallel workers (default: the CPUs)")
    parser.add_argument(
        "--again",
        action="store_true",
        help="run again only the last run's survivors of the module run last (after adding tests), and recount",
    )
    parser.add_argument(
        "--only",
        nargs="+",
        default=[],
        metavar="GLOB",
        help="run only the mutants whose names match one of these (fnmatch) patterns, and score those",
    )
    args = parser.parse_args(argv)
    if args.list or not args.modules:
        for name, (files, tests) in MODULES.items():
            print(f"{name}: {' '.join(files)}\n    tests: {' '.join(tests)}")
        return 0
    unknown = [m for m in args.modules if m not in MODULES]
    if unknown:
        parser.error(f"unknown module(s) {', '.join(unknown)}; known: {', '.join(MODULES)}")
    scores = {}
    for module in args.modules:
        scores[module] = run_module(module, args.max_children, again=args.again, only=args.only)
        # mutants/ holds one module at a time: each score is kept beside it, for after the run.
        SCORES.mkdir(exist_ok=True)
        (SCORES / f"score-{module}.json").write_text(json.dumps(scores[module], indent=2), encoding="utf-8")
    print(json.dumps(scores, indent=2))
    return 0


def run_module(
    module: str, max_children: int | None, *, again: bool = False, only: list[str] | None = None
) -> dict[str, object]:
    """Run mutmut on one module with its tests, from a fresh mutants/ folder.

    In a child process, because mutmut's settings are process-wide; from a fresh folder, because
    mutmut makes mutants only for files it sees change (not for files newly in only_mutate).
    The folder is left as the run leaves it, so that ``mutmut show NAME`` reads the last module's.
    With ``again``, the folder is kept and only the module's survivors are run again: tests only
    added since cannot spare a mutant they killed, so the recount is the module's score now.
    With ``only``, only the mutants whose names match are run (a fresh folder, or with ``again``
    the last run's survivors among them), and the score is of those.
    """
    import shutil
    import subprocess

    if again:
        if not (ROOT / "mutants" / f"score-{module}.json").exists():
            return {"error": f"mutants/ does not hold a run of {module}: run it without --again first"}
    else:
        shutil.rmtree(ROOT / "mutants", ignore_errors=True)
    done = subprocess.run(  # noqa: S603 - this script, on the repository's own code
        [sys.executable, __file__, "--_child", module, str(max_children or 0), str(int(again)), *(only or [])],
        cwd=ROOT,
        check=False,
    )
    if done.returncode != 0:
        return {"error": f"mutmut exited {done.returncode}"}
    score: dict[str, object] = json.loads((ROOT / "mutants" / f"score-{module}.json").read_text(encoding="utf-8"))
    return score


def child(module: str, max_children: int, again: bool, only: list[str]) -> int:
    files, tests = MODULES[module]
    import mutmut.configuration as configuration

    base = configuration._load_config()
    present = [t for t in tests if (ROOT / t).exists()]
    configuration._config = dataclasses.replace(base, only_mutate=files, pytest_add_cli_args_test_selection=present)

    from mutmut.__main__ import cli  # after the settings: mutmut reads them on import
    from mutmut.mutation.data import SourceFileMutationData
    from mutmut.stats import status_by_exit_code
    from mutmut.utils.file_utils import walk_mutatable_files

    run_args = ["run", *(["--max-children", str(max_children)] if max_children else [])]
    spared: set[str] = set()
    if again:
        last = json.loads((ROOT / "mutants" / f"score-{module}.json").read_text(encoding="utf-8"))
        spared = {entry.partition(":")[0] for entry in last["survivors"]}
        only = only or last.get("only", [])  # the part the last run scored, unless a part is named now
        spared = {name for name in spared if not only or _matches(name, only)}
        run_args += sorted(spared)
    elif only:
        run_args += only
    try:
        cli.main(run_args, standalone_mode=False)
    except SystemExit as stop:
        if stop.code not in (0, None):
            return int(stop.code) if isinstance(stop.code, int) else 1
    from mutmut.mutation.diff_apply import get_diff_for_mutant

    counts: Counter[str] = Counter()
    survivors: list[str] = []
    diffs: dict[str, list[str]] = {}
    for path in walk_mutatable_files():
        data = SourceFileMutationData(path=path)
        data.load()
        for name, code in data.exit_code_by_key.items():
            status = status_by_exit_code[code]
            if only and not _matches(name, only):
                continue  # not in the part run: neither killed nor spared
            if again and status == "not checked" and name not in spared:
                # Run again, mutmut marks the mutants it did not run as unchecked: they were killed last time.
                status = "killed"
            counts[status] += 1
            if status in ("survived", "no tests"):
                survivors.append(f"{name}: {status}")
                diff = get_diff_for_mutant(name, path=path)
                changed = (line for line in diff.splitlines() if line[:1] in "+-")
                diffs[name] = [line for line in changed if line[:3] not in ("+++", "---")]
    killed = counts["killed"] + counts["timeout"]
    judged = killed + counts["survived"] + counts["no tests"] + counts["suspicious"]
    score = {
        "files": files,
        "tests": present,
        **({"only": only} if only else {}),
        "counts": dict(counts),
        "score_percent": round(100 * killed / judged, 1) if judged else None,
        "survivors": sorted(survivors),
        "diffs": diffs,
    }
    (ROOT / "mutants" / f"score-{module}.json").write_text(json.dumps(score, indent=2), encoding="utf-8")
    print(f"{module}: {killed} of {judged} mutants killed ({score['score_percent']}%)")
    return 0


def _matches(name: str, patterns: list[str]) -> bool:
    """Whether a mutant's name matches one of ``patterns``, as mutmut matches them when told which to run."""
    import fnmatch

    return any(name == pattern or fnmatch.fnmatch(name, pattern) for pattern in patterns)


if __name__ == "__main__":
    if len(sys.argv) >= 5 and sys.argv[1] == "--_child":
        sys.exit(child(sys.argv[2], int(sys.argv[3]), sys.argv[4] == "1", sys.argv[5:]))
    sys.exit(main())
