"""The engine on small proposals written by hand: each rule with its numbers."""

from datetime import date
from decimal import Decimal
from functools import partial

import pytest

from savingsmodel import (
    Allowance,
    Figure,
    Grade,
    InputError,
    Money,
    OneOffCost,
    Phasing,
    PostsCreated,
    PostsReleased,
    RecurringCost,
    RecurringIncome,
    Regrade,
    Step,
    evaluate,
)

import builders
from builders import clerks

GRADES = [Grade(name="Firefighter", unit_cost="30000"), Grade(name="Crew Manager", unit_cost="36000")]

# This file's proposals are of firefighters and crew managers.
proposal = partial(builders.proposal, reference="T1", grades=GRADES)


def test_regrade_costs_the_difference_not_a_new_post() -> None:
    result = evaluate(proposal(Regrade(name="FF to CM", from_grade="Firefighter", to_grade="Crew Manager", fte=8)))
    first = result.years[0]
    assert first.additional_costs == Money("48000")
    assert first.fte_change == {"Firefighter": Decimal(-8), "Crew Manager": Decimal(8)}
    assert first.fte_change_total == 0
    assert result.explain("additional_costs", "2016/17").parts[0].startswith("8 FTE x (£36,000 - £30,000) = £48,000")


def test_stated_uplift_per_post_wins() -> None:
    line = Regrade(name="uplift", from_grade="Firefighter", to_grade="Crew Manager", fte=8, uplift_per_post="4k")
    assert evaluate(proposal(line)).years[0].additional_costs == Money("32000")


def test_allowance_both_ways() -> None:
    per_post = Allowance(name="ISO", per_post="1000", posts=Decimal("14"))
    total = Allowance(name="ISO total", total="15k")
    assert evaluate(proposal(per_post, total)).years[0].additional_costs == Money("29000")


def test_allowance_needs_one_way_only() -> None:
    with pytest.raises(InputError, match="expected either total, or per_post with posts, found both"):
        Allowance(name="x", per_post="1", posts=1, total="1")
    with pytest.raises(InputError, match="found neither"):
        Allowance(name="x")


def test_one_off_costs_fall_in_their_year_only() -> None:
    result = evaluate(
        proposal(
            PostsReleased(name="FF", grade="Firefighter", fte=2),
            OneOffCost(name="redundancy", amount="45000", year="2017/18"),
        )
    )
    assert [y.one_off_costs for y in result.years] == [Money(0), Money("45000"), Money(0), Money(0)]
    assert [y.net_saving for y in result.years] == [Money("60000")] * 4
    assert [y.net_after_one_off_costs for y in result.years] == [60000, 15000, 60000, 60000]
    # The one-off cost never shows on the MTFP line, neither as a cost nor falling away as a saving.
    assert [y.net_saving_incremental for y in result.years] == [Money("60000"), Money(0), Money(0), Money(0)]
    assert [y.net_position_to_date for y in result.years] == [60000, 75000, 135000, 195000]
    with pytest.raises(InputError, match=r"one_off_costs \(paid once, it has no change from year to year\)"):
        result.series("one_off_costs", "incremental")
    with pytest.raises(InputError, match="expected 'annual' or 'to_date' for net_after_one_off_costs"):
        result.series("net_after_one_off_costs_incremental")


def test_income_and_recurring_costs() -> None:
    result = evaluate(proposal(RecurringIncome(name="rent", amount="10k"), RecurringCost(name="team", amount="4k")))
    assert result.years[0].net_saving == Money("6000")


def test_part_year_effect_then_full_year() -> None:
    line = PostsReleased(name="FF", grade="Firefighter", fte=12, start=date(2016, 10, 1))
    result = evaluate(proposal(line))
    assert [y.gross_saving for y in result.years] == [
        Money("180000"),
        Money("360000"),
        Money("360000"),
        Money("360000"),
    ]
    assert [y.net_saving_incremental for y in result.years] == [Money("180000"), Money("180000"), Money(0), Money(0)]
    assert [y.full_year_effect for y in result.years] == [Money("360000")] * 4
    assert result.explain("gross_saving", "2016/17").parts == ("12 FTE x £30,000 x 6/12 = £180,000 (FF)",)


def test_schedule_of_leavers() -> None:
    line = PostsReleased(
        name="WM",
        grade="Crew Manager",
        schedule=[
            Step(on=date(2016, 4, 1), fte=5),
            Step(on=date(2016, 7, 1), fte=4),
            Step(on=date(2017, 1, 1), fte=3),
        ],
    )
    first = evaluate(proposal(line)).years[0]
    # 5 x 36k x 12/12 + 4 x 36k x 9/12 + 3 x 36k x 3/12
    assert first.gross_saving == Money("180000") + Money("108000") + Money("27000")
    assert first.fte_released == 12


def test_a_stated_cost_shared_over_tranches_adds_back_to_the_stated_cost() -> None:
    # Before: three tranches of a £10,000 stated cost were £3,333.33 each: £9,999.99 once all had arrived.
    from savingsmodel.model.lines import PostsCreated, Step

    steps = [Step(on="2016-04-01", fte=1), Step(on="2016-10-01", fte=1), Step(on="2017-04-01", fte=1)]
    made = PostsCreated(name="New posts", grade="Clerk", cost="10000", schedule=steps)
    result = evaluate(clerks(lines=[made]))
    assert [str(y.additional_costs) for y in result.years] == ["£5,000", "£10,000", "£10,000", "£10,000"]
    amounts = [c.amount for c in result.contributions if c.year == result.years[1].year]
    assert sorted(str(a) for a in amounts) == ["£3,333.33", "£3,333.33", "£3,333.34"]


def test_days_convention_rounds_each_part_year_figure_to_the_penny() -> None:
    line = PostsReleased(name="FF", grade="Firefighter", fte=1, start=date(2016, 10, 1))
    result = evaluate(proposal(line, phasing=Phasing.DAYS))
    # 30,000 x 182/365 = 14,958.904... -> £14,958.90
    assert result.years[0].gross_saving == Money("14958.90")


def test_ended_line_stops() -> None:
    line = RecurringCost(name="pay protection", amount="12000", end=date(2018, 3, 31))
    result = evaluate(proposal(line))
    assert [y.additional_costs for y in result.years] == [Money("12000"), Money("12000"), Money(0), Money(0)]


def test_created_posts_priced_in_another_line_cost_nothing_twice() -> None:
    result = evaluate(
        proposal(
            RecurringCost(name="team", amount="134k"),
            PostsCreated(name="post", grade="Crew Manager", fte=1, priced_in="team"),
        )
    )
    assert result.years[0].additional_costs == Money("134000")
    assert result.years[0].fte_change == {"Crew Manager": Decimal(1)}


def test_explain_refuses_unknown_figure_and_year() -> None:
    result = evaluate(proposal())
    with pytest.raises(InputError, match="did you mean 'net_saving'"):
        result.explain("net_savings", "2016/17")
    with pytest.raises(InputError, match="expected a year from 2016/17 to 2019/20, found 2030/31"):
        result.explain("net_saving", "2030/31")


def test_series_views() -> None:
    line = PostsReleased(name="FF", grade="Firefighter", fte=12, start=date(2016, 10, 1))
    result = evaluate(proposal(line))
    assert result.series(Figure.GROSS_SAVING, "incremental")[:2] == (Money("180000"), Money("180000"))
    assert result.series(Figure.GROSS_SAVING, "cumulative") == result.series(Figure.GROSS_SAVING)


def test_frame_is_exact_when_asked() -> None:
    # Floats by default, to sum and plot (tests/test_frames.py); the exact figures a parameter away.
    frame = evaluate(proposal(PostsReleased(name="FF", grade="Firefighter", fte=Decimal("0.5")))).to_frame(exact=True)
    assert frame.loc["2016/17", "gross_saving"] == Decimal("15000")
    assert isinstance(frame.loc["2016/17", "net_saving"], Decimal)


def test_a_saving_begun_before_the_horizon_shows_only_the_rest_in_the_first_mtfp_year() -> None:
    # Posts gone on 1 October 2015 saved half a year in 2015/16; 2016/17's MTFP line is the other half.
    line = PostsReleased(name="FF", grade="Firefighter", fte=1, start=date(2015, 10, 1))
    result = evaluate(proposal(line))
    assert result.years[0].net_saving == Money("30000")
    assert [y.net_saving_incremental for y in result.years] == [Money("15000"), Money(0), Money(0), Money(0)]
    assert result.years[0].net_saving_incremental == Money("15000")
    assert result.series(Figure.GROSS_SAVING, "incremental")[0] == Money("15000")
    # Cumulative is the running total of the horizon's increments: the £15k already saved in 2015/16 is not in it,
    # so it differs from the annual level by that opening position.
    assert result.series(Figure.GROSS_SAVING, "cumulative") == (15000, 15000, 15000, 15000)
    assert result.series(Figure.GROSS_SAVING) == (30000, 30000, 30000, 30000)
    assert [y.net_saving_cumulative for y in result.years] == [15000, 15000, 15000, 15000]
    assert result.series(Figure.GROSS_SAVING, "to_date") == (30000, 60000, 90000, 120000)
    assert result.series(Figure.FTE_CHANGE, "incremental")[0] == 0  # the post had already gone
    assert result.series(Figure.FTE_CHANGE, "cumulative")[0] == 0


def test_the_mtfp_line_is_the_recurring_saving_one_off_costs_shown_apart() -> None:
    result = evaluate(
        proposal(
            PostsReleased(name="FF", grade="Firefighter", fte=2),
            OneOffCost(name="redundancy", amount="45000", year="2016/17"),
        )
    )
    assert [y.net_saving_incremental for y in result.years] == [Money("60000"), Money(0), Money(0), Money(0)]
    assert [y.net_after_one_off_costs for y in result.years] == [15000, 60000, 60000, 60000]


def test_a_regrade_to_a_cheaper_grade_is_a_saving_not_a_negative_cost() -> None:
    result = evaluate(proposal(Regrade(name="CM to FF", from_grade="Crew Manager", to_grade="Firefighter", fte=2)))
    first = result.years[0]
    assert (first.gross_saving, first.additional_costs) == (Money("12000"), Money(0))
    assert first.fte_change == {"Crew Manager": Decimal(-2), "Firefighter": Decimal(2)}
    assert result.explain("gross_saving", "2016/17").parts == (
        "2 FTE x (£36,000 - £30,000) saved by the regrade down = £12,000 (CM to FF)",
    )
