"""Unit costs: the employer NI table, and a grade's cost built up from salary, NI, pension and other on-costs."""

from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from savingsmodel import Grade, InputError, Money, PostsReleased, Proposal, Regrade, evaluate
from savingsmodel.core.years import FinancialYear
from savingsmodel.engine.evaluation import Evaluation
from savingsmodel.engine.unit_costs import build, unit_cost
from savingsmodel.model.buildup import UnitCostBuildUp
from savingsmodel.rates.employer_ni import NITable, load_ni_table, shipped_ni_table

from builders import ROOT

# ---- The employer NI table --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "rate", "threshold"),
    [
        (date(2015, 4, 6), "0.138", 8112),
        (date(2016, 4, 5), "0.138", 8112),
        (date(2016, 4, 6), "0.138", 8112),
        (date(2017, 4, 6), "0.138", 8164),
        (date(2018, 4, 6), "0.138", 8424),
        (date(2019, 4, 6), "0.138", 8632),
        (date(2020, 4, 6), "0.138", 8788),
        (date(2021, 4, 6), "0.138", 8840),
        (date(2022, 4, 6), "0.1505", 9100),
        (date(2022, 11, 5), "0.1505", 9100),
        (date(2022, 11, 6), "0.138", 9100),
        (date(2023, 4, 6), "0.138", 9100),
        (date(2024, 4, 6), "0.138", 9100),
        (date(2025, 4, 6), "0.15", 5000),
        (date(2026, 4, 5), "0.15", 5000),
        (date(2028, 4, 5), "0.15", 5000),
    ],
)
def test_the_shipped_ni_table_by_date(day: date, rate: str, threshold: int) -> None:
    period = shipped_ni_table().on(day)
    assert period.rate == Decimal(rate)
    assert period.threshold == Money(threshold)
    assert period.source.startswith(("HMRC", "HM Treasury and HMRC"))


def test_the_ni_table_has_no_gaps_and_refuses_dates_outside_it() -> None:
    table = shipped_ni_table()
    assert table.periods[0].start == date(2012, 4, 6)
    with pytest.raises(InputError, match=r"expected a date from 2012-04-06 to 2031-04-05 .* found 2012-04-05"):
        table.on(date(2012, 4, 5))
    with pytest.raises(InputError, match="state ni_rate and ni_threshold"):
        table.on(date(2031, 4, 6))


def test_a_bad_ni_table_names_every_problem(tmp_path: Path) -> None:
    path = tmp_path / "ni.toml"
    path.write_text(
        '[[period]]\ntax_year = "2015/16"\nstart = 2015-04-06\nend = 2016-04-05\nrate = "13.8"\n'
        'secondary_threshold = "8112"\nsource = "x"\n'
        '[[period]]\ntax_year = "2016/17"\nstart = 2016-04-06\nend = 2017-04-05\nrate = "13.8%"\nsource = "x"\n',
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        load_ni_table(path)
    messages = [str(p) for p in caught.value.problems]
    assert any("period[0].rate: expected a rate" in m and "write '13.8%'" in m for m in messages)
    assert any("period[1].secondary_threshold: expected a value" in m for m in messages)


# ---- Build-ups ---------------------------------------------------------------------------------------------


def test_a_tax_year_with_two_rates_needs_a_date() -> None:
    with pytest.raises(InputError, match=r"2022/23 has two \(15.05% over £9,100 from 2022-04-06 to 2022-11-05"):
        UnitCostBuildUp(salary="30000", tax_year="2022/23")
    assert build(UnitCostBuildUp(salary="30000", on=date(2022, 12, 1))).ni is not None


def test_a_watch_manager_b_in_2015_16_costs_47137_86_contracted_out() -> None:
    # Issue 12, point 3: the Firefighters' scheme was contracted out to 5 April 2016, so 2015/16 NI
    # carries the 3.4% rebate on pay from the LEL (£5,824) to the UAP (£40,040). It was £48,176.80 without.
    built = build(
        UnitCostBuildUp(salary="36381", pay_point="Watch Manager B", tax_year="2015/16", pension_rate="21.7%")
    )
    assert [(line.name, line.amount) for line in built.lines] == [
        ("salary", Money(36381)),
        # 0.138 x (36,381 - 8,112) - 0.034 x (36,381 - 5,824) = 3,901.122 - 1,038.938 = 2,862.184
        ("employer National Insurance", Money("2862.18")),
        ("employer pension", Money("7894.68")),  # 0.217 x 36,381 = 7,894.677
    ]
    assert built.total == Money("47137.86")
    assert "3.4% contracted-out rebate x (£36,381 - £5,824 lower earnings limit) = £2,862.18" in str(built)
    assert "assumption: contracted out" in str(built)
    grade = Grade(name="Watch Manager B", build_up={"salary": 36381, "tax_year": "2015/16", "pension_rate": "0.217"})
    assert unit_cost(grade) == Money("47137.86")
    # Said otherwise, the rebate goes: the figure before issue 12.
    opted = UnitCostBuildUp(salary="36381", tax_year="2015/16", pension_rate="21.7%", contracted_out=False)
    assert build(opted).total == Money("48176.80")
    assert "assumption" not in str(build(opted))
    other = UnitCostBuildUp(salary="36381", tax_year="2015/16", pension_rate="21.7%", pension_scheme="other")
    assert build(other).total == Money("48176.80")
    # From 6 April 2016 there is no rebate, whatever the scheme.
    assert build(UnitCostBuildUp(salary="36381", tax_year="2016/17", pension_rate="21.7%")).total == Money("48176.80")


def test_the_rebate_stops_at_the_upper_accrual_point_and_never_takes_ni_below_nil() -> None:
    high = build(UnitCostBuildUp(salary="50000", tax_year="2014/15", pension_scheme="lgps", pension_rate="20%"))
    # 0.138 x (50,000 - 7,956) - 0.034 x (40,040 - 5,772) = 5,802.072 - 1,165.112 = 4,636.96
    assert high.lines[1].amount == Money("4636.96")
    assert "(£40,040 upper accrual point - £5,772 lower earnings limit)" in str(high)
    assert "the lgps scheme is a public-service defined-benefit scheme" in str(high)
    low = build(UnitCostBuildUp(salary="7000", tax_year="2015/16", pension_scheme="nhs", pension_rate="14%"))
    # 0.138 x 0 - 0.034 x (7,000 - 5,824) would be -39.98: nil instead
    assert low.lines[1].amount == Money(0)


@pytest.mark.parametrize(
    ("category", "year", "salary", "expected"),
    [
        ("under_21", "2015/16", "30000", "0"),  # under the £42,385 UST: nothing
        ("under_21", "2016/17", "45000", "276.00"),  # 0.138 x (45,000 - 43,000)
        ("apprentice_under_25", "2025/26", "52000", "259.50"),  # 0.15 x (52,000 - 50,270)
        ("standard", "2025/26", "52000", "7050.00"),  # 0.15 x (52,000 - 5,000)
    ],
)
def test_the_zero_rates_under_21_and_for_apprentices_under_25(
    category: str, year: str, salary: str, expected: str
) -> None:
    built = build(UnitCostBuildUp(salary=salary, tax_year=year, ni_category=category))
    assert built.lines[1].amount == Money(expected)


def test_a_zero_rate_before_it_started_is_refused() -> None:
    with pytest.raises(
        InputError,
        match=r"expected a year with the zero rate for ni_category 'apprentice_under_25' "
        r"\(from 6 April 2016\), found tax year 2015/16",
    ):
        UnitCostBuildUp(salary="20000", tax_year="2015/16", ni_category="apprentice_under_25")


def test_every_row_of_the_ni_table_has_a_source_and_the_years_after_2027_28_are_provisional() -> None:
    for period in shipped_ni_table().periods:
        assert period.source
        assert period.provisional == (period.tax_year.start_year >= 2028)
        assert period.provisional or period.checked == date(2026, 12, 1)
    later = build(UnitCostBuildUp(salary="30000", tax_year="2029/30"))
    assert later.lines[1].amount == Money(3750)  # 0.15 x 25,000, 2027/28 carried forward
    assert "assumption: employer NI for 2029/30 is provisional" in str(later)


def test_allowances_carry_on_costs_with_the_scheme_default_stated() -> None:
    lgps = build(
        UnitCostBuildUp(
            salary="30000", tax_year="2024/25", pension_scheme="lgps", pension_rate="20%", allowances="2000"
        )
    )
    by_name = {line.name.split(" (")[0]: line.amount for line in lgps.lines}
    assert by_name["employer pension"] == Money(6400)  # 0.2 x (30,000 + 2,000): LGPS allowances pensionable
    assert by_name["employer National Insurance"] == Money("3160.20")  # 0.138 x (32,000 - 9,100)
    assert "allowances (NI-able: yes; pensionable: yes, the lgps default)" in str(lgps)
    fire = build(
        UnitCostBuildUp(
            salary="30000",
            tax_year="2024/25",
            pension_scheme="firefighters",
            pension_rate="20%",
            allowances="2000",
            allowances_ni=False,
        )
    )
    by_name = {line.name.split(" (")[0]: line.amount for line in fire.lines}
    assert by_name["employer pension"] == Money(6000)
    assert by_name["employer National Insurance"] == Money("2884.20")  # 0.138 x (30,000 - 9,100)
    assert "pensionable: no, the firefighters default" in str(fire)


def test_a_pension_deficit_rate_is_shown_but_not_in_the_unit_cost() -> None:
    built = build(UnitCostBuildUp(salary="30000", tax_year="2024/25", pension_rate="18%", pension_deficit_rate="6%"))
    assert built.total == Money(30000) + Money("2884.20") + Money(5400)
    assert "not in the unit cost: pension deficit recovery (does not fall when posts go): 6% x £30,000 = £1,800" in (
        str(built)
    )


def test_overriding_the_table() -> None:
    own = UnitCostBuildUp(salary="36381", ni_rate="13.8%", ni_threshold="8112", pension_rate="21.7%")
    assert build(own).total == Money("48176.80")
    assert build(own).ni is None
    text = (ROOT / "savingsmodel/rates/employer_ni.toml").read_text(encoding="utf-8")
    table = NITable.from_toml(text.replace('secondary_threshold = "8112"', 'secondary_threshold = "9000"', 1), "mine")
    assert build(UnitCostBuildUp(salary="36381", tax_year="2015/16"), table).lines[1].amount == Money("3778.58")


def test_on_costs_allowances_and_the_levy() -> None:
    built = build(
        UnitCostBuildUp(
            salary="30000",
            tax_year="2017/18",
            pension_rate="0.2",
            allowances="1000",
            apprenticeship_levy="0.5%",
            other=[{"name": "training", "amount": "250"}, {"name": "uniform", "rate": "1%"}],
        )
    )
    by_name = {line.name: line.amount for line in built.lines}
    assert by_name["employer National Insurance"] == Money("3151.37")  # 0.138 x (31,000 - 8,164) = 3,151.368
    assert by_name["employer pension"] == Money(6000)  # allowances not pensionable unless said
    assert by_name["apprenticeship levy"] == Money(155)
    assert built.total == Money(30000 + 1000) + Money("3151.37") + Money(6000) + Money(155) + Money(250) + Money(300)


def test_a_regrade_costs_the_difference_of_two_built_up_unit_costs() -> None:
    # Watch Manager A's salary here is illustrative (the paper gives none); B's is the 2015/16 £36,381.
    grades = [
        Grade(name="WM A", build_up={"salary": 35116, "tax_year": "2015/16", "pension_rate": "21.7%"}),
        Grade(name="WM B", build_up={"salary": 36381, "tax_year": "2015/16", "pension_rate": "21.7%"}),
    ]
    line = Regrade(name="WM A to B", from_grade="WM A", to_grade="WM B", fte=4)
    result = evaluate(Proposal(reference="T", start_year="2016/17", grades=grades, lines=[line]))
    # 35,116 + [0.138 x (35,116 - 8,112) - 0.034 x (35,116 - 5,824)] + 0.217 x 35,116
    # = 35,116 + 2,730.62 (3,726.552 - 995.928 = 2,730.624) + 7,620.17 (7,620.172); B is 47,137.86
    a = Money("45466.79")
    assert unit_cost(grades[0]) == a
    assert result.years[0].additional_costs == (Money("47137.86") - a) * 4 == Money("6684.28")
    assert result.years[0].fte_change == {"WM A": Decimal(-4), "WM B": Decimal(4)}


def test_a_variant_can_change_part_of_a_build_up_or_replace_it_with_a_unit_cost() -> None:
    built = {"salary": 36381, "tax_year": "2015/16", "pension_rate": "21.7%"}
    base = Proposal(
        reference="T",
        start_year="2016/17",
        grades=[Grade(name="WM B", build_up=built)],
        lines=[PostsReleased(name="posts", grade="WM B", fte=1)],
        variants=[
            {"name": "pension 25%", "grades": {"WM B": {"build_up": {"pension_rate": "25%"}}}},
            {"name": "stated", "grades": {"WM B": {"unit_cost": "48k"}}},
        ],
    )
    higher = base.with_variant("pension 25%")
    assert unit_cost(higher.grades[0]) == Money("47137.86") - Money("7894.68") + Money("9095.25")  # 0.25 x 36,381
    assert unit_cost(base.with_variant("stated").grades[0]) == Money(48000)
    assert evaluate(base.with_variant("stated")).years[0].gross_saving == Money(48000)


def test_bad_build_ups_are_explained() -> None:
    cases = {
        "both": ({"unit_cost": "48k", "build_up": {"salary": 1, "tax_year": "2015/16"}}, "found both"),
        "no ni": ({"build_up": {"salary": 1}}, "expected tax_year or on (to look up employer NI)"),
        "levy": (
            {"build_up": {"salary": 1, "tax_year": "2015/16", "apprenticeship_levy": "0.5%"}},
            "expected no apprenticeship_levy before it started on 2017-04-06",
        ),
        "typo": ({"build_up": {"salary": 1, "tax_year": "2015/16", "pension": "21.7%"}}, "did you mean 'pension_rate'"),
    }
    for fields, message in cases.values():
        with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)")):
            Proposal(reference="T", start_year="2016/17", grades=[{"name": "G", **fields}])


@given(
    salary=st.integers(min_value=0, max_value=200_000),
    more=st.integers(min_value=0, max_value=20_000),
    year=st.sampled_from(["2012/13", "2013/14", "2014/15", "2015/16"]),
)
def test_ni_with_the_rebate_is_never_negative_never_falls_with_pay_and_saves_at_most_the_band(
    salary: int, more: int, year: str
) -> None:
    def ni(pay: int, contracted_out: bool) -> Money:
        built = build(UnitCostBuildUp(salary=pay, tax_year=year, contracted_out=contracted_out))
        return built.lines[1].amount

    period = shipped_ni_table().for_tax_year(FinancialYear.parse(year))
    assert period.contracted_out_rebate is not None
    assert period.upper_accrual_point is not None
    assert period.lower_earnings_limit is not None
    band = period.upper_accrual_point - period.lower_earnings_limit
    out, not_out = ni(salary, True), ni(salary, False)
    assert Money(0) <= out <= not_out
    assert not_out - out <= band.scaled(Fraction(period.contracted_out_rebate)) + Money("0.01")
    assert ni(salary + more, True) >= out


def test_a_saving_priced_on_a_pension_rate_with_deficit_recovery_is_warned() -> None:
    from savingsmodel import run_checks

    def findings(**build_up: object) -> list[str]:
        proposal = Proposal(
            reference="T",
            start_year="2016/17",
            grades=[Grade(name="WM B", build_up={"salary": 36381, "tax_year": "2016/17", **build_up})],
            lines=[PostsReleased(name="posts", grade="WM B", fte=12)],
        )
        return [f.message for f in run_checks(evaluate(proposal)) if f.code == "PENSION-DEFICIT"]

    warned = findings(pension_rate="21.7%", pension_rate_includes_deficit=True)
    assert len(warned) == 1
    assert "pension rate of 21.7% that includes deficit recovery" in warned[0]
    assert findings(pension_rate="16.7%", pension_deficit_rate="5%") == []


# ---- Issue 12, point 1: a unit cost rebuilt every financial year ------------------------------------------


def _clerks(**proposal: object) -> Proposal:
    return Proposal(
        reference="T",
        start_year="2024/25",
        horizon=2,
        grades=[Grade(name="Clerk", build_up={"salary": 30000, "tax_year": "2024/25", "pension_rate": "20%"})],
        lines=[PostsReleased(name="clerks", grade="Clerk", fte=10)],
        **proposal,
    )


def test_on_costs_are_rebuilt_each_year_from_that_years_ni() -> None:
    result = evaluate(_clerks())
    # 2024/25: 30,000 + 13.8% x (30,000 - 9,100) = 2,884.20 + 20% = 6,000: 38,884.20 a post
    # 2025/26: 30,000 + 15% x (30,000 - 5,000) = 3,750 + 6,000: 39,750 a post (the 2024/25 cost uprated
    # whole, with no award, would stay 38,884.20: 10 x 865.80 = £8,658 a year short)
    assert [y.gross_saving for y in result.years] == [Money(388842), Money(397500)]
    text = str(result.explain("gross_saving", "2025/26"))
    assert "10 FTE x £39,750 (Clerk built for 2025/26: salary: £30,000; employer National Insurance: 15% x" in text


def test_an_award_uprates_the_pay_and_the_year_s_ni_is_worked_on_it() -> None:
    result = evaluate(_clerks(prices="cash", pay_awards=[{"year": "2025/26", "rate": "2%"}]))
    # 30,000 x 1.02 = 30,600; NI 15% x 25,600 = 3,840; pension 20% = 6,120: 40,560 a post
    assert result.years[1].gross_saving == Money(405600)
    assert "pay x 1.0200" in str(result.explain("gross_saving", "2025/26"))


def test_in_constant_prices_no_award_applies_but_each_year_s_ni_rules_still_do() -> None:
    result = evaluate(_clerks(prices="constant", pay_awards=[{"year": "2025/26", "rate": "2%"}]))
    assert [y.gross_saving for y in result.years] == [Money(388842), Money(397500)]


def test_2022_23_weights_its_two_ni_rates_by_their_days() -> None:
    from savingsmodel.engine.unit_costs import build_in

    built = build_in(UnitCostBuildUp(salary="30000", on=date(2022, 12, 1)), FinancialYear(2022))
    # 214/365 x 15.05% x 20,900 + 151/365 x 13.8% x 20,900 = 1,844.1816... + 1,193.1896... = 3,037.3712...
    assert built.lines[1].amount == Money("3037.37")
    assert "214/365 x [15.05% x" in str(built)
    assert "151/365 x [13.8% x" in str(built)


@given(
    sizes=st.lists(st.integers(min_value=1, max_value=20), min_size=1, max_size=4),
    salary=st.integers(min_value=10_000, max_value=90_000),
)
def test_when_the_posts_go_does_not_move_a_later_rebuilt_year_by_a_penny(sizes: list[int], salary: int) -> None:
    def saving(schedule: list[dict[str, object]] | None) -> Money:
        line = (
            PostsReleased(name="p", grade="G", schedule=schedule)
            if schedule
            else PostsReleased(name="p", grade="G", fte=sum(sizes))
        )
        proposal = Proposal(
            reference="T",
            start_year="2024/25",
            horizon=2,
            grades=[Grade(name="G", build_up={"salary": salary, "tax_year": "2024/25", "pension_rate": "17.5%"})],
            lines=[line],
        )
        return evaluate(proposal).years[1].gross_saving

    days = [date(2024, 4 + k, 1) for k in range(len(sizes))]
    staged = saving([{"on": on, "fte": n} for on, n in zip(days, sizes, strict=True)])
    assert staged == saving(None)


def _clerks_in_two_tranches(**line: object) -> Proposal:
    schedule = [{"on": date(2024, 4, 1), "fte": 6}, {"on": date(2024, 10, 1), "fte": 4}]
    return Proposal(
        reference="T",
        start_year="2024/25",
        horizon=2,
        grades=[Grade(name="Clerk", build_up={"salary": 30000, "tax_year": "2024/25", "pension_rate": "20%"})],
        lines=[PostsReleased(name="clerks", grade="Clerk", schedule=schedule, **line)],
    )


def test_a_line_s_second_tranche_shares_the_year_s_build_up_and_says_so() -> None:
    result = evaluate(_clerks_in_two_tranches())
    # 2024/25: 6 x 38,884.20 = 233,305.20 from April; 4 x 38,884.20 x 6/12 = 77,768.40 from October
    assert result.years[0].gross_saving == Money("311073.60")
    text = str(result.explain("gross_saving", "2024/25"))
    assert "6 FTE x £38,884.20 (Clerk built for 2024/25: salary: £30,000; employer National Insurance:" in text
    assert "4 FTE x £38,884.20 (the same build-up) x 6/12 = £77,768.40 (clerks)" in text
    assert text.count("built for 2024/25") == 1


def test_every_tranche_of_a_posts_line_is_priced_alike_rebuilt_or_not() -> None:
    # engine/rebuilt.py relies on it: a line's rates are all rebuilt for the year, or none are.
    from savingsmodel.engine.terms import terms

    rebuilt = [t.rebuild is not None for t in terms(_clerks_in_two_tranches())]
    assert rebuilt == [True, True]
    stated = [t.rebuild is not None for t in terms(_clerks_in_two_tranches(unit_cost="36000"))]
    assert stated == [False, False]
    vacant = _clerks_in_two_tranches(vacant=True)
    assert [t.rebuild is not None for t in terms(vacant)] == [True, True]


# ---- Issue 12, point 2: NI per person, not per FTE ----------------------------------------------------------


def _part_timers(**line: object) -> Money:
    proposal = Proposal(
        reference="T",
        start_year="2025/26",
        horizon=1,
        grades=[Grade(name="Clerk", build_up={"salary": 30000, "tax_year": "2025/26", "pension_rate": "20%"})],
        lines=[PostsReleased(name="clerks", grade="Clerk", **line)],
    )
    return evaluate(proposal).years[0].gross_saving


def test_ni_is_worked_per_person_on_each_persons_pay() -> None:
    # 6.4 FTE held by 11 people: each on 6.4/11 x 30,000 = 17,454.5454...; NI 15% x 12,454.5454... = 1,868.18
    # each (1,868.1818...), 11 x 1,868.18 = 20,549.98; salary and pension 6.4 x 36,000 = 230,400
    assert _part_timers(fte="6.4", headcount=11) == Money("250949.98")
    # With no headcount: 6 full-time people (3,750 each) and one at 0.4 (15% x (12,000 - 5,000) = 1,050)
    assert _part_timers(fte="6.4") == Money(230400 + 6 * 3750 + 1050)
    # Per FTE, as before issue 12, it was 6.4 x 39,750 = 254,400: the threshold counted only 6.4 times.
    assert _part_timers(fte=10, headcount=10) == _part_timers(fte=10) == Money(397500)


def test_a_headcount_says_who_holds_the_posts_in_the_explanation() -> None:
    proposal = Proposal(
        reference="T",
        start_year="2025/26",
        horizon=1,
        grades=[Grade(name="Clerk", build_up={"salary": 30000, "tax_year": "2025/26"})],
        lines=[PostsReleased(name="clerks", grade="Clerk", fte="6.4", headcount=11)],
    )
    text = str(evaluate(proposal).explain("gross_saving", "2025/26"))
    assert "NI per person: 11 people hold the 6.4 FTE, each on 6.4/11 of full-time pay" in text


def test_a_headcount_below_the_fte_or_of_part_people_is_refused() -> None:
    with pytest.raises(InputError, match=r"expected a headcount of at least the FTE 6.4 .* found 6"):
        PostsReleased(name="p", grade="G", fte="6.4", headcount=6)
    with pytest.raises(InputError, match=r"expected a whole number of people above zero, found 6\.5"):
        PostsReleased(name="p", grade="G", fte="6.4", headcount="6.5")


@given(
    fte=st.integers(min_value=1, max_value=40),
    extra=st.integers(min_value=0, max_value=30),
    salary=st.integers(min_value=5_000, max_value=80_000),
)
def test_more_people_holding_the_same_fte_never_cost_more_ni(fte: int, extra: int, salary: int) -> None:
    def saving(headcount: int) -> Money:
        proposal = Proposal(
            reference="T",
            start_year="2025/26",
            horizon=1,
            grades=[Grade(name="G", build_up={"salary": salary, "tax_year": "2025/26"})],
            lines=[PostsReleased(name="p", grade="G", fte=fte, headcount=headcount)],
        )
        return evaluate(proposal).years[0].gross_saving

    full_time = saving(fte)
    assert full_time == build(UnitCostBuildUp(salary=salary, tax_year="2025/26")).total * fte
    # each person's NI is rounded to the penny, so allow a penny a person
    assert saving(fte + extra) <= full_time + Money("0.01") * (fte + extra)


# ---- Issue 12, point 10: vacancy factor and vacant posts ----------------------------------------------------


def _vacancies(grade: dict[str, object], line: dict[str, object], **proposal: object) -> Evaluation:
    return evaluate(
        Proposal(
            reference="T",
            start_year="2025/26",
            horizon=1,
            grades=[Grade(name="Clerk", **grade)],
            lines=[PostsReleased(name="clerks", grade="Clerk", **line)],
            **proposal,
        )
    )


def test_deleting_vacant_posts_saves_the_budget_held_for_them_net_of_the_vacancy_factor() -> None:
    built = {"build_up": {"salary": 30000, "tax_year": "2025/26", "pension_rate": "20%"}}
    # 10 x 39,750 = 397,500 held gross; set net of a 3% factor, 397,500 x 0.97 = 385,575
    net = _vacancies({**built, "vacancy_factor": "3%"}, {"fte": 10, "vacant": True})
    assert net.years[0].gross_saving == Money(385575)
    assert "x (1 - 3%) vacant posts: the budget held for them, set net of the 3% vacancy factor" in str(
        net.explain("gross_saving", "2025/26")
    )
    gross = _vacancies(built, {"fte": 10, "vacant": True})
    assert gross.years[0].gross_saving == Money(397500)
    assert "in full (no vacancy factor stated)" in str(gross.explain("gross_saving", "2025/26"))
    # Filled posts save what they cost: the people go, whatever the budget's factor.
    assert _vacancies({**built, "vacancy_factor": "3%"}, {"fte": 10}).years[0].gross_saving == Money(397500)
    # A stated unit cost and the proposal's factor: 12 x 48,000 x 0.95 = 547,200
    stated = _vacancies({"unit_cost": "48k"}, {"fte": 12, "vacant": True}, vacancy_factor="5%")
    assert stated.years[0].gross_saving == Money(547200)


@given(
    fte=st.integers(min_value=1, max_value=50),
    factor=st.integers(min_value=0, max_value=20),
    salary=st.integers(min_value=10_000, max_value=80_000),
)
def test_vacant_posts_save_the_filled_cost_less_the_factor_to_the_penny(fte: int, factor: int, salary: int) -> None:
    grade = {"build_up": {"salary": salary, "tax_year": "2025/26"}, "vacancy_factor": Decimal(factor) / 100}
    filled = _vacancies(grade, {"fte": fte}).years[0].gross_saving
    vacant = _vacancies(grade, {"fte": fte, "vacant": True}).years[0].gross_saving
    assert vacant == filled.scaled(Fraction(100 - factor, 100))
