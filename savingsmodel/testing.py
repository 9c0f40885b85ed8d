"""Hypothesis strategies for property-testing proposals: money, FTE, years, grades, lines, whole proposals.

Use them in your own tests (hypothesis is a test extra, so nothing in the package imports this module)::

    from hypothesis import given
    from savingsmodel import evaluate
    from savingsmodel.testing import proposals

    @given(proposals())
    def test_net_is_gross_less_costs(proposal):
        for year in evaluate(proposal).years:
            assert year.net_saving == year.gross_saving + year.income - year.additional_costs - year.one_off_costs

Every proposal drawn is valid: names are unique, references resolve, dates and
claim years fall inside the horizon, and each variant can be applied. Sizes are
kept small (a few grades and lines) so properties run fast.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from datetime import date, timedelta
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Final

from hypothesis import strategies as st

from savingsmodel.core.money import Money
from savingsmodel.core.phasing import Phasing
from savingsmodel.core.text import refused_characters
from savingsmodel.core.years import FinancialYear
from savingsmodel.model.claims import Basis, Claim, Figure
from savingsmodel.model.grades import Grade
from savingsmodel.model.lines import (
    LINE_KINDS,
    Allowance,
    CapitalFunding,
    CapitalSpend,
    Funding,
    Line,
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
)
from savingsmodel.model.proposal import Assumption, Proposal, Variant

__all__ = [
    "financial_years",
    "fte",
    "grades",
    "lines",
    "money",
    "names",
    "proposals",
]

_COMMON_NAMES = (
    "Watch Manager",
    "Crew Manager",
    "Firefighter",
    "Station Manager",
    "Incident Support Officer",
    "Analyst",
    "Team Leader",
)
# Text a person might type into a name, including what a file format must escape (quotes, backslashes,
# brackets, accents, other scripts), but no control character: an input refuses those (see core.text).
# A note (free text) may also run over lines and hold tabs.
_TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_characters=refused_characters()), max_size=12)
_FREE_TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_characters=refused_characters(multiline=True)), max_size=12
)
_NOTE = st.one_of(st.just(""), _FREE_TEXT)
_SOURCE = st.sampled_from(["", "para 9", "para 12", "appendix A"])
_Years = Sequence[FinancialYear]
# Draws one line of a kind: (draw, the fields every line has, grade names, the costed ones, the years).
_Drawer = Callable[[st.DrawFn, dict[str, Any], Sequence[str], Sequence[str], _Years], Line]


# The strategies are built once per argument: hypothesis spends most of its time building strategy
# objects when they are made afresh for every example.


@functools.cache
def names() -> st.SearchStrategy[str]:
    """Names: common grade names, or any short non-empty text on one line (quotes, dots, accents, brackets)."""
    return st.one_of(st.sampled_from(_COMMON_NAMES), _TEXT.filter(bool))


@functools.cache
def money(max_pounds: int = 1_000_000) -> st.SearchStrategy[Money]:
    """Amounts from £0 to ``max_pounds``: round thousands, whole pounds or pounds and pence."""
    return st.one_of(
        st.integers(0, max_pounds // 1000).map(lambda k: Money(k * 1000)),
        st.integers(0, max_pounds).map(Money),
        st.integers(0, max_pounds * 100).map(lambda pence: Money(Decimal(pence).scaleb(-2))),
    )


@functools.cache
def fte(max_fte: int = 40) -> st.SearchStrategy[Decimal]:
    """Full-time equivalents from 0 to ``max_fte``, in tenths (12, 0.5, 2.3)."""
    return st.integers(0, max_fte * 10).map(lambda n: Decimal(n // 10) if n % 10 == 0 else Decimal(n).scaleb(-1))


@functools.cache
def financial_years(first: int = 2010, last: int = 2035) -> st.SearchStrategy[FinancialYear]:
    """Financial years starting from ``first`` to ``last`` (2016 is 2016/17)."""
    return st.integers(first, last).map(FinancialYear)


@functools.cache
def grades(min_size: int = 1, max_size: int = 4) -> st.SearchStrategy[tuple[Grade, ...]]:
    """A few grades with unique names; most have a unit cost, some (like a paper's) do not."""
    return _grades(min_size, max_size)


@st.composite
def _grades(draw: st.DrawFn, min_size: int, max_size: int) -> tuple[Grade, ...]:
    chosen = draw(st.lists(names(), min_size=min_size, max_size=max_size, unique=True))
    return tuple(
        Grade(
            name=name,
            unit_cost=None if draw(st.integers(0, 3)) == 0 else draw(money(90_000)),
            note=draw(_NOTE),
            source=draw(_SOURCE),
        )
        for name in chosen
    )


def _pick(draw: st.DrawFn, choices: Sequence[Any]) -> Any:
    """One of ``choices``, drawn by index (cheaper than a new sampled_from for each example)."""
    return choices[draw(st.integers(0, len(choices) - 1))]


def _date(draw: st.DrawFn, years: Sequence[FinancialYear], after: date | None = None) -> date:
    first, last = after or years[0].start, years[-1].end
    return first + timedelta(days=draw(st.integers(0, (last - first).days)))


def lines(
    grade_names: Sequence[str],
    costed: Sequence[str] | None = None,
    years: Sequence[FinancialYear] | None = None,
    min_size: int = 0,
    max_size: int = 5,
) -> st.SearchStrategy[tuple[Line, ...]]:
    """Lines of every kind with unique names, on ``grade_names``; dates and schedules fall in ``years``.

    ``costed`` names the grades that have a unit cost (default: all); a line priced
    from a grade without one states its own cost. ``years`` defaults to 2016/17 and
    the three years after it.
    """
    chosen_costed = tuple(grade_names if costed is None else costed)
    horizon = tuple(years) if years is not None else FinancialYear(2016).range(4)
    return _lines(tuple(grade_names), chosen_costed, horizon, min_size, max_size)


@st.composite
def _lines(
    draw: st.DrawFn,
    grade_names: tuple[str, ...],
    costed: tuple[str, ...],
    years: tuple[FinancialYear, ...],
    min_size: int,
    max_size: int,
) -> tuple[Line, ...]:
    chosen = draw(st.lists(names(), min_size=min_size, max_size=max_size, unique=True))
    drawn = [_line(draw, name, grade_names, costed, years) for name in chosen]
    # Some posts created are priced inside another line, named by it.
    for index, line in enumerate(drawn):
        if isinstance(line, PostsCreated) and line.cost is None and len(drawn) > 1 and draw(st.booleans()):
            others = [other.name for other in drawn if other.name != line.name]
            drawn[index] = PostsCreated(**{**line.model_dump(), "priced_in": _pick(draw, others), "unit_cost": None})
    return tuple(drawn)


def _line(
    draw: st.DrawFn, name: str, grade_names: Sequence[str], costed: Sequence[str], years: Sequence[FinancialYear]
) -> Line:
    # Lines counted in posts are posts of a grade: with no grades, only the other kinds can be drawn.
    kind = _pick(draw, _DRAWN_KINDS if grade_names else _KINDS_WITHOUT_GRADES)
    common: dict[str, Any] = {"name": name, "note": draw(_NOTE), "source": draw(_SOURCE)}
    return _DRAW[kind](draw, common, grade_names, costed, years)


def _graded(draw: st.DrawFn, grade_names: Sequence[str], costed: Sequence[str]) -> tuple[str, Money | None]:
    """A grade, and a unit cost for the line when its grade has none (and now and then when it has)."""
    grade = _pick(draw, grade_names)
    return grade, draw(money(90_000)) if grade not in costed or draw(st.integers(0, 4)) == 0 else None


def _posts_released(
    draw: st.DrawFn, common: dict[str, Any], grade_names: Sequence[str], costed: Sequence[str], years: _Years
) -> Line:
    posts = _posts_fields(draw, years)
    grade, unit_cost = _graded(draw, grade_names, costed)
    return PostsReleased(**common, **posts, grade=grade, unit_cost=unit_cost)


def _posts_created(
    draw: st.DrawFn, common: dict[str, Any], grade_names: Sequence[str], costed: Sequence[str], years: _Years
) -> Line:
    posts = _posts_fields(draw, years)
    grade, unit_cost = _graded(draw, grade_names, costed)
    stated = sum((step.fte for step in posts.get("schedule", ())), posts.get("fte") or Decimal(0))
    cost = draw(money(500_000)) if stated and draw(st.booleans()) else None
    return PostsCreated(**common, **posts, grade=grade, unit_cost=unit_cost if cost is None else None, cost=cost)


def _regrade(
    draw: st.DrawFn, common: dict[str, Any], grade_names: Sequence[str], costed: Sequence[str], years: _Years
) -> Line:
    posts = _posts_fields(draw, years)
    from_grade, to_grade = _pick(draw, grade_names), _pick(draw, grade_names)
    uplift = None
    if from_grade not in costed or to_grade not in costed or draw(st.booleans()):
        uplift = draw(money(20_000))
    return Regrade(**common, **posts, from_grade=from_grade, to_grade=to_grade, uplift_per_post=uplift)


def _allowance(
    draw: st.DrawFn, common: dict[str, Any], grade_names: Sequence[str], costed: Sequence[str], years: _Years
) -> Line:
    common = {**common, **_span(draw, years)}
    if draw(st.booleans()):
        return Allowance(**common, total=draw(money(100_000)))
    return Allowance(**common, per_post=draw(money(5_000)), posts=draw(fte(20)))


def _recurring_cost(
    draw: st.DrawFn, common: dict[str, Any], grade_names: Sequence[str], costed: Sequence[str], years: _Years
) -> Line:
    common = {**common, **_span(draw, years)}
    return RecurringCost(**common, amount=draw(money(500_000)))


def _recurring_income(
    draw: st.DrawFn, common: dict[str, Any], grade_names: Sequence[str], costed: Sequence[str], years: _Years
) -> Line:
    common = {**common, **_span(draw, years)}
    return RecurringIncome(**common, amount=draw(money(500_000)))


def _one_off_cost(
    draw: st.DrawFn, common: dict[str, Any], grade_names: Sequence[str], costed: Sequence[str], years: _Years
) -> Line:
    common = {**common, **_span(draw, years)}
    amount = draw(money(500_000))
    year = _pick(draw, years) if draw(st.booleans()) else None
    return OneOffCost(**common, amount=amount, year=year, funding=_pick(draw, list(Funding)))


def _one_off_income(
    draw: st.DrawFn, common: dict[str, Any], grade_names: Sequence[str], costed: Sequence[str], years: _Years
) -> Line:
    start = _date(draw, years) if draw(st.booleans()) else None
    year = _pick(draw, years) if draw(st.booleans()) else None
    return OneOffIncome(**common, amount=draw(money(500_000)), start=start, year=year)


def _capital_spend(
    draw: st.DrawFn, common: dict[str, Any], grade_names: Sequence[str], costed: Sequence[str], years: _Years
) -> Line:
    """Capital spend, with each way of stating its revenue consequence: none, MRP, interest, both, or stated."""
    start = _date(draw, years) if draw(st.booleans()) else None
    year = _pick(draw, years) if draw(st.booleans()) else None
    fields: dict[str, Any] = {"amount": draw(money(2_000_000)), "start": start, "year": year}
    way = draw(st.integers(0, 5))
    if way == 0:
        fields["funding"] = _pick(draw, [f for f in CapitalFunding if f is not CapitalFunding.BORROWING])
    if way in (2, 4):
        fields["asset_life"] = draw(st.integers(1, 40))
    if way in (3, 4):
        fields["interest_rate"] = draw(st.sampled_from(["0.035", "0.045", "0.05", "0.0625"]))
    if way == 5:
        fields["revenue_cost"] = draw(money(300_000))
        fields["asset_life"] = draw(st.none() | st.integers(1, 40))
    return CapitalSpend(**common, **fields)


def _recurring_saving(
    draw: st.DrawFn, common: dict[str, Any], grade_names: Sequence[str], costed: Sequence[str], years: _Years
) -> Line:
    common = {**common, **_span(draw, years)}
    what = _pick(draw, ("", "contract", "agency spend", "premises"))
    return RecurringSaving(**common, amount=draw(money(500_000)), what=what)


def _transfer(
    draw: st.DrawFn, common: dict[str, Any], grade_names: Sequence[str], costed: Sequence[str], years: _Years
) -> Line:
    posts = _posts_fields(draw, years)
    budget = draw(money(500_000)) if draw(st.booleans()) else None
    body = _pick(draw, ("", "Acme Services Ltd", "the County Council"))
    model = TransferOut if draw(st.booleans()) else TransferIn
    return model(**common, **posts, grade=_pick(draw, grade_names), budget=budget, body=body)


def _redundancy(
    draw: st.DrawFn, common: dict[str, Any], grade_names: Sequence[str], costed: Sequence[str], years: _Years
) -> Line:
    # The weekly cap is always stated: a drawn leaving date may fall outside the limits shipped.
    age = draw(st.integers(16, 70))
    strain = draw(money(200_000)) if draw(st.booleans()) else None
    return Redundancy(
        **common,
        start=_date(draw, years),
        age=age,
        service_years=draw(st.integers(0, age - 16)),
        weekly_pay=draw(money(2_000)),
        weekly_cap=draw(money(1_000)),
        multiplier=draw(st.sampled_from(["1", "1.5", "2"])),
        strain=strain,
    )


#: How a line of each kind (a key of :data:`~savingsmodel.model.lines.LINE_KINDS`) is drawn; a test holds the
#: two tables to the same kinds. The order is the order kinds are drawn in (hypothesis shrinks to the first).
_DRAW: Final[Mapping[str, _Drawer]] = MappingProxyType(
    {
        "posts_created": _posts_created,
        "regrade": _regrade,
        "posts_released": _posts_released,
        "allowance": _allowance,
        "recurring_cost": _recurring_cost,
        "recurring_income": _recurring_income,
        "one_off_cost": _one_off_cost,
        "one_off_income": _one_off_income,
        "capital_spend": _capital_spend,
        "recurring_saving": _recurring_saving,
        "transfer_out": _transfer,
        "transfer_in": _transfer,
        "redundancy": _redundancy,
    }
)
_DRAWN_KINDS: Final = tuple(_DRAW)
_KINDS_WITHOUT_GRADES: Final = tuple(kind for kind in _DRAW if not LINE_KINDS[kind].counted_in_posts)


def _span(draw: st.DrawFn, years: Sequence[FinancialYear]) -> dict[str, Any]:
    """An optional start and end inside the horizon, end never before start."""
    start = _date(draw, years) if draw(st.booleans()) else None
    end = _date(draw, years, after=start) if draw(st.integers(0, 3)) == 0 else None
    return {"start": start, "end": end}


def _posts_fields(draw: st.DrawFn, years: Sequence[FinancialYear]) -> dict[str, Any]:
    """Either an FTE (with an optional span) or a schedule of steps, never both a start and a schedule."""
    if draw(st.integers(0, 3)) == 0:
        steps = sorted((_date(draw, years), draw(fte(10))) for _ in range(draw(st.integers(1, 3))))
        end = _date(draw, years, after=steps[-1][0]) if draw(st.booleans()) else None
        return {"schedule": tuple(Step(on=on, fte=amount) for on, amount in steps), "end": end}
    return {"fte": draw(fte()), **_span(draw, years)}


def _claim(draw: st.DrawFn, years: Sequence[FinancialYear], grade_names: Sequence[str]) -> Claim:
    figure = _pick(draw, list(Figure))
    basis = _pick(draw, list(figure.bases))
    value = draw(st.integers(-2_000_000, 2_000_000)) if figure.is_money else draw(st.integers(-40, 40))
    grade = None
    if grade_names and figure is Figure.FTE_CHANGE and draw(st.booleans()):
        grade = _pick(draw, grade_names)
    return Claim(
        figure=figure,
        value=Decimal(value),
        year=None if basis is Basis.TOTAL else _pick(draw, years),
        basis=basis,
        grade=grade,
        rounded_to=Decimal(1000) if figure.is_money and draw(st.booleans()) else None,
        tolerance=_pick(draw, (None, Decimal(1), Decimal("0.5"))),
        words=draw(_NOTE),
        source=draw(_SOURCE),
    )


def _assumption(draw: st.DrawFn, name: str) -> Assumption:
    value: str | Decimal = (
        _pick(draw, ("48000", "2016-04-01", "by April 2016")) if draw(st.booleans()) else draw(money()).amount
    )
    return Assumption(name=name, value=value, source=draw(_SOURCE), note=draw(_NOTE))


def _variant(draw: st.DrawFn, name: str, proposal: Proposal) -> Variant:
    """Overrides that keep the proposal valid: unit costs, amounts, FTE, starts, notes, phasing, a longer horizon."""
    years = proposal.years
    grade_changes: dict[str, dict[str, Any]] = {}
    for grade in proposal.grades:
        if draw(st.integers(0, 2)) == 0:
            change: dict[str, Any] = {"note": draw(_NOTE)}
            if grade.unit_cost is not None:
                change["unit_cost"] = _pick(draw, ("50k", "£45,500.50", str(draw(money(90_000)).amount)))
            grade_changes[grade.name] = change
    line_changes: dict[str, dict[str, Any]] = {}
    for line in proposal.lines:
        if draw(st.integers(0, 2)) != 0:
            continue
        change = {"note": draw(_NOTE)}
        if "amount" in type(line).model_fields:
            change["amount"] = str(draw(money()).amount)
        if LINE_KINDS[line.kind].counted_in_posts and not getattr(line, "schedule", ()):
            stated_cost = getattr(line, "cost", None) is not None
            # Posts with a stated cost need some FTE to carry it.
            change["fte"] = draw(fte().filter(bool)) if stated_cost else draw(fte())
        if line.end is None and not getattr(line, "schedule", ()):
            change["start"] = _date(draw, years)
        line_changes[line.name] = change
    return Variant(
        name=name,
        description=draw(_NOTE),
        phasing=_pick(draw, (None, Phasing.DAYS, Phasing.MONTHS)),
        horizon=_pick(draw, (None, min(30, proposal.horizon + 1))),
        grades=grade_changes,
        lines=line_changes,
    )


@st.composite
def proposals(draw: st.DrawFn, max_lines: int = 5) -> Proposal:
    """Valid proposals with every line kind, claims, assumptions and variants that refer to existing names."""
    start = draw(financial_years(2012, 2030))
    horizon = draw(st.integers(1, 5))
    years = start.range(horizon)
    drawn_grades = draw(grades(0, 4) if draw(st.integers(0, 9)) == 0 else grades(1, 4))
    grade_names = [g.name for g in drawn_grades]
    costed = [g.name for g in drawn_grades if g.unit_cost is not None]
    base = Proposal(
        reference=draw(st.one_of(st.just("SCS4-1"), names())),
        title=draw(st.one_of(st.just(""), _TEXT)),
        service=_pick(draw, ("", "Oxfordshire Fire and Rescue Service")),
        source_document=_pick(draw, ("", "Performance Scrutiny Committee, 5 November 2015")),
        start_year=start,
        horizon=horizon,
        phasing=_pick(draw, list(Phasing)),
        grades=drawn_grades,
        lines=draw(lines(grade_names, costed, years, max_size=max_lines)),
        claims=[_claim(draw, years, grade_names) for _ in range(draw(st.integers(0, 3)))],
        assumptions=[_assumption(draw, name) for name in draw(st.lists(names(), max_size=2, unique=True))],
    )
    variant_names = draw(st.lists(names(), max_size=2, unique=True))
    if not variant_names:
        return base
    fields = {name: getattr(base, name) for name in Proposal.model_fields}
    return Proposal(**{**fields, "variants": tuple(_variant(draw, name, base) for name in variant_names)})
