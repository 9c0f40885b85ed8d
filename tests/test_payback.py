"""Payback: when the savings to date recover the one-off costs, the cumulative net position, invest-to-save."""

from datetime import date
from decimal import Decimal

from savingsmodel import Money, OneOffCost, PostsReleased, RecurringCost, evaluate

from builders import proposal, released


def test_payback_in_months_and_the_cumulative_position() -> None:
    result = evaluate(
        proposal(released(fte=12), OneOffCost(name="redundancy", amount="200000", start=date(2016, 4, 1)))
    )
    # £48k a month saved: £192k by the end of July, £240k by the end of August.
    assert result.payback.months == 5
    assert (
        str(result.payback) == "pays back £200,000 of one-off costs by the end of August 2016: 5 months from April 2016"
    )
    assert result.cumulative_net_position == (Money(376000), Money(952000), Money(1528000), Money(2104000))
    assert not result.invest_to_save


def test_payback_comes_no_earlier_than_the_month_the_cost_is_paid() -> None:
    result = evaluate(proposal(released(fte=12), OneOffCost(name="strain", amount="100000", start=date(2017, 1, 15))))
    # Paid in January 2017 (month 10), already covered by the savings to date: pays back that month.
    assert result.payback.months == 10
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
    assert result.cumulative_net_position[-1] == Money(-2500)
    assert result.payback.months is None


def test_invest_to_save_and_never_paying_back() -> None:
    result = evaluate(proposal(released(fte=1), OneOffCost(name="new system", amount="1m", year="2017/18")))
    assert result.invest_to_save
    assert result.payback.months is None
    assert str(result.payback) == (
        "does not pay back £1,000,000 of one-off costs within the horizon (48 months to the end of March 2020)"
    )
    assert result.cumulative_net_position[-1] == Money(48000 * 4 - 1000000)


def test_a_proposal_with_no_one_off_costs_is_never_invest_to_save() -> None:
    cost_only = evaluate(proposal(RecurringCost(name="new team", amount="134k")))
    assert cost_only.years[0].recurring_net_saving < Money(0)
    assert not cost_only.invest_to_save
    assert cost_only.payback.months == 0
