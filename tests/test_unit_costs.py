"""Unit costs: the employer NI table, and a grade's cost built up from salary, NI, pension and other on-costs."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from savingsmodel import Grade, InputError, Money, PostsReleased, Proposal, Regrade, evaluate
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
    assert table.periods[0].start == date(2015, 4, 6)
    with pytest.raises(InputError, match=r"expected a date from 2015-04-06 to 2028-04-05 .* found 2015-04-05"):
        table.on(date(2015, 4, 5))
    with pytest.raises(InputError, match="state ni_rate and ni_threshold"):
        table.on(date(2028, 4, 6))


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
