"""Pennies that agree everywhere: every figure a user sees is whole pence, the same in every format,
and a total is the sum of its years as shown.

The rounding point is the engine's (see docs/explanation/money-and-rounding.md): a line's annual
rate at the prices in force is rounded to the penny, half-up, whether or not an award moved it, so
the API's own figures are whole pence and no format has anything left to round.
"""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings

from savingsmodel import Figure, Money, evaluate, reconcile
from savingsmodel.files import loads
from savingsmodel.model.grades import Grade
from savingsmodel.model.lines import PostsReleased
from savingsmodel.model.proposal import Proposal
from savingsmodel.outputs.report import render_run
from savingsmodel.testing import proposals

PENNY = Decimal("0.01")
MONEY_ROWS = {
    "gross_saving": "Gross saving",
    "additional_costs": "Additional costs",
    "income": "Income",
    "net_saving": "Net saving (savings - costs)",
    "net_saving_incremental": "Net saving, incremental (MTFP line)",
    "net_saving_cumulative": "Net saving, cumulative over the horizon",
    "full_year_effect": "Full-year effect",
    "one_off_costs": "One-off costs",
    "net_after_one_off_costs": "Net after one-off costs",
    "net_position_to_date": "Net position to date",
}
SUMMABLE = ("gross_saving", "additional_costs", "income", "net_saving", "one_off_costs", "net_after_one_off_costs")

HALF_POST = """
reference = "P"
start_year = "2016/17"
[[grades]]
name = "G"
unit_cost = "76.85"
[[lines]]
kind = "posts_released"
name = "half"
grade = "G"
fte = 0.5
"""


def whole_pence(amount: Money) -> bool:
    return amount.amount == amount.amount.quantize(PENNY)


def pounds(text: str) -> Decimal:
    """A figure as the table writes it (``-£216,000``, ``£38.43``) as a Decimal."""
    match = re.fullmatch(r"(-?)£([0-9,]+(?:\.[0-9]+)?)", text.strip())
    assert match is not None, text
    return Decimal(match[1] + match[2].replace(",", ""))


def table_rows(text: str, years: int) -> dict[str, list[Decimal]]:
    """The money rows of the plain-text table, by figure name (the first row with each label)."""
    rows: dict[str, list[Decimal]] = {}
    for line in text.splitlines():
        for name, label in MONEY_ROWS.items():
            if name not in rows and line.startswith(label + "  "):
                cells = line[len(label) :].split()
                assert len(cells) == years, line
                rows[name] = [pounds(cell) for cell in cells]
    return rows


def markdown_rows(text: str, years: int) -> dict[str, list[Decimal]]:
    rows: dict[str, list[Decimal]] = {}
    for line in text.splitlines():
        for name, label in MONEY_ROWS.items():
            if name not in rows and line.startswith(f"| {label} | "):
                cells = line.split("|")[2:-1]
                assert len(cells) == years, line
                rows[name] = [pounds(cell) for cell in cells]
    return rows


def period_total(text: str) -> Decimal:
    match = re.search(r"Total over the period [^:]+: (-?£[0-9,.]+) net saving", text)
    assert match is not None
    return pounds(match[1])


def test_a_part_penny_rate_is_the_same_whole_pence_in_every_format() -> None:
    """£76.85 x 0.5 FTE is £38.425 a year: shown everywhere as £38.43, four years £153.72."""
    result = evaluate(loads(HALF_POST, source="p.toml", format="toml").proposal)
    assert [y.gross_saving for y in result.years] == [Money("38.43")] * 4
    assert [y.full_year_effect for y in result.years] == [Money("38.43")] * 4
    assert result.total_over_period() == Money("153.72")
    table = render_run(result, [], "table")
    assert "£38.425" not in table
    assert table_rows(table, 4)["gross_saving"] == [Decimal("38.43")] * 4
    assert period_total(table) == Decimal("153.72")
    data = json.loads(render_run(result, [], "json"))
    assert [y["gross_saving"] for y in data["years"]] == ["38.43"] * 4
    assert data["total_over_period"]["gross_saving"] == "153.72"
    rows = list(csv.DictReader(io.StringIO(render_run(result, [], "csv"))))
    assert [r["gross_saving"] for r in rows] == ["38.43"] * 4 + ["153.72"]
    assert markdown_rows(render_run(result, [], "markdown"), 4)["gross_saving"] == [Decimal("38.43")] * 4


def test_a_part_year_of_a_part_penny_rate_is_a_share_of_the_whole_pence_rate() -> None:
    """The rate is rounded first (£38.43 a year), then its share: 6/12 of £38.43 is £19.215, so £19.22."""
    proposal = Proposal(
        reference="P",
        start_year="2016/17",
        grades=[Grade(name="G", unit_cost="76.85")],
        lines=[PostsReleased(name="half", grade="G", fte="0.5", start=date(2016, 10, 1))],
    )
    result = evaluate(proposal)
    assert result.years[0].gross_saving == Money("19.22")
    explained = str(result.explain("gross_saving", "2016/17"))
    assert "0.5 FTE x £76.85 (= £38.43 a year, to the penny) x 6/12 = £19.22" in explained


@pytest.mark.parametrize(("cost", "expected"), [("76.85", "38.43"), ("76.95", "38.48"), ("0.01", "0.01")])
def test_the_rounding_is_half_up_not_half_even(cost: str, expected: str) -> None:
    # 0.5 x £76.85 = £38.425: half-up £38.43, half-even £38.42; 0.5 x £76.95 = £38.475: £38.48 either way;
    # 0.5 x £0.01 = £0.005: half-up a penny, half-even none.
    proposal = Proposal(
        reference="P",
        start_year="2016/17",
        grades=[Grade(name="G", unit_cost=cost)],
        lines=[PostsReleased(name="half", grade="G", fte="0.5")],
    )
    result = evaluate(proposal)
    assert [y.gross_saving for y in result.years] == [Money(expected)] * 4
    assert [y.full_year_effect for y in result.years] == [Money(expected)] * 4
    assert result.full_year("gross_saving", "2016/17") == Money(expected)


def test_total_over_period_takes_the_figures_name_as_the_other_methods_do() -> None:
    result = evaluate(loads(HALF_POST, source="p.toml", format="toml").proposal)
    assert result.total_over_period("net_saving") == result.total_over_period(Figure.NET_SAVING) == Money("153.72")
    assert result.total_over_period("gross_saving") == Money("153.72")
    with pytest.raises(ValueError, match="unknown figure 'net_savings'; did you mean 'net_saving'"):
        result.total_over_period("net_savings")
    with pytest.raises(ValueError, match="expected a money figure's annual effect"):
        result.total_over_period("fte_change")


@settings(max_examples=60, deadline=None)
@given(proposals())
def test_every_format_shows_the_api_figures_in_whole_pence(proposal: Proposal) -> None:
    result = evaluate(proposal)
    findings = reconcile(result)
    n = len(result.years)
    api = {name: [getattr(y, name) for y in result.years] for name in MONEY_ROWS}
    for name, values in api.items():
        assert all(whole_pence(v) for v in values), (name, values)
    exact = {name: [v.amount for v in values] for name, values in api.items()}
    # Totals are the sum of the years as shown, in the API and in every format.
    for name in SUMMABLE:
        assert result.total_over_period(Figure(name)).amount == sum(exact[name], Decimal(0))

    table = render_run(result, findings, "table")
    assert table_rows(table, n) == exact
    assert period_total(table) == sum(exact["net_saving"], Decimal(0))

    markdown = render_run(result, findings, "markdown")
    assert markdown_rows(markdown, n) == exact
    assert period_total(markdown) == sum(exact["net_saving"], Decimal(0))

    data = json.loads(render_run(result, findings, "json"))
    for name, values in exact.items():
        assert [Decimal(y[name]) for y in data["years"]] == values
    for name in SUMMABLE:
        assert Decimal(data["total_over_period"][name]) == sum(exact[name], Decimal(0))

    rows = list(csv.DictReader(io.StringIO(render_run(result, findings, "csv"))))
    for name, values in exact.items():
        assert [Decimal(r[name]) for r in rows[:-1]] == values
    for name in SUMMABLE:
        assert Decimal(rows[-1][name]) == sum(exact[name], Decimal(0))

    # Each line's contribution (what explain and compare show) is whole pence too, and they add up.
    for contribution in result.contributions:
        assert whole_pence(contribution.amount)
    for y in result.years:
        for figure in (Figure.GROSS_SAVING, Figure.ADDITIONAL_COSTS, Figure.ONE_OFF_COSTS, Figure.INCOME):
            parts = [c.amount for c in result.contributions if c.year == y.year and c.figure is figure]
            assert sum(parts, Money(0)) == y.figure(figure)
