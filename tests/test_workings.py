"""The engine's workings, step by step, add up to the engine's own figures: every term, year and grade."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given

from savingsmodel import Evaluation, Figure, Money, Proposal, evaluate
from savingsmodel.core.money import RoundingMode, round_fraction
from savingsmodel.engine.workings import workings
from savingsmodel.files import load

from builders import uprated_proposals

SCENARIOS = sorted(
    p for p in Path(__file__).parent.parent.joinpath("scenarios").glob("*.toml") if not p.name.startswith("plan-")
)


def every_variant(path: Path) -> list[Evaluation]:
    proposal = load(path).proposal
    return [evaluate(proposal), *(evaluate(proposal.with_variant(v.name)) for v in proposal.variants)]


def assert_workings_agree(evaluation: Evaluation) -> None:
    done = workings(evaluation)
    horizon = [w for w in done.rows if not w.opening]
    # Row by row, in the engine's order, the amount of each term in each year.
    paid = [(w.term.line, w.term.figure, w.year, w.amount) for w in horizon if w.pieces]
    assert paid == [(c.line, c.figure, c.year, c.amount) for c in evaluation.contributions]
    totals: dict[tuple[object, Figure], Money] = defaultdict(Money)
    full: dict[object, Money] = defaultdict(Money)
    for w in horizon:
        totals[w.year, w.term.figure] += w.amount
        if w.full_year is not None:
            sign = -1 if w.term.figure in (Figure.ADDITIONAL_COSTS, Figure.ONE_OFF_COSTS) else 1
            full[w.year] += w.full_year * sign
    for y in evaluation.years:
        for figure in (Figure.GROSS_SAVING, Figure.ADDITIONAL_COSTS, Figure.ONE_OFF_COSTS, Figure.INCOME):
            assert totals[y.year, figure] == y.figure(figure)
        assert full[y.year] == y.full_year_effect
        posts: dict[str, Decimal] = defaultdict(Decimal)
        for p in done.posts:
            if p.year == y.year and not p.opening:
                posts[p.grade] += p.fte
        assert dict(posts) == dict(y.fte_change)
    if evaluation.opening is None:
        assert done.opening_year is None
        assert not done.opening_terms
        return
    opening = evaluation.opening
    assert done.opening_year == opening.year
    for figure in (Figure.GROSS_SAVING, Figure.ADDITIONAL_COSTS, Figure.ONE_OFF_COSTS, Figure.INCOME):
        found = sum((w.amount for w in done.rows if w.opening and w.term.figure is figure), Money(0))
        assert found == opening.figure(figure)


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_workings_of_every_bundled_scenario_and_variant_give_the_engine_figures(path: Path) -> None:
    for evaluation in every_variant(path):
        assert_workings_agree(evaluation)


@given(uprated_proposals())
def test_workings_of_any_proposal_give_the_engine_figures(proposal: Proposal) -> None:
    assert_workings_agree(evaluate(proposal))


def test_a_line_in_force_before_the_horizon_has_opening_rows() -> None:
    from datetime import date

    from savingsmodel import Grade, PostsReleased, Proposal

    proposal = Proposal(
        reference="x",
        start_year="2016/17",
        grades=[Grade(name="WM", unit_cost="48000")],
        lines=[PostsReleased(name="early", grade="WM", fte=2, start=date(2015, 10, 1))],
    )
    evaluation = evaluate(proposal)
    assert evaluation.opening is not None
    done = workings(evaluation)
    assert [str(w.amount) for w in done.rows if w.opening] == ["£48,000"]
    assert_workings_agree(evaluation)


def test_an_undated_line_has_opening_rows_from_the_same_terms_as_the_engine() -> None:
    from datetime import date

    from savingsmodel import Grade, PostsReleased, Proposal, RecurringCost

    proposal = Proposal(
        reference="x",
        start_year="2016/17",
        grades=[Grade(name="WM", unit_cost="48000")],
        lines=[
            PostsReleased(name="early", grade="WM", fte=2, start=date(2015, 10, 1)),
            RecurringCost(name="undated", amount="1000"),
        ],
    )
    evaluation = evaluate(proposal)
    done = workings(evaluation)
    # The undated cost starts with the proposal, as in the engine: nothing in the year before.
    assert [w.term.line for w in done.rows if w.opening] == ["early"]
    assert done.opening_terms == evaluation.terms
    assert_workings_agree(evaluation)


def test_a_line_in_tranches_is_rounded_once_cumulatively() -> None:
    from savingsmodel.engine.evaluation import StartConventions, line_years, price_indices

    evaluation = evaluate(load(Path(__file__).parent.parent / "scenarios" / "library-restructure.toml").proposal)
    done = workings(evaluation)
    proposal = evaluation.proposal
    # The workings are the evaluator's own rows, not a parallel account of them.
    found = line_years(
        evaluation.terms,
        proposal.years,
        proposal.phasing,
        price_indices(proposal),
        conventions=StartConventions.of(proposal),
    )
    assert [w for w in done.rows if not w.opening] == [w for line in found for w in line.rows]
    in_tranches = [w for w in done.rows if len(w.line_terms) > 1 and w.rounded]
    assert in_tranches
    for w in in_tranches:
        group = [x for x in done.rows if x.line_terms == w.line_terms and x.year == w.year and x.opening == w.opening]
        upto = [x for x in group if x.tranche <= w.tranche and x.pieces]
        rounded = round_fraction(w.exact, Decimal("0.01"), RoundingMode.HALF_UP)
        assert sum((x.amount for x in upto), Money(0)) == rounded
