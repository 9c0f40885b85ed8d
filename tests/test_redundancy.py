"""Redundancy pay and pension strain (issue 12, point 13): statutory pay from age, service and the weekly cap of
the year of leaving, an enhancement, and strain entered or estimated; one-off costs on the leaving date."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from savingsmodel import InputError, Money, evaluate
from savingsmodel.engine.redundancy import statutory_redundancy, weeks_of_pay
from savingsmodel.model.lines import Redundancy
from savingsmodel.rates.redundancy import shipped_caps, weekly_cap_on

from builders import proposal, released


def test_the_weekly_cap_is_the_limit_in_force_on_the_leaving_date() -> None:
    assert weekly_cap_on(date(2016, 4, 5)) == Money(475)
    assert weekly_cap_on(date(2016, 4, 6)) == Money(479)
    assert weekly_cap_on(date(2024, 4, 6)) == Money(700)
    assert weekly_cap_on(date(2026, 4, 5)) == Money(719)
    assert shipped_caps().checked == date(2026, 12, 1)
    with pytest.raises(InputError) as error:
        weekly_cap_on(date(2026, 4, 6))  # the limit from 6 April 2026 was not checked: it must be stated
    assert "or weekly_cap stated, found a leaving date of 2026-04-06" in str(error.value)


def test_a_leaving_date_outside_the_shipped_limits_is_refused_at_load_at_its_line() -> None:
    # Bug (found by the YAML fuzz test): the file loaded, then evaluating it raised an error naming no file or line.
    from savingsmodel.files import loads

    text = (
        'reference = "X"\nstart_year = "2012/13"\n[[lines]]\nkind = "redundancy"\nname = "Crew Manager"\n'
        'start = 2012-04-01\nage = 40\nservice_years = 10\nweekly_pay = "500"\n'
    )
    with pytest.raises(InputError) as error:
        loads(text, source="p.toml", format="toml")
    assert [str(p) for p in error.value.problems] == [
        "p.toml:3: lines[0].weekly_cap: expected a leaving date from 6 April 2015 to 5 April 2026 (the statutory "
        "weekly pay limits shipped, checked 2026-12-01), or weekly_cap stated, found a leaving date of 2012-04-01"
    ]
    assert loads(text + 'weekly_cap = "430"\n', source="p.toml", format="toml").proposal.lines[0].weekly_cap


def test_weeks_by_age_band_counting_back_from_the_leaving_date() -> None:
    # Worked by hand: aged 45 with 10 years, the years began at ages 44 to 35: 44-41 at 1.5 (6), 40-35 at 1 (6).
    assert weeks_of_pay(45, 10) == Decimal(12)
    assert weeks_of_pay(22, 2) == Decimal(1)  # ages 21 and 20: half a week each
    assert weeks_of_pay(24, 4) == Decimal(3)  # 23, 22 at 1; 21, 20 at 0.5
    assert weeks_of_pay(61, 25) == Decimal(30)  # at most 20 years, all at 1.5: the maximum
    assert weeks_of_pay(50, 1) == Decimal(0)  # under 2 years' service: no entitlement


def test_the_maximum_payment_and_an_enhancement() -> None:
    pay = statutory_redundancy(61, 20, Money(900), date(2025, 9, 30), multiplier=Decimal("1.5"))
    assert pay.statutory == Money(21570)  # 30 weeks x £719, the published maximum from 6 April 2025
    assert pay.enhanced == Money(32355)
    assert pay.working.endswith("x £719 a week (capped from £900) = £21,570 x 1.5 enhancement = £32,355")


def test_a_redundancy_line_is_a_one_off_cost_on_the_leaving_date_and_feeds_payback() -> None:
    leaver = Redundancy(
        name="leaver",
        start=date(2016, 9, 30),
        age=45,
        service_years=10,
        weekly_pay="600",
        strain_factor="3.2",
        strain_base="8000",
        strain_base_is="annual_pension",
        funding="reserve",
    )
    result = evaluate(proposal(released(fte=1, start=date(2016, 10, 1)), leaver))
    # 12 weeks x £479 (the 2016 cap) = £5,748; strain 3.2 x £8,000 = £25,600.
    assert result.year("2016/17").one_off_costs == Money(5748 + 25600)
    assert result.payback.first_spend == date(2016, 9, 1)
    explained = str(result.explain("one_off_costs", "2016/17"))
    assert "12 weeks x £479 a week (capped from £600) = £5,748" in explained
    assert "pension strain: 3.2 x annual pension £8,000 = £25,600" in explained
    assert result.one_off_funding("2016/17") == {"reserve": Money(31348)}


def test_strain_is_entered_or_estimated_from_a_stated_base_never_both() -> None:
    with pytest.raises(InputError) as error:
        Redundancy(name="x", start=date(2016, 9, 30), age=45, service_years=10, weekly_pay="600", strain_factor="3")
    assert "expected strain_base and strain_base_is" in str(error.value)
    with pytest.raises(InputError) as error:
        Redundancy(
            name="x", start=date(2016, 9, 30), age=45, service_years=10, weekly_pay="600", strain="1k",
            strain_factor="3", strain_base="8k", strain_base_is="salary",
        )  # fmt: skip
    assert "expected strain or strain_factor, found both" in str(error.value)


@given(st.integers(16, 100), st.integers(0, 70), st.integers(0, 70))
def test_more_service_or_more_age_never_pays_less_and_never_more_than_30_weeks(
    age: int, service: int, more: int
) -> None:
    weeks = weeks_of_pay(age, service)
    assert Decimal(0) <= weeks <= Decimal(30)
    assert weeks_of_pay(age + more, service) >= weeks
    assert weeks_of_pay(age, service + more) >= weeks


# ---- From the mutation run of engine/redundancy.py (docs/quality.md) -----------------------------------------


def test_a_stated_weekly_cap_is_used_for_a_leaving_date_the_shipped_limits_do_not_cover() -> None:
    # A leaver on 30 September 2012: the limit then was £430 (from 1 February 2012), not shipped, so stated.
    pay = statutory_redundancy(45, 10, Money(600), date(2012, 9, 30), weekly_cap=Money(430))
    assert pay.statutory == Money(5160)  # 12 weeks x £430
    assert pay.weekly_pay == Money(430)
    assert pay.working.endswith("= 12 weeks x £430 a week (capped from £600) = £5,160")


def test_the_week_s_pay_used_is_the_pay_under_the_cap_and_the_pay_itself_when_under_it() -> None:
    assert statutory_redundancy(61, 20, Money(900), date(2025, 9, 30)).weekly_pay == Money(719)
    under = statutory_redundancy(61, 20, Money("512.34"), date(2025, 9, 30))
    assert under.weekly_pay == Money("512.34")
    assert "(capped" not in under.working


def test_under_two_years_service_the_working_says_there_is_no_entitlement() -> None:
    leaving = date(2025, 9, 30)
    assert statutory_redundancy(30, 1, Money(600), leaving).working == (
        "1 year's service: under 2, no statutory redundancy pay = £0"
    )
    assert statutory_redundancy(30, 0, Money(600), leaving).working == (
        "0 years' service: under 2, no statutory redundancy pay = £0"
    )


def test_two_years_service_is_an_entitlement_and_one_week_is_one_week() -> None:
    # Aged 22 with 2 years: the years began at 21 and 20, half a week each.
    pay = statutory_redundancy(22, 2, Money(600), date(2025, 9, 30))
    assert pay.statutory == Money(600)
    assert pay.working == "2 years' service at age 22: 2 years at 0.5 = 1 week x £600 a week = £600"


def test_a_band_of_one_year_is_one_year_in_the_working() -> None:
    # Aged 42 with 3 years: the years began at 41 (one and a half weeks), 40 and 39 (one week each).
    pay = statutory_redundancy(42, 3, Money(600), date(2025, 9, 30))
    assert pay.working == "3 years' service at age 42: 1 year at 1.5 + 2 years at 1 = 3.5 weeks x £600 a week = £2,100"


def test_the_working_says_when_only_the_last_20_years_count() -> None:
    leaving = date(2025, 9, 30)
    longer = statutory_redundancy(61, 25, Money(600), leaving).working
    assert longer.startswith("20 years' service (the last 20 of 25) at age 61:")
    assert statutory_redundancy(61, 20, Money(600), leaving).working.startswith("20 years' service at age 61:")
