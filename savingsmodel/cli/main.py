"""The command line: ``savingsmodel run | check | explain | compare | plan | sweep | tornado | break-even | solve
| simulate | schema | new | export | report``.

Exit codes: 0 all is well; 1 ``check`` found a claim that misses, two claims
that conflict, or an unacknowledged officer-check warning (or ``solve`` found no value that makes the claim
hold); 2 bad input (a file
that cannot be used) or a usage error; 70 an internal error (a bug: one line on
standard error asks for a report, and the traceback is shown only when
``SAVINGSMODEL_TRACEBACK`` is set); 130 interrupted.

>>> main(["--version"])
savingsmodel 0.1.0
0

This module holds the parser and the dispatch; each command is a module of its
own (``run``, ``check``, ``explain``, ``compare``, ``plan``, ``sweep``, ``tornado``, ``break_even``, ``solve``,
``simulate``, ``schema``, ``new``, ``export``, ``report``), with
what they share in ``common``. Start-up matters (an officer runs ``check`` in a
pre-commit hook or a scheduled job): the modules of the command line import
only the standard library at the top, :func:`main` imports the one command
module chosen, and that command imports what it uses when it runs; nothing on
the path of ``check`` imports pandas, numpy, YAML, matplotlib or openpyxl.
``benchmarks/startup.py`` measures it; ``tests/test_startup_imports.py`` keeps it so.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, NoReturn

from savingsmodel.cli.common import (
    EXIT_BAD_INPUT,
    EXIT_CLAIMS_MISS,
    EXIT_CRASH,
    EXIT_INTERRUPTED,
    EXIT_OK,
    ReportedError,
    UsageError,
    err,
    report_problems,
)

if TYPE_CHECKING:
    from datetime import date

__all__ = ["EXIT_BAD_INPUT", "EXIT_CLAIMS_MISS", "EXIT_CRASH", "EXIT_INTERRUPTED", "EXIT_OK", "main"]

_EPILOG = """\
examples:
  savingsmodel run scenarios/scs4-1-revised.toml --units thousands
  savingsmodel run scenarios/scs4-1-revised.toml --variant posts-leave-october --format json
  savingsmodel check scenarios/*.toml
  savingsmodel explain scenarios/scs4-1-revised.toml net_saving 2016/17
  savingsmodel compare scenarios/scs4-1-revised.toml --variant posts-leave-october
  savingsmodel compare scenarios/scs4-1-original.toml scenarios/scs4-1-revised.toml
  savingsmodel sweep scenarios/scs4-1-revised.toml --input "grades.Watch Manager.unit_cost=£40k:£56k:5"
  savingsmodel tornado scenarios/scs4-1-revised.toml --figure net_saving --year 2016/17
  savingsmodel break-even scenarios/scs4-1-revised.toml "grades.Watch Manager.unit_cost"
  savingsmodel simulate scenarios/scs4-1-revised.toml --draws 100000 --seed 1
  savingsmodel new my-proposal.toml
  savingsmodel new --xlsx my-proposal.xlsx
  savingsmodel export scenarios/scs4-1-revised.toml --xlsx scs4-1.xlsx
  savingsmodel report scenarios/scs4-1-revised.toml --html scs4-1.html --pdf scs4-1.pdf --docx scs4-1.docx
  savingsmodel plan scenarios/plan-2016.toml --slip 3 --format markdown
  savingsmodel plan scenarios/plan-2016.toml --units thousands
  savingsmodel schema > savingsmodel.schema.json

exit codes:
  0  all is well (check: every claim holds and no officer check warns)
  1  check: a claim misses or cannot be checked, two claims conflict, or an officer check warns
     (unacknowledged)
  2  bad input (a file that cannot be used) or a usage error (new, export and report: also a file
     already there without --force, or one that cannot be written)
  70 internal error: a bug in savingsmodel, not a verdict on the file (please report it)
"""


class _Parser(argparse.ArgumentParser):
    # argparse exits the process on a usage error; main() must return its code instead.
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.format_usage()}{self.prog}: error: {message}")


def _months(text: str) -> int:
    """A whole number of months, zero or more (``--slip``)."""
    if not text.isdigit() or int(text) > 120:
        raise argparse.ArgumentTypeError(f"expected a whole number of months from 0 to 120, found {text!r}")
    return int(text)


def _day(text: str) -> date:
    """A date written YYYY-MM-DD (``--as-at``)."""
    from datetime import date

    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date such as 2016-09-30, found {text!r}") from None


def _parser() -> argparse.ArgumentParser:
    from savingsmodel import __version__

    parser = _Parser(
        prog="savingsmodel",
        description="Model staffing savings exactly, and check the figures a committee paper claims.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"savingsmodel {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True

    def command(name: str, help: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(
            name,
            help=help,
            description=help,
            epilog=_EPILOG,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        return sub

    def sign(sub: argparse.ArgumentParser) -> None:
        sub.add_argument(
            "--sign",
            choices=["savings", "budget"],
            default="savings",
            help="savings positive (the default) or budget: savings negative, costs positive",
        )

    def force(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--force", action="store_true", help="replace a file that is already there")

    def units(sub: argparse.ArgumentParser) -> None:
        sub.add_argument(
            "--units", choices=["pounds", "thousands"], default="pounds", help="pounds (exact, the default) or £k"
        )

    run = command("run", "print a proposal's figures by financial year and the findings on its claims")
    run.add_argument("file", metavar="FILE", help="a scenario file (.toml, .yaml or .yml)")
    run.add_argument("--variant", metavar="NAME", help="apply the file's variant NAME")
    run.add_argument("--format", choices=["table", "csv", "json", "markdown"], default="table")
    units(run)
    sign(run)

    check = command(
        "check", "reconcile the claims of one or more files, and run the officer checks; exit 1 if any fail"
    )
    check.add_argument("files", metavar="FILE", nargs="+", help="scenario files")
    check.add_argument("--format", choices=["text", "json"], default="text")
    check.add_argument(
        "--solve-for",
        metavar="INPUT",
        help="under each claim that misses or cannot be checked, the values of INPUT that would make it hold",
    )

    explain = command("explain", "show the lines and arithmetic that make a figure")
    explain.add_argument("file", metavar="FILE")
    explain.add_argument(
        "figure",
        metavar="FIGURE",
        help="one of gross_saving, additional_costs, income, net_saving (savings - costs), one_off_costs, "
        "one_off_income, net_after_one_off_costs, fte_change, fte_released, fte_created; or a view of one, named "
        "as run's JSON and to_frame name it: net_saving_incremental (the MTFP line), net_saving_cumulative, "
        "full_year_effect, net_position_to_date, ...",
    )
    explain.add_argument("year", metavar="YEAR", nargs="?", help="e.g. 2016/17; default: over the whole period")
    explain.add_argument("--variant", metavar="NAME")
    explain.add_argument("--grade", metavar="GRADE", help="for fte_change: one grade")

    compare = command("compare", "show what differs between a baseline and a variant, two variants, or two files")
    compare.add_argument("files", metavar="FILE", nargs="+", help="one file (with --variant) or two files")
    compare.add_argument(
        "--variant", metavar="NAME", action="append", default=[], help="once: baseline vs NAME; twice: A vs B"
    )
    units(compare)
    sign(compare)

    plan = command("plan", "the MTFP of many proposals: by year, directorate and proposal, against the target")
    plan.add_argument("file", metavar="PLANFILE", help="a plan file (.toml, .yaml or .yml)")
    plan.add_argument("--format", choices=["table", "csv", "json", "markdown"], default="table")
    plan.add_argument(
        "--slip", metavar="MONTHS", type=_months, default=0, help="recompute with the savings MONTHS months later"
    )
    plan.add_argument(
        "--only", metavar="PROPOSAL", action="append", default=[], help="with --slip: slip only this proposal (repeat)"
    )
    plan.add_argument(
        "--as-at",
        metavar="DATE",
        type=_day,
        help="the savings tracker on DATE (YYYY-MM-DD): the latest monitoring returns on or before it",
    )
    plan.add_argument("--allow-outside", action="store_true", help="read proposal files outside the plan's folder")
    plan.add_argument(
        "--units",
        choices=["pounds", "thousands"],
        default="pounds",
        help="pounds (exact, the default) or the committee's £000 table, adding as printed",
    )

    def figure_year(sub: argparse.ArgumentParser, year: str) -> None:
        sub.add_argument(
            "--figure",
            metavar="FIGURE",
            default="net_saving",
            help="a money figure: gross_saving, additional_costs, one_off_costs, one_off_income, income, "
            "net_saving (the default), "
            "net_saving_incremental (the MTFP line), net_saving_cumulative, net_after_one_off_costs, "
            "net_position_to_date, full_year_effect",
        )
        sub.add_argument("--year", metavar="YEAR", help=year)

    sweep = command("sweep", "show a figure over a grid of one to three inputs")
    sweep.add_argument("file", metavar="FILE", help="a scenario file (.toml, .yaml or .yml) or Excel template")
    sweep.add_argument(
        "--input",
        metavar="NAME=VALUES",
        action="append",
        default=[],
        help="an input and its values: NAME=LOW:HIGH (5 steps), NAME=LOW:HIGH:STEPS or NAME=V1;V2;...; once to "
        "three times",
    )
    figure_year(sweep, "one year, e.g. 2016/17; default: every year of the horizon")
    sweep.add_argument("--variant", metavar="NAME", help="apply the file's variant NAME")
    sweep.add_argument("--format", choices=["table", "csv", "json"], default="table")

    tornado = command("tornado", "rank the inputs by how far each moves a figure between its low and its high")
    tornado.add_argument("file", metavar="FILE", help="a scenario file (.toml, .yaml or .yml) or Excel template")
    tornado.add_argument(
        "--input",
        metavar="NAME=LOW:HIGH",
        action="append",
        default=[],
        help="an input and its range (repeat); default: every input at its default range",
    )
    figure_year(tornado, "e.g. 2016/17; default: the first year of the horizon")
    tornado.add_argument("--variant", metavar="NAME", help="apply the file's variant NAME")
    tornado.add_argument("--format", choices=["table", "csv", "json"], default="table")

    breakeven = command("break-even", "find the value of one input that makes a figure reach a target")
    breakeven.add_argument("file", metavar="FILE", help="a scenario file (.toml, .yaml or .yml) or Excel template")
    breakeven.add_argument("input", metavar="INPUT", help="an input, e.g. 'grades.Watch Manager.unit_cost'")
    figure_year(breakeven, "e.g. 2016/17; default: the first year of the horizon")
    breakeven.add_argument("--target", metavar="AMOUNT", default="0", help="the figure to reach (default £0)")
    breakeven.add_argument("--within", metavar="LOW:HIGH", help="the range searched; default: the input's own")
    breakeven.add_argument("--variant", metavar="NAME", help="apply the file's variant NAME")
    breakeven.add_argument("--format", choices=["table", "csv", "json"], default="table")

    solve = command("solve", "find the values of one input for which a claim of the file would hold")
    solve.add_argument("file", metavar="FILE", help="a scenario file (.toml, .yaml or .yml) or Excel template")
    solve.add_argument(
        "--for", dest="input", metavar="INPUT", required=True, help="e.g. 'grades.Watch Manager.unit_cost'"
    )
    solve.add_argument(
        "--claim", metavar="N", required=True, help="the claim's number, or claims[N], as check names it"
    )
    solve.add_argument("--within", metavar="LOW:HIGH", help="the range searched; default: the input's own")
    solve.add_argument("--variant", metavar="NAME", help="apply the file's variant NAME")
    solve.add_argument("--format", choices=["table", "json"], default="table")

    simulate = command(
        "simulate",
        "draw the inputs the file declares uncertain: P10/P50/P90 and mean by year, the chance each claim holds",
    )
    simulate.add_argument("file", metavar="FILE", help="a scenario file with [[uncertain]] inputs")
    simulate.add_argument("--draws", type=_draws, default=10_000, metavar="N", help="how many draws (default 10,000)")
    simulate.add_argument(
        "--seed", type=_seed, default=1, metavar="S", help="the seed: the same seed and draws give the same result"
    )
    simulate.add_argument("--format", choices=["table", "csv", "json"], default="table")
    simulate.add_argument("--variant", metavar="NAME", help="apply the file's variant NAME first")
    simulate.add_argument(
        "--figure",
        metavar="NAME",
        action="append",
        default=[],
        help="a money figure to give ranges of (repeat for more); default net_saving_incremental (the MTFP line) "
        "and net_saving",
    )

    command("schema", "print the JSON Schema of the scenario file format")

    new = command("new", "write a commented starter scenario file, or an Excel input template (--xlsx)")
    new.add_argument("file", metavar="FILE", nargs="?", help="the file to create, ending .toml")
    new.add_argument("--xlsx", metavar="TEMPLATE", help="write an Excel input template instead, ending .xlsx")
    force(new)

    export = command("export", "write a workbook: the inputs, the arithmetic as live formulas, claims and summary")
    export.add_argument("file", metavar="FILE", help="a scenario file (.toml, .yaml, .yml) or Excel template (.xlsx)")
    export.add_argument("--xlsx", metavar="OUT", required=True, help="the workbook to write, ending .xlsx")
    export.add_argument("--variant", metavar="NAME", help="apply the file's variant NAME")
    force(export)

    report = command("report", "write the committee report: HTML (one file), PDF, or Word tables for a template")
    report.add_argument("file", metavar="FILE", help="a scenario file (.toml, .yaml, .yml) or Excel template (.xlsx)")
    report.add_argument("--html", metavar="OUT", help="the report as one self-contained HTML file")
    report.add_argument("--pdf", metavar="OUT", help="the same report as PDF (needs Chromium)")
    report.add_argument("--docx", metavar="OUT", help="the £000 table, findings and assumptions as Word tables")
    report.add_argument("--variant", metavar="NAME", help="apply the file's variant NAME")
    force(report)
    return parser


def _draws(text: str) -> int:
    """A number of draws: a whole number from 2 to 100,000,000 (commas and underscores allowed)."""
    try:
        draws = int(text.replace(",", "").replace("_", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number of draws, found {text!r}") from None
    if not 2 <= draws <= 100_000_000:
        raise argparse.ArgumentTypeError(f"expected from 2 to 100,000,000 draws, found {draws:,}")
    return draws


def _seed(text: str) -> int:
    """A seed: a whole number from 0 to 2**63 - 1."""
    try:
        seed = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, found {text!r}") from None
    if not 0 <= seed < 2**63:
        raise argparse.ArgumentTypeError(f"expected a seed from 0 to {2**63 - 1}, found {seed}")
    return seed


def _handler(command: str) -> Callable[[argparse.Namespace], int]:
    """The handler of ``command``; only its module is imported, and it imports what it uses when it runs."""
    if command == "run":
        from savingsmodel.cli.run import run

        return run
    if command == "check":
        from savingsmodel.cli.check import check

        return check
    if command == "explain":
        from savingsmodel.cli.explain import explain

        return explain
    if command == "compare":
        from savingsmodel.cli.compare import compare

        return compare
    if command == "plan":
        from savingsmodel.cli.plan import plan

        return plan
    if command == "sweep":
        from savingsmodel.cli.sweep import sweep

        return sweep
    if command == "tornado":
        from savingsmodel.cli.tornado import tornado

        return tornado
    if command == "break-even":
        from savingsmodel.cli.break_even import break_even

        return break_even
    if command == "solve":
        from savingsmodel.cli.solve import solve

        return solve
    if command == "simulate":
        from savingsmodel.cli.simulate import simulate

        return simulate
    if command == "schema":
        from savingsmodel.cli.schema import schema

        return schema
    if command == "new":
        from savingsmodel.cli.new import new

        return new
    if command == "export":
        from savingsmodel.cli.export import export

        return export
    if command == "report":
        from savingsmodel.cli.report import report

        return report
    raise UsageError(f"savingsmodel: error: unknown command {command!r}")  # the parser lets none through


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 ok, 1 claims miss or conflict, 2 bad input or usage, 70 a bug)."""
    try:
        return _main(argv)
    except KeyboardInterrupt:
        err("savingsmodel: interrupted")
        return EXIT_INTERRUPTED
    except Exception as error:
        # Not the file's fault and not a verdict on it: a code of its own, so that `check` exiting 1
        # still means "a claim misses", and one line asking for a report instead of a traceback.
        _report_crash(error)
        return EXIT_CRASH


def _report_crash(error: Exception) -> None:
    import os

    if os.environ.get("SAVINGSMODEL_TRACEBACK"):
        import traceback

        traceback.print_exception(error, file=sys.stderr)
    reason = " ".join(f"{type(error).__name__}: {error}".split())[:200]
    err(
        f"savingsmodel: internal error ({reason}); this is a bug in savingsmodel, not a problem with your file: "
        "please report it with the command you ran and the input file(s) "
        "(set SAVINGSMODEL_TRACEBACK=1 to see the traceback)"
    )


def _main(argv: Sequence[str] | None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except UsageError as error:
        err(error)
        return EXIT_BAD_INPUT
    except SystemExit as done:  # --help and --version
        return done.code if isinstance(done.code, int) else EXIT_OK
    from savingsmodel.core.errors import InputError, SavingsModelError

    try:
        return _handler(args.command)(args)
    except ReportedError:
        return EXIT_BAD_INPUT
    except InputError as error:
        report_problems(error, getattr(args, "file", None))
        return EXIT_BAD_INPUT
    except SavingsModelError as error:
        err(f"savingsmodel: error: {error}")
        return EXIT_BAD_INPUT
    except UsageError as error:
        err(error)
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        # The reader went away (``| head``); nothing more to say.
        sys.stderr.close()
        return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
