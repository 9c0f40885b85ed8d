"""Costs nobody has stated yet (issue 13 point 5): the line is kept, and what depends on it cannot be checked.

A posts line whose grade has no unit cost, or an amount written "tbc", is a line of no cost: the
model keeps its posts and its place; every claim whose figure it feeds is "cannot check", with the
lines named; checks that would judge the missing money say they cannot; ``check`` exits 1.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from savingsmodel import (
    Claim,
    Grade,
    OneOffCost,
    PostsCreated,
    PostsReleased,
    Proposal,
    RecurringCost,
    Regrade,
    Status,
    evaluate,
    reconcile,
    run_checks,
)
from savingsmodel.cli import EXIT_CLAIMS_MISS, main
from savingsmodel.files import load
from savingsmodel.files.writing import dumps
from savingsmodel.model.claims import Basis, Figure
from savingsmodel.testing import proposals

from builders import ROOT

SCENARIO = ROOT / "scenarios" / "agency-review-unstated.toml"
WM = Grade(name="Watch Manager", unit_cost="48k")
CM = Grade(name="Crew Manager")  # no unit cost: not stated yet


def test_the_bundled_scenario_names_the_lines_and_cannot_check_the_money_it_rests_on() -> None:
    result = evaluate(load(SCENARIO).proposal)
    findings = reconcile(result)
    assert [(f.claim, f.status.value) for f in findings] == [
        ("gross_saving 2025/26", "cannot_check"),
        ("net_saving 2025/26", "cannot_check"),
        ("income 2025/26", "holds"),
        ("fte_released 2025/26", "holds"),
    ]
    assert findings[0].message.endswith("cannot check: 1 line has no cost: 'Reablement Officer posts'")
    assert findings[1].message.endswith(
        "cannot check: 2 lines have no cost: 'Reablement Officer posts', 'Telecare contract'"
    )
    # The lines are kept: their posts count, their money is nothing until it is stated.
    first = result.years[0]
    assert first.gross_saving == 6 * 31500
    assert first.fte_released == 8
    assert result.unstated() == ("Reablement Officer posts", "Telecare contract")
    # The count of posts released is met by the lines: the posts of no cost are still posts.
    assert [c.code for c in run_checks(result) if c.is_warning] == []


def test_check_exits_1_and_run_says_which_lines_have_no_cost(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(SCENARIO)]) == EXIT_CLAIMS_MISS
    out = capsys.readouterr().out
    assert "2 cannot be checked" in out
    main(["run", str(SCENARIO)])
    out = capsys.readouterr().out
    assert "Cannot check: 2 lines have no cost: 'Reablement Officer posts', 'Telecare contract'." in out


def test_explain_says_the_figure_is_of_the_lines_with_a_cost_only() -> None:
    parts = evaluate(load(SCENARIO).proposal).explain("net_saving", "2025/26").parts
    assert "2 FTE x no unit cost stated for 'Reablement Officer' = £0" in parts[2]
    assert parts[-1] == (
        "cannot check: 2 lines have no cost: 'Reablement Officer posts', 'Telecare contract'; "
        "this is the figure of the lines with a cost only"
    )
    fte = evaluate(load(SCENARIO).proposal).explain("fte_released", "2025/26").parts
    assert not any("cannot check" in p for p in fte)


def _proposal(*lines: object, claims: tuple[Claim, ...] = ()) -> Proposal:
    return Proposal(reference="T", start_year="2016/17", horizon=2, grades=[WM, CM], lines=lines, claims=claims)


def test_a_regrade_to_a_grade_of_no_cost_feeds_gross_and_costs_alike() -> None:
    p = _proposal(Regrade(name="up", from_grade="Watch Manager", to_grade="Crew Manager", fte=2))
    result = evaluate(p)
    assert result.years[0].additional_costs == 0 == result.years[0].gross_saving
    assert result.unstated("gross_saving", "2016/17") == ("up",) == result.unstated("additional_costs", "2016/17")
    assert result.years[0].fte_change == {"Watch Manager": -2, "Crew Manager": 2}


def test_a_stated_cost_or_priced_in_is_a_cost_whatever_the_grade() -> None:
    p = _proposal(
        PostsReleased(name="WM", grade="Watch Manager", fte=1),
        PostsCreated(name="CM", grade="Crew Manager", fte=2, cost="70k"),
        RecurringCost(name="team", amount="100k"),
        PostsCreated(name="CM2", grade="Crew Manager", fte=1, priced_in="team"),
    )
    assert evaluate(p).unstated() == ()


def test_a_one_off_to_be_confirmed_makes_payback_uncheckable_and_only_its_year() -> None:
    p = _proposal(
        PostsReleased(name="WM", grade="Watch Manager", fte=1),
        OneOffCost(name="redundancy", amount="to be confirmed", year="2017/18"),
    ).model_copy()
    data = p.model_dump()
    data["payback"] = {"months": 6}
    data["claims"] = [
        {"figure": "net_after_one_off_costs", "value": "48k", "year": "2016/17"},
        {"figure": "net_after_one_off_costs", "value": "48k", "year": "2017/18"},
        {"figure": "one_off_costs", "value": "0", "basis": "total"},
    ]
    result = evaluate(Proposal.model_validate(data))
    assert [f.status.value for f in reconcile(result)] == ["holds", "cannot_check", "cannot_check", "cannot_check"]
    assert reconcile(result)[-1].message == "payback period: cannot check: 1 line has no cost: 'redundancy'"


def test_tbc_is_written_back_as_tbc_and_read_again() -> None:
    p = _proposal(RecurringCost(name="contract", amount="tbc"))
    assert p.lines[0].amount is None  # type: ignore[union-attr]
    text = dumps(p)
    assert 'amount = "tbc"' in text
    assert load_text(text) == p


def load_text(text: str) -> Proposal:
    from savingsmodel.files.scenario import loads

    return loads(text, source="t.toml", format="toml").proposal


def test_an_amount_left_out_is_still_refused_not_taken_as_unstated() -> None:
    from savingsmodel import InputError

    with pytest.raises(InputError, match="amount"):
        RecurringCost(name="contract")  # type: ignore[call-arg]


def test_net_above_gross_says_it_cannot_judge_instead_of_warning() -> None:
    p = _proposal(
        PostsReleased(name="CM posts", grade="Crew Manager", fte=3),
        claims=(Claim(figure="net_saving", value="100k", year="2016/17"),),
    )
    found = [c for c in run_checks(evaluate(p)) if c.code == "RANGE-NET-ABOVE-GROSS"]
    assert len(found) == 1
    assert not found[0].is_warning
    assert "cannot judge" in found[0].message
    assert "'CM posts'" in found[0].message


# ---- The property: an unstated cost never produces a "holds" or a "misses" for a claim that depends on it.

_AMOUNT_KINDS = ("recurring_cost", "recurring_income", "one_off_cost")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(proposals(), st.data())
def test_an_unstated_cost_never_holds_or_misses_a_claim_that_depends_on_it(
    proposal: Proposal, data: st.DataObject
) -> None:
    lines = [line for line in proposal.lines if line.kind in _AMOUNT_KINDS]
    if not lines:
        return
    line = data.draw(st.sampled_from(lines))
    # The claim depends on the line when its figure moves with the line's amount: two costs, two figures.
    low = evaluate(proposal.with_changes(lines={line.name: {"amount": "1000"}}))
    high = evaluate(proposal.with_changes(lines={line.name: {"amount": "5000"}}))
    unstated = proposal.with_changes(lines={line.name: {"amount": "tbc"}})
    claims = []
    for figure in (f for f in Figure if f.is_money):
        for basis in figure.bases:
            for year in (None,) if basis is Basis.TOTAL else tuple(proposal.years):
                claims.append(Claim(figure=figure, basis=basis, year=year, value=0))
    data_ = unstated.model_dump()
    data_["claims"], data_["variants"] = claims, ()
    findings = reconcile(evaluate(Proposal.model_validate(data_)))
    for claim, finding in zip(claims, findings, strict=False):

        def value(result: object, claim: Claim = claim) -> Decimal:
            from savingsmodel.checks.reconcile import _computed

            found = _computed(result, claim)  # type: ignore[arg-type]
            assert found is not None
            return found

        if value(low, claim) != value(high, claim):
            assert finding.status is Status.CANNOT_CHECK, (claim.describe(), finding.message)
            assert repr(line.name) in finding.message


def test_the_shipped_scenario_is_a_file_in_scenarios() -> None:
    assert Path(SCENARIO).is_file()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(proposals(), st.data())
def test_a_grade_with_no_unit_cost_never_holds_or_misses_a_claim_that_depends_on_it(
    proposal: Proposal, data: st.DataObject
) -> None:
    costed = [g.name for g in proposal.grades if g.unit_cost is not None]
    if not costed:
        return
    grade = data.draw(st.sampled_from(costed))
    # A claim depends on the grade when its figure moves with the grade's unit cost.
    low = evaluate(proposal.with_changes(grades={grade: {"unit_cost": "40000"}}))
    high = evaluate(proposal.with_changes(grades={grade: {"unit_cost": "60000"}}))
    unpriced = proposal.with_changes(grades={grade: {"unit_cost": None}})
    claims = [
        Claim(figure=figure, basis=basis, year=year, value=0)
        for figure in (f for f in Figure if f.is_money)
        for basis in figure.bases
        for year in ((None,) if basis is Basis.TOTAL else tuple(proposal.years))
    ]
    fields = unpriced.model_dump()
    fields["claims"], fields["variants"] = claims, ()
    findings = reconcile(evaluate(Proposal.model_validate(fields)))
    from savingsmodel.checks.reconcile import _computed

    for claim, finding in zip(claims, findings, strict=False):
        if _computed(low, claim) != _computed(high, claim):
            assert finding.status is Status.CANNOT_CHECK, (claim.describe(), finding.message)


def test_a_unit_cost_of_nothing_stated_on_the_line_is_stated_not_the_grades() -> None:
    # Found by the property above: a stated £0 was read as "none" and the grade's cost taken instead.
    p = _proposal(
        PostsCreated(name="unpaid", grade="Crew Manager", fte=2, unit_cost="0"),
        PostsReleased(name="WM", grade="Watch Manager", fte=1, unit_cost="0"),
    )
    result = evaluate(p)
    assert result.unstated() == ()
    assert (result.years[0].gross_saving, result.years[0].additional_costs) == (0, 0)
