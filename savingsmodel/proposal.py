"""The proposal: grades, the lines that change the budget, and the claims a paper makes.

A proposal is written once, as a file or in Python, and never mutated: a variant
is a new proposal made by :meth:`Proposal.with_variant`.

>>> wm = Grade(name="Watch Manager", unit_cost="48k")
>>> p = Proposal(
...     reference="SCS4-1", title="Watch Manager restructure", start_year="2016/17",
...     grades=[wm],
...     lines=[PostsReleased(name="WM posts", grade="Watch Manager", fte=12, source="para 9")],
... )
>>> p.lines[0].fte
Decimal('12')

All amounts are annual, at the proposal's prices, and never negative: the kind
of line says which way it moves the budget.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any, Final, Literal, Self

from pydantic import AfterValidator, BaseModel, Field, ValidationError, model_validator
from pydantic_core import PydanticCustomError

from savingsmodel.errors import InputError, Problem, did_you_mean
from savingsmodel.money import Money
from savingsmodel.pay import Award, Awards, Prices, Uprating
from savingsmodel.phasing import Phasing
from savingsmodel.statements import Acknowledgement, Band, Count, Rota
from savingsmodel.unitcost import OnCost, UnitCostBuildUp
from savingsmodel.values import FTE, Amount, Number, Stated, Value
from savingsmodel.years import FinancialYear

__all__ = [
    "Allowance",
    "Assumption",
    "Claim",
    "Figure",
    "Grade",
    "Line",
    "OneOffCost",
    "PostsCreated",
    "PostsReleased",
    "Proposal",
    "RecurringCost",
    "RecurringIncome",
    "Regrade",
    "SeriesClaim",
    "Step",
    "Variant",
    "problems_from_validation",
]


class Grade(Value):
    """A pay grade and the fully loaded annual cost of one FTE in it (salary plus on-costs)."""

    name: str = Field(min_length=1)
    unit_cost: Amount | None = Field(default=None, description="needed by any line priced from this grade")
    plausible_unit_cost: Band | None = Field(
        default=None, description="[low, high] cost of one FTE the checks accept; default: docs/reference/checks.md"
    )
    build_up: UnitCostBuildUp | None = Field(
        default=None, description="salary and on-costs; the unit cost is built from them (instead of unit_cost)"
    )
    note: str = ""
    source: str = ""

    @model_validator(mode="after")
    def _one_cost(self) -> Self:
        if self.unit_cost is not None and self.build_up is not None:
            raise PydanticCustomError("grade", "expected unit_cost or build_up, found both", {})
        return self

    @property
    def cost(self) -> Money | None:
        """The unit cost: as stated, or built up from pay and on-costs; None when neither is given."""
        if self.build_up is not None:
            return self.build_up.total
        return self.unit_cost


class Step(Value):
    """Part of a schedule: ``fte`` posts change on ``on``."""

    on: date
    fte: FTE


class _Line(Value):
    """What every line has: a unique name, where it comes from, and when it runs."""

    name: str = Field(min_length=1)
    note: str = ""
    source: str = ""
    start: date | None = Field(default=None, description="first day in effect; default the start of the proposal")
    end: date | None = Field(default=None, description="last day in effect; default never")
    uprate: Uprating | None = Field(
        default=None, description="pay | inflation | none; default pay for staff lines, inflation for other recurring"
    )

    @model_validator(mode="after")
    def _end_after_start(self) -> Self:
        if self.start is not None and self.end is not None and self.end < self.start:
            raise PydanticCustomError(
                "dates",
                "expected end on or after start ({start}), found {end}",
                {"start": str(self.start), "end": str(self.end)},
            )
        return self


class _PostsLine(_Line):
    """A line counted in posts: a number of FTE, all at once or on a schedule."""

    fte: FTE | None = None
    schedule: tuple[Step, ...] = ()
    unit_cost: Amount | None = Field(default=None, description="overrides the grade's unit cost for this line")

    @model_validator(mode="after")
    def _fte_or_schedule(self) -> Self:
        if self.schedule:
            total = sum((s.fte for s in self.schedule), Decimal(0))
            if self.fte is not None and self.fte != total:
                raise PydanticCustomError(
                    "schedule",
                    "expected fte to equal the schedule's total {total}, found {fte}",
                    {"total": str(total), "fte": str(self.fte)},
                )
            if self.start is not None:
                raise PydanticCustomError("schedule", "expected either start or schedule, found both", {})
            late = [s.on for s in self.schedule if self.end is not None and s.on > self.end]
            if late:
                # A step after the end would never be in force: its posts would vanish from every figure.
                raise PydanticCustomError(
                    "schedule",
                    "expected every schedule step on or before end ({end}), found one on {on}",
                    {"end": str(self.end), "on": str(late[0])},
                )
            object.__setattr__(self, "fte", total)
        elif self.fte is None:
            raise PydanticCustomError("missing_fte", "expected fte or a schedule, found neither", {})
        return self

    def tranches(self, default_start: date) -> Iterator[tuple[date, Decimal]]:
        """(date, fte) pairs: the schedule, or the whole fte on the start date."""
        if self.schedule:
            for step in self.schedule:
                yield step.on, step.fte
        else:
            yield self.start or default_start, self.fte or Decimal(0)


class PostsReleased(_PostsLine):
    """Posts removed from the establishment: the gross saving."""

    kind: Literal["posts_released"] = "posts_released"
    grade: str


class PostsCreated(_PostsLine):
    """New posts: an additional cost, at the grade's unit cost unless a cost is stated."""

    kind: Literal["posts_created"] = "posts_created"
    grade: str
    cost: Amount | None = Field(default=None, description="the stated annual cost of all these posts together")
    priced_in: str | None = Field(
        default=None, description="name of another line whose amount already includes these posts"
    )

    @model_validator(mode="after")
    def _cost_has_posts(self) -> Self:
        # The stated cost is shared over the posts: with none, it would vanish from every figure.
        if self.cost is not None and not self.fte:
            raise PydanticCustomError(
                "posts", "expected fte above zero when the posts have a stated cost, found {fte}", {"fte": "0"}
            )
        return self


class Regrade(_PostsLine):
    """Existing posts moved to another grade: costs the difference, not a new post."""

    kind: Literal["regrade"] = "regrade"
    from_grade: str
    to_grade: str
    uplift_per_post: Amount | None = Field(default=None, description="stated; default the difference of the unit costs")


class Allowance(_Line):
    """An extra payment attached to a role: per post times posts, or a total."""

    kind: Literal["allowance"] = "allowance"
    per_post: Amount | None = None
    posts: FTE | None = None
    total: Amount | None = None

    @model_validator(mode="after")
    def _one_way(self) -> Self:
        by_post = self.per_post is not None or self.posts is not None
        if by_post == (self.total is not None):
            raise PydanticCustomError(
                "allowance",
                "expected either total, or per_post with posts, found {found}",
                {"found": "both" if by_post else "neither"},
            )
        if by_post and (self.per_post is None or self.posts is None):
            raise PydanticCustomError("allowance", "expected per_post and posts together, found only one", {})
        return self

    @property
    def annual(self) -> Money:
        if self.total is not None:
            return self.total
        return (self.per_post or Money(0)) * (self.posts or Decimal(0))


class _AmountLine(_Line):
    amount: Amount


class RecurringCost(_AmountLine):
    """A cost every year from its start: a new team, turnout costs."""

    kind: Literal["recurring_cost"] = "recurring_cost"


class RecurringIncome(_AmountLine):
    """Income every year from its start."""

    kind: Literal["recurring_income"] = "recurring_income"


class OneOffCost(_AmountLine):
    """Paid once, in the year of ``year`` or of ``start``: never every year."""

    kind: Literal["one_off_cost"] = "one_off_cost"
    year: FinancialYear | None = None


Line = Annotated[
    PostsReleased | PostsCreated | Regrade | Allowance | RecurringCost | RecurringIncome | OneOffCost,
    Field(discriminator="kind"),
]
LINE_KINDS = (
    "posts_released",
    "posts_created",
    "regrade",
    "allowance",
    "recurring_cost",
    "recurring_income",
    "one_off_cost",
)


class Figure(StrEnum):
    """The figures a proposal can claim and the engine computes."""

    GROSS_SAVING = "gross_saving"
    ADDITIONAL_COSTS = "additional_costs"
    ONE_OFF_COSTS = "one_off_costs"
    INCOME = "income"
    RECURRING_NET_SAVING = "recurring_net_saving"
    NET_SAVING = "net_saving"
    FTE_CHANGE = "fte_change"
    FTE_RELEASED = "fte_released"
    FTE_CREATED = "fte_created"

    @property
    def is_money(self) -> bool:
        return not self.value.startswith("fte_")

    @property
    def label(self) -> str:
        """The figure in words, as the glossary writes it: ``one-off costs``, ``FTE change``."""
        return self.value.replace("one_off", "one-off").replace("fte_", "FTE ").replace("_", " ")


def _rounding_step(value: Decimal) -> Decimal:
    if value <= 0:
        raise ValueError(f"expected a step above zero such as '1k', found {value.normalize():f}")
    return value


def _not_negative(value: Decimal) -> Decimal:
    if value < 0:
        raise ValueError(f"expected zero or more, found {value.normalize():f}")
    return value


# A claim's allowance is built from these: a step of zero or less, or a negative tolerance,
# would let nothing hold, not even the exact figure.
_RoundedTo = Annotated[Stated, AfterValidator(_rounding_step)]
_Tolerance = Annotated[Stated, AfterValidator(_not_negative)]


class Claim(Value):
    """A figure the paper states, to be recomputed.

    ``basis`` is the view the figure is in: the year's ``annual`` effect, the
    ``incremental`` change from the year before (of ``recurring_net_saving``: the
    MTFP line figure), the ``cumulative`` running total, or the
    ``total`` over the whole period (no year). ``rounded_to`` says the paper
    rounds (``"1k"`` for £576k); ``tolerance`` allows an approximate figure.
    """

    figure: Figure
    value: Stated
    year: FinancialYear | None = None
    basis: Literal["annual", "incremental", "cumulative", "total"] = "annual"
    grade: str | None = Field(default=None, description="for fte_change: one grade; default all")
    rounded_to: _RoundedTo | None = None
    tolerance: _Tolerance | None = None
    words: str = Field(default="", description="the paper's own words for this figure")
    source: str = ""

    @model_validator(mode="after")
    def _year_fits_basis(self) -> Self:
        if self.basis == "total" and not self.figure.is_money:
            raise PydanticCustomError(
                "claim",
                "expected a year for {figure} (an FTE figure has no total over the period), found basis 'total'",
                {"figure": self.figure.value},
            )
        if self.basis == "total" and self.year is not None:
            raise PydanticCustomError(
                "claim", "expected no year with basis 'total', found {year}", {"year": str(self.year)}
            )
        if self.basis != "total" and self.year is None:
            raise PydanticCustomError("claim", "expected a year for basis '{basis}', found none", {"basis": self.basis})
        if self.grade is not None and self.figure is not Figure.FTE_CHANGE:
            # Any other figure is the whole proposal's: a grade here would be silently ignored.
            raise PydanticCustomError(
                "claim", "expected a grade only for fte_change, found one for {figure}", {"figure": self.figure.value}
            )
        return self

    @property
    def allowance(self) -> Decimal:
        """How far the computed figure may be from the stated one and still hold."""
        half_step = (self.rounded_to or Decimal(0)) / 2
        return max(half_step, self.tolerance or Decimal(0))

    def describe(self) -> str:
        grade = f" ({self.grade})" if self.grade else ""
        when = "over the period" if self.year is None else f"{self.year}"
        basis = "" if self.basis in ("annual", "total") else f" {self.basis}"
        return f"{self.figure.value}{grade}{basis} {when}"


class SeriesClaim(Value):
    """Figures the paper states for consecutive years from ``year``, and which view they are in.

    A series must say whether it is ``incremental`` (the change each year, as an MTFP
    line shows it) or ``cumulative`` (the running total); each year is reconciled
    like a :class:`Claim`, and :func:`savingsmodel.series.series_kind_findings` flags
    a series that looks like the other kind.
    """

    figure: Figure
    year: FinancialYear = Field(description="the first year of the series")
    values: tuple[Stated, ...] = Field(min_length=1)
    basis: Literal["incremental", "cumulative"]
    rounded_to: _RoundedTo | None = None
    tolerance: _Tolerance | None = None
    words: str = Field(default="", description="the paper's own words for these figures")
    source: str = ""

    def claims(self) -> tuple[Claim, ...]:
        """One claim per year of the series."""
        return tuple(
            Claim(
                figure=self.figure,
                value=value,
                year=self.year + offset,
                basis=self.basis,
                rounded_to=self.rounded_to,
                tolerance=self.tolerance,
                words=self.words,
                source=self.source,
            )
            for offset, value in enumerate(self.values)
        )


class Assumption(Value):
    """A stated assumption: what was assumed, its value and where it comes from."""

    name: str = Field(min_length=1)
    value: str | Number
    source: str = ""
    note: str = ""


class Variant(Value):
    """Named overrides of a proposal's inputs, without copying it.

    ``grades`` and ``lines`` map a grade or line name to the fields to replace,
    such as ``{"Watch Manager": {"unit_cost": "50k"}}``.
    """

    name: str = Field(min_length=1)
    description: str = ""
    start_year: FinancialYear | None = None
    horizon: int | None = Field(default=None, ge=1, le=30)
    phasing: Phasing | None = None
    prices: Prices | None = None
    pay_awards: Awards | None = None
    inflation: Awards | None = None
    grades: dict[str, dict[str, Any]] = Field(default_factory=dict)
    lines: dict[str, dict[str, Any]] = Field(default_factory=dict)


class Proposal(Value):
    """A savings proposal: what changes, when, and what the paper claims."""

    reference: str = Field(min_length=1)
    title: str = ""
    service: str = ""
    source_document: str = ""
    start_year: FinancialYear
    horizon: int = Field(default=4, ge=1, le=30, description="financial years modelled")
    phasing: Phasing = Phasing.MONTHS
    grades: tuple[Grade, ...] = ()
    lines: tuple[Line, ...] = ()
    claims: tuple[Claim, ...] = ()
    assumptions: tuple[Assumption, ...] = ()
    variants: tuple[Variant, ...] = ()
    prices: Prices = Field(default=Prices.CASH, description="cash (uprated by pay awards and inflation) or constant")
    price_base: FinancialYear | None = Field(default=None, description="the year whose prices the amounts are in")
    pay_awards: Awards = Field(default=(), description="pay awards by year; uprate staff lines in cash terms")
    inflation: Awards = Field(default=(), description="inflation by year; uprates other recurring lines in cash terms")
    series: tuple[SeriesClaim, ...] = Field(default=(), description="claimed figures for consecutive years")
    counts: tuple[Count, ...] = Field(default=(), description="numbers of posts or roles the paper states")
    rotas: tuple[Rota, ...] = Field(default=(), description="roles staffed on a rota by a pool of posts")
    acknowledged: tuple[Acknowledgement, ...] = Field(
        default=(), description="check findings looked at and accepted, each with a reason"
    )

    @property
    def years(self) -> tuple[FinancialYear, ...]:
        return self.start_year.range(self.horizon)

    def grade(self, name: str) -> Grade:
        for grade in self.grades:
            if grade.name == name:
                return grade
        raise InputError.one("grade", f"unknown grade {name!r}{did_you_mean(name, [g.name for g in self.grades])}")

    def line(self, name: str) -> Line:
        for line in self.lines:
            if line.name == name:
                return line
        raise InputError.one("lines", f"unknown line {name!r}{did_you_mean(name, [x.name for x in self.lines])}")

    @model_validator(mode="after")
    def _references_hold(self) -> Self:
        problems = list(_cross_problems(self))
        if problems:
            raise PydanticCustomError("cross", "{count} problems", {"count": len(problems), "problems": problems})
        return self

    def variant(self, name: str) -> Variant:
        for variant in self.variants:
            if variant.name == name:
                return variant
        known = [v.name for v in self.variants]
        hint = did_you_mean(name, known) if known else "; the proposal has no variants"
        raise InputError.one("variants", f"unknown variant {name!r}{hint}")

    def with_variant(self, name: str) -> Proposal:
        """The proposal with the named variant's overrides applied (variants themselves kept)."""
        return apply_variant(self, self.variant(name))


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

    grades, lines, variants = named("grades"), named("lines"), named("variants")
    for collection, items in (("grades", grades), ("lines", lines), ("variants", variants)):
        seen: set[str] = set()
        for index, item in items:
            name = item.get("name")
            if isinstance(name, str) and name in seen:
                yield Problem(f"{collection}[{index}].name", f"expected a unique name, found {name!r} again")
            seen.add(str(name))
    grade_names = [str(g.get("name")) for _, g in grades]
    line_names = [str(x.get("name")) for _, x in lines]

    def unknown_grade(path: str, name: object) -> Iterator[Problem]:
        if isinstance(name, str) and name not in grade_names:
            yield Problem(path, f"unknown grade {name!r}{did_you_mean(name, grade_names)}")

    uncosted = [str(g.get("name")) for _, g in grades if g.get("unit_cost") is None and g.get("build_up") is None]
    for index, line in lines:
        for field in ("grade", "from_grade", "to_grade"):
            if field in line:
                yield from unknown_grade(f"lines[{index}].{field}", line[field])
                if line[field] in uncosted and _prices_from_grade(line):
                    yield Problem(
                        f"lines[{index}].{field}",
                        f"expected grade {line[field]!r} to have a unit_cost (this line is priced from it), found none",
                    )
        priced_in = line.get("priced_in")
        if isinstance(priced_in, str):
            others = [n for n in line_names if n != line.get("name")]
            if priced_in not in others:
                yield Problem(
                    f"lines[{index}].priced_in", f"unknown line {priced_in!r}{did_you_mean(priced_in, others)}"
                )
    for index, variant in variants:
        for name in variant.get("grades") or {}:
            yield from unknown_grade(f"variants[{index}].grades", name)
        for name in variant.get("lines") or {}:
            if name not in line_names:
                yield Problem(f"variants[{index}].lines", f"unknown line {name!r}{did_you_mean(str(name), line_names)}")
        yield from _override_problems(index, variant, grades, lines)
    for collection in ("counts", "rotas", "claims"):
        for index, item in named(collection):
            yield from unknown_grade(f"{collection}[{index}].grade", item.get("grade"))
    yield from _horizon_too_late(data)
    years = _horizon(data)
    if years is None:
        return
    yield from _outside_horizon(years, named("lines"), named("series"))
    for collection, field in (("claims", "year"), ("lines", "year"), ("counts", "year"), ("series", "year")):
        for index, item in named(collection):
            try:
                year = FinancialYear.parse(str(item[field])) if field in item and item[field] is not None else None
            except ValueError:
                continue
            if year is not None and year not in years:
                yield Problem(
                    f"{collection}[{index}].{field}",
                    f"expected a year from {years[0]} to {years[-1]} (the horizon), found {year}",
                )


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
        one_off = line.get("kind") == "one_off_cost" and line.get("year") is None
        if one_off and isinstance(start, date) and not first <= start <= last:
            yield Problem(
                f"lines[{index}].start",
                f"expected a one-off cost paid from {first} to {last} (the horizon), found {start}",
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
            )


def _prices_from_grade(line: Mapping[str, Any]) -> bool:
    """Whether a line's cost comes from its grades' unit costs rather than a stated figure."""
    kind = line.get("kind")
    if kind == "regrade":
        return line.get("uplift_per_post") is None
    if kind == "posts_created" and (line.get("cost") is not None or line.get("priced_in") is not None):
        return False
    return kind in ("posts_released", "posts_created") and line.get("unit_cost") is None


def _override_problems(
    index: int,
    variant: Mapping[str, Any],
    grades: list[tuple[int, Mapping[str, Any]]],
    lines: list[tuple[int, Mapping[str, Any]]],
) -> Iterator[Problem]:
    """A variant may replace only fields its grade or line has, and never a name or kind."""
    for collection, items in (("grades", grades), ("lines", lines)):
        overrides = variant.get(collection)
        if not isinstance(overrides, Mapping):
            continue
        # A name that is not text is reported at its own field; only text names can be overridden.
        by_name = {item["name"]: item for _, item in items if isinstance(item.get("name"), str)}
        for name, changes in overrides.items():
            item = by_name.get(name)
            model = Grade if collection == "grades" else _KIND_MODELS.get(str(item.get("kind"))) if item else None
            if item is None or model is None or not isinstance(changes, Mapping):
                continue  # an unknown name or kind is reported on its own
            fields = [f for f in model.model_fields if f not in ("name", "kind")]
            for key in changes:
                if key in ("name", "kind"):
                    why = f": a variant changes a {collection[:-1]}'s fields, not its name or kind"
                    yield Problem(f"variants[{index}].{collection}.{name}.{key}", f"cannot override {key!r}{why}")
                elif key not in fields:
                    hint = did_you_mean(str(key), fields)
                    yield Problem(f"variants[{index}].{collection}.{name}.{key}", f"cannot override {key!r}{hint}")


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


def apply_variant(proposal: Proposal, variant: Variant) -> Proposal:
    """A new proposal: the variant's overrides laid over the baseline, validated again."""
    data = proposal.model_dump(mode="python", exclude_defaults=False)
    for key in ("start_year", "horizon", "phasing", "prices", "pay_awards", "inflation"):
        value = getattr(variant, key)
        if value is not None:
            data[key] = value
    data["grades"] = [_override(g, _costing(g, variant.grades.get(g["name"])), "grades") for g in data["grades"]]
    data["lines"] = [_override(x, variant.lines.get(x["name"]), "lines") for x in data["lines"]]
    try:
        return Proposal.model_validate(data)
    except ValidationError as error:
        raise InputError(
            Problem(f"variants[{variant.name}].{p.path}", p.message) for p in problems_from_validation(error, data)
        ) from None


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
            Problem(f"{collection}[{item['name']}].{key}", f"cannot override {key!r}{did_you_mean(key, fields)}")
            for key in unknown
        )
    return {**item, **changes}


_KIND_MODELS: dict[str, type[Value]] = {
    "posts_released": PostsReleased,
    "posts_created": PostsCreated,
    "regrade": Regrade,
    "allowance": Allowance,
    "recurring_cost": RecurringCost,
    "recurring_income": RecurringIncome,
    "one_off_cost": OneOffCost,
}
_LIST_MODELS: dict[str, type[Value]] = {
    "grades": Grade,
    "claims": Claim,
    "assumptions": Assumption,
    "variants": Variant,
    "schedule": Step,
    "series": SeriesClaim,
    "pay_awards": Award,
    "inflation": Award,
    "build_up": UnitCostBuildUp,
    "other": OnCost,
}


def problems_from_validation(
    error: ValidationError, data: object = None, model: type[Value] | None = None
) -> list[Problem]:
    """Turn pydantic's errors into Problems that say ``expected ..., found ...`` at a field path.

    ``data`` is the input that was validated by ``model`` (default Proposal): it
    lets a misspelt key get a "did you mean", and lets the cross-reference checks
    run even when some fields are wrong, so every problem is reported at once.
    """
    model = model or Proposal
    problems: list[Problem] = []
    for item in error.errors(include_url=False):
        loc = tuple(part for part in item["loc"] if not _is_internal(part))
        ctx = item.get("ctx") or {}
        nested = ctx.get("error")
        if item["type"] == "cross":
            problems.extend(ctx["problems"])
        elif isinstance(nested, InputError):
            # A nested model's own __init__ already explained itself; place it under loc.
            problems.extend(Problem(_join(_path(loc), p.path), p.message) for p in nested.problems)
        else:
            problems.append(Problem(_path(loc), _message(item, loc, data, model)))
    if model is Proposal and not any(item["type"] == "cross" for item in error.errors()):
        seen = {str(p) for p in problems}
        problems.extend(p for p in _cross_problems(data) if str(p) not in seen)
    return problems


def _join(prefix: str, path: str) -> str:
    if not prefix:
        return path
    if not path or path.startswith("["):
        return prefix + path
    return f"{prefix}.{path}"


_VALIDATOR_NAME: Final = re.compile(r"^[a-z][\w-]*\[.*\]$")


def _is_internal(part: str | int) -> bool:
    # pydantic adds the union tag and validator names ("function-after[...]") to locations;
    # a reader wants fields. A key the file wrote, however odd ("0["), is kept.
    return isinstance(part, str) and (part in _KIND_MODELS or bool(_VALIDATOR_NAME.match(part)))


def _path(loc: tuple[str | int, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _found(value: object) -> str:
    if isinstance(value, (Mapping, list, tuple)):
        return f"a {'table' if isinstance(value, Mapping) else 'list'}"
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, (Decimal, date, FinancialYear, Money)):
        return str(value)  # as the file wrote it, not Python's repr
    return f"{type(value).__name__} {value!r}" if isinstance(value, float) else repr(value)


# pydantic's words for a wrong shape, in the words of a scenario file.
_SHAPES: Final = (
    (re.compile(r"^expected a valid (?:tuple|list)\b.*"), "expected a list"),
    (
        re.compile(r"^expected a valid dictionary\b.*|^expected a (?:valid )?dictionary or instance of \w+.*"),
        "expected a table",
    ),
    (
        re.compile(r"^Datetimes provided to dates should have zero time.*"),
        "expected a date such as 2016-04-01, without a time",
    ),
    # Keep pydantic's reason when it names what is wrong ("month value is outside expected range of 1-12").
    (re.compile(r"^expected a valid date(?: or datetime)?(?:, (?P<why>.+))?$"), "expected a date such as 2016-04-01"),
    (re.compile(r"^expected a valid (?:integer|number)\b.*"), "expected a whole number"),
    (re.compile(r"^expected a valid string\b.*"), "expected text"),
    (re.compile(r"^expected a valid boolean\b.*"), "expected true or false"),
)


def _message(item: Any, loc: tuple[str | int, ...], data: object, model: type[Value]) -> str:
    kind, found = item["type"], item.get("input")
    if kind == "missing":
        return "expected a value, found nothing (required)"
    if kind == "extra_forbidden":
        key = str(item["loc"][-1])  # the unknown key itself, as written
        known = _known_fields(loc[:-1], data, model)
        return f"unknown field {key!r}{did_you_mean(key, known) if known else ''}"
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        tag = item.get("ctx", {}).get("tag", found.get("kind") if isinstance(found, Mapping) else None)
        kinds = list(_KIND_MODELS)
        if kind == "union_tag_not_found":
            return f"expected a kind, one of {', '.join(kinds)}; found none"
        return f"unknown kind {tag!r}{did_you_mean(str(tag), kinds)}"
    message: str = item["msg"]
    if message.startswith("Value error, "):
        message = message[len("Value error, ") :]
    if message.startswith("Input should be "):
        message = "expected " + message[len("Input should be ") :]
    for shape, words in _SHAPES:
        match = shape.match(message)
        if match:
            why = match.groupdict().get("why")
            message = f"{words} ({why})" if why and "invalid character" not in why else words
            break
    if "found" not in message:
        message = f"{message}, found {_found(found)}"
    if kind in ("enum", "literal_error") and isinstance(found, str):
        # A misspelt choice ('net_savings') gets a "did you mean", as a misspelt key does.
        expected = str((item.get("ctx") or {}).get("expected", ""))
        choices = [part.strip().strip("'") for part in expected.replace(" or ", ", ").split(", ")]
        hint = did_you_mean(found, choices)
        message += hint if hint.startswith("; did you mean") else ""
    return message


def _known_fields(loc: tuple[str | int, ...], data: object, model: type[Value]) -> list[str] | None:
    """The field names allowed at ``loc`` (the parent of an unknown key), from the input."""
    if not loc and isinstance(data, Mapping) and data.get("kind") in _KIND_MODELS:
        model = _KIND_MODELS[data["kind"]]
    node: object = data
    for part in loc:
        if isinstance(part, int):
            if isinstance(node, (list, tuple)) and part < len(node):
                node = node[part]
                if isinstance(node, Mapping) and node.get("kind") in _KIND_MODELS:
                    model = _KIND_MODELS[node["kind"]]
            continue
        node = node.get(part) if isinstance(node, Mapping) else None
        if part in _LIST_MODELS:
            model = _LIST_MODELS[part]
        elif part == "lines":
            model = _Line
        else:
            return None
    return [name for name in model.model_fields if name != "kind"]
