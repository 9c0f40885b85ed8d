"""Uprating: pay awards, inflation and prices (cash or constant), applied exactly, and their bad inputs."""

from datetime import date
from decimal import Decimal

import pytest

from savingsmodel import InputError, Money, OneOffCost, Proposal, RecurringCost, RecurringIncome, evaluate
from savingsmodel.model.prices import Award

from builders import CASH_MEANING, MEANING, amounts, proposal, released

JULY_AWARD = Award(year="2016/17", rate="1%", effective=date(2016, 7, 1), source="assumed")

# ---- Pay awards ------------------------------------------------------------------------------------------


def test_a_1_july_award_counts_nine_twelfths_in_its_first_year() -> None:
    result = evaluate(proposal(released(fte=12), prices="cash", pay_awards=[JULY_AWARD]))
    # 576,000 x 3/12 + 581,760 x 9/12
    assert result.years[0].gross_saving == Money(580320)
    assert result.years[0].full_year_effect == Money(581760)
    assert result.years[1].gross_saving == Money(581760)
    text = str(result.explain("gross_saving", "2016/17"))
    assert "x 1.0100 pay award (= £581,760) x 9/12" in text
    assert "12 FTE x £48,000 x 3/12 + " in text
    assert text.endswith(
        "(figures in cash terms (uprated by 1 pay award: each year at its own prices, pay inflation within the saving))"
    )
    assert result.prices == "cash terms (uprated by 1 pay award: " + CASH_MEANING
    assert result.to_frame().attrs["prices"] == result.prices


def test_awards_compound_exactly_and_round_the_uprated_rate_once() -> None:
    awards = [Award(year="2016/17", rate="1%"), Award(year="2017/18", rate="1.5%")]
    result = evaluate(
        proposal(RecurringCost(name="contract", amount="100.01", uprate="pay"), prices="cash", pay_awards=awards)
    )
    # 100.01 x 1.01 = 101.0101 -> 101.01; 100.01 x 1.01 x 1.015 = 102.52525... -> 102.53 (not 101.01 x 1.015)
    assert amounts(result, "additional_costs")[:2] == [Money("101.01"), Money("102.53")]
    assert "x 1.02515 pay award (= £102.53)" in str(result.explain("additional_costs", "2017/18"))


def test_an_award_under_the_days_convention_counts_by_days() -> None:
    result = evaluate(proposal(released(fte=12), prices="cash", pay_awards=[JULY_AWARD], phasing="days"))
    # 576,000 x 91/365 + 581,760 x 274/365
    expected = (Decimal(576000) * 91 + Decimal(581760) * 274) / 365
    assert result.years[0].gross_saving == Money(expected.quantize(Decimal("0.01")))


# ---- Inflation, and what does not uprate -----------------------------------------------------------------


def test_recurring_costs_follow_inflation_and_a_fixed_contract_does_not_uprate() -> None:
    result = evaluate(
        proposal(
            RecurringCost(name="team", amount="134000"),
            RecurringCost(name="fixed contract", amount="10000", uprate="none"),
            RecurringIncome(name="income", amount="1000"),
            prices="cash",
            pay_awards=[Award(year="2016/17", rate="1%")],
            inflation=[Award(year="2016/17", rate="2%")],
        )
    )
    assert result.years[0].additional_costs == Money(136680) + Money(10000)
    assert result.years[0].income == Money(1020)


def test_a_one_off_cost_is_cash_in_its_year_unless_told_to_uprate() -> None:
    inflation = [Award(year="2016/17", rate="2%")]
    plain = evaluate(proposal(OneOffCost(name="redundancy", amount="100000"), prices="cash", inflation=inflation))
    uprated = evaluate(
        proposal(OneOffCost(name="redundancy", amount="100000", uprate="inflation"), prices="cash", inflation=inflation)
    )
    assert plain.years[0].one_off_costs == Money(100000)
    assert uprated.years[0].one_off_costs == Money(102000)


# ---- Prices: cash or constant ----------------------------------------------------------------------------


def test_constant_prices_uprate_nothing_and_say_so() -> None:
    cash = proposal(released(fte=12), prices="cash", pay_awards=[JULY_AWARD])
    constant = proposal(released(fte=12), pay_awards=[JULY_AWARD], prices="constant", price_base="2015/16")
    result = evaluate(constant)
    assert amounts(result, "gross_saving") == [Money(576000)] * 4
    assert result.prices == "constant 2015/16 prices " + MEANING
    assert "(figures in constant 2015/16 prices " + MEANING + ")" in str(result.explain("net_saving", "2016/17"))
    assert evaluate(cash).years[1].gross_saving == Money(581760)


def test_a_variant_can_switch_prices_and_awards() -> None:
    base = proposal(
        released(fte=12),
        prices="cash",
        pay_awards=[JULY_AWARD],
        variants=[
            {"name": "constant", "prices": "constant"},
            {"name": "two-percent", "pay_awards": [{"year": "2016/17", "rate": "2%"}]},
        ],
    )
    assert evaluate(base.with_variant("constant")).years[0].gross_saving == Money(576000)
    assert evaluate(base.with_variant("two-percent")).years[0].gross_saving == Money("587520.00")


# ---- Bad awards, prices and uprating ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("awards", "message"),
    [
        ([{"year": "2016/17", "rate": "13.8"}], "pay_awards[0].rate: expected a rate above -100%"),
        ([{"year": "2016/17", "rate": "1%", "effective": date(2017, 7, 1)}], "expected an effective date in 2016/17"),
        ([{"year": "2016/17", "rate": "1%"}, {"year": "2016/17", "rate": "2%"}], "one award per financial year"),
        ([{"year": "2016/17", "rate": "one percent"}], "expected a rate as a fraction such as 0.138"),
    ],
)
def test_bad_awards_are_explained(awards: list[dict[str, object]], message: str) -> None:
    with pytest.raises(InputError) as caught:
        Proposal(reference="T", start_year="2016/17", prices="cash", pay_awards=awards)
    assert message in str(caught.value)


def test_bad_prices_and_uprating_are_explained() -> None:
    with pytest.raises(InputError, match="prices: expected 'cash' or 'constant', found 'nominal'"):
        Proposal(reference="T", start_year="2016/17", prices="nominal")
    # A line may follow a named index; one the proposal does not name is refused, saying what it may write.
    with pytest.raises(InputError, match=r"lines\[0\]\.uprate: unknown index 'cpi'; known: 'pay', 'inflation', 'none'"):
        Proposal(
            reference="T",
            start_year="2016/17",
            lines=[{"kind": "recurring_cost", "name": "c", "amount": 1, "uprate": "cpi"}],
        )
