"""Money among the numbers an analyst has at hand: ints, Decimals, numpy values, and floats for plotting."""

from decimal import Decimal

import numpy as np
import pytest

from savingsmodel import FinancialYear, Grade, InputError, Money, PostsReleased


def test_money_compares_with_zero_and_with_ints() -> None:
    assert Money("0.01") > 0
    assert Money(-5) < 0 <= Money(0)
    assert Money(360000) == 360000
    assert Money("360000.00") == Decimal(360000)
    assert Money(5) >= Decimal("4.99")
    assert sorted([Money(3), 1, Decimal(2)]) == [1, Decimal(2), Money(3)]
    assert hash(Money(5)) == hash(5)


def test_money_refuses_to_compare_with_a_float() -> None:
    with pytest.raises(TypeError, match="cannot compare Money with float"):
        assert Money(1) < 1.5
    assert Money(1) != 1.0  # not equal: a float is no amount of money


def test_money_adds_and_subtracts_a_decimal_or_an_int_exactly() -> None:
    assert Money("0.10") + Decimal("0.20") == Money("0.30")
    assert Decimal("0.20") + Money("0.10") == Money("0.30")
    assert Money(10) - 3 == Money(7)
    assert 10 - Money(3) == Money(7)
    assert isinstance(Decimal(1) - Money(1), Money)


def test_money_will_not_add_a_float_and_says_what_to_do() -> None:
    with pytest.raises(TypeError, match=r"Money\.from_float"):
        Money(1) + 0.5  # type: ignore[operator]


def test_float_of_money_is_for_plotting() -> None:
    assert float(Money("576000.50")) == 576000.5
    assert np.array([Money(1), Money("2.5")], dtype=float).tolist() == [1.0, 2.5]


def test_numpy_integers_are_money_exactly() -> None:
    # The issue: a loop over np.arange failed with "found int64".
    costs = [Grade(name="WM", unit_cost=cost).unit_cost for cost in np.arange(34500, 34502)]
    assert costs == [Money(34500), Money(34501)]
    assert Money(np.int32(7)) * np.int64(3) == Money(21)
    assert PostsReleased(name="x", grade="WM", fte=np.int64(3)).fte == Decimal(3)
    assert FinancialYear(np.int64(2016)) == FinancialYear(2016)


@pytest.mark.parametrize("value", [34500.0, np.float64(34500.0), np.float32(0.5), np.float64(48000.25), 0.5])
def test_a_float_that_is_a_whole_number_of_pence_is_read_exactly(value: float) -> None:
    assert Money(value) == Money(str(float(value)))


@pytest.mark.parametrize("value", [0.1, np.float64(48000.1), np.float64(0.125), float("nan"), np.float64("inf")])
def test_a_float_with_part_pence_is_still_refused(value: float) -> None:
    with pytest.raises((TypeError, ValueError), match="expected an amount of money"):
        Money(value)
    with pytest.raises(InputError, match=r"^unit_cost: expected an amount of money"):
        Grade(name="WM", unit_cost=value)
