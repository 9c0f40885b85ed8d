"""Payback: when the savings to date recover the one-off costs, the cumulative net position, invest-to-save."""

import json
from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from savingsmodel import Money, OneOffCost, PostsReleased, RecurringCost, evaluate
from savingsmodel.checks.reconcile import Status, reconcile
from savingsmodel.cli import EXIT_CLAIMS_MISS, EXIT_OK, main
from savingsmodel.core.errors import InputError
from savingsmodel.engine.payback import find_payback
from savingsmodel.model.proposal import Proposal
from savingsmodel.outputs.report import render_run

from builders import proposal, released


def test_payback_in_months_and_the_cumulative_position() -> None:
    result = evaluate(
        proposal(released(fte=12), OneOffCost(name="redundancy", amount="200000", start=date(2016, 4, 1)))
    )
    # £48k a month saved: £192k by the end of July, £240k by the end of August.
    assert result.payback.months == 5
    assert (
        str(result.payback)
        == "pays back £200,000 of one-off costs by the end of August 2016: 5 months from the first one-off spend "
        "in April 2016"
    )
    assert result.series("net_position_to_date") == (Money(376000), Money(952000), Money(1528000), Money(2104000))
    assert not result.invest_to_save


def test_payback_comes_no_earlier_than_the_month_the_cost_is_paid() -> None:
    result = evaluate(proposal(released(fte=12), OneOffCost(name="strain", amount="100000", start=date(2017, 1, 15))))
    # Paid in January 2017, already covered by the savings to date: pays back in its own month. The
    # months count from the first one-off spend (January 2017), not from the start of the first year.
    assert result.payback.months == 1
    assert str(result.payback) == (
        "pays back £100,000 of one-off costs by the end of January 2017: 1 month from the first one-off spend "
        "in January 2017"
    )
    assert str(evaluate(proposal(released(fte=12))).payback) == "no one-off costs: nothing to pay back"


def test_payback_recovers_every_one_off_cost_not_just_the_first() -> None:
    # £1,000 a month saved; £500 paid in April 2016 and £50,000 in October 2016: still £2,500 short by
    # March 2020, so it does not pay back, though April's £500 alone was recovered in its month.
    result = evaluate(
        proposal(
            PostsReleased(name="post", grade="Watch Manager", fte=Decimal("0.25")),
            OneOffCost(name="small", amount="500", start=date(2016, 4, 1)),
            OneOffCost(name="large", amount="50000", start=date(2016, 10, 1)),
        )
    )
    assert result.series("net_position_to_date")[-1] == Money(-2500)
    assert result.payback.months is None


def test_invest_to_save_is_a_funding_route_not_a_label_from_the_arithmetic() -> None:
    # Bug (issue 12, point 8): a proposal was called invest-to-save whenever its one-off costs exceeded its first
    # year's recurring net saving. Invest-to-save is how a one-off cost is funded; the arithmetic says nothing of it.
    big = evaluate(proposal(released(fte=1), OneOffCost(name="new system", amount="1m", year="2017/18")))
    assert not big.invest_to_save
    funded = evaluate(
        proposal(released(fte=12), OneOffCost(name="kit", amount="50k", year="2016/17", funding="invest_to_save"))
    )
    assert funded.invest_to_save


def test_the_one_off_costs_falling_on_the_revenue_budget_after_funding() -> None:
    result = evaluate(
        proposal(
            released(fte=12),
            OneOffCost(name="redundancy", amount="200k", year="2016/17", funding="reserve"),
            OneOffCost(name="training", amount="30k", year="2016/17"),
            OneOffCost(name="system", amount="70k", year="2017/18", funding="capital_receipts"),
            OneOffCost(name="study", amount="10k", year="2017/18", funding="grant"),
        )
    )
    assert result.one_off_funding("2016/17") == {"reserve": Money(200000), "revenue": Money(30000)}
    assert result.one_off_funding("2017/18") == {"capital_receipts": Money(70000), "grant": Money(10000)}
    assert result.revenue_one_off_costs == (Money(30000), Money(0), Money(0), Money(0))
    text = render_run(result, [], "table")
    assert (
        "One-off costs by funding: 2016/17: £30,000 from the revenue budget, £200,000 from a reserve; "
        "2017/18: £70,000 from flexible use of capital receipts, £10,000 from a grant." in text
    )
    assert (
        "One-off costs falling on the revenue budget after funding: 2016/17 £30,000, 2017/18 £0, 2018/19 £0, "
        "2019/20 £0." in text
    )
    # The figures are the whole cost whoever pays: funding does not change the net position or payback.
    assert result.years[0].one_off_costs == Money(230000)


def test_a_funding_route_must_be_one_there_is() -> None:
    with pytest.raises(InputError) as error:
        OneOffCost(name="kit", amount="50k", year="2016/17", funding="reserves")
    assert "funding" in str(error.value)
    assert "did you mean 'reserve'" in str(error.value)


def test_never_paying_back() -> None:
    result = evaluate(proposal(released(fte=1), OneOffCost(name="new system", amount="1m", year="2017/18")))
    assert result.payback.months is None
    assert str(result.payback) == (
        "does not pay back £1,000,000 of one-off costs within the horizon (48 months to the end of March 2020)"
    )
    assert result.series("net_position_to_date")[-1] == Money(48000 * 4 - 1000000)


def test_a_proposal_with_no_one_off_costs_is_never_invest_to_save() -> None:
    cost_only = evaluate(proposal(RecurringCost(name="new team", amount="134k")))
    assert cost_only.years[0].net_saving < Money(0)
    assert not cost_only.invest_to_save
    assert cost_only.payback.months == 0


def test_payback_counts_from_the_month_of_the_first_one_off_spend() -> None:
    # Bug (issue 12, point 7): the months were counted from April 2016, the start of the first year, so a
    # cost paid in October 2016 and recovered by the end of November read as 8 months, not 2.
    result = evaluate(
        proposal(released(fte=12), OneOffCost(name="redundancy", amount="300000", start=date(2016, 10, 3)))
    )
    # £48k a month from April: £288k by the end of September; October's £48k brings it to £336k - £300k >= 0.
    assert result.payback.months == 1
    assert result.payback.first_spend == date(2016, 10, 1)
    late = evaluate(
        proposal(
            released(fte=12, start=date(2016, 10, 1)), OneOffCost(name="r", amount="100000", start=date(2016, 10, 1))
        )
    )
    # From October: £48k, £96k, £144k: the position turns positive at the end of December, 3 months on.
    assert late.payback.months == 3


def test_the_simple_payback_ratio_officers_put_in_papers() -> None:
    # One-off costs / full-year net saving x 12: £200,000 / £576,000 x 12 = 4.1666... months.
    result = evaluate(
        proposal(released(fte=12), OneOffCost(name="redundancy", amount="200000", start=date(2016, 4, 1)))
    )
    assert result.payback.full_year_saving == Money(576000)
    assert result.payback.simple_months == Decimal("4.2")
    assert result.payback.simple_text() == (
        "simple payback 4.2 months (one-off costs £200,000 / full-year net saving £576,000 x 12)"
    )
    # No recurring saving to pay back from: no ratio, and it says why.
    cost_only = evaluate(proposal(OneOffCost(name="study", amount="10k", year="2016/17")))
    assert cost_only.payback.simple_months is None
    assert "no full-year net saving" in cost_only.payback.simple_text()


def _with_claim(**claim: object) -> Proposal:
    return proposal(
        released(fte=12),
        OneOffCost(name="redundancy", amount="200000", start=date(2016, 4, 1)),
        payback=claim,
    )


def test_a_payback_claim_is_reconciled_like_any_claim() -> None:
    holds = reconcile(evaluate(_with_claim(months=5, source="para 14")))
    assert [str(f) for f in holds] == ["holds: payback period (para 14): stated 5 months, computed 5 months: holds"]
    assert holds[0].subject == "payback"
    misses = reconcile(evaluate(_with_claim(months=3, source="para 14")))[0]
    assert misses.status is Status.MISSES
    assert str(misses) == "misses: payback period (para 14): stated 3 months, computed 5 months: misses by +2 months"
    within = reconcile(evaluate(_with_claim(months=4, tolerance=1)))[0]
    assert (
        str(within)
        == "holds: payback period: stated 4 months, computed 5 months: holds within the tolerance of 1 month"
    )
    simple = reconcile(evaluate(_with_claim(months="4.2", measure="simple")))[0]
    assert simple.status is Status.HOLDS
    assert simple.computed == Decimal("4.2")


def test_a_payback_claim_that_does_not_pay_back_cannot_hold() -> None:
    never = proposal(released(fte=1), OneOffCost(name="system", amount="1m", year="2017/18"), payback={"months": 24})
    finding = reconcile(evaluate(never))[0]
    assert finding.status is Status.MISSES
    assert "does not pay back within the horizon" in finding.message
    nothing = reconcile(evaluate(proposal(released(fte=1), payback={"months": 6})))[0]
    assert nothing.status is Status.CANNOT_CHECK
    assert "no one-off costs" in nothing.message


def test_a_payback_claim_says_what_it_expects() -> None:
    with pytest.raises(InputError) as error:
        _with_claim(months=-1)
    assert "payback.months" in str(error.value)
    with pytest.raises(InputError) as error:
        _with_claim(months=5, measure="ratio")
    assert "payback.measure" in str(error.value)


def test_check_reconciles_the_payback_a_file_states(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "p.toml"
    path.write_text(
        'reference = "P"\nstart_year = "2016/17"\n\n[[grades]]\nname = "WM"\nunit_cost = "48000"\n\n'
        '[[lines]]\nkind = "posts_released"\nname = "WM posts"\ngrade = "WM"\nfte = 12\n\n'
        '[[lines]]\nkind = "one_off_cost"\nname = "redundancy"\namount = "200k"\nstart = 2016-04-01\n\n'
        '[payback]\nmonths = 3\nsource = "para 14"\n',
        encoding="utf-8",
    )
    assert main(["check", str(path)]) == EXIT_CLAIMS_MISS
    out = capsys.readouterr().out
    assert "payback period (para 14): stated 3 months, computed 5 months: misses by +2 months" in out
    assert main(["run", str(path), "--format", "json"]) == EXIT_OK
    data = json.loads(capsys.readouterr().out)
    assert (data["payback_months"], data["payback_simple_months"]) == (5, "4.2")
    assert [f["path"] for f in data["findings"]] == ["payback"]


@given(
    monthly=st.lists(st.integers(-50, 50), min_size=1, max_size=36),
    first=st.integers(0, 35),
    span=st.integers(0, 35),
)
def test_payback_counts_from_the_first_spend_and_the_position_stays_recovered(
    monthly: list[int], first: int, span: int
) -> None:
    first = min(first, len(monthly) - 1)
    last = min(first + span, len(monthly) - 1)
    changes = [Fraction(m) for m in monthly]
    payback = find_payback(changes, first, last, Money(1), date(2016, 4, 1))
    positions = [sum(changes[: i + 1], Fraction(0)) for i in range(len(changes))]
    if payback.months is None:
        assert positions[-1] < 0 or any(p < 0 for p in positions[last:])
        return
    end = first + payback.months  # the month after payback, counted from the first spend
    assert end - 1 >= last  # never before the last cost is paid
    assert all(p >= 0 for p in positions[end - 1 :])  # zero or better from then to the end of the horizon
    assert end - 1 == last or positions[end - 2] < 0  # and the earliest such month
