"""Partners (issue 13 point 3): a proposal, or a line, shared with another body by a stated split.

This body's figures are its share of the whole; the whole is kept beside them, the partner's share is
the whole less ours, variants follow the split, and a claim may be about either.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from savingsmodel import Claim, InputError, Proposal, RecurringCost, Status, evaluate, reconcile
from savingsmodel.cli import EXIT_OK, main
from savingsmodel.files import load
from savingsmodel.model.claims import Figure
from savingsmodel.testing import proposals

from builders import ROOT, proposal, released

SCENARIO = ROOT / "scenarios" / "shared-revenues-tupe.toml"


def test_the_shared_service_shows_ours_the_whole_and_the_partners() -> None:
    result = evaluate(load(SCENARIO).proposal)
    assert [y.net_saving for y in result.years] == [153800, 180800, 180800]
    assert [y.net_saving for y in result.of_whole().years] == [263000, 308000, 308000]
    assert result.partner_share("net_saving") == (109200, 127200, 127200)
    # Posts are counted whole: one establishment, whoever pays. The TUPE staff are no new posts.
    assert result.years[0].fte_change == {"Revenues Officer": Decimal(4)}
    assert result.years[0].fte_created == 0
    assert [f.status for f in reconcile(result)] == [Status.HOLDS] * 5


def test_the_run_report_says_whose_figures_they_are(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", str(SCENARIO)]) == EXIT_OK
    out = capsys.readouterr().out
    assert "Shared with North District Council: the figures above are this body's share." in out
    assert "North District Council's share (the whole less ours): 2025/26 £109,200" in out


def test_a_variant_follows_the_split() -> None:
    even = evaluate(load(SCENARIO).proposal.with_variant("even-split"))
    # 50% of (288k posts + 45k contract - 60k team) + all of the 10k accommodation.
    assert even.years[0].net_saving == Decimal("136500") - 10000
    assert even.of_whole().years[0].net_saving == 263000


def test_a_claim_about_the_whole_and_one_about_ours_are_judged_on_their_own_figures() -> None:
    p = proposal(
        released(fte=10),
        our_share="25%",
        claims=[
            Claim(figure="gross_saving", value="480k", year="2016/17", of="whole"),
            Claim(figure="gross_saving", value="120k", year="2016/17"),
            Claim(figure="gross_saving", value="480k", year="2016/17"),
        ],
    )
    # The two claims of our share disagree with each other (a conflict); the one of the whole does not.
    assert [f.status for f in reconcile(evaluate(p))] == [Status.HOLDS, Status.HOLDS, Status.MISSES, Status.CONFLICT]
    assert reconcile(evaluate(p))[0].claim == "gross_saving of the whole 2016/17"


def test_a_line_may_state_its_own_share() -> None:
    p = proposal(released(fte=10), RecurringCost(name="team", amount="100k", our_share="40%"))
    result = evaluate(p)
    assert (result.years[0].gross_saving, result.years[0].additional_costs) == (480000, 40000)
    assert result.of_whole().years[0].additional_costs == 100000
    assert "(£100,000 a year) x our share 40%" in result.explain("additional_costs", 2016).parts[0]


@pytest.mark.parametrize("share", ["0", "0%", "120%", "-1"])
def test_a_share_outside_0_to_100_percent_is_refused(share: str) -> None:
    with pytest.raises(InputError, match="expected a share above 0 and at most 1"):
        proposal(released(fte=1), our_share=share)


@settings(max_examples=60, deadline=None)
@given(proposals(), st.integers(1, 100))
def test_a_partners_share_plus_ours_is_the_whole(base: Proposal, percent: int) -> None:
    shared = base.with_changes(our_share=f"{percent}%")
    result = evaluate(shared)
    whole = evaluate(base)
    # The whole of a shared proposal is the proposal unshared, to the penny.
    assert result.of_whole().years == whole.years
    for figure in (f for f in Figure if f.is_money):
        ours, partner, total = result.series(figure), result.partner_share(figure), whole.series(figure)
        assert [o + p for o, p in zip(ours, partner, strict=True)] == list(total)
    if percent == 100:
        assert result.years == whole.years


@settings(max_examples=40, deadline=None)
@given(proposals(), st.integers(1, 99))
def test_our_share_is_the_split_of_the_whole_to_within_a_penny_a_term(base: Proposal, percent: int) -> None:
    shared = base.with_changes(our_share=f"{percent}%")
    result = evaluate(shared)
    share = Fraction(percent, 100)
    # Each term's rate is rounded to the penny once shared, and each line's amount once a year.
    slack = Decimal("0.01") * (2 * len(result.terms) + 1)
    for ours, whole in zip(result.years, result.of_whole().years, strict=True):
        for name in ("gross_saving", "additional_costs", "income", "one_off_costs"):
            exact = Fraction(getattr(whole, name).amount) * share
            assert abs(Fraction(getattr(ours, name).amount) - exact) <= slack, name
        assert ours.fte_change == whole.fte_change
