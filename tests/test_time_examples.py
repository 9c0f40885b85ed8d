"""Examples for time and pay: schedules, pay awards and prices, unit-cost build-ups, payback, claimed series."""

import tomllib
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from savingsmodel import (
    Figure,
    FinancialYear,
    Grade,
    InputError,
    Money,
    OneOffCost,
    Phasing,
    PostsReleased,
    Proposal,
    RecurringCost,
    RecurringIncome,
    Regrade,
    Status,
    Step,
    evaluate,
    reconcile,
)
from savingsmodel.checks.series import series_kind_findings
from savingsmodel.engine.unit_costs import build, unit_cost
from savingsmodel.model.buildup import UnitCostBuildUp
from savingsmodel.model.claims import SeriesClaim
from savingsmodel.model.prices import Award
from savingsmodel.rates.employer_ni import NITable, load_ni_table, shipped_ni_table

ROOT = Path(__file__).resolve().parent.parent
WM = Grade(name="Watch Manager", unit_cost="48000")


def proposal(*lines: object, **fields: object) -> Proposal:
    return Proposal(reference="T", start_year="2016/17", grades=[WM], lines=list(lines), **fields)  # type: ignore[arg-type]


def released(**fields: object) -> PostsReleased:
    return PostsReleased(name="WM posts released", grade="Watch Manager", **fields)  # type: ignore[arg-type]


def amounts(result: object, name: str) -> list[Money]:
    return [getattr(y, name) for y in result.years]  # type: ignore[attr-defined]


# ---- Schedules and conventions --------------------------------------------------------------------

SCHEDULE = [
    Step(on=date(2016, 4, 1), fte=5),
    Step(on=date(2016, 7, 1), fte=4),
    Step(on=date(2017, 1, 1), fte=3),
]


def test_twelve_posts_leaving_five_four_three_by_months() -> None:
    result = evaluate(proposal(released(schedule=SCHEDULE)))
    # 48k x (5 + 4 x 9/12 + 3 x 3/12) = 48k x 8.75
    assert amounts(result, "gross_saving") == [Money(420000), Money(576000), Money(576000), Money(576000)]
    assert amounts(result, "full_year_effect") == [Money(576000)] * 4
    assert result.series(Figure.NET_SAVING, "incremental") == (
        Money(420000),
        Money(156000),
        Money(0),
        Money(0),
    )


def test_twelve_posts_leaving_five_four_three_by_days() -> None:
    result = evaluate(proposal(released(schedule=SCHEDULE), phasing=Phasing.DAYS))
    # 5 x 48k + 4 x 48k x 274/365 + 3 x 48k x 90/365, each tranche rounded to the penny
    assert result.years[0].gross_saving == Money("240000") + Money("144131.51") + Money("35506.85")
    assert result.years[1].gross_saving == Money(576000)


# ---- Pay awards, inflation and prices ---------------------------------------------------------------

JULY_AWARD = Award(year="2016/17", rate="1%", effective=date(2016, 7, 1), source="assumed")


def test_a_1_july_award_counts_nine_twelfths_in_its_first_year() -> None:
    result = evaluate(proposal(released(fte=12), pay_awards=[JULY_AWARD]))
    # 576,000 x 3/12 + 581,760 x 9/12
    assert result.years[0].gross_saving == Money(580320)
    assert result.years[0].full_year_effect == Money(581760)
    assert result.years[1].gross_saving == Money(581760)
    text = str(result.explain("gross_saving", "2016/17"))
    assert "x 1.0100 pay award (= £581,760) x 9/12" in text
    assert "12 FTE x £48,000 x 3/12 + " in text
    assert text.endswith("(figures in cash terms (uprated by 1 pay award))")
    assert result.prices == "cash terms (uprated by 1 pay award)"
    assert result.to_frame().attrs["prices"] == result.prices


def test_awards_compound_exactly_and_round_the_uprated_rate_once() -> None:
    awards = [Award(year="2016/17", rate="1%"), Award(year="2017/18", rate="1.5%")]
    result = evaluate(proposal(RecurringCost(name="contract", amount="100.01", uprate="pay"), pay_awards=awards))
    # 100.01 x 1.01 = 101.0101 -> 101.01; 100.01 x 1.01 x 1.015 = 102.52525... -> 102.53 (not 101.01 x 1.015)
    assert amounts(result, "additional_costs")[:2] == [Money("101.01"), Money("102.53")]
    assert "x 1.02515 pay award (= £102.53)" in str(result.explain("additional_costs", "2017/18"))


def test_recurring_costs_follow_inflation_and_a_fixed_contract_does_not_uprate() -> None:
    result = evaluate(
        proposal(
            RecurringCost(name="team", amount="134000"),
            RecurringCost(name="fixed contract", amount="10000", uprate="none"),
            RecurringIncome(name="income", amount="1000"),
            pay_awards=[Award(year="2016/17", rate="1%")],
            inflation=[Award(year="2016/17", rate="2%")],
        )
    )
    assert result.years[0].additional_costs == Money(136680) + Money(10000)
    assert result.years[0].income == Money(1020)


def test_constant_prices_uprate_nothing_and_say_so() -> None:
    cash = proposal(released(fte=12), pay_awards=[JULY_AWARD])
    constant = proposal(released(fte=12), pay_awards=[JULY_AWARD], prices="constant", price_base="2015/16")
    result = evaluate(constant)
    assert amounts(result, "gross_saving") == [Money(576000)] * 4
    assert result.prices == "constant 2015/16 prices (not uprated)"
    assert "(figures in constant 2015/16 prices (not uprated))" in str(result.explain("net_saving", "2016/17"))
    assert evaluate(cash).years[1].gross_saving == Money(581760)


def test_a_variant_can_switch_prices_and_awards() -> None:
    base = proposal(
        released(fte=12),
        pay_awards=[JULY_AWARD],
        variants=[
            {"name": "constant", "prices": "constant"},
            {"name": "two-percent", "pay_awards": [{"year": "2016/17", "rate": "2%"}]},
        ],
    )
    assert evaluate(base.with_variant("constant")).years[0].gross_saving == Money(576000)
    assert evaluate(base.with_variant("two-percent")).years[0].gross_saving == Money("587520.00")


def test_a_one_off_cost_is_cash_in_its_year_unless_told_to_uprate() -> None:
    inflation = [Award(year="2016/17", rate="2%")]
    plain = evaluate(proposal(OneOffCost(name="redundancy", amount="100000"), inflation=inflation))
    uprated = evaluate(
        proposal(OneOffCost(name="redundancy", amount="100000", uprate="inflation"), inflation=inflation)
    )
    assert plain.years[0].one_off_costs == Money(100000)
    assert uprated.years[0].one_off_costs == Money(102000)


def test_an_award_under_the_days_convention_counts_by_days() -> None:
    result = evaluate(proposal(released(fte=12), pay_awards=[JULY_AWARD], phasing="days"))
    # 576,000 x 91/365 + 581,760 x 274/365
    expected = (Decimal(576000) * 91 + Decimal(581760) * 274) / 365
    assert result.years[0].gross_saving == Money(expected.quantize(Decimal("0.01")))


# ---- Employer NI table and unit-cost build-ups ------------------------------------------------------


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
    assert table.periods[0].start == date(2015, 4, 6)
    with pytest.raises(InputError, match=r"expected a date from 2015-04-06 to 2028-04-05 .* found 2015-04-05"):
        table.on(date(2015, 4, 5))
    with pytest.raises(InputError, match="state ni_rate and ni_threshold"):
        table.on(date(2028, 4, 6))


def test_a_tax_year_with_two_rates_needs_a_date() -> None:
    with pytest.raises(InputError, match=r"2022/23 has two \(15.05% over £9,100 from 2022-04-06 to 2022-11-05"):
        UnitCostBuildUp(salary="30000", tax_year="2022/23")
    assert build(UnitCostBuildUp(salary="30000", on=date(2022, 12, 1))).ni is not None


def test_a_watch_manager_b_in_2015_16_costs_48176_80() -> None:
    built = build(
        UnitCostBuildUp(salary="36381", pay_point="Watch Manager B", tax_year="2015/16", pension_rate="21.7%")
    )
    assert [(line.name, line.amount) for line in built.lines] == [
        ("salary", Money(36381)),
        ("employer National Insurance", Money("3901.12")),  # 0.138 x 28,269 = 3,901.122
        ("employer pension", Money("7894.68")),  # 0.217 x 36,381 = 7,894.677
    ]
    assert built.total == Money("48176.80")
    assert "13.8% x (£36,381 - £8,112 secondary threshold) = £3,901.12" in str(built)
    grade = Grade(name="Watch Manager B", build_up={"salary": 36381, "tax_year": "2015/16", "pension_rate": "0.217"})
    assert unit_cost(grade) == Money("48176.80")


def test_overriding_the_table() -> None:
    own = UnitCostBuildUp(salary="36381", ni_rate="13.8%", ni_threshold="8112", pension_rate="21.7%")
    assert build(own).total == Money("48176.80")
    assert build(own).ni is None
    text = (ROOT / "savingsmodel/rates/employer_ni.toml").read_text(encoding="utf-8")
    table = NITable.from_toml(text.replace('secondary_threshold = "8112"', 'secondary_threshold = "9000"', 1), "mine")
    assert build(UnitCostBuildUp(salary="36381", tax_year="2015/16"), table).lines[1].amount == Money("3778.58")


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
    # 35,116 + 0.138 x (35,116 - 8,112) + 0.217 x 35,116 = 35,116 + 3,726.55 (3,726.552) + 7,620.17 (7,620.172)
    a = Money("46462.72")
    assert unit_cost(grades[0]) == a
    assert result.years[0].additional_costs == (Money("48176.80") - a) * 4 == Money("6856.32")
    assert result.years[0].fte_change == {"WM A": Decimal(-4), "WM B": Decimal(4)}


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
        Proposal(reference="T", start_year="2016/17", pay_awards=awards)
    assert message in str(caught.value)


def test_bad_prices_and_uprating_are_explained() -> None:
    with pytest.raises(InputError, match="prices: expected 'cash' or 'constant', found 'nominal'"):
        Proposal(reference="T", start_year="2016/17", prices="nominal")
    with pytest.raises(InputError, match=r"lines\[0\]\.uprate: expected 'pay', 'inflation' or 'none', found 'cpi'"):
        Proposal(
            reference="T",
            start_year="2016/17",
            lines=[{"kind": "recurring_cost", "name": "c", "amount": 1, "uprate": "cpi"}],
        )


# ---- One-off costs and payback ------------------------------------------------------------------------


def test_payback_in_months_and_the_cumulative_position() -> None:
    result = evaluate(
        proposal(released(fte=12), OneOffCost(name="redundancy", amount="200000", start=date(2016, 4, 1)))
    )
    # £48k a month saved: £192k by the end of July, £240k by the end of August.
    assert result.payback.months == 5
    assert (
        str(result.payback) == "pays back £200,000 of one-off costs by the end of August 2016: 5 months from April 2016"
    )
    assert result.cumulative_net_position == (Money(376000), Money(952000), Money(1528000), Money(2104000))
    assert not result.invest_to_save


def test_invest_to_save_and_never_paying_back() -> None:
    result = evaluate(proposal(released(fte=1), OneOffCost(name="new system", amount="1m", year="2017/18")))
    assert result.invest_to_save
    assert result.payback.months is None
    assert str(result.payback) == (
        "does not pay back £1,000,000 of one-off costs within the horizon (48 months to the end of March 2020)"
    )
    assert result.cumulative_net_position[-1] == Money(48000 * 4 - 1000000)


def test_payback_comes_no_earlier_than_the_month_the_cost_is_paid() -> None:
    result = evaluate(proposal(released(fte=12), OneOffCost(name="strain", amount="100000", start=date(2017, 1, 15))))
    # Paid in January 2017 (month 10), already covered by the savings to date: pays back that month.
    assert result.payback.months == 10
    assert str(evaluate(proposal(released(fte=12))).payback) == "no one-off costs: nothing to pay back"


def test_payback_recovers_every_one_off_cost_not_just_the_first() -> None:
    # £1,000 a month saved; £500 paid in April 2016 and £50,000 in October 2016: still £2,500 short by
    # March 2020, so it does not pay back, though April's £500 alone was recovered in its month.
    result = evaluate(
        proposal(
            PostsReleased(name="post", grade="Watch Manager", fte=Decimal("0.25")),
            OneOffCost(name="small", amount="500", start=date(2016, 4, 1)),
            OneOffCost(name="large", amount="50000", start=date(2016, 10, 1)),
        )
    )
    assert result.cumulative_net_position[-1] == Money(-2500)
    assert result.payback.months is None


# ---- Claims over time ------------------------------------------------------------------------------------

TARGETS = ["238k", "709k", "1397k", "1750k"]
STEPS = [("2016/17", "238k"), ("2017/18", "471k"), ("2018/19", "688k"), ("2019/20", "353k")]
STEP_LINES = [RecurringIncome(name=f"step {y}", amount=a, start=FinancialYear.parse(y).start) for y, a in STEPS]


def series_proposal(basis: str, lines: list[RecurringIncome] = STEP_LINES) -> Proposal:
    claimed = SeriesClaim(
        figure="net_saving", year="2016/17", values=TARGETS, basis=basis, rounded_to="1k", source="p5"
    )
    return Proposal(reference="T", start_year="2016/17", lines=lines, series=[claimed])


def test_running_totals_stated_as_incremental_are_flagged() -> None:
    findings = series_kind_findings(evaluate(series_proposal("incremental")))
    assert [(f.code, f.severity, f.subject) for f in findings] == [("SERIES-KIND", "warning", "series[0]")]
    assert "match the computed cumulative figures" in findings[0].message
    assert "(£238,000, £471,000, £688,000, £353,000)" in findings[0].message


def test_a_series_stated_as_what_it_is_is_not_flagged_and_holds_each_year() -> None:
    result = evaluate(series_proposal("cumulative"))
    assert series_kind_findings(result) == []
    findings = reconcile(result)
    assert [f.status for f in findings] == [Status.HOLDS] * 4
    assert findings[0].message.startswith("series[0] net_saving cumulative 2016/17 (p5): stated £238,000")


def test_a_rising_incremental_series_with_nothing_modelled_is_a_warning() -> None:
    findings = series_kind_findings(evaluate(series_proposal("incremental", lines=[])))
    assert [(f.code, f.severity) for f in findings] == [("SERIES-KIND", "warning")]
    assert "adds up to £4,094,000 over 4 years" in findings[0].message
    assert "yearly increments are £238,000, £471,000, £688,000, £353,000" in findings[0].message


def test_incremental_reconcile_misses_each_year_of_misread_totals() -> None:
    findings = reconcile(evaluate(series_proposal("incremental")))
    assert [f.status for f in findings] == [Status.HOLDS, Status.MISSES, Status.MISSES, Status.MISSES]


# ---- The worked case's scenario file ---------------------------------------------------------------------


def test_the_scenario_dates_the_posts_and_has_a_later_variant() -> None:
    data = tomllib.loads((ROOT / "scenarios/scs4-1-revised.toml").read_text(encoding="utf-8"), parse_float=Decimal)
    case = Proposal.model_validate(data)
    assert case.line("Watch Manager posts released").start == date(2016, 4, 1)
    later = evaluate(case.with_variant("posts-leave-october"))
    assert amounts(later, "gross_saving")[:2] == [Money(288000), Money(576000)]
    assert evaluate(case).prices == "cash terms (no pay awards or inflation stated)"


TIME_FILE = """
reference = "T"
start_year = "2016/17"
prices = "cash"
price_base = "2015/16"

[[pay_awards]]
year = "2016/17"
rate = "1%"
effective = 2016-07-01

[[inflation]]
year = "2016/17"
rate = 0.02

[[grades]]
name = "Watch Manager B"
build_up = { salary = "36381", tax_year = "2015/16", pension_rate = "21.7%" }

[[lines]]
kind = "posts_released"
name = "WM posts"
grade = "Watch Manager B"
schedule = [{ on = 2016-04-01, fte = 5 }, { on = 2016-07-01, fte = 4 }, { on = 2017-01-01, fte = 3 }]

[[lines]]
kind = "recurring_cost"
name = "fixed contract"
amount = "10k"
uprate = "none"

[[series]]
figure = "net_saving"
year = "2016/17"
values = ["238k", "709k"]
basis = "cumulative"
"""


@pytest.mark.parametrize("fmt", ["toml", "yaml"])
def test_scenario_files_carry_dates_awards_build_ups_and_series(fmt: str) -> None:
    from savingsmodel.files import dumps, loads

    case = loads(TIME_FILE, source="time.toml", format="toml")
    again = loads(dumps(case.proposal, fmt), source=f"again.{fmt}", format=fmt)  # type: ignore[arg-type]
    assert again.proposal == case.proposal
    assert case.line_of("series[0]") == TIME_FILE.splitlines().index("[[series]]") + 1
    result = evaluate(case.proposal)
    assert unit_cost(case.proposal.grades[0]) == Money("48176.80")
    assert result.prices == "cash terms (uprated by 1 pay award and 1 inflation rate)"
    assert result.years[0].additional_costs == Money(10000)


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
    assert unit_cost(higher.grades[0]) == Money("48176.80") - Money("7894.68") + Money("9095.25")  # 0.25 x 36,381
    assert unit_cost(base.with_variant("stated").grades[0]) == Money(48000)
    assert evaluate(base.with_variant("stated")).years[0].gross_saving == Money(48000)


def test_a_proposal_with_no_one_off_costs_is_never_invest_to_save() -> None:
    cost_only = evaluate(proposal(RecurringCost(name="new team", amount="134k")))
    assert cost_only.years[0].recurring_net_saving < Money(0)
    assert not cost_only.invest_to_save
    assert cost_only.payback.months == 0
