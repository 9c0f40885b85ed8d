"""The one table of line kinds: every other list of kinds is held to it, so a new kind is taught or fails here."""

from __future__ import annotations

import typing
from datetime import date

import pytest

from savingsmodel import testing
from savingsmodel.engine import terms as engine_terms
from savingsmodel.engine.terms import terms
from savingsmodel.model.grades import Grade
from savingsmodel.model.lines import (
    LINE_KINDS,
    Allowance,
    CapitalSpend,
    Line,
    LineKind,
    OneOffCost,
    OneOffIncome,
    PostsCreated,
    PostsReleased,
    RecurringCost,
    RecurringIncome,
    RecurringSaving,
    Redundancy,
    Regrade,
    Step,
    TransferIn,
    TransferOut,
    default_uprating,
)
from savingsmodel.model.prices import Uprating
from savingsmodel.model.proposal import Proposal


def test_the_table_is_the_line_union_in_its_order() -> None:
    union = typing.get_args(typing.get_args(Line)[0])
    assert tuple(kind.model for kind in LINE_KINDS.values()) == union
    for key, kind in LINE_KINDS.items():
        assert kind.name == key == kind.model.model_fields["kind"].default
        assert kind.label
        assert kind.label == kind.label.lower()


def test_the_table_cannot_be_changed_at_run_time() -> None:
    with pytest.raises(TypeError):
        LINE_KINDS["new_kind"] = LINE_KINDS["regrade"]  # type: ignore[index]


def test_every_kind_has_its_terms_in_the_engine() -> None:
    assert set(engine_terms._TERMS) == set(LINE_KINDS)


def test_every_kind_is_drawn_by_the_strategies() -> None:
    assert set(testing._DRAW) == set(LINE_KINDS)
    assert set(testing._KINDS_WITHOUT_GRADES) == {k for k, kind in LINE_KINDS.items() if not kind.counted_in_posts}


def test_default_uprating_reads_the_table() -> None:
    assert {key: default_uprating(key) for key in LINE_KINDS} == {
        key: kind.uprating for key, kind in LINE_KINDS.items()
    }
    assert default_uprating("posts_released") is Uprating.PAY
    assert default_uprating("recurring_income") is Uprating.INFLATION
    assert default_uprating("one_off_cost") is Uprating.NONE
    assert default_uprating("no such kind") is Uprating.NONE


def test_the_facts_of_each_kind() -> None:
    posts = {k for k, kind in LINE_KINDS.items() if kind.counted_in_posts}
    assert posts == {"posts_released", "posts_created", "regrade", "transfer_out", "transfer_in"}
    # A TUPE transfer is counted in posts but not priced: the budget moves with the staff.
    assert {k for k, kind in LINE_KINDS.items() if kind.prices_from_grade} == posts - {"transfer_out", "transfer_in"}
    assert [k for k, kind in LINE_KINDS.items() if kind.once] == [
        "one_off_cost",
        "one_off_income",
        "capital_spend",
        "redundancy",
    ]
    for kind in LINE_KINDS.values():
        # A field that states a price must be a field of the kind's model.
        assert set(kind.stated_price) <= set(kind.model.model_fields)
        assert kind.counted_in_posts == ({"fte", "schedule"} <= set(kind.model.model_fields))


@pytest.mark.parametrize(
    ("kind", "fields", "from_grade"),
    [
        ("posts_released", {"grade": "WM"}, True),
        ("posts_released", {"grade": "WM", "unit_cost": "48k"}, False),
        ("posts_created", {"grade": "WM"}, True),
        ("posts_created", {"grade": "WM", "cost": "32k"}, False),
        ("posts_created", {"grade": "WM", "priced_in": "Team"}, False),
        ("posts_created", {"grade": "WM", "unit_cost": "48k"}, False),
        ("regrade", {"from_grade": "WM", "to_grade": "SM"}, True),
        ("regrade", {"from_grade": "WM", "to_grade": "SM", "uplift_per_post": "2k"}, False),
        # A regrade's unit_cost is not its price: the uplift is, or the two grades' difference.
        ("regrade", {"from_grade": "WM", "to_grade": "SM", "unit_cost": "2k"}, True),
        ("allowance", {"total": "15k"}, False),
        ("recurring_cost", {"amount": "5k"}, False),
    ],
)
def test_which_lines_are_priced_from_a_grade(kind: str, fields: dict[str, str], from_grade: bool) -> None:
    assert LINE_KINDS[kind].takes_grade_price(fields) is from_grade


def test_a_line_of_every_kind_becomes_terms_of_its_kind() -> None:
    start = date(2016, 4, 1)
    proposal = Proposal(
        reference="every kind",
        start_year="2016/17",
        grades=[Grade(name="WM", unit_cost="48k"), Grade(name="SM", unit_cost="55k")],
        lines=[
            PostsReleased(name="released", grade="WM", fte=2),
            PostsCreated(name="created", grade="SM", schedule=[Step(on=start, fte=1)]),
            Regrade(name="regraded", from_grade="WM", to_grade="SM", fte=1),
            Allowance(name="allowance", total="1k"),
            RecurringCost(name="cost", amount="2k"),
            RecurringIncome(name="income", amount="3k"),
            OneOffCost(name="once", amount="4k"),
            OneOffIncome(name="grant", amount="6k"),
            CapitalSpend(name="kit", amount="60k", revenue_cost="7k"),
            Redundancy(name="leaver", start=start, age=45, service_years=10, weekly_pay="600"),
            RecurringSaving(name="contract", amount="5k", what="contract"),
            TransferOut(name="out", grade="WM", fte=1, budget="48k", body="Acme"),
            TransferIn(name="in", grade="SM", fte=1),
        ],
    )
    made = list(terms(proposal))
    assert [term.kind for term in made] == list(LINE_KINDS)
    assert [term.uprating for term in made] == [kind.uprating for kind in LINE_KINDS.values()]
    # Capital is spent once; its term is its revenue cost, which recurs (it feeds no once-only figure).
    assert [term.year is not None for term in made] == [
        kind.once and kind.name != "capital_spend" for kind in LINE_KINDS.values()
    ]
    assert [bool(term.fte) for term in made] == [kind.counted_in_posts for kind in LINE_KINDS.values()]


def test_a_line_kind_is_a_frozen_record() -> None:
    kind = LINE_KINDS["allowance"]
    assert isinstance(kind, LineKind)
    with pytest.raises(AttributeError):
        kind.label = "extra pay"  # type: ignore[misc]
