"""Money: exact, made in one place, rounded only by name."""

from decimal import Decimal, localcontext
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from savingsmodel import InputError, Money, RoundingMode, Unit
from savingsmodel.model.grades import Grade

pence = st.integers(min_value=-(10**12), max_value=10**12).map(lambda p: Money(Decimal(p).scaleb(-2)))
quantities = st.decimals(min_value=-1000, max_value=1000, places=3, allow_nan=False, allow_infinity=False)


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("48000", "48000"),
        ("£48,000", "48000"),
        ("48k", "48000"),
        ("48K", "48000"),
        ("1.2m", "1200000"),
        ("£1.2m", "1200000"),
        ("-£216k", "-216000"),
        (" 0.01 ", "0.01"),
        ("£48,176.80", "48176.80"),
        ("(£12k)", "-12000"),
        ("( 1,500.50 )", "-1500.50"),
    ],
)
def test_money_reads_the_forms_officers_write(text: str, amount: str) -> None:
    assert Money(text).amount == Decimal(amount)


@pytest.mark.parametrize(
    "text", ["", "£", "48kk", "forty", "1,2m3", "NaN", "Infinity", "1e5", "(12k", "12k)", "(-12k)"]
)
def test_money_refuses_text_that_is_not_an_amount(text: str) -> None:
    with pytest.raises(ValueError, match="expected an amount of money"):
        Money(text)


def test_money_refuses_floats_with_a_reason() -> None:
    with pytest.raises(TypeError, match=r"found float 0\.1; a binary float cannot hold"):
        Money(0.1)  # type: ignore[arg-type]


def test_money_refuses_bool_and_non_finite_decimals() -> None:
    with pytest.raises(TypeError):
        Money(True)
    with pytest.raises(ValueError, match="finite"):
        Money(Decimal("NaN"))


def test_from_float_rounds_by_a_named_mode() -> None:
    assert Money.from_float(0.125) == Money("0.13")
    assert Money.from_float(0.125, mode=RoundingMode.HALF_EVEN) == Money("0.12")
    assert Money.from_float(48176.8) == Money("48176.80")


def test_a_float_in_a_model_is_an_input_error_naming_the_field() -> None:
    with pytest.raises(InputError, match=r"^unit_cost: expected an amount of money .* found float 48000\.1"):
        Grade(name="Watch Manager", unit_cost=48000.1)


def test_sum_starts_from_zero() -> None:
    assert sum([Money("0.10"), Money("0.20")]) == Money("0.30")
    assert sum([], Money(0)) == Money(0)


def test_money_does_not_mix_with_floats_or_multiply_money() -> None:
    # Ints and Decimals mix exactly (tests/test_money_arithmetic.py); a float or money squared does not.
    with pytest.raises(TypeError):
        Money(1) + 1.5  # type: ignore[operator]
    with pytest.raises(TypeError):
        Money(1) * Money(2)  # type: ignore[operator]
    with pytest.raises(TypeError):
        _ = Money(1) < 2.5  # type: ignore[operator]


def test_money_is_immutable() -> None:
    money = Money(1)
    with pytest.raises(AttributeError):
        money._amount = Decimal(2)  # type: ignore[misc]


@pytest.mark.parametrize(
    ("amount", "unit", "mode", "places", "expected"),
    [
        ("2.345", Unit.PENCE, RoundingMode.HALF_UP, 0, "2.35"),
        ("2.345", Unit.PENCE, RoundingMode.HALF_EVEN, 0, "2.34"),
        ("-2.345", Unit.PENCE, RoundingMode.HALF_UP, 0, "-2.35"),
        ("1500", Unit.THOUSANDS, RoundingMode.HALF_UP, 0, "2000"),
        ("2500", Unit.THOUSANDS, RoundingMode.HALF_EVEN, 0, "2000"),
        ("1249999.99", Unit.MILLIONS, RoundingMode.HALF_UP, 1, "1200000"),
        ("1250000", Unit.MILLIONS, RoundingMode.HALF_UP, 1, "1300000"),
        ("0.5", Unit.POUNDS, RoundingMode.HALF_UP, 0, "1"),
    ],
)
def test_rounding_is_named(amount: str, unit: Unit, mode: RoundingMode, places: int, expected: str) -> None:
    assert Money(amount).round(unit, mode, places) == Money(expected)


@pytest.mark.parametrize(
    ("amount", "unit", "places", "text"),
    [
        ("576000", Unit.POUNDS, 0, "£576,000"),
        ("576000", Unit.THOUSANDS, 0, "£576k"),
        ("-216000", Unit.THOUSANDS, 0, "-£216k"),
        ("1440000", Unit.MILLIONS, 1, "£1.4m"),
        ("48176.8", Unit.PENCE, 0, "£48,176.80"),
        ("499.5", Unit.THOUSANDS, 0, "£0k"),
        ("500", Unit.THOUSANDS, 0, "£1k"),
    ],
)
def test_format(amount: str, unit: Unit, places: int, text: str) -> None:
    assert Money(amount).format(unit, places=places) == text


def test_str_never_hides_pence() -> None:
    assert str(Money("576000")) == "£576,000"
    assert str(Money("0.5")) == "£0.50"
    assert str(Money("1.005")) == "£1.005"
    assert str(Money("-1.5")) == "-£1.50"
    assert str(Money("400342.740")) == "£400,342.74"  # a trailing zero is not a part penny
    assert str(Money("12.5") * Money("33275.40").amount) == "£415,942.50"


def test_arithmetic_ignores_the_callers_decimal_context() -> None:
    with localcontext() as ctx:
        ctx.prec = 3
        assert Money("48176.80") * 12 == Money("578121.60")


def test_scaled_is_the_one_way_to_divide() -> None:
    assert Money("576000").scaled(Fraction(6, 12)) == Money("288000")
    assert Money("100").scaled(Fraction(1, 3)) == Money("33.33")
    assert Money("0.05").scaled(Fraction(1, 2)) == Money("0.03")
    assert Money("0.05").scaled(Fraction(1, 2), mode=RoundingMode.HALF_EVEN) == Money("0.02")


@given(pence, pence, pence)
def test_addition_is_exact_associative_and_commutative(a: Money, b: Money, c: Money) -> None:
    assert (a + b) + c == a + (b + c)
    assert a + b == b + a
    assert (a + b).amount == a.amount + b.amount
    assert a - a == Money(0)


@given(pence, quantities, quantities)
def test_multiplication_by_quantities_is_exact_and_distributes(a: Money, x: Decimal, y: Decimal) -> None:
    assert a * (x + y) == a * x + a * y
    assert (a * x).amount == a.amount * x


@given(pence, st.sampled_from(list(Unit)), st.sampled_from(list(RoundingMode)))
def test_rounding_lands_on_the_unit_and_within_half_a_step(a: Money, unit: Unit, mode: RoundingMode) -> None:
    rounded = a.round(unit, mode)
    assert (rounded.amount / unit.value) == (rounded.amount / unit.value).to_integral_value()
    assert abs(rounded.amount - a.amount) <= unit.value / 2
    assert rounded.round(unit, mode) == rounded


@given(pence)
def test_money_survives_its_text(a: Money) -> None:
    assert Money(str(a.amount)) == a
    assert Money(str(a).replace("£", "")) == a
