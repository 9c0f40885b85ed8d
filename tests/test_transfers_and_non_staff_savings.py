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


# ---- Named indices (point 1): a line follows pay, inflation, nothing, or an index the file names and dates.

_CONTRACT = {
    "name": "cleaning contract",
    "rates": [{"year": "2017/18", "rate": "3.2%"}, {"year": "2018/19", "rate": "2.5%", "effective": "2018-10-01"}],
    "source": "contract clause 7: RPI-linked, capped",
    "checked": "2016-03-01",
}


def _indexed(**fields: object) -> Proposal:
    data: dict[str, object] = {
        "reference": "T",
        "start_year": "2016/17",
        "prices": "cash",
        "inflation": [{"year": "2017/18", "rate": "2%"}],
        "indices": [_CONTRACT],
        "lines": [RecurringSaving(name="Cleaning", amount="100k", uprate="cleaning contract", what="contract")],
    }
    return Proposal(**{**data, **fields})


def test_a_line_follows_its_named_index() -> None:
    result = evaluate(_indexed())
    # 2018/19: 3.2% from April 2017, then 2.5% more from 1 October 2018: half a year at each price.
    assert [y.gross_saving for y in result.years[:3]] == [100000, 103200, Decimal("104490.00")]
    assert "x 1.0320 cleaning contract (= £103,200)" in result.explain("gross_saving", 2017).parts[0]
    assert str(result.proposal.indices[0].checked) == "2016-03-01"


def test_a_named_index_does_nothing_in_constant_prices() -> None:
    result = evaluate(_indexed(prices="constant"))
    assert [y.gross_saving for y in result.years] == [100000] * 4


def test_an_unknown_index_is_refused_with_the_names_there_are() -> None:
    with pytest.raises(InputError) as caught:
        _indexed(lines=[RecurringSaving(name="Cleaning", amount="100k", uprate="cleaning contrat")])
    assert str(caught.value) == (
        "lines[0].uprate: unknown index 'cleaning contrat'; did you mean 'cleaning contract'?; name it in indices, "
        "or write pay, inflation or none"
    )


def test_an_index_may_not_take_the_name_pay() -> None:
    with pytest.raises(InputError, match="expected a name other than pay, inflation or none"):
        _indexed(indices=[{**_CONTRACT, "name": "pay"}])


def test_the_named_uprating_is_still_the_enum() -> None:
    from savingsmodel.model.prices import Uprating

    line = RecurringSaving(name="x", amount="1k", uprate="inflation")
    assert line.uprate is Uprating.INFLATION


def test_a_variant_may_replace_an_index() -> None:
    faster = _indexed().with_changes(
        lines={"Cleaning": {"start": "2016-04-01"}},
    )
    data = faster.model_dump()
    data["variants"] = [{"name": "higher", "indices": [{**_CONTRACT, "rates": [{"year": "2017/18", "rate": "5%"}]}]}]
    p = Proposal.model_validate(data)
    assert evaluate(p.with_variant("higher")).years[1].gross_saving == 105000
