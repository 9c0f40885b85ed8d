"""What the test files share: small proposals built in a line, and what the tests read off them.

Import it as ``from builders import ...``: pyproject.toml puts ``tests/`` on the import path
(pytest's ``pythonpath``), so it works in a whole run and in a run of one file alike.
Helpers that only one file uses stay in that file.
"""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import strategies as st

from savingsmodel.checks.findings import CheckFinding
from savingsmodel.checks.registry import run_checks
from savingsmodel.core.errors import InputError
from savingsmodel.core.money import Money
from savingsmodel.engine.evaluation import Evaluation, evaluate
from savingsmodel.model.grades import Grade
from savingsmodel.model.lines import OneOffCost, PostsReleased, RecurringCost, RecurringIncome
from savingsmodel.model.proposal import Proposal

__all__ = [
    "CASH_MEANING",
    "CLERK",
    "CONSTANT_PRICES",
    "MEANING",
    "ROOT",
    "WATCH_MANAGER",
    "amounts",
    "changed",
    "checks",
    "clerks",
    "messages",
    "proposal",
    "released",
    "uprated_proposals",
]

ROOT = Path(__file__).resolve().parent.parent
"""The repository: ``scenarios/``, ``docs/`` and ``savingsmodel/`` are under it."""

#: What a report says constant (base-year) prices mean, and what cash terms with awards mean (issue 12, point 6).
MEANING = "(base-year prices, not uprated: pay inflation is costed once, among the pressures)"
CONSTANT_PRICES = f"constant prices {MEANING}"
CASH_MEANING = "each year at its own prices, pay inflation within the saving)"

WATCH_MANAGER = Grade(name="Watch Manager", unit_cost="48000")
CLERK = Grade(name="Clerk", unit_cost="30000")


def proposal(*lines: Any, **fields: Any) -> Proposal:
    """A proposal "T" from 2016/17 with these lines, priced from the Watch Manager grade (£48,000 a post).

    Any other field is a keyword (``phasing=``, ``pay_awards=``, ...); ``grades=`` replaces the
    Watch Manager, ``reference=`` the "T". A file with grades of its own binds them once:
    ``proposal = partial(builders.proposal, grades=GRADES)``.
    """
    data: dict[str, Any] = {"reference": "T", "start_year": "2016/17", "grades": [WATCH_MANAGER], "lines": list(lines)}
    return Proposal(**{**data, **fields})


def released(**fields: Any) -> PostsReleased:
    """Watch Manager posts released ('WM posts released'): give ``fte`` or a ``schedule``, and any dates."""
    return PostsReleased(name="WM posts released", grade="Watch Manager", **fields)


def clerks(**fields: Any) -> Proposal:
    """Two clerks (£30,000 a year each) released from 2016/17; a keyword replaces that part of it.

    ``clerks(claims=[...])`` adds claims to check; ``clerks(lines=[...])`` and ``clerks(grades=[...])``
    replace the posts and the grade.
    """
    data: dict[str, Any] = {
        "reference": "T-1",
        "start_year": "2016/17",
        "grades": [CLERK],
        "lines": [PostsReleased(name="Clerks", grade="Clerk", fte=2)],
    }
    return Proposal(**{**data, **fields})


def changed(proposal: Proposal, **fields: Any) -> Proposal:
    """The proposal with top-level fields replaced, validated again (an InputError when the result is bad)."""
    return Proposal(**{**proposal.model_dump(), **fields})


def amounts(result: Evaluation, name: str) -> list[Money]:
    """One money figure in every year of the result, in order: ``amounts(result, "gross_saving")``."""
    return [getattr(year, name) for year in result.years]


def checks(proposal: Proposal) -> list[CheckFinding]:
    """The officer checks' findings on the proposal's figures, in the registry's order."""
    return run_checks(evaluate(proposal))


def messages(error: InputError | pytest.ExceptionInfo[InputError]) -> list[str]:
    """Each problem of an input error as ``path: message``, in order; takes the error or pytest's caught one."""
    if isinstance(error, pytest.ExceptionInfo):
        error = error.value
    return [str(problem) for problem in error.problems]


@st.composite
def uprated_proposals(draw: st.DrawFn) -> Proposal:
    """Any proposal (``savingsmodel.testing.proposals``), in cash or constant prices, with pay awards and
    inflation from any day of some of its years (and the year before it)."""
    from savingsmodel.model.prices import Award
    from savingsmodel.testing import proposals

    drawn = draw(proposals())
    years = [drawn.start_year.previous(), *drawn.years]

    def awards() -> list[Award]:
        chosen = draw(st.lists(st.sampled_from(years), unique=True, max_size=3))
        return [
            Award(
                year=year,
                rate=draw(st.sampled_from(["0%", "1%", "2.5%", "-1%", "3.3%"])),
                effective=year.start + timedelta(days=draw(st.integers(0, 364))),
            )
            for year in chosen
        ]

    prices = draw(st.sampled_from(["cash", "constant"]))
    return changed(drawn, prices=prices, pay_awards=awards(), inflation=awards())


def table_rows(text: str) -> dict[str, list[str]]:
    """A text table's rows by label: the label, then each cell (columns are two or more spaces apart)."""
    rows: dict[str, list[str]] = {}
    for line in text.splitlines():
        label, *cells = re.split(r"\s{2,}", line.strip())
        rows[label] = cells
    return rows


def small_proposal(amounts: list[int], income: int, one_off: int) -> Proposal:
    """Posts at the first amount, a recurring cost of each other, income and a one-off cost: the £000 tables' case."""
    return Proposal(
        reference="R",
        start_year="2020/21",
        horizon=2,
        grades=[Grade(name="G", unit_cost=amounts[0])],
        lines=[
            PostsReleased(name="posts", grade="G", fte=1),
            *(RecurringCost(name=f"cost {i}", amount=a) for i, a in enumerate(amounts[1:])),
            RecurringIncome(name="income", amount=income),
            OneOffCost(name="once", amount=one_off, year="2020/21"),
        ],
    )
