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

from collections.abc import Iterator, Mapping
from datetime import date, datetime
from typing import Any, Self

from pydantic import BaseModel, Field, ValidationError, model_validator
from pydantic_core import PydanticCustomError

from savingsmodel.core.errors import InputError, Problem, did_you_mean
from savingsmodel.core.fields import Number, Value
from savingsmodel.core.phasing import Phasing
from savingsmodel.core.validation import problems_from_validation
from savingsmodel.core.years import FinancialYear
from savingsmodel.model.claims import Claim, SeriesClaim
from savingsmodel.model.grades import Grade
from savingsmodel.model.lines import LINE_KINDS, Line
from savingsmodel.model.prices import Awards, Prices
from savingsmodel.model.statements import Acknowledgement, Count, Rota

__all__ = ["Assumption", "Proposal", "Variant", "apply_variant"]


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
        hint = did_you_mean(name, [g.name for g in self.grades])
        raise InputError.one("grade", f"unknown grade {name!r}{hint}", code="unknown_grade", name=name)

    def line(self, name: str) -> Line:
        for line in self.lines:
            if line.name == name:
                return line
        hint = did_you_mean(name, [x.name for x in self.lines])
        raise InputError.one("lines", f"unknown line {name!r}{hint}", code="unknown_line", name=name)

    @classmethod
    def cross_problems(cls, data: object) -> Iterator[Problem]:
        """Problems no single field shows (see :func:`_cross_problems`); run on raw input too."""
        return _cross_problems(data)

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
        raise InputError.one("variants", f"unknown variant {name!r}{hint}", code="unknown_variant", name=name)

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

    uncosted = [str(g.get("name")) for _, g in grades if g.get("unit_cost") is None and g.get("build_up") is None]
    for index, line in lines:
        kind = LINE_KINDS.get(str(line.get("kind")))
        for field in ("grade", "from_grade", "to_grade"):
            if field in line:
                yield from unknown_grade(f"lines[{index}].{field}", line[field])
                if line[field] in uncosted and kind is not None and kind.takes_grade_price(line):
                    yield Problem(
                        f"lines[{index}].{field}",
                        f"expected grade {line[field]!r} to have a unit_cost (this line is priced from it), found none",
                        code="no_unit_cost",
                        name=line[field],
                    )
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
        # Overrides that are not a table (``lines = 5``, ``lines = "ab"``) are their field's own problem.
        grade_overrides, line_overrides = variant.get("grades"), variant.get("lines")
        for name in grade_overrides if isinstance(grade_overrides, Mapping) else ():
            yield from unknown_grade(f"variants[{index}].grades", name)
        for name in line_overrides if isinstance(line_overrides, Mapping) else ():
            if name not in line_names:
                hint = did_you_mean(str(name), line_names)
                yield Problem(
                    f"variants[{index}].lines", f"unknown line {name!r}{hint}", code="unknown_line", name=str(name)
                )
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
                    code="outside_horizon",
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
            yield Problem(
                f"lines[{index}].start",
                f"expected a one-off cost paid from {first} to {last} (the horizon), found {start}",
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
            kind = LINE_KINDS.get(str(item.get("kind"))) if item is not None else None
            model = Grade if collection == "grades" else kind.model if kind is not None else None
            if item is None or model is None or not isinstance(changes, Mapping):
                continue  # an unknown name or kind is reported on its own
            fields = [f for f in model.model_fields if f not in ("name", "kind")]
            for key in changes:
                if key in ("name", "kind"):
                    why = f": a variant changes a {collection[:-1]}'s fields, not its name or kind"
                    yield Problem(
                        f"variants[{index}].{collection}.{name}.{key}",
                        f"cannot override {key!r}{why}",
                        code="cannot_override",
                        name=key,
                    )
                elif key not in fields:
                    hint = did_you_mean(str(key), fields)
                    yield Problem(
                        f"variants[{index}].{collection}.{name}.{key}",
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
            p.at(f"variants[{variant.name}].{p.path}") for p in problems_from_validation(error, data, Proposal)
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
            Problem(
                f"{collection}[{item['name']}].{key}",
                f"cannot override {key!r}{did_you_mean(key, fields)}",
                code="cannot_override",
                name=key,
            )
            for key in unknown
        )
    return {**item, **changes}
