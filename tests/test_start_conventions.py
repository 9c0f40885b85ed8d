"""When a cost and a saving start counting in a month (issue 12, point 11): a cost from the month it starts in
(prudent for costs), a saving from its first full month (prudent for savings), each changeable per proposal."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from savingsmodel import InputError, Money, PostsCreated, RecurringCost, RecurringIncome, evaluate

from builders import proposal, released


def test_a_cost_counts_from_the_month_it_starts_in_and_a_saving_from_its_first_full_month() -> None:
    # Bug (issue 12, point 11): a cost starting on 15 October counted from November, as a saving does,
    # understating the cost by a month.
    result = evaluate(
        proposal(
            released(fte=12, start=date(2016, 10, 15)),
            RecurringCost(name="cover", amount="120k", start=date(2016, 10, 15)),
        )
    )
    first = result.years[0]
    assert first.gross_saving == Money(576000 * 5 // 12)  # November to March
    assert first.additional_costs == Money(60000)  # October to March: 6/12 of £120k


def test_a_cost_ending_mid_month_counts_to_the_end_of_that_month() -> None:
    result = evaluate(proposal(RecurringCost(name="lease", amount="120k", end=date(2016, 9, 14))))
    assert result.years[0].additional_costs == Money(60000)  # April to September
    income = evaluate(proposal(RecurringIncome(name="rent", amount="120k", end=date(2016, 9, 14))))
    assert income.years[0].income == Money(50000)  # April to August: a saving counts whole months only


def test_either_convention_can_be_changed_per_proposal() -> None:
    lines = (
        released(fte=12, start=date(2016, 10, 15)),
        PostsCreated(name="new", grade="Watch Manager", fte=1, start=date(2016, 10, 15)),
    )
    default = evaluate(proposal(*lines)).years[0]
    assert default.additional_costs == Money(24000)  # 6/12 of £48k
    changed = evaluate(proposal(*lines, costs_count_from="first_full_month", savings_count_from="start")).years[0]
    assert changed.additional_costs == Money(20000)  # November to March
    assert changed.gross_saving == Money(576000 * 6 // 12)  # October to March
    with pytest.raises(InputError) as error:
        proposal(*lines, costs_count_from="whole_months")
    assert "costs_count_from" in str(error.value)


@given(st.integers(1, 28), st.integers(4, 15), st.integers(1, 28), st.integers(4, 15))
def test_the_prudent_convention_never_counts_a_cost_for_less_or_a_saving_for_more(
    day: int, month: int, end_day: int, end_month: int
) -> None:
    start = date(2016 + (month > 12), (month - 1) % 12 + 1, day)
    end = date(2017 + (end_month > 12), (end_month - 1) % 12 + 1, end_day)
    lines = (
        released(fte=12, start=start, end=end),
        RecurringCost(name="cover", amount="120k", start=start, end=end),
    )
    prudent = evaluate(proposal(*lines)).years
    other = evaluate(proposal(*lines, costs_count_from="first_full_month", savings_count_from="start")).years
    for p, o in zip(prudent, other, strict=True):
        assert p.additional_costs >= o.additional_costs
        assert p.gross_saving <= o.gross_saving
