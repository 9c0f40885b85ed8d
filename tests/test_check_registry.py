"""The check registry: every code declared once beside its check, the model's list and the reference page kept equal."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given

from savingsmodel.checks import counts, reference
from savingsmodel.checks.findings import CheckFinding, Severity
from savingsmodel.checks.registry import CHECKS, FAMILIES, RULES, collect, run_checks
from savingsmodel.checks.rules import Check, Family, Reads, Rule, check
from savingsmodel.engine.evaluation import Evaluation, evaluate
from savingsmodel.examples import scs4_1_revised
from savingsmodel.files import load
from savingsmodel.model.proposal import Proposal
from savingsmodel.model.statements import CHECK_CODES
from savingsmodel.testing import proposals

from builders import ROOT, changed

PAGE = ROOT / "docs" / "reference" / "checks.md"


def _corpus() -> list[Proposal]:
    """The bundled scenarios and their variants, and the worked case bent until most codes fire."""
    found: list[Proposal] = []
    for path in sorted(p for p in (ROOT / "scenarios").glob("*.toml") if not p.name.startswith("plan-")):
        proposal = load(path).proposal
        found += [proposal, *(proposal.with_variant(v.name) for v in proposal.variants)]
    revised = scs4_1_revised()
    rota = revised.rotas[0].model_dump()
    grades = [g.model_dump() for g in revised.grades]
    late = {"kind": "recurring_cost", "name": "late", "amount": "1k", "start": "2030-04-01"}
    steps = [("2016/17", "238k"), ("2017/18", "471k"), ("2018/19", "688k"), ("2019/20", "353k")]
    found += [
        # Capital borrowed with no revenue cost stated; capital receipts funding a proposal that saves nothing.
        Proposal.model_validate(
            {
                "reference": "CAP",
                "start_year": "2016/17",
                "lines": [
                    {"kind": "capital_spend", "name": "kit", "amount": "600k"},
                    {"kind": "one_off_cost", "name": "change", "amount": "80k", "funding": "capital_receipts"},
                ],
            }
        ),
        changed(revised, rotas=[{**rota, "posts": 11}]),
        changed(revised, rotas=[{**rota, "abstraction": "20%"}]),
        changed(
            revised, counts=[*(c.model_dump() for c in revised.counts), {**revised.counts[0].model_dump(), "value": 27}]
        ),
        changed(revised, grades=[{**grades[0], "unit_cost": "1m"}, *grades[1:]]),
        changed(revised, lines=[*(x.model_dump() for x in revised.lines), late]),
        changed(revised, acknowledged=[{"code": "SERIES-KIND", "reason": "nothing to accept"}]),
        Proposal.model_validate(
            {
                "reference": "DCP",
                "start_year": "2016/17",
                "claims": [{"figure": "net_saving", "value": "3m", "year": "2016/17"}],
                "counts": [{"what": "posts_released", "value": 14, "year": "2016/17"}],
            }
        ),
        Proposal.model_validate(
            {
                "reference": "T1",
                "start_year": "2016/17",
                "lines": [
                    {"kind": "recurring_income", "name": f"step {y}", "amount": a, "start": f"{y[:4]}-04-01"}
                    for y, a in steps
                ],
                "series": [
                    {
                        "figure": "net_saving",
                        "year": "2016/17",
                        "values": ["238k", "709k", "1397k", "1750k"],
                        "basis": "incremental",
                        "rounded_to": "1k",
                    }
                ],
            }
        ),
    ]
    return found


def _declared(one: Check, finding: CheckFinding) -> bool:
    return any(rule.code == finding.code and finding.severity in rule.severities for rule in one.rules)


# ---- The registry and the model's list of codes ------------------------------------------------------


def test_every_listed_code_has_one_registered_check() -> None:
    missing = [code for code in CHECK_CODES if code not in RULES]
    assert missing == [], f"codes in savingsmodel.model.statements.CHECK_CODES with no check declaring them: {missing}"
    assert sorted(RULES) == sorted(CHECK_CODES)


def test_the_registry_is_read_only() -> None:
    with pytest.raises(TypeError):
        RULES["NEW-CODE"] = RULES["ACK-UNUSED"]  # type: ignore[index]
    assert isinstance(FAMILIES, tuple)
    assert isinstance(CHECKS, tuple)


def test_the_registry_refuses_a_code_the_model_does_not_list() -> None:
    rule = Rule("WORDS-UNIT-COTS", Severity.WARNING, reads=(Reads.LINES,), summary="s", doc="d")
    with pytest.raises(ValueError, match=r"WORDS-UNIT-COTS is not in savingsmodel\.model\.statements\.CHECK_CODES"):
        collect([Family("typo", (), reported_after=(rule,))])


def test_the_registry_refuses_a_code_declared_twice() -> None:
    with pytest.raises(ValueError, match="COUNT-CONFLICT is declared twice"):
        collect([counts.FAMILY, counts.FAMILY])


def test_the_registry_refuses_an_undocumented_code() -> None:
    @check(Rule("COUNT-SCOPE", Severity.INFO, reads=(Reads.COUNTS,), summary="posts in scope add up"))
    def undocumented(evaluation: Evaluation) -> list[CheckFinding]:
        return []

    with pytest.raises(ValueError, match="COUNT-SCOPE needs a severity, what it reads, a summary and a doc"):
        collect([Family("bare", (undocumented,))])


def test_a_single_rule_takes_the_function_docstring() -> None:
    @check(Rule("COUNT-SCOPE", Severity.INFO, reads=(Reads.COUNTS,), summary="posts in scope add up"))
    def documented(evaluation: Evaluation) -> list[CheckFinding]:
        """The rule.

        And its example.
        """
        return []

    assert documented.rules[0].doc == "The rule.\n\nAnd its example."
    assert documented.name == "documented"


def test_a_check_must_declare_a_code() -> None:
    def nothing(evaluation: Evaluation) -> list[CheckFinding]:
        return []

    with pytest.raises(ValueError, match="check nothing declares no rule"):
        check()(nothing)


# ---- Running the registry ----------------------------------------------------------------------------


def test_run_checks_walks_the_registry_in_order() -> None:
    for proposal in _corpus():
        evaluation = evaluate(proposal)
        walked = [finding for one in CHECKS for finding in one(evaluation)]
        ran = run_checks(evaluation)
        # Acknowledging marks a finding but neither drops nor moves it; what it adds comes last.
        assert [(f.code, f.severity, f.message, f.subject) for f in ran[: len(walked)]] == [
            (f.code, f.severity, f.message, f.subject) for f in walked
        ]
        assert {f.code for f in ran[len(walked) :]} <= {"ACK-UNUSED"}


def test_every_finding_is_declared_by_the_check_that_reports_it() -> None:
    reported: set[str] = set()
    for proposal in _corpus():
        evaluation = evaluate(proposal)
        for one in CHECKS:
            for finding in one(evaluation):
                assert _declared(one, finding), f"{one.name} reports {finding.severity} {finding.code} undeclared"
                reported.add(finding.code)
        unused = [f for f in run_checks(evaluation) if f.code == "ACK-UNUSED"]
        assert all(f.severity in RULES["ACK-UNUSED"].severities for f in unused)
        reported.update(f.code for f in unused)
    # The corpus is wide enough to mean something: most codes fire in it.
    assert len(reported) >= 14, sorted(reported)


@given(proposals())
def test_every_finding_of_any_proposal_is_declared(proposal: Proposal) -> None:
    evaluation = evaluate(proposal)
    for one in CHECKS:
        for finding in one(evaluation):
            assert _declared(one, finding), f"{one.name} reports {finding.severity} {finding.code} undeclared"


# ---- The reference page ------------------------------------------------------------------------------


def test_the_reference_page_is_generated_from_the_registry() -> None:
    page = PAGE.read_text(encoding="utf-8")
    assert reference.updated(page) == page, (
        f"docs/reference/checks.md is stale: regenerate it from the repository root with {reference.COMMAND}"
    )
    for rule in RULES.values():
        assert f"#### `{rule.code}`" in page
        assert rule.summary in page


def test_the_page_command_regenerates_a_stale_page(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "checks.md"
    page.write_text(
        f"# Checks\n\nby hand\n\n{reference.BEGIN}\nstale text\n{reference.END}\n\nfooter\n", encoding="utf-8"
    )
    assert reference.main([str(page), "--check"]) == 1
    assert "stale; regenerate it with python -m savingsmodel.checks.reference" in capsys.readouterr().err
    assert reference.main([str(page)]) == 0
    text = page.read_text(encoding="utf-8")
    assert text.startswith("# Checks\n\nby hand\n\n")
    assert text.endswith(f"{reference.END}\n\nfooter\n")
    assert "stale text" not in text
    assert "`ACK-UNUSED`" in text
    assert reference.main([str(page), "--check"]) == 0


def test_a_page_without_markers_is_refused() -> None:
    with pytest.raises(ValueError, match="expected the markers"):
        reference.updated("# Checks\n")
