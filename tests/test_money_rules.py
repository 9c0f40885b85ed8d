"""Money's rules, each at its boundary: the tests mutation testing showed missing (docs/quality.md).

Every assertion here fails if one operator, constant or branch of ``savingsmodel/core/money.py``
changes: the size and precision limits on inputs, money text and its multipliers, numbers as
text, comparisons at equality, the ratio's zero guard, rounding by name, and how pydantic reads
and writes money.
"""

from __future__ import annotations

import copy
import pickle
import re
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest
from pydantic import BaseModel, TypeAdapter, ValidationError

from savingsmodel import Grade, InputError, Money, RoundingMode, Unit
from savingsmodel.core.money import INPUT_LIMIT, INPUT_PLACES, TEXT_LIMIT, check_input_size, exact_decimal

# ---- Input limits: below 1e15, at most 10 decimal places ---------------------------------------------------


def test_the_limits_are_as_documented() -> None:
    assert (str(INPUT_LIMIT), INPUT_PLACES, TEXT_LIMIT) == ("1E+15", 10, 100)


@pytest.mark.parametrize("text", ["999999999999999.99", "-999999999999999.99", "0", "1e14"])
def test_amounts_just_below_the_limit_are_inputs(text: str) -> None:
    assert check_input_size(Decimal(text), "an amount") == Decimal(text)


@pytest.mark.parametrize("text", ["1e15", "-1e15", "1000000000000000", "1e16"])
def test_the_limit_itself_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match=r"^expected an amount below 1,000,000,000,000,000, found "):
        check_input_size(Decimal(text), "an amount")


@pytest.mark.parametrize(
    "text",
    ["0.0000000001", "1.5000000000000", "0E-20", "-0.0000000001", "48000.10000000000000", "1E-10", "1.00000000010"],
)
def test_ten_places_and_trailing_zeros_are_inputs(text: str) -> None:
    assert check_input_size(Decimal(text), "a number") == Decimal(text)


@pytest.mark.parametrize("text", ["0.00000000001", "1.00000000001", "-0.00000000001", "1E-11", "1.23456789012"])
def test_eleven_places_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match=r"^expected a number with at most 10 decimal places, found "):
        check_input_size(Decimal(text), "a number")


def test_the_precision_message_names_the_figure() -> None:
    with pytest.raises(ValueError, match=r"^expected ") as caught:
        check_input_size(Decimal("0.00000000001"), "an FTE")
    assert str(caught.value) == "expected an FTE with at most 10 decimal places, found 1E-11"


def test_a_figure_too_long_to_quote_is_cut_in_the_message() -> None:
    with pytest.raises(ValueError, match=r"^expected ") as caught:
        check_input_size(Decimal("9" * 200), "an amount")
    assert str(caught.value) == f"expected an amount below 1,000,000,000,000,000, found {'9' * 80}... (200 characters)"


def test_a_non_finite_value_is_left_to_exact_decimal() -> None:
    assert check_input_size(Decimal("Infinity"), "x").is_infinite()


# ---- Money text -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("1bn", "1000000000"),
        ("£1.5bn", "1500000000.0"),
        ("0.5BN", "500000000.0"),
        ("2m", "2000000"),
        ("2k", "2000"),
        ("1,234,567", "1234567"),
        ("£1,234.50", "1234.50"),
        ("-0", "0"),
        ("(0)", "0"),
        ("+5", "5"),
        (".5", "0.5"),
    ],
)
def test_money_text_and_its_multipliers_are_exact(text: str, amount: str) -> None:
    money = Money(text)
    assert money.amount == Decimal(amount)
    assert str(money.amount) == amount  # the exact digits, not just an equal value
    assert not money.amount.is_signed() or money.amount < 0  # minus zero is zero


def test_a_suffix_on_many_digits_stays_exact() -> None:
    # 61 digits: more than a 60-digit context holds, so a multiplication would have been Inexact.
    assert str(Money("1" * 59 + ".5bn").amount) == "1" * 59 + "500000000.0"


@pytest.mark.parametrize("text", ["1" * TEXT_LIMIT, " " * 50 + "1" + " " * 49])
def test_text_of_the_limit_length_is_read(text: str) -> None:
    assert Money(text).amount == Decimal(text.strip())


def test_text_longer_than_the_limit_is_refused_whatever_it_holds() -> None:
    text = "1" * (TEXT_LIMIT + 1)
    with pytest.raises(ValueError, match=r"^expected ") as caught:
        Money(text)
    assert str(caught.value) == (
        "expected an amount of money such as '48000', '£48,000', '48k', '1.2m' or '(£12k)', "
        f"found {'1' * 80!r}... (101 characters)"
    )


def test_a_bad_amount_in_a_model_has_the_money_reason_code() -> None:
    with pytest.raises(InputError) as caught:
        Grade(name="WM", unit_cost="forty")
    (problem,) = caught.value.problems
    assert problem.code == "money"
    assert problem.path == "unit_cost"


# ---- Numbers as text ----------------------------------------------------------------------------------------------


def test_exact_decimal_reads_numbers_as_written() -> None:
    assert exact_decimal("1,000") == Decimal(1000)
    assert exact_decimal(" 12.50 ") == Decimal("12.50")
    assert exact_decimal("1e3") == Decimal("1E+3")
    assert exact_decimal(7) == Decimal(7)
    assert exact_decimal(Decimal("0.5")) == Decimal("0.5")
    assert exact_decimal("1" * TEXT_LIMIT) == Decimal("1" * TEXT_LIMIT)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("abc", "expected a number, found 'abc'"),
        ("1" * (TEXT_LIMIT + 1), f"expected a number, found {'1' * 80!r}... (101 characters)"),
        ("1_000", "expected a number, found '1_000'"),
        ("٤٨", "expected a number, found '٤٨'"),
        ("1e12345", "expected a number, found '1e12345'"),
        ("4,8,0", "expected a number, found '4,8,0'"),
    ],
)
def test_exact_decimal_refuses_text_that_is_not_a_plain_number(value: str, message: str) -> None:
    with pytest.raises(ValueError, match=r"^expected ") as caught:
        exact_decimal(value)
    assert str(caught.value) == message


def test_exact_decimal_says_what_it_found() -> None:
    with pytest.raises(TypeError) as caught:
        exact_decimal([1, 2], "an FTE")
    assert str(caught.value) == "expected an FTE, found list [1, 2]"
    with pytest.raises(TypeError) as caught:
        exact_decimal(True)
    assert str(caught.value) == "expected a number, found True"
    with pytest.raises(TypeError, match=r"^expected a number as an int, Decimal or text, found float 0\.5; "):
        exact_decimal(0.5)


@pytest.mark.parametrize(
    ("what", "message"),
    [
        ("an amount of money", "expected a finite amount of money, found Decimal('NaN')"),
        ("a number", "expected a finite number, found Decimal('NaN')"),
        ("count", "expected a finite count, found Decimal('NaN')"),
    ],
)
def test_a_non_finite_number_is_named_in_plain_words(what: str, message: str) -> None:
    with pytest.raises(ValueError, match=r"^expected ") as caught:
        exact_decimal(Decimal("NaN"), what)
    assert str(caught.value) == message


# ---- Arithmetic, comparison, identity ------------------------------------------------------------------------------


def test_comparisons_at_their_boundaries() -> None:
    one, two = Money(1), Money(2)
    assert one <= Money("1.00")
    assert one >= Money("1.00")
    assert not one < Money("1.00")
    assert not one > Money("1.00")
    assert one < two
    assert two > one
    assert not two <= one
    assert not one >= two
    # Ints and Decimals compare as pounds (issue 14); a float, a bool or text is refused.
    assert one <= 1
    assert not one >= Decimal("1.01")
    with pytest.raises(TypeError, match=r"^cannot compare Money with float"):
        _ = one <= 1.0  # type: ignore[operator]
    with pytest.raises(TypeError, match=r"^cannot compare Money with bool"):
        _ = one >= True  # type: ignore[operator]


def test_ints_and_decimals_add_to_money_from_the_left_and_floats_never() -> None:
    assert 0 + Money(5) == Money(5)
    assert 1 + Money(5) == Money(6)
    assert Decimal("0.5") + Money(5) == Money("5.5")
    for other in (0.0, 1.5, False):
        with pytest.raises(TypeError):
            _ = other + Money(5)  # type: ignore[operator]


def test_money_multiplies_by_numbers_only() -> None:
    assert Money(3) * 2 == Money(6)
    assert Decimal("0.5") * Money(3) == Money("1.5")
    for other in (True, 1.5, "2", Money(2)):
        with pytest.raises(TypeError):
            _ = Money(3) * other  # type: ignore[operator]


def test_sign_and_size() -> None:
    assert -Money("1.25") == Money("-1.25")
    assert -Money("-1.25") == Money("1.25")
    assert abs(Money("-1.25")) == Money("1.25")
    assert abs(Money("1.25")) == Money("1.25")
    assert Money() == Money(0)
    assert not Money()
    assert Money("0.01")


def test_equal_amounts_hash_alike_as_their_decimals_do() -> None:
    assert hash(Money("1.50")) == hash(Money("1.5")) == hash(Decimal("1.5"))
    assert len({Money(1), Money("1.0"), Money(2)}) == 2


def test_money_pickles_and_copies_as_itself() -> None:
    money = Money("48176.805")
    assert pickle.loads(pickle.dumps(money)) == money  # noqa: S301 - our own object, made here
    assert copy.deepcopy(money) == money
    assert money.__reduce__() == (Money, ("48176.805",))


def test_ratio_is_exact_and_refuses_zero() -> None:
    assert Money(30).ratio(Money(40)) == Fraction(3, 4)
    assert Money(-30).ratio(Money(40)) == Fraction(-3, 4)
    assert Money(0).ratio(Money(40)) == 0
    with pytest.raises(ZeroDivisionError, match=r"^ratio to zero money$"):
        Money(1).ratio(Money(0))
    with pytest.raises(ZeroDivisionError):
        Money(1).ratio(Money("0.00"))


# ---- Rounding by name -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "half_up", "half_even"),
    [
        ("0.015", "0.02", "0.02"),
        ("0.025", "0.03", "0.02"),
        ("0.005", "0.01", "0.00"),
        ("-0.005", "-0.01", "0.00"),
        ("-0.015", "-0.02", "-0.02"),
        ("-0.025", "-0.03", "-0.02"),
        ("0.0149", "0.01", "0.01"),
        ("-0.0151", "-0.02", "-0.02"),
    ],
)
def test_halves_round_by_the_named_mode(text: str, half_up: str, half_even: str) -> None:
    assert Money(text).round(Unit.PENCE, RoundingMode.HALF_UP) == Money(half_up)
    assert Money(text).round(Unit.PENCE, RoundingMode.HALF_EVEN) == Money(half_even)


def test_a_rounding_must_name_its_mode() -> None:
    with pytest.raises(TypeError, match=r"^expected a RoundingMode, found None$"):
        Money("2.5").round(Unit.POUNDS, None)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"^expected a RoundingMode, found 'half_up'$"):
        Money("2.5").scaled(Fraction(1, 2), Unit.PENCE, "half_up")  # type: ignore[arg-type]


def test_format_rounds_by_the_mode_it_is_given() -> None:
    assert Money("2.5").format(Unit.POUNDS, RoundingMode.HALF_EVEN) == "£2"
    assert Money("2.5").format(Unit.POUNDS, RoundingMode.HALF_UP) == "£3"
    assert Money("1250").format(Unit.THOUSANDS, RoundingMode.HALF_EVEN, places=1) == "£1.2k"
    assert Money("-1500").format(Unit.THOUSANDS) == "-£2k"


def test_str_shows_part_pence_and_signs() -> None:
    assert str(Money("0.5")) == "£0.50"
    assert str(Money("-0.005")) == "-£0.005"
    assert str(Money("1234.5678")) == "£1,234.5678"
    assert str(Money("-3")) == "-£3"


# ---- pydantic: read as Money() reads, written as text ---------------------------------------------------------------


def test_pydantic_reads_money_as_money_does_and_writes_it_as_text() -> None:
    adapter = TypeAdapter(Money)
    assert adapter.validate_python("48k") == Money(48000)
    assert adapter.validate_python(Decimal("1.5")) == Money("1.5")
    assert adapter.dump_python(Money("1.50")) == Money("1.50")
    assert adapter.dump_python(Money("1.50"), mode="json") == "1.50"
    assert adapter.dump_json(Money("48176.805")) == b'"48176.805"'
    with pytest.raises(ValidationError) as caught:
        adapter.validate_python("forty")
    error = caught.value.errors()[0]
    assert error["type"] == "money"
    assert error["msg"].startswith("expected an amount of money such as")
    with pytest.raises(ValidationError, match="below 1,000,000,000,000,000"):
        adapter.validate_python("1000000000000000")


def test_an_optional_money_field_writes_none_as_null() -> None:
    class Priced(BaseModel):
        cost: Money | None = None

    assert Priced().model_dump(mode="json") == {"cost": None}
    assert Priced(cost="2k").model_dump(mode="json") == {"cost": "2000"}
    assert Priced(cost="2k").model_dump() == {"cost": Money(2000)}


def test_the_json_schema_of_money() -> None:
    schema = TypeAdapter(Money).json_schema()
    assert schema["description"] == 'An amount in pounds: 48000, "48000", "£48,000", "48k" or "1.2m".'
    assert schema["examples"] == ["48000", "£48,000", "48k", "1.2m"]
    number, text = schema["anyOf"]
    assert number == {"type": "number"}
    assert text["type"] == "string"
    pattern = re.compile(text["pattern"], re.IGNORECASE)
    for text in ("£48,000", "(£12k)", "1.5bn"):
        assert pattern.match(text)
    assert not pattern.match("4,8,0,0,0")


def test_a_float_or_a_true_is_refused_as_money_naming_its_type_and_its_shortest_digits() -> None:
    expected = (
        "expected an amount of money as an int, Decimal or text, found {}; "
        "a binary float cannot hold most decimals exactly"
    )
    # numpy's floats are named as numpy names them, with the digits numpy shows (0.1 for a float32's 0.1).
    for value, found in ((0.1, "float 0.1"), (np.float64(0.1), "float64 0.1"), (np.float32(0.1), "float32 0.1")):
        with pytest.raises(TypeError) as caught:
            Money(value)
        assert str(caught.value) == expected.format(found)
    with pytest.raises(TypeError, match=r"^expected an amount of money, found bool np\.True_$"):
        Money(np.bool_(True))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"^expected an amount of money, found list \[1\]$"):
        Money([1])  # type: ignore[arg-type]


def test_arithmetic_with_a_float_says_how_to_do_it_exactly_and_text_is_no_operand() -> None:
    how = "; use a Decimal, or Money.from_float to round one on purpose"
    with pytest.raises(TypeError, match=rf"^cannot add a float and Money exactly, found 0\.1{re.escape(how)}$"):
        _ = Money(1) + 0.1  # type: ignore[operator]
    with pytest.raises(TypeError, match=rf"^cannot subtract a float and Money exactly, found 0\.1{re.escape(how)}$"):
        _ = Money(1) - 0.1  # type: ignore[operator]
    with pytest.raises(TypeError, match=rf"^cannot subtract a float and Money exactly, found 0\.1{re.escape(how)}$"):
        _ = 0.1 - Money(1)  # type: ignore[operator]
    with pytest.raises(TypeError, match=r"^cannot multiply Money by a float exactly, found 0\.1; use a Decimal$"):
        _ = Money(1) * np.float32(0.1)  # type: ignore[operator]
    with pytest.raises(TypeError, match=r"^unsupported operand type\(s\) for \+: 'Money' and 'str'$"):
        _ = Money(1) + "1"  # type: ignore[operator]
    with pytest.raises(TypeError, match=r"^unsupported operand type\(s\) for -: 'Money' and 'str'$"):
        _ = Money(1) - "1"  # type: ignore[operator]
    with pytest.raises(TypeError, match=r"^unsupported operand type\(s\) for -: 'str' and 'Money'$"):
        _ = "1" - Money(1)  # type: ignore[operator]
