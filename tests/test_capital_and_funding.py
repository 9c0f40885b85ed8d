"""Issue 13, point 2: income and funding. One-off income beside the one-off costs; capital kept off the revenue
lines, with its revenue consequence (MRP and interest, or as stated) as a recurring cost; one-off costs by funding."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from savingsmodel import InputError, Money, Proposal, evaluate, evaluate_many, run_checks
from savingsmodel.core.years import FinancialYear
from savingsmodel.engine.capital import charges, mrp_instalments, programme
from savingsmodel.engine.figures import COLUMNS
from savingsmodel.files import load, loads
from savingsmodel.outputs.json_format import run_data
from savingsmodel.testing import money, proposals

from builders import ROOT, changed

SCENARIO = ROOT / "scenarios" / "digital-front-door.toml"
MONEY_FIGURES = [c.name for c in COLUMNS if c.figure.is_money]
REVENUE_ONCE = ("gross_saving", "income", "one_off_costs", "one_off_income")


def _with_lines(proposal: Proposal, *lines: dict[str, Any]) -> Proposal:
    return changed(proposal, lines=[*(x.model_dump() for x in proposal.lines), *lines], claims=(), variants=())


# ---- The bundled scenario, by hand -------------------------------------------------------------------------


def test_the_scenario_charges_mrp_and_interest_from_the_year_after_the_spend() -> None:
    result = evaluate(load(SCENARIO).proposal)
    # The licence from October 2025 (half a year, then £45k), and from 2026/27 the MRP of £400k over five years
    # (£80k) plus 4.5% on the balance not yet repaid: £400k, £320k, £240k.
    assert [y.additional_costs for y in result.years] == [
        Money(22500),
        Money(45000 + 80000 + 18000),
        Money(45000 + 80000 + 14400),
        Money(45000 + 80000 + 10800),
    ]
    assert [y.net_saving for y in result.years] == [Money(103500), Money(109000), Money(112600), Money(116200)]
    first = result.years[0]
    assert (first.one_off_costs, first.one_off_income) == (Money(180000), Money(50000))
    assert first.net_after_one_off_costs == Money(103500 - 180000 + 50000)
    assert [y.net_position_to_date for y in result.years] == [
        Money(-26500),
        Money(82500),
        Money(195100),
        Money(311300),
    ]
    assert result.one_off_funding("2025/26") == {"reserve": Money(120000), "capital_receipts": Money(60000)}
    explained = str(result.explain("additional_costs", "2027/28"))
    assert "MRP £80,000 (£400,000 / 5 years) + interest £14,400 (4.5% x £320,000 outstanding)" in explained


def test_the_scenario_reports_its_capital_apart_and_every_claim_holds() -> None:
    scenario = load(SCENARIO)
    result = evaluate(scenario.proposal)
    assert [row.text for row in programme(scenario.proposal)] == [
        "Platform build 2025/26 £400,000 funded by borrowing; revenue cost: MRP over 5 years and interest at 4.5% "
        "on the balance from 2026/27, in the additional costs"
    ]
    data = run_data(result, ())
    assert data["capital_spend"] == [
        {
            "line": "Platform build",
            "year": "2025/26",
            "amount": "400000.00",
            "funding": "borrowing",
            "revenue_consequence": "revenue cost: MRP over 5 years and interest at 4.5% on the balance from 2026/27, "
            "in the additional costs",
        }
    ]
    assert [y["one_off_income"] for y in data["years"]] == ["50000.00", "0.00", "0.00", "0.00"]
    assert not [f for f in run_checks(result) if f.is_warning]


# ---- MRP and interest ----------------------------------------------------------------------------------------


@given(money(10_000_000), st.integers(1, 60))
def test_mrp_instalments_add_up_to_the_capital_sum_over_the_asset_life(amount: Money, life: int) -> None:
    instalments = mrp_instalments(amount, life)
    assert len(instalments) == life
    assert sum(instalments, Money(0)) == amount
    exact = Fraction(amount.amount) / life
    assert all(abs(Fraction(x.amount) - exact) <= Fraction(life, 100) for x in instalments)
    assert all(x == instalments[0] for x in instalments[:-1])  # equal instalments, the last taking the pennies


@given(money(10_000_000), st.integers(1, 40), st.sampled_from(["0.01", "0.035", "0.045", "0.0625"]))
def test_interest_is_the_rate_on_the_balance_not_yet_repaid(amount: Money, life: int, rate: str) -> None:
    rows = list(charges(amount, FinancialYear(2020), life, Decimal(rate)))
    assert [r.year for r in rows] == list(FinancialYear(2021).range(life))
    outstanding = amount
    for row in rows:
        assert row.outstanding == outstanding
        assert row.interest == outstanding.scaled(Fraction(Decimal(rate)))
        outstanding -= row.mrp
    assert outstanding == Money(0)


# ---- Properties: capital never touches a revenue figure; one-off income never touches the net saving ------------


@given(proposals(), money(5_000_000), st.sampled_from(["borrowing", "capital_receipts", "grant", "reserve"]))
def test_capital_with_no_revenue_consequence_changes_no_figure(proposal: Proposal, amount: Money, funding: str) -> None:
    line = {"kind": "capital_spend", "name": "capital added", "amount": amount, "funding": funding}
    before, after = evaluate(proposal), evaluate(_with_lines(proposal, line))
    for one, other in zip(before.years, after.years, strict=True):
        assert [getattr(one, n) for n in MONEY_FIGURES] == [getattr(other, n) for n in MONEY_FIGURES]
    assert before.payback == after.payback


@given(proposals(), money(5_000_000), st.integers(1, 30), st.sampled_from([None, "0.04"]))
def test_capital_moves_only_the_additional_costs_by_its_revenue_cost(
    proposal: Proposal, amount: Money, life: int, rate: str | None
) -> None:
    line = {"kind": "capital_spend", "name": "capital added", "amount": amount, "asset_life": life}
    line["interest_rate"] = rate
    before, after = evaluate(proposal), evaluate(_with_lines(proposal, line))
    spent = proposal.start_year
    charged = {c.year: c.total for c in charges(amount, spent, life, None if rate is None else Decimal(rate))}
    for one, other in zip(before.years, after.years, strict=True):
        assert [getattr(one, n) for n in REVENUE_ONCE] == [getattr(other, n) for n in REVENUE_ONCE]
        cost = charged.get(one.year, Money(0))
        assert other.additional_costs == one.additional_costs + cost
        assert other.net_saving == one.net_saving - cost
        assert other.net_after_one_off_costs == one.net_after_one_off_costs - cost


@given(proposals(), money(1_000_000), st.data())
def test_one_off_income_never_changes_the_net_saving(proposal: Proposal, amount: Money, data: st.DataObject) -> None:
    year = data.draw(st.sampled_from(proposal.years))
    line = {"kind": "one_off_income", "name": "grant added", "amount": amount, "year": year}
    before, after = evaluate(proposal), evaluate(_with_lines(proposal, line))
    recurring = ("gross_saving", "additional_costs", "income", "net_saving", "net_saving_incremental")
    for one, other in zip(before.years, after.years, strict=True):
        assert [getattr(one, n) for n in (*recurring, "full_year_effect")] == [
            getattr(other, n) for n in (*recurring, "full_year_effect")
        ]
        received = amount if one.year == year else Money(0)
        assert other.one_off_income == one.one_off_income + received
        assert other.net_after_one_off_costs == one.net_after_one_off_costs + received
    assert after.years[-1].net_position_to_date == before.years[-1].net_position_to_date + amount


def test_evaluate_many_agrees_with_the_exact_engine_on_capital_and_one_off_income() -> None:
    proposal = load(SCENARIO).proposal
    exact = evaluate(proposal)
    many = evaluate_many(proposal, {"lines.Digital transformation grant.amount": [5000000, 0]})
    assert many.pence("one_off_income")[0].tolist() == [5000000, 0, 0, 0]
    assert many.pence("net_after_one_off_costs")[1][0] == (exact.years[0].net_after_one_off_costs.amount - 50000) * 100
    assert many.pence("additional_costs")[0].tolist() == [int(y.additional_costs.amount * 100) for y in exact.years]


def test_one_off_income_delays_nothing_a_grant_arriving_brings_payback_forward() -> None:
    proposal = load(SCENARIO).proposal
    without = changed(proposal, lines=[x.model_dump() for x in proposal.lines if x.kind != "one_off_income"], claims=())
    assert evaluate(proposal).payback.months is not None
    assert evaluate(without).payback.months is not None
    assert evaluate(proposal).payback.months < evaluate(without).payback.months  # type: ignore[operator]


# ---- Bad input, and the checks ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"funding": "grant", "interest_rate": "4%"},
            "lines[0]: expected interest_rate only on capital funded by borrowing (it is repaid from revenue), "
            "found funding grant",
        ),
        ({"revenue_cost": "10k", "interest_rate": "4%"}, "lines[0]: expected revenue_cost (stated) or interest_rate"),
        ({"end": "2017-03-31"}, "lines[0]: expected no end (capital spend is once), found one"),
        ({"asset_life": 0}, "lines[0].asset_life: expected greater than or equal to 1, found 0"),
        ({"asset_life": True}, "lines[0].asset_life: expected a whole number of years, found true"),
        ({"start": "2030-04-01"}, "lines[0].start: expected capital spent from 2016-04-01 to 2020-03-31"),
    ],
)
def test_capital_that_cannot_be_read_is_refused_by_its_field(fields: dict[str, Any], message: str) -> None:
    line = {"kind": "capital_spend", "name": "Kit", "amount": "100k", **fields}
    with pytest.raises(ValueError, match="1 validation error") as caught:
        Proposal.model_validate({"reference": "X", "start_year": "2016/17", "lines": [line]})
    assert message in str(caught.value)


def test_yaml_says_the_same_as_toml() -> None:
    text = (
        "reference: X\nstart_year: 2016/17\nlines:\n"
        "  - {kind: capital_spend, name: Kit, amount: 600k, asset_life: 5, interest_rate: 4%}\n"
        "  - {kind: one_off_income, name: Grant, amount: 50k, year: 2016/17}\n"
    )
    toml = (
        'reference = "X"\nstart_year = "2016/17"\n'
        '[[lines]]\nkind = "capital_spend"\nname = "Kit"\namount = "600k"\nasset_life = 5\ninterest_rate = "4%"\n'
        '[[lines]]\nkind = "one_off_income"\nname = "Grant"\namount = "50k"\nyear = "2016/17"\n'
    )
    assert loads(text, source="x.yaml", format="yaml").proposal == loads(toml, source="x.toml", format="toml").proposal


def test_a_bad_capital_line_in_a_file_names_its_file_line_and_field() -> None:
    toml = 'reference = "X"\nstart_year = "2016/17"\n[[lines]]\nkind = "capital_spend"\nname = "Kit"\namount = "1k"\n'
    toml += 'funding = "loan"\n'
    with pytest.raises(InputError) as caught:
        loads(toml, source="x.toml", format="toml")
    assert str(caught.value.problems[0]) == (
        "x.toml:7: lines[0].funding: expected 'borrowing', 'capital_receipts', 'grant' or 'reserve', found 'loan'"
    )


def test_borrowing_with_no_revenue_consequence_is_a_warning_and_stated_is_none() -> None:
    base = {"reference": "X", "start_year": "2016/17"}
    bare = {"kind": "capital_spend", "name": "Kit", "amount": "600k", "source": "para 4"}
    found = run_checks(evaluate(Proposal.model_validate({**base, "lines": [bare]})))
    assert [(f.code, f.subject) for f in found] == [("CAPITAL-REVENUE-UNSTATED", "lines[0]")]
    assert (
        "'Kit' (para 4): capital spend of £600,000 funded by borrowing has no revenue consequence" in found[0].message
    )
    for stated in ({"asset_life": 5}, {"revenue_cost": "150k"}, {"funding": "grant"}):
        proposal = Proposal.model_validate({**base, "lines": [{**bare, **stated}]})
        assert not [f for f in run_checks(evaluate(proposal)) if f.code == "CAPITAL-REVENUE-UNSTATED"]


def test_capital_receipts_funding_a_proposal_that_saves_nothing_is_a_warning() -> None:
    cost = {"kind": "one_off_cost", "name": "Change", "amount": "80k", "funding": "capital_receipts"}
    saving = {"kind": "recurring_saving", "name": "Contract", "amount": "50k"}
    base = {"reference": "X", "start_year": "2016/17"}
    alone = run_checks(evaluate(Proposal.model_validate({**base, "lines": [cost]})))
    assert [f.code for f in alone] == ["FUNDING-RECEIPTS-NO-SAVING"]
    saved = run_checks(evaluate(Proposal.model_validate({**base, "lines": [cost, saving]})))
    assert not [f for f in saved if f.code == "FUNDING-RECEIPTS-NO-SAVING"]


def test_a_stated_revenue_cost_runs_for_the_asset_life_when_given_else_every_year() -> None:
    line = {"kind": "capital_spend", "name": "Kit", "amount": "600k", "revenue_cost": "150k", "year": "2016/17"}
    base = {"reference": "X", "start_year": "2016/17"}
    every = evaluate(Proposal.model_validate({**base, "lines": [line]}))
    assert [y.additional_costs for y in every.years] == [Money(0), *[Money(150000)] * 3]
    two = evaluate(Proposal.model_validate({**base, "lines": [{**line, "asset_life": 2}]}))
    assert [y.additional_costs for y in two.years] == [Money(0), Money(150000), Money(150000), Money(0)]
    # MRP ending is a fall in costs: the MTFP line shows it, as it shows any cost ending.
    assert two.years[3].net_saving_incremental == Money(150000)


def test_a_net_after_one_off_costs_raised_by_a_grant_is_not_above_the_gross_saving() -> None:
    lines = [
        {"kind": "recurring_saving", "name": "Contract", "amount": "100k"},
        {"kind": "one_off_income", "name": "Grant", "amount": "200k", "year": "2016/17"},
    ]
    claim = {"figure": "net_after_one_off_costs", "value": "300k", "year": "2016/17", "source": "para 2"}
    proposal = Proposal.model_validate({"reference": "X", "start_year": "2016/17", "lines": lines, "claims": [claim]})
    assert not [f for f in run_checks(evaluate(proposal)) if f.code == "RANGE-NET-ABOVE-GROSS"]
    too_high = changed(proposal, claims=[{**claim, "value": "301k"}])
    assert [f.code for f in run_checks(evaluate(too_high)) if f.code == "RANGE-NET-ABOVE-GROSS"] == [
        "RANGE-NET-ABOVE-GROSS"
    ]


def test_capital_is_no_uncertain_input_and_one_off_income_is_one() -> None:
    """The model and the vectorised engine agree: capital's revenue cost is worked from it as stated."""
    from savingsmodel.engine.many import _known_inputs, inputs_of
    from savingsmodel.model.uncertainty import input_kinds

    proposal = load(SCENARIO).proposal
    names = {i.name for i in inputs_of(proposal)}
    assert not [n for n in names if n.startswith("lines.Platform build.")]
    assert {"lines.Digital transformation grant.amount", "lines.Digital transformation grant.start"} <= names
    engine = {name: spec.kind.value for name, spec in _known_inputs(proposal).items()}
    assert {name: kind.value for name, kind in input_kinds(proposal.model_dump()).items()} == engine


def test_capital_near_the_last_financial_year_charges_only_the_years_there_are() -> None:
    lines = [
        {"kind": "capital_spend", "name": "last", "amount": "1k", "year": "2999/00", "asset_life": 5},
        {"kind": "capital_spend", "name": "late", "amount": "1k", "year": "2997/98", "asset_life": 5},
        {"kind": "capital_spend", "name": "stated", "amount": "1k", "year": "2997/98", "revenue_cost": "100"},
    ]
    proposal = Proposal.model_validate({"reference": "X", "start_year": "2996/97", "lines": lines})
    assert [y.additional_costs for y in evaluate(proposal).years] == [Money(0), Money(0), Money(300), Money(300)]
    assert (
        programme(proposal)[0].consequence
        == "revenue cost: MRP over 5 years from the year after, in the additional costs"
    )


@settings(max_examples=80, deadline=None)
@given(proposals(), money(1_000_000), st.data())
def test_a_thousands_table_with_one_off_income_adds_as_printed(
    proposal: Proposal, amount: Money, data: st.DataObject
) -> None:
    from savingsmodel.outputs.view import run_view

    year = data.draw(st.sampled_from(proposal.years))
    line = {"kind": "one_off_income", "name": "grant added", "amount": amount, "year": year}
    view = run_view(evaluate(_with_lines(proposal, line)))
    k = view.thousands()
    for i in range(len(view.years)):
        after = k["net_saving"][i] - k["one_off_costs"][i] + k["one_off_income"][i]
        assert after == k["net_after_one_off_costs"][i]
        # Each one-off row ends within two £1k steps of its exact value (within one unless the printed totals,
        # each rounded half-up on its own, leave their difference a step away from the parts').
        for name in ("one_off_costs", "one_off_income"):
            exact = view.figure(name).values[i].amount
            assert abs(Decimal(k[name][i] * 1000) - exact) < 2000
            assert exact or not k[name][i]  # a nil row stays nil


def test_a_nil_one_off_row_stays_nil_when_the_printed_totals_round_apart() -> None:
    from savingsmodel.outputs.view import run_view

    # Net -£500 prints (1); after a £1,000 grant, £500 prints 1: the £2k between them is all the grant's.
    lines = [
        {"kind": "recurring_cost", "name": "Cost", "amount": "500"},
        {"kind": "one_off_income", "name": "Grant", "amount": "1000", "year": "2016/17"},
    ]
    view = run_view(evaluate(Proposal.model_validate({"reference": "X", "start_year": "2016/17", "lines": lines})))
    k = view.thousands()
    assert (k["net_saving"][0], k["one_off_costs"][0], k["one_off_income"][0]) == (-1, 0, 2)
    assert k["net_after_one_off_costs"][0] == 1


# ---- What mutation testing found untested (benchmarks/mutation.py capital) ---------------------------------


def test_each_instalment_rounds_half_up_and_a_life_under_a_year_is_refused() -> None:
    # £100.05 over two years: £50.025 each, half-up £50.03 (half-even would give £50.02), the last £50.02.
    assert [str(x) for x in mrp_instalments(Money("100.05"), 2)] == ["£50.03", "£50.02"]
    with pytest.raises(ValueError, match="expected an asset life of at least 1 year, found 0"):
        mrp_instalments(Money(100), 0)


def test_with_no_life_interest_runs_on_the_whole_sum_from_the_year_after() -> None:
    (row,) = charges(Money(1000), FinancialYear(2016), None, Decimal("0.045"))
    assert (str(row.year), row.mrp, row.interest, row.outstanding) == ("2017/18", Money(0), Money(45), Money(1000))
    # Spent in the year before the last there is: one year of MRP falls in it, none past it.
    assert [str(r.year) for r in charges(Money(1000), FinancialYear(2998), 3, None)] == ["2999/00"]


def test_the_capital_programme_is_our_share_half_up_and_spent_in_the_first_year_by_default() -> None:
    line = {"kind": "capital_spend", "name": "Kit", "amount": "100003", "asset_life": 4}
    shared = Proposal.model_validate(
        {"reference": "X", "start_year": "2016/17", "partner": "City Council", "our_share": "37.5%", "lines": [line]}
    )
    (row,) = programme(shared)
    # 37.5% of £100,003 is £37,501.125: half-up to £37,501.13. No year or start: spent in 2016/17.
    assert (row.amount, str(row.year)) == (Money("37501.13"), "2016/17")
    assert row.consequence == "revenue cost: MRP over 4 years from 2017/18, in the additional costs"


def test_a_stated_revenue_cost_and_none_are_said_as_such() -> None:
    base = {"kind": "capital_spend", "name": "Kit", "amount": "600k", "year": "2016/17"}
    stated = Proposal.model_validate(
        {
            "reference": "X",
            "start_year": "2016/17",
            "lines": [
                {**base, "revenue_cost": "150k", "asset_life": 2},
                {**base, "name": "Van", "revenue_cost": "10k"},
                {**base, "name": "Site", "funding": "capital_receipts"},
            ],
        }
    )
    assert [row.consequence for row in programme(stated)] == [
        "revenue cost: £150,000 a year for 2 years from 2017/18 (stated), in the additional costs",
        "revenue cost: £10,000 a year from 2017/18 (stated), in the additional costs",
        "no revenue consequence stated",
    ]
