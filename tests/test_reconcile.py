"""Reconciliation: each claim holds, misses or conflicts, and says by how much, to what rounding or tolerance."""

from __future__ import annotations

import pytest
from hypothesis import given, settings

from savingsmodel import Basis, Claim, Figure, InputError, Money, Proposal, SeriesClaim, Status, evaluate, reconcile
from savingsmodel.testing import proposals

from builders import changed, clerks

# ---- Rounding and tolerance: which one a claim holds by, and what it says -------------------------------


def test_a_claim_that_holds_only_by_its_tolerance_does_not_say_it_holds_to_the_rounding() -> None:
    # £60,000 computed; £57k stated to £1k with a £5k tolerance: within the tolerance, not the rounding.
    claim = Claim(figure="gross_saving", value="57k", year="2016/17", rounded_to="1k", tolerance="5k")
    [finding] = reconcile(evaluate(clerks(claims=[claim])))
    assert finding.status is Status.HOLDS
    assert "to the nearest £1,000" not in finding.message
    assert finding.message.endswith("holds within the tolerance of £5,000")


def test_a_claim_within_its_rounding_still_says_so_when_it_also_has_a_tolerance() -> None:
    claim = Claim(figure="gross_saving", value="60k", year="2016/17", rounded_to="1k", tolerance="5k")
    [finding] = reconcile(evaluate(clerks(claims=[claim])))
    assert finding.message.endswith("holds to the nearest £1,000")


def test_a_claim_that_holds_only_by_its_tolerance_says_so() -> None:
    claim = Claim(figure="gross_saving", value="59k", year="2016/17", tolerance="2k")
    [finding] = reconcile(evaluate(clerks(claims=[claim])))
    assert finding.message.endswith("holds within the tolerance of £2,000")


def test_a_miss_of_a_penny_is_not_shown_as_a_positive_percentage() -> None:
    # Before: "misses by -£0.01 (+0.0%)".
    claim = Claim(figure="gross_saving", value="60000.01", year="2016/17")
    [finding] = reconcile(evaluate(clerks(claims=[claim])))
    assert finding.message.endswith("misses by -£0.01 (-0.0%)")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("rounded_to", "-1k", "rounded_to: expected a step above zero such as '1k', found -1000"),
        ("rounded_to", "0", "rounded_to: expected a step above zero such as '1k', found 0"),
        ("tolerance", "-5", "tolerance: expected zero or more, found -5"),
    ],
)
def test_a_negative_rounding_or_tolerance_is_bad_input(field: str, value: str, message: str) -> None:
    # Before: accepted; with both negative, not even an exact figure could hold.
    with pytest.raises(InputError) as claim_error:
        Claim(figure="income", value="1000", year="2016/17", **{field: value})
    assert message in str(claim_error.value)
    with pytest.raises(InputError) as series_error:
        SeriesClaim(figure="income", year="2016/17", values=["1000"], basis="cumulative", **{field: value})
    assert message in str(series_error.value)


# ---- Conflicts: two claims of one figure ------------------------------------------------------------------


def test_a_conflict_names_the_claim_that_agrees_even_when_it_has_no_source() -> None:
    # Before: the first claim, with no source, was called "the second".
    first = Claim(figure="fte_change", value=-2, year="2016/17")
    second = Claim(figure="fte_change", value=-3, year="2016/17", source="para 9")
    findings = reconcile(evaluate(clerks(claims=[first, second])))
    [conflict] = [f for f in findings if f.status is Status.CONFLICT]
    assert "claims[0] says -2, para 9 says -3" in conflict.message
    assert "agrees with claims[0]" in conflict.message


# ---- A property: claims taken from the result all hold --------------------------------------------------


@settings(max_examples=50)
@given(proposals())
def test_claims_taken_from_the_result_all_hold(proposal: Proposal) -> None:
    result = evaluate(proposal)
    claims = []
    for year in result.years:
        for figure in Figure:
            for basis in (b for b in figure.bases if b is not Basis.TOTAL):
                value = result.series(figure, basis)[result.years.index(year)]
                stated = value.amount if isinstance(value, Money) else value
                claims.append(Claim(figure=figure, value=stated, year=year.year, basis=basis))
    for figure in Figure:
        if figure.is_money:
            claims.append(Claim(figure=figure, value=result.total_over_period(figure).amount, basis="total"))
    own = changed(proposal, claims=[c.model_dump() for c in claims])
    findings = reconcile(evaluate(own))
    assert findings
    assert {f.status for f in findings} == {Status.HOLDS}


def test_an_annual_and_a_cumulative_claim_can_both_hold_when_lines_began_before_the_horizon() -> None:
    # Posts gone in October 2015: 2016/17 saves £30k a year (the level) but only £15k more than 2015/16 (cumulative).
    from savingsmodel import Grade, PostsReleased

    proposal = Proposal(
        reference="T",
        start_year="2016/17",
        grades=[Grade(name="FF", unit_cost="30k")],
        lines=[PostsReleased(name="FF", grade="FF", fte=1, start="2015-10-01")],
        claims=[
            Claim(figure="net_saving", value="30k", year="2016/17"),
            Claim(figure="net_saving", value="15k", year="2016/17", basis="cumulative"),
        ],
    )
    assert [f.status for f in reconcile(evaluate(proposal))] == [Status.HOLDS, Status.HOLDS]
