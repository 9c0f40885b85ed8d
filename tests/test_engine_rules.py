"""The engine's rules, each at its boundary: the assertions mutation testing showed missing.

FTE released and created (from zero), a stated cost shared over a schedule, payback month by
month, explanations of every figure, full-year figures, the API's errors and their paths, unit
cost build-ups, uprating at the edges of a year, and each kind of line's terms.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest

from savingsmodel import Grade, InputError, Money, PostsReleased, Proposal, evaluate, long_frame
from savingsmodel.core.phasing import Phasing
from savingsmodel.core.years import FinancialYear
from savingsmodel.engine import evaluation as engine
from savingsmodel.engine.figures import named
from savingsmodel.engine.payback import Payback, simple_payback
from savingsmodel.engine.terms import terms
from savingsmodel.engine.unit_costs import build
from savingsmodel.engine.uprating import FLAT, PriceIndex, pieces, prices_label, uprated
from savingsmodel.engine.workings import workings
from savingsmodel.model.buildup import UnitCostBuildUp
from savingsmodel.model.claims import Figure
from savingsmodel.model.lines import Allowance, OneOffCost, PostsCreated, RecurringCost, RecurringIncome, Regrade, Step
from savingsmodel.model.prices import Award, Prices, Uprating

Y16, Y17, Y18, Y19 = (FinancialYear(y) for y in (2016, 2017, 2018, 2019))
# What cash terms mean, as the prices label says it.
WITHIN = "each year at its own prices, pay inflation within the saving"
GRADES = [Grade(name="WM", unit_cost="48k"), Grade(name="CM", unit_cost="40k"), Grade(name="FF", unit_cost="40k")]


def proposal(*lines: object, **fields: object) -> Proposal:
    return Proposal(reference="R", start_year="2016/17", grades=GRADES, lines=list(lines), **fields)  # type: ignore[arg-type]


def establishment() -> Proposal:
    """Posts out, posts in on a schedule with a stated cost, a regrade for a year, an allowance, some income."""
    return proposal(
        PostsReleased(name="WM out", grade="WM", fte=12, source="para 9"),
        PostsCreated(
            name="CM in",
            grade="CM",
            schedule=[
                Step(on=date(2016, 10, 1), fte=1),
                Step(on=date(2017, 4, 1), fte=1),
                Step(on=date(2018, 4, 1), fte=1),
            ],
            cost="10k",
            source="para 12",
        ),
        Regrade(name="FF to CM", from_grade="FF", to_grade="CM", fte=2, start=date(2017, 4, 1), end=date(2018, 3, 31)),
        Allowance(name="ISO", posts=0, per_post="500"),
        RecurringIncome(name="Hire", amount="1200", end=date(2017, 3, 31)),
    )


# ---- Posts released and created, by year ---------------------------------------------------------------------


def test_fte_released_and_created_count_from_zero_by_kind() -> None:
    result = evaluate(establishment())
    assert [y.fte_released for y in result.years] == [12, 12, 12, 12]
    assert [y.fte_created for y in result.years] == [1, 2, 3, 3]
    assert [dict(y.fte_change) for y in result.years] == [
        {"WM": -12, "CM": 1},
        {"WM": -12, "CM": 4, "FF": -2},
        {"WM": -12, "CM": 3},
        {"WM": -12, "CM": 3},
    ]
    none_created = evaluate(proposal(PostsReleased(name="out", grade="WM", fte=1)))
    assert [y.fte_created for y in none_created.years] == [0, 0, 0, 0]
    assert [y.fte_released for y in evaluate(proposal()).years] == [0, 0, 0, 0]
    assert result.years[0].figure(Figure.FTE_CHANGE, "FF") == 0
    assert result.years[1].figure(Figure.FTE_CHANGE, "FF") == -2
    assert result.years[0].figure(Figure.FTE_CHANGE) == -11


def test_a_line_is_in_force_on_its_first_and_last_days() -> None:
    result = evaluate(
        proposal(
            PostsReleased(name="late", grade="WM", fte=1, start=date(2017, 3, 31)),
            PostsCreated(name="brief", grade="CM", fte=1, start=date(2016, 4, 1), end=date(2018, 3, 31)),
        )
    )
    assert [y.fte_released for y in result.years] == [1, 1, 1, 1]  # in force on 31 March 2017, 2016/17's last day
    assert [y.fte_created for y in result.years] == [1, 1, 0, 0]  # ended on 31 March 2018, 2017/18's last day


def test_a_stated_cost_is_shared_over_a_schedule_cumulatively_and_adds_back() -> None:
    result = evaluate(establishment())
    # Each year, the tranches in force in their order: a third each, rounded so that they add back.
    shares = [(str(c.year), c.amount) for c in result.contributions if c.line == "CM in"]
    assert shares == [
        ("2016/17", Money("1666.67")),  # the first third, for the six months from 1 October
        ("2017/18", Money("3333.33")),
        ("2017/18", Money("3333.34")),  # two thirds, £6,666.67, less the first, £3,333.33
        ("2018/19", Money("3333.33")),
        ("2018/19", Money("3333.34")),
        ("2018/19", Money("3333.33")),  # all of it, £10,000, less the first two thirds, £6,666.67
        ("2019/20", Money("3333.33")),
        ("2019/20", Money("3333.34")),
        ("2019/20", Money("3333.33")),
    ]
    assert [y.additional_costs for y in result.years] == [
        Money("1666.67"),
        Money("6666.67"),
        Money(10000),
        Money(10000),
    ]
    single = evaluate(proposal(PostsCreated(name="one", grade="CM", fte=3, cost="10,000.50")))
    assert [c.text for c in single.contributions][:1] == ["3 FTE, stated cost £10,000.50 = £10,000.50 (one)"]


def test_explain_names_each_share_of_a_stated_cost_and_each_kind_of_line() -> None:
    result = evaluate(establishment())
    assert str(result.explain("additional_costs", "2017/18")) == (
        "additional costs in 2017/18: £6,666.67\n"
        "  1/3 of stated cost £10,000 = £3,333.33 (CM in; para 12)\n"
        "  1/3 of stated cost £10,000 = £3,333.34 (CM in; para 12)\n"
        "  2 FTE x (£40,000 - £40,000) = £0 (FF to CM)\n"
        "  0 posts x £500 = £0 (ISO)"
    )
    assert str(result.explain("net_saving", "2016/17")) == (
        "net saving in 2016/17: £575,533.33\n"
        "  gross saving £576,000 + income £1,200 - additional costs £1,666.67 = £575,533.33\n"
        "  gross saving: 12 FTE x £48,000 = £576,000 (WM out; para 9)\n"
        "  additional costs: 1/3 of stated cost £10,000 x 6/12 = £1,666.67 (CM in; para 12)\n"
        "  additional costs: 0 posts x £500 = £0 (ISO)\n"
        "  income: £1,200 a year = £1,200 (Hire)"
    )
    assert str(result.explain("net_saving")) == (
        "net saving over the period: £2,276,866.66\n"
        "  2016/17: £575,533.33\n"
        "  2017/18: £569,333.33\n"
        "  2018/19: £566,000\n"
        "  2019/20: £566,000"
    )


def test_a_regrade_between_equal_costs_is_a_cost_of_nothing_and_down_a_grade_a_saving() -> None:
    equal = next(terms(proposal(Regrade(name="r", from_grade="FF", to_grade="CM", fte=2))))
    assert (equal.figure, equal.rate, equal.working) == (
        Figure.ADDITIONAL_COSTS,
        Money(0),
        "2 FTE x (£40,000 - £40,000)",
    )
    down = next(terms(proposal(Regrade(name="d", from_grade="WM", to_grade="CM", fte=2, end=date(2017, 3, 31)))))
    assert (down.figure, down.rate, down.end) == (Figure.GROSS_SAVING, Money(16000), date(2017, 3, 31))
    assert down.working == "2 FTE x (£48,000 - £40,000) saved by the regrade down"
    stated = next(terms(proposal(Regrade(name="u", from_grade="FF", to_grade="CM", fte=2, uplift_per_post="1k"))))
    assert (stated.line, stated.working, stated.rate) == ("u", "2 FTE x £1,000 uplift", Money(2000))


@pytest.mark.parametrize(
    ("line", "working", "figure"),
    [
        (Allowance(name="a", total="5k", end=date(2017, 3, 31), source="p"), "£5,000 a year", Figure.ADDITIONAL_COSTS),
        (
            Allowance(name="a", posts=2, per_post="500", end=date(2017, 3, 31), source="p"),
            "2 posts x £500",
            Figure.ADDITIONAL_COSTS,
        ),
        (
            RecurringCost(name="a", amount="5k", end=date(2017, 3, 31), source="p"),
            "£5,000 a year",
            Figure.ADDITIONAL_COSTS,
        ),
        (RecurringIncome(name="a", amount="5k", end=date(2017, 3, 31), source="p"), "£5,000 a year", Figure.INCOME),
        (OneOffCost(name="a", amount="5k", source="p"), "£5,000 once", Figure.ONE_OFF_COSTS),
        (
            PostsCreated(name="a", grade="CM", fte=1, end=date(2017, 3, 31), source="p"),
            "1 FTE x £40,000",
            Figure.ADDITIONAL_COSTS,
        ),
        (
            PostsReleased(name="a", grade="WM", fte=1, end=date(2017, 3, 31), source="p"),
            "1 FTE x £48,000",
            Figure.GROSS_SAVING,
        ),
    ],
)
def test_each_kind_of_line_gives_its_term(line: object, working: str, figure: Figure) -> None:
    (term,) = terms(proposal(line))
    assert (term.line, term.working, term.source, term.figure) == ("a", working, "a; p", figure)
    result = evaluate(proposal(line))
    in_2016 = [c for c in result.contributions if c.year == Y16]
    assert [(c.line, c.figure) for c in in_2016] == [("a", figure)]
    if figure is not Figure.ONE_OFF_COSTS:
        assert term.end == date(2017, 3, 31)
        assert [c.year for c in result.contributions] == [Y16]  # ended: nothing after 2016/17


# ---- Payback, month by month ----------------------------------------------------------------------------------


def saving(per_year: str, **fields: object) -> RecurringIncome:
    return RecurringIncome(name="saving", amount=per_year, **fields)  # type: ignore[arg-type]


def test_payback_counts_a_position_of_exactly_zero_as_paid_back() -> None:
    # £1 a month, £3 paid in April: -£2, -£1, £0 at the end of June.
    result = evaluate(proposal(saving("12"), OneOffCost(name="c", amount="3")))
    assert result.payback == Payback(3, Money(3), 48, date(2016, 4, 1), 0, Money(12))
    assert str(result.payback) == (
        "pays back £3 of one-off costs by the end of June 2016: 3 months from the first one-off spend in April 2016"
    )
    assert (result.payback.first_spend, result.payback.by) == (date(2016, 4, 1), date(2016, 7, 1))
    # The simple ratio beside it: £3 / £12 a year x 12 = 3.0 months.
    assert result.payback.simple_months == Decimal("3.0")
    one = evaluate(proposal(saving("12"), OneOffCost(name="c", amount="1"))).payback
    assert str(one) == (
        "pays back £1 of one-off costs by the end of April 2016: 1 month from the first one-off spend in April 2016"
    )
    assert one.by == date(2016, 5, 1)


def test_payback_needs_savings_and_counts_only_while_they_run() -> None:
    alone = evaluate(proposal(OneOffCost(name="c", amount="5"))).payback
    assert alone.months is None
    assert alone.by is None
    assert str(alone) == "does not pay back £5 of one-off costs within the horizon (48 months to the end of March 2020)"
    # No full-year saving to divide by: no simple ratio either.
    assert alone.simple_months is None
    assert alone.simple_text() == "simple payback: none (no full-year net saving to recover £5 from)"
    ended = evaluate(proposal(saving("12", end=date(2016, 6, 30)), OneOffCost(name="c", amount="5"))).payback
    assert ended.months is None
    assert ended.full_year_saving == Money(0)  # nothing in force on the horizon's last day
    nothing = evaluate(proposal(saving("12"))).payback
    assert nothing == Payback(0, Money(0), 48, date(2016, 4, 1), None, Money(12))
    assert nothing.first_spend is None
    assert str(nothing) == "no one-off costs: nothing to pay back"


def test_payback_counts_from_the_first_one_off_spend_and_not_before_the_last_is_paid() -> None:
    # £1 a month from April 2016; £30 paid in April 2017 (month 12): the position is -£17 at the end of
    # April 2017 and £0 at the end of September 2018, 18 months from the spend (not 30 from the horizon's start).
    later = evaluate(proposal(saving("12"), OneOffCost(name="c", amount="30", year="2017/18"))).payback
    assert (later.months, later.first_cost, later.first_spend) == (18, 12, date(2017, 4, 1))
    assert str(later) == (
        "pays back £30 of one-off costs by the end of September 2018: "
        "18 months from the first one-off spend in April 2017"
    )
    # A cost the savings before it already cover pays back in the month it is paid.
    covered = evaluate(proposal(saving("12"), OneOffCost(name="c", amount="1", year="2017/18"))).payback
    assert (covered.months, covered.by) == (1, date(2017, 5, 1))
    # Two costs: counted from the earlier, and never ending before the later is paid, whatever their order.
    later_first = proposal(
        saving("12"), OneOffCost(name="a", amount="1", start=date(2018, 4, 1)), OneOffCost(name="b", amount="1")
    )
    assert evaluate(later_first).payback.months == 25  # April 2016 to April 2018
    two = evaluate(
        proposal(
            saving("12"),
            OneOffCost(name="c", amount="30", year="2017/18"),
            OneOffCost(name="d", amount="1", start=date(2016, 9, 10)),
        )
    ).payback
    # From September 2016 (month 5); £31 recovered by the end of October 2018 (month 30): 26 months.
    assert (two.months, two.first_spend, two.by) == (26, date(2016, 9, 1), date(2018, 11, 1))
    last_month = evaluate(proposal(saving("120000"), OneOffCost(name="c", amount="5000", start=date(2020, 3, 15))))
    assert str(last_month.payback) == (
        "pays back £5,000 of one-off costs by the end of March 2020: 1 month from the first one-off spend in March 2020"
    )
    # £5,000 / £120,000 x 12 = 0.5 months.
    assert last_month.payback.simple_months == Decimal("0.5")


def test_the_simple_payback_divides_by_any_full_year_saving_above_zero() -> None:
    assert simple_payback(Money(1), Money(1)) == Decimal("12.0")
    assert simple_payback(Money(1), Money("0.50")) == Decimal("24.0")
    assert simple_payback(Money(1), Money(0)) is None
    assert simple_payback(Money(1), Money(-1)) is None  # costs growing: never paid back


def test_a_one_off_cost_is_paid_at_the_start_of_its_year_when_its_date_lies_outside_it() -> None:
    award = Award(year="2016/17", rate="10%", effective=date(2017, 1, 1))
    line = OneOffCost(name="c", amount="30000", start=date(2016, 6, 1), year="2017/18", uprate="inflation")
    result = evaluate(proposal(line, inflation=[award], prices="cash"))
    assert [y.one_off_costs for y in result.years] == [Money(0), Money("33000.00"), Money(0), Money(0)]
    explained = str(result.explain("one_off_costs", "2017/18"))
    assert "£30,000 once x 1.1000 inflation (= £33,000) = £33,000 (c)" in explained


# ---- The API's questions and its errors -----------------------------------------------------------------------------


def test_fte_explanations_name_the_lines_in_force_at_the_years_end() -> None:
    result = evaluate(establishment())
    assert str(result.explain("fte_change")) == (
        "FTE change in 2019/20: -9 FTE\n"
        "  -12 FTE WM (WM out; para 9)\n"
        "  +1 FTE CM (CM in; para 12)\n"
        "  +1 FTE CM (CM in; para 12)\n"
        "  +1 FTE CM (CM in; para 12)\n"
        "  CM: 3 FTE in all\n"
        "  WM: -12 FTE in all"
    )
    assert str(result.explain("fte_change", "2017/18")) == (
        "FTE change in 2017/18: -10 FTE\n"
        "  -12 FTE WM (WM out; para 9)\n"
        "  +1 FTE CM (CM in; para 12)\n"
        "  +1 FTE CM (CM in; para 12)\n"
        "  -2 FTE FF (FF to CM)\n"
        "  +2 FTE CM (FF to CM)\n"
        "  CM: 4 FTE in all\n"
        "  FF: -2 FTE in all\n"
        "  WM: -12 FTE in all"
    )
    assert str(result.explain("fte_change", "2017/18", grade="CM")) == (
        "FTE change, CM in 2017/18: 4 FTE\n"
        "  +1 FTE CM (CM in; para 12)\n  +1 FTE CM (CM in; para 12)\n  +2 FTE CM (FF to CM)"
    )
    assert (
        str(result.explain("fte_released", "2017/18"))
        == "FTE released in 2017/18: 12 FTE\n  12 FTE WM (WM out; para 9)"
    )
    assert str(result.explain("fte_created", "2017/18")) == (
        "FTE created in 2017/18: 2 FTE\n  1 FTE CM (CM in; para 12)\n  1 FTE CM (CM in; para 12)"
    )
    explanation = result.explain(Figure.FTE_CREATED)
    assert (explanation.year, explanation.value) == (Y19, Decimal(3))
    assert (
        str(evaluate(proposal()).explain("fte_released", "2016/17")) == "FTE released in 2016/17: 0 FTE\n  (no lines)"
    )


def test_questions_the_api_cannot_answer_are_input_errors_with_their_path() -> None:
    result = evaluate(establishment())
    cases = [
        (
            lambda: result.explain("fte_change", grade="Watch Mngr"),
            "grade",
            "unknown grade 'Watch Mngr'; known: 'WM', 'CM', 'FF'",
        ),
        (lambda: result.explain("fte_change", grade="CMM"), "grade", "unknown grade 'CMM'; did you mean 'CM'?"),
        (
            lambda: result.explain("gross_saving", grade="CM"),
            "grade",
            "expected a grade only for fte_change, found one for gross_saving",
        ),
        (lambda: result.explain("net_savings"), "figure", "unknown figure 'net_savings'; did you mean 'net_saving'?"),
        (
            lambda: result.full_year("fte_change", "2016/17"),
            "figure",
            "expected a money figure's annual effect, found 'fte_change'",
        ),
        (
            lambda: result.full_year("net_saving_incremental", "2016/17"),
            "figure",
            "expected a money figure's annual effect, found 'net_saving_incremental'",
        ),
        (
            lambda: result.total_over_period(Figure.FTE_RELEASED),
            "figure",
            "expected a money figure's annual effect (the total sums the annual effects), found 'fte_released'",
        ),
        (
            lambda: result.total_over_period("full_year_effect"),
            "figure",
            "expected a money figure's annual effect (the total sums the annual effects), found 'full_year_effect'",
        ),
        (
            lambda: result.total_over_period("gross_saving_cumulative"),
            "figure",
            "expected a money figure's annual effect (the total sums the annual effects), "
            "found 'gross_saving_cumulative'",
        ),
        (lambda: result.year("2016"), "year", "expected a financial year such as '2016/17', found '2016'"),
        (lambda: result.year("2020/21"), "year", "expected a year from 2016/17 to 2019/20, found 2020/21"),
        (
            lambda: result.series(Figure.NET_SAVING, "total"),
            "basis",
            "expected 'annual', 'incremental', 'cumulative' or 'to_date', found 'total'",
        ),
        (
            lambda: result.explain("recurring_net_saving"),
            "figure",
            "unknown figure 'recurring_net_saving'; write net_saving "
            "(the recurring saving less the recurring costs: the paper's 'savings - costs')",
        ),
    ]
    for ask, path, message in cases:
        with pytest.raises(InputError) as caught:
            ask()
        (problem,) = caught.value.problems
        assert (problem.path, problem.message) == (path, message)


def test_full_year_figures_are_the_rates_in_force_on_the_years_last_day() -> None:
    result = evaluate(
        proposal(
            saving("1200"),
            PostsCreated(name="in", grade="CM", fte=1, start=date(2016, 10, 1)),
            OneOffCost(name="c", amount="500"),
        )
    )
    assert result.full_year("income", "2016/17") == Money(1200)
    assert result.full_year("additional_costs", "2016/17") == Money(40000)
    assert result.full_year("one_off_costs", "2016/17") == Money(500)
    assert result.full_year("net_saving", "2016/17") == Money(-38800)  # the full-year effect
    assert result.full_year("full_year_effect", "2016/17") == Money(-38800)
    assert result.full_year("net_after_one_off_costs", "2016/17") == Money(-39300)  # the one-off cost as it falls
    assert result.full_year("gross_saving", "2016/17") == Money(0)
    assert result.full_year(Figure.ONE_OFF_COSTS, Y17) == Money(0)


def test_series_start_from_the_opening_year_for_each_grade() -> None:
    before = proposal(
        PostsReleased(name="gone", grade="WM", fte=2, start=date(2015, 10, 1)),
        PostsCreated(name="new", grade="CM", fte=1, start=date(2016, 4, 1)),
    )
    result = evaluate(before)
    assert result.opening is not None
    assert result.opening.year == FinancialYear(2015)
    assert result.series(Figure.FTE_CHANGE, "incremental", "WM") == (0, 0, 0, 0)  # already gone in 2015/16
    assert result.series(Figure.FTE_CHANGE, "incremental", "CM") == (1, 0, 0, 0)
    assert result.series(Figure.FTE_CHANGE, "incremental") == (1, 0, 0, 0)
    assert result.series(Figure.FTE_CHANGE, "cumulative", "CM") == (1, 1, 1, 1)
    assert result.series(Figure.GROSS_SAVING, "incremental") == (Money(48000), 0 * Money(1), Money(0), Money(0))
    fresh = evaluate(proposal(PostsCreated(name="new", grade="CM", fte=1)))
    assert fresh.opening is None
    assert fresh.series(Figure.FTE_CHANGE, "incremental") == (1, 0, 0, 0)
    assert fresh.series(Figure.FTE_CREATED, "incremental") == (1, 0, 0, 0)


def test_the_frame_carries_every_figure_and_the_counts() -> None:
    frame = evaluate(establishment()).to_frame()
    assert list(frame.index) == ["2016/17", "2017/18", "2018/19", "2019/20"]
    assert list(frame["fte_change"]) == [Decimal(-11), Decimal(-10), Decimal(-9), Decimal(-9)]
    assert list(frame["fte_released"]) == [12, 12, 12, 12]
    assert list(frame["fte_created"]) == [1, 2, 3, 3]
    assert frame.loc["2016/17", "income"] == Decimal(1200)


def test_a_net_figure_is_explained_down_to_its_lines_one_off_costs_only_after_them() -> None:
    awarded = proposal(
        PostsReleased(name="out", grade="WM", fte=1),
        RecurringIncome(name="hire", amount="1k"),
        OneOffCost(name="move", amount="2k"),
        pay_awards=[Award(year="2017/18", rate="1%")],
        prices="cash",
    )
    result = evaluate(awarded)
    prices = f"  (figures in cash terms (uprated by 1 pay award: {WITHIN}))"
    # The net saving is the paper's "savings - costs": one-off costs are not in it.
    assert str(result.explain("net_saving", "2016/17")) == (
        "net saving in 2016/17: £49,000\n"
        "  gross saving £48,000 + income £1,000 - additional costs £0 = £49,000\n"
        "  gross saving: 1 FTE x £48,000 = £48,000 (out)\n"
        "  income: £1,000 a year = £1,000 (hire)\n" + prices
    )
    assert str(result.explain("net_after_one_off_costs", "2016/17")) == (
        "net after one-off costs in 2016/17: £47,000\n"
        "  gross saving £48,000 + income £1,000 - additional costs £0 - one-off costs £2,000 = £47,000\n"
        "  gross saving: 1 FTE x £48,000 = £48,000 (out)\n"
        "  one-off costs: £2,000 once = £2,000 (move)\n"
        "  income: £1,000 a year = £1,000 (hire)\n" + prices
    )
    # The 1% award from 2017/18: £48,480 + £1,000 a year after.
    assert str(result.explain("net_after_one_off_costs")) == (
        "net after one-off costs over the period: £195,440\n"
        "  2016/17: £47,000\n"
        "  2017/18: £49,480\n"
        "  2018/19: £49,480\n"
        "  2019/20: £49,480\n" + prices
    )
    assert str(result.explain("net_position_to_date", "2017/18")) == (
        "net position to date in 2017/18: £96,480\n"
        "  the running total of the annual effects: £47,000 (2016/17) + £49,480 (2017/18) = £96,480\n" + prices
    )


def test_a_zero_rate_under_an_award_is_written_without_a_factor() -> None:
    equal = proposal(
        Regrade(name="r", from_grade="FF", to_grade="CM", fte=2),
        pay_awards=[Award(year="2017/18", rate="1%")],
        prices="cash",
    )
    assert "2 FTE x (£40,000 - £40,000) = £0 (r)" in str(evaluate(equal).explain("additional_costs", "2017/18"))


def test_fte_released_is_found_whatever_the_order_of_the_lines() -> None:
    result = evaluate(
        proposal(
            PostsCreated(name="in", grade="CM", fte=1),
            Regrade(name="r", from_grade="FF", to_grade="CM", fte=1),
            PostsReleased(name="out", grade="WM", fte=2),
        )
    )
    assert str(result.explain("fte_released", "2016/17")) == "FTE released in 2016/17: 2 FTE\n  2 FTE WM (out)"
    assert str(result.explain("fte_created", "2016/17")) == "FTE created in 2016/17: 1 FTE\n  1 FTE CM (in)"


def test_explanations_read_as_a_working() -> None:
    explanation = engine.Explanation(Figure.FTE_CHANGE, Y16, Decimal("12.50"), ("a",), "cash terms")
    assert str(explanation) == "FTE change in 2016/17: 12.5 FTE\n  a\n  (figures in cash terms)"
    assert (
        str(engine.Explanation(Figure.NET_SAVING, None, Money(5), ())) == "net saving over the period: £5\n  (no lines)"
    )


def test_money_and_counts_never_mix_in_a_series() -> None:
    assert engine._add(Money(1), Money(2)) == Money(3)
    assert engine._add(Decimal(1), Decimal(2)) == Decimal(3)
    assert engine._sub(Money(3), Money(2)) == Money(1)
    assert engine._sub(Decimal(3), Decimal(2)) == Decimal(1)
    with pytest.raises(TypeError, match=r"^cannot add money to a count$"):
        engine._add(Money(1), Decimal(2))
    with pytest.raises(TypeError, match=r"^cannot add money to a count$"):
        engine._add(Decimal(1), Money(2))
    with pytest.raises(TypeError, match=r"^cannot subtract money and a count$"):
        engine._sub(Money(1), Decimal(2))
    with pytest.raises(TypeError, match=r"^cannot subtract money and a count$"):
        engine._sub(Decimal(1), Money(2))


# ---- Shares of a year, in the year's own units -----------------------------------------------------------------------


def test_a_days_share_is_written_over_the_years_own_days() -> None:
    leap = Proposal(
        reference="R",
        start_year="2015/16",
        phasing="days",
        grades=GRADES,
        lines=[PostsReleased(name="L", grade="WM", fte=1, start=date(2015, 10, 1))],
    )
    text = str(evaluate(leap).explain("gross_saving", "2015/16"))
    assert "1 FTE x £48,000 x 183/366 = £24,000 (L)" in text


def test_a_line_not_yet_in_force_contributes_nothing_not_even_zero() -> None:
    result = evaluate(proposal(PostsReleased(name="late", grade="WM", fte=1, start=date(2018, 4, 1))))
    assert [c.year for c in result.contributions] == [Y18, Y19]
    assert str(result.explain("gross_saving", "2016/17")) == "gross saving in 2016/17: £0\n  (no lines)"


# ---- Uprating at the edges ------------------------------------------------------------------------------------------


def test_a_whole_pence_rate_at_factor_one_is_itself_and_a_part_penny_rate_is_rounded() -> None:
    for text in ("48000", "48000.5", "48000.50", "4.8E+4"):
        rate = Money(Decimal(text))
        assert uprated(rate, Decimal(1)) is rate
    assert uprated(Money("38.425"), Decimal(1)) == Money("38.43")
    assert uprated(Money("38.425"), Decimal("1.00")) == Money("38.43")
    with pytest.raises(TypeError, match="expected a RoundingMode"):
        Money(1).scaled(Fraction(1, 3), mode=None)  # type: ignore[arg-type]


def test_an_award_on_the_years_last_day_counts_for_that_day() -> None:
    index = PriceIndex.from_awards([Award(year="2016/17", rate="10%", effective=date(2017, 3, 31))], "pay award")
    found = pieces(Money(36500), date(2016, 4, 1), None, Y16, Phasing.DAYS, index)
    assert [(p.rate, p.share) for p in found] == [
        (Money(36500), Fraction(364, 365)),
        (Money("40150.00"), Fraction(1, 365)),
    ]
    assert index.changes_in(date(2016, 4, 1), date(2017, 4, 1)) == (date(2017, 3, 31),)
    assert index.changes_in(date(2017, 3, 31), date(2017, 4, 1)) == ()
    assert index.changes_in(date(2016, 4, 1), date(2017, 3, 31)) == ()


def test_a_nil_award_is_skipped_and_later_awards_still_count() -> None:
    index = PriceIndex.from_awards([Award(year="2016/17", rate="0%"), Award(year="2017/18", rate="2%")], "pay award")
    assert index.steps == ((date(2017, 4, 1), Decimal("1.02")),)
    assert index.factor_at(date(2017, 3, 31)) == 1
    assert FLAT.factor_at(date(2030, 1, 1)) == 1


def test_the_prices_label_names_what_uprated_the_figures() -> None:
    constant = "prices (base-year prices, not uprated: pay inflation is costed once, among the pressures)"
    assert prices_label(Prices.CONSTANT, 0, 0) == f"constant {constant}"
    assert prices_label(Prices.CONSTANT, 2, 1, FinancialYear(2015)) == f"constant 2015/16 {constant}"
    assert prices_label(Prices.CASH, 2, 1) == f"cash terms (uprated by 2 pay awards and 1 inflation rate: {WITHIN})"
    assert prices_label(Prices.CASH, 0, 3) == f"cash terms (uprated by 3 inflation rates: {WITHIN})"
    assert prices_label(Prices.CASH, 1, 0, FinancialYear(2015)) == (
        f"cash terms from 2015/16 prices (uprated by 1 pay award: {WITHIN})"
    )
    assert prices_label(Prices.CASH, 0, 0) == (
        "cash terms (no pay awards or inflation stated, so nothing uprated: the same as constant prices)"
    )


def test_inflation_is_named_in_the_working_of_an_inflated_line() -> None:
    awarded = proposal(
        RecurringCost(name="rent", amount="10k"), inflation=[Award(year="2017/18", rate="2%")], prices="cash"
    )
    assert str(evaluate(awarded).explain("additional_costs", "2017/18")) == (
        "additional costs in 2017/18: £10,200\n"
        "  £10,000 a year x 1.0200 inflation (= £10,200) = £10,200 (rent)\n"
        f"  (figures in cash terms (uprated by 1 inflation rate: {WITHIN}))"
    )


# ---- Unit cost build-ups ---------------------------------------------------------------------------------------------


def test_a_build_up_with_allowances_stated_ni_a_levy_and_other_costs() -> None:
    built = build(
        UnitCostBuildUp(
            salary="30000",
            allowances="2000",
            allowances_pensionable=True,
            ni_rate="13.8%",
            ni_threshold="8112",
            pension_rate="20%",
            apprenticeship_levy="0.5%",
            other=[
                {"name": "training", "rate": "1%"},
                {"name": "kit", "amount": "250"},
                {"name": "none", "amount": "0"},
            ],
            tax_year="2017/18",
        )
    )
    assert built.ni is None  # both NI figures stated: no table looked up, though a tax year is given
    assert [str(line) for line in built.lines] == [
        "salary: £30,000",
        "allowances (NI-able: yes; pensionable: yes, as stated): £2,000",
        "employer National Insurance: 13.8% x ((£30,000 + £2,000) - £8,112 secondary threshold) = £3,296.54",
        "employer pension: 20% x £32,000 = £6,400",
        "apprenticeship levy: 0.5% x £32,000 = £160",
        "training: 1% x £30,000 = £300",
        "kit: £250",
        "none: £0",
    ]
    assert built.total == Money("42406.54")
    assert str(built).splitlines()[0] == "build-up: £42,406.54 a year"


def test_pension_on_salary_alone_and_pay_below_the_ni_threshold() -> None:
    built = build(
        UnitCostBuildUp(salary="8000", allowances="100", ni_rate="13.8%", ni_threshold="8112", pension_rate="10%")
    )
    assert [str(line) for line in built.lines] == [
        "salary: £8,000",
        "allowances (NI-able: yes; pensionable: no, the default): £100",
        "employer National Insurance: pay (£8,000 + £100): nothing due over the £8,112 threshold = £0",
        "employer pension: 10% x £8,000 = £800",
    ]
    assert built.total == Money("8900.00")


def test_an_ni_figure_stated_alone_takes_the_other_from_the_table() -> None:
    rate_only = build(UnitCostBuildUp(salary="36381", tax_year="2015/16", ni_rate="10%"))
    assert rate_only.ni is not None
    assert (
        str(rate_only.lines[1])
        == "employer National Insurance: 10% x (£36,381 - £8,112 secondary threshold) = £2,826.90"
    )
    threshold_only = build(UnitCostBuildUp(salary="36381", tax_year="2015/16", ni_threshold="10000"))
    assert threshold_only.ni is not None
    assert str(threshold_only.lines[1]) == (
        "employer National Insurance: 13.8% x (£36,381 - £10,000 secondary threshold) = £3,640.58"
    )
    half_penny = build(UnitCostBuildUp(salary="8112.05", ni_rate="10%", ni_threshold="8112"))
    assert half_penny.lines[1].amount == Money("0.01")  # £0.005 of NI rounds half-up, to a penny


# ---- Figure names: what each part of a name may say, and what a wrong one is told ----------------------------------


def _problem(ask: object) -> tuple[str, str, str, str | None]:
    with pytest.raises(InputError) as caught:
        ask()  # type: ignore[operator]
    (problem,) = caught.value.problems
    return (problem.path, problem.message, problem.code, problem.name)


def test_a_figure_name_that_cannot_be_read_names_the_part_that_is_wrong_and_why() -> None:
    assert _problem(lambda: named("net_saving", "yearly")) == (
        "basis",
        "expected 'annual', 'incremental', 'cumulative' or 'to_date', found 'yearly'",
        "unknown_choice",
        None,
    )
    assert _problem(lambda: named("net_saving_incremental", "cumulative")) == (
        "basis",
        "expected basis 'incremental' for 'net_saving_incremental' (its name says so), found 'cumulative'",
        "",
        None,
    )
    assert _problem(lambda: named("fte_change:CM", grade="WM")) == (
        "grade",
        "expected grade 'CM' (as 'fte_change:CM' says), found 'WM'",
        "",
        None,
    )
    assert _problem(lambda: named("full_year_effect", "incremental")) == (
        "basis",
        "expected the full-year effect as it is, found basis 'incremental'",
        "",
        None,
    )
    assert _problem(lambda: named("fte_change", "to_date")) == (
        "basis",
        "expected 'annual', 'incremental' or 'cumulative' for fte_change, found 'to_date'",
        "",
        None,
    )
    assert _problem(lambda: named(5)) == (  # type: ignore[arg-type]
        "figure",
        "expected a figure's name such as 'net_saving', found 5",
        "",
        None,
    )
    # An old name is refused with the one to write now, coded and named for a program to act on.
    assert _problem(lambda: named("recurring_net_saving")) == (
        "figure",
        "unknown figure 'recurring_net_saving'; write net_saving "
        "(the recurring saving less the recurring costs: the paper's 'savings - costs')",
        "unknown_figure",
        "recurring_net_saving",
    )
    # Only fte_change is shown by grade: any other figure with a grade after a colon is no figure.
    assert _problem(lambda: named("gross_saving:CM")) == (
        "figure",
        "unknown figure 'gross_saving:CM'; did you mean 'gross_saving'?",
        "unknown_figure",
        "gross_saving:CM",
    )


def test_a_grade_may_be_given_in_the_name_and_apart_when_they_agree() -> None:
    assert named("fte_change:CM", grade="CM") == named("fte_change", grade="CM")
    # Everything after the first colon is the grade, colons and all.
    assert named("fte_change:Grade 5: admin").grade == "Grade 5: admin"


def test_a_figure_is_described_as_a_claim_writes_it() -> None:
    assert named("gross_saving").describe() == "gross_saving"
    assert named("net_saving_incremental").describe() == "net_saving, basis incremental"
    assert named("net_position_to_date").describe() == "net_after_one_off_costs, basis to_date"
    assert named("fte_change:CM").describe() == "fte_change, grade 'CM'"
    assert named("full_year_effect").describe() == "full-year effect of net_saving"


def test_a_years_figures_are_the_columns_of_the_frame_and_no_others() -> None:
    year = evaluate(establishment()).years[0]
    assert year.figure("net_saving_incremental") == year.net_saving_incremental
    assert _problem(lambda: year.figure("gross_saving_incremental")) == (
        "figure",
        "expected a figure of one year (a column of to_frame), found 'gross_saving_incremental'; "
        "Evaluation.series gives it for every year",
        "",
        None,
    )


def test_a_view_over_the_years_is_explained_for_one_year_only() -> None:
    result = evaluate(establishment())
    assert _problem(lambda: result.explain("net_saving_cumulative")) == (
        "year",
        "expected a year for 'net_saving_cumulative' (over the period sums annual effects), found none",
        "",
        None,
    )


def test_an_explanation_reads_in_short_as_its_head_and_how_many_parts() -> None:
    result = evaluate(establishment())
    assert repr(result.explain("gross_saving", "2016/17")) == "Explanation('gross saving in 2016/17: £576,000', 1 part)"
    assert repr(result.explain("additional_costs", "2017/18")) == (
        "Explanation('additional costs in 2017/18: £6,666.67', 4 parts)"
    )


# ---- Incremental and running views, explained ------------------------------------------------------------------


def test_an_incremental_figure_is_this_years_less_last_years_for_the_grade_asked() -> None:
    result = evaluate(establishment())
    # CM: 1 FTE in 2016/17; 4 in 2017/18 (two more tranches and the FF regrade); 3 from 2018/19.
    assert str(result.explain("fte_change_incremental", "2017/18", grade="CM")) == (
        "FTE change, CM, incremental in 2017/18: 3 FTE\n  FTE change, CM in 2017/18 4 FTE - in 2016/17 1 FTE = 3 FTE"
    )
    assert str(result.explain("fte_change_incremental", "2016/17", grade="CM")) == (
        "FTE change, CM, incremental in 2016/17: 1 FTE\n"
        "  FTE change, CM in 2016/17 1 FTE - before the horizon nothing = 1 FTE"
    )
    assert str(result.explain("fte_change_cumulative", "2018/19", grade="CM")) == (
        "FTE change, CM, cumulative in 2018/19: 3 FTE\n"
        "  the running total of the incremental figures from the horizon's start: "
        "1 FTE (2016/17) + 3 FTE (2017/18) + -1 FTE (2018/19) = 3 FTE"
    )
    assert str(result.explain("net_saving_incremental", "2018/19")) == (
        "net saving, incremental in 2018/19: -£3,333.33\n"
        "  net saving in 2018/19 £566,000 - in 2017/18 £569,333.33 = -£3,333.33"
    )


def test_the_first_years_increment_is_from_the_year_before_the_horizon() -> None:
    before = proposal(
        PostsReleased(name="gone", grade="WM", fte=2, start=date(2015, 10, 1)),
        PostsCreated(name="new", grade="CM", fte=1, start=date(2016, 4, 1)),
    )
    result = evaluate(before)
    # Half of 2015/16's saving (from October) was already made: only the other half is new in 2016/17.
    assert str(result.explain("gross_saving_incremental", "2016/17")) == (
        "gross saving, incremental in 2016/17: £48,000\n"
        "  gross saving in 2016/17 £96,000 - in 2015/16 (before the horizon) £48,000 = £48,000"
    )
    assert str(result.explain("fte_change_incremental", "2016/17", grade="WM")) == (
        "FTE change, WM, incremental in 2016/17: 0 FTE\n"
        "  FTE change, WM in 2016/17 -2 FTE - in 2015/16 (before the horizon) -2 FTE = 0 FTE"
    )


def test_the_full_year_effect_is_explained_line_by_line_costs_taken_off() -> None:
    explained = evaluate(establishment()).explain("full_year_effect", "2016/17")
    assert str(explained) == (
        "full-year effect in 2016/17: £573,866.67\n"
        "  WM out: £576,000\n"
        "  CM in: -£3,333.33\n"
        "  ISO: £0\n"
        "  Hire: £1,200\n"
        "  each line's annual rate in force on 2017-03-31, savings and income less costs"
    )
    assert (explained.figure, explained.year, explained.full_year) == (Figure.NET_SAVING, Y16, True)
    awarded = evaluate(proposal(saving("1200"), pay_awards=[Award(year="2017/18", rate="1%")], prices="cash"))
    assert awarded.explain("full_year_effect", "2016/17").prices == f"cash terms (uprated by 1 pay award: {WITHIN})"


# ---- The evaluation in short, and its frames ---------------------------------------------------------------------


def test_an_evaluation_reads_in_short_as_its_years_and_net_saving() -> None:
    assert repr(evaluate(establishment())) == (
        "<Evaluation of 'R', 2016/17 to 2019/20: net saving £575,533.33, £569,333.33, £566,000, £566,000>"
    )
    one = PostsReleased(name="o", grade="WM", fte=1)
    assert repr(evaluate(proposal(one, horizon=1))) == "<Evaluation of 'R', 2016/17: net saving £48,000>"
    assert repr(evaluate(proposal(one, horizon=2))) == (
        "<Evaluation of 'R', 2016/17 to 2017/18: net saving £48,000, £48,000>"
    )


def test_the_long_frame_has_a_row_per_figure_and_year_exact_when_asked() -> None:
    result = evaluate(establishment())
    exact = result.to_frame(long=True, exact=True)
    assert list(exact.columns) == ["figure", "year", "value"]
    assert exact.iloc[0].to_dict() == {"figure": "gross_saving", "year": "2016/17", "value": Decimal(576000)}
    assert all(isinstance(value, Decimal) for value in exact["value"])  # 576000.0 == Decimal(576000) too
    assert exact.attrs["prices"] == result.prices
    plain = long_frame(result)
    assert list(plain.columns) == ["figure", "year", "value"]
    assert isinstance(plain["value"].iloc[0], float)
    assert plain.attrs["prices"] == result.prices
    options = long_frame({"a": result, "b": result}, name="option", exact=True)
    assert list(options.columns) == ["option", "figure", "year", "value"]
    assert options.iloc[0].to_dict() == {
        "option": "a",
        "figure": "gross_saving",
        "year": "2016/17",
        "value": Decimal(576000),
    }
    assert all(isinstance(value, Decimal) for value in options["value"])


def test_each_grades_fte_column_is_zero_in_a_year_it_does_not_change_and_exact_when_asked() -> None:
    result = evaluate(establishment())
    # FF changes only in 2017/18 (the regrade for that year).
    assert list(result.to_frame(exact=True)["fte_change:FF"]) == [Decimal(0), Decimal(-2), Decimal(0), Decimal(0)]
    assert all(isinstance(x, Decimal) for x in result.to_frame(exact=True)["fte_change:CM"])
    assert list(result.to_frame()["fte_change:FF"]) == [0.0, -2.0, 0.0, 0.0]


# ---- One-off costs by funding route -------------------------------------------------------------------------------


def test_one_off_costs_of_a_year_add_up_by_funding_route() -> None:
    result = evaluate(
        proposal(
            OneOffCost(name="a", amount="1k"),
            OneOffCost(name="b", amount="2k"),
            OneOffCost(name="c", amount="4k", funding="reserve"),
        )
    )
    assert result.one_off_funding("2016/17") == {"revenue": Money(3000), "reserve": Money(4000)}
    assert result.revenue_one_off_costs == (Money(3000), Money(0), Money(0), Money(0))


# ---- Workings: the posts in force at each year's end, and the year before the horizon --------------------------------


def test_the_workings_of_posts_name_each_term_grade_and_year_the_opening_year_first() -> None:
    before = proposal(
        PostsReleased(name="gone", grade="WM", fte=2, start=date(2015, 10, 1)),
        PostsCreated(name="new", grade="CM", fte=1, start=date(2016, 4, 1)),
    )
    result = evaluate(before)
    done = workings(result)
    assert (done.opening_year, done.terms, done.opening_terms) == (FinancialYear(2015), result.terms, result.terms)
    assert set(done.indices) == set(Uprating)
    posts = [(p.term.line, p.number, p.grade, p.fte, str(p.year), p.opening) for p in done.posts]
    assert posts[:3] == [
        ("gone", 0, "WM", -2, "2015/16", True),
        ("gone", 0, "WM", -2, "2016/17", False),
        ("gone", 0, "WM", -2, "2017/18", False),
    ]
    assert posts[5] == ("new", 1, "CM", 1, "2016/17", False)
    # The opening year is phased as the proposal says: by months, half of 2015/16 from October.
    (opening,) = [w for w in done.rows if w.opening]
    assert ([p.share for p in opening.pieces], opening.amount) == ([Fraction(1, 2)], Money(48000))
    fresh = workings(evaluate(proposal(PostsReleased(name="o", grade="WM", fte=1))))
    assert (fresh.opening_year, fresh.opening_terms) == (None, ())


def test_posts_are_in_the_workings_of_a_year_when_in_force_on_its_last_day() -> None:
    result = evaluate(
        proposal(
            PostsReleased(name="late", grade="WM", fte=1, start=date(2017, 3, 31)),
            PostsCreated(name="to the end", grade="CM", fte=1, end=date(2018, 3, 31)),
            PostsCreated(name="a day short", grade="FF", fte=1, end=date(2018, 3, 30)),
        )
    )
    years = {
        line: [str(p.year) for p in workings(result).posts if p.term.line == line]
        for line in ("late", "to the end", "a day short")
    }
    assert years == {
        "late": ["2016/17", "2017/18", "2018/19", "2019/20"],
        "to the end": ["2016/17", "2017/18"],
        "a day short": ["2016/17"],
    }


def test_a_lines_tranches_are_uprated_as_shares_of_the_line_so_they_add_up_to_it() -> None:
    # 12 posts at £48,123.45 leaving in tranches of 5, 4 and 3 (£577,481.40 a year), a 1.7% award from 2017/18.
    posts = PostsReleased(
        name="L",
        grade="X",
        schedule=[
            Step(on=date(2016, 4, 1), fte=5),
            Step(on=date(2016, 10, 1), fte=4),
            Step(on=date(2017, 1, 1), fte=3),
        ],
    )
    result = evaluate(
        Proposal(
            reference="R",
            start_year="2016/17",
            grades=[Grade(name="X", unit_cost="48123.45")],
            lines=[posts],
            prices="cash",
            pay_awards=[Award(year="2017/18", rate="1.7%")],
        )
    )
    # £577,481.40 x 1.017 = £587,298.58 for the line; each tranche is its share of that, not its own rounding
    # (4 x £48,123.45 x 1.017 = £195,766.1946 alone, £195,766.20 as the line's second share).
    assert [c.amount for c in result.contributions if c.year == Y17] == [
        Money("244707.74"),
        Money("195766.20"),
        Money("146824.64"),
    ]
    assert result.year(Y17).gross_saving == Money("587298.58")


def test_a_line_is_rounded_only_in_a_year_it_runs_part_of() -> None:
    done = workings(evaluate(proposal(PostsCreated(name="in", grade="CM", fte=1, start=date(2016, 10, 1)))))
    assert [(str(w.year), w.rounded) for w in done.rows] == [
        ("2016/17", True),  # 6/12 of the year: rounded to the penny
        ("2017/18", False),
        ("2018/19", False),
        ("2019/20", False),
    ]
