"""A price base and the awards beside it: an award already in the base is not applied again."""

from datetime import date

import pytest

from savingsmodel import Award, Grade, InputError, Money, PostsReleased, Proposal, evaluate, run_checks

from builders import CASH_MEANING, CONSTANT_PRICES, MEANING

WM = Grade(name="Watch Manager", unit_cost="48k")
POSTS = PostsReleased(name="WM posts", grade="Watch Manager", fte=12)


def proposal(**more: object) -> Proposal:
    return Proposal(reference="X", start_year="2016/17", grades=[WM], lines=[POSTS], **more)  # type: ignore[arg-type]


def codes(p: Proposal) -> list[tuple[str, str]]:
    return [(f.code, f.subject) for f in run_checks(evaluate(p)) if f.code == "PRICE-BASE-AWARD"]


def test_the_base_years_own_award_applied_again_is_a_warning() -> None:
    p = proposal(price_base="2016/17", prices="cash", pay_awards=[Award(year="2016/17", rate="1%", source="NJC")])
    found = [f for f in run_checks(evaluate(p)) if f.code == "PRICE-BASE-AWARD"]
    assert [(f.severity.value, f.subject, f.is_warning) for f in found] == [("warning", "pay_awards[0]", True)]
    assert found[0].message == (
        "2016/17 pay award of 1% (NJC): the amounts are at 2016/17 prices (price_base), which already include its "
        "own pay award; applied again, every figure in cash terms from 2016-04-01 is 1% too high. Drop the award, "
        "or set price_base to '2015/16' if the amounts are at the prices before it"
    )


def test_an_earlier_award_or_inflation_rate_is_a_warning_too() -> None:
    p = proposal(
        price_base="2017/18",
        prices="cash",
        pay_awards=[Award(year="2016/17", rate="1%"), Award(year="2018/19", rate="2%")],
        inflation=[Award(year="2017/18", rate="2%", effective=date(2017, 7, 1))],
    )
    assert codes(p) == [("PRICE-BASE-AWARD", "pay_awards[0]"), ("PRICE-BASE-AWARD", "inflation[0]")]


def test_awards_after_the_base_constant_prices_and_a_zero_award_are_fine() -> None:
    assert codes(proposal(price_base="2015/16", prices="cash", pay_awards=[Award(year="2016/17", rate="1%")])) == []
    same = {"price_base": "2016/17", "pay_awards": [Award(year="2016/17", rate="1%")]}
    assert codes(proposal(**same, prices="constant")) == []
    assert codes(proposal(price_base="2016/17", prices="cash", pay_awards=[Award(year="2016/17", rate="0%")])) == []
    assert codes(proposal(prices="cash", pay_awards=[Award(year="2016/17", rate="1%")])) == []  # no base stated


def test_the_prices_say_their_base() -> None:
    result = evaluate(proposal(price_base="2015/16", prices="cash", pay_awards=[Award(year="2016/17", rate="1%")]))
    assert result.prices == "cash terms from 2015/16 prices (uprated by 1 pay award: " + CASH_MEANING
    assert evaluate(proposal(price_base="2015/16", prices="constant")).prices == ("constant 2015/16 prices " + MEANING)
    assert evaluate(proposal()).prices == CONSTANT_PRICES
    assert evaluate(proposal(prices="cash")).prices == (
        "cash terms (no pay awards or inflation stated, so nothing uprated: the same as constant prices)"
    )


def test_savings_are_at_base_year_prices_unless_cash_is_asked_for() -> None:
    # Bug (issue 12, point 6): the default was cash terms, though MTFP savings lines are at the base year's
    # prices (pay inflation is costed once, on the reduced base, among the pressures).
    awards = [Award(year="2017/18", rate="2%")]
    assert proposal().prices.value == "constant"
    constant = evaluate(proposal(prices="constant", pay_awards=awards))
    cash = evaluate(proposal(prices="cash", pay_awards=awards))
    assert constant.year("2017/18").gross_saving == Money(576000)
    assert cash.year("2017/18").gross_saving == Money(587520)


def test_awards_with_no_prices_stated_are_an_input_error() -> None:
    # A file written when cash was the default and meaning it would now be read at constant prices silently.
    with pytest.raises(InputError) as error:
        proposal(pay_awards=[Award(year="2017/18", rate="2%")])
    assert "expected prices = 'cash'" in str(error.value)
    assert "found pay awards or inflation and no prices" in str(error.value)
