"""The command line: ``savingsmodel run | check | explain | compare | schema | new``.

Exit codes: 0 all is well; 1 ``check`` found a claim that misses, two claims
that conflict, or an unacknowledged officer-check warning; 2 bad input (a file
that cannot be used) or a usage error.

>>> main(["--version"])
savingsmodel 0.1.0
0

Start-up matters (an officer runs ``check`` in a pre-commit hook or a scheduled
job): this module imports only the standard library at the top, and each command
imports what it needs; nothing on the path of ``check`` imports pandas, numpy,
matplotlib or openpyxl. ``benchmarks/startup.py`` measures it.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NoReturn

if TYPE_CHECKING:
    from savingsmodel.checks.findings import CheckFinding
    from savingsmodel.checks.reconcile import Finding
    from savingsmodel.core.errors import InputError
    from savingsmodel.engine.evaluation import Evaluation
    from savingsmodel.files.scenario import Scenario
    from savingsmodel.model.proposal import Proposal
    from savingsmodel.outputs.findings import Summary

__all__ = ["EXIT_BAD_INPUT", "EXIT_CLAIMS_MISS", "EXIT_OK", "main"]

EXIT_OK = 0
EXIT_CLAIMS_MISS = 1
EXIT_BAD_INPUT = 2

_EPILOG = """\
examples:
  savingsmodel run scenarios/scs4-1-revised.toml --units thousands
  savingsmodel run scenarios/scs4-1-revised.toml --variant posts-leave-october --format json
  savingsmodel check scenarios/*.toml
  savingsmodel explain scenarios/scs4-1-revised.toml net_saving 2016/17
  savingsmodel compare scenarios/scs4-1-revised.toml --variant posts-leave-october
  savingsmodel compare scenarios/scs4-1-original.toml scenarios/scs4-1-revised.toml
  savingsmodel new my-proposal.toml
  savingsmodel schema > savingsmodel.schema.json

exit codes:
  0  all is well (check: every claim holds and no officer check warns)
  1  check: a claim misses or cannot be checked, two claims conflict, or an officer check warns
     (unacknowledged)
  2  bad input (a file that cannot be used) or a usage error
"""


class _UsageError(Exception):
    """A command line that cannot be run; reported like argparse's own errors."""


class _Parser(argparse.ArgumentParser):
    # argparse exits the process on a usage error; main() must return its code instead.
    def error(self, message: str) -> NoReturn:
        raise _UsageError(f"{self.format_usage()}{self.prog}: error: {message}")


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

    def command(name: str, help: str, handler: Callable[[argparse.Namespace], int]) -> argparse.ArgumentParser:
        sub = commands.add_parser(
            name,
            help=help,
            description=help,
            epilog=_EPILOG,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        sub.set_defaults(handler=handler)
        return sub

    def units(sub: argparse.ArgumentParser) -> None:
        sub.add_argument(
            "--units", choices=["pounds", "thousands"], default="pounds", help="pounds (exact, the default) or £k"
        )

    run = command("run", "print a proposal's figures by financial year and the findings on its claims", _run)
    run.add_argument("file", metavar="FILE", help="a scenario file (.toml, .yaml or .yml)")
    run.add_argument("--variant", metavar="NAME", help="apply the file's variant NAME")
    run.add_argument("--format", choices=["table", "csv", "json", "markdown"], default="table")
    units(run)

    check = command(
        "check", "reconcile the claims of one or more files, and run the officer checks; exit 1 if any fail", _check
    )
    check.add_argument("files", metavar="FILE", nargs="+", help="scenario files")
    check.add_argument("--format", choices=["text", "json"], default="text")

    explain = command("explain", "show the lines and arithmetic that make a figure", _explain)
    explain.add_argument("file", metavar="FILE")
    explain.add_argument(
        "figure",
        metavar="FIGURE",
        help="one of gross_saving, additional_costs, one_off_costs, income, recurring_net_saving, net_saving, "
        "fte_change, fte_released, fte_created",
    )
    explain.add_argument("year", metavar="YEAR", nargs="?", help="e.g. 2016/17; default: over the whole period")
    explain.add_argument("--variant", metavar="NAME")
    explain.add_argument("--grade", metavar="GRADE", help="for fte_change: one grade")

    compare = command(
        "compare", "show what differs between a baseline and a variant, two variants, or two files", _compare
    )
    compare.add_argument("files", metavar="FILE", nargs="+", help="one file (with --variant) or two files")
    compare.add_argument(
        "--variant", metavar="NAME", action="append", default=[], help="once: baseline vs NAME; twice: A vs B"
    )
    units(compare)

    command("schema", "print the JSON Schema of the scenario file format", _schema)

    new = command("new", "write a commented starter scenario file (never overwrites)", _new)
    new.add_argument("file", metavar="FILE", help="the file to create, ending .toml")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 ok, 1 claims miss or conflict, 2 bad input or usage)."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except _UsageError as error:
        print(error, file=sys.stderr)
        return EXIT_BAD_INPUT
    except SystemExit as done:  # --help and --version
        return done.code if isinstance(done.code, int) else EXIT_OK
    from savingsmodel.core.errors import InputError, SavingsModelError

    try:
        handler: Callable[[argparse.Namespace], int] = args.handler
        return handler(args)
    except InputError as error:
        _report_problems(error, getattr(args, "file", None))
        return EXIT_BAD_INPUT
    except SavingsModelError as error:
        print(f"savingsmodel: error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except _UsageError as error:
        print(error, file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        # The reader went away (``| head``); nothing more to say.
        sys.stderr.close()
        return EXIT_OK


# ---- loading and errors ---------------------------------------------------------------------------


def _report_problems(error: InputError, source: str | None, scenario: Scenario | None = None) -> None:
    """Each problem as one line, ``FILE:LINE: path: message``, on stderr."""
    from dataclasses import replace

    for problem in error.problems:
        if problem.source is None and source is not None:
            line = problem.line
            if line is None and scenario is not None and problem.path:
                line = scenario.line_of(problem.path)
            problem = replace(problem, source=source, line=line)
        print(problem, file=sys.stderr)


def _load(path: str) -> Scenario:
    from savingsmodel.core.errors import InputError
    from savingsmodel.files.scenario import load

    try:
        return load(path)
    except InputError:
        raise
    except OSError as error:
        # The loader reports a missing file as bad input; this is the fallback for anything else the OS says.
        raise InputError.one("", f"cannot read the file: {error.strerror or error}", source=path) from None


def _proposal(scenario: Scenario, variant: str | None) -> Proposal:
    from savingsmodel.core.errors import InputError

    if variant is None:
        return scenario.proposal
    try:
        return scenario.proposal.with_variant(variant)
    except InputError as error:
        _report_problems(error, scenario.source, scenario)
        raise _ReportedError from None


class _ReportedError(Exception):
    """Problems already printed; exit 2."""


def _handles_reported(handler: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    def wrapped(args: argparse.Namespace) -> int:
        try:
            return handler(args)
        except _ReportedError:
            return EXIT_BAD_INPUT

    wrapped.__doc__ = handler.__doc__
    return wrapped


def _evaluate(proposal: Proposal) -> tuple[Evaluation, list[Finding]]:
    from savingsmodel.checks.reconcile import reconcile
    from savingsmodel.engine.evaluation import evaluate

    evaluation = evaluate(proposal)
    return evaluation, reconcile(evaluation)


def _out(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


# ---- run ------------------------------------------------------------------------------------------


@_handles_reported
def _run(args: argparse.Namespace) -> int:
    """Figures by year and findings; exit 0 even when claims miss (``check`` is the gate)."""
    from savingsmodel.outputs.report import render_run

    scenario = _load(args.file)
    evaluation, findings = _evaluate(_proposal(scenario, args.variant))
    checks = _officer_checks(evaluation)
    _out(render_run(evaluation, findings, args.format, args.units, args.variant, checks))
    return EXIT_OK


# ---- check ----------------------------------------------------------------------------------------


@dataclass
class _FileCheck:
    source: str
    scenario: Scenario
    findings: list[Finding]
    checks: list[CheckFinding] = field(default_factory=list)

    def line(self, claim: int) -> int | None:
        return self.scenario.line_of(f"claims[{claim}]")

    def line_of_finding(self, finding: Finding) -> int | None:
        from savingsmodel.outputs.findings import claim_path

        path = claim_path(finding)
        return None if path is None else self.scenario.line_of(path)

    def place(self, finding: Finding) -> str:
        line = self.line_of_finding(finding)
        return f"{self.source}:{line}: " if line is not None else f"{self.source}: "

    def check_place(self, check: CheckFinding) -> str:
        line = self.scenario.line_of(check.subject) if check.subject else None
        return f"{self.source}:{line}: " if line is not None else f"{self.source}: "

    @property
    def warnings(self) -> int:
        return sum(1 for x in self.checks if x.is_warning)

    def summary(self) -> Summary:
        from savingsmodel.outputs.findings import summarise

        return summarise(self.findings)


def _officer_checks(evaluation: Evaluation) -> list[CheckFinding]:
    """The officer checks beyond arithmetic (:mod:`savingsmodel.checks`)."""
    from savingsmodel.checks.registry import run_checks

    return run_checks(evaluation)


@_handles_reported
def _check(args: argparse.Namespace) -> int:
    """Reconcile every file's claims; exit 0 all hold, 1 any misses or conflicts, 2 any file is bad."""
    from savingsmodel.core.errors import InputError
    from savingsmodel.outputs.findings import Summary, finding_data

    checked: list[_FileCheck] = []
    problems: list[dict[str, Any]] = []
    for path in args.files:
        try:
            scenario = _load(path)
            evaluation, findings = _evaluate(scenario.proposal)
            checked.append(_FileCheck(path, scenario, findings, _officer_checks(evaluation)))
        except InputError as error:
            _report_problems(error, path)
            problems.extend(
                {"kind": "input_error", "file": p.source or path, "line": p.line, "path": p.path, "message": p.message}
                for p in error.problems
            )
    bad = bool(problems)
    total = sum((c.summary() for c in checked), Summary())
    if args.format == "json":
        import json

        # Bad input is on standard error as always, and here too, so that a CI job reads one stream.
        entries: list[dict[str, Any]] = list(problems)
        for c in checked:
            for finding in c.findings:
                lines = [c.line(i) for i in finding.claims]
                entries.append(
                    {"file": c.source, "line": c.line_of_finding(finding), "lines": lines}
                    | finding_data(finding, c.scenario.proposal)
                )
            entries.extend(
                {"file": c.source, "line": c.scenario.line_of(x.subject) if x.subject else None} | x.as_dict()
                for x in c.checks
            )
        _out(json.dumps(entries, indent=2, ensure_ascii=False))
    elif checked:
        _out(_check_text(checked, total))
    if bad:
        return EXIT_BAD_INPUT
    warnings = sum(c.warnings for c in checked)
    return EXIT_OK if total.all_hold and warnings == 0 else EXIT_CLAIMS_MISS


def _check_text(checked: Sequence[_FileCheck], total: Summary) -> str:
    from savingsmodel.checks.reconcile import Status

    out: list[str] = []
    for c in checked:
        for finding in c.findings:
            also = ""
            if finding.status is Status.CONFLICT and len(finding.claims) > 1:
                lines = [c.line(i) for i in finding.claims]
                if all(x is not None for x in lines):
                    also = f" (claims at lines {' and '.join(str(x) for x in lines)})"
            out.append(f"{c.place(finding)}{finding}{also}")
    with_checks = [c for c in checked if c.checks]
    if with_checks:
        out += ["", "Officer checks (beyond the arithmetic; an unacknowledged warning fails the check):"]
        for c in with_checks:
            out.extend(f"{c.check_place(x)}{x}" for x in c.checks)
    if out:
        out.append("")

    def warned(count: int) -> str:
        return f"; {count} officer-check warning{'' if count == 1 else 's'}" if count else ""

    out.extend(f"{c.source}: {c.summary()}{warned(c.warnings)}" for c in checked)
    if len(checked) > 1:
        out.append(f"total ({len(checked)} files): {total}{warned(sum(c.warnings for c in checked))}")
    return "\n".join(out)


# ---- explain --------------------------------------------------------------------------------------


@_handles_reported
def _explain(args: argparse.Namespace) -> int:
    """The lines and arithmetic behind one figure."""
    from savingsmodel.engine.evaluation import evaluate

    scenario = _load(args.file)
    evaluation = evaluate(_proposal(scenario, args.variant))
    _out(str(evaluation.explain(args.figure, args.year, args.grade)))
    return EXIT_OK


# ---- compare --------------------------------------------------------------------------------------


@_handles_reported
def _compare(args: argparse.Namespace) -> int:
    """Differences between two evaluations, per input, per year and per line."""
    from savingsmodel.engine.evaluation import evaluate

    files: list[str] = args.files
    variants: list[str] = args.variant
    if len(files) > 2:
        raise _UsageError("savingsmodel compare: error: expected one or two files, found " + str(len(files)))
    if len(files) == 2 and variants:
        raise _UsageError("savingsmodel compare: error: --variant applies to one file; compare two files without it")
    if len(files) == 1 and not 1 <= len(variants) <= 2:
        raise _UsageError(
            "savingsmodel compare: error: with one file, give --variant NAME (baseline vs NAME) "
            "or --variant A --variant B"
        )
    pairs: list[tuple[str, str | None]]
    if len(files) == 2:
        pairs = [(files[0], None), (files[1], None)]
    elif len(variants) == 1:
        pairs = [(files[0], None), (files[0], variants[0])]
    else:
        pairs = [(files[0], variants[0]), (files[0], variants[1])]
    loaded: dict[str, Scenario] = {}
    sides: list[tuple[str, Evaluation]] = []
    for path, variant in pairs:
        if path not in loaded:
            loaded[path] = _load(path)
        proposal = _proposal(loaded[path], variant)
        label = f"{path}, variant {variant}" if variant else (path if len(files) == 2 else f"{path} (baseline)")
        sides.append((label, evaluate(proposal)))
    from savingsmodel.outputs.comparison import render_comparison

    _out(render_comparison(*sides[0], *sides[1], args.units))
    return EXIT_OK


# ---- schema and new -------------------------------------------------------------------------------


def _schema(args: argparse.Namespace) -> int:
    """The JSON Schema of the scenario format, for an editor's completion and checking."""
    import json

    from savingsmodel.files.schema import json_schema

    _out(json.dumps(json_schema(), indent=2, ensure_ascii=False))
    return EXIT_OK


def _new(args: argparse.Namespace) -> int:
    """Write the starter file, atomically, never over an existing file."""
    from importlib import resources

    path: str = args.file
    if not path.endswith(".toml"):
        print(f"{path}: expected a file name ending .toml (the starter file is TOML)", file=sys.stderr)
        return EXIT_BAD_INPUT
    text = resources.files("savingsmodel.files").joinpath("starter.toml").read_text(encoding="utf-8")
    try:
        _write_new(path, text)
    except FileExistsError:
        print(f"{path}: already exists; not overwritten (choose another name, or move the file)", file=sys.stderr)
        return EXIT_BAD_INPUT
    except OSError as error:
        print(f"{path}: cannot write: {error.strerror or error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    print(f"wrote {path}; next: savingsmodel run {path}", file=sys.stderr)
    return EXIT_OK


def _write_new(path: str, text: str) -> None:
    """Write ``text`` to a new file ``path`` atomically: all of it or nothing, and never over a file.

    The text goes to a temporary file beside ``path`` first; a hard link then
    creates ``path`` only if it does not exist (one atomic step), so two runs
    racing cannot both succeed, and a crash never leaves half a file.
    """
    import tempfile

    directory = os.path.dirname(os.path.abspath(path))
    if os.path.lexists(path):
        raise FileExistsError(path)
    handle, temporary = tempfile.mkstemp(prefix=".savingsmodel-", suffix=".tmp", dir=directory)
    try:
        # mkstemp makes the file private; give it the mode any new file would have under the umask.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        try:
            os.link(temporary, path)
        except FileExistsError:
            raise
        except OSError:
            # No hard links here (some network or FAT drives): rename, having checked just above.
            os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
