"""The proposal: grades, the lines that change the budget, the claims a paper makes, and variants.

A proposal is written once, as a file or in Python, and never mutated: a variant
is a new proposal made by :meth:`Proposal.with_variant`.

>>> from savingsmodel import Grade, PostsReleased
>>> wm = Grade(name="Watch Manager", unit_cost="48k")
>>> p = Proposal(
...     reference="SCS4-1", title="Watch Manager restructure", start_year="2016/17",
...     grades=[wm],
...     lines=[PostsReleased(name="WM posts", grade="Watch Manager", fte=12, source="para 9")],
... )
>>> p.lines[0].fte
Decimal('12')
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Final, Literal, Self

from pydantic import BaseModel, Field, ValidationError, model_validator
from pydantic_core import PydanticCustomError

from savingsmodel.core.errors import InputError, Problem, did_you_mean
from savingsmodel.core.fields import In, Number, NumberIn, Portion, Share, Value, YearIn
from savingsmodel.core.html import table
from savingsmodel.core.phasing import Phasing
from savingsmodel.core.validation import problems_from_validation
from savingsmodel.core.years import FinancialYear
from savingsmodel.model.claims import Claim, PaybackClaim, SeriesClaim, UnitCostClaim
from savingsmodel.model.grades import Grade
from savingsmodel.model.lines import LINE_KINDS, Line
from savingsmodel.model.prices import Award, Awards, Index, Prices, Uprating
from savingsmodel.model.statements import Acknowledgement, Count, Percentage, Rota, Scope, statement_problems
from savingsmodel.model.uncertainty import Correlation, Target, Uncertain, uncertain_problems

__all__ = ["Assumption", "Proposal", "Variant", "apply_variant"]


class Assumption(Value):
    """A stated assumption: what was assumed, its value and where it comes from."""

    name: str = Field(min_length=1)
    value: In[str | Number, NumberIn]
    source: str = ""
    note: str = ""


class Variant(Value):
    """Named overrides of a proposal's inputs, without copying it.

    ``grades``, ``lines`` and ``rotas`` map a grade, line or rota name to the fields to
    replace, such as ``{"Watch Manager": {"unit_cost": "50k"}}`` or
    ``{"ISO": {"posts": 16}}``.
    """

    name: str = Field(min_length=1)
    description: str = ""
    start_year: In[FinancialYear | None, YearIn | None] = Field(default=None)
    horizon: int | None = Field(default=None, ge=1, le=30)
    phasing: In[Phasing | None, Phasing | str | None] = Field(default=None)
    prices: In[Prices | None, Prices | str | None] = Field(default=None)
    pay_awards: In[Awards | None, Sequence[Award | Mapping[str, Any]] | None] = Field(default=None)
    inflation: In[Awards | None, Sequence[Award | Mapping[str, Any]] | None] = Field(default=None)
    our_share: In[Portion | None, NumberIn | None] = Field(default=None)
    indices: In[tuple[Index, ...] | None, Sequence[Index | Mapping[str, Any]] | None] = Field(default=None)
    grades: In[dict[str, dict[str, Any]], Mapping[str, Mapping[str, Any]]] = Field(default_factory=dict)
    lines: In[dict[str, dict[str, Any]], Mapping[str, Mapping[str, Any]]] = Field(default_factory=dict)
    rotas: In[dict[str, dict[str, Any]], Mapping[str, Mapping[str, Any]]] = Field(
        default_factory=dict, description="a rota's fields to replace, by its name: posts, hours, abstraction"
    )


class Proposal(Value):
    """A savings proposal: what changes, when, and what the paper claims."""

    reference: str = Field(min_length=1)
    title: str = ""
    service: str = ""
    source_document: str = ""
    start_year: In[FinancialYear, YearIn]
    horizon: int = Field(default=4, ge=1, le=30, description="financial years modelled")
    phasing: In[Phasing, Phasing | str] = Field(default=Phasing.MONTHS)
    costs_count_from: Literal["start", "first_full_month"] = Field(
        default="start",
        description="under months phasing: a cost counts from the month it starts in (default, prudent for "
        "costs) or from its first full month",
    )
    savings_count_from: Literal["first_full_month", "start"] = Field(
        default="first_full_month",
        description="under months phasing: a saving counts from its first full month (default, prudent for "
        "savings) or from the month it starts in",
    )
    grades: In[tuple[Grade, ...], Sequence[Grade | Mapping[str, Any]]] = Field(default=())
    lines: In[tuple[Line, ...], Sequence[Line | Mapping[str, Any]]] = Field(default=())
    claims: In[tuple[Claim, ...], Sequence[Claim | Mapping[str, Any]]] = Field(default=())
    assumptions: In[tuple[Assumption, ...], Sequence[Assumption | Mapping[str, Any]]] = Field(default=())
    variants: In[tuple[Variant, ...], Sequence[Variant | Mapping[str, Any]]] = Field(default=())
    prices: In[Prices, Prices | str] = Field(
        default=Prices.CONSTANT,
        description="constant (the default: base-year prices, as MTFP savings lines are) or cash (uprated by "
        "pay awards and inflation); say which when stating pay awards or inflation",
    )
    price_base: In[FinancialYear | None, YearIn | None] = Field(
        default=None, description="the year whose prices the amounts are in"
    )
    pay_awards: In[Awards, Sequence[Award | Mapping[str, Any]]] = Field(
        default=(), description="pay awards by year; uprate staff lines in cash terms"
    )
    inflation: In[Awards, Sequence[Award | Mapping[str, Any]]] = Field(
        default=(), description="inflation by year; uprates other recurring lines in cash terms"
    )
    indices: In[tuple[Index, ...], Sequence[Index | Mapping[str, Any]]] = Field(
        default=(),
        description="named, dated indices a line may follow instead of pay awards or inflation (contract "
        "indexation, RPI, CPI, the National Living Wage): each {name, rates, source, checked, note}",
    )
    series: In[tuple[SeriesClaim, ...], Sequence[SeriesClaim | Mapping[str, Any]]] = Field(
        default=(), description="claimed figures for consecutive years"
    )
    unit_cost_claims: In[tuple[UnitCostClaim, ...], Sequence[UnitCostClaim | Mapping[str, Any]]] = Field(
        default=(), description="unit costs the paper states, one grade each, to be set against those in use"
    )
    payback: In[PaybackClaim | None, PaybackClaim | Mapping[str, Any] | None] = Field(
        default=None, description="the payback period the paper states, in months"
    )
    counts: In[tuple[Count, ...], Sequence[Count | Mapping[str, Any]]] = Field(
        default=(), description="numbers of posts or roles the paper states"
    )
    rotas: In[tuple[Rota, ...], Sequence[Rota | Mapping[str, Any]]] = Field(
        default=(), description="roles staffed on a rota by a pool of posts"
    )
    scopes: In[tuple[Scope, ...], Sequence[Scope | Mapping[str, Any]]] = Field(
        default=(),
        description="parts of what the paper describes with figures of their own: a wider programme, "
        "or some of the lines",
    )
    percentages: In[tuple[Percentage, ...], Sequence[Percentage | Mapping[str, Any]]] = Field(
        default=(), description="percentages and shares the paper states, each of a named base"
    )
    acknowledged: In[tuple[Acknowledgement, ...], Sequence[Acknowledgement | Mapping[str, Any]]] = Field(
        default=(), description="check findings looked at and accepted, each with a reason"
    )
    vacancy_factor: In[Share | None, NumberIn | None] = Field(
        default=None, description="the vacancy factor the budgets are set net of, e.g. '3%' (a grade may say its own)"
    )
    partner: str = Field(
        default="", description="the body (or bodies) the proposal or some of its lines are shared with"
    )
    our_share: In[Portion | None, NumberIn | None] = Field(
        default=None,
        description="this body's share of every line ('60%'), unless a line states its own; default all of it",
    )
    uncertain: In[tuple[Uncertain, ...], Sequence[Uncertain | Mapping[str, Any]]] = Field(
        default=(), description="inputs drawn from a distribution in a Monte Carlo run (savingsmodel simulate)"
    )
    correlations: In[tuple[Correlation, ...], Sequence[Correlation | Mapping[str, Any]]] = Field(
        default=(), description="rank correlations between uncertain inputs"
    )
    targets: In[tuple[Target, ...], Sequence[Target | Mapping[str, Any]]] = Field(
        default=(), description="figures the proposal must reach; a Monte Carlo run gives the chance of each"
    )

    @property
    def shared(self) -> bool:
        """Whether any line is shared with a partner: this body's figures are then its share of the whole.

        >>> from savingsmodel.examples import scs4_1_revised
        >>> scs4_1_revised().shared
        False
        """
        shares = {line.our_share for line in self.lines}  # a few distinct, of 100,000 lines
        shares.add(self.our_share)
        return any(share is not None and share != 1 for share in shares)

    def share_of(self, line: Line) -> Decimal | None:
        """This body's share of a line: its own, else the proposal's; None when it is not shared (all of it).

        >>> from savingsmodel.examples import scs4_1_revised
        >>> shared = scs4_1_revised().with_changes(our_share="60%")
        >>> shared.share_of(shared.lines[0]), scs4_1_revised().share_of(shared.lines[0])
        (Decimal('0.60'), None)
        """
        share = line.our_share if line.our_share is not None else self.our_share
        return None if share is None or share == 1 else share

    @property
    def years(self) -> tuple[FinancialYear, ...]:
        """The financial years modelled: ``horizon`` of them from ``start_year``.

        >>> from savingsmodel.examples import scs4_1_revised
        >>> [str(y) for y in scs4_1_revised().years]
        ['2016/17', '2017/18', '2018/19', '2019/20']
        """
        return self.start_year.range(self.horizon)

    def grade(self, name: str) -> Grade:
        """The grade of this name; an unknown name is an :class:`InputError` with a "did you mean".

        >>> from savingsmodel.examples import scs4_1_revised
        >>> scs4_1_revised().grade("Watch Manager").unit_cost
        Money('48000')
        """
        for grade in self.grades:
            if grade.name == name:
                return grade
        hint = did_you_mean(name, [g.name for g in self.grades])
        raise InputError.one("grade", f"unknown grade {name!r}{hint}", code="unknown_grade", name=name)

    def line(self, name: str) -> Line:
        """The line of this name; an unknown name is an :class:`InputError` with a "did you mean".

        >>> from savingsmodel.examples import scs4_1_revised
        >>> scs4_1_revised().line("Resource Management Team").kind
        'recurring_cost'
        """
        for line in self.lines:
            if line.name == name:
                return line
        hint = did_you_mean(name, [x.name for x in self.lines])
        raise InputError.one("lines", f"unknown line {name!r}{hint}", code="unknown_line", name=name)

    @classmethod
    def cross_problems(cls, data: object) -> Iterator[Problem]:
        """Problems no single field shows (see :func:`_cross_problems`); run on raw input too.

        >>> data = {"start_year": "2016/17", "grades": [], "lines": [{"kind": "posts_released", "name": "a",
        ...         "grade": "WM", "fte": 1}]}
        >>> [str(p) for p in Proposal.cross_problems(data)]
        ["lines[0].grade: unknown grade 'WM'"]
        """
        return _cross_problems(data)

    @model_validator(mode="before")
    @classmethod
    def _prices_stated_with_awards(cls, data: object) -> object:
        """Pay awards or inflation with no ``prices``: the reader cannot tell whether to uprate them.

        Savings lines are at base-year (constant) prices by default; a file written when cash terms were the
        default, and meaning them, must now say ``prices = "cash"``.
        """
        if (
            isinstance(data, Mapping)
            and data.get("prices") is None
            and (data.get("pay_awards") or data.get("inflation"))
        ):
            raise PydanticCustomError(
                "prices_unstated",
                "prices: expected prices = 'cash' (uprate by the pay awards and inflation stated) or 'constant' "
                "(base-year prices, the MTFP convention: the awards are for the record), found pay awards or "
                "inflation and no prices",
            )
        return data

    @model_validator(mode="after")
    def _references_hold(self) -> Self:
        problems = list(_cross_problems(self))
        if problems:
            raise PydanticCustomError("cross", "{count} problems", {"count": len(problems), "problems": problems})
        return self

    def variant(self, name: str) -> Variant:
        """The variant of this name; an unknown name is an :class:`InputError` naming those there are.

        >>> from savingsmodel.examples import scs4_1_revised
        >>> scs4_1_revised().variant("posts-leave-october").lines
        {'Watch Manager posts released': {'start': datetime.date(2016, 10, 1)}}
        """
        for variant in self.variants:
            if variant.name == name:
                return variant
        known = [v.name for v in self.variants]
        hint = did_you_mean(name, known) if known else "; the proposal has no variants"
        raise InputError.one("variants", f"unknown variant {name!r}{hint}", code="unknown_variant", name=name)

    def with_variant(self, name: str) -> Proposal:
        """The proposal with the named variant's overrides applied (variants themselves kept).

        >>> from savingsmodel.examples import scs4_1_revised
        >>> later = scs4_1_revised().with_variant("posts-leave-october")
        >>> str(later.line("Watch Manager posts released").start)
        '2016-10-01'
        """
        return apply_variant(self, self.variant(name))

    def with_changes(
        self,
        *,
        start_year: FinancialYear | str | None = None,
        horizon: int | None = None,
        phasing: Phasing | str | None = None,
        prices: Prices | str | None = None,
        pay_awards: Sequence[Award | Mapping[str, Any]] | None = None,
        inflation: Sequence[Award | Mapping[str, Any]] | None = None,
        our_share: Decimal | str | None = None,
        grades: Mapping[str, Mapping[str, Any]] | None = None,
        lines: Mapping[str, Mapping[str, Any]] | None = None,
        rotas: Mapping[str, Mapping[str, Any]] | None = None,
    ) -> Proposal:
        """A new proposal with these changes, validated: the overrides a :class:`Variant` takes.

        ``grades`` and ``lines`` map a grade or line name to the fields to replace. A bad
        value, an unknown name or a misspelt field is an :class:`InputError` at once,
        with the message a variant's would have, at the place without ``variants[...]``.

        >>> from savingsmodel.examples import scs4_1_revised
        >>> base = scs4_1_revised()
        >>> dearer = base.with_changes(grades={"Watch Manager": {"unit_cost": "50k"}}, horizon=5)
        >>> dearer.grade("Watch Manager").unit_cost, dearer.horizon
        (Money('50000'), 5)
        >>> base.with_changes(grades={"Watch Manager": {"unitcost": "50k"}})  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        savingsmodel.core.errors.InputError: grades.Watch Manager.unitcost: cannot override 'unitcost'; did you mean ...
        """
        given = {
            "start_year": start_year,
            "horizon": horizon,
            "phasing": phasing,
            "prices": prices,
            "pay_awards": pay_awards,
            "inflation": inflation,
            "our_share": our_share,
            "grades": grades,
            "lines": lines,
            "rotas": rotas,
        }
        variant = Variant(name="changes", **{key: value for key, value in given.items() if value is not None})
        return apply_variant(self, variant, at="")

    def __repr__(self) -> str:
        held = [
            f"{n} {word}{'' if n == 1 else 's'}"
            for n, word in (
                (len(self.grades), "grade"),
                (len(self.lines), "line"),
                (len(self.claims), "claim"),
                (len(self.variants), "variant"),
            )
            if n
        ]
        years = f"{self.horizon} year{'' if self.horizon == 1 else 's'}"
        return f"Proposal({self.reference!r}, {self.start_year} for {years}: {', '.join(held) or 'no lines'})"

    __str__ = __repr__

    def _repr_html_(self) -> str:
        """In a notebook: the lines as a table, under the reference and title, with what else it holds."""
        rows = [[line.name, LINE_KINDS[line.kind].label, *_line_cells(line), line.source] for line in self.lines]
        header = ["line", "kind", "grade", "FTE", "amount a year", "start", "end", "source"]
        caption = f"{self.reference}: {self.title}" if self.title else self.reference
        last = self.years[-1]
        notes = [
            f"From {self.start_year} to {last} ({self.horizon} years), {self.prices.value} prices, "
            f"phased by {self.phasing.value}."
        ]
        if self.claims or self.series:
            notes.append(f"Claims: {len(self.claims)}; claimed series: {len(self.series)}.")
        if self.variants:
            notes.append("Variants: " + ", ".join(v.name for v in self.variants) + ".")
        return table(header, rows or [["(no lines)", "", "", "", "", "", "", ""]], caption=caption, notes=notes)

    def _change_hint(self, name: str) -> str:
        if name in Variant.model_fields:
            return f"proposal.with_changes({name}=...)"
        return super()._change_hint(name)


def _line_cells(line: Any) -> list[str]:
    """A line's grade, FTE, annual amount, start and end, as text for a table (blank where it has none)."""
    grade = getattr(line, "grade", None) or (
        f"{line.from_grade} to {line.to_grade}" if hasattr(line, "from_grade") else ""
    )
    fte = getattr(line, "fte", None)
    amount = next((str(v) for v in (getattr(line, f, None) for f in ("amount", "cost", "total")) if v is not None), "")
    for field, words in (("unit_cost", "per FTE"), ("uplift_per_post", "per post")):
        if not amount and getattr(line, field, None) is not None:
            amount = f"{getattr(line, field)} {words}"
    if not amount and getattr(line, "per_post", None) is not None:
        amount = f"{line.per_post} x {line.posts} posts"
    if not amount and getattr(line, "weekly_pay", None) is not None:
        amount = f"redundancy: {line.weekly_pay} a week, age {line.age}, {line.service_years} years' service"
    if getattr(line, "kind", "") == "capital_spend":
        amount = f"{line.amount} capital, {line.funding.words}: not a revenue amount"
    start = line.start or (line.schedule[0].on if getattr(line, "schedule", ()) else None)
    return [grade, "" if fte is None else f"{fte.normalize():f}", amount, str(start or ""), str(line.end or "")]


def _cross_problems(data: object) -> Iterator[Problem]:
    """Problems no single field shows: names that must exist, names that must be unique.

    Works on the raw input as well as on a valid proposal's dump, so that these
    are reported beside any field errors.
    """
    if isinstance(data, BaseModel):
        data = data.model_dump()
    if not isinstance(data, Mapping):
        return

    def named(key: str) -> list[tuple[int, Mapping[str, Any]]]:
        items = data.get(key)
        if not isinstance(items, (list, tuple)):
            return []
        return [(i, _as_mapping(x)) for i, x in enumerate(items) if isinstance(_as_mapping(x), Mapping)]

    grades, lines, variants, rotas = named("grades"), named("lines"), named("variants"), named("rotas")
    indices = named("indices")
    named_collections = (("grades", grades), ("lines", lines), ("variants", variants), ("rotas", rotas))
    for collection, items in (*named_collections, ("indices", indices)):
        seen: set[str] = set()
        for index, item in items:
            name = item.get("name")
            if isinstance(name, str) and name in seen:
                yield Problem(
                    f"{collection}[{index}].name",
                    f"expected a unique name, found {name!r} again",
                    code="duplicate_name",
                    name=name,
                )
            seen.add(str(name))
    grade_names = [str(g.get("name")) for _, g in grades]
    line_names = [str(x.get("name")) for _, x in lines]

    def unknown_grade(path: str, name: object) -> Iterator[Problem]:
        if isinstance(name, str) and name not in grade_names:
            yield Problem(
                path, f"unknown grade {name!r}{did_you_mean(name, grade_names)}", code="unknown_grade", name=name
            )

    # A line follows pay, inflation, nothing, or an index the proposal names: any other name is a typo.
    followed = [*(u.value for u in Uprating), *(str(x.get("name")) for _, x in indices)]
    for index, line in lines:
        uprate = line.get("uprate")
        if isinstance(uprate, str) and uprate not in followed:
            yield Problem(
                f"lines[{index}].uprate",
                f"unknown index {uprate!r}{did_you_mean(uprate, followed)}; name it in indices, or write pay, "
                "inflation or none",
                code="unknown_index",
                name=uprate,
            )
    # A line priced from a grade with no unit cost is kept: its cost is not stated yet, and every figure it
    # feeds is reported as one that cannot be checked (``Evaluation.unstated``), not refused here.
    for index, line in lines:
        for field in ("grade", "from_grade", "to_grade"):
            if field in line:
                yield from unknown_grade(f"lines[{index}].{field}", line[field])
        priced_in = line.get("priced_in")
        if isinstance(priced_in, str):
            others = [n for n in line_names if n != line.get("name")]
            if priced_in not in others:
                yield Problem(
                    f"lines[{index}].priced_in",
                    f"unknown line {priced_in!r}{did_you_mean(priced_in, others)}",
                    code="unknown_line",
                    name=priced_in,
                )
    for index, variant in variants:
        yield from _variant_names(f"variants[{index}]", variant, grades, lines, rotas)
    for collection in ("counts", "rotas", "claims", "percentages", "unit_cost_claims"):
        for index, item in named(collection):
            yield from unknown_grade(f"{collection}[{index}].grade", item.get("grade"))
    for index, item in named("claims"):
        claimed = item.get("line")
        if isinstance(claimed, str) and claimed not in line_names:
            yield Problem(
                f"claims[{index}].line",
                f"unknown line {claimed!r}{did_you_mean(claimed, line_names)}",
                code="unknown_line",
                name=claimed,
            )
    yield from uncertain_problems(data)
    yield from statement_problems(data)
    yield from _horizon_too_late(data)
    years = _horizon(data)
    if years is None:
        return
    yield from _outside_horizon(years, named("lines"), named("series"))
    for collection, field in (
        ("claims", "year"),
        ("lines", "year"),
        ("counts", "year"),
        ("series", "year"),
        ("targets", "year"),
        ("percentages", "year"),
    ):
        for index, item in named(collection):
            try:
                year = FinancialYear.parse(str(item[field])) if field in item and item[field] is not None else None
            except ValueError:
                continue
            if year is not None and year not in years:
                yield Problem(
                    f"{collection}[{index}].{field}",
                    f"expected a year from {years[0]} to {years[-1]} (the horizon), found {year}",
                    code="outside_horizon",
                )


#: What a line falling once is, as a date outside the horizon is refused: a one-off cost is paid.
_DATED: Final[Mapping[str, str]] = {"one_off_income": "one-off income received", "capital_spend": "capital spent"}


def _horizon_too_late(data: Mapping[str, Any]) -> Iterator[Problem]:
    """A horizon that runs past the last financial year there is (2999/00)."""
    start, horizon = data.get("start_year"), data.get("horizon", 4)
    try:
        first = start if isinstance(start, FinancialYear) else FinancialYear.parse(str(start))
    except ValueError:
        return  # reported by the field's own check
    if isinstance(horizon, int) and 1 <= horizon <= 30 and first.start_year + horizon - 1 > 2999:
        to = first.start_year + horizon - 1
        yield Problem(
            "horizon",
            f"expected a horizon ending by 2999/00 (the last financial year), "
            f"found {horizon} years to {to}/{(to + 1) % 100:02d}",
            code="out_of_range",
        )


def _outside_horizon(
    years: tuple[FinancialYear, ...],
    lines: list[tuple[int, Mapping[str, Any]]],
    series: list[tuple[int, Mapping[str, Any]]],
) -> Iterator[Problem]:
    """Figures that would fall outside the horizon and so be left out of every figure without a word."""
    first, last = years[0].start, years[-1].end
    for index, line in lines:
        start = line.get("start")
        if isinstance(start, datetime):
            continue  # a date with a time: reported by the field's own check
        if isinstance(start, str):
            try:
                start = date.fromisoformat(start)
            except ValueError:
                continue  # reported by the field's own check
        kind = LINE_KINDS.get(str(line.get("kind")))
        one_off = kind is not None and kind.once and line.get("year") is None
        if one_off and isinstance(start, date) and not first <= start <= last:
            what = _DATED.get(str(line.get("kind")), "a one-off cost paid")
            yield Problem(
                f"lines[{index}].start",
                f"expected {what} from {first} to {last} (the horizon), found {start}",
                code="outside_horizon",
            )
    for index, item in series:
        values = item.get("values")
        try:
            year = FinancialYear.parse(str(item.get("year")))
        except ValueError:
            continue
        if year not in years or not isinstance(values, (list, tuple)):
            continue
        room = years[-1] - year + 1
        if len(values) > room:
            # Named by its start year's number: the series may run past the last year there is.
            to = year.start_year + len(values) - 1
            yield Problem(
                f"series[{index}].values",
                f"expected at most {room} value{'s' if room != 1 else ''} ({year} to {years[-1]}, the horizon), "
                f"found {len(values)} (to {to}/{(to + 1) % 100:02d})",
                code="outside_horizon",
            )


def _variant_names(
    at: str,
    variant: Mapping[str, Any],
    grades: list[tuple[int, Mapping[str, Any]]],
    lines: list[tuple[int, Mapping[str, Any]]],
    rotas: list[tuple[int, Mapping[str, Any]]],
) -> Iterator[Problem]:
    """A variant's overrides name grades, lines and rotas the proposal has, and fields they have; ``at`` is its
    place."""
    for collection, items, code in (
        ("grades", grades, "unknown_grade"),
        ("lines", lines, "unknown_line"),
        ("rotas", rotas, "unknown_rota"),
    ):
        names = [str(item.get("name")) for _, item in items]
        # Overrides that are not a table (``lines = 5``, ``lines = "ab"``) are their field's own problem.
        overrides = variant.get(collection)
        for name in overrides if isinstance(overrides, Mapping) else ():
            if not isinstance(name, str) or name not in names:
                word = collection[:-1]
                hint = did_you_mean(str(name), names)
                yield Problem(_join(at, collection), f"unknown {word} {name!r}{hint}", code=code, name=str(name))
    yield from _override_problems(at, variant, grades, lines, rotas)


def _join(at: str, path: str) -> str:
    return f"{at}.{path}" if at else path


def _override_problems(
    at: str,
    variant: Mapping[str, Any],
    grades: list[tuple[int, Mapping[str, Any]]],
    lines: list[tuple[int, Mapping[str, Any]]],
    rotas: list[tuple[int, Mapping[str, Any]]],
) -> Iterator[Problem]:
    """A variant may replace only fields its grade, line or rota has, and never a name or kind."""
    for collection, items in (("grades", grades), ("lines", lines), ("rotas", rotas)):
        overrides = variant.get(collection)
        if not isinstance(overrides, Mapping):
            continue
        # A name that is not text is reported at its own field; only text names can be overridden.
        by_name = {item["name"]: item for _, item in items if isinstance(item.get("name"), str)}
        for name, changes in overrides.items():
            item = by_name.get(name)
            kind = LINE_KINDS.get(str(item.get("kind"))) if item is not None and collection == "lines" else None
            model = (
                Grade
                if collection == "grades"
                else Rota
                if collection == "rotas"
                else kind.model
                if kind is not None
                else None
            )
            if item is None or model is None or not isinstance(changes, Mapping):
                continue  # an unknown name or kind is reported on its own
            fields = [f for f in model.model_fields if f not in ("name", "kind")]
            for key in changes:
                if key in ("name", "kind"):
                    why = f": a variant changes a {collection[:-1]}'s fields, not its name or kind"
                    yield Problem(
                        _join(at, f"{collection}.{name}.{key}"),
                        f"cannot override {key!r}{why}",
                        code="cannot_override",
                        name=key,
                    )
                elif key not in fields:
                    hint = did_you_mean(str(key), fields)
                    yield Problem(
                        _join(at, f"{collection}.{name}.{key}"),
                        f"cannot override {key!r}{hint}",
                        code="cannot_override",
                        name=str(key),
                    )


def _as_mapping(item: object) -> Any:
    return item.model_dump() if isinstance(item, BaseModel) else item


def _horizon(data: Mapping[str, Any]) -> tuple[FinancialYear, ...] | None:
    try:
        start = data["start_year"]
        start = start if isinstance(start, FinancialYear) else FinancialYear.parse(str(start))
        horizon = data.get("horizon", 4)
        return start.range(int(horizon)) if isinstance(horizon, int) and 1 <= horizon <= 30 else None
    except (KeyError, ValueError):
        return None


def apply_variant(proposal: Proposal, variant: Variant, *, at: str | None = None) -> Proposal:
    """A new proposal: the variant's overrides laid over the baseline, validated again.

    Problems are placed under ``at``: ``variants[NAME]`` unless told (``""`` for
    :meth:`Proposal.with_changes`, whose problems are at the overrides themselves).
    """
    place = f"variants[{variant.name}]" if at is None else at
    data = proposal.model_dump(mode="python", exclude_defaults=False)
    # The names first: an override of a grade or line the proposal lacks would be dropped without a word.
    named = (
        [(i, item) for i, item in enumerate(data["grades"])],
        [(i, item) for i, item in enumerate(data["lines"])],
        [(i, item) for i, item in enumerate(data["rotas"])],
    )
    problems = list(_variant_names(place, variant.model_dump(), *named))
    if problems:
        raise InputError(problems)
    for key in ("start_year", "horizon", "phasing", "prices", "pay_awards", "inflation", "our_share", "indices"):
        value = getattr(variant, key)
        if value is not None:
            data[key] = value
    data["grades"] = [_override(g, _costing(g, variant.grades.get(g["name"])), "grades") for g in data["grades"]]
    data["lines"] = [_override(x, variant.lines.get(x["name"]), "lines") for x in data["lines"]]
    data["rotas"] = [_override(r, variant.rotas.get(r["name"]), "rotas") for r in data["rotas"]]
    # Validated without the variants: they were checked against the same names when the proposal was made,
    # and checking them again would report the baseline's problems as this variant's.
    data["variants"] = ()
    try:
        changed = Proposal.model_validate(data)
    except ValidationError as error:
        found = problems_from_validation(error, data, Proposal)
        if at is None:
            raise InputError(p.at(f"{place}.{p.path}") for p in found) from None
        raise InputError(_at_override(p, proposal, variant, place) for p in found) from None
    return BaseModel.model_copy(changed, update={"variants": proposal.variants})


def _at_override(problem: Problem, proposal: Proposal, variant: Variant, at: str) -> Problem:
    """A problem of the changed proposal at the override that causes it: ``lines[0].start`` to ``lines.NAME.start``."""
    match = re.match(r"(grades|lines|rotas)\[(\d+)\](.*)$", problem.path)
    if match is not None:
        items: Sequence[Grade | Line | Rota] = {
            "grades": proposal.grades,
            "lines": proposal.lines,
            "rotas": proposal.rotas,
        }[match[1]]
        overrides = {"grades": variant.grades, "lines": variant.lines, "rotas": variant.rotas}[match[1]]
        position = int(match[2])
        if position < len(items) and items[position].name in overrides:
            return problem.at(_join(at, f"{match[1]}.{items[position].name}{match[3]}"))
    return problem.at(_join(at, problem.path))


def _costing(grade: Mapping[str, Any], changes: Mapping[str, Any] | None) -> Mapping[str, Any] | None:
    """A grade's overrides, where a unit cost replaces a build-up (and the reverse) and a build-up's fields merge."""
    if not changes:
        return changes
    changes = dict(changes)
    if "unit_cost" in changes and "build_up" not in changes:
        changes["build_up"] = None
    elif "build_up" in changes and "unit_cost" not in changes:
        changes["unit_cost"] = None
        base, more = grade.get("build_up"), changes["build_up"]
        if isinstance(base, Mapping) and isinstance(more, Mapping):
            changes["build_up"] = {**base, **more}  # a variant may change one part, e.g. the pension rate
    return changes


def _override(item: dict[str, Any], changes: Mapping[str, Any] | None, collection: str) -> dict[str, Any]:
    if not changes:
        return item
    unknown = [key for key in changes if key not in item or key in ("name", "kind")]
    if unknown:
        fields = [k for k in item if k not in ("name", "kind")]
        raise InputError(
            Problem(
                f"{collection}[{item['name']}].{key}",
                f"cannot override {key!r}{did_you_mean(key, fields)}",
                code="cannot_override",
                name=key,
            )
            for key in unknown
        )
    return {**item, **changes}
