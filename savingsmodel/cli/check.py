"""``savingsmodel check FILE...``: reconcile every file's claims and run the officer checks; the gate for CI.

This is the command that runs in pre-commit hooks and scheduled jobs, so its
path imports neither pandas, numpy nor YAML (for a TOML file); ``benchmarks/startup.py``
measures it and ``tests/test_startup_imports.py`` keeps it so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from savingsmodel.cli.common import (
    EXIT_BAD_INPUT,
    EXIT_CLAIMS_MISS,
    EXIT_OK,
    err,
    evaluate_and_reconcile,
    load_scenario,
    officer_checks,
    out,
    report_problems,
)

if TYPE_CHECKING:
    import argparse

    from savingsmodel.checks.findings import CheckFinding
    from savingsmodel.checks.reconcile import Finding
    from savingsmodel.files.scenario import Scenario
    from savingsmodel.outputs.findings import Summary

__all__ = ["check"]


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
        from savingsmodel.outputs.findings import claim_path

        line = self.line_of_finding(finding)
        return f"{self.source}:{line}: " if line is not None else self._cell_place(claim_path(finding))

    def check_place(self, check: CheckFinding) -> str:
        line = self.scenario.line_of(check.subject) if check.subject else None
        return f"{self.source}:{line}: " if line is not None else self._cell_place(check.subject)

    def _cell_place(self, path: str | None) -> str:
        """In a workbook: ``FILE: Claims!A3: ``; else just the file."""
        cell = self.scenario.cell_of(path) if path else None
        return f"{self.source}: {cell}: " if cell is not None else f"{self.source}: "

    @property
    def warnings(self) -> int:
        return sum(1 for x in self.checks if x.is_warning)

    def summary(self) -> Summary:
        from savingsmodel.outputs.findings import summarise

        return summarise(self.findings)


def check(args: argparse.Namespace) -> int:
    """Reconcile every file's claims; exit 0 all hold, 1 any misses or conflicts, 2 any file is bad."""
    from savingsmodel.core.errors import InputError
    from savingsmodel.outputs.findings import Summary, finding_data

    checked: list[_FileCheck] = []
    problems: list[dict[str, Any]] = []
    for path in args.files:
        try:
            scenario = load_scenario(path)
            evaluation, findings = evaluate_and_reconcile(scenario.proposal)
            checked.append(_FileCheck(path, scenario, findings, officer_checks(evaluation)))
        except InputError as error:
            from savingsmodel.files.plan import is_plan_file

            if is_plan_file(path):
                # A plan beside the proposals it lists (scenarios/*.toml): its proposals are checked as files.
                err(f"{path}: a plan file, not a proposal: not checked here (savingsmodel plan {path})")
                continue
            report_problems(error, path)
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
        from savingsmodel.outputs.escaping import inert_json

        out(inert_json(json.dumps(entries, indent=2, ensure_ascii=False)))
    elif checked:
        out(_check_text(checked, total, getattr(args, "solve_for", None)))
    if bad:
        return EXIT_BAD_INPUT
    warnings = sum(c.warnings for c in checked)
    return EXIT_OK if total.all_hold and warnings == 0 else EXIT_CLAIMS_MISS


def _check_text(checked: Sequence[_FileCheck], total: Summary, solve_for: str | None = None) -> str:
    from savingsmodel.checks.reconcile import Status

    lines: list[str] = []
    for c in checked:
        for finding in c.findings:
            also = ""
            if finding.status is Status.CONFLICT and len(finding.claims) > 1:
                claim_lines = [c.line(i) for i in finding.claims]
                if all(x is not None for x in claim_lines):
                    also = f" (claims at lines {' and '.join(str(x) for x in claim_lines)})"
            lines.append(f"{c.place(finding)}{finding}{also}")
            if solve_for and finding.status in (Status.MISSES, Status.CANNOT_CHECK) and len(finding.claims) == 1:
                lines.append(f"  implied: {_implied(c, finding.claims[0], solve_for)}")
    with_checks = [c for c in checked if c.checks]
    if with_checks:
        lines += ["", "Officer checks (beyond the arithmetic; an unacknowledged warning fails the check):"]
        for c in with_checks:
            lines.extend(f"{c.check_place(x)}{x}" for x in c.checks)
    if lines:
        lines.append("")

    def warned(count: int) -> str:
        return f"; {count} officer-check warning{'' if count == 1 else 's'}" if count else ""

    lines.extend(f"{c.source}: {c.summary()}{warned(c.warnings)}" for c in checked)
    if len(checked) > 1:
        lines.append(f"total ({len(checked)} files): {total}{warned(sum(c.warnings for c in checked))}")
    return "\n".join(lines)


def _implied(c: _FileCheck, claim: int, solve_for: str) -> str:
    """What the input would have to be for the claim to hold (numpy is imported only when asked)."""
    from savingsmodel.whatif.solve import solve

    solution = solve(c.scenario.proposal, claim, solve_for)
    return str(solution).split(": ", 1)[1]
