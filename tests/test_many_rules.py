"""The vectorised evaluator's arithmetic, one rule at a time (docs/quality.md: written from mutation testing).

Each row of :func:`~savingsmodel.engine.many.evaluate_many` must be the exact engine's figures for the proposal
changed by that row, to the penny; these are the cases the generated proposals of tests/test_many.py do not reach:
rates and products past int64, figures past what a float holds (2^53 pence), ties the floats misplace, rates of
part pence, and awards from the day a figure is read on.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import numpy as np
import pytest
import test_many  # its row-by-row comparison with the exact engine: imported as a module, so its tests stay there

from savingsmodel.core.money import Money
from savingsmodel.engine.many import evaluate_many
from savingsmodel.model.grades import Grade
from savingsmodel.model.lines import OneOffCost, OneOffIncome, RecurringCost, RecurringIncome, Step
from savingsmodel.model.prices import Award

from builders import proposal, released

WM = "lines.WM posts released"


# ---- Past int64: exact in Python's integers ---------------------------------------------------------------


@pytest.mark.parametrize("prices", ["constant", "cash"])
@pytest.mark.parametrize(
    "unit_cost",
    [
        # 1,234,567,890.1234 pence a post, in int64 (10^-6 pence: 1.2 x 10^15), times 7 FTE in ten-thousandths
        # is 8.6 x 10^19: past int64, so multiplied in Python's integers (however few values there are).
        "12345678.901234",
        # 12,345,678,901.2345678900 pence, past int64 in integers of 10^-10 pence (1.2 x 10^20) from the start.
        "123456789.0123456789",
        # 1,234,567,890,123,456.78 pence a post: the two tranches' rates, 1.5 x 10^16 pence, are past what a float
        # holds to the penny (2^53), and are added in Python's integers, never through floats.
        "12345678901234.5678",
    ],
)
def test_tranches_whose_rates_pass_int64_are_worked_exactly(unit_cost: str, prices: str) -> None:
    # Each tranche's rate (the line's unit cost times its FTE) is past int64: the tranches are added (each
    # uprated as its share of the line) in Python's integers, exactly, to the penny in every year.
    dear = Grade(name="Watch Manager", unit_cost=unit_cost)
    steps = [Step(on=date(2016, 10, 1), fte=7), Step(on=date(2017, 7, 1), fte=5)]
    priced = proposal(
        released(schedule=steps), grades=[dear], prices=prices, pay_awards=[Award(year="2017/18", rate="2.5%")]
    )
    test_many.assert_rows_equal(priced, {f"{WM}.start": [0, 3, -2]}, 3)


def test_a_position_to_date_past_two_to_the_54_pence_is_counted_in_integers() -> None:
    # A one-off cost of £180,143,985,094,819.85 is 2^54 + 1 pence: the net position to date, about -2^54 pence
    # and odd, is past what a float (53 bits) holds to the penny. It is a running total of integers (int64),
    # never of floats, to the penny in every year.
    odd = 2**54 + 1
    big = proposal(
        released(fte=2),
        OneOffCost(name="Vast", amount=Decimal(odd).scaleb(-2), year="2016/17"),
        OneOffIncome(name="Grant", amount="0.01", year="2017/18"),
    )
    inputs = {"lines.Vast.amount": [odd, odd + 2, 2**54 + 7]}
    test_many.assert_rows_equal(big, inputs, 3)
    position = evaluate_many(big, {k: np.asarray(v) for k, v in inputs.items()}).pence("net_position_to_date")
    assert position[0].tolist()[:2] == [9_600_000 - odd, 2 * 9_600_000 - odd + 1]


def test_a_recurring_cost_past_two_to_the_54_pence_moves_the_net_saving_to_the_penny() -> None:
    # £180,143,985,094,819.87 a year (2^54 + 3 pence) from 1 July 2017, varied by a penny or two: the net saving,
    # its increments from the year before and its running total are past what a float holds to the penny, and
    # are worked in integers (the increment of 2017/18 is the cost's nine months, a half penny rounded up).
    vast = 2**54 + 3
    big = proposal(released(fte=2), RecurringCost(name="Vast", amount=Decimal(vast).scaleb(-2), start=date(2017, 7, 1)))
    inputs = {"lines.Vast.amount": [vast, vast + 1, vast - 2]}
    test_many.assert_rows_equal(big, inputs, 3)
    many = evaluate_many(big, {k: np.asarray(v) for k, v in inputs.items()})
    nine_months = (vast * 9 + 6) // 12  # to the penny, half-up
    assert many.pence("net_saving_incremental")[0].tolist()[:3] == [9_600_000, -nine_months, nine_months - vast]
    assert many.pence("net_saving_cumulative")[0].tolist()[:3] == [9_600_000, 9_600_000 - nine_months, 9_600_000 - vast]


def test_a_proposal_moving_no_posts_changes_no_fte_in_any_draw() -> None:
    # Income alone: no grade moves, so the FTE change is nought in every year of every draw (three draws, over
    # a horizon of four years: neither one wide nor a draw a year).
    income = proposal(RecurringIncome(name="Hire", amount="1200"))
    test_many.assert_rows_equal(income, {"lines.Hire.amount": [120_000, 0, 7]}, 3)
    many = evaluate_many(income, {"lines.Hire.amount": np.asarray([120_000, 0, 7])})
    assert many.fte("fte_change").tolist() == [[0] * len(income.years)] * 3
    assert many.pence("net_saving")[:, 0].tolist() == [120_000, 0, 7]


# ---- Uprating: a rate's exact places -------------------------------------------------------------------------


def test_a_rate_of_part_pence_keeps_its_places_when_uprated() -> None:
    # £48,000.05 a post times 1.1 FTE is 5,280,005.5 pence, counted in 10^-6 pence (5,280,005,500,000): only the
    # five tens all its values share are dropped before it is uprated (by 1.025 from 2017/18), not the half
    # penny, which a multiple of 11 (as this is) might pass for.
    odd = Grade(name="Watch Manager", unit_cost="48000.05")
    cash = proposal(
        released(fte=Decimal("1.1")), grades=[odd], prices="cash", pay_awards=[Award(year="2017/18", rate="2.5%")]
    )
    test_many.assert_rows_equal(cash, {f"{WM}.start": [0, 2]}, 2)
    many = evaluate_many(cash, {f"{WM}.start": np.asarray([0, 2])})
    # 5,280,005.5 x 1.025 = 5,412,005.6375 pence: £54,120.06 a year from 2017/18 (not 5,280,005 x 1.025, £54,120.05).
    assert many.pence("gross_saving")[0].tolist()[1:3] == [5_412_006, 5_412_006]


def test_a_product_just_below_two_to_the_62_is_rounded_without_passing_int64() -> None:
    # 461.168601 pence (in millionths) at a factor of 1.0000000003 (in ten-billionths): the product of the
    # integers, 4,611,686,011,383,505,803, is just below 2^62, but rounding it half-up doubles it and adds the
    # denominator (10^16), which would pass int64: it is rounded exactly, by floats placed and checked, as the
    # exact engine rounds it (461.1686011 pence: 461 pence).
    from savingsmodel.engine.many import _Fixed, _Levels, _uprated
    from savingsmodel.engine.uprating import uprated

    pence = (2**62 - 1) // (10**10 + 3)
    levels = _Levels((date(2016, 4, 1),), (np.asarray([3, 3], dtype=np.int64),))
    got = _uprated(_Fixed(np.asarray([pence, pence], dtype=np.int64), 6), levels.factor(1))
    expected = uprated(Money(Decimal(pence).scaleb(-8)), Decimal("1.0000000003")).amount * 100
    assert got.tolist() == [int(expected)] * 2 == [461, 461]


def test_a_tie_the_floats_place_below_a_half_is_still_rounded_up() -> None:
    # £10,000,000 at 1.0000000015 is £10,000,000.015 exactly, a half penny: rounded up. The floats place it at
    # 1,000,000,001.4999999 pence (1.0000000015 is not a binary fraction), so it is worked again exactly: every
    # product within the floats' error of a half penny is. (Rates of 15 and 1 ten-billionths: no common factor,
    # so the factor stays in ten-billionths and the product, 10^19, past 2^61, is placed by floats.)
    from savingsmodel.engine.many import _Fixed, _Levels, _uprated

    levels = _Levels((date(2016, 4, 1),), (np.asarray([15, 1], dtype=np.int64),))
    got = _uprated(_Fixed(np.asarray([10**9, 10**9], dtype=np.int64)), levels.factor(1))
    assert got.tolist() == [10**9 + 2, 10**9]


def test_an_uprated_rate_past_two_to_the_53_pence_is_an_integer_to_the_penny() -> None:
    # 2^54 + 1 pence at 1.0000000003 and 1.0000000001: past what floats hold to the penny, each worked exactly
    # and kept as an integer (never a float), to the penny, half-up.
    from savingsmodel.engine.many import _Fixed, _Levels, _uprated

    pence = 2**54 + 1
    levels = _Levels((date(2016, 4, 1),), (np.asarray([3, 1], dtype=np.int64),))
    got = _uprated(_Fixed(np.asarray([pence, pence], dtype=np.int64)), levels.factor(1))
    exact = [(2 * pence * (10**10 + r) + 10**10) // (2 * 10**10) for r in (3, 1)]
    assert got.tolist() == exact == [pence + 5_404_320, pence + 1_801_440]


# ---- Price levels: an award in force from its day ----------------------------------------------------------


def test_an_award_from_the_last_day_of_a_year_is_in_that_years_full_year_effect() -> None:
    # A 2% pay award from 31 March 2018 is in force on 2017/18's last day: the full-year effect of that year is
    # at the new rate (£48,960 a post), though the year's saving has it for one day only; and a one-off cost
    # uprated by inflation, paid on the day of an inflation award, is paid at the new prices (£1,030).
    cash = proposal(
        released(fte=1),
        OneOffCost(name="Fees", amount="1000", start=date(2017, 10, 1), uprate="inflation"),
        prices="cash",
        pay_awards=[Award(year="2017/18", rate="2%", effective=date(2018, 3, 31))],
        inflation=[Award(year="2017/18", rate="3%", effective=date(2017, 10, 1))],
    )
    test_many.assert_rows_equal(cash, {f"{WM}.start": [0, 1], "lines.Fees.amount": [100_000, 200_000]}, 2)
    many = evaluate_many(cash, {f"{WM}.start": np.asarray([0, 1])})
    assert many.pence("full_year_effect")[0].tolist()[:2] == [4_800_000, 4_896_000]
    assert many.pence("one_off_costs")[0].tolist()[:2] == [0, 103_000]
