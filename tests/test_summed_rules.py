"""The integer-pence summer's own rules, one assertion at a time (from its mutation run: docs/quality.md).

:mod:`savingsmodel.engine.summed` is held to the line-by-line working by ``tests/test_summed.py``;
these pin the rules beneath that which its drawn proposals do not reach: a half penny below
zero, an amount written with a positive exponent, a figure no line feeds, and a single rate
too large for int64 once spread over a year's days.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

import numpy as np
import test_summed  # its comparison with the line-by-line working: imported as a module, so its tests stay there
from hypothesis import given
from hypothesis import strategies as st

from savingsmodel import OneOffCost, Proposal, RecurringCost
from savingsmodel.core.money import RoundingMode, round_fraction
from savingsmodel.engine.evaluation import StartConventions, price_indices
from savingsmodel.engine.summed import _half_up, full_year_total, summed, totals
from savingsmodel.engine.terms import terms


def _money_rounds(numerator: int, denominator: int) -> int:
    return int(round_fraction(Fraction(numerator, denominator), Decimal(1), RoundingMode.HALF_UP))


@given(st.integers(-(2**70), 2**70), st.integers(1, 10**6))
def test_pence_are_rounded_half_away_from_zero_as_money_rounds(numerator: int, denominator: int) -> None:
    # Held as Python's integers (numpy object arrays) past int64, and as int64 below it: the same rule.
    assert int(_half_up(np.array([numerator], dtype=object), denominator)[0]) == _money_rounds(numerator, denominator)
    if abs(numerator) < 2**62:
        assert int(_half_up(np.array([numerator], dtype=np.int64), denominator)[0]) == _money_rounds(
            numerator, denominator
        )


def test_a_half_penny_below_zero_is_rounded_away_from_zero() -> None:
    # A reduction (a negative tranche) of half a penny: -0.5p is -1p, as £-0.005 is -£0.01 half-up.
    halves = np.array([-1, 1, -3, 3, -5], dtype=np.int64)
    assert _half_up(halves, 2).tolist() == [-1, 1, -2, 2, -3]
    assert _half_up(np.array([-5, -7], dtype=np.int64), 4).tolist() == [-1, -2]  # -1.25, -1.75: nearest


def test_an_amount_written_with_a_positive_exponent_is_summed_as_the_working_writes_it() -> None:
    # Decimal("1.5E+3") passed from Python (as Decimal arithmetic can leave it) is £1,500 written "1500",
    # as the line-by-line working's sum from zero writes it, not "1.5E+3" or "1.50E+3".
    whole = Proposal(
        reference="E", start_year="2024/25", horizon=2, lines=[RecurringCost(name="c", amount=Decimal("1.5E+3"))]
    )
    test_summed._same(whole)
    fast, _ = test_summed._both(whole)
    assert repr(fast.years[0].additional_costs) == "Money('1500')"
    assert repr(fast.years[0].full_year_effect) == "Money('-1500')"


def test_a_figure_no_line_feeds_is_nothing_and_so_is_a_full_year_effect_with_nothing_in_force() -> None:
    proposal = Proposal(
        reference="Z",
        start_year="2024/25",
        horizon=1,
        lines=[OneOffCost(name="once", amount="2500", start=date(2024, 9, 1))],
    )
    all_terms = tuple(terms(proposal))
    found = summed(all_terms, proposal.years, proposal.phasing, price_indices(proposal), StartConventions.of(proposal))
    nothing = np.zeros(len(all_terms), dtype=bool)
    assert totals(found, nothing, 0) == (0, 0)
    assert totals(found, ~nothing, 0) == (250000, 0)  # the one-off cost, in pence
    assert full_year_total(found, np.ones(len(all_terms), dtype=np.int64), 0) == (0, 0)  # a one-off is never in force


def test_one_rate_too_large_for_int64_over_a_year_s_days_is_summed_exactly() -> None:
    # £987,654,321,098,765.43 a year is 98,765,432,109,876,543 pence: held in int64, but not once times the
    # 365 days of a year's stretch, so it is kept in Python's integers even as the only rate there is.
    big = Proposal(
        reference="B",
        start_year="2016/17",
        horizon=2,
        phasing="days",
        lines=[RecurringCost(name="team", amount=Decimal("987654321098765.43"), start=date(2016, 11, 3))],
    )
    test_summed._same(big)
