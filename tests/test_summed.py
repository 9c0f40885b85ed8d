"""The figures summed at once, in integer pence, are the line-by-line working's to the penny (issue 8, point 2).

:func:`~savingsmodel.engine.evaluation.evaluate` sums every line's amounts together
(:mod:`savingsmodel.engine.summed`); the line-by-line working (:func:`line_years`, each row's
``Fraction`` summed one by one) is the spec it is held to: every figure, each Decimal as written
(``48000`` and ``48720.00`` alike), every contribution and its working, and the payback period.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

import numpy as np
import test_many  # its strategy of varied proposals: imported as a module, so its tests are not collected here
from hypothesis import given, settings
from hypothesis import strategies as st

from savingsmodel import Grade, PostsReleased, Proposal, RecurringCost
from savingsmodel.engine.evaluation import (
    Evaluation,
    StartConventions,
    _contributions_to,
    _evaluate_line_by_line,
    _evaluate_summed,
    evaluate,
    line_years,
    price_indices,
)
from savingsmodel.engine.summed import money_of, monthly
from savingsmodel.engine.terms import terms
from savingsmodel.engine.uprating import monthly_amounts
from savingsmodel.examples import scs4_1_revised
from savingsmodel.model.claims import Figure
from savingsmodel.testing import proposals

from builders import uprated_proposals


def _both(proposal: Proposal) -> tuple[Evaluation, Evaluation]:
    all_terms = tuple(terms(proposal))
    fast = _evaluate_summed(proposal, proposal.years, None, all_terms)
    slow = _evaluate_line_by_line(proposal, proposal.years, None, all_terms)
    return fast, slow


def _written(evaluation: Evaluation) -> list[tuple[str, ...]]:
    """Every figure of every year as its Decimal is written (so ``360000`` and ``360000.00`` differ)."""
    rows = []
    for y in evaluation.years:
        money = tuple(repr(y.figure(f)) for f in Figure if f.is_money)
        fte = tuple(f"{g}={v!r}" for g, v in y.fte_change.items())
        rows.append((*money, repr(y.full_year_effect), repr(y.fte_released), repr(y.fte_created), *fte))
    return rows


def _same(proposal: Proposal, *, texts: bool = True) -> None:
    fast, slow = _both(proposal)
    assert _written(fast) == _written(slow)
    mine = [(c.line, c.figure, c.year, repr(c.amount)) for c in fast.contributions]
    theirs = [(c.line, c.figure, c.year, repr(c.amount)) for c in slow.contributions]
    assert mine == theirs
    assert len(fast.contributions) == len(slow.contributions)
    if texts:
        assert [c.text for c in fast.contributions] == [c.text for c in slow.contributions]
    for y in fast.years:
        for figure in (f for f in Figure if f.is_money):
            # One figure's contributions in one year, made without the others: the same, in the same order.
            chosen = list(_contributions_to(fast.contributions, figure, y.year))
            assert chosen == [c for c in slow.contributions if c.figure is figure and c.year == y.year]
            if texts:
                assert [c.text for c in chosen] == [
                    c.text for c in slow.contributions if c.figure is figure and c.year == y.year
                ]
    assert fast.payback == slow.payback
    assert _monthly(proposal) == _monthly_line_by_line(proposal)


def _monthly(proposal: Proposal) -> list[Fraction]:
    all_terms = tuple(terms(proposal))
    costs = [t.figure in (Figure.ADDITIONAL_COSTS, Figure.ONE_OFF_COSTS) for t in all_terms]
    signs = np.where(np.array(costs, dtype=bool), -1, 1)
    conventions, indices = StartConventions.of(proposal), price_indices(proposal)
    return monthly(all_terms, proposal.years, proposal.phasing, indices, conventions, signs)


def _monthly_line_by_line(proposal: Proposal) -> list[Fraction]:
    """The payback's month-by-month series as the line-by-line working makes it: each row's months, summed."""
    all_terms = tuple(terms(proposal))
    conventions, indices = StartConventions.of(proposal), price_indices(proposal)
    found = [Fraction(0)] * (12 * len(proposal.years))
    for line in line_years(all_terms, proposal.years, proposal.phasing, indices, conventions=conventions):
        y = proposal.years.index(line.year)
        for w in line.rows:
            if not w.pieces or w.term.year is not None:
                continue
            start, end = conventions.counted(w.term, proposal.phasing)
            sign = -1 if w.term.figure in (Figure.ADDITIONAL_COSTS, Figure.ONE_OFF_COSTS) else 1
            uprate = line.rates.uprate(w.tranche)
            by_month = monthly_amounts(w.term.rate, start, end, line.year, proposal.phasing, line.index, uprate=uprate)
            for m, amount in enumerate(by_month):
                found[y * 12 + m] += sign * amount
    return found


@settings(max_examples=200, deadline=None)
@given(test_many._varied_proposals())
def test_the_sums_are_the_line_by_line_working_to_the_penny(proposal: Proposal) -> None:
    _same(proposal)


@settings(max_examples=100, deadline=None)
@given(proposals(max_lines=12))
def test_any_drawn_proposal_is_summed_as_worked_line_by_line(proposal: Proposal) -> None:
    _same(proposal)


@settings(max_examples=60, deadline=None)
@given(uprated_proposals(), st.integers(0, 2))
def test_cash_terms_are_summed_as_worked_line_by_line(proposal: Proposal, copies: int) -> None:
    # The same lines again under other names: the sums of many lines, as of one.
    lines = [*proposal.lines]
    for k in range(copies):
        lines += [line.model_copy(update={"name": f"{line.name} ({k})"}) for line in proposal.lines]
    _same(proposal.model_copy(update={"lines": tuple(lines)}), texts=False)


def test_the_worked_case_is_summed_as_worked_line_by_line() -> None:
    _same(scs4_1_revised())
    _same(scs4_1_revised().with_variant("posts-leave-october"))


def test_a_year_before_the_horizon_is_the_opening_as_line_by_line() -> None:
    proposal = scs4_1_revised().with_changes(lines={"Watch Manager posts released": {"start": date(2015, 10, 1)}})
    result = evaluate(proposal)
    assert result.opening is not None
    assert str(result.opening.gross_saving) == "£288,000"
    assert [str(x) for x in result.series("gross_saving_incremental")] == ["£288,000", "£0", "£0", "£0"]


def test_amounts_past_int64_are_summed_exactly() -> None:
    # Rates of many billions, over several years: past what int64 holds once times 366 days and summed.
    big = Decimal("98765432109876.54")
    proposal = Proposal(
        reference="BIG",
        start_year="2016/17",
        horizon=3,
        phasing="days",
        grades=[Grade(name="G", unit_cost=big)],
        lines=[
            PostsReleased(name=f"posts {k}", grade="G", fte=Decimal("3.5"), start=date(2016, 8, 17 + k))
            for k in range(3)
        ]
        + [RecurringCost(name="team", amount=big, start=date(2016, 11, 3))],
    )
    _same(proposal)


def test_money_of_writes_pence_as_the_working_does() -> None:
    assert repr(money_of(36000000, 0)) == "Money('360000')"
    assert repr(money_of(4872012, -2)) == "Money('48720.12')"
    assert repr(money_of(0, 0)) == "Money('0')"


def test_contributions_are_made_when_read_and_compare_as_a_sequence() -> None:
    result = evaluate(scs4_1_revised())
    listed = list(result.contributions)
    assert result.contributions == tuple(listed)
    assert result.contributions[0] == listed[0]
    assert result.contributions[:2] == tuple(listed[:2])
    assert len(result.contributions) == len(listed) == 28
    assert listed[0].text == "12 FTE x £48,000 = £576,000 (Watch Manager posts released; para 9)"
