"""What each command imports, in a fresh interpreter: start-up is paid again on every run of a hook or a job.

Not timed (``benchmarks/startup.py`` times it); these pin the imports that make
the time: ``--version`` needs nothing beyond the package, its command line and
the standard library, and ``check`` of a TOML file needs neither pandas, numpy
nor YAML.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
REVISED = "scenarios/scs4-1-revised.toml"

# Runs the command through main(argv), then prints every module loaded, on the last line of standard output;
# the probe itself imports nothing, so what it prints is what the command (and the interpreter) loaded.
_PROBE = "import sys\nfrom savingsmodel.cli import main\nmain(sys.argv[1:])\nprint()\nprint(*sorted(sys.modules))\n"
_COMMAND_MODULES = {
    f"savingsmodel.cli.{name}"
    for name in ("run", "check", "explain", "compare", "sweep", "tornado", "break_even", "simulate", "schema", "new")
}


def _run(code: str, *argv: str) -> set[str]:
    done = subprocess.run(  # noqa: S603 - this Python, fixed code
        [sys.executable, "-c", code, *argv], capture_output=True, text=True, check=False, cwd=ROOT
    )
    assert "Traceback" not in done.stderr, done.stderr
    return set(done.stdout.splitlines()[-1].split())


@pytest.fixture(scope="module")
def at_start() -> set[str]:
    """What a bare interpreter of this environment has loaded before any code runs (site, .pth files)."""
    return _run("import sys\nprint(*sys.modules)")


def _is_standard_library(module: str) -> bool:
    top = module.split(".")[0]
    return top in sys.stdlib_module_names or top.startswith("_sysconfigdata")


def imported(at_start: set[str], *argv: str) -> set[str]:
    """The modules ``savingsmodel ARGV`` loads beyond a bare interpreter's."""
    return _run(_PROBE, *argv) - at_start


@pytest.mark.parametrize("argv", [["--version"], ["--help"], ["check", "--help"]])
def test_version_and_help_import_only_the_command_line_and_the_standard_library(
    at_start: set[str], argv: list[str]
) -> None:
    modules = imported(at_start, *argv)
    ours = {m for m in modules if m.split(".")[0] == "savingsmodel"}
    assert ours == {"savingsmodel", "savingsmodel.cli", "savingsmodel.cli.main", "savingsmodel.cli.common"}
    assert {m for m in modules - ours if not _is_standard_library(m)} == set()  # no pydantic, no anything


def test_check_of_a_toml_file_imports_neither_pandas_numpy_nor_yaml(at_start: set[str]) -> None:
    modules = imported(at_start, "check", REVISED)
    tops = {m.split(".")[0] for m in modules}
    assert "savingsmodel.checks.registry" in modules  # the check did run, through the officer checks too
    assert tops & {"pandas", "numpy", "yaml", "matplotlib", "openpyxl"} == set()
    assert modules & _COMMAND_MODULES == {"savingsmodel.cli.check"}  # main imports the one command chosen


@pytest.mark.parametrize(
    ("argv", "command"),
    [
        (["run", REVISED], "run"),
        (["explain", REVISED, "net_saving"], "explain"),
        (["compare", REVISED, "--variant", "posts-leave-october"], "compare"),
        (["schema"], "schema"),
    ],
)
def test_each_command_imports_its_own_module_and_no_heavy_package(
    at_start: set[str], argv: list[str], command: str
) -> None:
    modules = imported(at_start, *argv)
    assert modules & _COMMAND_MODULES == {f"savingsmodel.cli.{command}"}
    assert {m.split(".")[0] for m in modules} & {"pandas", "numpy", "yaml", "matplotlib", "openpyxl"} == set()


@pytest.mark.parametrize(
    ("argv", "command"),
    [
        (["sweep", REVISED, "--input", "grades.Watch Manager.unit_cost=40k:56k:3"], "sweep"),
        (["tornado", REVISED], "tornado"),
        (["break-even", REVISED, "grades.Watch Manager.unit_cost"], "break_even"),
    ],
)
def test_the_what_if_commands_import_their_own_module_and_no_plotting_or_workbook(
    at_start: set[str], argv: list[str], command: str
) -> None:
    modules = imported(at_start, *argv)
    assert modules & _COMMAND_MODULES == {f"savingsmodel.cli.{command}"}
    assert "numpy" in modules  # the vectorised evaluator: these commands need it, and only these
    assert {m.split(".")[0] for m in modules} & {"pandas", "yaml", "matplotlib", "openpyxl"} == set()


def test_new_imports_its_own_module_and_writes_the_file(at_start: set[str], tmp_path: Path) -> None:
    target = tmp_path / "starter.toml"
    modules = imported(at_start, "new", str(target))
    assert target.is_file()
    assert modules & _COMMAND_MODULES == {"savingsmodel.cli.new"}
    assert not any(
        m.startswith(("savingsmodel.engine", "savingsmodel.checks", "savingsmodel.outputs")) for m in modules
    )


def test_schema_needs_no_engine_checks_or_outputs(at_start: set[str]) -> None:
    modules = imported(at_start, "schema")
    assert not any(
        m.startswith(("savingsmodel.engine", "savingsmodel.checks", "savingsmodel.outputs")) for m in modules
    )


_WRITERS = {"matplotlib", "jinja2", "xlsxwriter", "openpyxl", "docx", "pandas", "yaml"}


@pytest.mark.parametrize(
    ("argv", "needs"),
    [
        (["export", REVISED, "--xlsx", "{out}/a.xlsx"], {"xlsxwriter"}),
        (["report", REVISED, "--html", "{out}/a.html"], {"matplotlib", "jinja2"}),
        (["report", REVISED, "--docx", "{out}/a.docx"], {"docx"}),
        (["new", "--xlsx", "{out}/a.xlsx"], {"xlsxwriter"}),
    ],
    ids=["export", "report-html", "report-docx", "new-xlsx"],
)
def test_each_output_imports_only_the_writer_it_uses(
    at_start: set[str], tmp_path: Path, argv: list[str], needs: set[str]
) -> None:
    modules = imported(at_start, *(a.format(out=tmp_path) for a in argv))
    assert {m.split(".")[0] for m in modules} & _WRITERS == needs
    assert len(list(tmp_path.iterdir())) == 1  # the command did write its file


def test_simulate_loads_numpy_and_scipy_but_no_writer_and_no_bar_off_a_terminal(at_start: set[str]) -> None:
    modules = imported(at_start, "simulate", REVISED, "--draws", "200")
    tops = {m.split(".")[0] for m in modules}
    assert modules & _COMMAND_MODULES == {"savingsmodel.cli.simulate"}
    assert {"numpy", "scipy"} <= tops
    # SciPy's special functions only: the Latin hypercube and the ranks are numpy's, and scipy.stats is a second.
    assert "scipy.stats" not in modules
    # No progress bar when standard error is not a terminal (here, a pipe); no committee writer, no YAML.
    assert tops & (_WRITERS | {"tqdm"}) == set()
