"""Terms made cheaply (issue 8, point 2): shared by lines alike, their words written when read.

A posts line's tranches are made once per shape of line (``_GradeCosts.posts``) and shared by
every line of that shape; an amount line's working is written from its term when it is first
read. Each is held here to the terms made one line at a time, from nothing kept.
"""

from __future__ import annotations

import copy
import pickle
from dataclasses import FrozenInstanceError
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
import test_many  # its strategy of varied proposals: imported as a module, so its tests are not collected here
from hypothesis import given, settings
from hypothesis import strategies as st

from savingsmodel import Grade, PostsCreated, PostsReleased, Proposal, RecurringCost
from savingsmodel.engine import terms as engine_terms
from savingsmodel.engine.evaluation import evaluate
from savingsmodel.engine.terms import Term, terms
from savingsmodel.examples import scs4_1_revised
from savingsmodel.testing import proposals


def _seen(term: Term, proposal: Proposal) -> tuple[object, ...]:
    """Everything a term says, each amount as its Decimal is written, and its rebuilt cost in the first year."""
    rebuilt = None
    if term.rebuild is not None:
        made = term.rebuild(proposal.start_year, Decimal(1))
        rebuilt = (repr(made.rate), made.head, made.detail)
    return (
        term.line,
        term.figure,
        repr(term.rate),
        term.start,
        term.end,
        term.working,
        term.source,
        term.year,
        [(grade, repr(fte)) for grade, fte in term.fte.items()],
        term.uprating,
        term.kind,
        term.share,
        term.unstated,
        rebuilt,
    )


def _one_by_one(proposal: Proposal) -> list[tuple[object, ...]]:
    """The terms made with each posts line's tranches made afresh, as they were before lines alike shared them."""

    def afresh(
        self: object, proposal: Proposal, line: PostsReleased | PostsCreated, steps: tuple[tuple[date, Decimal], ...]
    ) -> tuple[engine_terms._Tranche, ...]:
        return engine_terms._tranches(proposal, line, tuple(fte for _, fte in steps))

    engine_terms._BUILT_UP.clear()
    engine_terms._GRADE_COSTS.clear()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(engine_terms._GradeCosts, "posts", afresh)
        return [_seen(term, proposal) for term in terms(proposal)]


def _with_copies(proposal: Proposal, copies: int) -> Proposal:
    """The same lines again under other names: lines of one shape, to be made once and shared."""
    lines = [*proposal.lines]
    for k in range(copies):
        lines += [line.model_copy(update={"name": f"{line.name} ({k})"}) for line in proposal.lines]
    return proposal.model_copy(update={"lines": tuple(lines), "variants": ()})


@settings(max_examples=40, deadline=None)
@given(st.one_of(test_many._varied_proposals(), proposals(max_lines=8)), st.integers(1, 2))
def test_terms_shared_by_lines_alike_are_those_made_one_by_one(proposal: Proposal, copies: int) -> None:
    proposal = _with_copies(proposal, copies)
    engine_terms._BUILT_UP.clear()
    shared = [_seen(term, proposal) for term in terms(proposal)]
    assert shared == _one_by_one(proposal)


def test_lines_alike_but_for_the_digits_written_are_not_one_shape() -> None:
    # 1 and 1.0 FTE, £48,000 and £48,000.00 are equal, but their rates are written differently.
    grades = [Grade(name="G", unit_cost="48000")]
    lines = [
        PostsReleased(name="a", grade="G", fte="1"),
        PostsReleased(name="b", grade="G", fte="1.0"),
        PostsReleased(name="c", grade="G", fte="1", unit_cost="48000.00"),
        PostsReleased(name="d", grade="G", fte="1"),
    ]
    proposal = Proposal(reference="D", start_year="2016/17", horizon=2, grades=grades, lines=lines)
    made = list(terms(proposal))
    assert [repr(t.rate) for t in made] == [
        "Money('48000')",
        "Money('48000.0')",
        "Money('48000.00')",
        "Money('48000')",
    ]
    assert made[0].rate is made[3].rate  # lines of one shape share their tranche's rate
    assert [_seen(t, proposal) for t in made] == _one_by_one(proposal)


#: A value of each field of a posts line's shape other than the one :func:`_posts_line` gives it.
_OTHER: dict[str, Any] = {
    "grade": "H",
    "fte": Decimal(2),
    "unit_cost": Decimal(1000),
    "cost": Decimal(5000),
    "headcount": Decimal(3),
    "vacant": True,
    "priced_in": "another line",
}


def _posts_line(model: type[PostsReleased | PostsCreated], **changes: Any) -> PostsReleased | PostsCreated:
    return model(**{"name": "x", "grade": "G", "fte": Decimal(1), "start": date(2016, 4, 1), **changes})


@pytest.mark.parametrize("model", [PostsReleased, PostsCreated])
def test_a_posts_shape_is_every_field_that_makes_its_terms(model: type[PostsReleased | PostsCreated]) -> None:
    # A field added to a posts line is in its shape or named as making no difference: never silently shared.
    shape = engine_terms._posts_shape
    shaped = set(model.model_fields) - engine_terms._NOT_SHAPE - {"kind"}
    assert shaped == set(_OTHER) & set(model.model_fields)
    plain = shape(_posts_line(model))
    for name in shaped:
        assert shape(_posts_line(model, **{name: _OTHER[name]})) != plain, name


def test_an_amount_lines_working_is_written_when_read() -> None:
    proposal = Proposal(
        reference="W",
        start_year="2016/17",
        horizon=2,
        lines=[RecurringCost(name="licences", amount="12000"), RecurringCost(name="kit", amount=None)],
    )
    first, second = terms(proposal)
    assert not isinstance(engine_terms._WORKING.__get__(first, Term), str)  # not written yet
    assert first.working == "£12,000 a year"
    assert engine_terms._WORKING.__get__(first, Term) == "£12,000 a year"  # written once, then kept
    assert second.working == "no amount stated (to be confirmed) a year"
    shared = next(terms(proposal.with_changes(our_share="60%")))
    assert (shared.working, str(shared.rate)) == ("(£12,000 a year) x our share 60%", "£7,200")


def test_an_evaluation_reads_as_before_with_its_workings_written_when_read() -> None:
    result = evaluate(scs4_1_revised())
    assert result.terms[0].working == "12 FTE x £48,000"
    assert all(isinstance(t.working, str) for t in result.terms)
    assert [str(y.net_saving) for y in result.years] == ["£360,000"] * 4


def test_schedules_of_one_total_in_other_steps_are_not_one_shape() -> None:
    grades = [Grade(name="G", unit_cost="30000")]
    steps = ([("2016-04-01", 2), ("2016-10-01", 1)], [("2016-04-01", 1), ("2016-10-01", 2)])
    lines = [
        PostsReleased(name=f"team {k}", grade="G", schedule=[{"on": on, "fte": fte} for on, fte in schedule])
        for k, schedule in enumerate(steps)
    ]
    proposal = Proposal(reference="S", start_year="2016/17", horizon=2, grades=grades, lines=lines)
    assert [str(t.rate) for t in terms(proposal)] == ["£60,000", "£30,000", "£30,000", "£60,000"]
    assert [_seen(t, proposal) for t in terms(proposal)] == _one_by_one(proposal)


def test_a_term_written_when_read_copies_and_stays_frozen() -> None:
    proposal = Proposal(reference="C", start_year="2016/17", horizon=2, lines=[RecurringCost(name="a", amount="500")])
    term = next(terms(proposal))
    assert copy.copy(term) == copy.deepcopy(term) == term
    assert copy.copy(term).working == "£500 a year"
    assert pickle.loads(pickle.dumps(term)) == term  # noqa: S301 - our own object, made here
    with pytest.raises(FrozenInstanceError):
        term.working = "something else"  # type: ignore[misc]
