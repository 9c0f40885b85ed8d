"""Properties of time in the engine: part-year effects, start dates, conventions and pay awards."""

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from savingsmodel import FinancialYear, Grade, Money, Phasing, PostsReleased, Proposal, evaluate
from savingsmodel.engine.uprating import PriceIndex, monthly_amounts, pieces
from savingsmodel.model.prices import Award

START = FinancialYear(2016)
HORIZON = 4
PENNY = Decimal("0.01")

unit_costs = st.integers(min_value=1, max_value=10_000_000).map(lambda pence: Money(Decimal(pence) / 100))
ftes = st.integers(min_value=1, max_value=400).map(lambda halves: Decimal(halves) / 2)
# Dates from a year before the horizon to a year after it, so every case (before, inside, after) comes up.
dates = st.dates(min_value=date(2015, 4, 1), max_value=date(2021, 3, 31))
phasings = st.sampled_from(list(Phasing))
# Awards of 0% to 10% in steps of 0.01%, as the papers state them.
rates = st.integers(min_value=0, max_value=1000).map(lambda bp: Decimal(bp) / 10000)


@st.composite
def awards(draw: st.DrawFn) -> tuple[Award, ...]:
    years = draw(st.lists(st.integers(min_value=2015, max_value=2019), unique=True, max_size=4))
    found = []
    for start_year in years:
        year = FinancialYear(start_year)
        effective = draw(st.dates(min_value=year.start, max_value=year.end))
        found.append(Award(year=year, rate=draw(rates), effective=effective))
    return tuple(found)


def one_line(
    unit_cost: Money,
    fte: Decimal,
    start: date,
    phasing: Phasing,
    pay_awards: tuple[Award, ...] = (),
    end: date | None = None,
) -> Proposal:
    return Proposal(
        reference="T",
        start_year=START,
        horizon=HORIZON,
        phasing=phasing,
        grades=[Grade(name="G", unit_cost=unit_cost)],
        lines=[PostsReleased(name="posts", grade="G", fte=fte, start=start, end=end)],
        prices="cash",
        pay_awards=pay_awards,
    )


@settings(max_examples=80)
@given(unit_costs, ftes, dates, phasings, awards())
def test_a_part_year_saving_never_exceeds_the_full_year_saving(
    unit_cost: Money, fte: Decimal, start: date, phasing: Phasing, pay_awards: tuple[Award, ...]
) -> None:
    # With awards of 0% or more the rate only rises through a year, so the year's
    # figure is at most the full-year effect at its end.
    for year in evaluate(one_line(unit_cost, fte, start, phasing, pay_awards)).years:
        assert year.gross_saving <= year.full_year_effect


@settings(max_examples=80)
@given(unit_costs, ftes, dates, st.integers(min_value=1, max_value=800), phasings, awards())
def test_moving_a_start_later_never_increases_any_years_saving(
    unit_cost: Money, fte: Decimal, start: date, delay: int, phasing: Phasing, pay_awards: tuple[Award, ...]
) -> None:
    early = evaluate(one_line(unit_cost, fte, start, phasing, pay_awards)).years
    late = evaluate(one_line(unit_cost, fte, start + timedelta(days=delay), phasing, pay_awards)).years
    for before, after in zip(early, late, strict=True):
        assert after.gross_saving <= before.gross_saving


def time_in_effect(start: date, end: date | None, phasing: Phasing) -> Fraction:
    """Years in effect over the horizon, counted by hand (not with savingsmodel.core.phasing)."""
    total = Fraction(0)
    last = end or date(9999, 12, 30)
    for year in START.range(HORIZON):
        if phasing is Phasing.DAYS:
            first, final = max(start, year.start), min(last, year.end)
            total += Fraction(max(0, (final - first).days + 1), year.days)
        else:
            # A month counts when the change is in effect for the whole of it.
            for month in range(12):
                first = date(year.start_year + (month + 3) // 12, (month + 3) % 12 + 1, 1)
                following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
                if start <= first and following - timedelta(days=1) <= last:
                    total += Fraction(1, 12)
    return total


@settings(max_examples=100)
@given(unit_costs, ftes, dates, st.one_of(st.none(), dates), phasings)
def test_phased_figures_over_the_horizon_are_the_full_year_figure_times_the_time_in_effect(
    unit_cost: Money, fte: Decimal, start: date, end: date | None, phasing: Phasing
) -> None:
    if end is not None and end < start:
        start, end = end, start
    result = evaluate(one_line(unit_cost, fte, start, phasing, end=end))
    phased = sum((y.gross_saving for y in result.years), Money(0))
    exact = Fraction((unit_cost * fte).amount) * time_in_effect(start, end, phasing)
    # The annual rate is rounded to the penny, then each year's share of it: at most a penny a year.
    assert abs(Fraction(phased.amount) - exact) <= Fraction(HORIZON, 100)


@settings(max_examples=100)
@given(unit_costs, ftes, st.integers(min_value=0, max_value=11), st.integers(min_value=-1, max_value=3))
def test_month_and_day_conventions_agree_for_changes_on_the_first_of_a_month(
    unit_cost: Money, fte: Decimal, month: int, years_on: int
) -> None:
    start = date(2016 + years_on + (1 if month >= 9 else 0), (month + 3) % 12 + 1, 1)
    by_months = evaluate(one_line(unit_cost, fte, start, Phasing.MONTHS)).years
    by_days = evaluate(one_line(unit_cost, fte, start, Phasing.DAYS)).years
    rate = (unit_cost * fte).amount
    for m, d in zip(by_months, by_days, strict=True):
        if m.year.days != 365:
            continue  # a 29 February puts the days convention a day out
        if start <= m.year.start or start > m.year.end:
            assert m.gross_saving == d.gross_saving  # whole years (or none): identical
        else:
            # Months run 28 to 31 days, so a part year differs by under 3 days' worth (plus a penny's rounding).
            assert abs(m.gross_saving.amount - d.gross_saving.amount) <= rate * 3 / 365 + PENNY


@settings(max_examples=80)
@given(unit_costs, ftes, dates, phasings, st.lists(st.integers(min_value=2015, max_value=2019), unique=True))
def test_a_zero_award_changes_nothing(
    unit_cost: Money, fte: Decimal, start: date, phasing: Phasing, award_years: list[int]
) -> None:
    zero = tuple(
        Award(year=FinancialYear(y), rate=0, effective=date(y, 7 + i % 5, 1 + i % 28))
        for i, y in enumerate(award_years)
    )
    plain = evaluate(one_line(unit_cost, fte, start, phasing)).years
    awarded = evaluate(one_line(unit_cost, fte, start, phasing, zero)).years
    assert plain == awarded


def half_up(value: Decimal) -> Decimal:
    return value.quantize(PENNY, rounding=ROUND_HALF_UP)


@settings(max_examples=100)
@given(unit_costs, ftes, rates, st.dates(min_value=START.start, max_value=START.end))
def test_uprating_is_exact_to_the_penny_against_a_hand_computation(
    unit_cost: Money, fte: Decimal, rate: Decimal, effective: date
) -> None:
    award = Award(year=START, rate=rate, effective=effective)
    first = evaluate(one_line(unit_cost, fte, START.start, Phasing.MONTHS, (award,))).years[0]
    annual = (unit_cost * fte).amount
    # The one named rounding point: the annual rate at the prices in force, to the penny, uprated or not.
    rounded = half_up(annual)
    uprated = rounded if rate == 0 else half_up(annual * (1 + rate))
    # Months at the old rate: April up to the award's month, and that month too if the award is mid-month.
    before = (effective.month - 4) % 12 + (0 if effective.day == 1 else 1)
    if rate == 0 or before == 12:
        expected = rounded  # no change of price within the year: the full year's rate
    elif before == 0:
        expected = uprated
    else:
        expected = half_up((rounded * before + uprated * (12 - before)) / 12)
    assert first.gross_saving.amount == expected
    assert first.full_year_effect.amount == uprated


@settings(max_examples=100)
@given(unit_costs, dates, st.one_of(st.none(), dates), phasings, awards())
def test_the_months_of_a_year_add_up_to_the_year_exactly(
    rate: Money, start: date, end: date | None, phasing: Phasing, pay_awards: tuple[Award, ...]
) -> None:
    # The payback period is worked month by month: those months must be the year's figure, split.
    index = PriceIndex.from_awards(pay_awards, "pay award")
    for year in START.range(HORIZON):
        by_month = monthly_amounts(rate, start, end, year, phasing, index)
        assert sum(by_month, Fraction(0)) == sum(
            (p.exact for p in pieces(rate, start, end, year, phasing, index)), Fraction(0)
        )
