"""TUPE transfers (issue 13 point 4) and recurring savings that are not posts (point 1).

Staff moving with a service are a transfer of budget: the establishment changes, but no post is
released or created, no figure moves, and the count checks do not take them for redundancies or new
posts. A contract ended, agency spend or premises is a recurring saving of its own kind.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings

from savingsmodel import (
    Count,
    Grade,
    InputError,
    PostsReleased,
    Proposal,
    RecurringSaving,
    TransferIn,
    TransferOut,
    evaluate,
)
from savingsmodel.testing import proposals

from builders import checks, proposal

COOK = Grade(name="Cook", unit_cost="28k")


def test_a_transfer_out_changes_the_establishment_but_saves_and_releases_nothing() -> None:
    p = proposal(
        PostsReleased(name="Cooks released", grade="Cook", fte=2),
        TransferOut(name="Catering staff", grade="Cook", fte=10, budget="280k", body="Acme Catering", source="para 4"),
        grades=[COOK],
    )
    year = evaluate(p).years[0]
    assert year.gross_saving == 56000  # the two released posts only
    assert year.fte_change == {"Cook": Decimal(-12)}
    assert year.fte_released == 2
    assert year.fte_created == 0
    parts = evaluate(p).explain("gross_saving", 2016).parts
    assert parts[1] == (
        "10 FTE transferred out to Acme Catering (TUPE) with a budget of £280,000 a year: a transfer of budget, "
        "not a saving = £0 (Catering staff; para 4)"
    )


def test_a_transfer_in_is_no_new_post() -> None:
    p = proposal(TransferIn(name="Joint team", grade="Cook", fte=3, body="the District Council"), grades=[COOK])
    year = evaluate(p).years[0]
    assert (year.fte_created, year.fte_change, year.additional_costs) == (0, {"Cook": Decimal(3)}, 0)


def test_the_count_checks_do_not_take_a_transfer_for_a_redundancy() -> None:
    p = proposal(
        PostsReleased(name="Cooks released", grade="Cook", fte=2),
        TransferOut(name="Catering staff", grade="Cook", fte=10),
        grades=[COOK],
        counts=[
            Count(what="posts_released", value=2, grade="Cook"),
            Count(what="establishment_before", value=20, grade="Cook"),
            Count(what="establishment_after", value=8, grade="Cook"),
        ],
    )
    found = checks(p)
    assert [f.code for f in found if f.is_warning] == []
    (establishment,) = [f for f in found if f.code == "COUNT-ESTABLISHMENT"]
    assert "- transferred out (TUPE) 10 (lines)" in establishment.message
    assert establishment.message.endswith(": holds")


def test_a_transfer_is_not_priced() -> None:
    with pytest.raises(InputError, match="expected no unit_cost on a TUPE transfer"):
        TransferOut(name="x", grade="Cook", fte=1, unit_cost="28k")


def test_a_recurring_saving_that_is_not_posts_feeds_the_gross_saving_and_uprates_by_inflation() -> None:
    p = Proposal(
        reference="T",
        start_year="2016/17",
        prices="cash",
        pay_awards=[{"year": "2017/18", "rate": "1%"}],
        inflation=[{"year": "2017/18", "rate": "2%"}],
        lines=[RecurringSaving(name="Agency cover", amount="100k", what="agency spend", source="para 3")],
    )
    result = evaluate(p)
    assert [y.gross_saving for y in result.years[:2]] == [100000, 102000]
    assert result.years[0].fte_change == {}


@settings(max_examples=40, deadline=None)
@given(proposals())
def test_no_transfer_moves_a_money_figure_or_the_posts_released_or_created(p: Proposal) -> None:
    without = p.model_copy(update={})
    kept = [line for line in p.lines if line.kind not in ("transfer_out", "transfer_in")]
    if len(kept) == len(p.lines):
        return
    data = without.model_dump()
    data["lines"] = [line.model_dump() for line in kept]
    data["variants"] = ()
    # A line priced in a transfer would lose its host: such draws are not this property's concern.
    if any(getattr(line, "priced_in", None) not in (None, *[k.name for k in kept]) for line in kept):
        return
    before, after = evaluate(p), evaluate(Proposal.model_validate(data))
    for a, b in zip(before.years, after.years, strict=True):
        assert (a.net_saving, a.gross_saving, a.additional_costs, a.full_year_effect) == (
            b.net_saving,
            b.gross_saving,
            b.additional_costs,
            b.full_year_effect,
        )
        assert (a.fte_released, a.fte_created) == (b.fte_released, b.fte_created)
