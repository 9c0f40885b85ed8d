"""Terms: what each line of a proposal means, decided once.

Each line becomes :class:`Term` values: an annual rate, the dates it runs, the
figure it feeds, how it uprates and the FTE it moves by grade (a schedule gives
one term per step). The exact evaluator (:mod:`savingsmodel.engine.evaluation`)
consumes them; nothing else decides what a line does to a figure.

>>> from savingsmodel.examples import scs4_1_revised
>>> first = next(terms(scs4_1_revised()))
>>> first.figure.value, str(first.rate), first.working
('gross_saving', '£576,000', '12 FTE x £48,000')
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, fields
from datetime import date
from decimal import Decimal
from fractions import Fraction
from functools import partial
from types import MappingProxyType
from typing import Any, Final

from savingsmodel.core.fields import format_rate
from savingsmodel.core.money import Money, RoundingMode, Unit, round_fraction
from savingsmodel.core.years import FinancialYear
from savingsmodel.engine import capital, unit_costs
from savingsmodel.engine.uprating import format_factor
from savingsmodel.model.buildup import UnitCostBuildUp
from savingsmodel.model.claims import Figure
from savingsmodel.model.grades import Grade
from savingsmodel.model.lines import (
    LINE_KINDS,
    Allowance,
    CapitalSpend,
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
    TransferIn,
    TransferOut,
    default_uprating,
)
from savingsmodel.model.prices import Uprating
from savingsmodel.model.proposal import Proposal

__all__ = ["Rebuilt", "Term", "format_fte", "no_cost_text", "terms"]

_ZERO = Money(0)


@functools.lru_cache(maxsize=4096)
def format_fte(value: Decimal) -> str:
    """An FTE as a person writes it: 12, 0.5, never 12.0 or 1E+1."""
    return f"{value.normalize():f}"


def no_cost_text(lines: tuple[str, ...]) -> str:
    """``2 lines have no cost: 'a', 'b'``: why a figure that depends on them cannot be checked.

    >>> no_cost_text(("agency staff",))
    "1 line has no cost: 'agency staff'"
    """
    named = ", ".join(repr(name) for name in lines)
    return f"{len(lines)} line{'' if len(lines) == 1 else 's'} {'has' if len(lines) == 1 else 'have'} no cost: {named}"


@dataclass(frozen=True, slots=True, init=False)
class Term:
    """One annual rate from one line: the unit of the engine's arithmetic.

    ``rate`` is the full-year amount; ``start``/``end`` the dates it runs
    (inclusive); ``year`` set means a one-off falling in that year only.
    ``fte`` maps grades to the establishment change the term makes; ``kind`` is
    the kind of line it comes from (a key of :data:`~savingsmodel.model.lines.LINE_KINDS`),
    so that nothing downstream guesses it back from the figure or the grades.
    ``working`` may be given as a function that writes it from the term: it is then
    written when first read (a long proposal's terms are summed, their words rarely read).
    """

    line: str
    figure: Figure
    rate: Money
    start: date
    end: date | None
    working: str
    source: str
    year: FinancialYear | None = None
    fte: Mapping[str, Decimal] = field(default_factory=dict)
    uprating: Uprating | str = Uprating.NONE
    kind: str = ""
    #: This body's share of the line when it is shared with a partner (the rate is already that share of the
    #: whole's, to the penny); None when the line is all this body's, or when the whole is evaluated.
    share: Decimal | None = None
    #: No cost is stated (a grade with no unit cost, an amount "to be confirmed"): the rate is zero, so every
    #: figure the term feeds is of the stated lines only and cannot be checked (``Evaluation.unstated``).
    unstated: bool = False
    #: For posts priced from a build-up: the unit cost of one FTE and the term's working in a financial
    #: year at a pay factor, rebuilt from that year's rules (the rate is then not ``rate`` uprated as a
    #: whole, but that unit cost times the term's FTE).
    rebuild: Callable[[FinancialYear, Decimal], Rebuilt] | None = field(default=None, compare=False)

    def __init__(
        self,
        line: str,
        figure: Figure,
        rate: Money,
        start: date,
        end: date | None,
        working: str | Callable[[Term], str],
        source: str,
        year: FinancialYear | None = None,
        fte: Mapping[str, Decimal] | None = None,
        uprating: Uprating | str = Uprating.NONE,
        kind: str = "",
        share: Decimal | None = None,
        unstated: bool = False,
        rebuild: Callable[[FinancialYear, Decimal], Rebuilt] | None = None,
    ) -> None:
        # Made once for every tranche of every line (110,000 terms for a 100,000-line proposal): each slot
        # is set through its own descriptor, as a frozen dataclass's __init__ does through
        # object.__setattr__, at a third of the cost.
        s = _SLOTS
        s[0](self, line)
        s[1](self, figure)
        s[2](self, rate)
        s[3](self, start)
        s[4](self, end)
        s[5](self, working)
        s[6](self, source)
        s[7](self, year)
        s[8](self, {} if fte is None else fte)
        s[9](self, uprating)
        s[10](self, kind)
        s[11](self, share)
        s[12](self, unstated)
        s[13](self, rebuild)


#: Each field's slot setter, in the order of the fields (see ``Term.__init__``).
_SLOTS: Final = tuple(Term.__dict__[f.name].__set__ for f in fields(Term))
_WORKING: Final = Term.__dict__["working"]  # the working's own slot, under the property below


def _written(term: Term) -> str:
    """A term's working, written when first read if it was given as a function that writes it."""
    said = _WORKING.__get__(term, Term)
    if isinstance(said, str):
        return said
    text: str = said(term)
    _WORKING.__set__(term, text)  # kept: the term is immutable, so its words are too
    return text


# ``term.working`` reads the slot through :func:`_written` (equality, repr and ``replace`` read it so too);
# only a copy or an unpickling sets it (as ``object.__setattr__`` does; ``term.working = ...`` is refused, frozen).
setattr(  # noqa: B010
    Term,
    "working",
    property(_written, _WORKING.__set__, doc="The term's arithmetic in words, e.g. ``12 FTE x £48,000``."),
)


def _cite(line: Line) -> str:
    return f"{line.name}; {line.source}" if line.source else line.name


def terms(proposal: Proposal, *, whole: bool = False) -> Iterator[Term]:
    """Each line as the annual rates it contributes (a schedule gives one per step), with how it uprates.

    A line shared with a partner contributes this body's share of each rate (rounded to the penny,
    half-up), unless ``whole``: then the whole shared line. Posts are counted whole either way: a
    shared team's posts are on one establishment, whoever pays for them.
    """
    costs = _grade_costs(proposal)
    sharing = not whole and proposal.shared  # else no line's share is asked for: each is all this body's
    for line in proposal.lines:
        kind = line.kind
        uprating = _uprating(line)
        # A TUPE transfer moves no money, so there is nothing of it to share.
        share = proposal.share_of(line) if sharing and kind not in ("transfer_out", "transfer_in") else None
        for term in _TERMS[kind](proposal, line, _cite(line)):
            if term.kind != kind or term.uprating != uprating:
                term = _Term(term, uprating, kind, term.rebuild)  # a kind that does not say them: made again
            if share is not None:
                shown = f"{(share * 100).normalize():f}%"
                said = partial(_our_share, term, shown)  # written when read
                rate, rebuild = term.rate.scaled(Fraction(share)), costs.shared(term.rebuild, share, shown)
                term = Term(term.line, term.figure, rate, term.start, term.end, said, term.source, term.year,
                            term.fte, term.uprating, term.kind, share, term.unstated, rebuild)  # fmt: skip
            yield term


def _uprating(line: Line) -> Uprating | str:
    """How a line's terms uprate, as :func:`terms` gives them: said when each is made, so it is made once."""
    return line.uprate or _DEFAULT_UPRATING[line.kind]


#: Each kind's uprating when a line does not say (:func:`~savingsmodel.model.lines.default_uprating`), found once.
_DEFAULT_UPRATING: Final[Mapping[str, Uprating]] = MappingProxyType({k: default_uprating(k) for k in LINE_KINDS})


def _our_share(whole: Term, shown: str, term: Term) -> str:
    """A shared line's working (of ``term``): the whole's, times this body's share."""
    return f"({whole.working}) x our share {shown}"


def _Term(  # noqa: N802 - reads as the constructor it stands for
    term: Term, uprating: Uprating | str, kind: str, rebuild: Callable[[FinancialYear, Decimal], Rebuilt] | None
) -> Term:
    """``replace(term, uprating=..., kind=..., rebuild=...)``, made directly: it runs once for every term."""
    return Term(
        term.line,
        term.figure,
        term.rate,
        term.start,
        term.end,
        _WORKING.__get__(term, Term),  # as given: written when read
        term.source,
        term.year,
        term.fte,
        uprating,
        kind,
        term.share,
        term.unstated,
        rebuild,
    )


def _shared(
    rebuild: Callable[[FinancialYear, Decimal], Rebuilt], share: Decimal, shown: str
) -> Callable[[FinancialYear, Decimal], Rebuilt]:
    """A rebuilt posts term's yearly cost, as this body's share of it (each running total to the penny)."""
    whole = rebuild
    made: dict[tuple[FinancialYear, Decimal], Rebuilt] = {}

    def ours(year: FinancialYear, factor: Decimal) -> Rebuilt:
        if (year, factor) not in made:
            of_whole = whole(year, factor)
            part = Fraction(share)
            made[year, factor] = Rebuilt(
                of_whole.upto * part,
                of_whole.before * part,
                lambda: f"({of_whole.head}) x our share {shown}",
                of_whole.detail,
            )
        return made[year, factor]

    return ours


@dataclass(frozen=True, slots=True)
class Rebuilt:
    """A rebuilt posts term in one year at one pay factor: the exact cost of its line's FTE up to and before it.

    The term's rate is ``upto`` less ``before``, each rounded to the penny, half-up, so a
    line's tranches add up to the line's own rate; ``head`` and ``detail`` are its working
    and the year's build-up behind it.
    """

    upto: Fraction
    before: Fraction
    #: Writes the working when it is read: most rates are summed, never read.
    said: Callable[[], str] = field(repr=False, compare=False)
    detail: str
    #: The term's annual rate: ``upto`` less ``before``, each to the penny, half-up (worked once).
    rate: Money = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "rate", _penny(self.upto) - _penny(self.before))

    @property
    def head(self) -> str:
        """The working: ``10 FTE x £36,540.00`` (with NI per person, or the vacancy, when they apply)."""
        return self.said()


def _grade_costs(proposal: Proposal) -> _GradeCosts:
    """The built-up costs of the proposal's grades: kept by its grades (immutable, so compared by identity)."""
    grades = proposal.grades
    entry = _BUILT_UP.get(id(grades))
    if entry is None or entry[0] is not grades:
        if len(_BUILT_UP) >= 64:
            _BUILT_UP.clear()  # a memo, not a record: dropping it costs only the building again
        entry = _BUILT_UP[id(grades)] = (grades, _GradeCosts(grades))
    return entry[1]


class _GradeCosts:
    """Each built-up grade's unit cost per financial year and pay factor, built once for a proposal's grades."""

    def __init__(self, grades: tuple[Grade, ...]) -> None:
        self._build_ups = {g.name: g.build_up for g in grades if g.build_up is not None}
        self._built: dict[tuple[str, FinancialYear, Decimal], unit_costs.UnitCost] = {}
        self._ni: dict[tuple[str, FinancialYear, Decimal, Fraction], Money] = {}
        self._built_up = frozenset(self._build_ups)
        self._details: dict[tuple[str, FinancialYear, Decimal], str] = {}
        # One yearly cost per shape of posts (grade, FTE, the line's FTE before it, headcount, vacancy): lines of
        # the same shape share it, so a 100,000-line proposal rebuilds a few hundred costs, not one per line.
        self._shapes: dict[tuple[object, ...], Callable[[FinancialYear, Decimal], Rebuilt]] = {}
        self._shares: dict[tuple[int, Decimal], Callable[[FinancialYear, Decimal], Rebuilt]] = {}
        self._posts: dict[tuple[object, ...], tuple[_Tranche, ...]] = {}
        self._rests: dict[tuple[str, FinancialYear, Decimal], tuple[Money, Fraction]] = {}
        self._costs: dict[tuple[object, ...], Fraction] = {}
        self._nis: dict[tuple[object, ...], Fraction] = {}

    def posts(
        self, proposal: Proposal, line: PostsReleased | PostsCreated, steps: tuple[tuple[date, Decimal], ...]
    ) -> tuple[_Tranche, ...]:
        """Each tranche of a posts line as :func:`_tranches` makes it, made once per shape.

        A long proposal's posts lines are mostly alike (a grade, an FTE, filled or vacant): 100,000 lines
        have a few hundred shapes, so their rates, workings and rebuilt costs are made a few hundred times
        and shared. The shape is every field that makes them (:func:`_posts_shape`; a test holds it to the
        models' fields), with the digits of each amount and FTE as written (``1`` and ``1.0`` make rates of
        different exponents), and the proposal's vacancy factor (:func:`vacancy`; a grade's own is the
        grade's, and these costs are its grades').
        """
        # Without a schedule, the one tranche's FTE is the line's own, already in its shape.
        stepped = str([fte for _, fte in steps]) if line.schedule else None
        key = (_posts_shape(line), stepped, str(proposal.vacancy_factor))
        found = self._posts.get(key)
        if found is None:
            found = self._posts[key] = _tranches(proposal, line, tuple([fte for _, fte in steps]))
        return found

    def shared(
        self, rebuild: Callable[[FinancialYear, Decimal], Rebuilt] | None, share: Decimal, shown: str
    ) -> Callable[[FinancialYear, Decimal], Rebuilt] | None:
        """:func:`_shared`, made once per shape and share."""
        if rebuild is None:
            return None
        key = (id(rebuild), share)  # the shape's own callable, held in ``_shapes`` for the evaluation's life
        if key not in self._shares:
            self._shares[key] = _shared(rebuild, share, shown)
        return self._shares[key]

    def unit(self, grade: str, year: FinancialYear, factor: Decimal) -> unit_costs.UnitCost:
        key = (grade, year, factor)
        if key not in self._built:
            self._built[key] = unit_costs.build_in(self._build_up(grade), year, factor)
        return self._built[key]

    def detail(self, grade: str, year: FinancialYear, factor: Decimal) -> str:
        """The year's build-up of a grade, as the working shows it (made once per grade, year and factor)."""
        key = (grade, year, factor)
        if key not in self._details:
            built = self.unit(grade, year, factor)
            lines = "; ".join(str(part) for part in (*built.lines, *built.outside))
            said = "".join(f"; assumption: {text}" for text in built.assumptions)
            pay = "" if factor == 1 else f", pay x {format_factor(factor)}"
            self._details[key] = f"{grade} built for {year}{pay}: {lines}{said}"
        return self._details[key]

    def person_ni(self, grade: str, year: FinancialYear, factor: Decimal, share: Fraction) -> Money:
        key = (grade, year, factor, share)
        if key not in self._ni:
            self._ni[key] = unit_costs.person_ni(self._build_up(grade), year, factor, share)
        return self._ni[key]

    def _rest(self, grade: str, year: FinancialYear, factor: Decimal) -> tuple[Money, Fraction]:
        """A built-up grade's employer NI per FTE in a year, and the rest of its unit cost, exactly."""
        key = (grade, year, factor)
        if key not in self._rests:
            built = self.unit(grade, year, factor)
            ni_line = next(line.amount for line in built.lines if line.name == "employer National Insurance")
            self._rests[key] = (ni_line, Fraction((built.total - ni_line).amount))
        return self._rests[key]

    def _ni_of(
        self, grade: str, year: FinancialYear, factor: Decimal, total: Decimal, headcount: Decimal | None, x: Decimal
    ) -> Fraction:
        """Employer NI of the people who hold a posts line's first ``x`` FTE (of ``total``), each on their own pay
        (worked once: filled and vacant posts, and the shapes that meet at ``x``, share it)."""
        key = (grade, year, factor, total, headcount, x)
        found = self._nis.get(key)
        if found is not None:
            return found
        if not x:
            found = Fraction(0)
        elif headcount is not None and total:
            share = Fraction(total) / Fraction(headcount)
            each = Fraction(self.person_ni(grade, year, factor, share).amount)
            found = Fraction(headcount) * Fraction(x) / Fraction(total) * each
        else:
            whole = int(x)
            part = Fraction(x - whole)
            full = Fraction(self.person_ni(grade, year, factor, Fraction(1)).amount)
            found = whole * full + (Fraction(self.person_ni(grade, year, factor, part).amount) if part else Fraction(0))
        self._nis[key] = found
        return found

    def _cost(
        self,
        grade: str,
        year: FinancialYear,
        factor: Decimal,
        total: Decimal,
        headcount: Decimal | None,
        held: Fraction,
        x: Decimal,
    ) -> Fraction:
        """The exact yearly cost of a posts line's first ``x`` FTE, at the share ``held`` of it that deleting
        them saves: worked once, as the shapes of a grade's lines share their points (one shape's tranche
        ends where another's begins; every shape's first begins at 0)."""
        key = (grade, year, factor, total, headcount, held, x)
        found = self._costs.get(key)
        if found is None:
            rest = self._rest(grade, year, factor)[1]
            found = (rest * Fraction(x) + self._ni_of(grade, year, factor, total, headcount, x)) * held
            self._costs[key] = found
        return found

    def _build_up(self, grade: str) -> UnitCostBuildUp:
        return self._build_ups[grade]  # only built-up grades are asked for

    def rebuild(
        self, proposal: Proposal, line: PostsReleased | PostsCreated, fte: Decimal, before: Decimal
    ) -> Callable[[FinancialYear, Decimal], Rebuilt] | None:
        """A posts tranche of ``fte`` (after ``before`` of its line) priced from a built-up grade, rebuilt each
        year; None when it is priced otherwise (a stated cost or unit cost, a grade with no build-up)."""
        if isinstance(line, PostsReleased):
            if line.cost is not None:
                return None  # a stated total is the saving as the paper gives it: nothing to rebuild
            held, vacant = vacancy(proposal, line)
        else:
            if line.cost is not None or line.priced_in is not None:
                return None
            held, vacant = _FILLED
        if line.unit_cost is not None or line.grade not in self._built_up:
            return None
        grade, fte = line.grade, abs(fte)
        total, headcount = line.fte or Decimal(0), line.headcount
        shape = (grade, fte, before, total, headcount, held.numerator, held.denominator, vacant)
        if shape not in self._shapes:
            self._shapes[shape] = self._rebuild(grade, fte, before, total, headcount, held, vacant)
        return self._shapes[shape]

    def _rebuild(
        self,
        grade: str,
        fte: Decimal,
        before: Decimal,
        total: Decimal,
        headcount: Decimal | None,
        held: Fraction,
        vacant: str,
    ) -> Callable[[FinancialYear, Decimal], Rebuilt]:

        def ni_of(x: Decimal, year: FinancialYear, factor: Decimal) -> Fraction:
            return self._ni_of(grade, year, factor, total, headcount, x)

        made: dict[tuple[FinancialYear, Decimal], Rebuilt] = {}

        def rate(year: FinancialYear, factor: Decimal) -> Rebuilt:
            if (year, factor) not in made:
                made[year, factor] = make(year, factor)
            return made[year, factor]

        def make(year: FinancialYear, factor: Decimal) -> Rebuilt:
            built = self.unit(grade, year, factor)
            ni_line = self._rest(grade, year, factor)[0]
            upto = self._cost(grade, year, factor, total, headcount, held, before + fte)
            below = self._cost(grade, year, factor, total, headcount, held, before)

            def said() -> str:
                if upto - below == Fraction(built.total.amount) * Fraction(fte) * held:
                    head = f"{format_fte(fte)} FTE x {built.total}"
                else:
                    ni = _money(ni_of(before + fte, year, factor) - ni_of(before, year, factor))
                    people = _people(total, headcount)
                    head = (
                        f"{format_fte(fte)} FTE x {built.total - ni_line} + employer NI of the people {ni} ({people})"
                    )
                if vacant:
                    head += f" {vacant}" if held != 1 else f" ({vacant})"
                return head

            return Rebuilt(upto, below, said, self.detail(grade, year, factor))

        return rate


def _penny(amount: Fraction) -> Money:
    return Money(round_fraction(amount, Unit.PENCE.value, RoundingMode.HALF_UP))


def _money(amount: Fraction) -> Money:
    return Money(1).scaled(amount)


def _people(total: Decimal, headcount: Decimal | None) -> str:
    """Who holds the posts, as the working says it."""
    if headcount is not None:
        return (
            f"NI per person: {format_fte(headcount)} people hold the {format_fte(total)} FTE, "
            f"each on {format_fte(total)}/{format_fte(headcount)} of full-time pay"
        )
    whole = int(total)
    return (
        f"NI per person: no headcount given, so one person per whole FTE of the {format_fte(total)} "
        f"({whole} full-time) and one for the part ({format_fte(total - whole)} FTE)"
    )


# One function per kind of line: what a line of that kind means, decided here and nowhere else.

#: Filled posts save their whole cost (made once: every posts line asks).
_FILLED: Final = (Fraction(1), "")


def vacancy(proposal: Proposal, line: Line) -> tuple[Fraction, str]:
    """What share of their cost deleting posts saves, and the words that say why (empty for filled posts).

    Vacant posts save the budget held for them: net of the vacancy factor (the grade's, else the
    proposal's) where the budget is set net of one, else in full.
    """
    if not isinstance(line, PostsReleased) or not line.vacant:
        return _FILLED
    grade = next((g for g in proposal.grades if g.name == line.grade), None)
    factor = grade.vacancy_factor if grade is not None and grade.vacancy_factor is not None else None
    factor = factor if factor is not None else proposal.vacancy_factor
    if not factor:
        return Fraction(1), "vacant posts: the budget held for them, in full (no vacancy factor stated)"
    rate = format_rate(factor)
    return Fraction(1) - Fraction(factor), (
        f"x (1 - {rate}) vacant posts: the budget held for them, set net of the {rate} vacancy factor"
    )


def _posts_released(proposal: Proposal, line: PostsReleased, cite: str) -> Iterable[Term]:
    return _posts(proposal, line, cite, Figure.GROSS_SAVING)


def _posts(proposal: Proposal, line: PostsReleased | PostsCreated, cite: str, figure: Figure) -> list[Term]:
    """A posts line's terms: each tranche's meaning (made once per shape: ``_GradeCosts.posts``) on its day."""
    steps = line.tranches(proposal.start_year.start)
    made = _grade_costs(proposal).posts(proposal, line, steps)
    name, end, kind = line.name, line.end, line.kind
    uprating = line.uprate or _DEFAULT_UPRATING[kind]  # as _uprating(line)
    if len(steps) == 1:  # most lines: one tranche
        ((on, _),), ((rate, working, unstated, rebuild, fte),) = steps, made
        return [Term(name, figure, rate, on, end, working, cite, None, fte, uprating, kind, None, unstated, rebuild)]
    return [
        Term(name, figure, rate, on, end, working, cite, None, fte, uprating, kind, None, unstated, rebuild)
        for (on, _), (rate, working, unstated, rebuild, fte) in zip(steps, made, strict=True)
    ]


def _tranches(
    proposal: Proposal, line: PostsReleased | PostsCreated, ftes: tuple[Decimal, ...]
) -> tuple[_Tranche, ...]:
    """What each tranche of a posts line saves (released) or costs (created), apart from its line's name and
    dates (see :func:`_posts`): its unit cost times its FTE, or its share of a stated total; posts created
    may be priced in another line, and vacant posts released save the budget held for them (:func:`vacancy`)."""
    released = isinstance(line, PostsReleased)
    priced_in = line.priced_in if isinstance(line, PostsCreated) else None
    share, said = vacancy(proposal, line)  # filled, for posts created
    total_fte = line.fte or Decimal(0)
    done = Decimal(0)  # FTE of the tranches before this one: a stated cost is shared out cumulatively
    costs, earlier = _grade_costs(proposal), Decimal(0)
    unit_cost, cost_text = _line_cost(proposal, line)
    made: list[_Tranche] = []
    for fte in ftes:
        rebuild = costs.rebuild(proposal, line, fte, earlier)  # priced from a build-up: rebuilt each year
        earlier += abs(fte)
        if priced_in is not None:
            rate, working = _ZERO, f"{format_fte(fte)} FTE priced in '{priced_in}'"
        elif line.cost is not None:
            # A stated total for all the posts: each tranche carries its share of it.
            rate, working = _share_of_cost(line.cost, fte, done, total_fte)
            done += fte
        else:
            rate = _ZERO if unit_cost is None else unit_cost * fte
            working = f"{format_fte(fte)} FTE x {cost_text}"
        if said and line.cost is None:  # a stated total is the saving as the paper gives it
            working += f" {said}" if share != 1 else f" ({said})"
            rate = rate.scaled(share, Unit.PENCE, RoundingMode.HALF_UP) if share != 1 else rate
        unstated = unit_cost is None and priced_in is None and line.cost is None
        made.append((rate, working, unstated, rebuild, {line.grade: -fte if released else fte}))
    return tuple(made)


def _posts_shape(line: PostsReleased | PostsCreated) -> tuple[object, ...]:
    """The fields of a posts line that make its tranches' rates, workings and rebuilt costs (``_GradeCosts.posts``).

    Its name, source, note and dates do not (nor its share or uprating: :func:`terms` applies them), and its
    schedule makes them only by its steps' FTE, which the shape adds.
    """
    unit_cost, cost = line.unit_cost, line.cost
    how = line.vacant if isinstance(line, PostsReleased) else line.priced_in  # the one field the kinds do not share
    return (line.kind, line.grade, str(line.fte), None if unit_cost is None else str(unit_cost.amount),
            None if cost is None else str(cost.amount), how, str(line.headcount))  # fmt: skip


#: The fields of a posts line that make no difference to its tranches' meaning, apart from its dates.
_NOT_SHAPE: Final = frozenset({"name", "note", "source", "start", "end", "uprate", "our_share", "schedule"})

#: A posts tranche's meaning apart from its line's name and dates: its rate, its working, whether no cost is
#: stated, its rebuilt yearly cost (posts priced from a build-up), and the FTE it moves, by grade.
_Tranche = tuple[Money, str, bool, Callable[[FinancialYear, Decimal], Rebuilt] | None, Mapping[str, Decimal]]


def _line_cost(proposal: Proposal, line: PostsReleased | PostsCreated) -> tuple[Money | None, str]:
    """A posts line's unit cost (its own, else its grade's) and how a working writes it."""
    if line.unit_cost is not None:
        return line.unit_cost, _cost_text(line.unit_cost, line.grade)
    return _graded(proposal, line.grade)


def _share_of_cost(cost: Money, fte: Decimal, done: Decimal, total_fte: Decimal) -> tuple[Money, str]:
    """A tranche's share of a stated total for all the posts, and its working.

    A single tranche carries all of it, exactly as stated (no share, so nothing to round).
    Shares are rounded to the penny cumulatively (all tranches to this one, less all
    before it), so that once every tranche has arrived they add back to the stated cost.
    """
    if fte == total_fte != 0:
        rate = cost
    elif total_fte == 0:
        rate = cost * fte
    else:
        before = cost.scaled(Fraction(done) / Fraction(total_fte))
        rate = cost.scaled(Fraction(done + fte) / Fraction(total_fte)) - before
    working = (
        f"{format_fte(fte)} FTE, stated cost {cost}"
        if fte == total_fte
        else f"{format_fte(fte)}/{format_fte(total_fte)} of stated cost {cost}"
    )
    return rate, working


def _posts_created(proposal: Proposal, line: PostsCreated, cite: str) -> Iterable[Term]:
    return _posts(proposal, line, cite, Figure.ADDITIONAL_COSTS)


def _regrade(proposal: Proposal, line: Regrade, cite: str) -> Iterator[Term]:
    for on, fte in line.tranches(proposal.start_year.start):
        old, new = _unit_cost(proposal, line.from_grade), _unit_cost(proposal, line.to_grade)
        if line.uplift_per_post is None and (old is None or new is None):
            # Which way it moves the budget is not known either: counted as a cost of no amount, and
            # :meth:`Evaluation.unstated` holds it against the gross saving as well.
            missing = line.from_grade if old is None else line.to_grade
            yield Term(
                line=line.name,
                figure=Figure.ADDITIONAL_COSTS,
                rate=_ZERO,
                start=on,
                end=line.end,
                working=f"{format_fte(fte)} FTE x uplift not known ({missing!r} has no unit cost)",
                source=cite,
                fte={line.from_grade: -fte, line.to_grade: fte},
                unstated=True,
            )
            continue
        old, new = old or _ZERO, new or _ZERO
        per_post = line.uplift_per_post if line.uplift_per_post is not None else new - old
        working = (
            f"{format_fte(fte)} FTE x {per_post} uplift"
            if line.uplift_per_post is not None
            else f"{format_fte(fte)} FTE x ({new} - {old})"
        )
        if per_post < _ZERO:
            # Moving posts down a grade saves the difference: a saving, not a negative cost.
            working = f"{format_fte(fte)} FTE x ({old} - {new}) saved by the regrade down"
            figure, rate = Figure.GROSS_SAVING, -per_post * fte
        else:
            figure, rate = Figure.ADDITIONAL_COSTS, per_post * fte
        yield Term(
            line=line.name,
            figure=figure,
            rate=rate,
            start=on,
            end=line.end,
            working=working,
            source=cite,
            fte={line.from_grade: -fte, line.to_grade: fte},
        )


def _allowance(proposal: Proposal, line: Allowance, cite: str) -> Iterator[Term]:
    working = (
        f"{line.total} a year"
        if line.total is not None
        else f"{format_fte(line.posts or Decimal(0))} posts x {line.per_post}"
    )
    yield Term(
        line=line.name,
        figure=Figure.ADDITIONAL_COSTS,
        rate=line.annual,
        start=_start(proposal, line),
        end=line.end,
        working=working,
        source=cite,
        uprating=_uprating(line),
        kind=line.kind,
    )


def _recurring_cost(proposal: Proposal, line: RecurringCost, cite: str) -> Iterator[Term]:
    yield _recurring(proposal, line, Figure.ADDITIONAL_COSTS, cite)


def _recurring_income(proposal: Proposal, line: RecurringIncome, cite: str) -> Iterator[Term]:
    yield _recurring(proposal, line, Figure.INCOME, cite)


def _recurring_saving(proposal: Proposal, line: RecurringSaving, cite: str) -> Iterator[Term]:
    yield _recurring(proposal, line, Figure.GROSS_SAVING, cite)


def _transfer(proposal: Proposal, line: TransferOut | TransferIn, cite: str) -> Iterator[Term]:
    """Posts that move with a service (TUPE): they change the establishment, and the budget moves with them.

    The term carries no money: the budget leaves (or arrives) with its staff, so the savings figures are
    as they were; the working says how much moved, so that an explanation shows where the posts went.
    """
    out = isinstance(line, TransferOut)
    way = "out to" if out else "in from"
    body = f" {way} {line.body}" if line.body else (" out" if out else " in")
    budget = "" if line.budget is None else f" with a budget of {line.budget} a year"
    for on, fte in line.tranches(proposal.start_year.start):
        yield Term(
            line=line.name,
            figure=Figure.GROSS_SAVING if out else Figure.ADDITIONAL_COSTS,
            rate=_ZERO,
            start=on,
            end=line.end,
            working=f"{format_fte(fte)} FTE transferred{body} (TUPE){budget}: a transfer of budget, not a saving",
            source=cite,
            fte={line.grade: -fte if out else fte},
        )


def _recurring(
    proposal: Proposal, line: RecurringCost | RecurringIncome | RecurringSaving, figure: Figure, cite: str
) -> Term:
    """An amount every year from its start: a cost or income, as the kind says."""
    return Term(
        line=line.name,
        figure=figure,
        rate=line.amount or _ZERO,
        start=_start(proposal, line),
        end=line.end,
        working=_A_YEAR,  # written when read: most are only summed
        source=cite,
        uprating=_uprating(line),
        kind=line.kind,
        unstated=line.amount is None,
    )


def _one_off_cost(proposal: Proposal, line: OneOffCost, cite: str) -> Iterator[Term]:
    yield _once(proposal, line, cite, Figure.ONE_OFF_COSTS, _PAID_ONCE, line.end)


def _one_off_income(proposal: Proposal, line: OneOffIncome, cite: str) -> Iterator[Term]:
    """Revenue received once, in its year: beside the one-off costs, never in the recurring net saving."""
    yield _once(proposal, line, cite, Figure.ONE_OFF_INCOME, _RECEIVED_ONCE, None)


def _once(
    proposal: Proposal,
    line: OneOffCost | OneOffIncome,
    cite: str,
    figure: Figure,
    said: Callable[[Term], str],
    end: date | None,
) -> Term:
    """A one-off amount, in the year it falls in (its ``year``, else the year of its start)."""
    start = _start(proposal, line)
    return Term(
        line=line.name,
        figure=figure,
        rate=line.amount or _ZERO,
        start=start,
        end=end,
        working=said,  # written when read: most are only summed
        source=cite,
        uprating=_uprating(line),
        kind=line.kind,
        year=line.year or _year_containing(start),
        unstated=line.amount is None,
    )


def _capital_spend(proposal: Proposal, line: CapitalSpend, cite: str) -> Iterator[Term]:
    """Capital spend never feeds a revenue figure: only its revenue consequence, where stated, does, as a
    recurring cost from the year after the spend (:mod:`savingsmodel.engine.capital`)."""
    spent = capital.spent_in(proposal, line)
    first = capital.later(spent, 1)
    said = f"capital spend {line.amount} in {spent}, {line.funding.words}"
    if first is None:
        return  # spent in the last financial year there is: its revenue cost falls in no horizon
    if line.revenue_cost is not None:
        last = None if line.asset_life is None else capital.later(first, line.asset_life - 1)
        end = None if last is None else last.end
        over = "" if line.asset_life is None else f" for {line.asset_life} years"
        yield Term(
            line=line.name,
            figure=Figure.ADDITIONAL_COSTS,
            rate=line.revenue_cost,
            start=first.start,
            end=end,
            working=f"{line.revenue_cost} a year{over} (the stated revenue cost of {said})",
            source=cite,
        )
        return
    if line.asset_life is None and not line.interest_rate:
        return  # no revenue consequence stated: nothing on the revenue lines
    for charge in capital.charges(line.amount, spent, line.asset_life, line.interest_rate):
        # With a life, each year's MRP and interest differ: a term a year; with none, interest on the whole
        # sum every year from the first.
        end = charge.year.end if line.asset_life is not None else None
        yield Term(
            line=line.name,
            figure=Figure.ADDITIONAL_COSTS,
            rate=charge.total,
            start=charge.year.start,
            end=end,
            working=f"{capital.working(charge, line.amount, line.asset_life, line.interest_rate)} ({said})",
            source=cite,
        )


def _redundancy(proposal: Proposal, line: Redundancy, cite: str) -> Iterator[Term]:
    """Redundancy pay and pension strain: one-off costs on the leaving date (kept apart from the other kinds)."""
    from savingsmodel.engine.redundancy import pension_strain, statutory_redundancy

    pay = statutory_redundancy(
        line.age, line.service_years, line.weekly_pay, line.start, line.weekly_cap, line.multiplier
    )
    year = FinancialYear.containing(line.start)
    yield Term(
        line=line.name,
        figure=Figure.ONE_OFF_COSTS,
        rate=pay.enhanced,
        start=line.start,
        end=None,
        # The evaluator adds "= amount": the calculator's working, without its own last "= amount".
        working=f"redundancy pay: {pay.working.removesuffix(f' = {pay.enhanced}')}",
        source=cite,
        year=year,
    )
    strain, working = line.strain, "pension strain as entered"
    if line.strain_factor is not None and line.strain_base is not None:
        strain = pension_strain(line.strain_factor, line.strain_base)
        base = (line.strain_base_is or "").replace("_", " ")
        working = f"pension strain: {line.strain_factor.normalize():f} x {base} {line.strain_base}"
    if strain:
        yield Term(
            line=line.name,
            figure=Figure.ONE_OFF_COSTS,
            rate=strain,
            start=line.start,
            end=None,
            working=working,
            source=cite,
            year=year,
        )


#: Where each kind of line (a key of :data:`~savingsmodel.model.lines.LINE_KINDS`) becomes terms; a test
#: holds the two tables to the same kinds, so a new kind without its terms fails a test, not a run.
_TERMS: Final[Mapping[str, Callable[[Proposal, Any, str], Iterable[Term]]]] = MappingProxyType(
    {
        "posts_released": _posts_released,
        "posts_created": _posts_created,
        "regrade": _regrade,
        "allowance": _allowance,
        "recurring_cost": _recurring_cost,
        "recurring_income": _recurring_income,
        "one_off_cost": _one_off_cost,
        "one_off_income": _one_off_income,
        "capital_spend": _capital_spend,
        "redundancy": _redundancy,
        "recurring_saving": _recurring_saving,
        "transfer_out": _transfer,
        "transfer_in": _transfer,
    }
)


def _start(proposal: Proposal, line: Line) -> date:
    """The day a line starts: its own start, or the first day of the proposal."""
    return line.start or proposal.start_year.start


def _unit_cost(proposal: Proposal, grade: str) -> Money | None:
    """The grade's unit cost, stated or built up; None when it has neither (a cost not stated yet)."""
    return _graded(proposal, grade)[0]


def _graded(proposal: Proposal, grade: str) -> tuple[Money | None, str]:
    """The grade's unit cost and its words in a working, found (or built up) once per grade, not once per line.

    A 1,000-line proposal on built-up grades built the same unit cost 1,000 times. The costs are kept by the
    proposal's grades (immutable, so compared by identity; the entry holds them, so the identity stays theirs).
    """
    grades = proposal.grades
    entry = _GRADE_COSTS.get(id(grades))
    if entry is None or entry[0] is not grades:
        if len(_GRADE_COSTS) >= 64:
            _GRADE_COSTS.clear()  # a memo, not a record: dropping it costs only the building again
        entry = _GRADE_COSTS[id(grades)] = (grades, {})
    known = entry[1]
    if grade not in known:
        cost = unit_costs.unit_cost(proposal.grade(grade))  # an unknown grade is refused here, every time
        known[grade] = (cost, _cost_text(cost, grade))
    return known[grade]


#: Each proposal's grades' built-up yearly costs (see :func:`_grade_costs`).
_BUILT_UP: Final[dict[int, tuple[tuple[Grade, ...], _GradeCosts]]] = {}
#: Each proposal's grades' unit costs and their words, as found (see :func:`_graded`).
_GRADE_COSTS: Final[dict[int, tuple[tuple[Grade, ...], dict[str, tuple[Money | None, str]]]]] = {}


def _cost_text(unit_cost: Money | None, grade: str) -> str:
    return str(unit_cost) if unit_cost is not None else f"no unit cost stated for {grade!r}"


def _amount_text(amount: Money | None) -> str:
    return str(amount) if amount is not None else "no amount stated (to be confirmed)"


def _amount_and(term: Term, words: str) -> str:
    """An amount line's working, from its term: ``£12,000 a year``, ``£5,000 once``."""
    return f"{_amount_text(None if term.unstated else term.rate)} {words}"


#: The workings of amount lines, each written from its term when read: one function for all such terms.
_A_YEAR: Final = partial(_amount_and, words="a year")
_PAID_ONCE: Final = partial(_amount_and, words="once")
_RECEIVED_ONCE: Final = partial(_amount_and, words="received once")


@functools.lru_cache(maxsize=256)
def _year_containing(day: date) -> FinancialYear:
    """The financial year a one-off falls in, found once per day (a long proposal's one-offs share a few)."""
    return FinancialYear.containing(day)
