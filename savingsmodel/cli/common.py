"""What the commands share: the exit codes, loading a scenario, and reporting its problems.

The standard library only at the top, as in every module of the command line:
the model, the engine and the checks are imported by the function that uses
them, so ``savingsmodel --version`` and ``savingsmodel schema`` do not pay for them.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import argparse

    from savingsmodel.checks.findings import CheckFinding
    from savingsmodel.checks.reconcile import Finding
    from savingsmodel.core.errors import InputError
    from savingsmodel.engine.evaluation import Evaluation
    from savingsmodel.files.scenario import Scenario
    from savingsmodel.model.proposal import Proposal

__all__ = [
    "EXIT_BAD_INPUT",
    "EXIT_CLAIMS_MISS",
    "EXIT_CRASH",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "ReportedError",
    "UsageError",
    "err",
    "evaluate_and_reconcile",
    "load_scenario",
    "officer_checks",
    "out",
    "refuse_existing",
    "report_problems",
    "with_variant",
    "within",
    "write_output",
]

EXIT_OK = 0
EXIT_CLAIMS_MISS = 1
EXIT_BAD_INPUT = 2
#: An error savingsmodel did not expect: a bug, never a verdict on the file (sysexits' EX_SOFTWARE).
EXIT_CRASH = 70
#: Stopped by the user (Ctrl-C): 128 + SIGINT, as a shell reports it.
EXIT_INTERRUPTED = 130


class UsageError(Exception):
    """A command line that cannot be run; reported like argparse's own errors."""


class ReportedError(Exception):
    """Problems already printed; exit 2."""


def report_problems(error: InputError, source: str | None, scenario: Scenario | None = None) -> None:
    """Each problem as one line, ``FILE:LINE: path: message``, on stderr."""
    from dataclasses import replace

    for problem in error.problems:
        if problem.source is None and source is not None:
            line, cell = problem.line, problem.cell
            if line is None and scenario is not None and problem.path:
                line = scenario.line_of(problem.path)
                cell = cell or scenario.cell_of(problem.path)  # a workbook's place is a cell
            problem = replace(problem, source=source, line=line, cell=cell)
        err(problem)


def load_scenario(path: str) -> Scenario:
    """The scenario file at ``path``; a file that cannot be read is bad input, like one that cannot be used."""
    from savingsmodel.core.errors import InputError
    from savingsmodel.files.scenario import load

    try:
        return load(path)
    except InputError:
        raise
    except OSError as error:
        # The loader reports a missing file as bad input; this is the fallback for anything else the OS says.
        raise InputError.one("", f"cannot read the file: {error.strerror or error}", source=path) from None


def with_variant(scenario: Scenario, variant: str | None) -> Proposal:
    """The scenario's proposal with its variant ``variant`` applied (none: the baseline)."""
    from savingsmodel.core.errors import InputError

    if variant is None:
        return scenario.proposal
    try:
        return scenario.proposal.with_variant(variant)
    except InputError as error:
        report_problems(error, scenario.source, scenario)
        raise ReportedError from None


def evaluate_and_reconcile(proposal: Proposal) -> tuple[Evaluation, list[Finding]]:
    """The proposal's figures, and the findings on its claims."""
    from savingsmodel.checks.reconcile import reconcile
    from savingsmodel.engine.evaluation import evaluate

    evaluation = evaluate(proposal)
    return evaluation, reconcile(evaluation)


def officer_checks(evaluation: Evaluation) -> list[CheckFinding]:
    """The officer checks beyond arithmetic (:mod:`savingsmodel.checks`)."""
    from savingsmodel.checks.registry import run_checks

    return run_checks(evaluation)


def refuse_existing(paths: Sequence[str], force: bool, inputs: Sequence[str] = ()) -> None:
    """Before any work: refuse to write over an existing file without ``--force``, or over an input file at all."""
    import os

    for path in paths:
        if any(os.path.exists(i) and os.path.exists(path) and os.path.samefile(i, path) for i in inputs):
            raise UsageError(f"{path}: is the input file; not overwritten (choose another name)")
        if not force and os.path.lexists(path):
            raise UsageError(f"{path}: already exists; not overwritten (choose another name, or add --force)")


def write_output(path: str, data: bytes, force: bool) -> None:
    """Write a file the command made, whole or not at all; never over an existing file without ``--force``."""
    from savingsmodel.files.writing import write_bytes_atomically

    try:
        write_bytes_atomically(path, data, overwrite=force)
    except FileExistsError:
        raise UsageError(f"{path}: already exists; not overwritten (choose another name, or add --force)") from None
    except OSError as error:
        raise UsageError(f"{path}: cannot write: {error.strerror or error}") from None
    err(f"wrote {path}")


def out(text: str) -> None:
    """``text`` on standard output, ending with one newline; any control character in it shown, not acted on."""
    from savingsmodel.core.text import escaped

    text = escaped(text, keep_lines=True)
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


def err(text: object) -> None:
    """One message on standard error, a control character in it (a file name's, say) shown escaped."""
    from savingsmodel.core.text import escaped

    print(escaped(str(text), keep_lines=True), file=sys.stderr)


def within(args: argparse.Namespace, command: str) -> tuple[str, str] | None:
    """``--within LOW:HIGH`` as the two ends a search takes, or None for the input's own range."""
    if args.within is None:
        return None
    parts = args.within.split(":")
    if len(parts) != 2:
        raise UsageError(f"savingsmodel {command}: error: expected --within LOW:HIGH, found {args.within!r}")
    return parts[0], parts[1]
