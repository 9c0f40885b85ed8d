"""The engine's arithmetic rules, as properties over generated proposals."""

import random
from decimal import Decimal
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from savingsmodel import (
    Basis,
    Figure,
    Grade,
    Money,
    PostsCreated,
    PostsReleased,
    Proposal,
    Unit,
    evaluate,
)
from savingsmodel.testing import proposals

from builders import changed

MONEY_FIGURES = ("gross_saving", "additional_costs", "one_off_costs", "income", "net_saving", "net_saving")


def undated(proposal: Proposal) -> Proposal:
    """The proposal with every line in force all through the horizon (one-offs keep their year)."""
    lines = []
    for line in proposal.model_dump()["lines"]:
        line = {**line, "start": line["start"] if line["kind"] == "redundancy" else None, "end": None}
        if line.get("schedule"):
            line["schedule"] = ()
        lines.append(line)
    return changed(proposal, lines=lines, variants=())


def scale(data: Any, k: int) -> Any:
    if isinstance(data, Money):
        return data * k
    if isinstance(data, dict):
        return {key: scale(value, k) for key, value in data.items()}
    if isinstance(data, (list, tuple)):
        return [scale(value, k) for value in data]
    return data


@given(proposals())
def test_net_is_gross_plus_income_less_costs_and_one_offs(proposal: Proposal) -> None:
    for year in evaluate(proposal).years:
        assert year.net_saving == year.gross_saving + year.income - year.additional_costs
        assert year.net_after_one_off_costs == year.net_saving - year.one_off_costs + year.one_off_income


@given(proposals())
def test_running_sum_of_incremental_is_the_annual_effect(proposal: Proposal) -> None:
    result = evaluate(proposal)
    opening = Money(0) if result.opening is None else result.opening.net_saving
    running, to_date = Money(0), Money(0)
    for year in result.years:
        running += year.net_saving_incremental
        to_date += year.net_after_one_off_costs
        # Cumulative: the horizon's increments, so the level less the year before the horizon's.
        assert running == year.net_saving_cumulative == year.net_saving - opening
        assert to_date == year.net_position_to_date
    assert result.total_over_period() == sum((y.net_saving for y in result.years), Money(0))
    assert result.total_over_period("net_after_one_off_costs") == result.years[-1].net_position_to_date
    for figure in Figure:
        if Basis.CUMULATIVE in figure.bases:
            before = result.opening.figure(figure) if result.opening is not None else 0
            annual = result.series(figure, "annual")
            assert result.series(figure, "cumulative") == tuple(x - before for x in annual)


@given(proposals(), st.randoms(use_true_random=False))
def test_line_order_changes_nothing(proposal: Proposal, rng: random.Random) -> None:
    lines = list(proposal.lines)
    rng.shuffle(lines)
    shuffled = changed(proposal, lines=[line.model_dump() for line in lines])
    assert evaluate(shuffled).years == evaluate(proposal).years


def whole_pounds(data: Any) -> Any:
    if isinstance(data, Money):
        return data.round(Unit.POUNDS)
    if isinstance(data, dict):
        return {key: whole_pounds(value) for key, value in data.items()}
    if isinstance(data, (list, tuple)):
        return [whole_pounds(value) for value in data]
    return data


@given(proposals(), st.integers(min_value=0, max_value=1000))
def test_scaling_every_amount_by_k_scales_every_figure_exactly(proposal: Proposal, k: int) -> None:
    # In whole pounds, every rate (at FTE in tenths) is whole pence: a part-penny rate is rounded
    # to the penny, and k x round(x) need not be round(k x).
    data = undated(proposal).model_dump()

    # Redundancy pay is rounded to the penny (weeks x a week's pay x an enhancement), so it scales exactly only
    # when that rounding rounds nothing: whole-pound weekly pay and cap, no enhancement.
    # Capital's MRP instalments and interest are rounded to the penny too: one instalment (a life of one year)
    # and no interest scale exactly.
    def exact(line: dict[str, Any]) -> dict[str, Any]:
        if line["kind"] == "capital_spend":
            return {**line, "asset_life": line["asset_life"] and 1, "interest_rate": None}
        return {**line, "multiplier": 1} if line["kind"] == "redundancy" else line

    lines = [exact(line) for line in whole_pounds(data["lines"])]
    proposal = Proposal.model_validate({**data, "grades": whole_pounds(data["grades"]), "lines": lines})
    data = proposal.model_dump()
    scaled = Proposal.model_validate({**data, "grades": scale(data["grades"], k), "lines": scale(data["lines"], k)})
    for before, after in zip(evaluate(proposal).years, evaluate(scaled).years, strict=True):
        for name in MONEY_FIGURES:
            assert getattr(after, name) == getattr(before, name) * k


def _prefixed(proposal: Proposal, prefix: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    data = proposal.model_dump()
    grades = [{**g, "name": prefix + g["name"]} for g in data["grades"]]
    lines = []
    for line in data["lines"]:
        line = {**line, "name": prefix + line["name"]}
        for field in ("grade", "from_grade", "to_grade", "priced_in"):
            if line.get(field) is not None:
                line[field] = prefix + line[field]
        lines.append(line)
    return grades, lines


def _one_off_in(line: dict[str, Any], proposal: Proposal) -> dict[str, Any]:
    start = line.get("start")
    inside = start is not None and proposal.years[0].start <= start <= proposal.years[-1].end
    if line["kind"] == "redundancy":  # a leaving date is required: one outside moves to a's first day
        return {**line, "start": start if inside else proposal.years[0].start}
    return {**line, "year": None, "start": start if inside else None}


@given(proposals(), proposals())
def test_two_proposals_together_are_the_sum_of_each(a: Proposal, b: Proposal) -> None:
    # b moves onto a's years; a one-off pinned to a year of b's own falls by its date instead,
    # or in a's first year when its date is outside a's horizon (a one-off must fall inside it).
    once = ("one_off_cost", "one_off_income", "capital_spend", "redundancy")
    b_lines = [_one_off_in(line, a) if line["kind"] in once else line for line in b.model_dump()["lines"]]
    b = changed(b, start_year=a.start_year, horizon=a.horizon, phasing=a.phasing, lines=b_lines, claims=(), variants=())
    a = changed(a, claims=(), variants=())
    grades_a, lines_a = _prefixed(a, "a:")
    grades_b, lines_b = _prefixed(b, "b:")
    both = changed(a, grades=grades_a + grades_b, lines=lines_a + lines_b)
    for together, one, other in zip(evaluate(both).years, evaluate(a).years, evaluate(b).years, strict=True):
        for name in MONEY_FIGURES:
            assert getattr(together, name) == getattr(one, name) + getattr(other, name)
        assert together.fte_change_total == one.fte_change_total + other.fte_change_total
        assert together.fte_released == one.fte_released + other.fte_released


@given(
    st.decimals(min_value=0, max_value=500, places=1),
    st.integers(min_value=0, max_value=200_000).map(Money),
)
def test_releasing_and_creating_the_same_posts_nets_to_zero(fte: Decimal, unit_cost: Money) -> None:
    proposal = Proposal(
        reference="zero",
        start_year="2020/21",
        grades=[Grade(name="Firefighter", unit_cost=unit_cost)],
        lines=[
            PostsReleased(name="out", grade="Firefighter", fte=fte),
            PostsCreated(name="in", grade="Firefighter", fte=fte),
        ],
    )
    for year in evaluate(proposal).years:
        assert year.net_saving == Money(0)
        assert year.fte_change_total == 0


@given(proposals())
def test_money_stays_decimal_through_the_public_api(proposal: Proposal) -> None:
    result = evaluate(proposal)
    for year in result.years:
        for name in (*MONEY_FIGURES, "net_saving_incremental", "net_saving_cumulative", "full_year_effect"):
            value = getattr(year, name)
            assert isinstance(value, Money)
            assert isinstance(value.amount, Decimal)
        assert all(isinstance(v, Decimal) for v in year.fte_change.values())
    frame = result.to_frame(exact=True)
    assert all(isinstance(v, Decimal) for v in frame["net_saving"])
