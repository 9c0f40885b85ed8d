"""Claims on one line and on a full-year effect (issue 13, point 8)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from savingsmodel import Money, Status, evaluate, reconcile
from savingsmodel.core.errors import InputError
from savingsmodel.files import load
from savingsmodel.model.claims import Claim, Figure
from savingsmodel.model.proposal import Proposal

from builders import changed, messages, uprated_proposals

CARE = "scenarios/care-agency-vacancy.toml"


def care(*claims: dict[str, Any]) -> Proposal:
    return changed(load(CARE).proposal, claims=list(claims), unit_cost_claims=[])


def only(proposal: Proposal) -> Any:
    [finding] = reconcile(evaluate(proposal))
    return finding


def test_a_claim_on_one_line_is_that_lines_part_of_the_figure_in_the_year() -> None:
    # para 5: "£252k less on agency hours in 2027/28", after the framework's 5% uplift on £240k.
    finding = only(
        care({"figure": "gross_saving", "line": "Agency hours reduced", "value": "£252k", "year": "2027/28"})
    )
    assert finding.status is Status.HOLDS
    assert finding.computed == Decimal(252000)
    assert finding.claim == "gross_saving (line 'Agency hours reduced') 2027/28"
    # A cost line's part of the net saving counts against it: 3 x £29,000, then the 3% pay award.
    net = only(care({"figure": "net_saving", "line": "Relief pool", "value": "-89,610", "year": "2027/28"}))
    assert (net.status, net.computed) == (Status.HOLDS, Decimal(-89610))
    missed = only(care({"figure": "gross_saving", "line": "Agency hours reduced", "value": "£240k", "year": "2027/28"}))
    assert missed.status is Status.MISSES
    assert "misses by +£12,000 (+5.0%)" in missed.message


def test_a_claim_on_one_line_over_the_period_adds_its_years() -> None:
    finding = only(
        care({"figure": "gross_saving", "line": "Agency hours reduced", "value": "754,080", "basis": "total"})
    )
    assert (finding.status, finding.computed) == (Status.HOLDS, Decimal(240000 + 252000 + 262080))


def test_a_full_year_claim_is_the_rate_in_force_on_the_years_last_day() -> None:
    # Posts leaving in October save half a year in 2016/17; the full-year effect is the whole year's.
    from savingsmodel.examples import scs4_1_revised

    later = changed(
        scs4_1_revised().with_variant("posts-leave-october"),
        claims=[{"figure": "gross_saving", "full_year": True, "value": "£576k", "year": "2016/17"}],
        series=[],
        payback=None,
    )
    finding = only(later)
    assert (finding.status, finding.computed) == (Status.HOLDS, Decimal(576000))
    assert finding.claim == "gross_saving full year 2016/17"


def test_a_line_claim_on_a_line_with_no_cost_cannot_be_checked_but_others_can() -> None:
    base = load(CARE).proposal
    unstated = base.model_dump()
    unstated["grades"][1]["unit_cost"] = None  # the relief pool's grade, awaiting job evaluation
    claims = [
        {"figure": "additional_costs", "line": "Relief pool", "value": "87k", "year": "2026/27"},
        {"figure": "gross_saving", "line": "Agency hours reduced", "value": "240k", "year": "2026/27"},
    ]
    findings = reconcile(evaluate(Proposal(**{**unstated, "claims": claims, "unit_cost_claims": []})))
    assert [f.status for f in findings] == [Status.CANNOT_CHECK, Status.HOLDS]
    assert "cannot check: 1 line has no cost: 'Relief pool'" in findings[0].message


@settings(max_examples=60, deadline=None)
@given(uprated_proposals())
def test_the_lines_parts_add_up_to_the_figure_in_every_year(proposal: Proposal) -> None:
    result = evaluate(proposal)
    for year in result.years:
        for figure in (Figure.NET_SAVING, Figure.NET_AFTER_ONE_OFF_COSTS, Figure.GROSS_SAVING):
            parts = sum((result.line_figure(x.name, figure, year.year) for x in proposal.lines), Money(0))
            assert parts == year.figure(figure)
        whole_years = (result.line_figure(x.name, "net_saving", year.year, full_year=True) for x in proposal.lines)
        assert sum(whole_years, Money(0)) == year.full_year_effect


BAD: list[tuple[dict[str, Any], str]] = [
    (
        {"figure": "gross_saving", "line": "Agency hour reduced", "value": "1", "year": "2026/27"},
        "claims[0].line: unknown line 'Agency hour reduced'; did you mean 'Agency hours reduced'?",
    ),
    (
        {"figure": "fte_released", "line": "Relief pool", "value": "1", "year": "2026/27"},
        "claims[0]: expected a money figure with line (gross_saving, additional_costs, ...), found fte_released",
    ),
    (
        {"figure": "net_saving", "line": "Relief pool", "value": "1", "year": "2027/28", "basis": "incremental"},
        "claims[0]: expected basis 'annual' or 'total' for one line's figure, found 'incremental'",
    ),
    (
        {"figure": "net_saving", "full_year": True, "value": "1", "year": "2027/28", "basis": "cumulative"},
        "claims[0]: expected basis 'annual' with full_year (a year's rate has no running total), found 'cumulative'",
    ),
]


@pytest.mark.parametrize(("claim", "expected"), BAD, ids=[m.split(": ", 1)[1][:40] for _, m in BAD])
def test_a_bad_line_or_full_year_claim_is_refused_by_name(claim: dict[str, Any], expected: str) -> None:
    with pytest.raises(InputError) as caught:
        care(claim)
    assert messages(caught) == [expected]


def test_a_line_claim_reads_from_a_file_with_its_place(tmp_path: Path) -> None:
    claim = '\n[[claims]]\nfigure = "gross_saving"\nline = "Agency"\nvalue = "1"\n'
    text = Path(CARE).read_text(encoding="utf-8") + claim
    path = tmp_path / "bad.toml"
    path.write_text(text + 'year = "2026/27"\n', encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load(path)
    assert "bad.toml:" in str(caught.value)
    assert "claims[7].line: unknown line 'Agency'" in str(caught.value)


def test_claim_describe_names_the_line() -> None:
    claim = Claim(figure="income", line="Health contribution", value="20k", year="2025/26")
    assert claim.describe() == "income (line 'Health contribution') 2025/26"


def rounded_worked_case(*claims: dict[str, Any]) -> Proposal:
    """The worked case with the Watch Manager's unit cost stated as "£48k", to the nearest £1k."""
    from savingsmodel.examples import scs4_1_revised

    data = scs4_1_revised().model_dump()
    for grade in data["grades"]:
        if grade["name"] == "Watch Manager":
            grade["unit_cost_rounded_to"] = "1k"
    return Proposal(**{**data, "claims": list(claims), "series": []})


def test_a_unit_cost_stated_rounded_carries_its_rounding_to_the_figures_built_from_it() -> None:
    # 12 Watch Manager posts at "£48k" (to the nearest £1k) may be 12 x £500 = £6,000 off either way.
    held = only(rounded_worked_case({"figure": "gross_saving", "value": "582k", "year": "2016/17"}))
    assert held.status is Status.HOLDS
    assert held.allowance == Decimal(6000)
    assert held.message.endswith("holds within £6,000 (the unit costs it is built from, stated rounded)")
    missed = only(rounded_worked_case({"figure": "gross_saving", "value": "582,001", "year": "2016/17"}))
    assert missed.status is Status.MISSES
    # With the claim's own rounding the two add: £500 + £6,000.
    own = only(rounded_worked_case({"figure": "gross_saving", "value": "582k", "year": "2016/17", "rounded_to": "1k"}))
    assert own.allowance == Decimal(6500)
    # Over the four years, four times as much; an increment is not widened.
    total = only(rounded_worked_case({"figure": "gross_saving", "value": "2.304m", "basis": "total"}))
    assert total.allowance == Decimal(24000)
    step = only(rounded_worked_case({"figure": "net_saving", "value": "0", "year": "2017/18", "basis": "incremental"}))
    assert step.allowance == Decimal(0)


@settings(max_examples=40, deadline=None)
@given(uprated_proposals(), st.sampled_from(["1", "100", "1k"]))
def test_a_figure_moved_by_its_carried_rounding_still_holds_and_a_penny_more_misses(
    proposal: Proposal, step: str
) -> None:
    data = proposal.model_dump()
    for grade in data["grades"]:
        if grade.get("unit_cost") is not None and grade["unit_cost"] > Money(0):
            grade["unit_cost_rounded_to"] = step
    rounded = Proposal(**{**data, "claims": [], "series": [], "payback": None})
    result = evaluate(rounded)
    year = result.years[0]
    computed = year.gross_saving.amount
    probe = Proposal(
        **{
            **rounded.model_dump(),
            "claims": [{"figure": "gross_saving", "value": str(computed), "year": str(year.year)}],
        }
    )
    carried = only(probe).allowance
    assert carried is not None
    assert carried >= 0
    for value, status in ((computed + carried, Status.HOLDS), (computed + carried + Decimal("0.01"), Status.MISSES)):
        claim = {"figure": "gross_saving", "value": str(value), "year": str(year.year)}
        assert only(Proposal(**{**rounded.model_dump(), "claims": [claim]})).status is status


def test_a_rounding_with_no_stated_unit_cost_is_refused() -> None:
    with pytest.raises(InputError) as caught:
        Proposal(
            reference="T",
            start_year="2016/17",
            grades=[
                {"name": "A", "unit_cost_rounded_to": "1k"},
                {"name": "B", "unit_cost": "30k", "unit_cost_rounded_to": "0"},
            ],
        )
    assert messages(caught) == [
        "grades[0]: expected unit_cost_rounded_to only with a stated unit_cost, found no unit_cost",
        "grades[1].unit_cost_rounded_to: expected a step above zero such as '1k', found £0",
    ]


def test_a_stated_unit_cost_is_set_against_the_one_in_use() -> None:
    from savingsmodel.examples import scs4_1_revised

    def stated(grade: str, value: str, **fields: Any) -> Any:
        data = {**scs4_1_revised().model_dump(), "claims": [], "series": []}
        data["unit_cost_claims"] = [{"grade": grade, "value": value, "source": "para 9", **fields}]
        return only(Proposal(**data))

    held = stated("Watch Manager", "£48.4k", rounded_to="1k")
    assert (held.status, held.computed, held.subject) == (Status.HOLDS, Decimal(48000), "unit_cost_claims[0]")
    expected = "unit cost (Watch Manager) (para 9): stated £48,400, computed £48,000: holds to the nearest £1,000"
    assert held.message == expected
    missed = stated("Watch Manager", "£50k", tolerance="1k")
    assert missed.status is Status.MISSES
    assert missed.message.endswith("misses by -£2,000 (-4.0%)")
    # A grade awaiting job evaluation has no unit cost to set the paper's against.
    data = {"reference": "T", "start_year": "2016/17", "grades": [{"name": "Officer"}]}
    data["unit_cost_claims"] = [{"grade": "Officer", "value": "48k"}]
    unknown = only(Proposal(**data))
    assert unknown.status is Status.CANNOT_CHECK
    assert unknown.message.endswith("cannot check: the grade has no unit cost stated yet")


def test_a_stated_unit_cost_of_a_built_up_grade_is_set_against_the_build_up() -> None:
    scenario = load("tests/data/every-section.toml")
    [finding] = [f for f in reconcile(evaluate(scenario.proposal)) if f.unit_cost is not None]
    from savingsmodel.engine.unit_costs import unit_cost

    built = unit_cost(scenario.proposal.grade("Watch Manager B"))
    assert built is not None
    assert finding.computed == built.amount
    assert scenario.line_of("unit_cost_claims[0]") is not None


def test_a_stated_unit_cost_of_an_unknown_grade_is_refused() -> None:
    with pytest.raises(InputError) as caught:
        changed(load(CARE).proposal, unit_cost_claims=[{"grade": "Care Workr", "value": "31k", "rounded_to": "-1"}])
    assert messages(caught) == [
        "unit_cost_claims[0].rounded_to: expected a step above zero such as '1k', found -1",
        "unit_cost_claims[0].grade: unknown grade 'Care Workr'; did you mean 'Care Worker'?",
    ]


def test_check_places_a_unit_cost_finding_at_its_line(capsys: pytest.CaptureFixture[str]) -> None:
    from savingsmodel.cli import main

    main(["check", CARE])
    out = capsys.readouterr().out
    assert "care-agency-vacancy.toml:151: holds: unit cost (Care Worker) (para 3): stated £31,000" in out


def test_a_scope_named_by_a_list_is_refused_by_its_field_not_crashed_on() -> None:
    # Found by tests/test_fuzz_inputs.py: a damaged YAML file gave `name: [[pension strain]]`.
    with pytest.raises(InputError) as caught:
        Proposal(reference="T", start_year="2016/17", scopes=[{"name": [["pension strain"]]}, {"name": "a"}])
    assert [p.split(":")[0] for p in messages(caught)] == ["scopes[0].name"]


def test_a_scope_whose_lines_are_no_list_is_refused_by_its_field_not_crashed_on() -> None:
    # Found by tests/test_fuzz_inputs.py: a damaged TOML file gave `lines = -1` on a scope.
    with pytest.raises(InputError) as caught:
        Proposal(reference="T", start_year="2016/17", scopes=[{"name": "pension strain", "lines": -1}])
    assert [p.split(":")[0] for p in messages(caught)] == ["scopes[0].lines"]
