"""Stated totals and implied unit costs (issue 13 point 7): "12 posts, £576k".

A posts line may state its total (``cost``) instead of, or as well as, a unit cost. The figures use
the total; the unit cost it implies is checked against the grade's band (RANGE-UNIT-COST), the unit
cost stated elsewhere for the grade (COST-IMPLIED), and the other count-and-total pairs of the grade.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from savingsmodel import Grade, InputError, PostsCreated, PostsReleased, evaluate
from savingsmodel.checks.implied import ROUNDING

from builders import checks, proposal

WM = Grade(name="Watch Manager", unit_cost="48k")
NO_COST = Grade(name="Watch Manager")


def _implied(found: list[object]) -> list[str]:
    return [f.message for f in found if f.code == "COST-IMPLIED"]  # type: ignore[attr-defined]


def test_a_stated_total_is_the_saving_and_agrees_with_the_grade() -> None:
    p = proposal(PostsReleased(name="WM", grade="Watch Manager", fte=12, cost="£576k", source="para 11"))
    result = evaluate(p)
    assert result.years[0].gross_saving == 576000
    assert result.years[0].fte_released == 12
    assert "12 FTE, stated cost £576,000" in result.explain("gross_saving", 2016).parts[0]
    assert _implied(checks(p)) == []


def test_a_total_needs_no_unit_cost_on_the_grade() -> None:
    p = proposal(PostsReleased(name="WM", grade="Watch Manager", fte=12, cost="576k"), grades=[NO_COST])
    assert evaluate(p).unstated() == ()
    assert evaluate(p).years[0].gross_saving == 576000


def test_a_total_rounded_to_the_nearest_thousand_agrees() -> None:
    # 7 x £48,123 = £336,861, stated as £337k: within half of £1k.
    grade = Grade(name="Watch Manager", unit_cost="48123")
    p = proposal(PostsReleased(name="WM", grade="Watch Manager", fte=7, cost="337k"), grades=[grade])
    assert _implied(checks(p)) == []


def test_a_total_that_the_grades_unit_cost_does_not_give_is_a_finding() -> None:
    p = proposal(PostsReleased(name="WM", grade="Watch Manager", fte=12, cost="600k", source="para 11"))
    (message,) = _implied(checks(p))
    assert message == (
        "'WM' (para 11): 12 posts for £600,000 a year implies £50,000 a post, but the unit cost of grade "
        "'Watch Manager' is £48,000 (12 x £48,000 = £576,000, £24,000 from the total): the count, the total and "
        "the unit cost cannot all be right; the figures use the total, so check which statement the paper rests on"
    )
    assert evaluate(p).years[0].gross_saving == 600000


def test_the_lines_own_unit_cost_is_the_one_it_is_held_against() -> None:
    p = proposal(PostsReleased(name="WM", grade="Watch Manager", fte=12, cost="600k", unit_cost="50k"))
    assert _implied(checks(p)) == []


def test_two_pairs_of_one_grade_that_disagree() -> None:
    p = proposal(
        PostsReleased(name="Banbury", grade="Watch Manager", fte=2, cost="96k", source="para 8"),
        PostsCreated(name="RMT post", grade="Watch Manager", fte=1, cost="60k", source="para 12"),
        grades=[NO_COST],
    )
    (message,) = _implied(checks(p))
    assert message.startswith("'Banbury' (para 8) implies £48,000 a Watch Manager post (2 for £96,000); 'RMT post'")


def test_a_total_outside_the_band_is_a_range_finding() -> None:
    p = proposal(PostsReleased(name="WM", grade="Watch Manager", fte=12, cost="60k"), grades=[NO_COST])
    assert [f.code for f in checks(p) if f.code == "RANGE-UNIT-COST"] == ["RANGE-UNIT-COST"]


def test_a_total_with_no_posts_is_refused() -> None:
    with pytest.raises(InputError, match="expected fte above zero when the posts have a stated cost"):
        PostsReleased(name="WM", grade="Watch Manager", fte=0, cost="576k")


@settings(max_examples=80, deadline=None)
@given(st.integers(1, 400), st.integers(20_000, 90_000), st.integers(-2000, 2000))
def test_a_total_agrees_exactly_when_within_rounding_of_count_times_unit_cost(tenths: int, unit: int, off: int) -> None:
    fte = Decimal(tenths).scaleb(-1)
    grade = Grade(name="Watch Manager", unit_cost=unit)
    total = fte * unit + off
    if total < 0:
        return
    p = proposal(PostsReleased(name="WM", grade="Watch Manager", fte=fte, cost=total), grades=[grade])
    found = _implied(checks(p))
    assert bool(found) == (abs(off) > ROUNDING)
    assert evaluate(p).years[0].gross_saving == total  # the figures use the total as stated


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(1, 50), min_size=1, max_size=4), st.integers(1, 2_000_000))
def test_a_stated_total_over_tranches_adds_back_to_the_total(steps: list[int], total: int) -> None:
    schedule = [{"on": f"2016-{4 + k:02d}-01", "fte": Decimal(n).scaleb(-1)} for k, n in enumerate(steps)]
    p = proposal(PostsReleased(name="WM", grade="Watch Manager", schedule=schedule, cost=total))
    # By the second year every tranche has arrived: the year's saving is the total, to the penny.
    assert evaluate(p).years[1].gross_saving == total
