"""Counts over time (issue 13 point 10): a tranche and "one more" of the same grade in one year are added.

A paper says "12 Watch Manager posts will be released in 2016/17" and later "one more post will
also be released": two counts of the same quantity, grade and year that add, not two statements that
disagree. A count marked ``adds`` is added to the one before it; a year given twice in ``phased`` is
the two added. Splitting a line in two (two tranches, or two lines) leaves the figures as they were.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from savingsmodel import Count, PostsReleased, evaluate
from savingsmodel.model.statements import added_up

from builders import checks, proposal, released


def _codes(found: list[object]) -> list[tuple[str, str]]:
    return [(f.code, f.severity.value) for f in found]  # type: ignore[attr-defined]


def test_one_more_is_added_to_the_tranche_not_a_conflict() -> None:
    p = proposal(
        released(schedule=[{"on": "2016-04-01", "fte": 12}, {"on": "2016-10-01", "fte": 1}]),
        counts=[
            Count(what="posts_released", value=12, grade="Watch Manager", year="2016/17", source="para 9"),
            Count(what="posts_released", value=1, grade="Watch Manager", year="2016/17", adds=True, source="para 10"),
        ],
    )
    found = checks(p)
    assert [f for f in found if f.code in ("COUNT-CONFLICT", "COUNT-LINES")] == []
    ((index, count),) = added_up(p.counts)
    assert index == 0
    assert count.value == 13
    assert count.source == "para 9; para 10"


def test_without_adds_the_same_count_stated_twice_still_conflicts() -> None:
    p = proposal(
        released(fte=13),
        counts=[
            Count(what="posts_released", value=12, grade="Watch Manager", year="2016/17"),
            Count(what="posts_released", value=1, grade="Watch Manager", year="2016/17"),
        ],
    )
    assert "COUNT-CONFLICT" in [f.code for f in checks(p)]


def test_one_more_that_the_lines_do_not_show_is_still_found() -> None:
    p = proposal(
        released(fte=12),
        counts=[
            Count(what="posts_released", value=12, grade="Watch Manager", year="2016/17"),
            Count(what="posts_released", value=1, grade="Watch Manager", year="2016/17", adds=True),
        ],
    )
    lines = [f for f in checks(p) if f.code == "COUNT-LINES"]
    assert len(lines) == 1
    assert "13 Watch Manager posts released stated, the lines release 12" in lines[0].message
    assert lines[0].subject == "counts[0]"


def test_a_year_phased_twice_is_added() -> None:
    count = Count(
        what="posts_released",
        value=13,
        grade="Watch Manager",
        phased=[{"year": "2016/17", "value": 12}, {"year": "2017/18", "value": 0}, {"year": "2016/17", "value": 1}],
    )
    assert [(str(s.year), s.value) for s in count.phased] == [("2016/17", 13), ("2017/18", 0)]
    p = proposal(released(fte=13), counts=[count])
    assert [f.severity.value for f in checks(p) if f.code == "COUNT-PHASED"] == ["info"]
    assert [f for f in checks(p) if f.code == "COUNT-LINES"] == []


_STARTS = st.sampled_from([None, date(2016, 7, 1), date(2016, 10, 17), date(2017, 1, 1)])
_FTE = st.integers(1, 200).map(lambda n: Decimal(n).scaleb(-1))


@settings(max_examples=60, deadline=None)
@given(_FTE, _FTE, _STARTS, st.sampled_from(["months", "days"]))
def test_a_line_split_into_two_tranches_gives_the_same_figures(
    first: Decimal, second: Decimal, start: date | None, phasing: str
) -> None:
    on = start or date(2016, 4, 1)
    whole = evaluate(proposal(released(fte=first + second, start=start), phasing=phasing))
    split = evaluate(
        proposal(released(schedule=[{"on": on, "fte": first}, {"on": on, "fte": second}]), phasing=phasing)
    )
    assert whole.years == split.years


@settings(max_examples=60, deadline=None)
@given(_FTE, _FTE, _STARTS, st.sampled_from(["months", "days"]))
def test_a_line_split_into_two_lines_moves_no_figure_by_more_than_a_penny(
    first: Decimal, second: Decimal, start: date | None, phasing: str
) -> None:
    # Each line's part-year amount is rounded to the penny once, for the line: two lines round twice.
    whole = evaluate(proposal(released(fte=first + second, start=start), phasing=phasing))
    split = evaluate(
        proposal(
            PostsReleased(name="a", grade="Watch Manager", fte=first, start=start),
            PostsReleased(name="b", grade="Watch Manager", fte=second, start=start),
            phasing=phasing,
        )
    )
    for a, b in zip(whole.years, split.years, strict=True):
        assert abs((a.gross_saving - b.gross_saving).amount) <= Decimal("0.01")
        assert a.fte_change == b.fte_change
        assert a.fte_released == b.fte_released
        if start is None:  # a whole year is not rounded at all: exactly the same
            assert a.gross_saving == b.gross_saving
